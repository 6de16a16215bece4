/**
 * learning-dynamics: learning as a dynamical system, rebuilt from first
 * principles on Float64Array. The public API: the Tensor and autodiff at the
 * top level (PyTorch/NumPy names), each higher layer as a namespace.
 */
export * from './autograd/index.js';
export { NDArray, Rng, broadcastShapes, matmulShape, erf, erfc, normalCdf, kernelScope, setKernelSlabBytes, type NestedArray, type SliceSpec, type Shape } from './tensor/index.js';
export * as nn from './nn/index.js';
export * as optim from './optim/index.js';
export * as linalg from './linalg/index.js';
export * as ode from './ode/index.js';
export * as viz from './viz/index.js';
export * as experiments from './experiments/index.js';
export * as landscape from './landscape/index.js';
export * as dynamics from './dynamics/index.js';
export * as neuro from './neuro/index.js';
