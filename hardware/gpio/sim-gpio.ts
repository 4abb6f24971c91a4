import type { Clock } from '../../core/index.js';
import { assertBit, LineRegistry } from './line-registry.js';
import type { Bit, GpioDriver, GpioEdge, GpioInputOptions, GpioLine, GpioOutputOptions } from './types.js';

/** One change of an output, as the amplifier or relay on that pin would have seen it. */
export interface GpioTransition {
  name: string;
  bcm: number;
  /** Logical value written (1 = on). */
  value: Bit;
  /** Electrical level on the pin: differs from `value` on activeLow lines. */
  level: Bit;
  at: number;
}

export interface SimGpioOptions {
  /** Logical levels inputs start at when claimed, by line name (default 0). */
  initialInputs?: Record<string, Bit>;
}

const edgeFires = (edge: GpioEdge, value: Bit): boolean =>
  edge === 'both' || (edge === 'rising' && value === 1) || (edge === 'falling' && value === 0);

type Direction = 'in' | 'out';

class SimLine implements GpioLine {
  value: Bit;
  released = false;
  private readonly watchers = new Set<(value: Bit) => void>();
  private debounceTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly name: string,
    readonly bcm: number,
    readonly direction: Direction,
    readonly activeLow: boolean,
    readonly edge: GpioEdge,
    readonly debounceMs: number,
    initial: Bit,
    private readonly onOutputChange: (line: SimLine) => void,
    private readonly onRelease: (line: SimLine) => void,
  ) {
    this.value = initial;
  }

  read(): Bit {
    this.assertClaimed('read');
    return this.value;
  }

  write(value: Bit): void {
    this.assertClaimed('write');
    if (this.direction !== 'out') {
      throw new Error(`GPIO line "${this.name}" (BCM ${this.bcm}) is an input; it cannot be written`);
    }
    assertBit(this.name, value);
    if (value === this.value) return;
    this.value = value;
    this.onOutputChange(this);
  }

  watch(cb: (value: Bit) => void): () => void {
    this.assertClaimed('watch');
    if (this.direction !== 'in') {
      throw new Error(`GPIO line "${this.name}" (BCM ${this.bcm}) is an output; only inputs can be watched`);
    }
    if (this.edge === 'none') {
      throw new Error(
        `GPIO input "${this.name}" (BCM ${this.bcm}) was claimed with edge 'none'; it cannot be watched`,
      );
    }
    this.watchers.add(cb);
    return () => {
      this.watchers.delete(cb);
    };
  }

  release(): void {
    if (this.released) return;
    if (this.direction === 'out' && this.value !== 0) {
      this.value = 0;
      this.onOutputChange(this);
    }
    this.released = true;
    this.watchers.clear();
    clearTimeout(this.debounceTimer);
    this.onRelease(this);
  }

  /** A level change arriving from the (simulated) outside world. */
  drive(value: Bit): void {
    if (value === this.value) return;
    this.value = value;
    if (this.debounceMs <= 0) {
      this.notify();
      return;
    }
    // Like onoff (lodash trailing debounce): each edge restarts the wait, then watchers get
    // the level as it is once the line has been quiet for debounceMs.
    clearTimeout(this.debounceTimer);
    this.debounceTimer = setTimeout(() => this.notify(), this.debounceMs);
  }

  private notify(): void {
    if (this.released || !edgeFires(this.edge, this.value)) return;
    for (const cb of [...this.watchers]) cb(this.value);
  }

  private assertClaimed(what: string): void {
    if (this.released) {
      throw new Error(`GPIO line "${this.name}" (BCM ${this.bcm}) was released; cannot ${what} it`);
    }
  }
}

/**
 * In-memory GPIO for tests and the simulator. Outputs record every transition with the
 * clock's time, so a test can check the order and timing of amplifier pins; inputs are
 * scripted with setInput().
 */
export class SimGpioDriver implements GpioDriver {
  readonly simulated = true;
  /** Every output change in order, including the drive to 0 when a line is claimed. */
  readonly transitions: GpioTransition[] = [];
  private readonly lines = new LineRegistry<SimLine>();
  private readonly initialInputs: Record<string, Bit>;

  constructor(
    private readonly clock: Clock,
    opts: SimGpioOptions = {},
  ) {
    this.initialInputs = { ...opts.initialInputs };
  }

  output(name: string, bcm: number, opts: GpioOutputOptions = {}): GpioLine {
    this.lines.assertFree(name, bcm);
    const line = this.createLine(name, bcm, 'out', opts.activeLow ?? false, 'none', 0, 0);
    this.record(line);
    return line;
  }

  input(name: string, bcm: number, opts: GpioInputOptions = {}): GpioLine {
    this.lines.assertFree(name, bcm);
    const initial = this.initialInputs[name] ?? 0;
    assertBit(name, initial);
    const debounceMs = opts.debounceMs ?? 0;
    if (!Number.isFinite(debounceMs) || debounceMs < 0) {
      throw new RangeError(`GPIO input "${name}": debounceMs must be >= 0, got ${String(debounceMs)}`);
    }
    return this.createLine(
      name,
      bcm,
      'in',
      opts.activeLow ?? false,
      opts.edge ?? 'both',
      debounceMs,
      initial,
    );
  }

  /** Sets what an input reads (logical value), as the switch or sensor on that pin would. */
  setInput(nameOrBcm: string | number, value: Bit): void {
    assertBit(String(nameOrBcm), value);
    const line = this.claimed(nameOrBcm);
    if (line.direction !== 'in') {
      throw new Error(
        `GPIO line "${line.name}" (BCM ${line.bcm}) is an output; setInput() only drives inputs`,
      );
    }
    line.drive(value);
  }

  /** The logical value of a claimed line, input or output. */
  value(nameOrBcm: string | number): Bit {
    return this.claimed(nameOrBcm).value;
  }

  /** Whether a line with this name or BCM number is currently claimed. */
  isClaimed(nameOrBcm: string | number): boolean {
    return this.lines.find(nameOrBcm) !== undefined;
  }

  releaseAll(): void {
    for (const line of this.lines.all()) line.release();
  }

  private createLine(
    name: string,
    bcm: number,
    direction: Direction,
    activeLow: boolean,
    edge: GpioEdge,
    debounceMs: number,
    initial: Bit,
  ): SimLine {
    const line = new SimLine(
      name,
      bcm,
      direction,
      activeLow,
      edge,
      debounceMs,
      initial,
      (l) => this.record(l),
      (l) => this.lines.remove(l),
    );
    this.lines.add(line);
    return line;
  }

  private record(line: SimLine): void {
    const level = (line.activeLow ? 1 - line.value : line.value) as Bit;
    this.transitions.push({ name: line.name, bcm: line.bcm, value: line.value, level, at: this.clock.now() });
  }

  private claimed(nameOrBcm: string | number): SimLine {
    const line = this.lines.find(nameOrBcm);
    if (!line) {
      const what = typeof nameOrBcm === 'number' ? `BCM ${nameOrBcm}` : `"${nameOrBcm}"`;
      throw new Error(`no GPIO line ${what} is claimed`);
    }
    return line;
  }
}
