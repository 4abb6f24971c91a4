import { afterEach, describe, expect, it } from 'vitest';
import { isTiangError } from '../../../core/index.js';
import { type SerialLink, SimSerialDriver } from '../../../hardware/index.js';

const links: SerialLink[] = [];
let serial: SimSerialDriver;

async function open(path: string): Promise<SerialLink> {
  const link = await serial.open(path, { baudRate: 9600 });
  links.push(link);
  return link;
}

/** Waits until the event loop has delivered what the mock binding queued. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 5));

afterEach(async () => {
  await Promise.all(links.splice(0).map((l) => l.close()));
});

describe('SimSerialDriver', () => {
  it('delivers bytes the device sends, including bytes sent before anyone subscribed', async () => {
    serial = new SimSerialDriver();
    serial.addPort('/dev/ttySIM-data');
    const link = await open('/dev/ttySIM-data');
    expect(serial.emit('/dev/ttySIM-data', Buffer.from([0x42, 0x4d]))).toBe(true);
    await settle();
    const received: Buffer[] = [];
    link.onData((chunk) => received.push(chunk));
    serial.emit('/dev/ttySIM-data', 'ok\n');
    await settle();
    expect(Buffer.concat(received)).toEqual(Buffer.from([0x42, 0x4d, ...Buffer.from('ok\n')]));
  });

  it('records what was written, across a close and reopen', async () => {
    serial = new SimSerialDriver();
    serial.addPort('/dev/ttySIM-write');
    const first = await open('/dev/ttySIM-write');
    await first.write(Buffer.from('AT\r'));
    await first.close();
    await expect(first.write(Buffer.from('late'))).rejects.toThrow(/ttySIM-write is closed/);
    const second = await open('/dev/ttySIM-write');
    await second.write(Buffer.from([1, 2, 3]));
    expect(serial.written('/dev/ttySIM-write')).toEqual(
      Buffer.concat([Buffer.from('AT\r'), Buffer.from([1, 2, 3])]),
    );
  });

  it('tells onClose with an error when the device is unplugged, then the path is gone', async () => {
    serial = new SimSerialDriver();
    serial.addPort('/dev/ttySIM-unplug', { id: 'usb-Plantower_PMS5003-if00-port0' });
    expect(await serial.list()).toEqual([
      { path: '/dev/ttySIM-unplug', id: 'usb-Plantower_PMS5003-if00-port0' },
    ]);
    const link = await open('/dev/ttySIM-unplug');
    const closed = new Promise<Error | undefined>((resolve) => link.onClose(resolve));
    serial.unplug('/dev/ttySIM-unplug');
    const err = await closed;
    expect(isTiangError(err) && err.code).toBe('SERIAL_DISCONNECTED');
    expect(err?.message).toContain('/dev/ttySIM-unplug disconnected');
    await expect(link.write(Buffer.from('x'))).rejects.toThrow(/closed/);
    expect(serial.emit('/dev/ttySIM-unplug', 'lost')).toBe(false);
    expect(await serial.list()).toEqual([]);
    await expect(serial.open('/dev/ttySIM-unplug', { baudRate: 9600 })).rejects.toMatchObject({
      code: 'SERIAL_MISSING',
    });

    // Plugged back in: it opens again.
    serial.addPort('/dev/ttySIM-unplug');
    const again = await open('/dev/ttySIM-unplug');
    expect(again.path).toBe('/dev/ttySIM-unplug');
  });

  it('calls onClose without an error after a deliberate close, even for a late subscriber', async () => {
    serial = new SimSerialDriver();
    serial.addPort('/dev/ttySIM-close');
    const link = await open('/dev/ttySIM-close');
    const early = new Promise<Error | undefined>((resolve) => link.onClose(resolve));
    await link.close();
    await link.close(); // twice is fine
    expect(await early).toBeUndefined();
    const late = await new Promise<Error | undefined>((resolve) => link.onClose(resolve));
    expect(late).toBeUndefined();
  });

  it('refuses a missing port with a TiangError naming the path and the fix', async () => {
    serial = new SimSerialDriver();
    const err = await serial.open('/dev/ttySIM-nothing', { baudRate: 9600 }).catch((e: unknown) => e);
    expect(isTiangError(err)).toBe(true);
    expect((err as Error).message).toContain('/dev/ttySIM-nothing does not exist');
    expect(isTiangError(err) && err.fix.en).toMatch(/cable/);
  });

  it('refuses a second open of a port that is already open (busy)', async () => {
    serial = new SimSerialDriver();
    serial.addPort('/dev/ttySIM-busy');
    await open('/dev/ttySIM-busy');
    await expect(serial.open('/dev/ttySIM-busy', { baudRate: 9600 })).rejects.toMatchObject({
      code: 'SERIAL_BUSY',
    });
  });

  it('keeps a throwing data handler from breaking the link', async () => {
    serial = new SimSerialDriver();
    serial.addPort('/dev/ttySIM-throw');
    const link = await open('/dev/ttySIM-throw');
    const seen: string[] = [];
    link.onData(() => {
      throw new Error('parser bug');
    });
    link.onData((chunk) => seen.push(chunk.toString()));
    serial.emit('/dev/ttySIM-throw', 'a');
    await settle();
    serial.emit('/dev/ttySIM-throw', 'b');
    await settle();
    expect(seen.join('')).toBe('ab');
  });
});
