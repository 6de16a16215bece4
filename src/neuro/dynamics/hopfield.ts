/**
 * Hopfield's continuous network (Hopfield 1984, "Neurons with graded
 * response have collective computational properties like those of
 * two-state neurons"), in rate-network form with R = 1, C = τ:
 *
 *   τ du/dt = −u + W v + I,   v = φ(u) = tanh(g u),
 *
 * and its Lyapunov function
 *
 *   E(v) = −½ vᵀWv − Iᵀv + Σᵢ ∫₀^{vᵢ} φ⁻¹(s) ds.
 *
 * For symmetric W, ∂E/∂vᵢ = −(Wv)ᵢ − Iᵢ + uᵢ = −τ duᵢ/dt, hence
 *   dE/dt = Σᵢ (∂E/∂vᵢ) φ'(uᵢ) duᵢ/dt = −τ Σᵢ φ'(uᵢ) (duᵢ/dt)² ≤ 0,
 * with equality only at fixed points: every trajectory descends E to an
 * equilibrium (a stored memory for Hebbian W). For asymmetric W the
 * identity ∂E/∂v = −τ du/dt fails (vᵀWv only sees the symmetric part), and
 * e.g. a rotation-like W = aI + bJ (J = [[0, −1], [1, 0]], a·g > 1) has a
 * limit cycle along which E must rise as often as it falls.
 *
 * For φ = tanh(g·): ∫₀^v φ⁻¹ = (v·atanh v + ½ ln(1 − v²))/g = u·v − ln cosh(g u)/g,
 * evaluated from u to stay finite when v rounds to ±1.
 */
import { Rng } from '../../tensor/index.js';
import { rateNetwork, rateNonlinearity, simulateRateNetwork } from './rateNetwork.js';
import { checkInteger, checkNumberInRange, checkPositiveNumber } from '../../tensor/validate.js';

/** ln cosh z without overflow. */
function logCosh(z: number): number {
  const a = Math.abs(z);
  return a + Math.log1p(Math.exp(-2 * a)) - Math.LN2;
}

/** Hopfield's energy at state u (v = tanh(g u)); W n×n row-major, I per unit (default 0). */
export function hopfieldEnergy(u: ArrayLike<number>, W: Float64Array, gain = 1, I?: ArrayLike<number>): number {
  const n = u.length;
  if (W.length !== n * n) throw new Error(`hopfieldEnergy: W must have n² = ${n * n} entries for a state of length ${n}, got ${W.length}`);
  checkPositiveNumber('hopfieldEnergy', 'gain', gain);
  if (I !== undefined && I.length !== n) throw new Error(`hopfieldEnergy: I must have n = ${n} entries, got ${I.length}`);
  const v = Float64Array.from({ length: n }, (_, i) => Math.tanh(gain * u[i]!));
  let e = 0;
  for (let i = 0; i < n; i++) {
    let wv = 0;
    for (let j = 0; j < n; j++) wv += W[i * n + j]! * v[j]!;
    e += -0.5 * v[i]! * wv - (I ? I[i]! : 0) * v[i]! + u[i]! * v[i]! - logCosh(gain * u[i]!) / gain;
  }
  return e;
}

/** Hebbian weights W = (1/n) Σ_μ ξ^μ ξ^μᵀ with zero diagonal, for ±1 patterns. */
export function hebbianWeights(patterns: readonly ArrayLike<number>[]): Float64Array {
  if (patterns.length < 1) throw new Error('hebbianWeights: need at least one pattern');
  const n = patterns[0]!.length;
  if (patterns.some((p) => p.length !== n)) throw new Error('hebbianWeights: all patterns must have the same length');
  const W = new Float64Array(n * n);
  for (const p of patterns) for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) W[i * n + j] = W[i * n + j]! + (p[i]! * p[j]!) / n;
  return W;
}

export interface HopfieldRun {
  /** Accepted step times and the energy there. */
  t: number[];
  energy: number[];
  /** max_k (E_{k+1} − E_k) over accepted steps (≤ 0 up to solver error for symmetric W). */
  maxIncrease: number;
  /** Number of accepted steps where E rose by more than `increaseTol`. */
  increases: number;
  /** E(0) − E(T). */
  totalDecrease: number;
  /** ‖du/dt‖ at the end (≈ 0 at a fixed point). */
  finalSpeed: number;
}

export interface HopfieldConfig {
  /** Units of the symmetric (Hebbian) network; default 16. */
  n?: number;
  /** Stored ±1 patterns; default 2. */
  patterns?: number;
  /** Fraction of bits of pattern 0 flipped in the start state; default 0.25. */
  corruption?: number;
  /** Gain g of v = tanh(g u); default 4. */
  gain?: number;
  /** Horizon; default 20τ. */
  horizon?: number;
  tau?: number;
  /** Solver tolerance (rtol; atol = rtol/100); default 1e-8. */
  rtol?: number;
  /** Asymmetric counter-example W = aI + bJ (2 units), gain 1; default a = 1.5, b = 1. */
  asymmetric?: { a?: number; b?: number };
  /** An energy rise larger than this counts as an increase; default 1e-9. */
  increaseTol?: number;
  seed?: number;
}

export interface HopfieldResult {
  symmetric: HopfieldRun & {
    /** Overlap m = (1/n) ξ⁰·v with the stored pattern at start and end (1 = perfect recall). */
    initialOverlap: number;
    finalOverlap: number;
  };
  asymmetric: HopfieldRun & {
    /** Sign changes of u₀ in the second half of the run (a cycle keeps producing them). */
    oscillations: number;
    /** max E − min E over the second half. */
    energyRange: number;
  };
}

function energyRun(u: Float64Array[], t: Float64Array, W: Float64Array, gain: number, increaseTol: number, finalSpeed: number): HopfieldRun {
  const energy = u.map((x) => hopfieldEnergy(x, W, gain));
  let maxIncrease = -Infinity;
  let increases = 0;
  for (let k = 1; k < energy.length; k++) {
    const d = energy[k]! - energy[k - 1]!;
    maxIncrease = Math.max(maxIncrease, d);
    if (d > increaseTol) increases++;
  }
  return { t: Array.from(t), energy, maxIncrease, increases, totalDecrease: energy[0]! - energy[energy.length - 1]!, finalSpeed };
}

function speed(f: (t: number, x: Float64Array, dx: Float64Array) => void, t: number, x: Float64Array): number {
  const dx = new Float64Array(x.length);
  f(t, x, dx);
  return Math.hypot(...dx);
}

/** Energy along a symmetric Hebbian network recalling a corrupted pattern, and along an asymmetric cycling pair. */
/** `checkpoint`, if given, is called before every right-hand-side evaluation (the experiments runner's cancellation check: it may throw). */
export function hopfieldStudy(config: HopfieldConfig = {}, { checkpoint }: { checkpoint?: () => void } = {}): HopfieldResult {
  const fn = 'hopfieldStudy';
  const { n = 16, patterns = 2, corruption = 0.25, gain = 4, tau = 1, rtol = 1e-8, increaseTol = 1e-9, seed = 0 } = config;
  const horizon = config.horizon ?? 20 * tau;
  checkInteger(fn, 'n', n, 2);
  checkInteger(fn, 'patterns', patterns, 1, n);
  checkNumberInRange(fn, 'corruption', corruption, 0, 0.5, { hiOpen: true });
  if (!(gain > 0) || !(tau > 0) || !(horizon > 0) || !(rtol > 0)) throw new Error(`${fn}: gain, tau, horizon and rtol must be > 0`);
  const rng = new Rng(seed);
  const xi = Array.from({ length: patterns }, () => Float64Array.from({ length: n }, () => (rng.random() < 0.5 ? -1 : 1)));
  const W = hebbianWeights(xi);
  const flips = new Set(rng.permutation(n).slice(0, Math.round(corruption * n)));
  const u0 = Float64Array.from(xi[0]!, (s, i) => (flips.has(i) ? -s : s) * 0.5);
  const net = rateNetwork({ W, tau, nonlinearity: rateNonlinearity('tanh', gain) });
  const sym = simulateRateNetwork(net, u0, [0, horizon], { rtol, atol: rtol / 100, checkpoint });
  if (sym.status !== 'success') throw new Error(`${fn}: integration failed (${sym.message})`);
  const overlap = (u: Float64Array): number => xi[0]!.reduce((s, x, i) => s + x * Math.tanh(gain * u[i]!), 0) / n;
  const uEnd = sym.y[sym.y.length - 1]!;

  const { a = 1.5, b = 1 } = config.asymmetric ?? {};
  const Wa = Float64Array.from([a, -b, b, a]);
  const asymNet = rateNetwork({ W: Wa, tau, nonlinearity: 'tanh' });
  const asym = simulateRateNetwork(asymNet, [0.1, 0], [0, 4 * horizon], { rtol, atol: rtol / 100, checkpoint });
  if (asym.status !== 'success') throw new Error(`${fn}: integration failed (${asym.message})`);
  const half = asym.t.findIndex((t) => t >= 2 * horizon);
  let oscillations = 0;
  for (let k = half + 1; k < asym.y.length; k++) if (Math.sign(asym.y[k]![0]!) !== Math.sign(asym.y[k - 1]![0]!)) oscillations++;
  const asymRun = energyRun(asym.y, asym.t, Wa, 1, increaseTol, speed(asymNet.f, asym.t[asym.t.length - 1]!, asym.y[asym.y.length - 1]!));
  const secondHalf = asymRun.energy.slice(half);
  return {
    symmetric: {
      ...energyRun(sym.y, sym.t, W, gain, increaseTol, speed(net.f, horizon, uEnd)),
      initialOverlap: overlap(u0),
      finalOverlap: overlap(uEnd),
    },
    asymmetric: { ...asymRun, oscillations, energyRange: Math.max(...secondHalf) - Math.min(...secondHalf) },
  };
}
