/** Small helpers on flat Float64Arrays shared by the learning-rule code. */

function dotFlat(a: Float64Array, b: Float64Array): number {
  if (a.length !== b.length) throw new Error(`dotFlat: lengths differ (${a.length} vs ${b.length})`);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function normFlat(a: Float64Array): number {
  return Math.sqrt(dotFlat(a, a));
}

/** Angle in degrees between two vectors (NaN if either is zero). */
export function angleDegrees(a: Float64Array, b: Float64Array): number {
  const na = normFlat(a);
  const nb = normFlat(b);
  if (na === 0 || nb === 0) return NaN;
  const c = Math.min(1, Math.max(-1, dotFlat(a, b) / (na * nb)));
  return (Math.acos(c) * 180) / Math.PI;
}

/** Concatenation of several arrays into one flat vector. */
export function flatten(parts: readonly Float64Array[]): Float64Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Float64Array(n);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

/** Transpose of a [rows, cols] row-major matrix. */
export function transpose(a: Float64Array, rows: number, cols: number): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j * rows + i] = a[i * cols + j];
  return out;
}
