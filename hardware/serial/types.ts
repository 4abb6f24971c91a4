/** An open serial port: bytes in, bytes out, and word when it goes away. */
export interface SerialLink {
  readonly path: string;
  /** Bytes that arrive before the first onData subscriber are kept and handed to it. */
  onData(cb: (chunk: Buffer) => void): void;
  /** Called once: with no error after close(), with an error when the device vanished. */
  onClose(cb: (err?: Error) => void): void;
  /** Resolves when the bytes were handed to the port; rejects if the link is closed. */
  write(bytes: Buffer): Promise<void>;
  close(): Promise<void>;
}

export interface SerialPortInfo {
  path: string;
  /** A stable name for the device, such as its /dev/serial/by-id entry. */
  id?: string;
}

export interface SerialDriver {
  readonly simulated: boolean;
  /** Rejects with a TiangError naming the path and the fix (missing, permission, busy). */
  open(path: string, opts: { baudRate: number }): Promise<SerialLink>;
  list(): Promise<SerialPortInfo[]>;
}
