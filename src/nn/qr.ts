/**
 * Thin QR factorisation by Householder reflections, for the orthogonal
 * initializer (the nn layer sits below linalg, so it carries its own).
 *
 * For A (m×n, m ≥ n), column k is reflected onto a multiple of e_k by
 * H_k = I − 2vvᵀ with v ∝ x − α e_k, α = −sign(x₀)‖x‖ (the sign that avoids
 * cancellation, as LAPACK's dlarfg). Then R_kk = α and
 * Q = H₀H₁⋯H_{n−1}[I_n; 0]. Householder QR is backward stable: QᵀQ = I to
 * O(n·εₘ), whatever the conditioning of A.
 */

/** Q (m×n, orthonormal columns, row-major) and the diagonal of R, for a row-major m×n matrix with m ≥ n. */
export function householderQr(a: Float64Array, m: number, n: number): { q: Float64Array; rDiag: Float64Array } {
  if (m < n) throw new Error(`householderQr: needs rows ≥ columns, got ${m}×${n}`);
  if (a.length !== m * n) throw new Error(`householderQr: a buffer of ${a.length} values is not ${m}×${n}`);
  const r = Float64Array.from(a);
  const vs: Float64Array[] = [];
  const rDiag = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    let norm2 = 0;
    for (let i = k; i < m; i++) norm2 += r[i * n + k]! * r[i * n + k]!;
    const norm = Math.sqrt(norm2);
    const v = new Float64Array(m - k);
    if (norm === 0) {
      vs.push(v); // a zero column: no reflection, R_kk = 0
      continue;
    }
    const x0 = r[k * n + k]!;
    const alpha = x0 >= 0 ? -norm : norm;
    for (let i = k; i < m; i++) v[i - k] = r[i * n + k]!;
    v[0] = x0 - alpha;
    let vNorm2 = 0;
    for (let i = 0; i < v.length; i++) vNorm2 += v[i]! * v[i]!;
    const vNorm = Math.sqrt(vNorm2);
    for (let i = 0; i < v.length; i++) v[i] = v[i]! / vNorm;
    // Apply H = I − 2vvᵀ to the trailing columns k+1…n−1; column k becomes α e_k.
    for (let j = k + 1; j < n; j++) {
      let dot = 0;
      for (let i = k; i < m; i++) dot += v[i - k]! * r[i * n + j]!;
      for (let i = k; i < m; i++) r[i * n + j] = r[i * n + j]! - 2 * dot * v[i - k]!;
    }
    rDiag[k] = alpha;
    vs.push(v);
  }
  // Q = H₀(H₁(⋯(H_{n−1}[I; 0]))): apply the reflections in reverse to the first n columns of I.
  const q = new Float64Array(m * n);
  for (let j = 0; j < n; j++) q[j * n + j] = 1;
  for (let k = n - 1; k >= 0; k--) {
    const v = vs[k]!;
    for (let j = 0; j < n; j++) {
      let dot = 0;
      for (let i = k; i < m; i++) dot += v[i - k]! * q[i * n + j]!;
      if (dot === 0) continue;
      for (let i = k; i < m; i++) q[i * n + j] = q[i * n + j]! - 2 * dot * v[i - k]!;
    }
  }
  return { q, rDiag };
}
