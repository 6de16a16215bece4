/**
 * Credit in time: how the gradient of a loss at the last step T reaches the state k steps back
 * (Bengio et al. 1994; Pascanu, Mikolov & Bengio 2013, "On the difficulty of training RNNs").
 *
 * By the chain rule ∂L/∂h_k = ∂L/∂h_T · J_T J_{T−1} ⋯ J_{k+1}, with J_t = ∂h_t/∂h_{t−1} the recurrent
 * Jacobian along the trajectory. For the Elman step h_t = φ(W h_{t−1} + …), J_t = diag φ′(z_t) W, so
 *   ‖∂L/∂h_k‖ ≤ ‖∂L/∂h_T‖ · ‖J_T ⋯ J_{k+1}‖₂ ≤ ‖∂L/∂h_T‖ · (‖W‖₂ · max|φ′|)^{T−k}      (Pascanu et al., eq. 7);
 * for the Euler rate network h_t = h + α(−h + W φ(h) + …), J_t = (1 − α)I + α W diag φ′(h), and the factor
 * is (1 − α) + α‖W‖₂ max|φ′|. Gradients vanish when that factor is < 1 (sufficient), and can only explode
 * when ρ(W)·max|φ′| > 1 is possible along the way (necessary, for the largest eigenvalue; Pascanu et al. §2.2).
 *
 * The measured norms come from the autodiff engine (BPTT, states with retainGrad); the Jacobian products
 * from the same Jacobians built explicitly — the two must agree to rounding, and both must sit under the bound.
 */
import { noGrad, tensor, type Tensor } from '../autograd/index.js';
import { symmetricEigenvalues, spectralRadius } from '../linalg/index.js';
import { RateRNN, RNN, type RecurrentModule } from '../nn/index.js';
import { Rng } from '../tensor/index.js';
import { rowJacobians } from './fixedPoints.js';

export interface CreditInTimeResult {
  /** Lag T − k for k = T, T−1, …, 0. */
  lags: number[];
  /** Mean over sequences of ‖∂L/∂h_k‖ from backpropagation through time. */
  gradNorms: number[];
  /** Mean over sequences of ‖∂L/∂h_T‖ · ‖J_T ⋯ J_{k+1}‖₂. */
  productNorms: number[];
  /** Mean over sequences of ‖∂L/∂h_T‖ · factor^{T−k} (Pascanu et al.'s bound); null for layers without one. */
  bound: number[] | null;
  /** ‖W‖₂ max|φ′| (RNN) or (1 − α) + α‖W‖₂ max|φ′| (RateRNN). */
  factor: number | null;
  /** ρ(W_hh) and ‖W_hh‖₂. */
  spectralRadius: number;
  weightNorm: number;
  /** Largest |(autodiff) − (explicit product)| relative to the norm, over lags and sequences. */
  maxMismatch: number;
  /** Per-step geometric rate of the measured norms: exp of the least-squares slope of log‖∂L/∂h_k‖ on the lag. */
  growthRate: number;
}

/** ‖A‖₂ = √λ_max(AᵀA) for an n×n row-major A; `checkpoint` (a cancellation check) runs per row of AᵀA and inside the eigensolver. */
export function spectralNorm(a: Float64Array, n: number, checkpoint?: () => void): number {
  const ata = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    checkpoint?.();
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += a[k * n + i]! * a[k * n + j]!;
      ata[i * n + j] = s;
      ata[j * n + i] = s;
    }
  }
  const ev = symmetricEigenvalues(ata, n, { checkpoint });
  return Math.sqrt(Math.max(0, ev[ev.length - 1]!));
}

/**
 * Measure credit in time for the layer on input sequences x ([T, B, I], or [B, T, I] with batchFirst), with the
 * loss L = Σ_b ⟨c_b, h_T^b⟩ for fixed random unit probes c_b (seeded): ∂L/∂h_T = c_b has norm 1 for every
 * sequence, so the norms measure the propagation alone. Pass `loss` to use another loss of h_T instead.
 * `checkpoint`, if given, is called per lag and sequence before its O(n³) product, spectral norm and comparison
 * (a cancellation check that may throw; wrap `model.step` to check inside the forward pass and the Jacobians too).
 */
export function creditInTime(
  model: RecurrentModule,
  x: Tensor,
  { seed = 0, loss, checkpoint }: { seed?: number; loss?: (hT: Tensor) => Tensor; checkpoint?: () => void } = {},
): CreditInTimeResult {
  const seq = model.batchFirst ? x.swapAxes(0, 1) : x;
  const [T, B] = [seq.shape[0]!, seq.shape[1]!];
  const n = model.hiddenSize;
  const h0 = tensor(new Float64Array(B * n), { shape: [B, n], requiresGrad: true });
  const states: Tensor[] = [h0];
  let h: Tensor = h0;
  for (let t = 0; t < T; t++) {
    h = model.step(seq.select(0, t), h).retainGrad();
    states.push(h);
  }
  const rng = new Rng(seed);
  const probe = new Float64Array(B * n);
  for (let b = 0; b < B; b++) {
    const v = rng.fillNormal(new Float64Array(n));
    const norm = Math.hypot(...v);
    for (let j = 0; j < n; j++) probe[b * n + j] = v[j]! / norm;
  }
  const L = loss ? loss(h) : h.mul(tensor(probe, { shape: [B, n] })).sum();
  L.backward();
  const gradAt = (k: number) => states[k]!.grad?.data ?? new Float64Array(B * n);
  const gT = Float64Array.from(gradAt(T));
  // Explicit products P_k = J_T ⋯ J_{k+1}, per sequence, and the cotangent gT·P_k.
  const P = Array.from({ length: B }, () => identity(n));
  const gradNorms: number[] = [];
  const productNorms: number[] = [];
  const headNorms: number[] = [];
  let maxMismatch = 0;
  for (let b = 0; b < B; b++) headNorms.push(rowNorm(gT, b, n));
  for (let k = T; k >= 0; k--) {
    if (k < T) {
      const xk = seq.select(0, k).contiguous().detach();
      const Js = noGrad(() => states[k]!.detach()).data;
      const jac = rowJacobians((hh) => model.step(xk, hh), Float64Array.from(Js), n);
      for (let b = 0; b < B; b++) {
        checkpoint?.();
        P[b] = matmulSquare(P[b]!, jac[b]!, n);
      }
    }
    const g = gradAt(k);
    let gsum = 0;
    let psum = 0;
    for (let b = 0; b < B; b++) {
      checkpoint?.();
      const measured = rowNorm(g, b, n);
      gsum += measured;
      psum += headNorms[b]! * spectralNorm(P[b]!, n);
      // gT·P_k against the autodiff cotangent.
      let err = 0;
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let i = 0; i < n; i++) s += gT[b * n + i]! * P[b]![i * n + j]!;
        err = Math.max(err, Math.abs(s - g[b * n + j]!));
      }
      maxMismatch = Math.max(maxMismatch, err / Math.max(measured, 1e-300));
    }
    gradNorms.push(gsum / B);
    productNorms.push(psum / B);
  }
  const W = model.recurrentWeights();
  const weightNorm = spectralNorm(W, n, checkpoint);
  const rho = spectralRadius(W, n, { checkpoint });
  const factor = boundFactor(model, weightNorm);
  const meanHead = headNorms.reduce((s, v) => s + v, 0) / B;
  const lags = gradNorms.map((_, i) => i);
  return {
    lags,
    gradNorms,
    productNorms,
    bound: factor === null ? null : lags.map((l) => meanHead * factor ** l),
    factor,
    spectralRadius: rho,
    weightNorm,
    maxMismatch,
    growthRate: geometricRate(lags, gradNorms),
  };
}

/** max|φ′| = 1 for tanh and relu; the per-step factor of the bound (see the header). */
function boundFactor(model: RecurrentModule, weightNorm: number): number | null {
  if (model instanceof RNN) return weightNorm;
  if (model instanceof RateRNN) return 1 - model.alpha + model.alpha * weightNorm;
  return null;
}

/** exp(slope) of the least-squares line through (lag, log norm), over the finite positive norms. */
export function geometricRate(lags: readonly number[], norms: readonly number[]): number {
  const pts = lags.map((l, i) => [l, Math.log(norms[i]!)] as const).filter(([, y]) => Number.isFinite(y));
  if (pts.length < 2) return NaN;
  const mx = pts.reduce((s, [x]) => s + x, 0) / pts.length;
  const my = pts.reduce((s, [, y]) => s + y, 0) / pts.length;
  let sxy = 0;
  let sxx = 0;
  for (const [x, y] of pts) {
    sxy += (x - mx) * (y - my);
    sxx += (x - mx) ** 2;
  }
  return Math.exp(sxy / sxx);
}

/**
 * Exploding-gradient detection over a training run's gradient norms: a step explodes when its norm is
 * non-finite or exceeds `factor` times the median of the previous `window` norms (a spike against the
 * run's own scale, as in Pascanu et al.'s observation of sudden cliffs). Returns the indices of such steps.
 */
export function explodingSteps(norms: readonly number[], { factor = 10, window = 20 }: { factor?: number; window?: number } = {}): number[] {
  const out: number[] = [];
  for (let i = 0; i < norms.length; i++) {
    const v = norms[i]!;
    if (!Number.isFinite(v)) {
      out.push(i);
      continue;
    }
    const past = norms.slice(Math.max(0, i - window), i).filter(Number.isFinite).sort((a, b) => a - b);
    if (past.length >= Math.min(window, 5) && v > factor * past[Math.floor(past.length / 2)]!) out.push(i);
  }
  return out;
}

function identity(n: number): Float64Array {
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) a[i * n + i] = 1;
  return a;
}
function matmulSquare(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const c = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < n; k++) {
      const v = a[i * n + k]!;
      if (v === 0) continue;
      for (let j = 0; j < n; j++) c[i * n + j] = c[i * n + j]! + v * b[k * n + j]!;
    }
  }
  return c;
}
function rowNorm(a: Float64Array, row: number, n: number): number {
  let s = 0;
  for (let j = 0; j < n; j++) s += a[row * n + j]! ** 2;
  return Math.sqrt(s);
}
