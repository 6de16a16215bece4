/**
 * dynamics: learning as a discrete-time dynamical system. The Jacobian of
 * an optimizer's update map and its stability thresholds, regime
 * classification of trajectories and stability diagrams, sharpness
 * tracking by Lanczos on Hessian-vector products, the edge of stability
 * and the catapult, permutation symmetry of hidden units and its breaking,
 * and the diagnosis of failed training runs.
 */
export { flatLoss, unflattenTensor, type Data, type FlatLoss } from './flatLoss.js';
export { arnoldi, type ArnoldiResult } from './arnoldi.js';
export {
  updateMapJacobian,
  updateMapJvp,
  updateMapSpectralRadius,
  closedLoopStep,
  type FlatLossFn,
  type JacobianAnalysis,
  type JacobianPointOptions,
  type UnstableDirection,
} from './jacobian.js';
export {
  modeMatrix,
  modeMultipliers,
  criticalLearningRate,
  linearizedPrediction,
  polyakOptimal,
  type LinearKind,
  type LinearHyper,
  type LinearizedPrediction,
  type ModePrediction,
} from './thresholds.js';
export { classifyRegime, detectPeriod, type Regime, type RegimeEvidence, type RegimeOptions, type RegimeResult, type TrajectoryInput } from './regime.js';
export { runOptimizer, lyapunovExponent, type RunOptions, type RunResult, type ValueAndGradient } from './trajectory.js';
export { stabilityDiagram, type StabilityCell, type StabilityDiagram, type StabilityDiagramConfig } from './stabilityDiagram.js';
