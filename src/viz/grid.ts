/**
 * Geometry of regular sample grids (see spec.ts): sample coordinates, the
 * cell around each sample, and input checks. On a log axis the samples are
 * geometric, x_i = x_0 · r^i with r = (x_{n-1}/x_0)^{1/(n-1)}, and cell edges
 * are geometric midpoints √(x_i x_{i+1}), so every cell has the same width on
 * screen, exactly as linear midpoints do on a linear axis.
 */
import type { AxisScale } from './spec.js';

interface GridGeometry {
  nx: number;
  ny: number;
  xRange: [number, number];
  yRange: [number, number];
}

/** Throws a clear Error if the grid geometry or its value count is invalid. */
export function checkGrid(
  where: string,
  grid: GridGeometry,
  valueCount: number,
  xScale: AxisScale,
  yScale: AxisScale,
): void {
  for (const key of ['nx', 'ny'] as const) {
    const n = grid[key];
    if (!Number.isInteger(n) || n < 2) {
      throw new Error(`${where}: grid.${key} must be an integer ≥ 2, got ${n}`);
    }
  }
  for (const [key, scale] of [['xRange', xScale], ['yRange', yScale]] as const) {
    const [lo, hi] = grid[key];
    if (!Number.isFinite(lo) || !Number.isFinite(hi) || !(hi > lo)) {
      throw new Error(`${where}: grid.${key} must be finite [min, max] with max > min, got [${lo}, ${hi}]`);
    }
    if (scale === 'log' && !(lo > 0)) {
      throw new Error(`${where}: grid.${key} must be positive on a log axis, got [${lo}, ${hi}]`);
    }
  }
  if (valueCount !== grid.nx * grid.ny) {
    throw new Error(
      `${where}: expected nx·ny = ${grid.nx}·${grid.ny} = ${grid.nx * grid.ny} grid values, got ${valueCount}`,
    );
  }
}

/** The n + 1 cell edges around n samples: midpoints inside, half a step beyond the ends. */
export function cellEdges(lo: number, hi: number, n: number, scale: AxisScale): number[] {
  if (scale === 'log') {
    const step = (Math.log(hi) - Math.log(lo)) / (n - 1);
    return Array.from({ length: n + 1 }, (_, k) => Math.exp(Math.log(lo) + (k - 0.5) * step));
  }
  const step = (hi - lo) / (n - 1);
  return Array.from({ length: n + 1 }, (_, k) => lo + (k - 0.5) * step);
}

/** Finite [min, max] of the values, or undefined when none is finite (positive only when `positive`). */
export function finiteExtent(values: ArrayLike<number> | Iterable<number>, positive = false): [number, number] | undefined {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of Array.from(values)) {
    if (!Number.isFinite(v) || (positive && !(v > 0))) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : undefined;
}

/**
 * The grid with one more sample on every side copying its nearest edge
 * sample: (nx + 2) × (ny + 2), row-major. Marching squares cuts the corners of
 * a band where the grid ends; contouring the padded grid and clipping to the
 * original extent keeps those cuts outside the frame, while the constant
 * extension adds no level crossing inside it.
 */
export function padGrid(values: ArrayLike<number>, nx: number, ny: number): number[] {
  const out = new Array<number>((nx + 2) * (ny + 2));
  for (let j = 0; j < ny + 2; j++) {
    const sj = Math.min(ny - 1, Math.max(0, j - 1));
    for (let i = 0; i < nx + 2; i++) out[j * (nx + 2) + i] = values[sj * nx + Math.min(nx - 1, Math.max(0, i - 1))]!;
  }
  return out;
}

/** The n + 2 sample coordinates of a grid padded by one sample per side (see padGrid). */
export function paddedSamples(lo: number, hi: number, n: number, scale: AxisScale): number[] {
  if (scale === 'log') {
    const step = (Math.log(hi) - Math.log(lo)) / (n - 1);
    return Array.from({ length: n + 2 }, (_, k) => Math.exp(Math.log(lo) + (k - 1) * step));
  }
  const step = (hi - lo) / (n - 1);
  return Array.from({ length: n + 2 }, (_, k) => lo + (k - 1) * step);
}

/** Outer edges of the cells of a grid padded by one sample per side. */
export function paddedBounds(lo: number, hi: number, n: number, scale: AxisScale): [number, number] {
  const edges = cellEdges(lo, hi, n, scale);
  const first = edges[0]!;
  const last = edges[n]!;
  if (scale === 'log') {
    const ratio = edges[1]! / first;
    return [first / ratio, last * ratio];
  }
  const step = edges[1]! - first;
  return [first - step, last + step];
}
