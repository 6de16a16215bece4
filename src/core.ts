/**
 * learning-dynamics/core: the tensor and reverse-mode autodiff alone (the
 * package root's top-level names), for users who want only these: a bundle
 * of this entry carries none of the higher layers.
 */
export * from './autograd/index.js';
export { NDArray, Rng, broadcastShapes, matmulShape, erf, erfc, normalCdf, kernelScope, setKernelSlabBytes, type NestedArray, type SliceSpec, type Shape } from './tensor/index.js';
