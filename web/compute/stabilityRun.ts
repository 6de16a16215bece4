/**
 * Stability view's computations: GD / heavy ball / Nesterov on the 2-D
 * quadratic L(θ) = ½(λ₁θ₁² + λ₂θ₂²).
 *  - The Jacobian J of the update map z = (θ, b) ↦ F(z) (src/optim's
 *    updateMap, differentiated by src/dynamics' updateMapJacobian) and its
 *    eigenvalues: the iteration is stable iff all lie inside the unit circle.
 *  - The η × β stability diagram from the closed-form mode multipliers
 *    (src/dynamics' linearizedPrediction): the colour is the spectral
 *    radius ρ, the boundary ρ = 1 is η = 2(1+β)/λ₂ (heavy ball) or
 *    2(1+β)/((1+2β)λ₂) (Nesterov).
 *  - The trajectory itself (src/landscape's runTrajectory with torch SGD),
 *    whose distance to the minimum shrinks like ρᵗ.
 */
import { objective, tensor, type Tensor } from '../../src/autograd/index.js';
import { updateMapJacobian } from '../../src/dynamics/index.js';
import { quadratic, runTrajectory } from '../../src/landscape/index.js';
import { criticalLearningRate, linearizedPrediction, updateMap } from '../../src/optim/index.js';

export type StabilityKind = 'momentum' | 'nesterov';

export interface StabilityParams {
  kind: StabilityKind;
  l1: number;
  l2: number;
  lr: number;
  beta: number;
  steps: number;
  /** Cells of the diagram along η and β. */
  gridLr?: number;
  gridBeta?: number;
}

export interface StabilityResult {
  /** Eigenvalues of the update map's Jacobian (2 for GD at β = 0, 4 with momentum). */
  eigen: { re: number[]; im: number[] };
  spectralRadius: number;
  /** Diagram: ρ at (lr_i, β_j), index j·nLr + i. */
  diagram: { lrMax: number; betaMax: number; nLr: number; nBeta: number; rho: Float64Array };
  /** Critical η per β on a fine β grid (the diagram's boundary). */
  boundary: { beta: number; lr: number }[];
  /** Start, path and distance to the minimum. */
  path: [number, number][];
  distances: number[];
  diverged: boolean;
  /** ρ predicted by the linear theory at (η, β). */
  predictedRho: number;
}

export const START: [number, number] = [1.5, 1];

function checkCurvatures(l1: number, l2: number): void {
  if (!(l1 > 0 && l2 >= l1 && Number.isFinite(l2))) {
    throw new Error(`stabilityAnalysis: curvatures must satisfy 0 < l1 ≤ l2, got l1 = ${l1}, l2 = ${l2}`);
  }
}

export function stabilityAnalysis(p: StabilityParams): StabilityResult {
  checkCurvatures(p.l1, p.l2);
  const weights = tensor([p.l1 / 2, p.l2 / 2]);
  const loss = (theta: Tensor): Tensor => theta.square().mul(weights).sum();
  const map = p.beta > 0 ? updateMap(p.kind, { lr: p.lr, momentum: p.beta }) : updateMap('gd', { lr: p.lr });
  const jac = updateMapJacobian(map, objective(loss, 2), Float64Array.from(START), { directions: 0 });
  const eigen = { re: Array.from(jac.eigenvalues.re), im: Array.from(jac.eigenvalues.im) };

  const nLr = p.gridLr ?? 90;
  const nBeta = p.gridBeta ?? 60;
  const betaMax = 0.98;
  const lrMax = (4.2 * (p.kind === 'momentum' ? 1 : 0.75)) / p.l2;
  const rho = new Float64Array(nLr * nBeta);
  for (let j = 0; j < nBeta; j++) {
    const beta = (betaMax * (j + 0.5)) / nBeta;
    for (let i = 0; i < nLr; i++) {
      const lr = (lrMax * (i + 0.5)) / nLr;
      rho[j * nLr + i] = linearizedPrediction([p.l1, p.l2], p.kind, { lr, momentum: beta }).spectralRadius;
    }
  }
  const boundary: { beta: number; lr: number }[] = [];
  for (let j = 0; j <= 100; j++) {
    const beta = (betaMax * j) / 100;
    boundary.push({ beta, lr: criticalLearningRate(p.kind, p.l2, beta) });
  }

  const surface = quadratic({ scale: p.l1, kappa: p.l2 / p.l1 });
  const run = runTrajectory(surface, START, { kind: 'sgd', lr: p.lr, momentum: p.beta, nesterov: p.kind === 'nesterov' && p.beta > 0 }, { steps: p.steps, divergeRadius: 1e6 });
  const predictedRho = linearizedPrediction([p.l1, p.l2], p.kind, { lr: p.lr, momentum: p.beta }).spectralRadius;
  return {
    eigen,
    spectralRadius: jac.spectralRadius,
    diagram: { lrMax, betaMax, nLr, nBeta, rho },
    boundary,
    path: run.path,
    distances: run.path.map(([x, y]) => Math.hypot(x, y)),
    diverged: run.diverged,
    predictedRho,
  };
}

/** The worker's requests for the stability view. */
export const stabilityHandlers = { stability: (p: StabilityParams): StabilityResult => stabilityAnalysis(p) };
