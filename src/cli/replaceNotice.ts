/**
 * What a run replaces: `ldyn run` (and the main job) into a folder that holds
 * a complete run of another experiment, preset, seed or config removes that
 * run's files first. The user is told which one, in one line, before the work
 * starts (so Ctrl-C still leaves nothing half-replaced: writes are atomic).
 */
import { relative } from 'node:path';
import type { ConfigObject } from '../experiments/index.js';
import { formatValue } from './io.js';
import { flatConfig } from './runMarkdown.js';
import { readRun, runHash } from './runStore.js';

/** Differences listed by name before "and N more". */
const MAX_LISTED = 4;

interface PlannedRun {
  experiment: string;
  preset?: string;
  config: ConfigObject;
  seed: number;
}

/**
 * The one-line notice for running `next` into `dir`, or undefined when `dir`
 * holds no complete run or exactly this one (then nothing is replaced).
 */
export function replacementNotice(dir: string, next: PlannedRun, cwd: string): string | undefined {
  const old = readRun(dir);
  if (!old || old.config.hash === runHash(next.experiment, next.config, next.seed)) return undefined;
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
