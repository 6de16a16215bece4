export { Module, Sequential, functionalCall, type StateDict, type StateEntry } from './module.js';
export {
  Activation,
  Identity,
  Tanh,
  Sigmoid,
  ReLU,
  LeakyReLU,
  Softplus,
  GELU,
  activation,
  ACTIVATION_NAMES,
  type ActivationName,
} from './activations.js';
export { Linear, type LinearOptions } from './linear.js';
export { MLP, isTracedModel, type MLPOptions, type LayerSignals, type ForwardTrace, type TracedModel } from './mlp.js';
export * as init from './init.js';
export { calculateGain, calculateFanInAndFanOut, type FanMode, type Nonlinearity, type KaimingOptions, type SeedOptions } from './init.js';
export { applyInit, splitLayerInit, type InitSpec, type InitKind, type InitFn, type LayerInit } from './initSpec.js';
export { householderQr } from './qr.js';
// The functional forms live in autograd; re-exported so `nn` offers both, as torch.nn / torch.nn.functional.
export { mseLoss, crossEntropy, binaryCrossEntropyWithLogits, binaryCrossEntropy } from '../autograd/index.js';
export { Loss, MSELoss, BCELoss, BCEWithLogitsLoss, CrossEntropyLoss, lossByName, resolveLoss, LOSS_NAMES, type LossFn, type LossName } from './losses.js';
export { xor, noisyXor, twoMoons, circles, spirals, gaussianBlobs, batches, type Dataset, type DatasetMeta, type Task, type Batch } from './data.js';
export { regression1d, teacherStudent, lowRankLinear, chebyshevT, evaluateCurve, type Curve } from './dataRegression.js';
export {
  train,
  type OptimizerLike,
  type TrainOptions,
  type TrainResult,
  type TrainRecord,
  type TrainStatus,
  type StepInfo,
  type TrainCallback,
} from './train.js';
export {
  layerStats,
  gradNorm,
  paramNorm,
  meanStd,
  saturatedFraction,
  deadFraction,
  DEFAULT_SATURATION,
  type LayerStats,
  type SaturationThresholds,
} from './trainStats.js';
export { RNN, GRU, RateRNN, RecurrentModule, type RecurrentOptions, type RNNOptions, type RateRNNOptions, type RecurrentRun, type RecurrentNonlinearity } from './rnn.js';
export {
  flipFlop, sineWave, pulseIntegration, contextIntegration, delayedMatch,
  type SequenceDataset, type FlipFlopOptions, type SineWaveOptions, type PulseIntegrationOptions, type ContextIntegrationOptions, type DelayedMatchOptions,
} from './tasks.js';
export { loadMnist, mnistDigits, MNIST_PIXELS, MNIST_SIDE, type DigitLoader, type MnistData, type MnistOptions } from './mnist.js';
