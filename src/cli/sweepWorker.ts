/**
 * The worker-thread entry of a sweep: import the catalog (and any extra
 * experiment modules), run one cell into its run folder, return its metrics.
 * Loaded by piscina from dist/cli/sweepWorker.js, or as .ts under tsx.
 */
import { getExperiment, type ConfigObject } from '../experiments/index.js';
import { importCatalogModules } from './catalogLoader.js';
import { executeRun } from './runStore.js';

export interface CellTask {
  modules: string[];
  experimentId: string;
  config: ConfigObject;
  seed: number;
  dir: string;
  preset?: string;
  force: boolean;
}

export interface CellOutcome {
  status: 'done' | 'skipped';
  hash: string;
  seconds: number;
  metrics: Record<string, number>;
  warnings: string[];
}

/** Run one cell (used by the pool and by the in-process fallback). */
export async function runCell(task: CellTask): Promise<CellOutcome> {
  await importCatalogModules(task.modules);
  const experiment = getExperiment(task.experimentId);
  const outcome = await executeRun(experiment, task.config, task.seed, { dir: task.dir, preset: task.preset, force: task.force });
  return { status: outcome.status, hash: outcome.hash, seconds: outcome.seconds, metrics: outcome.result.metrics, warnings: outcome.warnings };
}

/** Piscina calls the default export; `{ ping: true }` checks that the worker loads. */
export default async function workerTask(task: CellTask | { ping: true }): Promise<CellOutcome | 'pong'> {
  if ('ping' in task) {
    await importCatalogModules([]);
    return 'pong';
  }
  return runCell(task);
}
