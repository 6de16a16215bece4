/**
 * Running experiments off the main thread: sweep cells in parallel on a
 * piscina worker-thread pool, and a single `ldyn run` on a pool of one. The
 * main thread's event loop then stays free to receive Ctrl-C while an
 * experiment computes; cancelling sets a flag in shared memory that the
 * experiment's next `ctx.checkpoint()` reads (within ~100 ms), and a worker
 * that has not stopped after a grace period is terminated. If worker threads
 * are unavailable, runs happen in this process (then Ctrl-C is only seen
 * between runs). The worker script is the sibling sweepWorker.js when running
 * compiled code from dist/, and sweepWorker.ts under tsx, in which case the
 * workers are started with tsx's loader.
 */
import { setMaxListeners } from 'node:events';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { Cancelled } from '../experiments/index.js';
import { reviveError, runCell, type CellMessage, type CellOutcome, type CellTask, type SerializedError } from './sweepWorker.js';

export interface CellReport {
  task: CellTask;
  outcome?: CellOutcome;
  error?: Error;
  /** The cell stopped because the sweep was cancelled (not a failure of the cell). */
  cancelled?: boolean;
}

export interface PoolOptions {
  workers: number;
  /** Testing hook: run in this process (so that test doubles of node:fs apply). */
  inProcess?: boolean;
  signal?: AbortSignal;
  /** Called after every cell, finished or failed. */
  onCell?: (report: CellReport) => void;
  /** Notes for the user (e.g. falling back to sequential execution). */
  onNote?: (message: string) => void;
}

/** A cell's outcome from a worker, or its error rethrown here as it was thrown there. */
async function fromWorker(pool: Piscina, task: CellTask, options?: { transferList: MessagePort[] }): Promise<CellOutcome> {
  const out = (await pool.run(task, options)) as CellOutcome | { failed: SerializedError };
  if ('failed' in out) throw reviveError(out.failed);
  return out;
}

/** How long a cancelled run may take to reach its next checkpoint before its worker is terminated. */
const GRACE_MS = 2000;

function workerSetup(): { filename: string; execArgv: string[] } {
  const fromSource = import.meta.url.endsWith('.ts');
  const filename = new URL(fromSource ? './sweepWorker.ts' : './sweepWorker.js', import.meta.url).href;
  const execArgv = [...process.execArgv];
  if (fromSource && !execArgv.some((a) => a.includes('tsx'))) {
    const loader = createRequire(import.meta.url).resolve('tsx');
    execArgv.push('--import', pathToFileURL(loader).href);
  }
  return { filename, execArgv };
}

/** A pool of `threads` workers that have loaded the catalog, or undefined (with a note) if workers cannot start. */
async function startPool(threads: number, onNote?: (message: string) => void): Promise<Piscina | undefined> {
  try {
    const { filename, execArgv } = workerSetup();
    const pool = new Piscina({ filename, execArgv, minThreads: threads, maxThreads: threads, idleTimeout: 1000 });
    await pool.run({ ping: true });
    return pool;
  } catch (err) {
    onNote?.(`Worker threads are unavailable (${(err as Error).message}); running in this process, where Ctrl-C is only seen between runs.`);
    return undefined;
  }
}

/**
 * The shared cancel flag of a batch of runs: set when `signal` aborts, and
 * then, after GRACE_MS, `onOverdue` (which terminates the workers).
 */
function sharedCancel(signal: AbortSignal | undefined, onOverdue: () => void): { buffer: SharedArrayBuffer; isSet: () => boolean; dispose: () => void } {
  const buffer = new SharedArrayBuffer(4);
  const flag = new Int32Array(buffer);
  let timer: NodeJS.Timeout | undefined;
  const cancel = () => {
    Atomics.store(flag, 0, 1);
    timer = setTimeout(onOverdue, GRACE_MS);
  };
  if (signal?.aborted) cancel();
  else signal?.addEventListener('abort', cancel, { once: true });
  return {
    buffer,
    isSet: () => Atomics.load(flag, 0) !== 0,
    dispose: () => {
      signal?.removeEventListener('abort', cancel);
      clearTimeout(timer);
    },
  };
}

async function runSequential(tasks: CellTask[], options: PoolOptions, isCancelled: () => boolean): Promise<CellReport[]> {
  const reports: CellReport[] = [];
  for (const task of tasks) {
    if (options.signal?.aborted) break;
    let report: CellReport;
    try {
      report = { task, outcome: await runCell(task) };
    } catch (err) {
      report = isCancelled() ? { task, cancelled: true } : { task, error: err as Error };
    }
    reports.push(report);
    options.onCell?.(report);
  }
  return reports;
}

/** Run every task; a failing cell is reported and does not stop the others. Cancelled cells leave no result. */
export async function runCells(tasks: CellTask[], options: PoolOptions): Promise<CellReport[]> {
  if (tasks.length === 0) return [];
  const threads = Math.max(1, Math.min(options.workers, tasks.length));
  let pool: Piscina | undefined;
  const cancel = sharedCancel(options.signal, () => void pool?.destroy());
  const shared = tasks.map((task) => ({ ...task, cancel: cancel.buffer }));
  try {
    pool = options.inProcess ? undefined : await startPool(threads, options.onNote);
    if (!pool) return await runSequential(shared, options, cancel.isSet);
    const running = pool;
    if (options.signal) setMaxListeners(tasks.length + 10, options.signal);
    return await Promise.all(
      shared.map(async (task): Promise<CellReport> => {
        let report: CellReport;
        try {
          report = { task, outcome: await fromWorker(running, task) };
        } catch (err) {
          report = cancel.isSet() ? { task, cancelled: true } : { task, error: err as Error };
        }
        options.onCell?.(report);
        return report;
      }),
    );
  } finally {
    cancel.dispose();
    await pool?.destroy();
  }
}

interface SingleRunOptions {
  /** Testing hook: run in this process (so that test doubles of node:fs apply). */
  inProcess?: boolean;
  signal?: AbortSignal;
  onProgress?: (fraction: number, message?: string) => void;
  onLog?: (message: string) => void;
  onNote?: (message: string) => void;
}

/**
 * One run (`ldyn run`, the main job) in a worker thread, with its progress
 * and log forwarded; throws Cancelled if `signal` aborted it.
 */
export async function runInWorker(task: CellTask, options: SingleRunOptions): Promise<CellOutcome> {
  let pool: Piscina | undefined;
  let rejectOverdue: ((err: Error) => void) | undefined;
  const overdue = new Promise<never>((_, reject) => (rejectOverdue = reject));
  overdue.catch(() => undefined);
  const cancel = sharedCancel(options.signal, () => {
    rejectOverdue?.(new Cancelled(task.experimentId));
    void pool?.destroy();
  });
  const { port1, port2 } = new MessageChannel();
  port1.on('message', (m: CellMessage) => {
    if (m.kind === 'progress') options.onProgress?.(m.fraction, m.message);
    else options.onLog?.(m.message);
  });
  const full: CellTask = { ...task, cancel: cancel.buffer, port: port2, full: true };
  try {
    if (cancel.isSet()) throw new Cancelled(task.experimentId);
    pool = options.inProcess ? undefined : await startPool(1, options.onNote);
    const outcome = pool ? fromWorker(pool, full, { transferList: [port2] }) : runCell(full);
    outcome.catch(() => undefined); // if the grace period runs out first, its rejection comes after the race is decided
    return (await Promise.race([outcome, overdue])) as CellOutcome;
  } catch (err) {
    if (cancel.isSet()) throw new Cancelled(task.experimentId);
    throw err;
  } finally {
    cancel.dispose();
    port1.close();
    await pool?.destroy();
  }
}
