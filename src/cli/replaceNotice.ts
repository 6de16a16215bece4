/**
 * What a run replaces: `ldyn run` (and the main job) into a folder that holds
 * a complete run of another experiment, preset, seed or config removes that
 * run's files first; so does a run of the same config made by other code
 * (another version of the tool: its code stamp differs). The user is told
 * which one and why, in one line, before the work starts (so Ctrl-C still
 * leaves nothing half-replaced: writes are atomic).
 */
import { relative } from 'node:path';
import type { ConfigObject } from '../experiments/index.js';
import { formatValue } from './io.js';
import { flatConfig } from './runMarkdown.js';
import type { CodeStamp } from './codeStamp.js';
import { readRun, reuseVerdict, runHash } from './runStore.js';

/** Differences listed by name before "and N more". */
const MAX_LISTED = 4;

interface PlannedRun {
  experiment: string;
  preset?: string;
  config: ConfigObject;
  seed: number;
}

/**
 * The one-line notice for running `next` with the code `code` into `dir`, or
 * undefined when `dir` holds no complete run or exactly this one made by this
 * code (then nothing is replaced: the run is skipped).
 */
export function replacementNotice(dir: string, next: PlannedRun, cwd: string, code: CodeStamp): string | undefined {
  const old = readRun(dir);
  const hash = runHash(next.experiment, next.config, next.seed);
  const verdict = reuseVerdict(old, hash, code);
  if (!old || verdict.reuse) return undefined;
  if (verdict.rerun !== undefined) return `re-running ${next.experiment}: ${verdict.rerun}`;
  const where = relative(cwd, dir) || '.';
  const prev = old.config;
  const changes: string[] = [];
  if (prev.experiment !== next.experiment) changes.push(`experiment ${prev.experiment} → ${next.experiment}`);
  if ((prev.preset ?? '—') !== (next.preset ?? '—')) changes.push(`preset ${prev.preset ?? '—'} → ${next.preset ?? '—'}`);
  if (prev.seed !== next.seed) changes.push(`seed ${prev.seed} → ${next.seed}`);
  if (prev.experiment === next.experiment) {
    const before = new Map(flatConfig(prev.config).map(([k, v]) => [k, formatValue(v)]));
    const after = new Map(flatConfig(next.config).map(([k, v]) => [k, formatValue(v)]));
    const keys = [...new Set([...before.keys(), ...after.keys()])].filter((k) => before.get(k) !== after.get(k));
    changes.push(...keys.slice(0, MAX_LISTED).map((k) => `${k} ${before.get(k) ?? '—'} → ${after.get(k) ?? '—'}`));
    if (keys.length > MAX_LISTED) changes.push(`and ${keys.length - MAX_LISTED} more config values`);
  }
  // A run with the same settings but another hash (e.g. written by another version): say so rather than nothing.
  if (changes.length === 0) changes.push(`hash ${prev.hash} → ${runHash(next.experiment, next.config, next.seed)}`);
  return `${where}: replaces the run there (${changes.join(', ')})`;
}
