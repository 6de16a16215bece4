/**
 * The edge-of-stability experiment (Cohen, Kaur, Li, Kolter & Talwalkar
 * 2021, "Gradient Descent on Neural Networks Typically Occurs at the Edge
 * of Stability"). Full-batch GD with step η on a small tanh network
 * regressing a Chebyshev polynomial T_k on a grid of [−1, 1]; the
 * sharpness λ_max(∇²L) is measured every few steps by warm-started Lanczos.
 *
 * What the classical picture predicts: GD is stable only where
 * λ_max < 2/η, and the loss decreases monotonically there. What happens:
 * (1) progressive sharpening — λ_max rises during training — until it
 * reaches 2/η; (2) then it stops rising and hovers at (or just above) 2/η,
 * while the loss keeps decreasing over long times but non-monotonically
 * (the iterate bounces along the sharp direction, which in turn flattens
 * it: a self-stabilization, Damian et al. 2023).
 */
import { mseLoss, regression1d, MLP } from '../nn/index.js';
import { moduleObjective } from '../optim/index.js';
import { classifyRegime, type Regime } from './regime.js';
import { SharpnessTracker } from './sharpness.js';
import { checkInteger, checkPositiveNumber, resolvePreset } from '../tensor/validate.js';

export interface EdgeOfStabilityConfig {
  /** Preset sizes: 'quick' (seconds, for tests) or 'full'. Explicit fields override it. */
  size?: 'quick' | 'full';
  lrs?: number[];
  steps?: number;
  /** Hidden widths of the tanh network, e.g. [16, 16]. */
  hidden?: number[];
  /** Number of grid points on [−1, 1]. */
  points?: number;
  /** Degree k of the target T_k. */
  degree?: number;
  /** Measure the sharpness every this many steps. */
  sharpnessEvery?: number;
  lanczosSteps?: number;
  seed?: number;
}

export interface EdgeOfStabilityRun {
  lr: number;
  /** 2/η. */
  threshold: number;
  /** Loss at every step t = 0 … steps − 1 (at θ_t). */
  loss: number[];
  sharpnessSteps: number[];
  sharpness: number[];
  initialSharpness: number;
  maxSharpness: number;
  /** First measured step with λ_max ≥ 0.9·2/η, or null. */
  reachedThresholdAt: number | null;
  /** Median of ηλ_max/2 over the measurements after reaching the threshold (null if never reached). */
  hoverRatio: number | null;
  /** Fraction of steps after reaching the threshold on which the loss rose. */
  riseFractionAfter: number | null;
  finalLoss: number;
  regime: Regime;
  reason: string;
}

export interface EdgeOfStabilityResult {
  config: Required<Omit<EdgeOfStabilityConfig, 'size'>>;
  parameters: number;
  runs: EdgeOfStabilityRun[];
}

const PRESETS: Record<'quick' | 'full', Required<Omit<EdgeOfStabilityConfig, 'size'>>> = {
  quick: { lrs: [0.1, 0.2], steps: 800, hidden: [16, 16], points: 20, degree: 3, sharpnessEvery: 10, lanczosSteps: 12, seed: 1 },
  full: { lrs: [0.05, 0.1, 0.15, 0.2], steps: 4000, hidden: [16, 16], points: 20, degree: 3, sharpnessEvery: 10, lanczosSteps: 20, seed: 1 },
};

function median(a: number[]): number {
  const s = [...a].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** How a GD run at step η = 2/threshold sits at the edge of stability (the measures of Cohen et al. 2021). */
export interface EdgeMeasures {
  /** First measured step with λ_max ≥ 0.9·2/η, or null. */
  reachedAt: number | null;
  /** Median of λ_max/(2/η) over the measurements from reachedAt on (null if never reached). */
  hoverRatio: number | null;
  /** Fraction of those measurements within ±10 % of 2/η. */
  withinTenPercent: number | null;
  /** Fraction of steps after reachedAt on which the loss rose (null if none followed). */
  riseFraction: number | null;
}

/** The edge measures of a run: `loss[t]` at every step, `sharpness[i]` measured at step `sharpnessSteps[i]`. */
export function edgeMeasures(loss: readonly number[], sharpnessSteps: readonly number[], sharpness: readonly number[], threshold: number): EdgeMeasures {
  const idx = sharpness.findIndex((s) => s >= 0.9 * threshold);
  if (idx < 0) return { reachedAt: null, hoverRatio: null, withinTenPercent: null, riseFraction: null };
  const reachedAt = sharpnessSteps[idx]!;
  const after = sharpness.slice(idx).map((s) => s / threshold);
  let rises = 0;
  let count = 0;
  for (let t = reachedAt; t + 1 < loss.length; t++, count++) if (loss[t + 1]! > loss[t]!) rises++;
  return {
    reachedAt,
    hoverRatio: median(after),
    withinTenPercent: after.filter((v) => Math.abs(v - 1) <= 0.1).length / after.length,
    riseFraction: count ? rises / count : null,
  };
}

/** `checkpoint`, if given, is called before every GD step (the experiments runner's cancellation check: it may throw to stop the study). */
export function edgeOfStabilityStudy(config: EdgeOfStabilityConfig = {}, { checkpoint }: { checkpoint?: () => void } = {}): EdgeOfStabilityResult {
  const fn = 'edgeOfStabilityStudy';
  const c = resolvePreset(fn, config, PRESETS);
  if (!Array.isArray(c.lrs) || c.lrs.length === 0) throw new Error(`${fn}: lrs must be a non-empty array`);
  c.lrs.forEach((lr, i) => checkPositiveNumber(fn, `lrs[${i}]`, lr));
  checkInteger(fn, 'steps', c.steps, 2);
  checkInteger(fn, 'points', c.points, 2);
  checkInteger(fn, 'degree', c.degree, 0);
  checkInteger(fn, 'sharpnessEvery', c.sharpnessEvery, 1);
  checkInteger(fn, 'lanczosSteps', c.lanczosSteps, 1);
  const data = regression1d({ curve: { kind: 'chebyshev', k: c.degree }, n: c.points, grid: true });
  const model = new MLP([1, ...c.hidden, 1], { hidden: 'tanh', seed: c.seed });
  const fl = moduleObjective(model, data, mseLoss);
  const theta0 = fl.theta0();
  const runs = c.lrs.map((lr): EdgeOfStabilityRun => {
    const threshold = 2 / lr;
    const tracker = new SharpnessTracker(fl, { steps: c.lanczosSteps, tol: 1e-4, seed: c.seed });
    const theta = Float64Array.from(theta0);
    const loss: number[] = [];
    const grad = new Float64Array(theta.length);
    for (let t = 0; t < c.steps; t++) {
      checkpoint?.();
      if (t % c.sharpnessEvery === 0) tracker.measure(t, theta);
      const [l, g] = fl.valueAndGradient(theta, grad);
      loss.push(l);
      if (!Number.isFinite(l) || l > 1e12) break;
      for (let i = 0; i < theta.length; i++) theta[i] -= lr * g[i]!;
    }
    const sharpnessSteps = tracker.samples.map((s) => s.step);
    const sharpness = tracker.samples.map((s) => s.values[0]!);
    const edge = edgeMeasures(loss, sharpnessSteps, sharpness, threshold);
    const cls = classifyRegime({ loss, sharpness, sharpnessSteps, lr });
    return {
      lr,
      threshold,
      loss,
      sharpnessSteps,
      sharpness,
      initialSharpness: sharpness[0]!,
      maxSharpness: Math.max(...sharpness),
      reachedThresholdAt: edge.reachedAt,
      hoverRatio: edge.hoverRatio,
      riseFractionAfter: edge.riseFraction,
      finalLoss: loss[loss.length - 1]!,
      regime: cls.regime,
      reason: cls.reason,
    };
  });
  return { config: c, parameters: fl.n, runs };
}
