/**
 * Linear stability of GD, heavy ball and Nesterov from a Hessian spectrum.
 *
 * On a quadratic L = ½θᵀHθ each eigen-direction of H (eigenvalue λ)
 * evolves independently, with a k×k "mode matrix" (k = 1 + number of
 * state blocks):
 *   GD:          x' = (1 − ηλ) x                           multiplier μ = 1 − ηλ
 *   heavy ball:  (x, b)' = [[1 − ηλ, −ηβ], [λ, β]] (x, b)  (torch: b' = βb + g, x' = x − ηb')
 *   Nesterov:    (x, b)' = [[1 − η(1+β)λ, −ηβ²], [λ, β]] (x, b)  (torch: x' = x − η(g + βb'))
 * A 2×2 real matrix with trace T and determinant D has characteristic
 * polynomial μ² − Tμ + D, and both roots lie in the open unit disk iff
 * (Jury / Schur–Cohn) |D| < 1 and |T| < 1 + D.
 *   heavy ball: T = 1 + β − ηλ, D = β. With 0 ≤ β < 1: stable iff
 *               0 < ηλ < 2(1 + β).
 *   Nesterov:   T = 1 + β − η(1+β)λ, D = β(1 − ηλ).
 *               1 − T + D = ηλ > 0,
 *               1 + T + D = 2(1 + β) − ηλ(1 + 2β) > 0  ⇔  ηλ < 2(1+β)/(1+2β),
 *               and |D| = β|1 − ηλ| < 1 holds there (ηλ ≤ 2).
 * Rates: the iteration contracts like ρ^t with ρ = max over modes of the
 * largest |μ|. Oscillation: a negative real μ flips sign every step, a
 * complex pair rotates; GD oscillates in a mode iff ηλ > 1, heavy ball iff
 * the discriminant (1 + β − ηλ)² − 4β < 0 or the real roots are negative.
 *
 * Polyak's optimal heavy ball for λ ∈ [m, M] (κ = M/m):
 *   η = 4/(√M + √m)²,  β = ((√κ − 1)/(√κ + 1))²,  ρ = √β = (√κ − 1)/(√κ + 1),
 * and every mode has |μ| = √β (complex or, at λ = m and λ = M, a double
 * real root: there the mode matrix is a Jordan block).
 */
import { checkNumberInRange, checkPositiveNumber } from './validate.js';

export type LinearKind = 'gd' | 'momentum' | 'nesterov';

export interface LinearHyper {
  lr: number;
  /** β (heavy ball / Nesterov); ignored for 'gd'. */
  momentum?: number;
}

function checkKindHyper(fn: string, kind: LinearKind, h: LinearHyper): number {
  if (kind !== 'gd' && kind !== 'momentum' && kind !== 'nesterov') throw new Error(`${fn}: kind must be 'gd', 'momentum' or 'nesterov', got ${String(kind)}`);
  checkPositiveNumber(fn, 'lr', h.lr);
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
export function modeMultipliers(kind: LinearKind, lambda: number, hyper: LinearHyper): { re: number; im: number }[] {
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
    return [{ re: r1, im: 0 }, { re: r2, im: 0 }];
  }
  const s = Math.sqrt(-disc) / 2;
  return [{ re: T / 2, im: s }, { re: T / 2, im: -s }];
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
  multipliers: { re: number; im: number }[];
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

/** Polyak's optimal heavy-ball parameters for curvatures in [m, M]: lr, momentum and the rate (√κ − 1)/(√κ + 1). */
export function polyakOptimal(m: number, M: number): { lr: number; momentum: number; rate: number } {
  checkPositiveNumber('polyakOptimal', 'm', m);
  checkPositiveNumber('polyakOptimal', 'M', M);
  if (!(M >= m)) throw new Error(`polyakOptimal: M must be ≥ m, got m = ${m}, M = ${M}`);
  const sk = Math.sqrt(M / m);
  const rate = (sk - 1) / (sk + 1);
  return { lr: 4 / (Math.sqrt(M) + Math.sqrt(m)) ** 2, momentum: rate * rate, rate };
}
