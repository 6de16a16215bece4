/**
 * Convergence measured on recorded trajectories: distances to a target,
 * the empirical rate, sign changes, ravine statistics and escape times.
 * The closed-form rates these are compared with live in src/optim/theory.ts.
 */

import { checkPositiveNumber as checkPositive } from '../tensor/validate.js';

/** ‖θ_t − θ*‖ along a path of 2-D (or any-D) points. */
export function distancesTo(path: readonly (readonly number[])[], target: readonly number[]): number[] {
  return path.map((p) => {
    if (p.length !== target.length) throw new Error(`distancesTo: a path point has ${p.length} coordinates, the target ${target.length}`);
    let s = 0;
    for (let i = 0; i < p.length; i++) s += (p[i] - target[i]) ** 2;
    return Math.sqrt(s);
  });
}

/**
 * Asymptotic linear rate measured as the geometric mean of e_{t+1}/e_t over
 * t ∈ [start, end): (e_end / e_start)^{1/(end − start)}. The default window
 * is the last half of the errors.
 */
export function measuredRate(errors: readonly number[], { start, end }: { start?: number; end?: number } = {}): number {
  const fn = 'measuredRate';
  const last = errors.length - 1;
  const s = start ?? Math.floor(last / 2);
  const e = end ?? last;
  if (!Number.isInteger(s) || !Number.isInteger(e) || s < 0 || e > last || e <= s) {
    throw new Error(`${fn}: need integers 0 ≤ start < end ≤ ${last}, got start = ${s}, end = ${e}`);
  }
  const a = errors[s];
  const b = errors[e];
  if (!(a > 0) || !(b > 0) || !Number.isFinite(a) || !Number.isFinite(b)) {
    throw new Error(`${fn}: errors at the window ends must be finite and > 0 (got ${a} and ${b}); shorten the run or move the window`);
  }
  return Math.exp((Math.log(b) - Math.log(a)) / (e - s));
}

/** Number of sign changes in a sequence (exact zeros are skipped). */
export function signChanges(values: readonly number[]): number {
  let changes = 0;
  let prev = 0;
  for (const v of values) {
    if (v === 0 || !Number.isFinite(v)) continue;
    const s = Math.sign(v);
    if (prev !== 0 && s !== prev) changes++;
    prev = s;
  }
  return changes;
}

export interface RavineStats {
  /** Coordinates of θ_t − center along the unit `along` direction and the perpendicular `across` one. */
  along: number[];
  across: number[];
  /** Sign changes of the across-coordinate: oscillations from wall to wall. */
  acrossSignChanges: number;
  /** |along_T| / |along_0|: how much of the way along the valley floor remains. */
  alongRemaining: number;
}

/** Decompose a 2-D path in a ravine into along-valley and across-valley coordinates around `center`. */
export function ravineStats(path: readonly (readonly number[])[], { center, along }: { center: readonly number[]; along: readonly number[] }): RavineStats {
  const r = Math.hypot(along[0], along[1]);
  if (!(r > 0) || !Number.isFinite(r)) throw new Error(`ravineStats: along must be a finite nonzero 2-vector, got ${JSON.stringify(along)}`);
  const u = [along[0] / r, along[1] / r];
  const a: number[] = [];
  const c: number[] = [];
  for (const p of path) {
    const dx = p[0] - center[0];
    const dy = p[1] - center[1];
    a.push(dx * u[0] + dy * u[1]);
    c.push(-dx * u[1] + dy * u[0]);
  }
  return { along: a, across: c, acrossSignChanges: signChanges(c), alongRemaining: Math.abs(a[a.length - 1]) / Math.abs(a[0]) };
}

/**
 * First step t at which |⟨θ_t − center, v⟩| ≥ threshold (v a unit vector,
 * typically the negative-curvature eigenvector of a saddle), or null.
 */
export function escapeStep(path: readonly (readonly number[])[], { center, direction, threshold }: { center: readonly number[]; direction: readonly number[]; threshold: number }): number | null {
  checkPositive('escapeStep', 'threshold', threshold);
  const r = Math.hypot(...direction);
  if (!(r > 0)) throw new Error('escapeStep: direction must be nonzero');
  for (let t = 0; t < path.length; t++) {
    let s = 0;
    for (let i = 0; i < direction.length; i++) s += (path[t][i] - center[i]) * direction[i];
    if (Math.abs(s) / r >= threshold) return t;
  }
  return null;
}

/**
 * GD escape time from a strict saddle: along the eigenvector of λ₋ < 0 the
 * offset grows as δ_t = (1 + η|λ₋|)ᵗ δ₀, so it first reaches `threshold` at
 *   t = ⌈log(threshold/δ₀) / log(1 + η|λ₋|)⌉ ≈ log(threshold/δ₀)/(η|λ₋|)  (small η).
 */
export function gdSaddleEscapeTime(delta0: number, lr: number, lambdaNeg: number, threshold = 1): { steps: number; approx: number } {
  const fn = 'gdSaddleEscapeTime';
  checkPositive(fn, 'delta0', delta0);
  checkPositive(fn, 'lr', lr);
  checkPositive(fn, 'threshold', threshold);
  if (!Number.isFinite(lambdaNeg) || lambdaNeg >= 0) throw new Error(`${fn}: lambdaNeg must be a finite negative eigenvalue, got ${lambdaNeg}`);
  const growth = lr * Math.abs(lambdaNeg);
  const ratio = Math.log(threshold / delta0);
  return { steps: Math.max(0, Math.ceil(ratio / Math.log1p(growth) - 1e-12)), approx: ratio / growth };
}

/**
 * Plateau length: the number of recorded steps with ‖∇f‖ < gradTol while
 * the loss gap f − f* is still above lossTol — progress stalls far from the
 * minimum.
 */
export function plateauSteps(gradNorms: readonly number[], lossGaps: readonly number[], { gradTol, lossTol }: { gradTol: number; lossTol: number }): number {
  if (gradNorms.length !== lossGaps.length) throw new Error(`plateauSteps: gradNorms and lossGaps differ in length (${gradNorms.length} vs ${lossGaps.length})`);
  checkPositive('plateauSteps', 'gradTol', gradTol);
  checkPositive('plateauSteps', 'lossTol', lossTol);
  let count = 0;
  for (let t = 0; t < gradNorms.length; t++) if (gradNorms[t] < gradTol && lossGaps[t] > lossTol) count++;
  return count;
}
