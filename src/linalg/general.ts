/**
 * Eigenvalues of a general real square matrix (EISPACK balanc + orthes +
 * hqr; Golub & Van Loan §7.4–7.5):
 *
 * 1. Balancing (Parlett & Reinsch 1969): a diagonal similarity D⁻¹AD with
 *    D a power of 2 (so exact in floating point) equalizes row and column
 *    norms. Eigenvalue errors scale with ‖A‖, so this sharpens them for
 *    badly scaled matrices, and changes nothing else.
 * 2. Householder reduction to upper Hessenberg form H = QᵀAQ (10n³/3 flops).
 * 3. Francis double-shift QR on H: each sweep uses the two eigenvalues of the
 *    trailing 2×2 block as a complex-conjugate pair of shifts, so the
 *    iteration stays in real arithmetic; the implicit step is a bulge chase
 *    with 3×3 Householder reflectors. A subdiagonal h_{l,l−1} is set to zero
 *    when |h_{l,l−1}| ≤ ε(|h_{l−1,l−1}| + |h_{l,l}|). Each deflated 1×1 block
 *    is a real eigenvalue, each 2×2 block a real pair or a conjugate pair.
 *
 * Backward stable: the eigenvalues are exact for A + E with ‖E‖ = O(n·ε‖A‖).
 * The forward error of an eigenvalue is that perturbation times its
 * condition number, which is infinite for a defective eigenvalue: a Jordan
 * block of size k perturbed by δ splits its eigenvalue by ~δ^(1/k).
 */
import { checkSquareMatrix } from './validate.js';

const EPS = Number.EPSILON;
const MAX_ITERATIONS_PER_EIGENVALUE = 60;

export interface ComplexEigenvalues {
  /** Real parts. */
  re: Float64Array;
  /** Imaginary parts; conjugate pairs are adjacent, the +im member first. */
  im: Float64Array;
}

/** In-place balancing of h (n×n row-major) by powers of 2. */
function balance(h: Float64Array, n: number): void {
  const RADIX = 2;
  const RADIX2 = RADIX * RADIX;
  let done = false;
  while (!done) {
    done = true;
    for (let i = 0; i < n; i++) {
      let r = 0;
      let c = 0;
      for (let j = 0; j < n; j++) {
        if (j === i) continue;
        c += Math.abs(h[j * n + i]);
        r += Math.abs(h[i * n + j]);
      }
      if (c === 0 || r === 0) continue;
      let g = r / RADIX;
      let f = 1;
      const s = c + r;
      while (c < g) {
        f *= RADIX;
        c *= RADIX2;
      }
      g = r * RADIX;
      while (c > g) {
        f /= RADIX;
        c /= RADIX2;
      }
      if ((c + r) / f < 0.95 * s) {
        done = false;
        const gInv = 1 / f;
        for (let j = 0; j < n; j++) h[i * n + j] *= gInv;
        for (let j = 0; j < n; j++) h[j * n + i] *= f;
      }
    }
  }
}

/** In-place Householder reduction of h to upper Hessenberg form. */
function hessenberg(h: Float64Array, n: number): void {
  const v = new Float64Array(n);
  const w = new Float64Array(n);
  for (let k = 0; k < n - 2; k++) {
    let scale = 0;
    for (let i = k + 1; i < n; i++) scale += Math.abs(h[i * n + k]);
    if (scale === 0) continue;
    let sigma2 = 0;
    for (let i = k + 1; i < n; i++) {
      v[i] = h[i * n + k] / scale;
      sigma2 += v[i] * v[i];
    }
    const sigma = Math.sqrt(sigma2);
    const x1 = v[k + 1];
    const alpha = x1 >= 0 ? -sigma : sigma;
    v[k + 1] = x1 - alpha;
    const beta = 1 / (sigma * (sigma + Math.abs(x1)));
    // Left: H[k+1:, k+1:] ← (I − βvvᵀ) H[k+1:, k+1:]  (column k is set directly below).
    for (let j = k + 1; j < n; j++) w[j] = 0;
    for (let i = k + 1; i < n; i++) {
      const vi = v[i];
      const row = i * n;
      for (let j = k + 1; j < n; j++) w[j] += vi * h[row + j];
    }
    for (let i = k + 1; i < n; i++) {
      const c = beta * v[i];
      const row = i * n;
      for (let j = k + 1; j < n; j++) h[row + j] -= c * w[j];
    }
    h[(k + 1) * n + k] = alpha * scale;
    for (let i = k + 2; i < n; i++) h[i * n + k] = 0;
    // Right: H[:, k+1:] ← H[:, k+1:] (I − βvvᵀ).
    for (let i = 0; i < n; i++) {
      const row = i * n;
      let acc = 0;
      for (let j = k + 1; j < n; j++) acc += h[row + j] * v[j];
      const c = beta * acc;
      for (let j = k + 1; j < n; j++) h[row + j] -= c * v[j];
    }
  }
}

/** Francis double-shift QR on upper Hessenberg h (destroyed); fills wr, wi. */
function francisQR(h: Float64Array, n: number, wr: Float64Array, wi: Float64Array): void {
  const at = (i: number, j: number): number => h[i * n + j];
  let anorm = 0;
  for (let i = 0; i < n; i++) for (let j = Math.max(i - 1, 0); j < n; j++) anorm += Math.abs(at(i, j));
  let nn = n - 1;
  let t = 0; // accumulated exceptional shifts
  while (nn >= 0) {
    let its = 0;
    let l: number;
    do {
      // Look for a single small subdiagonal element to split the matrix.
      for (l = nn; l >= 1; l--) {
        let s = Math.abs(at(l - 1, l - 1)) + Math.abs(at(l, l));
        if (s === 0) s = anorm;
        if (Math.abs(at(l, l - 1)) <= EPS * s) {
          h[l * n + l - 1] = 0;
          break;
        }
      }
      let x = at(nn, nn);
      if (l === nn) {
        // One root found.
        wr[nn] = x + t;
        wi[nn] = 0;
        nn--;
      } else {
        let y = at(nn - 1, nn - 1);
        let w = at(nn, nn - 1) * at(nn - 1, nn);
        if (l === nn - 1) {
          // Two roots found: eigenvalues of the trailing 2×2 block.
          const p = 0.5 * (y - x);
          const q = p * p + w;
          const zAbs = Math.sqrt(Math.abs(q));
          x += t;
          if (q >= 0) {
            const z = p + (p >= 0 ? zAbs : -zAbs);
            wr[nn - 1] = wr[nn] = x + z;
            if (z !== 0) wr[nn] = x - w / z;
            wi[nn - 1] = wi[nn] = 0;
          } else {
            wr[nn - 1] = wr[nn] = x + p;
            wi[nn - 1] = zAbs;
            wi[nn] = -zAbs;
          }
          nn -= 2;
        } else {
          if (its === MAX_ITERATIONS_PER_EIGENVALUE) {
            throw new Error(`eigenvalues: Francis QR did not converge after ${its} iterations (active block ${l}…${nn})`);
          }
          if (its > 0 && its % 10 === 0) {
            // Exceptional shift (Wilkinson): breaks rare cycles of the standard shift.
            t += x;
            for (let i = 0; i <= nn; i++) h[i * n + i] -= x;
            const s = Math.abs(at(nn, nn - 1)) + Math.abs(at(nn - 1, nn - 2));
            x = y = 0.75 * s;
            w = -0.4375 * s * s;
          }
          its++;
          // Find two consecutive small subdiagonals: start the bulge at row m.
          let m: number;
          let p = 0;
          let q = 0;
          let r = 0;
          let z: number;
          for (m = nn - 2; m >= l; m--) {
            z = at(m, m);
            r = x - z;
            let s = y - z;
            p = (r * s - w) / at(m + 1, m) + at(m, m + 1);
            q = at(m + 1, m + 1) - z - r - s;
            r = at(m + 2, m + 1);
            s = Math.abs(p) + Math.abs(q) + Math.abs(r);
            p /= s;
            q /= s;
            r /= s;
            if (m === l) break;
            const u = Math.abs(at(m, m - 1)) * (Math.abs(q) + Math.abs(r));
            const v = Math.abs(p) * (Math.abs(at(m - 1, m - 1)) + Math.abs(z) + Math.abs(at(m + 1, m + 1)));
            if (u <= EPS * v) break;
          }
          for (let i = m + 2; i <= nn; i++) {
            h[i * n + i - 2] = 0;
            if (i !== m + 2) h[i * n + i - 3] = 0;
          }
          // Chase the bulge with 3×3 (last one 2×2) Householder reflectors.
          for (let k = m; k <= nn - 1; k++) {
            if (k !== m) {
              p = at(k, k - 1);
              q = at(k + 1, k - 1);
              r = k !== nn - 1 ? at(k + 2, k - 1) : 0;
              x = Math.abs(p) + Math.abs(q) + Math.abs(r);
              if (x !== 0) {
                p /= x;
                q /= x;
                r /= x;
              }
            }
            const sAbs = Math.sqrt(p * p + q * q + r * r);
            const s = p >= 0 ? sAbs : -sAbs;
            if (s === 0) continue;
            if (k === m) {
              if (l !== m) h[k * n + k - 1] = -at(k, k - 1);
            } else {
              h[k * n + k - 1] = -s * x;
            }
            p += s;
            x = p / s;
            y = q / s;
            z = r / s;
            q /= p;
            r /= p;
            // Row transformation.
            for (let j = k; j <= nn; j++) {
              let pj = at(k, j) + q * at(k + 1, j);
              if (k !== nn - 1) {
                pj += r * at(k + 2, j);
                h[(k + 2) * n + j] -= pj * z;
              }
              h[(k + 1) * n + j] -= pj * y;
              h[k * n + j] -= pj * x;
            }
            // Column transformation.
            const iMax = Math.min(nn, k + 3);
            for (let i = l; i <= iMax; i++) {
              let pi = x * at(i, k) + y * at(i, k + 1);
              if (k !== nn - 1) {
                pi += z * at(i, k + 2);
                h[i * n + k + 2] -= pi * r;
              }
              h[i * n + k + 1] -= pi * q;
              h[i * n + k] -= pi;
            }
          }
        }
      }
      if (l >= nn - 1) break;
    } while (true);
  }
}

/**
 * All eigenvalues of a real n×n row-major matrix, as real and imaginary
 * parts. Sorted by real part ascending; a conjugate pair appears as
 * (re, +im), (re, −im). Cost ≈ 10n³ flops.
 */
export function eigenvalues(a: Float64Array, n: number): ComplexEigenvalues {
  checkSquareMatrix('eigenvalues', a, n);
  const h = Float64Array.from(a);
  balance(h, n);
  hessenberg(h, n);
  const wr = new Float64Array(n);
  const wi = new Float64Array(n);
  francisQR(h, n, wr, wi);
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (i, j) => wr[i] - wr[j] || Math.abs(wi[i]) - Math.abs(wi[j]) || wi[j] - wi[i],
  );
  const re = new Float64Array(n);
  const im = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    re[k] = wr[order[k]];
    im[k] = wi[order[k]];
  }
  return { re, im };
}

/** Spectral radius ρ(A) = max |λᵢ| over all (complex) eigenvalues. */
export function spectralRadius(a: Float64Array, n: number): number {
  checkSquareMatrix('spectralRadius', a, n);
  const { re, im } = eigenvalues(a, n);
  let rho = 0;
  for (let i = 0; i < n; i++) rho = Math.max(rho, Math.hypot(re[i], im[i]));
  return rho;
}
