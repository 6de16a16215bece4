/**
 * The closed-form theory of GD, heavy ball and Nesterov on quadratics, in
 * one place: per-mode multipliers and rates, stability thresholds, and the
 * optimal tunings. dynamics (linearized predictions, stability diagrams),
 * landscape (rates on test surfaces), the experiments and the explorer read
 * these.
 *
 * On L = ½θᵀHθ each eigen-direction of H (eigenvalue λ, h = ηλ) evolves
 * independently, with a k×k "mode matrix" (k = 1 + number of state blocks),
 * in torch's forms:
 *   GD:          x' = (1 − h) x                                multiplier μ = 1 − h
 *   heavy ball:  (x, b)' = [[1 − h, −ηβ], [λ, β]] (x, b)       (b' = βb + g, x' = x − ηb'; Polyak 1964)
 *   Nesterov:    (x, b)' = [[1 − (1+β)h, −ηβ²], [λ, β]] (x, b) (x' = x − η(g + βb'); Nesterov 1983,
 *                 torch's SGD(nesterov=True) iterates the look-ahead point)
 * A 2×2 real matrix with trace T and determinant D has characteristic
 * polynomial μ² − Tμ + D; heavy ball T = 1 + β − h, D = β; Nesterov
 * T = (1 + β)(1 − h), D = β(1 − h). Both roots lie in the open unit disk iff
 * (Jury / Schur–Cohn) |D| < 1 and |T| < 1 + D:
 *   GD:          0 < h < 2
 *   heavy ball:  0 < h < 2(1 + β)                 (0 ≤ β < 1)
 *   Nesterov:    1 − T + D = h > 0 and 1 + T + D = 2(1 + β) − h(1 + 2β) > 0
 *                ⇔ 0 < h < 2(1 + β)/(1 + 2β); |D| = β|1 − h| < 1 holds there.
 * The iteration contracts like ρᵗ with ρ = max over modes of max|μ|.
 * Oscillation: a negative real μ flips sign every step, a complex pair
 * rotates; GD oscillates in a mode iff h > 1.
 *
 * Optimal tunings for λ ∈ [μ, L] (κ = L/μ):
 *   GD, η = 2/(μ + L):                                         rate (κ − 1)/(κ + 1)
 *   heavy ball (Polyak), η = 4/(√L + √μ)², β = ((√κ − 1)/(√κ + 1))²: rate (√κ − 1)/(√κ + 1),
 *     every mode has |μ| = √β (complex, or a double real root at λ = μ and λ = L: a Jordan block)
 *   Nesterov, η = 1/L, β = (√κ − 1)/(√κ + 1):                   rate 1 − 1/√κ (double root at λ = μ)
 * At a double root the error behaves like (a + bt)·rᵗ, so a rate measured
 * over a window [t₁, t₂] exceeds r by the factor ((a + bt₂)/(a + bt₁))^{1/(t₂−t₁)} → 1.
 */
import { checkNumberInRange, checkOneOf, checkPositiveNumber } from '../tensor/validate.js';

export type LinearKind = 'gd' | 'momentum' | 'nesterov';

export interface LinearHyper {
  lr: number;
  /** β (heavy ball / Nesterov); ignored for 'gd'. */
  momentum?: number;
}

export interface Multiplier {
  re: number;
  im: number;
}

function checkKindHyper(fn: string, kind: LinearKind, h: LinearHyper): number {
  checkOneOf(fn, 'kind', kind, ['gd', 'momentum', 'nesterov'] as const);
  checkPositiveNumber(fn, 'lr', h?.lr);
  const beta = kind === 'gd' ? 0 : (h.momentum ?? NaN);
  if (kind !== 'gd') checkNumberInRange(fn, 'momentum', beta, 0, 1, { hiOpen: true });
  return beta;
}

/** The per-eigenvalue mode matrix (row-major, 1×1 for GD, 2×2 otherwise). */
export function modeMatrix(kind: LinearKind, lambda: number, hyper: LinearHyper): Float64Array {
  const beta = checkKindHyper('modeMatrix', kind, hyper);
  const eta = hyper.lr;
  if (kind === 'gd') return Float64Array.of(1 - eta * lambda);
  if (kind === 'momentum') return Float64Array.of(1 - eta * lambda, -eta * beta, lambda, beta);
  return Float64Array.of(1 - eta * (1 + beta) * lambda, -eta * beta * beta, lambda, beta);
}

/** The multipliers μ of one mode: roots of μ² − Tμ + D (or μ = 1 − ηλ for GD), as {re, im} pairs. */
export function modeMultipliers(kind: LinearKind, lambda: number, hyper: LinearHyper): Multiplier[] {
  const m = modeMatrix(kind, lambda, hyper);
  if (m.length === 1) return [{ re: m[0]!, im: 0 }];
  const T = m[0]! + m[3]!;
  const D = m[0]! * m[3]! - m[1]! * m[2]!;
  const disc = T * T - 4 * D;
  if (disc >= 0) {
    // Stable quadratic formula: the larger-magnitude root first, the other from D = μ₁μ₂.
    const s = Math.sqrt(disc);
    const r1 = (T + (T >= 0 ? s : -s)) / 2;
    const r2 = r1 !== 0 ? D / r1 : 0;
    return [
      { re: r1, im: 0 },
      { re: r2, im: 0 },
    ];
  }
  const s = Math.sqrt(-disc) / 2;
  return [
    { re: T / 2, im: s },
    { re: T / 2, im: -s },
  ];
}

/** The rate of one mode, max |μ|: deviations along its eigen-direction shrink (< 1) or grow like rateᵗ. */
export function modeRate(kind: LinearKind, lambda: number, hyper: LinearHyper): number {
  return Math.max(...modeMultipliers(kind, lambda, hyper).map((m) => Math.hypot(m.re, m.im)));
}

/** The rate on a spectrum: ρ = max over eigenvalues of the mode rate (GD: max|1 − ηλ|). */
export function convergenceRate(kind: LinearKind, eigenvalues: ArrayLike<number>, hyper: LinearHyper): number {
  const fn = 'convergenceRate';
  if (!eigenvalues || eigenvalues.length === 0) throw new Error(`${fn}: eigenvalues must be a non-empty list of finite numbers`);
  let rho = 0;
  for (let i = 0; i < eigenvalues.length; i++) {
    const l = eigenvalues[i]!;
    if (!Number.isFinite(l)) throw new Error(`${fn}: eigenvalues[${i}] must be finite, got ${l}`);
    rho = Math.max(rho, modeRate(kind, l, hyper));
  }
  return rho;
}

/** The largest stable step size for a curvature λ_max > 0: 2/λ, 2(1+β)/λ, 2(1+β)/((1+2β)λ). */
export function criticalLearningRate(kind: LinearKind, lambdaMax: number, momentum = 0): number {
  const fn = 'criticalLearningRate';
  checkPositiveNumber(fn, 'lambdaMax', lambdaMax);
  if (kind === 'gd') return 2 / lambdaMax;
  checkNumberInRange(fn, 'momentum', momentum, 0, 1, { hiOpen: true });
  if (kind === 'momentum') return (2 * (1 + momentum)) / lambdaMax;
  if (kind === 'nesterov') return (2 * (1 + momentum)) / ((1 + 2 * momentum) * lambdaMax);
  throw new Error(`${fn}: kind must be 'gd', 'momentum' or 'nesterov', got ${String(kind)}`);
}

export interface ModePrediction {
  lambda: number;
  multipliers: Multiplier[];
  /** max |μ| of this mode. */
  rate: number;
  /** A negative real or a complex multiplier. */
  oscillates: boolean;
}

export interface LinearizedPrediction {
  kind: LinearKind;
  lr: number;
  momentum: number;
  /** ρ = max over modes of |μ|: deviations shrink (ρ < 1) or grow like ρ^t. */
  spectralRadius: number;
  stable: boolean;
  /** The mode that sets ρ, and whether it approaches with oscillation. */
  dominant: ModePrediction;
  oscillates: boolean;
  /** Number of modes with a negative or complex multiplier. */
  oscillatingModes: number;
  /** Largest stable lr for this β and the top curvature (NaN if λ_max ≤ 0, when no lr > 0 is stable for a concave direction anyway). */
  maxStableLr: number;
  modes: ModePrediction[];
}

/** Predictions of the linearized dynamics from the Hessian eigenvalues (any order). */
export function linearizedPrediction(hessianEigenvalues: ArrayLike<number>, kind: LinearKind, hyper: LinearHyper): LinearizedPrediction {
  const fn = 'linearizedPrediction';
  const beta = checkKindHyper(fn, kind, hyper);
  if (hessianEigenvalues.length === 0) throw new Error(`${fn}: hessianEigenvalues must be non-empty`);
  const modes: ModePrediction[] = [];
  let lambdaMax = -Infinity;
  for (let i = 0; i < hessianEigenvalues.length; i++) {
    const lambda = hessianEigenvalues[i]!;
    if (!Number.isFinite(lambda)) throw new Error(`${fn}: hessianEigenvalues[${i}] must be finite, got ${lambda}`);
    lambdaMax = Math.max(lambdaMax, lambda);
    const multipliers = modeMultipliers(kind, lambda, hyper);
    const rate = Math.max(...multipliers.map((m) => Math.hypot(m.re, m.im)));
    const oscillates = multipliers.some((m) => m.im !== 0 || m.re < 0);
    modes.push({ lambda, multipliers, rate, oscillates });
  }
  let dominant = modes[0]!;
  for (const m of modes) if (m.rate > dominant.rate) dominant = m;
  return {
    kind,
    lr: hyper.lr,
    momentum: beta,
    spectralRadius: dominant.rate,
    stable: dominant.rate < 1,
    dominant,
    oscillates: dominant.oscillates,
    oscillatingModes: modes.filter((m) => m.oscillates).length,
    maxStableLr: lambdaMax > 0 ? criticalLearningRate(kind, lambdaMax, beta) : NaN,
    modes,
  };
}

export interface TunedMethod {
  lr: number;
  momentum: number;
  /** The closed-form asymptotic rate. */
  rate: number;
}

function checkBounds(fn: string, mu: number, L: number): void {
  checkPositiveNumber(fn, 'mu', mu);
  checkPositiveNumber(fn, 'L', L);
  if (L < mu) throw new Error(`${fn}: need L ≥ mu, got mu = ${mu}, L = ${L}`);
}

/** GD with the optimal constant step 2/(μ + L) for curvatures in [μ, L]. */
export function gdOptimal(mu: number, L: number): TunedMethod {
  checkBounds('gdOptimal', mu, L);
  return { lr: 2 / (mu + L), momentum: 0, rate: (L - mu) / (L + mu) };
}

/** Polyak's heavy ball at its optimal parameters for curvatures in [μ, L]. */
export function polyakOptimal(mu: number, L: number): TunedMethod {
  checkBounds('polyakOptimal', mu, L);
  const sk = Math.sqrt(L / mu);
  const q = (sk - 1) / (sk + 1);
  return { lr: 4 / (Math.sqrt(L) + Math.sqrt(mu)) ** 2, momentum: q * q, rate: q };
}

/** Nesterov's tuning for strongly convex functions: η = 1/L, β = (√κ − 1)/(√κ + 1), rate 1 − 1/√κ. */
export function nesterovOptimal(mu: number, L: number): TunedMethod {
  checkBounds('nesterovOptimal', mu, L);
  const sk = Math.sqrt(L / mu);
  return { lr: 1 / L, momentum: (sk - 1) / (sk + 1), rate: 1 - 1 / sk };
}
