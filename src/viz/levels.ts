/**
 * Numbers the figures are drawn with that need no plotting library (so the
 * public viz types stay free of Plot's): contour levels and the unit circle's
 * resolution.
 */
import { finiteExtent } from './grid.js';
import type { ContourLevels } from './spec.js';

export const DEFAULT_LEVEL_COUNT = 12;

/** Vertices of the unit circle polyline; 256 chords deviate from the circle by 1 − cos(π/256) ≈ 7.5e-5. */
export const UNIT_CIRCLE_SEGMENTS = 256;

/**
 * Contour thresholds: explicit values, or `count` levels from the minimum up,
 * t_k = lo + k(hi − lo)/count (linear) or t_k = lo·(hi/lo)^{k/count} (log,
 * with lo the smallest positive value), so the first band starts at the
 * minimum and every sample is covered.
 */
export function contourThresholds(
  levels: ContourLevels | undefined,
  values: ArrayLike<number>,
  where = 'contourThresholds',
): number[] {
  if (levels?.values !== undefined) {
    const t = [...levels.values].sort((a, b) => a - b);
    if (t.length === 0 || !t.every(Number.isFinite)) throw new Error(`${where}: levels.values must be a non-empty array of finite numbers`);
    if (levels.spacing === 'log' && !(t[0]! > 0)) throw new Error(`${where}: log-spaced levels.values must be positive`);
    return t;
  }
  const count = levels?.count ?? DEFAULT_LEVEL_COUNT;
  if (!Number.isInteger(count) || count < 1 || count > 200) {
    throw new Error(`${where}: levels.count must be an integer in [1, 200], got ${count}`);
  }
  const log = levels?.spacing === 'log';
  const extent = finiteExtent(values, log);
  if (!extent) throw new Error(`${where}: grid has no finite${log ? ' positive' : ''} values to contour`);
  const [lo, hi] = extent;
  if (lo === hi) return [lo];
  return Array.from({ length: count }, (_, k) =>
    k === 0 ? lo : log ? Math.exp(Math.log(lo) + (k / count) * (Math.log(hi) - Math.log(lo))) : lo + (k / count) * (hi - lo),
  );
}
