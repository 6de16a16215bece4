/**
 * optim: optimizers with torch.optim's semantics and defaults, learning-rate
 * schedules, optimizer steps as differentiable maps on flat vectors, and
 * helpers to see a list of Parameters as one flat vector θ.
 */
export {
  Optimizer,
  gradientOf,
  type BaseOptions,
  type ParamGroup,
  type ParamGroupInput,
  type ParamsInput,
  type ParamState,
  type StateSpec,
  type OptimizerStateDict,
} from './optimizer.js';
export { SGD, SGD_DEFAULTS, validateSGDOptions, type SGDOptions, type SGDState } from './sgd.js';
export { RMSprop, RMSPROP_DEFAULTS, validateRMSpropOptions, type RMSpropOptions, type RMSpropState } from './rmsprop.js';
export { Adam, AdamW, ADAM_DEFAULTS, ADAMW_DEFAULTS, validateAdamOptions, type AdamOptions, type AdamState } from './adam.js';
export { Adagrad, ADAGRAD_DEFAULTS, validateAdagradOptions, type AdagradOptions, type AdagradState } from './adagrad.js';
export {
  LRScheduler,
  LambdaLR,
  ConstantLR,
  StepLR,
  ExponentialLR,
  CosineAnnealingLR,
  LinearLR,
  LinearWarmup,
  SequentialLR,
  warmupCosine,
  type LrGroupOwner,
  type LinearLROptions,
  type SchedulerStateDict,
} from './lrScheduler.js';
export { updateMap, closedLoopMap, type UpdateKind, type UpdateMap, type UpdateMapOptionsByKind } from './updateMap.js';
export { paramCount, flattenParams, flattenGrads, unflattenInto, unflattenTensor, ParamVector } from './flatten.js';
export { moduleObjective, type ModuleObjective } from './objective.js';
export {
  modeMatrix,
  modeMultipliers,
  modeRate,
  convergenceRate,
  criticalLearningRate,
  linearizedPrediction,
  gdOptimal,
  polyakOptimal,
  nesterovOptimal,
  type LinearKind,
  type LinearHyper,
  type Multiplier,
  type ModePrediction,
  type LinearizedPrediction,
  type TunedMethod,
} from './theory.js';
export {
  OPTIMIZERS,
  OPTIMIZER_NAMES,
  optimizerEntry,
  createOptimizer,
  type OptimizerName,
  type OptimizerEntry,
  type OptimizerOptions,
  type OptionField,
  type RegisteredOptimizer,
} from './registry.js';
export { clipGradNorm, type ClipGradNormOptions } from './clip.js';
