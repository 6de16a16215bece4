/**
 * Deep linear networks (Saxe, McClelland & Ganguli 2014, "Exact solutions to
 * the nonlinear dynamics of learning in deep linear neural networks").
 *
 * A two-layer linear network ŷ = W₂W₁x (W₁: hidden×in, W₂: out×hidden) learns
 * a target map A = Σ_α s_α u_α v_αᵀ from whitened inputs (Σ_xx = I: the
 * inputs are the standard basis vectors e₁…e_in) with the summed squared
 * error L = ½ Σ_p ‖y_p − W₂W₁x_p‖² = ½‖A − W₂W₁‖²_F. Gradient flow:
 *
 *   dW₁/dt = W₂ᵀ(A − W₂W₁),   dW₂/dt = (A − W₂W₁)W₁ᵀ,
 *
 * i.e. Saxe's equations with τ = 1 in flow time; GD with step η is the same
 * with τ = 1/η when time is counted in steps (flow time t = kη).
 *
 * From an initialization aligned with the target's singular vectors and
 * balanced (W₁ = Σ a_α r_α v_αᵀ, W₂ = Σ a_α u_α r_αᵀ, r_α orthonormal), the
 * modes decouple: each a_α obeys da/dt = a(s − a²), so the mode strength
 * u = a² = u_αᵀW₂W₁v_α obeys the logistic equation du/dt = 2u(s − u),
 *
 *   u(t) = s·e^{2st} / (e^{2st} − 1 + s/u₀),
 *
 * and reaches half its target, u = s/2, at t½ = (1/2s)·ln((s − u₀)/u₀)
 * ≈ (1/2s)·ln(s/u₀): stronger modes are learned first, each after a plateau,
 * in time inversely proportional to s. GD's balanced mode follows the map
 * a ↦ a + ηa(s − a²) exactly, which approaches the flow as η → 0.
 */
import type { Tensor } from '../../autograd/index.js';
import { lowRankLinear } from '../../nn/index.js';
import { Rng } from '../../tensor/index.js';
import { gradientDescent } from './descent.js';
import { gradientFlow } from './gradientFlow.js';
import { unflattenTensor } from '../../optim/index.js';
import { objective } from '../../autograd/index.js';
import { checkInteger, checkOneOf, checkPositiveNumber } from '../../tensor/validate.js';

/** Saxe et al.'s mode strength u(t) = s e^{2st/τ} / (e^{2st/τ} − 1 + s/u₀) (τ = 1: flow time). */
export function saxeModeStrength(t: number, s: number, u0: number, tau = 1): number {
  if (!(s > 0) || !(u0 > 0) || !(tau > 0)) throw new Error(`saxeModeStrength: s, u0 and tau must be > 0, got s = ${s}, u0 = ${u0}, tau = ${tau}`);
  // Divide through by e^{2st/τ} so large t does not overflow.
  const decay = Math.exp((-2 * s * t) / tau);
  return s / (1 - decay + (s / u0) * decay);
}

/** Time for a mode to grow from u₀ to u₁ (0 < u₀, u₁ < s): t = (τ/2s)·ln(u₁(s − u₀) / (u₀(s − u₁))); u₁ = s/2 by default. */
export function saxeLearningTime(s: number, u0: number, tau = 1, u1 = s / 2): number {
  if (!(s > 0) || !(u0 > 0 && u0 < s) || !(u1 > 0 && u1 < s) || !(tau > 0)) {
    throw new Error(`saxeLearningTime: need s > 0, 0 < u0 < s, 0 < u1 < s and tau > 0, got s = ${s}, u0 = ${u0}, u1 = ${u1}, tau = ${tau}`);
  }
  return (tau / (2 * s)) * Math.log((u1 * (s - u0)) / (u0 * (s - u1)));
}

export interface DeepLinearConfig {
  /** 'quick' (GD step 0.02) or 'full' (0.005); explicit `lr` wins. */
  size?: 'quick' | 'full';
  inDim?: number;
  outDim?: number;
  hidden?: number;
  /** Target singular values s_α (distinct, > 0); default [3, 2, 1]. */
  singularValues?: number[];
  /** Initial mode strength u₀ (aligned init); default 1e-3. */
  u0?: number;
  /** 'aligned' (balanced, along the target's singular vectors: the exact solution applies) or 'random' (small Gaussian, std initScale). */
  init?: 'aligned' | 'random';
  /** Std of the random init entries; default √u₀ / 4. */
  initScale?: number;
  /** GD learning rate η. */
  lr?: number;
  /** Horizon in flow time; default 1.5·t½ of the weakest mode. */
  horizon?: number;
  /** Output points of the series; default 121. */
  points?: number;
  seed?: number;
}

export interface DeepLinearMode {
  s: number;
  /** u_α(0) as initialized. */
  u0: number;
  /** Analytic, flow and GD mode strength at the output times. */
  analytic: number[];
  flow: number[];
  gd: number[];
  /** Predicted t½ = (1/2s) ln((s − u₀)/u₀) (from the actual u₀) and the measured crossings of s/2. */
  predictedHalfTime: number;
  flowHalfTime: number;
  gdHalfTime: number;
  /** max_t |u_flow − u_analytic| / s and max_t |u_GD − u_analytic| / s. */
  flowError: number;
  gdError: number;
}

export interface DeepLinearResult {
  lr: number;
  horizon: number;
  init: 'aligned' | 'random';
  /** Output times (flow time; GD step k at t = kη). */
  t: number[];
  /** L at the output times along the flow and along GD. */
  flowLoss: number[];
  gdLoss: number[];
  modes: DeepLinearMode[];
  findings: {
    /** Largest relative error of flow / GD mode curves against the analytic solution. */
    maxFlowError: number;
    maxGdError: number;
    /** Largest |measured − predicted| / predicted half-time over modes, flow and GD. */
    maxFlowHalfTimeError: number;
    maxGdHalfTimeError: number;
    /** Modes reach s/2 in order of decreasing s (flow and GD). */
    learnedInOrder: boolean;
  };
}

/** First time the (piecewise linear) series crosses `level` upwards; NaN if never. */
function crossingTime(t: readonly number[], u: readonly number[], level: number): number {
  for (let i = 1; i < u.length; i++) {
    if (u[i - 1]! < level && u[i]! >= level) return t[i - 1]! + ((level - u[i - 1]!) / (u[i]! - u[i - 1]!)) * (t[i]! - t[i - 1]!);
  }
  return NaN;
}

/**
 * Simulate GD and gradient flow on a two-layer linear network and compare with Saxe et al.'s solution.
 * `checkpoint`, if given, is called before every loss evaluation (the experiments runner's cancellation check: it may throw).
 */
export function deepLinearStudy(config: DeepLinearConfig = {}, { checkpoint }: { checkpoint?: () => void } = {}): DeepLinearResult {
  const { size = 'quick', inDim = 6, outDim = 6, singularValues = [3, 2, 1], u0 = 1e-3, init = 'aligned', points = 121, seed = 0 } = config;
  const hidden = config.hidden ?? singularValues.length;
  const fn = 'deepLinearStudy';
  checkOneOf(fn, 'size', size, ['quick', 'full'] as const);
  const r = singularValues.length;
  if (!Number.isInteger(hidden) || hidden < r) throw new Error(`${fn}: hidden must be an integer ≥ the number of modes ${r}, got ${hidden}`);
  if (new Set(singularValues).size !== r || singularValues.some((s) => !(s > 0))) throw new Error(`${fn}: singularValues must be distinct and > 0, got [${singularValues.join(', ')}]`);
  if (!(u0 > 0 && u0 < Math.min(...singularValues))) throw new Error(`${fn}: u0 must be in (0, min s), got ${u0}`);
  checkOneOf(fn, 'init', init, ['aligned', 'random'] as const);
  checkInteger(fn, 'points', points, 3);
  const lr = config.lr ?? (size === 'quick' ? 0.02 : 0.005);
  if (!(lr > 0 && lr * 2 * Math.max(...singularValues) < 1)) throw new Error(`${fn}: lr must be in (0, 1/(2·max s)) for GD to track the flow, got ${lr}`);
  const sMin = Math.min(...singularValues);
  const horizon = config.horizon ?? 1.5 * saxeLearningTime(sMin, u0);
  checkPositiveNumber(fn, 'horizon', horizon);

  // Target A = U diag(s) Vᵀ from whitened inputs (x = e_j, y = A e_j).
  const data = lowRankLinear({ inDim, outDim, singularValues, inputs: 'whitened', seed });
  const U = data.meta.U as number[][]; // outDim × r
  const V = data.meta.V as number[][]; // inDim × r
  const shapes = [
    [hidden, inDim],
    [outDim, hidden],
  ];
  const n = hidden * inDim + outDim * hidden;
  const x = data.x;
  const y = data.y;
  const loss = (theta: Tensor): Tensor => {
    checkpoint?.();
    const [W1, W2] = unflattenTensor(theta, shapes);
    const prediction = x.matmul(W1!.T).matmul(W2!.T);
    return y.sub(prediction).square().sum().mul(0.5);
  };
  const obj = objective(loss, n);

  // θ₀: W₁ = Σ a r_α v_αᵀ, W₂ = Σ a u_α r_αᵀ with r_α = e_α and a = √u₀ (balanced), or small Gaussian.
  const theta0 = new Float64Array(n);
  if (init === 'aligned') {
    const a = Math.sqrt(u0);
    for (let al = 0; al < r; al++) {
      for (let j = 0; j < inDim; j++) theta0[al * inDim + j] = a * V[j]![al]!;
      for (let i = 0; i < outDim; i++) theta0[hidden * inDim + i * hidden + al] = a * U[i]![al]!;
    }
  } else {
    const scale = config.initScale ?? Math.sqrt(u0) / 4;
    if (!(scale > 0)) throw new Error(`${fn}: initScale must be > 0, got ${scale}`);
    new Rng(seed + 1).fillNormal(theta0, 0, scale);
  }
  /** u_α = u_αᵀ W₂W₁ v_α for each mode. */
  const modeStrengths = (theta: Float64Array): number[] => {
    const out: number[] = [];
    for (let al = 0; al < r; al++) {
      // h = W₁ v_α, then u_αᵀ W₂ h.
      const h = new Float64Array(hidden);
      for (let k = 0; k < hidden; k++) for (let j = 0; j < inDim; j++) h[k] = h[k]! + theta[k * inDim + j]! * V[j]![al]!;
      let u = 0;
      for (let i = 0; i < outDim; i++) for (let k = 0; k < hidden; k++) u += U[i]![al]! * theta[hidden * inDim + i * hidden + k]! * h[k]!;
      out.push(u);
    }
    return out;
  };

  // Output grid on GD steps: t = kη for k = round(i·K/(points−1)).
  const K = Math.max(1, Math.round(horizon / lr));
  const ks = Array.from({ length: points }, (_, i) => Math.round((i * K) / (points - 1)));
  const stepSet = new Set(ks);
  const t = ks.map((k) => k * lr);
  const gdRun = gradientDescent(obj, theta0, lr, K);
  if (gdRun.diverged) throw new Error(`${fn}: GD diverged at lr = ${lr}`);
  const gdStates = gdRun.theta.filter((_, k) => stepSet.has(k));
  const flowRun = gradientFlow(obj, theta0, [0, K * lr], { method: 'dop853', rtol: 1e-10, atol: 1e-12, tEval: t });
  if (flowRun.status !== 'success') throw new Error(`${fn}: flow integration failed (${flowRun.message})`);

  const flowU = flowRun.y.map(modeStrengths);
  const gdU = gdStates.map(modeStrengths);
  const initialU = modeStrengths(theta0);
  const modes: DeepLinearMode[] = singularValues.map((s, al) => {
    const u0a = initialU[al]!;
    const analytic = t.map((ti) => (u0a > 0 ? saxeModeStrength(ti, s, u0a) : NaN));
    const flow = flowU.map((u) => u[al]!);
    const gd = gdU.map((u) => u[al]!);
    const err = (series: number[]): number => Math.max(...series.map((v, i) => Math.abs(v - analytic[i]!) / s));
    return {
      s,
      u0: u0a,
      analytic,
      flow,
      gd,
      predictedHalfTime: u0a > 0 && u0a < s / 2 ? saxeLearningTime(s, u0a) : NaN,
      flowHalfTime: crossingTime(t, flow, s / 2),
      gdHalfTime: crossingTime(t, gd, s / 2),
      flowError: err(flow),
      gdError: err(gd),
    };
  });
  const relErr = (a: number, b: number): number => Math.abs(a - b) / b;
  const ordered = (key: 'flowHalfTime' | 'gdHalfTime'): boolean => {
    const bySize = [...modes].sort((a, b) => b.s - a.s).map((m) => m[key]);
    return bySize.every((v, i) => Number.isFinite(v) && (i === 0 || v > bySize[i - 1]!));
  };
  return {
    lr,
    horizon: K * lr,
    init,
    t,
    flowLoss: Array.from(flowRun.loss),
    gdLoss: gdStates.map((th) => obj.value(th)),
    modes,
    findings: {
      maxFlowError: Math.max(...modes.map((m) => m.flowError)),
      maxGdError: Math.max(...modes.map((m) => m.gdError)),
      maxFlowHalfTimeError: Math.max(...modes.map((m) => relErr(m.flowHalfTime, m.predictedHalfTime))),
      maxGdHalfTimeError: Math.max(...modes.map((m) => relErr(m.gdHalfTime, m.predictedHalfTime))),
      learnedInOrder: ordered('flowHalfTime') && ordered('gdHalfTime'),
    },
  };
}
