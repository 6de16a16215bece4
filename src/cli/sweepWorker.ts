/**
 * The worker-thread entry of runs and sweep cells: import the catalog (and
 * any extra experiment modules), run one experiment into its run folder,
 * return its outcome. Loaded by piscina from dist/cli/sweepWorker.js, or as
 * .ts under tsx. Runs happen in a worker so that the main thread's event loop
 * stays free to receive Ctrl-C while the experiment computes; the main thread
 * then sets the shared cancel flag, which the experiment's next
 * `ctx.checkpoint()` reads.
 */
import type { MessagePort } from 'node:worker_threads';
import { Cancelled, getExperiment, type ConfigObject, type ExperimentResult } from '../experiments/index.js';
import { importCatalogModules } from './catalogLoader.js';
import type { CodeStamp } from './codeStamp.js';
import { Failure, UsageError } from './io.js';
import { executeRun } from './runStore.js';

export interface CellTask {
  modules: string[];
  experimentId: string;
  config: ConfigObject;
  seed: number;
  dir: string;
  preset?: string;
  force: boolean;
  /** The stamp of the code, computed once by the main thread (runStore.executeRun compares it with the folder's). */
  code: CodeStamp;
  /** Int32 cancel flag in shared memory (nonzero: cancel); see RunOptions.cancelFlag. */
  cancel?: SharedArrayBuffer;
  /** Where progress and log messages go (`ldyn run`); transferred to the worker. */
  port?: MessagePort;
  /** Return the whole result, not only its metrics. */
  full?: boolean;
}

export interface CellOutcome {
  status: 'done' | 'skipped';
  hash: string;
  seconds: number;
  metrics: Record<string, number>;
  warnings: string[];
  result?: ExperimentResult;
}

/** A message from a running cell to its port. */
export type CellMessage = { kind: 'progress'; fraction: number; message?: string } | { kind: 'log'; message: string };

/** Progress at most every 50 ms (and always the last one): the main thread shows tenths or a bar anyway. */
function progressPoster(port: MessagePort): (fraction: number, message?: string) => void {
  let last = -Infinity;
  return (fraction, message) => {
    const now = performance.now();
    if (now - last < 50 && fraction < 1) return;
    last = now;
    port.postMessage({ kind: 'progress', fraction, message } satisfies CellMessage);
  };
}

/** Run one cell (used by the pool and by the in-process fallback). */
export async function runCell(task: CellTask): Promise<CellOutcome> {
  await importCatalogModules(task.modules);
  const experiment = getExperiment(task.experimentId);
  const cancelFlag = task.cancel ? new Int32Array(task.cancel) : undefined;
  // A cell that starts after the sweep was cancelled leaves no folder behind.
  if (cancelFlag && Atomics.load(cancelFlag, 0) !== 0) throw new Cancelled(experiment.id);
  const port = task.port;
  try {
    const outcome = await executeRun(experiment, task.config, task.seed, {
      dir: task.dir,
      preset: task.preset,
      force: task.force,
      code: task.code,
      cancelFlag,
      onProgress: port ? progressPoster(port) : undefined,
      onLog: port ? (message) => port.postMessage({ kind: 'log', message } satisfies CellMessage) : undefined,
    });
    return { status: outcome.status, hash: outcome.hash, seconds: outcome.seconds, metrics: outcome.result.metrics, warnings: outcome.warnings, ...(task.full ? { result: outcome.result } : {}) };
  } finally {
    port?.close();
  }
}

/** An error as it crosses from a worker to the main thread (structured cloning keeps only message and stack). */
export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
  code?: string;
  syscall?: string;
  path?: string;
  errno?: number;
}

export function serializeError(err: unknown): SerializedError {
  const e = err as NodeJS.ErrnoException;
  if (!(e instanceof Error)) return { name: 'Error', message: String(err) };
  return { name: e.name, message: e.message, stack: e.stack, code: e.code, syscall: e.syscall, path: e.path, errno: e.errno };
}

/** The error again, with its class (Cancelled, UsageError, Failure) and its file-system fields, so it is reported as if thrown here. */
export function reviveError(s: SerializedError): Error {
  const e = s.name === 'Cancelled' ? new Cancelled('') : s.name === 'UsageError' ? new UsageError('') : s.name === 'Failure' ? new Failure('') : new Error('');
  e.message = s.message;
  if (s.stack !== undefined) e.stack = s.stack;
  for (const key of ['code', 'syscall', 'path', 'errno'] as const) if (s[key] !== undefined) Object.assign(e, { [key]: s[key] });
  return e;
}

/** Piscina calls the default export; `{ ping: true }` checks that the worker loads. A failure comes back as `{ failed }`. */
export default async function workerTask(task: CellTask | { ping: true }): Promise<CellOutcome | 'pong' | { failed: SerializedError }> {
  if ('ping' in task) {
    await importCatalogModules([]);
    return 'pong';
  }
  try {
    return await runCell(task);
  } catch (err) {
    return { failed: serializeError(err) };
  }
}
