/**
 * Sweeps: a grid of independent cells, the cartesian product of the --grid
 * values (first key varies slowest) × seeds (innermost). Cells are ordered
 * deterministically, so `--shard i/N` (cells whose index mod N is i) splits
 * the same grid the same way on every machine. Each cell is its own run
 * folder under <sweep>/cells/, which is what makes interrupted sweeps resume
 * and shard folders merge.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ConfigError,
  estimateRunSeconds,
  fieldFor,
  parseFieldValue,
  resolveConfig,
  splitAssignment,
  stableStringify,
  type AnyExperiment,
  type ConfigObject,
  type PresetName,
} from '../experiments/index.js';
import { packageVersion } from './catalogLoader.js';
import { toCsv } from './csv.js';
import { writeFileAtomic, writeJsonAtomic } from './fsAtomic.js';
import { formatValue } from './io.js';
import type { SweepEstimate } from './limits.js';
import { FolderLock, type LockOptions } from './folderLock.js';
import { assertOutputFolder } from './runFolder.js';
import { readRun, runHash } from './runStore.js';
import { firstIssue, sweepManifestSchema } from './runSchemas.js';
import { pathInside } from './safePath.js';

export interface GridAxis {
  key: string;
  values: unknown[];
}

export interface SweepCell {
  index: number;
  name: string;
  seed: number;
  values: Record<string, unknown>;
  hash: string;
  config: ConfigObject;
}

export interface SweepManifest {
  experiment: string;
  preset: PresetName;
  set: string[];
  config: ConfigObject;
  grid: GridAxis[];
  seeds: number[];
  cells: Array<Omit<SweepCell, 'config'>>;
  version: string;
}

const SWEEP_FILE = 'sweep.json';

/** Parse repeated `--grid key=v1,v2,…` options; values are typed by the schema field. */
export function parseGrid(experiment: AnyExperiment, entries: string[]): GridAxis[] {
  const axes: GridAxis[] = [];
  const issues: ConfigError['issues'] = [];
  for (const entry of entries) {
    try {
      const [key, raw] = splitAssignment(entry, '--grid');
      const field = fieldFor(experiment, key, '--grid');
      if (field.type.endsWith('[]')) {
        throw ConfigError.single(key, raw, field.allowed, `--grid cannot vary the list-valued key "${key}"; use separate sweeps or --set.`);
      }
      if (axes.some((a) => a.key === key)) throw ConfigError.single(key, raw, 'one --grid per key', `--grid names "${key}" twice.`);
      const parts = raw.split(',').filter((p) => p.trim() !== '');
      if (parts.length === 0) throw ConfigError.single(key, raw, field.allowed, `--grid ${key}= needs at least one value.`);
      const values = parts.map((p) => parseFieldValue(field, p));
      // The same value twice would run the same cells twice and collapse their rows in the tables.
      const seen = new Map<string, string>();
      for (const [i, v] of values.entries()) {
        const id = stableStringify(v);
        const first = seen.get(id);
        if (first !== undefined) throw ConfigError.single(key, raw, 'distinct values', `--grid ${key} lists the same value twice (${first} and ${parts[i]!.trim()}); list each value once.`);
        seen.set(id, parts[i]!.trim());
      }
      axes.push({ key, values });
    } catch (err) {
      if (err instanceof ConfigError) issues.push(...err.issues);
      else throw err;
    }
  }
  if (issues.length > 0) throw new ConfigError(issues);
  return axes;
}

/** `a..b` (inclusive), `a,b,c` or a single seed. */
export function parseSeeds(text: string): number[] {
  const bad = (): never => {
    throw ConfigError.single('seeds', text, 'a..b, a,b,c or n (non-negative integers)', `--seeds ${JSON.stringify(text)} is not a seed list; use a..b (inclusive), a,b,c or n with non-negative integers.`);
  };
  const asSeed = (s: string): number => {
    if (!/^\d+$/.test(s.trim())) bad();
    const n = Number(s.trim());
    return Number.isSafeInteger(n) ? n : bad();
  };
  const range = /^\s*(\d+)\s*\.\.\s*(\d+)\s*$/.exec(text);
  if (range) {
    const [a, b] = [asSeed(range[1]!), asSeed(range[2]!)];
    if (b < a || b - a >= 100000) bad();
    return Array.from({ length: b - a + 1 }, (_, i) => a + i);
  }
  const seeds = text.split(',').map(asSeed);
  const twice = seeds.find((seed, i) => seeds.indexOf(seed) !== i);
  if (twice !== undefined) throw ConfigError.single('seeds', text, 'distinct seeds', `--seeds lists seed ${twice} twice; list each seed once.`);
  return seeds;
}

export interface Shard {
  index: number;
  count: number;
}

/** `i/N` with 0 ≤ i < N. */
export function parseShard(text: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index >= count) {
    throw ConfigError.single('shard', text, 'i/N with 0 ≤ i < N', `--shard ${JSON.stringify(text)} is not valid; use i/N with integers 0 ≤ i < N (e.g. 0/4).`);
  }
  return { index, count };
}

/** A folder name for a cell: its grid values and seed, with file-system-unsafe characters replaced. */
export function cellName(values: Record<string, unknown>, seed: number): string {
  const parts = [...Object.entries(values).map(([k, v]) => `${k}=${formatValue(v)}`), `seed=${seed}`];
  return parts.join(',').replace(/[^A-Za-z0-9._=,+-]+/g, '_');
}

interface SweepBase {
  preset: PresetName;
  set: string[];
  config: ConfigObject;
}

const assignment = (key: string, v: unknown) => ({ entry: `${key}=${Array.isArray(v) ? v.join(',') : String(v)}`, source: '--grid' });

/** Check every grid value on its own (all bad values are reported together); throws ConfigError before any work. */
export function validateGrid(experiment: AnyExperiment, axes: GridAxis[], base: SweepBase): void {
  const issues: ConfigError['issues'] = [];
  for (const axis of axes) {
    for (const v of axis.values) {
      try {
        resolveConfig(experiment, { preset: base.preset, config: base.config, set: [...base.set, assignment(axis.key, v)] });
      } catch (err) {
        if (!(err instanceof ConfigError)) throw err;
        for (const issue of err.issues) if (!issues.some((i) => i.message === issue.message)) issues.push(issue);
      }
    }
  }
  if (issues.length > 0) throw new ConfigError(issues);
}

/** Number of grid points (value combinations), without enumerating them. */
function comboCount(axes: GridAxis[]): number {
  return axes.reduce((n, a) => n * a.values.length, 1);
}

/** The grid point with index `i` (mixed radix, first key slowest). */
function comboAt(axes: GridAxis[], i: number): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  let rest = i;
  for (let k = axes.length - 1; k >= 0; k--) {
    const axis = axes[k]!;
    values[axis.key] = axis.values[rest % axis.values.length];
    rest = Math.floor(rest / axis.values.length);
  }
  return Object.fromEntries(axes.map((a) => [a.key, values[a.key]]));
}

function comboConfig(experiment: AnyExperiment, values: Record<string, unknown>, base: SweepBase): ConfigObject {
  return resolveConfig(experiment, { preset: base.preset, config: base.config, set: [...base.set, ...Object.entries(values).map(([k, v]) => assignment(k, v))] });
}

/**
 * The sweep's cells one at a time, in order (first grid key slowest, seeds
 * innermost); nothing is built ahead, so memory does not grow with the grid.
 */
export function* iterateCells(experiment: AnyExperiment, axes: GridAxis[], seeds: number[], base: SweepBase): Generator<SweepCell> {
  const names = new Set<string>();
  let index = 0;
  const combos = comboCount(axes);
  for (let c = 0; c < combos; c++) {
    const values = comboAt(axes, c);
    const config = comboConfig(experiment, values, base);
    for (const seed of seeds) {
      let name = cellName(values, seed);
      if (names.has(name)) name = `${name},cell=${index}`;
      names.add(name);
      yield { index, name, seed, values, config, hash: runHash(experiment.id, config, seed) };
      index++;
    }
  }
}

/** Every cell of the grid with its resolved config; throws ConfigError before any work if one is invalid. */
export function buildCells(experiment: AnyExperiment, axes: GridAxis[], seeds: number[], base: SweepBase): SweepCell[] {
  validateGrid(experiment, axes, base);
  return [...iterateCells(experiment, axes, seeds, base)];
}

/** Grid points whose configs are resolved for an estimate: all of them up to this many, else this many evenly spaced. */
const ESTIMATE_SAMPLE = 2000;

/** Cells and total estimated compute of a sweep, from the grid's size alone (no cells are built). */
export function estimateSweep(experiment: AnyExperiment, axes: GridAxis[], seeds: number[], base: SweepBase): SweepEstimate {
  const combos = comboCount(axes);
  const cells = combos * seeds.length;
  if (!experiment.cost) return { cells, seconds: undefined };
  const sample = Math.min(combos, ESTIMATE_SAMPLE);
  let sum = 0;
  for (let j = 0; j < sample; j++) sum += estimateRunSeconds(experiment, comboConfig(experiment, comboAt(axes, Math.floor((j * combos) / sample)), base)) ?? 0;
  return { cells, seconds: (sum / sample) * cells };
}

export function shardCells<T extends { index: number }>(cells: T[], shard: Shard | undefined): T[] {
  return shard ? cells.filter((c) => c.index % shard.count === shard.index) : cells;
}

/** A cell's run folder, `<sweep>/cells/<name>`: the name must be one plain folder name and the path must stay inside the sweep folder. */
export function cellDir(sweepDir: string, cell: { name: string }): string {
  return pathInside(sweepDir, 'cells', cell.name);
}

export function sweepManifest(experiment: AnyExperiment, axes: GridAxis[], seeds: number[], base: SweepBase, cells: SweepCell[]): SweepManifest {
  return {
    experiment: experiment.id,
    preset: base.preset,
    set: base.set,
    config: base.config,
    grid: axes,
    seeds,
    cells: cells.map(({ index, name, seed, values, hash }) => ({ index, name, seed, values, hash })),
    version: packageVersion(),
  };
}

type SweepInspection = { status: 'ok'; manifest: SweepManifest } | { status: 'absent' } | { status: 'invalid'; reason: string };

/** Read and validate `dir`/sweep.json (it may come from anywhere: a shard folder, an archive). */
export function inspectSweep(dir: string): SweepInspection {
  let text: string;
  try {
    text = readFileSync(join(dir, SWEEP_FILE), 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR' ? { status: 'absent' } : { status: 'invalid', reason: `sweep.json cannot be read (${code})` };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { status: 'invalid', reason: 'sweep.json is not valid JSON' };
  }
  const parsed = sweepManifestSchema.safeParse(raw);
  if (!parsed.success) return { status: 'invalid', reason: `sweep.json: ${firstIssue(parsed.error)}` };
  const names = new Set(parsed.data.cells.map((c) => c.name));
  if (names.size !== parsed.data.cells.length) return { status: 'invalid', reason: 'sweep.json: two cells share a name' };
  return { status: 'ok', manifest: parsed.data as SweepManifest };
}

export function readSweepManifest(dir: string): SweepManifest | undefined {
  const inspection = inspectSweep(dir);
  return inspection.status === 'ok' ? inspection.manifest : undefined;
}

/** Refuse a sweep --out that is a file, or a non-empty folder that holds no sweep of ldyn. */
export function assertSweepFolderUsable(dir: string, option = '--out'): void {
  assertOutputFolder(dir, option, 'sweep folder', (d) => {
    const inspection = inspectSweep(d);
    return inspection.status === 'ok' ? true : inspection.status === 'absent' ? `it has no ${SWEEP_FILE}` : inspection.reason;
  });
}

/** One row per complete cell found in the folder, in cell order (grid values, seed, every metric), and the missing cells. Reads only. */
export function sweepRows(dir: string, manifest: SweepManifest): { rows: Array<Record<string, unknown>>; missing: string[] } {
  const rows: Array<Record<string, unknown>> = [];
  const missing: string[] = [];
  for (const cell of manifest.cells) {
    const run = readRun(cellDir(dir, cell));
    if (!run || run.config.hash !== cell.hash) {
      missing.push(cell.name);
      continue;
    }
    rows.push({ ...cell.values, seed: cell.seed, ...run.result.metrics });
  }
  return { rows, missing };
}

/**
 * Write sweep.json and the tidy results table (results.csv, results.json),
 * under the sweep folder's lock (shards and repeated sweeps may share the
 * folder); `beforeWrite` runs first under the lock, to check the folder
 * again. Returns the rows and the missing cells.
 */
export async function writeSweepTables(
  dir: string,
  manifest: SweepManifest,
  options: LockOptions & { beforeWrite?: () => void } = {},
): Promise<{ rows: Array<Record<string, unknown>>; missing: string[] }> {
  const lock = await FolderLock.acquire(dir, options);
  try {
    options.beforeWrite?.();
    lock.assertHeld();
    writeJsonAtomic(join(dir, SWEEP_FILE), manifest);
    const tables = sweepRows(dir, manifest);
    writeJsonAtomic(join(dir, 'results.json'), tables.rows);
    writeFileAtomic(join(dir, 'results.csv'), toCsv(tables.rows));
    return tables;
  } finally {
    await lock.release();
  }
}
