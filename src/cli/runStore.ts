/**
 * Run folders on disk. A run folder holds:
 *   config.json  resolved config, seed, hash, package version, environment (written first)
 *   <series>.csv one tidy table per series
 *   <figure>.svg / .png  when src/cli/figures.ts is available
 *   report.md    the run's page
 *   result.json  the full ExperimentResult (written last: its presence marks a complete run)
 * Every file is written atomically. A run is identified by the hash of
 * (experiment id, resolved config, seed); re-running the same hash is skipped
 * unless forced.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { runExperiment, stableStringify, type AnyExperiment, type ConfigObject, type ExperimentResult } from '../experiments/index.js';
import { packageVersion, runEnvironment, type RunEnvironment } from './catalogLoader.js';
import { toCsv } from './csv.js';
import { figureFileStem, figureRenderer } from './figuresBridge.js';
import { readJsonFile, removeStaleTempFiles, reviveNumbers, writeFileAtomic, writeJsonAtomic } from './fsAtomic.js';
import { runMarkdown, seriesFileName } from './runMarkdown.js';

export const CONFIG_FILE = 'config.json';
export const RESULT_FILE = 'result.json';

export interface RunConfigFile {
  experiment: string;
  title: string;
  hash: string;
  seed: number;
  preset?: string;
  config: ConfigObject;
  version: string;
  environment: RunEnvironment;
}

/** Identity of a run: SHA-256 of the experiment id, the resolved config and the seed (16 hex digits). */
export function runHash(experimentId: string, config: ConfigObject, seed: number): string {
  return createHash('sha256').update(stableStringify({ experiment: experimentId, config, seed })).digest('hex').slice(0, 16);
}

export interface StoredRun {
  dir: string;
  config: RunConfigFile;
  result: ExperimentResult;
}

/** The complete run stored in `dir`, or undefined if there is none (absent, interrupted or unreadable). */
export function readRun(dir: string): StoredRun | undefined {
  const config = readJsonFile<RunConfigFile>(join(dir, CONFIG_FILE));
  const result = readJsonFile<ExperimentResult>(join(dir, RESULT_FILE));
  if (!config || !result || typeof config.hash !== 'string' || result.id !== config.experiment || result.seed !== config.seed) return undefined;
  result.metrics = reviveNumbers(result.metrics ?? {});
  return { dir, config, result };
}

/** Files a previous run left in `dir` (only names this module writes; subfolders are untouched). */
function removeOwnedFiles(dir: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  rmSync(join(dir, RESULT_FILE), { force: true });
  for (const name of names) {
    if (name === CONFIG_FILE || name === 'report.md' || /\.(csv|svg|png)$/.test(name)) rmSync(join(dir, name), { force: true });
  }
}

export interface ExecuteRunOptions {
  dir: string;
  preset?: string;
  force?: boolean;
  signal?: AbortSignal;
  /** Shared cancel flag (see RunOptions.cancelFlag). */
  cancelFlag?: Int32Array;
  onProgress?: (fraction: number, message?: string) => void;
  onLog?: (message: string) => void;
}

export interface RunOutcome {
  status: 'done' | 'skipped';
  dir: string;
  hash: string;
  result: ExperimentResult;
  seconds: number;
}

/** Write every file of a finished run into `dir`; result.json last. */
export async function writeRunFiles(dir: string, result: ExperimentResult, title: string): Promise<void> {
  for (const [name, rows] of Object.entries(result.series)) writeFileAtomic(join(dir, seriesFileName(name)), toCsv(rows));
  const figureFiles: Array<{ id: string; title?: string; file: string }> = [];
  // The renderer (Plot, a DOM, resvg) takes seconds to load: only load it when there is something to draw.
  const renderer = result.figures.length > 0 ? await figureRenderer() : null;
  if (renderer) {
    for (const fig of result.figures) {
      const stem = figureFileStem(fig.id);
      const svg = await renderer.svg(fig.spec);
      writeFileAtomic(join(dir, `${stem}.svg`), svg);
      const png = await renderer.png(fig.spec, svg);
      if (png) writeFileAtomic(join(dir, `${stem}.png`), png);
      figureFiles.push({ id: fig.id, title: fig.title, file: `${stem}.svg` });
    }
  }
  writeFileAtomic(join(dir, 'report.md'), runMarkdown(result, { title, figureFiles }));
  writeJsonAtomic(join(dir, RESULT_FILE), result);
}

/**
 * Run `experiment` on a resolved config into `dir`, unless `dir` already
 * holds the complete run with the same hash (then it is skipped).
 */
export async function executeRun(experiment: AnyExperiment, config: ConfigObject, seed: number, options: ExecuteRunOptions): Promise<RunOutcome> {
  const hash = runHash(experiment.id, config, seed);
  const started = performance.now();
  const existing = readRun(options.dir);
  if (existing && existing.config.hash === hash && !options.force) {
    return { status: 'skipped', dir: options.dir, hash, result: existing.result, seconds: 0 };
  }
  mkdirSync(options.dir, { recursive: true });
  removeStaleTempFiles(options.dir);
  removeOwnedFiles(options.dir);
  const configFile: RunConfigFile = {
    experiment: experiment.id,
    title: experiment.title,
    hash,
    seed,
    ...(options.preset ? { preset: options.preset } : {}),
    config,
    version: packageVersion(),
    environment: runEnvironment(),
  };
  writeJsonAtomic(join(options.dir, CONFIG_FILE), configFile);
  const result = await runExperiment(experiment, config, {
    seed,
    signal: options.signal,
    cancelFlag: options.cancelFlag,
    onProgress: options.onProgress,
    onLog: options.onLog,
  });
  await writeRunFiles(options.dir, result, experiment.title);
  return { status: 'done', dir: options.dir, hash, result, seconds: (performance.now() - started) / 1000 };
}
