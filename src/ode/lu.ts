/**
 * Dense LU factorization with partial pivoting, P·A = L·U (Golub & Van Loan,
 * Matrix Computations, Alg. 3.4.1), in place on a row-major Float64Array:
 * afterwards the strict lower triangle holds L (unit diagonal implied) and
 * the upper triangle holds U. Small and allocation-free, for the linear
 * systems (I − γhJ)x = b of the implicit ODE solver.
 */
import { checkPositiveInteger } from '../tensor/validate.js';

function checkSquare(fn: string, a: Float64Array, n: number, piv: Int32Array): void {
  checkPositiveInteger(fn, 'n', n);
  if (a.length !== n * n) throw new Error(`${fn}: matrix must have n·n = ${n * n} entries, got ${a.length}`);
  if (piv.length !== n) throw new Error(`${fn}: piv must have n = ${n} entries, got ${piv.length}`);
}

/**
 * Factor the n×n matrix `a` in place; `piv[k]` receives the row swapped with
 * row k at step k. Returns false if a zero pivot makes the matrix (exactly)
 * singular, true otherwise.
 */
export function lu(a: Float64Array, n: number, piv: Int32Array): boolean {
  checkSquare('lu', a, n, piv);
  let regular = true;
  for (let k = 0; k < n; k++) {
    // Partial pivoting: the largest |a_ik| in column k at or below the diagonal.
    let p = k;
    let best = Math.abs(a[k * n + k]!);
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(a[i * n + k]!);
      if (v > best) {
        best = v;
        p = i;
      }
    }
    piv[k] = p;
    if (p !== k) {
      for (let j = 0; j < n; j++) {
        const tmp = a[k * n + j]!;
        a[k * n + j] = a[p * n + j]!;
        a[p * n + j] = tmp;
      }
    }
    const pivot = a[k * n + k]!;
    if (pivot === 0) {
      regular = false;
      continue;
    }
    for (let i = k + 1; i < n; i++) {
      const l = a[i * n + k]! / pivot;
      a[i * n + k] = l;
      if (l === 0) continue;
      for (let j = k + 1; j < n; j++) a[i * n + j] = a[i * n + j]! - l * a[k * n + j]!;
    }
  }
  return regular;
}

/** Solve A x = b in place (b becomes x) from the factors written by {@link lu}. */
export function luSolve(luFactors: Float64Array, n: number, piv: Int32Array, b: Float64Array): void {
  checkSquare('luSolve', luFactors, n, piv);
  if (b.length !== n) throw new Error(`luSolve: b must have n = ${n} entries, got ${b.length}`);
  // Apply the row interchanges, then forward substitution with unit-lower L …
  for (let k = 0; k < n; k++) {
    const p = piv[k]!;
    if (p !== k) {
      const tmp = b[k]!;
      b[k] = b[p]!;
      b[p] = tmp;
    }
  }
  for (let i = 1; i < n; i++) {
    let s = b[i]!;
    for (let j = 0; j < i; j++) s -= luFactors[i * n + j]! * b[j]!;
    b[i] = s;
  }
  // … and back substitution with U.
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i]!;
    for (let j = i + 1; j < n; j++) s -= luFactors[i * n + j]! * b[j]!;
    b[i] = s / luFactors[i * n + i]!;
  }
}
