export { NDArray, forEachIndex, normalizeRange, type NestedArray, type SliceSpec } from './ndarray.js';
export * from './shape.js';
export { allocFloat64 } from './alloc.js';
export { mapUnary, mapBinary, whereKernel, copyContiguous, type UnaryFn, type BinaryFn } from './elementwise.js';
export { reduce, argReduce, type ReduceKind } from './reduce.js';
export { matmul as matmulKernel, matmulShape, gemm } from './matmul.js';
export { concatenate, gather as gatherKernel, scatterAdd, indexSelect as indexSelectKernel, indexAdd, sliceAdjoint } from './indexing.js';
export { Rng, fdlibmLog, resolveRng, type RngState } from './rng.js';
export { erf, erfc, normalCdf } from './special.js';
