/** The `sweep` and `merge` commands. */
import { lstatSync, mkdirSync, readFileSync, realpathSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { formatDuration, getExperiment, stableStringify, type PresetName } from '../experiments/index.js';
import { extraCatalogModules } from './catalogLoader.js';
import { stampOf, type CodeStamp } from './codeStamp.js';
import { interruptedExitCode, UsageError, type CliIO } from './io.js';
import { checkSweepCost } from './limits.js';
import { readConfigFile } from './options.js';
import { runCells, type CellReport } from './pool.js';
import { createProgress } from './progress.js';
import { MANIFEST_FILE, readManifest, RunFolder } from './runFolder.js';
import { readRun, reuseVerdict } from './runStore.js';
import { pathInside, UnsafePathError } from './safePath.js';
import {
  assertSweepFolderUsable,
  cellDir,
  estimateSweep,
  inspectSweep,
  iterateCells,
  parseGrid,
  parseSeeds,
  parseShard,
  readSweepManifest,
  shardCells,
  sweepManifest,
  validateGrid,
  writeSweepTables,
  type SweepManifest,
} from './sweep.js';
import type { CellTask } from './sweepWorker.js';

export interface SweepCommandOptions {
  grid: string[];
  seeds: string;
  workers?: number;
  shard?: string;
  out?: string;
  preset: PresetName;
  set: string[];
  config?: string;
  force?: boolean;
  json?: boolean;
  /** Run even beyond the cost limits (src/cli/limits.ts). */
  yes?: boolean;
}

/** Whether `dir` holds the complete run `hash` (made by any code). */
function isDone(dir: string, hash: string): boolean {
  const run = readRun(dir);
  return run !== undefined && run.config.hash === hash;
}

/** Whether `dir` holds the run `hash` made by the code `code` (reused), or why it is re-run when only the code differs. */
function cellState(dir: string, hash: string, code: CodeStamp): { done: boolean; rerun?: string } {
  const verdict = reuseVerdict(readRun(dir), hash, code);
  return verdict.reuse ? { done: true } : { done: false, rerun: verdict.rerun };
}

/** Whether two folders hold the same run made by the same code (a merge need not copy it). */
function sameRun(a: string, b: string): boolean {
  const [x, y] = [readRun(a), readRun(b)];
  return x !== undefined && y !== undefined && x.config.hash === y.config.hash && stableStringify(x.code) === stableStringify(y.code);
}

export async function sweepCommand(io: CliIO, id: string, opts: SweepCommandOptions): Promise<number> {
  const experiment = getExperiment(id);
  if (opts.grid.length === 0) throw new UsageError('sweep needs at least one --grid key=v1,v2,… option.');
  const base = { preset: opts.preset, set: opts.set, config: readConfigFile(opts.config, io.cwd) };
  const axes = parseGrid(experiment, opts.grid);
  const seeds = parseSeeds(opts.seeds);
  const shard = opts.shard === undefined ? undefined : parseShard(opts.shard);
  validateGrid(experiment, axes, base);
  const estimate = estimateSweep(experiment, axes, seeds, base);
  checkSweepCost(id, estimate, Boolean(opts.yes));
  const cells = [...iterateCells(experiment, axes, seeds, base)];
  if (opts.out !== undefined && opts.out.trim() === '') throw new UsageError('--out needs a folder name, got an empty string.');
  const dir = resolve(io.cwd, opts.out ?? `runs/sweeps/${id}`);
  const checkFolder = () => {
    assertSweepFolderUsable(dir);
    const previous = readSweepManifest(dir);
    if (previous && previous.experiment !== id) {
      throw new UsageError(`${dir} holds a sweep of "${previous.experiment}", not "${id}"; choose another --out.`);
    }
  };
  checkFolder();
  const manifest = sweepManifest(experiment, axes, seeds, base, cells);
  mkdirSync(dir, { recursive: true });
  const lockOptions = { signal: io.signal, onWait: (m: string) => io.stderr.write(`sweep ${id}: ${m}\n`) };
  await writeSweepTables(dir, manifest, { ...lockOptions, beforeWrite: checkFolder });

  const mine = shardCells(cells, shard);
  const code = stampOf(io);
  const states = opts.force ? undefined : mine.map((c) => cellState(cellDir(dir, c), c.hash, code));
  const todo = states ? mine.filter((_, i) => !states[i]!.done) : mine;
  const reruns = (states ?? []).filter((st) => st.rerun !== undefined);
  if (reruns.length > 0) io.stderr.write(`sweep ${id}: re-running ${reruns.length} cell${reruns.length === 1 ? '' : 's'} ${reruns[0]!.rerun}\n`);
  const workers = Math.max(1, Math.min(opts.workers ?? cpus().length, todo.length));
  const shardText = shard ? `shard ${shard.index}/${shard.count}: ${mine.length} of ${cells.length} cells` : `${cells.length} cells`;
  const estimateText = estimate.seconds === undefined ? '' : ` (estimated ${formatDuration(estimate.seconds)} of compute in all)`;
  io.stderr.write(`sweep ${id}: ${shardText}${estimateText}, ${mine.length - todo.length} already done, running ${todo.length} on ${workers} worker${workers === 1 ? '' : 's'} → ${relative(io.cwd, dir) || '.'}\n`);

  const tasks: CellTask[] = todo.map((c) => ({
    modules: extraCatalogModules(),
    experimentId: id,
    config: c.config,
    seed: c.seed,
    dir: cellDir(dir, c),
    preset: opts.preset,
    force: Boolean(opts.force),
    code,
  }));
  const progress = createProgress(io.stderr, `sweep ${id}`);
  let finished = 0;
  const failures: CellReport[] = [];
  const reports = await runCells(tasks, {
    workers,
    inProcess: io.env.LDYN_IN_PROCESS === '1',
    signal: io.signal,
    onNote: (m) => io.stderr.write(`${m}\n`),
    onCell: (report) => {
      if (report.cancelled) return;
      finished++;
      for (const w of report.outcome?.warnings ?? []) io.stderr.write(`${w}\n`);
      const name = relative(join(dir, 'cells'), report.task.dir);
      if (report.error) failures.push(report);
      progress.update(finished / Math.max(1, tasks.length), report.error ? `${name} FAILED: ${report.error.message}` : name);
    },
  });
  progress.stop();
  // Also after Ctrl-C: the tables list the cells finished so far (a short wait for the lock, not cancelled by the signal).
  const { rows, missing } = await writeSweepTables(dir, manifest, { onWait: lockOptions.onWait });
  const ran = reports.filter((r) => r.outcome?.status === 'done').length;
  if (opts.json) {
    io.stdout.write(
      JSON.stringify({ dir, cells: cells.length, shard: shard ?? null, ran, alreadyDone: mine.length - todo.length, failed: failures.map((f) => ({ dir: f.task.dir, error: f.error!.message })), missing, results: rows }, null, 2) + '\n',
    );
  } else {
    for (const f of failures) io.stderr.write(`cell ${relative(io.cwd, f.task.dir)} failed: ${f.error!.message}\n`);
    io.stdout.write(`sweep ${id}: ran ${ran}, reused ${mine.length - todo.length}, failed ${failures.length}; ${rows.length}/${cells.length} cells complete.\n`);
    io.stdout.write(`results: ${relative(io.cwd, join(dir, 'results.csv'))}\n`);
  }
  if (io.signal?.aborted) {
    io.stderr.write(`sweep ${id}: interrupted; the ${rows.length} finished cells are kept, run the same command to resume.\n`);
    return interruptedExitCode(io.signal);
  }
  return failures.length > 0 ? 1 : 0;
}

/** The identity of a grid: experiment and the (name, hash) of every cell. Shards of one sweep share it. */
function gridIdentity(m: SweepManifest): string {
  return stableStringify({ experiment: m.experiment, cells: m.cells.map((c) => [c.name, c.hash]) });
}

/**
 * Copy a complete run into `dst`: only the files its manifest lists, each a
 * regular file inside `src` (no symbolic links followed out of the shard),
 * written through a locked RunFolder into `dst`, so `dst` must be new, empty
 * or a run folder of ldyn, and only files ldyn wrote there are replaced. The
 * copy keeps the stamp of the code that made the run (none if it had none).
 */
async function copyRun(src: string, dst: string, io: CliIO): Promise<void> {
  const manifest = readManifest(src);
  if (!manifest || 'invalid' in manifest) throw new UnsafePathError(`${src} has no valid ${MANIFEST_FILE}`);
  const names = Object.keys(manifest.files).sort((a, b) => rank(a) - rank(b));
  const files = names.map((name): [string, Uint8Array] => {
    const path = pathInside(src, name);
    if (!lstatSync(path).isFile()) throw new UnsafePathError(`${path} is not a regular file; refusing to copy it`);
    return [name, readFileSync(path)];
  });
  const code = manifest.code.status === 'ok' ? manifest.code.stamp : undefined;
  const folder = await RunFolder.open(dst, { signal: io.signal, onWait: (m) => io.stderr.write(`merge: ${m}\n`), code });
  try {
    folder.clear();
    folder.writeFiles(files);
  } finally {
    await folder.close();
  }
}

/** config.json first and result.json last, as a run writes them (result.json marks a complete run). */
const rank = (name: string) => (name === 'config.json' ? 0 : name === 'result.json' ? 2 : 1);

function sweepSource(io: CliIO, d: string): { dir: string; manifest: SweepManifest } {
  const dir = resolve(io.cwd, d);
  const inspection = inspectSweep(dir);
  if (inspection.status === 'absent') throw new UsageError(`${dir} is not a sweep folder (no readable sweep.json).`);
  if (inspection.status === 'invalid') throw new UsageError(`${dir} is not a valid sweep folder: ${inspection.reason}.`);
  return { dir, manifest: inspection.manifest };
}

export async function mergeCommand(io: CliIO, dirs: string[], opts: { out: string; json?: boolean }): Promise<number> {
  if (opts.out.trim() === '') throw new UsageError('--out needs a folder name, got an empty string.');
  const out = resolve(io.cwd, opts.out);
  const sources = dirs.map((d) => sweepSource(io, d));
  const identity = gridIdentity(sources[0]!.manifest);
  for (const s of sources.slice(1)) {
    if (gridIdentity(s.manifest) !== identity) {
      throw new UsageError(`${s.dir} holds a different sweep than ${sources[0]!.dir} (experiment, grid, seeds or config differ); only shards of one sweep can be merged.`);
    }
  }
  assertSweepFolderUsable(out);
  const outManifest = readSweepManifest(out);
  if (outManifest && gridIdentity(outManifest) !== identity) throw new UsageError(`${out} already holds a different sweep.`);
  mkdirSync(out, { recursive: true });
  let copied = 0;
  for (const { dir, manifest } of sources) {
    for (const cell of manifest.cells) {
      const src = cellDir(dir, cell);
      const dst = cellDir(out, cell);
      if (!isDone(src, cell.hash) || sameRun(src, dst) || realpathSync(src) === realpathOrSelf(dst)) continue;
      await copyRun(src, dst, io);
      copied++;
    }
  }
  const { rows, missing } = await writeSweepTables(out, sources[0]!.manifest, { signal: io.signal });
  if (opts.json) {
    io.stdout.write(JSON.stringify({ dir: out, copied, complete: rows.length, missing, results: rows }, null, 2) + '\n');
  } else {
    io.stdout.write(`merged ${sources.length} folders into ${relative(io.cwd, out) || '.'}: ${copied} cells copied, ${rows.length}/${rows.length + missing.length} complete.\n`);
    if (missing.length > 0) io.stdout.write(`missing cells: ${missing.slice(0, 10).join(' ')}${missing.length > 10 ? ' …' : ''}\n`);
  }
  return 0;
}

function realpathOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
