/**
 * dynamics: learning as a discrete-time dynamical system. The Jacobian of
 * an optimizer's update map and its stability thresholds, regime
 * classification of trajectories and stability diagrams, sharpness
 * tracking by Lanczos on Hessian-vector products, the edge of stability
 * and the catapult, permutation symmetry of hidden units and its breaking,
 * and the diagnosis of failed training runs.
 */
export { arnoldi, type ArnoldiResult } from './arnoldi.js';
export {
  updateMapJacobian,
  updateMapJvp,
  updateMapSpectralRadius,
  closedLoopStep,
  type JacobianAnalysis,
  type JacobianPointOptions,
  type UnstableDirection,
} from './jacobian.js';
export { classifyRegime, detectPeriod, type Regime, type RegimeEvidence, type RegimeOptions, type RegimeResult, type TrajectoryInput } from './regime.js';
export { runOptimizer, lyapunovExponent, type RunOptions, type RunResult } from './trajectory.js';
export { stabilityDiagram, type StabilityCell, type StabilityDiagram, type StabilityDiagramConfig } from './stabilityDiagram.js';
export {
  hessianEigen,
  sharpness,
  hessianSpectrum,
  hessianTrace,
  SharpnessTracker,
  type HessianEigenOptions,
  type HessianEigenResult,
  type SharpnessSample,
  type SharpnessTrackerOptions,
} from './sharpness.js';
export { catapultStudy, uvSharpness, type CatapultConfig, type CatapultPoint, type CatapultResult } from './catapult.js';
export { edgeMeasures, edgeOfStabilityStudy, type EdgeMeasures, type EdgeOfStabilityConfig, type EdgeOfStabilityResult, type EdgeOfStabilityRun } from './edgeOfStability.js';
export {
  symmetryMetrics,
  unitIndices,
  unitVectors,
  antisymmetricBasis,
  restrictToSubspace,
  mlpParameterCount,
  type LayerSymmetry,
} from './symmetry.js';
export {
  symmetryStudy,
  type SymmetryStudyConfig,
  type SymmetryStudyResult,
  type SymmetryScenario,
  type SymmetryScenarioName,
  type SymmetryGrowth,
} from './symmetryStudy.js';
export { diagnose, type Diagnosis, type DiagnoseOptions, type DiagnoseThresholds, type Finding, type FailureKind } from './diagnose.js';
export {
  findFixedPoints, residual, speed, rowJacobians, classify,
  type RecurrentSystem, type FixedPoint, type FixedPointKind, type FixedPointOptions, type FixedPointResult,
} from './fixedPoints.js';
export { recurrentSystem, sampleStates } from './recurrentSystem.js';
export { creditInTime, spectralNorm, geometricRate, explodingSteps, type CreditInTimeResult } from './creditInTime.js';
