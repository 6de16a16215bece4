/**
 * Argument checks shared by the linalg module. Every error names the
 * function, the argument and what was expected, so that a bad call fails
 * loudly at the boundary instead of deep inside an iteration.
 */

/** `n` must be a positive integer (a dimension). */
export function checkDimension(fn: string, n: number, name = 'n'): void {
  if (!Number.isInteger(n) || n <= 0) {
    throw new Error(`${fn}: ${name} must be a positive integer, got ${n}`);
  }
}

/** A dense n×n row-major matrix: right length, finite entries. */
export function checkSquareMatrix(fn: string, a: Float64Array, n: number): void {
  checkDimension(fn, n);
  if (!(a instanceof Float64Array)) {
    throw new Error(`${fn}: a must be a Float64Array (n×n row-major)`);
  }
  if (a.length !== n * n) {
    throw new Error(`${fn}: a has length ${a.length}, expected n×n = ${n * n} for n = ${n}`);
  }
  for (let i = 0; i < a.length; i++) {
    if (!Number.isFinite(a[i])) {
      throw new Error(`${fn}: a[${i}] (row ${Math.floor(i / n)}, column ${i % n}) is not finite: ${a[i]}`);
    }
  }
}

/** An integer option in [min, max]. */
export function checkIntegerInRange(fn: string, name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${fn}: ${name} must be an integer in [${min}, ${max}], got ${value}`);
  }
}

/** A real option that must be finite and > 0 (tolerances, widths). */
export function checkPositive(fn: string, name: string, value: number): void {
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(`${fn}: ${name} must be a finite number > 0, got ${value}`);
  }
}

/** A real option that must be finite. */
export function checkFinite(fn: string, name: string, value: number): void {
  if (!Number.isFinite(value)) {
    throw new Error(`${fn}: ${name} must be a finite number, got ${value}`);
  }
}

/** Call a matrix-free operator and check what it returned. */
export function applyChecked(fn: string, matvec: (v: Float64Array) => Float64Array, v: Float64Array): Float64Array {
  const w = matvec(v);
  if (!(w instanceof Float64Array) || w.length !== v.length) {
    const got = w instanceof Float64Array ? `length ${w.length}` : typeof w;
    throw new Error(`${fn}: matvec must return a Float64Array of length n = ${v.length}, got ${got}`);
  }
  return w;
}
