/**
 * landscape: loss landscapes and optimizer geometry — 2-D test surfaces
 * with exact derivatives, slices of high-dimensional losses along random,
 * filter-normalized, Hessian and PCA directions, local geometry (gradient
 * fields, Hessian spectra, critical points), basins of attraction, optimizer
 * trajectories and convergence rates against their closed forms.
 */
export {
  coordinates,
  packPoints,
  surfaceValue,
  surfaceValues,
  surfaceGradient,
  surfaceGradients,
  surfaceHessian,
  surfaceHessians,
  type Surface,
  type SurfacePoint,
  type HessianBatch,
} from './surface.js';
export {
  quadratic,
  rosenbrock,
  beale,
  himmelblau,
  booth,
  goldsteinPrice,
  sixHumpCamel,
  saddle,
  monkeySaddle,
  rastrigin,
  ringValley,
  allSurfaces,
  type QuadraticOptions,
  type QuadraticSurface,
} from './surfaces.js';
export { makeGrid, gridPoints, geomspaceArray, linspaceArray, type Grid2D, type GridOptions } from './grid.js';
export {
  eigenSymmetric2,
  classifyHessian,
  conditionNumber,
  gradientField,
  hessianField,
  type Eigen2,
  type CriticalKind,
  type GradientField,
  type HessianField,
} from './geometry.js';
export { findCriticalPoints, nearestPoint, type CriticalPoint, type FindCriticalOptions } from './critical.js';
export {
  evaluateAffine,
  lineSlice,
  interpolationSlice,
  planeSlice,
  type LossFn,
  type BatchLossFn,
  type EvaluationCost,
  type EvaluationOptions,
  type LineSlice,
  type LineSliceOptions,
  type PlaneSlice,
  type PlaneSliceOptions,
} from './slices.js';
export {
  randomDirection,
  filterNormalize,
  filterNormalizedDirection,
  hessianDirections,
  type RandomDirectionOptions,
  type FilterNormalizeOptions,
  type HessianDirections,
  type HessianDirectionsOptions,
} from './directions.js';
export { trajectoryPca, type TrajectoryPca, type TrajectoryPcaOptions } from './pca.js';
export { planeSurface, type PlaneSurfaceOptions } from './slices.js';
export { mlpLoss, type MlpLoss, type MlpLossOptions, type MlpActivation } from './mlpLoss.js';
export {
  distancesTo,
  measuredRate,
  signChanges,
  ravineStats,
  escapeStep,
  gdSaddleEscapeTime,
  plateauSteps,
  type RavineStats,
} from './rates.js';
export {
  optimizerFactory,
  resolveFactory,
  runTrajectory,
  runOptimizers,
  type OptimizerLike,
  type OptimizerFactory,
  type OptimizerSpec,
  type TrajectoryOptions,
  type OptimizerRun,
  type NamedOptimizer,
} from './trajectories.js';
export { basinsOfAttraction, DIVERGED, NOT_CONVERGED, type BasinsOptions, type BasinsMap } from './basins.js';
export {
  gridValues,
  surfaceContourFigure,
  planeContourFigure,
  sliceFigure,
  fieldHeatmapFigure,
  basinsFigure,
  convergenceFigure,
  type PathInput,
  type SurfaceContourOptions,
} from './figures.js';
