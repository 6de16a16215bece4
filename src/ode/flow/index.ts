/**
 * ode/flow: learning dynamics in continuous time — gradient flow of any flat
 * loss (and of a Module through the optim flatten helpers), the modified
 * flow of backward error analysis, the heavy ball as a damped second-order
 * ODE, GD-vs-flow error studies and Saxe et al.'s deep linear network.
 */
export { gradientFlow, gradientFlowRhs, modifiedLoss, type GradientFlowOptions, type GradientFlowResult } from './gradientFlow.js';
export { gradientDescent, heavyBallDescent, type DescentOptions, type DescentResult } from './descent.js';
export {
  heavyBallFlow,
  heavyBallRhs,
  heavyBallFromDiscrete,
  discreteFromHeavyBall,
  nesterovFriction,
  type Friction,
  type HeavyBallFlowOptions,
  type HeavyBallFlowResult,
} from './heavyBall.js';
export { quadraticProblem, productProblem, layerBalance, type QuadraticProblem } from './problems.js';
export { linearFit, logLogSlope, distance } from './fit.js';
export {
  gdVsFlowStudy,
  type GdVsFlowConfig,
  type GdVsFlowResult,
  type OrderSeries,
  type InvariantSeries,
  type StabilityRow,
} from './gdVsFlow.js';
export {
  deepLinearStudy,
  saxeModeStrength,
  saxeLearningTime,
  type DeepLinearConfig,
  type DeepLinearResult,
  type DeepLinearMode,
} from './deepLinear.js';
