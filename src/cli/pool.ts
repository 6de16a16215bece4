/**
 * Running sweep cells: in parallel on a piscina worker-thread pool, or
 * sequentially in this process (one worker requested, or workers
 * unavailable). The worker script is the sibling sweepWorker.js when running
 * compiled code from dist/, and sweepWorker.ts under tsx, in which case the
 * workers are started with tsx's loader.
 */
import { setMaxListeners } from 'node:events';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Piscina } from 'piscina';
import { runCell, type CellOutcome, type CellTask } from './sweepWorker.js';

export interface CellReport {
  task: CellTask;
  outcome?: CellOutcome;
  error?: Error;
}

export interface PoolOptions {
  workers: number;
  signal?: AbortSignal;
  /** Called after every cell, finished or failed. */
  onCell?: (report: CellReport) => void;
  /** Notes for the user (e.g. falling back to sequential execution). */
  onNote?: (message: string) => void;
}

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

async function runSequential(tasks: CellTask[], options: PoolOptions): Promise<CellReport[]> {
  const reports: CellReport[] = [];
  for (const task of tasks) {
    if (options.signal?.aborted) break;
    let report: CellReport;
    try {
      report = { task, outcome: await runCell(task) };
    } catch (err) {
      report = { task, error: err as Error };
    }
    reports.push(report);
    options.onCell?.(report);
  }
  return reports;
}

/** Run every task; a failing cell is reported and does not stop the others. */
export async function runCells(tasks: CellTask[], options: PoolOptions): Promise<CellReport[]> {
  const threads = Math.min(options.workers, tasks.length);
  if (threads <= 1) return runSequential(tasks, options);
  let pool: Piscina;
  try {
    const { filename, execArgv } = workerSetup();
    pool = new Piscina({ filename, execArgv, minThreads: threads, maxThreads: threads, idleTimeout: 1000 });
    await pool.run({ ping: true });
  } catch (err) {
    options.onNote?.(`Worker threads are unavailable (${(err as Error).message}); running cells one after another in this process.`);
    return runSequential(tasks, options);
  }
  // Every pending task listens to the abort signal.
  if (options.signal) setMaxListeners(tasks.length + 10, options.signal);
  try {
    return await Promise.all(
      tasks.map(async (task): Promise<CellReport> => {
        let report: CellReport;
        try {
          report = { task, outcome: (await pool.run(task, { signal: options.signal })) as CellOutcome };
        } catch (err) {
          report = { task, error: err as Error };
        }
        options.onCell?.(report);
        return report;
      }),
    );
  } finally {
    await pool.destroy();
  }
}
