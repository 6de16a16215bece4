/**
 * Mean-field theory of signal propagation in random deep networks.
 *
 * Forward (Glorot & Bengio 2010; Poole et al. 2016): a unit of layer l sums
 * fanIn inputs with weights of variance v_l, so h^l is Gaussian with
 *   q^l = E[(h^l)²] = σ_w²·E[φ(h^{l−1})²] + σ_b²,   σ_w² = fanIn·v_l,
 * with h^{l−1} ~ N(0, q^{l−1}). For ReLU E[φ(h)²] = q/2, so q^l = (σ_w²/2)·q^{l−1}
 * (He et al. 2015: σ_w² = 2 preserves the signal); for linear units q^l = σ_w² q^{l−1}.
 *
 * Backward (Schoenholz et al. 2017): under the gradient-independence
 * assumption, δ^l = φ'(h^l) ⊙ (W^{l+1})ᵀ δ^{l+1} gives
 *   E‖δ^l‖² = χ_l · E‖δ^{l+1}‖²,   χ_l = fanIn_{l+1}·v_{l+1}·E[φ'(h^l)²].
 * At the fixed point q* of the q-map this is χ₁ = σ_w²·E[φ'(h*)²]: χ₁ < 1
 * makes gradients vanish geometrically, χ₁ > 1 makes them explode, and the
 * depth scale over which they change by a factor e is ξ = −1/ln χ₁ (|ξ|).
 *
 * The input–output Jacobian J^l = ∂x^l/∂x^0 obeys the forward analogue
 *   (1/d₀)·‖J^l‖_F² = Π_k fanOut_k·v_k·E[φ'(h^k)²],
 * its mean squared singular value. For a deep linear network with orthogonal
 * weights of gain 1, J^l is a product of orthogonal matrices: every singular
 * value is exactly 1 (dynamical isometry, Saxe et al. 2014; Pennington et al. 2017).
 */
import type { ActivationName } from './activations.js';
import { getActivation } from './activations.js';
import { gaussianExpectation } from './quadrature.js';
import { checkNonNegativeNumber } from '../tensor/validate.js';

/** E[φ(h)²] and E[φ'(h)²] for h ~ N(0, q), exactly for ReLU/linear and by quadrature otherwise. */
export function activationMoments(activation: ActivationName, q: number): { phi2: number; dphi2: number; phiMean: number } {
  checkNonNegativeNumber('activationMoments', 'q', q);
  switch (activation) {
    case 'linear':
      return { phi2: q, dphi2: 1, phiMean: 0 };
    case 'relu':
      // E[relu(h)²] = q/2 by symmetry; relu' = 1 on half the line; E[relu(h)] = √(q/2π).
      return { phi2: q / 2, dphi2: 0.5, phiMean: Math.sqrt(q / (2 * Math.PI)) };
    default: {
      if (!Number.isFinite(q)) return { phi2: NaN, dphi2: NaN, phiMean: NaN };
      const act = getActivation(activation);
      return {
        phi2: gaussianExpectation((x) => act.f(x) ** 2, q),
        dphi2: gaussianExpectation((x) => act.df(x) ** 2, q),
        phiMean: gaussianExpectation(act.f, q),
      };
    }
  }
}

/** One step of the q-map: q ↦ σ_w²·E[φ(h)²] + σ_b², h ~ N(0, q). */
export function varianceMap(activation: ActivationName, q: number, sigmaW2: number, sigmaB2 = 0): number {
  return sigmaW2 * activationMoments(activation, q).phi2 + sigmaB2;
}

/** χ(q) = σ_w²·E[φ'(h)²], h ~ N(0, q): the per-layer factor of E‖δ‖². */
export function gradientGain(activation: ActivationName, q: number, sigmaW2: number): number {
  return sigmaW2 * activationMoments(activation, q).dphi2;
}

/**
 * Fixed point q* of the q-map, iterated from q0 (default 1) until the
 * relative change is < tol. Returns Infinity if q grows without bound
 * (ReLU/linear with σ_w² above critical) and 0 if it decays to 0.
 */
export function varianceFixedPoint(
  activation: ActivationName,
  sigmaW2: number,
  sigmaB2 = 0,
  { q0 = 1, tol = 1e-12, maxIter = 100_000, checkpoint }: { q0?: number; tol?: number; maxIter?: number; checkpoint?: () => void } = {},
): number {
  let q = q0;
  for (let it = 0; it < maxIter; it++) {
    // Near criticality the iteration converges slowly (hundreds of thousands of quadratures): let a caller cancel it.
    if (it % 256 === 0) checkpoint?.();
    const next = varianceMap(activation, q, sigmaW2, sigmaB2);
    if (!Number.isFinite(next) || next > 1e300) return Infinity;
    if (next < 1e-300) return 0;
    if (Math.abs(next - q) <= tol * Math.max(next, 1e-300)) return next;
    q = next;
  }
  return q;
}

/** Depth scale ξ = −1/ln χ (in layers): E‖δ‖² changes by e^{±1} every |ξ| layers; Infinity at χ = 1. */
export function depthScale(chi: number): number {
  if (chi <= 0) return 0;
  const l = Math.log(chi);
  return l === 0 ? Infinity : -1 / l;
}

export interface MeanFieldSummary {
  sigmaW2: number;
  sigmaB2: number;
  qStar: number;
  /** χ₁ at the fixed point (for ReLU/linear, χ₁ does not depend on q). */
  chi1: number;
  /** ξ = −1/ln χ₁ (negative when gradients explode). */
  depthScale: number;
  regime: 'vanishing' | 'critical' | 'exploding';
}

/** q*, χ₁ and ξ for a (φ, σ_w², σ_b²) triple; |χ₁ − 1| < 1e-3 counts as critical. */
export function meanFieldSummary(activation: ActivationName, sigmaW2: number, sigmaB2 = 0, checkpoint?: () => void): MeanFieldSummary {
  const qStar = varianceFixedPoint(activation, sigmaW2, sigmaB2, { checkpoint });
  const q = Number.isFinite(qStar) ? qStar : 1;
  const chi1 = gradientGain(activation, q, sigmaW2);
  const regime = Math.abs(chi1 - 1) < 1e-3 ? 'critical' : chi1 < 1 ? 'vanishing' : 'exploding';
  return { sigmaW2, sigmaB2, qStar, chi1, depthScale: depthScale(chi1), regime };
}

/** Layer sizes and per-entry weight variances of a network, input to output. */
export interface NetworkShape {
  activation: ActivationName;
  /** [inputDim, hidden…, outputDim]. */
  sizes: number[];
  /** Per-entry weight variance v of each of the sizes.length − 1 layers. */
  weightVariances: number[];
  sigmaB2?: number;
  /** True if every weight matrix is a scaled orthogonal matrix (enables the exact isometry prediction). */
  orthogonal?: boolean;
}

export interface LayerPrediction {
  /** Hidden layer index 1…L. */
  layer: number;
  /** q^l = E[(h^l)²]. */
  preactivationSecondMoment: number;
  /** E[φ(h^l)²]. */
  activationSecondMoment: number;
  /** Var φ(h^l) = E[φ²] − E[φ]². */
  activationVariance: number;
  /** χ_l = fanIn_{l+1}·v_{l+1}·E[φ'(h^l)²]. */
  chi: number;
  /** Predicted per-example ‖∂ℓ/∂h^l‖, anchored at the measured ‖∂ℓ/∂y‖. */
  activationGradNorm: number;
  /** Predicted per-example ‖∂ℓ/∂W^l‖_F = ‖δ^l‖·‖x^{l−1}‖. */
  weightGradNorm: number;
  /** Predicted mean squared singular value of J^l = ∂x^l/∂x^0. */
  jacobianMeanSquareSingularValue: number;
  /**
   * Exact singular values where the theory gives them: a linear network with
   * square orthogonal weights W^k = g_k·Q_k has J^l = (Π g_k)·(orthogonal), so
   * every singular value equals Π_k g_k (1 for gain 1: dynamical isometry).
   * null otherwise (then only the mean square is predicted).
   */
  jacobianSingularValue: number | null;
}

/**
 * Layer-by-layer predictions for one network. inputSecondMoment is
 * (1/d₀)·E‖x⁰‖², outputGradNorm the root mean square over examples of ‖∂ℓ/∂y‖.
 */
export function predictLayers(shape: NetworkShape, inputSecondMoment: number, outputGradNorm: number): LayerPrediction[] {
  const { activation, sizes, weightVariances } = shape;
  const sigmaB2 = shape.sigmaB2 ?? 0;
  const L = sizes.length - 2;
  if (weightVariances.length !== sizes.length - 1) {
    throw new Error(`predictLayers: weightVariances must have sizes.length − 1 = ${sizes.length - 1} entries, got ${weightVariances.length}`);
  }
  const q: number[] = [];
  const moments: { phi2: number; dphi2: number; phiMean: number }[] = [];
  // Mean square of the layer input x^{l−1}, per unit.
  let inputMs = inputSecondMoment;
  for (let l = 0; l < L; l++) {
    const ql = sizes[l] * weightVariances[l] * inputMs + sigmaB2;
    const m = activationMoments(activation, ql);
    q.push(ql);
    moments.push(m);
    inputMs = m.phi2;
  }
  // Backward: E‖δ^l‖² = χ_l E‖δ^{l+1}‖², starting from ‖∂ℓ/∂y‖².
  const grad2 = new Array<number>(L);
  const chi = new Array<number>(L);
  let g2 = outputGradNorm * outputGradNorm;
  for (let l = L - 1; l >= 0; l--) {
    chi[l] = sizes[l + 1] * weightVariances[l + 1] * moments[l].dphi2;
    g2 *= chi[l];
    grad2[l] = g2;
  }
  const out: LayerPrediction[] = [];
  let jac = 1;
  let isometric = activation === 'linear' && shape.orthogonal === true;
  let singular = 1;
  for (let l = 0; l < L; l++) {
    jac *= sizes[l + 1] * weightVariances[l] * moments[l].dphi2;
    // A square orthogonal W = g·Q has per-entry variance g²/n, so g = √(n·v).
    isometric = isometric && sizes[l + 1] === sizes[l];
    singular *= Math.sqrt(sizes[l] * weightVariances[l]);
    const inMs = l === 0 ? inputSecondMoment : moments[l - 1].phi2;
    out.push({
      layer: l + 1,
      preactivationSecondMoment: q[l],
      activationSecondMoment: moments[l].phi2,
      activationVariance: Math.max(moments[l].phi2 - moments[l].phiMean ** 2, 0),
      chi: chi[l],
      activationGradNorm: Math.sqrt(grad2[l]),
      weightGradNorm: Math.sqrt(grad2[l] * sizes[l] * inMs),
      jacobianMeanSquareSingularValue: jac,
      jacobianSingularValue: isometric ? singular : null,
    });
  }
  return out;
}
