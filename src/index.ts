/**
 * learning-dynamics: learning as a dynamical system, rebuilt from first
 * principles on Float64Array. The public API, re-exported by layer.
 */
export * from './autograd/index.js';
export { NDArray, Rng, broadcastShapes, matmulShape, erf, erfc, normalCdf, type NestedArray, type SliceSpec, type Shape } from './tensor/index.js';
