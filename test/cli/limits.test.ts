/**
 * Bounded work: runs and sweeps are estimated before anything starts and
 * refused beyond the documented limits (src/cli/limits.ts) unless --yes;
 * duplicate grid values and seeds are usage errors; sweep cells are
 * generated lazily.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkRunCost } from '../../src/cli/limits.js';
import { iterateCells, parseGrid, parseSeeds } from '../../src/cli/sweep.js';
import { catalog, estimateRunSeconds, getExperiment, registerCatalog, resolveConfig } from '../../src/experiments/index.js';
import { ldyn, removeTempDirs, tempDir } from './helpers.js';

afterAll(removeTempDirs);
registerCatalog();

describe('cost estimates and limits', () => {
  it('refuses `sweep xor --grid steps=1,…,1000 --seeds 0..99999` before building anything, naming the estimate and --yes (exit 2)', async () => {
    const out = join(tempDir(), 'sweep');
    const steps = Array.from({ length: 1000 }, (_, i) => i + 1).join(',');
    const started = Date.now();
    const r = await ldyn(['sweep', 'xor', '--grid', `steps=${steps}`, '--seeds', '0..99999', '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('sweep xor: 100,000,000 cells, estimated at');
    expect(r.stderr).toMatch(/of compute, more than the 1,000,000 cells one sweep may have/);
    expect(existsSync(out)).toBe(false);
    // Generous: the refusal needs no cell; building the 1e8 cells took a minute and 1.8 GB before.
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it('refuses a sweep beyond 1 day of estimated compute unless --yes', async () => {
    const out = join(tempDir(), 'sweep');
    // Each cell is one xor run of 250× or 500× the default's steps: ≈ 3 and 5 min by its cost model, 1.7 days for 600 cells.
    const r = await ldyn(['sweep', 'xor', '--grid', 'steps=500000,1000000', '--seeds', '0..299', '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/sweep xor: 600 cells, estimated at [\d.]+ (days|years) of compute, above the limits .*; add --yes to run it anyway\./);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses a run estimated beyond 1 hour unless --yes, and the estimate scales with the config', async () => {
    const xor = getExperiment('xor');
    const base = resolveConfig(xor, { preset: 'default' });
    const big = resolveConfig(xor, { preset: 'default', set: ['seeds=10000', 'steps=1000000'] });
    // seeds × 100 and steps × 500: xor's runs that stop when solved (80 % of the default's CPU time) scale with the
    // seeds alone (× 100), its failing runs (15 %) with both (× 50 000), its set-up (5 %) with neither:
    // 0.05 + 0.8·100 + 0.15·50 000 = 7580.05 (9.1 h at the default's 4.3 s).
    expect(estimateRunSeconds(xor, big)! / estimateRunSeconds(xor, base)!).toBeCloseTo(7580.05, 9);
    const out = join(tempDir(), 'run');
    const r = await ldyn(['run', 'xor', '--set', 'seeds=10000', '--set', 'steps=1000000', '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/run xor: this config is estimated at [\d.]+ h of compute, above the limit of 1 h; add --yes to run it anyway\./);
    expect(existsSync(out)).toBe(false);
    // A shipped preset is never refused, whatever its estimate (check:presets measures them).
    const full = getExperiment('vanishing-exploding');
    expect(() => checkRunCost(full, resolveConfig(full, { preset: 'full' }), false)).not.toThrow();
    expect(() => checkRunCost(full, resolveConfig(full, { preset: 'full', set: ['trainSteps=10000'] }), false)).toThrow(/add --yes/);
  });

  it('every cost model has shares summing to 1, and every part scales with keys of its own config', () => {
    for (const e of catalog) {
      expect(e.cost, e.id).toBeDefined();
      const parts = e.cost!.parts;
      // Shares are written to 2–3 decimals: their sum is 1 up to that rounding.
      expect(Math.abs(parts.reduce((sum, p) => sum + p.share, 0) - 1), e.id).toBeLessThan(1e-9);
      const config = resolveConfig(e, { preset: 'default' }) as Record<string, unknown>;
      // A misspelt key would be read as 1 and silently never scale.
      for (const p of parts) for (const key of Object.keys(p.scale)) expect(Object.keys(config), `${e.id}: ${key}`).toContain(key);
    }
  });

  it('rejects duplicate --grid values and --seeds with exit 2', async () => {
    const dup = await ldyn(['sweep', 'toy-walk', '--grid', 'steps=5,10,5', '--out', join(tempDir(), 's')]);
    expect(dup.code).toBe(2);
    expect(dup.stderr).toContain('--grid steps lists the same value twice (5 and 5)');
    const dupSeeds = await ldyn(['sweep', 'toy-walk', '--grid', 'steps=5', '--seeds', '1,2,1', '--out', join(tempDir(), 's')]);
    expect(dupSeeds.code).toBe(2);
    expect(dupSeeds.stderr).toContain('--seeds lists seed 1 twice');
    // Values equal after parsing count as duplicates too.
    expect(() => parseGrid(getExperiment('xor'), ['lrBce=0.5,0.50'])).toThrow(/lists the same value twice \(0\.5 and 0\.50\)/);
  });

  it('generates sweep cells lazily: the first cells of a 1e8-cell grid come without building the rest', () => {
    const xor = getExperiment('xor');
    const axes = parseGrid(xor, [`steps=${Array.from({ length: 1000 }, (_, i) => i + 1).join(',')}`]);
    const cells = iterateCells(xor, axes, parseSeeds('0..99999'), { preset: 'default', set: [], config: {} });
    const first = [cells.next().value!, cells.next().value!, cells.next().value!];
    expect(first.map((c) => [c.index, c.values.steps, c.seed])).toEqual([
      [0, 1, 0],
      [1, 1, 1],
      [2, 1, 2],
    ]);
  });
});
