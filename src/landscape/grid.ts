/**
 * Regular 2-D grids. Row-major like the figure specs of src/viz:
 * sample k = j·nx + i sits at (xs[i], ys[j]), xs[0] = xRange[0],
 * xs[nx−1] = xRange[1], equally spaced (likewise for y).
 */

export interface Grid2D {
  nx: number;
  ny: number;
  xRange: [number, number];
  yRange: [number, number];
  /** The nx abscissae. */
  xs: Float64Array;
  /** The ny ordinates. */
  ys: Float64Array;
}

export interface GridOptions {
  xRange: [number, number];
  yRange: [number, number];
  /** Points along x, ≥ 2 (default 51). */
  nx?: number;
  /** Points along y, ≥ 2 (default nx). */
  ny?: number;
}

/** `num` equally spaced values from a to b inclusive (NumPy's linspace; exact endpoints). */
export function linspaceArray(a: number, b: number, num: number): Float64Array {
  const out = new Float64Array(num);
  if (num === 1) {
    out[0] = a;
    return out;
  }
  const h = (b - a) / (num - 1);
  for (let i = 0; i < num; i++) out[i] = a + i * h;
  out[num - 1] = b;
  return out;
}

/** `num` values from a to b inclusive in geometric progression (NumPy's geomspace; a, b > 0; exact endpoints). */
export function geomspaceArray(a: number, b: number, num: number): Float64Array {
  const out = Float64Array.from({ length: num }, (_, i) => (num === 1 ? a : a * (b / a) ** (i / (num - 1))));
  if (num > 1) out[num - 1] = b;
  return out;
}

export function checkRange(fn: string, name: string, range: readonly number[]): void {
  if (!Array.isArray(range) || range.length !== 2 || !Number.isFinite(range[0]) || !Number.isFinite(range[1]) || !(range[0] < range[1])) {
    throw new Error(`${fn}: ${name} must be [a, b] with finite a < b, got ${JSON.stringify(range)}`);
  }
}

export function checkCount(fn: string, name: string, n: number, min: number, max = 1e7): void {
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${fn}: ${name} must be an integer in [${min}, ${max}], got ${n}`);
}

export function makeGrid(fn: string, { xRange, yRange, nx = 51, ny = nx }: GridOptions): Grid2D {
  checkRange(fn, 'xRange', xRange);
  checkRange(fn, 'yRange', yRange);
  checkCount(fn, 'nx', nx, 2, 100_000);
  checkCount(fn, 'ny', ny, 2, 100_000);
  return { nx, ny, xRange: [xRange[0], xRange[1]], yRange: [yRange[0], yRange[1]], xs: linspaceArray(xRange[0], xRange[1], nx), ys: linspaceArray(yRange[0], yRange[1], ny) };
}

/** All grid points as flat arrays px[k], py[k], k = j·nx + i. */
export function gridPoints(grid: Grid2D): { px: Float64Array; py: Float64Array } {
  const n = grid.nx * grid.ny;
  const px = new Float64Array(n);
  const py = new Float64Array(n);
  for (let j = 0; j < grid.ny; j++) {
    for (let i = 0; i < grid.nx; i++) {
      px[j * grid.nx + i] = grid.xs[i];
      py[j * grid.nx + i] = grid.ys[j];
    }
  }
  return { px, py };
}
