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
 *    when it is negligible next to its diagonal neighbours (LAPACK's test,
 *    see negligibleSubdiagonal). Each deflated 1×1 block is a real
 *    eigenvalue, each 2×2 block a real pair or a conjugate pair. Exceptional
 *    shifts every 10 sweeps on one block break the rare cycles.
 *
 * Backward stable: the eigenvalues are exact for A + E with ‖E‖ = O(n·ε‖A‖).
 * The forward error of an eigenvalue is that perturbation times its
 * condition number, which is infinite for a defective eigenvalue: a Jordan
 * block of size k perturbed by δ splits its eigenvalue by ~δ^(1/k).
 */
import { checkSquareMatrix } from '../tensor/validate.js';

const EPS = Number.EPSILON;
/** Iteration budget 30·max(10, n) double-shift sweeps in total, as LAPACK dlahqr. */
const MAX_ITERATIONS_FACTOR = 30;
/**
 * √(smallest normal). H is scaled to max|h_ij| ≈ 1, so a subdiagonal below
 * this is zero to far better than ε‖H‖; keeping it would let products of
 * entries underflow, which stalls the shifted sweeps.
 */
const FLOOR = Math.sqrt(2.2250738585072014e-308);

export interface ComplexEigenvalues {
  /** Real parts. */
  re: Float64Array;
  /** Imaginary parts; conjugate pairs are adjacent, the +im member first. */
  im: Float64Array;
}

/** Divide h by the power of 2 nearest max|h_ij| (in place); returns that factor. */
function rescaleByPowerOfTwo(h: Float64Array): number {
  let maxAbs = 0;
  for (let i = 0; i < h.length; i++) maxAbs = Math.max(maxAbs, Math.abs(h[i]));
  if (maxAbs === 0) return 1;
  const factor = 2 ** Math.max(-1000, Math.min(1000, Math.round(Math.log2(maxAbs))));
  for (let i = 0; i < h.length; i++) h[i] /= factor;
  return factor;
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
function hessenberg(h: Float64Array, n: number, checkpoint?: () => void): void {
  const v = new Float64Array(n);
  const w = new Float64Array(n);
  for (let k = 0; k < n - 2; k++) {
    checkpoint?.();
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

/**
 * Can h[l][l−1] be set to zero? LAPACK dlahqr's test: the classic
 * |h_{l,l−1}| ≤ ε(|h_{l−1,l−1}| + |h_{l,l}|), refined by Ahues & Tisseur
 * (1997) so that deflation never costs more than ε relative accuracy in the
 * eigenvalues of the 2×2 block; plus the absolute FLOOR above.
 */
function negligibleSubdiagonal(h: Float64Array, n: number, l: number, nn: number): boolean {
  const sub = Math.abs(h[l * n + l - 1]);
  if (sub <= FLOOR) return true;
  const hll = h[l * n + l];
  const hpp = h[(l - 1) * n + l - 1];
  let tst = Math.abs(hpp) + Math.abs(hll);
  if (tst === 0) {
    if (l >= 2) tst += Math.abs(h[(l - 1) * n + l - 2]);
    if (l + 1 <= nn) tst += Math.abs(h[(l + 1) * n + l]);
  }
  if (sub > EPS * tst) return false;
  const sup = Math.abs(h[(l - 1) * n + l]);
  const ab = Math.max(sub, sup);
  const ba = Math.min(sub, sup);
  const diff = Math.abs(hpp - hll);
  const aa = Math.max(Math.abs(hll), diff);
  const bb = Math.min(Math.abs(hll), diff);
  const s = aa + ab;
  return ba * (ab / s) <= Math.max(FLOOR, EPS * (bb * (aa / s)));
}

/** Francis double-shift QR on upper Hessenberg h (destroyed); fills wr, wi. */
function francisQR(h: Float64Array, n: number, wr: Float64Array, wi: Float64Array, checkpoint?: () => void): void {
  const at = (i: number, j: number): number => h[i * n + j];
  let nn = n - 1;
  let t = 0; // accumulated exceptional shifts
  let totalIts = 0;
  const maxTotalIts = MAX_ITERATIONS_FACTOR * Math.max(10, n);
  while (nn >= 0) {
    let its = 0;
    let l: number;
    do {
      // Look for a single small subdiagonal element to split the matrix.
      for (l = nn; l >= 1; l--) {
        if (negligibleSubdiagonal(h, n, l, nn)) {
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
          checkpoint?.();
          if (totalIts === maxTotalIts) {
            throw new Error(`eigenvalues: Francis QR did not converge after ${totalIts} iterations (active block ${l}…${nn})`);
          }
          if (its > 0 && its % 10 === 0) {
            // Exceptional shifts (as LAPACK dlahqr) break the rare cycles of the
            // standard shift, e.g. on matrices close to a scaled cyclic permutation.
            if (its % 20 === 10) {
              // Built from the bottom of the active block.
              t += x;
              for (let i = 0; i <= nn; i++) h[i * n + i] -= x;
              const s = Math.abs(at(nn, nn - 1)) + Math.abs(at(nn - 1, nn - 2));
              x = y = 0.75 * s;
              w = -0.4375 * s * s;
            } else {
              // Built from the top of the active block.
              const s = Math.abs(at(l + 1, l)) + Math.abs(at(l + 2, l + 1));
              x = y = 0.75 * s + at(l, l);
              w = -0.4375 * s * s;
            }
          }
          its++;
          totalIts++;
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
 * A cancellation check (it may throw), called between steps of O(n²) work: every Householder reflector of the
 * Hessenberg reduction and every Francis QR sweep. It must not change anything the solver reads.
 */
export interface EigenvaluesOptions {
  checkpoint?: () => void;
}

/**
 * All eigenvalues of a real n×n row-major matrix, as real and imaginary
 * parts. Sorted by real part ascending; a conjugate pair appears as
 * (re, +im), (re, −im). Cost ≈ 10n³ flops.
 */
export function eigenvalues(a: Float64Array, n: number, { checkpoint }: EigenvaluesOptions = {}): ComplexEigenvalues {
  checkSquareMatrix('eigenvalues', a, n);
  // Scale by powers of 2 (exact) to max|h_ij| ≈ 1, before balancing and again
  // after (balancing can shrink the norm by many orders of magnitude).
  const h = Float64Array.from(a);
  let scale = rescaleByPowerOfTwo(h);
  balance(h, n);
  hessenberg(h, n, checkpoint);
  scale *= rescaleByPowerOfTwo(h);
  const wr = new Float64Array(n);
  const wi = new Float64Array(n);
  francisQR(h, n, wr, wi, checkpoint);
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (i, j) => wr[i] - wr[j] || Math.abs(wi[i]) - Math.abs(wi[j]) || wi[j] - wi[i],
  );
  const re = new Float64Array(n);
  const im = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    re[k] = wr[order[k]] * scale;
    im[k] = wi[order[k]] * scale;
  }
  return { re, im };
}

/** Spectral radius ρ(A) = max |λᵢ| over all (complex) eigenvalues. */
export function spectralRadius(a: Float64Array, n: number, options: EigenvaluesOptions = {}): number {
  checkSquareMatrix('spectralRadius', a, n);
  const { re, im } = eigenvalues(a, n, options);
  let rho = 0;
  for (let i = 0; i < n; i++) rho = Math.max(rho, Math.hypot(re[i], im[i]));
  return rho;
}
