/**
 * Stability diagram: run GD (a sweep over η) or heavy ball / Nesterov (a
 * grid η × β) from one starting point, classify each run's regime, and set
 * next to it the linear theory at a reference point θ_ref (default θ₀):
 * with the Hessian spectrum {λᵢ} there, the critical step size per β
 * (2/λ_max, 2(1+β)/λ_max, 2(1+β)/((1+2β)λ_max)) and the predicted spectral
 * radius of the update map's Jacobian in each cell. On a quadratic the
 * observed boundary between converging and diverging runs is the
 * predicted one; on a network, θ_ref should be the minimum the runs
 * approach, and departures (catapults, edge of stability) are the point.
 */
import { hessian, tensor, type Objective } from '../autograd/index.js';
import { symmetricEigen } from '../linalg/index.js';
import { classifyRegime, type Regime, type RegimeOptions } from './regime.js';
import { criticalLearningRate, linearizedPrediction, type LinearKind } from '../optim/index.js';
import { runOptimizer } from './trajectory.js';
import { checkInteger, checkVector } from '../tensor/validate.js';

export interface StabilityDiagramConfig {
  /** The loss L(θ) on a flat θ (src/autograd's objective). */
  objective: Objective;
  theta0: Float64Array;
  kind: LinearKind;
  lrs: number[];
  /** β values (required for momentum/nesterov; ignored for gd). */
  momenta?: number[];
  steps: number;
  /** Where the Hessian for the theory is taken (default theta0). */
  reference?: Float64Array;
  regime?: RegimeOptions;
}

export interface StabilityCell {
  lr: number;
  momentum: number;
  regime: Regime;
  reason: string;
  finalLoss: number;
  /** Theory at θ_ref: ρ of the linearized update and whether it is < 1. */
  predictedSpectralRadius: number;
  predictedStable: boolean;
  predictedOscillation: boolean;
}

export interface StabilityDiagram {
  kind: LinearKind;
  /** Hessian eigenvalues at θ_ref (ascending). */
  hessianEigenvalues: number[];
  lambdaMax: number;
  cells: StabilityCell[];
  /** Critical step size per β from the closed forms. */
  boundary: { momentum: number; criticalLr: number }[];
}

export function stabilityDiagram(config: StabilityDiagramConfig): StabilityDiagram {
  const fn = 'stabilityDiagram';
  const { objective, theta0, kind, lrs, steps } = config;
  if (!objective || typeof objective.loss !== 'function') throw new Error(`${fn}: objective must be an Objective (objective(loss, n))`);
  checkVector(fn, 'theta0', theta0, objective.n);
  checkInteger(fn, 'steps', steps, 2);
  if (!Array.isArray(lrs) || lrs.length === 0) throw new Error(`${fn}: lrs must be a non-empty array of step sizes`);
  const momenta = kind === 'gd' ? [0] : (config.momenta ?? []);
  if (momenta.length === 0) throw new Error(`${fn}: momenta must be a non-empty array for kind '${kind}'`);
  const reference = config.reference ?? theta0;
  checkVector(fn, 'reference', reference, theta0.length);
  const n = theta0.length;
  const H = Float64Array.from(hessian(objective.loss)(tensor(Float64Array.from(reference))).contiguous().data);
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) H[i * n + j] = H[j * n + i] = (H[i * n + j]! + H[j * n + i]!) / 2;
  const eig = symmetricEigen(H, n);
  const lambdas = Array.from(eig.values);
  const lambdaMax = lambdas[n - 1]!;
  const eigenvector = (lambda: number): Float64Array => {
    const j = lambdas.indexOf(lambda);
    return Float64Array.from({ length: n }, (_, i) => eig.vectors[i * n + j]!);
  };
  const cells: StabilityCell[] = [];
  for (const momentum of momenta) {
    for (const lr of lrs) {
      const pred = linearizedPrediction(lambdas, kind, { lr, momentum });
      // Updates are projected on the eigenvector of the mode that dominates the approach (the slowest, or the most unstable).
      const run = runOptimizer(objective, theta0, { kind, lr, momentum, steps, topDirection: eigenvector(pred.dominant.lambda) });
      const cls = classifyRegime({ loss: run.loss, topProjection: run.topProjection, lr }, config.regime);
      cells.push({
        lr,
        momentum,
        regime: cls.regime,
        reason: cls.reason,
        finalLoss: run.loss[run.loss.length - 1]!,
        predictedSpectralRadius: pred.spectralRadius,
        predictedStable: pred.stable,
        predictedOscillation: pred.oscillates,
      });
    }
  }
  const boundary = momenta.map((momentum) => ({ momentum, criticalLr: lambdaMax > 0 ? criticalLearningRate(kind, lambdaMax, momentum) : NaN }));
  return { kind, hessianEigenvalues: lambdas, lambdaMax, cells, boundary };
}
