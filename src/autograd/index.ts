export { Tensor, Parameter } from './tensor.js';
export {
  noGrad,
  enableGrad,
  isGradEnabled,
  detectAnomaly,
  setDetectAnomaly,
  isAnomalyEnabled,
  AnomalyError,
  runBackward,
  type GraphNode,
  type VjpFn,
} from './graph.js';
export { record, sumToShape, asTensor, type TensorLike } from './record.js';
export { tensor, zeros, ones, full, zerosLike, onesLike, eye, arange, linspace, rand, randn, manualSeed, defaultRng, type CreateOptions, type RandomOptions } from './creation.js';
export { mseLoss, crossEntropy, binaryCrossEntropyWithLogits, binaryCrossEntropy } from './losses.js';
export { compile, compileLossAndGrad, type CompiledFn, type CompileOptions } from './compile.js';
export { grad, valueAndGrad, vjp, jvp, hvp, jacobian, hessian, type GradOptions, type Tensors, type VjpOptions } from './functional.js';
export { objective, checkFlatVector, type Objective, type ObjectiveOptions, type FlatLossFn } from './objective.js';
export { gradcheck, gradgradcheck, gradcheckReport, GradcheckError, type GradcheckOptions, type GradcheckReport } from './gradcheck.js';
export { where, maximum, minimum, sigmoidScalar } from './ops/elementwise.js';
export { concat, stack, matmul } from './ops/shape.js';
export { softmax, logSoftmax, logsumexp } from './ops/reduce.js';
export { rnnCell, type CellNonlinearity } from './ops/recurrent.js';
