/**
 * PCA directions of an optimization trajectory (Li et al. 2018, §7): the
 * plane that best explains the path θ₀, θ₁, …, θ_T, through the final point.
 *
 * With rows xₜ = θₜ − θ_ref (θ_ref = the final point by default) of the
 * T × n matrix X, the principal directions are the top right singular
 * vectors of X, and σᵢ² / Σⱼ σⱼ² is the share of Σₜ‖xₜ‖² that direction i
 * explains. Since the trajectory has far fewer points than parameters, we
 * diagonalize the small Gram matrix G = X Xᵀ = U Σ² Uᵀ (T × T) and recover
 * vᵢ = Xᵀuᵢ / σᵢ; the vᵢ are then re-orthonormalized (Gram–Schmidt, twice)
 * so that rounding in G does not leave them slightly oblique. When n < T the
 * n × n matrix XᵀX is diagonalized instead.
 *
 * By Pythagoras, projecting xₜ on the orthonormal plane P leaves the residual
 *   Σₜ ‖xₜ − P xₜ‖² = (1 − (σ₁² + σ₂²)/Σσ²) · Σₜ ‖xₜ‖².
 * `center: true` subtracts the mean of the xₜ before the fit (as
 * sklearn.PCA does in the paper's code); the identity then holds for the
 * centered cloud, while the reported coordinates stay projections of
 * θₜ − θ_ref, so that the reference point sits at the origin of the plot.
 */
import { orthonormalize, symmetricEigen } from '../linalg/index.js';

export interface TrajectoryPcaOptions {
  /** The point the plane passes through (default: the last point of the trajectory). */
  reference?: Float64Array;
  /** Subtract the mean of θₜ − θ_ref before the fit (default false). */
  center?: boolean;
  /** Number of principal directions, ≥ 1 (default 2). */
  components?: number;
  /**
   * Called between steps of bounded work (each entry of the Gram matrix or row of
   * the covariance matrix, each step of the eigensolver, each direction and coordinate row):
   * a cancellation check that may throw. The cost grows as min(T, n)³.
   */
  checkpoint?: () => void;
}

export interface TrajectoryPca {
  /** Orthonormal principal directions, by decreasing singular value. */
  directions: Float64Array[];
  /** Singular values σᵢ of X for the returned directions. */
  singularValues: number[];
  /** σᵢ² / Σⱼ σⱼ² per returned direction. */
  explainedVarianceRatio: number[];
  /** Sum of explainedVarianceRatio. */
  explainedRatio: number;
  /** Σₜ ‖xₜ‖² (centered when `center`). */
  totalSumOfSquares: number;
  /** coordinates[t][i] = ⟨θₜ − θ_ref, vᵢ⟩. */
  coordinates: number[][];
  reference: Float64Array;
  /** Mean of θₜ − θ_ref that was subtracted (zeros unless `center`). */
  mean: Float64Array;
}

/** Principal directions of a trajectory of flat parameter vectors. */
export function trajectoryPca(trajectory: readonly Float64Array[], options: TrajectoryPcaOptions = {}): TrajectoryPca {
  const fn = 'trajectoryPca';
  const { center = false, components = 2, checkpoint } = options;
  const T = trajectory.length;
  if (T < 2) throw new Error(`${fn}: the trajectory needs at least 2 points, got ${T}`);
  const n = trajectory[0].length;
  trajectory.forEach((p, t) => {
    if (p.length !== n) throw new Error(`${fn}: trajectory[${t}] has length ${p.length}, expected ${n}`);
  });
  if (!Number.isInteger(components) || components < 1 || components > Math.min(n, T)) {
    throw new Error(`${fn}: components must be an integer in [1, ${Math.min(n, T)}], got ${components}`);
  }
  const reference = options.reference ?? trajectory[T - 1];
  if (reference.length !== n) throw new Error(`${fn}: reference has length ${reference.length}, expected ${n}`);

  const mean = new Float64Array(n);
  if (center) {
    for (const p of trajectory) for (let i = 0; i < n; i++) mean[i] += p[i] - reference[i];
    for (let i = 0; i < n; i++) mean[i] /= T;
  }
  const rows = trajectory.map((p) => {
    const x = new Float64Array(n);
    for (let i = 0; i < n; i++) x[i] = p[i] - reference[i] - mean[i];
    return x;
  });
  let total = 0;
  for (const x of rows) for (let i = 0; i < n; i++) total += x[i] * x[i];
  if (!(total > 0) || !Number.isFinite(total)) throw new Error(`${fn}: the trajectory must move (and be finite): Σ‖θₜ − θ_ref‖² = ${total}`);

  let sigmas: number[];
  let raw: Float64Array[];
  if (T <= n) {
    const g = new Float64Array(T * T);
    for (let a = 0; a < T; a++) {
      for (let b = 0; b <= a; b++) {
        checkpoint?.();
        let s = 0;
        const xa = rows[a];
        const xb = rows[b];
        for (let i = 0; i < n; i++) s += xa[i] * xb[i];
        g[a * T + b] = s;
        g[b * T + a] = s;
      }
    }
    const { values, vectors } = symmetricEigen(g, T, { checkpoint });
    sigmas = [];
    raw = [];
    for (let c = 0; c < components; c++) {
      checkpoint?.();
      const col = T - 1 - c; // eigenvalues ascend
      sigmas.push(Math.sqrt(Math.max(0, values[col])));
      const v = new Float64Array(n);
      for (let t = 0; t < T; t++) {
        const u = vectors[t * T + col];
        const x = rows[t];
        for (let i = 0; i < n; i++) v[i] += u * x[i];
      }
      raw.push(v);
    }
  } else {
    const c2 = new Float64Array(n * n);
    for (const x of rows) {
      checkpoint?.();
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) c2[i * n + j] += x[i] * x[j];
    }
    const { values, vectors } = symmetricEigen(c2, n, { checkpoint });
    sigmas = [];
    raw = [];
    for (let c = 0; c < components; c++) {
      const col = n - 1 - c;
      sigmas.push(Math.sqrt(Math.max(0, values[col])));
      raw.push(Float64Array.from({ length: n }, (_, i) => vectors[i * n + col]));
    }
  }
  if (sigmas[components - 1] <= 1e-12 * sigmas[0]) {
    throw new Error(`${fn}: the trajectory spans fewer than ${components} dimensions (σ = ${sigmas.map((s) => s.toExponential(3)).join(', ')})`);
  }
  let directions = orthonormalize(orthonormalize(raw, { tol: 0 }), { tol: 0 });
  // Sign convention: the largest-magnitude entry of each direction is positive.
  directions = directions.map((d) => {
    let big = 0;
    for (let i = 0; i < n; i++) if (Math.abs(d[i]) > Math.abs(d[big])) big = i;
    return d[big] < 0 ? d.map((v) => -v) : d;
  });
  const explainedVarianceRatio = sigmas.map((s) => (s * s) / total);
  const coordinates = trajectory.map((p) => {
    checkpoint?.();
    return directions.map((d) => {
      let s = 0;
      for (let i = 0; i < n; i++) s += (p[i] - reference[i]) * d[i];
      return s;
    });
  });
  return {
    directions,
    singularValues: sigmas,
    explainedVarianceRatio,
    explainedRatio: explainedVarianceRatio.reduce((a, b) => a + b, 0),
    totalSumOfSquares: total,
    coordinates,
    reference: Float64Array.from(reference),
    mean,
  };
}
