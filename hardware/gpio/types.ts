/** A logical GPIO value: 1 = on/active, 0 = off. `activeLow` lines invert the electrical level. */
export type Bit = 0 | 1;

/** Which changes of an input raise a watch callback. */
export type GpioEdge = 'none' | 'rising' | 'falling' | 'both';

export interface GpioLine {
  readonly name: string;
  readonly bcm: number;
  read(): Bit;
  write(value: Bit): void;
  /** Calls `cb` on each edge the line was claimed for; returns a function that stops watching. */
  watch(cb: (value: Bit) => void): () => void;
  /** Drives an output to 0 and gives the pin back; the line cannot be used afterwards. */
  release(): void;
}

export interface GpioInputOptions {
  /** Default 'both', so watch() works without further ado; pass 'none' for lines that are only read. */
  edge?: GpioEdge;
  /** A change reaches watchers only after the line was quiet this long (contact bounce). */
  debounceMs?: number;
  activeLow?: boolean;
}

export interface GpioOutputOptions {
  activeLow?: boolean;
}

export interface GpioDriver {
  readonly simulated: boolean;
  /** Claims an output; it always starts driven to 0 = off, so nothing switches on by accident. */
  output(name: string, bcm: number, opts?: GpioOutputOptions): GpioLine;
  input(name: string, bcm: number, opts?: GpioInputOptions): GpioLine;
  /** Drives every output to 0 and releases every line; safe to call more than once. */
  releaseAll(): void;
}
