/**
 * Run folders on disk. A run folder holds:
 *   ldyn-run.json  the manifest: every file the tool wrote here, with its SHA-256, and the stamp of the code
 *                  that made the run (src/cli/runFolder.ts, src/cli/codeStamp.ts)
 *   config.json    resolved config, seed, hash, package version, environment (written first)
 *   <series>.csv   one tidy table per series
 *   <figure>.svg / .png  when src/cli/figures.ts is available
 *   report.md      the run's page
 *   result.json    the full ExperimentResult (written last: its presence marks a complete run)
 * Every file is written atomically, under the folder's lock. A run is
 * identified by the hash of (experiment id, resolved config, seed);
 * re-running the same hash is skipped unless forced, and only when the folder
 * holds that run intact (see inspectRun) and made by the same code (the
 * stamps match): a run computed by another version of the tool is recomputed.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getExperiment, runExperiment, stableStringify, type AnyExperiment, type ConfigObject, type ExperimentResult } from '../experiments/index.js';
import { packageVersion, runEnvironment } from './catalogLoader.js';
import { codeStamp, stampMismatch, type CodeStamp, type StampReading } from './codeStamp.js';
import { toCsv } from './csv.js';
import { figureFileStem, figureRenderer } from './figuresBridge.js';
import { jsonReplacer } from './fsAtomic.js';
import { readManifest, RunFolder, sha256 } from './runFolder.js';
import { runMarkdown, seriesFileName } from './runMarkdown.js';
import { parseResultFile, parseRunConfigFile, type RunConfigFile } from './runSchemas.js';

const CONFIG_FILE = 'config.json';
const RESULT_FILE = 'result.json';
export type { RunConfigFile };

/** Identity of a run: SHA-256 of the experiment id, the resolved config and the seed (16 hex digits). */
export function runHash(experimentId: string, config: ConfigObject, seed: number): string {
  return createHash('sha256').update(stableStringify({ experiment: experimentId, config, seed })).digest('hex').slice(0, 16);
}

export interface StoredRun {
  dir: string;
  config: RunConfigFile;
  result: ExperimentResult;
  /** The code that made it, as its manifest records it. */
  code: StampReading;
}

/**
 * What a folder holds: nothing of a run (`absent`), a run that never
 * finished (`incomplete`: no result.json), a run that fails a check
 * (`invalid`, with the reason), or a complete, intact run (`ok`).
 */
export type RunInspection =
  | { status: 'ok'; run: StoredRun }
  | { status: 'absent' }
  | { status: 'incomplete'; reason: string }
  | { status: 'invalid'; reason: string };

function knownExperiment(id: string): AnyExperiment | undefined {
  try {
    return getExperiment(id);
  } catch {
    return undefined;
  }
}

function readText(path: string): { text?: string; error?: string } {
  try {
    return { text: readFileSync(path, 'utf8') };
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    return { error: e.code ?? e.message };
  }
}

function parseJson(text: string, name: string): { value?: unknown; error?: string } {
  try {
    return { value: JSON.parse(text) };
  } catch (err) {
    return { error: `${name} is not valid JSON (${(err as Error).message.split('\n')[0]})` };
  }
}

/**
 * Read and check the run stored in `dir`. Everything is validated: both
 * files against their schemas and the experiment's config schema (the
 * experiment must be known), config.json's hash against one recomputed from
 * its contents, result.json against config.json (same experiment, config and
 * seed), and result.json's bytes against the SHA-256 the manifest recorded
 * when the tool wrote it — so an edited, copied or swapped file is caught.
 */
export function inspectRun(dir: string): RunInspection {
  const configText = readText(join(dir, CONFIG_FILE));
  const resultText = readText(join(dir, RESULT_FILE));
  const missing = (e?: string) => e === 'ENOENT' || e === 'ENOTDIR';
  if (missing(configText.error) && missing(resultText.error)) return { status: 'absent' };
  if (configText.error !== undefined) return { status: 'invalid', reason: `config.json cannot be read (${configText.error})` };
  if (missing(resultText.error)) return { status: 'incomplete', reason: 'no result.json (the run did not finish)' };
  if (resultText.error !== undefined) return { status: 'invalid', reason: `result.json cannot be read (${resultText.error})` };
  const configJson = parseJson(configText.text!, CONFIG_FILE);
  if (configJson.error) return { status: 'invalid', reason: configJson.error };
  const config = parseRunConfigFile(configJson.value, knownExperiment);
  if (!config.ok) return { status: 'invalid', reason: config.reason };
  const experiment = getExperiment(config.value.experiment);
  const resultJson = parseJson(resultText.text!, RESULT_FILE);
  if (resultJson.error) return { status: 'invalid', reason: resultJson.error };
  const result = parseResultFile(resultJson.value, experiment);
  if (!result.ok) return { status: 'invalid', reason: result.reason };
  const c = config.value;
  const r = result.value;
  if (runHash(c.experiment, c.config, c.seed) !== c.hash) return { status: 'invalid', reason: 'config.json: its hash does not match its contents (edited by hand?)' };
  if (r.id !== c.experiment || r.seed !== c.seed || stableStringify(r.config) !== stableStringify(c.config)) {
    return { status: 'invalid', reason: 'result.json belongs to another run than config.json (experiment, seed or config differ)' };
  }
  const manifest = readManifest(dir);
  if (manifest === undefined) return { status: 'invalid', reason: 'no ldyn-run.json manifest, so result.json cannot be checked' };
  if ('invalid' in manifest) return { status: 'invalid', reason: manifest.invalid };
  if (manifest.files[RESULT_FILE] !== sha256(resultText.text!)) return { status: 'invalid', reason: 'result.json differs from what ldyn wrote (its SHA-256 does not match the manifest)' };
  return { status: 'ok', run: { dir, config: c, result: r, code: manifest.code } };
}

/** The complete, intact run stored in `dir`, or undefined if there is none. */
export function readRun(dir: string): StoredRun | undefined {
  const inspection = inspectRun(dir);
  return inspection.status === 'ok' ? inspection.run : undefined;
}

/**
 * Whether `run` may stand for the run `hash` asked of the code `code`: the
 * same run (hash) made by the same code (stamp). `rerun` says why not when
 * only the code differs (the caller tells the user in one line).
 */
export function reuseVerdict(run: StoredRun | undefined, hash: string, code: CodeStamp): { reuse: true } | { reuse: false; rerun?: string } {
  if (!run || run.config.hash !== hash) return { reuse: false };
  const mismatch = stampMismatch(run.code, code);
  return mismatch === undefined ? { reuse: true } : { reuse: false, rerun: mismatch };
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
  /** The stamp of the code running (default: codeStamp(), of this process); recorded in the manifest and compared with a stored run's. */
  code?: CodeStamp;
}

export interface RunOutcome {
  status: 'done' | 'skipped';
  dir: string;
  hash: string;
  result: ExperimentResult;
  seconds: number;
  /** Warnings met on the way (a tampered run recomputed, a wait for another process). */
  warnings: string[];
}

const json = (value: unknown) => JSON.stringify(value, jsonReplacer, 2) + '\n';

/** Every file of a finished run, in writing order (result.json last), as [name, contents]. */
export async function runFiles(result: ExperimentResult, title: string): Promise<Array<[string, string | Uint8Array]>> {
  const files: Array<[string, string | Uint8Array]> = [];
  for (const [name, rows] of Object.entries(result.series)) files.push([seriesFileName(name), toCsv(rows)]);
  const figureFiles: Array<{ id: string; title?: string; file: string }> = [];
  // The renderer (Plot, a DOM, resvg) takes seconds to load: only load it when there is something to draw.
  const renderer = result.figures.length > 0 ? await figureRenderer() : null;
  if (renderer) {
    for (const fig of result.figures) {
      const stem = figureFileStem(fig.id);
      const svg = await renderer.svg(fig.spec);
      files.push([`${stem}.svg`, svg]);
      const png = await renderer.png(fig.spec, svg);
      if (png) files.push([`${stem}.png`, png]);
      figureFiles.push({ id: fig.id, title: fig.title, file: `${stem}.svg` });
    }
  }
  files.push(['report.md', runMarkdown(result, { title, figureFiles })]);
  files.push([RESULT_FILE, json(result)]);
  return files;
}

/**
 * Run `experiment` on a resolved config into `dir`, unless `dir` already
 * holds this run, complete, intact and made by the same code (then it is
 * skipped). The folder is locked from the check to the last write; a folder
 * holding a run that fails a check is recomputed, with a warning; one made
 * by other code is recomputed (callers say so before: replaceNotice.ts).
 */
export async function executeRun(experiment: AnyExperiment, config: ConfigObject, seed: number, options: ExecuteRunOptions): Promise<RunOutcome> {
  const hash = runHash(experiment.id, config, seed);
  const started = performance.now();
  const warnings: string[] = [];
  const warn = (message: string) => {
    warnings.push(message);
    options.onLog?.(message);
  };
  const code = options.code ?? codeStamp();
  const folder = await RunFolder.open(options.dir, { signal: options.signal, onWait: warn, code });
  try {
    const existing = inspectRun(options.dir);
    if (existing.status === 'ok' && reuseVerdict(existing.run, hash, code).reuse && !options.force) {
      return { status: 'skipped', dir: options.dir, hash, result: existing.run.result, seconds: 0, warnings };
    }
    if (existing.status === 'invalid') warn(`recomputing ${options.dir}: ${existing.reason}`);
    folder.clear();
    const configFile: RunConfigFile = {
      experiment: experiment.id,
      title: experiment.title,
      hash,
      seed,
      ...(options.preset ? { preset: options.preset } : {}),
      config,
      version: packageVersion(),
      environment: { ...runEnvironment() },
    };
    folder.writeFiles([[CONFIG_FILE, json(configFile)]]);
    const result = await runExperiment(experiment, config, {
      seed,
      signal: options.signal,
      cancelFlag: options.cancelFlag,
      onProgress: options.onProgress,
      onLog: options.onLog,
    });
    folder.writeFiles(await runFiles(result, experiment.title));
    return { status: 'done', dir: options.dir, hash, result, seconds: (performance.now() - started) / 1000, warnings };
  } finally {
    await folder.close();
  }
}
