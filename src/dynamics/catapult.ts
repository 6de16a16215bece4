/**
 * The catapult in the smallest model that has one (Lewkowycz et al. 2020,
 * "The large learning rate phase of deep learning: the catapult
 * mechanism"): L(u, v) = ½(uv − 1)², a depth-2 linear "network" of width 1.
 *
 * With r = uv − 1: ∇L = r·(v, u) and H = [[v², 2uv − 1], [2uv − 1, u²]].
 * On the minimum manifold uv = 1, H = [[v², 1], [1, u²]] has eigenvalues 0
 * (along the manifold) and u² + v² (across it): the sharpness. By AM–GM
 * u² + v² ≥ 2uv = 2, with equality at the balanced minimum u = v = 1, the
 * flattest one.
 *
 * GD, u' = u − ηrv, v' = v − ηru, changes the imbalance D = u² − v² by an
 * exact factor: u'² − v'² = (u² − v²)(1 − η²r²). At a minimum reached with
 * imbalance D_∞ the sharpness is √(D_∞² + 4) (from (u² + v²)² = D² + 4u²v²).
 * So GD started at a sharp point, λ₀ = u₀² + v₀² > 2/η, cannot settle
 * where it is: r grows (the loss spikes), each large-r step shrinks |D| by
 * |1 − η²r²|, and the run lands on a minimum with
 *   λ_∞ = √(D₀²∏(1 − η²r_t²)² + 4) < 2/η
 * — the catapult. This needs 2/η > 2, i.e. η < 1: for η > 1 every minimum
 * has sharpness ≥ 2 > 2/η, none is linearly stable, and GD cannot converge
 * (it cycles or diverges).
 */
import { checkInteger, checkPositiveNumber } from '../tensor/validate.js';

export interface CatapultConfig {
  u0: number;
  v0: number;
  lr: number;
  steps: number;
}

export interface CatapultPoint {
  step: number;
  u: number;
  v: number;
  loss: number;
  /** Top eigenvalue of the exact 2×2 Hessian. */
  sharpness: number;
  /** D = u² − v². */
  imbalance: number;
}

export interface CatapultResult {
  lr: number;
  threshold: number;
  series: CatapultPoint[];
  initialSharpness: number;
  finalSharpness: number;
  initialLoss: number;
  peakLoss: number;
  finalLoss: number;
  /** The loss rose above its initial value before converging. */
  catapulted: boolean;
  converged: boolean;
  /** D₀·∏(1 − η²r_t²), the imbalance predicted by the exact product formula, and √(D² + 4), the sharpness at a minimum with it. */
  predictedImbalance: number;
  predictedFinalSharpness: number;
}

/** Top eigenvalue of H = [[v², 2uv − 1], [2uv − 1, u²]]. */
export function uvSharpness(u: number, v: number): number {
  const a = v * v;
  const d = u * u;
  const b = 2 * u * v - 1;
  return (a + d) / 2 + Math.hypot((a - d) / 2, b);
}

export function catapultStudy({ u0, v0, lr, steps }: CatapultConfig): CatapultResult {
  const fn = 'catapultStudy';
  if (!Number.isFinite(u0) || !Number.isFinite(v0)) throw new Error(`${fn}: u0 and v0 must be finite numbers, got ${u0}, ${v0}`);
  checkPositiveNumber(fn, 'lr', lr);
  checkInteger(fn, 'steps', steps, 1);
  let u = u0;
  let v = v0;
  let predictedImbalance = u0 * u0 - v0 * v0;
  const series: CatapultPoint[] = [];
  for (let step = 0; step <= steps; step++) {
    const r = u * v - 1;
    series.push({ step, u, v, loss: 0.5 * r * r, sharpness: uvSharpness(u, v), imbalance: u * u - v * v });
    if (step === steps || !Number.isFinite(r) || Math.abs(r) > 1e150) break;
    predictedImbalance *= 1 - lr * lr * r * r;
    [u, v] = [u - lr * r * v, v - lr * r * u];
  }
  const first = series[0]!;
  const last = series[series.length - 1]!;
  const peakLoss = Math.max(...series.map((p) => p.loss));
  const converged = Number.isFinite(last.loss) && last.loss < 1e-20;
  return {
    lr,
    threshold: 2 / lr,
    series,
    initialSharpness: first.sharpness,
    finalSharpness: last.sharpness,
    initialLoss: first.loss,
    peakLoss,
    finalLoss: last.loss,
    catapulted: converged && peakLoss > first.loss,
    converged,
    predictedImbalance,
    predictedFinalSharpness: Math.sqrt(predictedImbalance * predictedImbalance + 4),
  };
}
