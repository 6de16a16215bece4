/**
 * Spectral linear algebra on Float64Array: dense symmetric and general
 * eigensolvers, and matrix-free (matvec-only) methods for operators too
 * large to store, such as Hessians reached through Hessian-vector products.
 */
export { type MatVec, axpy, dot, denseMatVec, norm, orthogonalizeAgainst, orthonormalize, randomUnitVector, scaleInPlace, startVector } from './vector.js';
export { pythag, tridiagonalEigen, type TridiagonalEigenResult } from './tridiagonal.js';
export { symmetricEigen, symmetricEigenvalues, type SymmetricEigenOptions, type SymmetricEigenResult } from './symmetric.js';
export { eigenvalues, spectralRadius, type ComplexEigenvalues, type EigenvaluesOptions } from './general.js';
export { powerIteration, type PowerIterationOptions, type PowerIterationResult } from './power.js';
export { lanczos, lanczosRecurrence, type LanczosOptions, type LanczosResult, type LanczosTridiagonal } from './lanczos.js';
export { hutchinson, type HutchinsonOptions, type HutchinsonResult, type ProbeDistribution } from './hutchinson.js';
export { slq, spectralDensity, type SlqOptions, type SlqResult } from './slq.js';
export { svd, singularValues, type SvdResult, type SvdOptions } from './svd.js';
export { realEigenvector, type RealEigenvectorResult } from './inverseIteration.js';
