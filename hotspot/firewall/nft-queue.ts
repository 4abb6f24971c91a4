import { type NftCommand, NftFailedError, runNft } from './nft-command.js';

type ScriptJob = {
  kind: 'script';
  script: string;
  /** Run instead when `script` fails because an element it creates exists. */
  ifExists: string | undefined;
  resolve: () => void;
  reject: (err: unknown) => void;
};
type Job =
  | ScriptJob
  | {
      kind: 'task';
      task: () => Promise<unknown>;
      resolve: (v: unknown) => void;
      reject: (err: unknown) => void;
    };

/** Most scripts joined into one nft run (a bound on the batch a burst of accepts can make). */
const MAX_BATCH = 256;

/**
 * Runs firewall changes one at a time, in the order asked. Scripts asked for while nft is
 * busy are joined into the next single `nft -f` run (one atomic batch): a burst of accepts
 * costs two nft starts, not one each. If a joined batch fails, its scripts are run again one
 * by one, so each caller gets its own answer.
 *
 * Why it matters: each nft start costs a few milliseconds, and a batch that deletes an
 * element (or fails) waits for the kernel's RCU grace period, 10-20 ms.
 */
export class NftQueue {
  private readonly jobs: Job[] = [];
  private busy = false;
  /** nft runs made and scripts they carried (for tests and the timing report). */
  readonly stats = { runs: 0, scripts: 0 };

  constructor(private readonly cmd: NftCommand) {}

  /**
   * Runs an nft script, possibly joined with others in one batch. When it fails because an
   * element it creates exists ("File exists"), `ifExists` runs instead.
   */
  script(script: string, ifExists?: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.jobs.push({ kind: 'script', script, ifExists, resolve, reject });
      void this.drain();
    });
  }

  /** Runs `task` alone, after what was asked before it and before what is asked after. */
  task<T>(task: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.jobs.push({ kind: 'task', task, resolve: resolve as (v: unknown) => void, reject });
      void this.drain();
    });
  }

  private async drain(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      for (let job = this.jobs[0]; job; job = this.jobs[0]) {
        if (job.kind === 'task') {
          this.jobs.shift();
          await job.task().then(job.resolve, job.reject);
          continue;
        }
        const batch: ScriptJob[] = [];
        while (batch.length < MAX_BATCH && this.jobs[0]?.kind === 'script') {
          batch.push(this.jobs.shift() as ScriptJob);
        }
        await this.runBatch(batch);
      }
    } finally {
      this.busy = false;
    }
  }

  private async runBatch(batch: ScriptJob[]): Promise<void> {
    if (batch.length === 1) {
      await this.runOne(batch[0] as ScriptJob);
      return;
    }
    try {
      await this.run(batch.map((j) => j.script).join(''), batch.length);
      for (const j of batch) j.resolve();
    } catch {
      // One script failed the whole (atomic) batch: run each alone for its own answer.
      for (const j of batch) await this.runOne(j);
    }
  }

  private async runOne(job: ScriptJob): Promise<void> {
    try {
      await this.run(job.script, 1);
      job.resolve();
    } catch (err) {
      if (job.ifExists === undefined || !(err instanceof NftFailedError) || !/File exists/.test(err.reason)) {
        job.reject(err);
        return;
      }
      await this.run(job.ifExists, 1).then(job.resolve, job.reject);
    }
  }

  private async run(script: string, scripts: number): Promise<void> {
    this.stats.runs += 1;
    this.stats.scripts += scripts;
    await runNft(this.cmd, ['-f', '-'], script);
  }
}
