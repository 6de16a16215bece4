/**
 * learning-dynamics: learning as a dynamical system, rebuilt from first
 * principles on Float64Array. The public API: the Tensor and autodiff at the
 * top level (PyTorch/NumPy names; also `learning-dynamics/core`), each higher
 * layer as a namespace (also its own subpath, `learning-dynamics/nn`, …).
 *
 * The root loads only the numerical library. Figures (`learning-dynamics/viz`,
 * Observable Plot) and the experiment catalog (`learning-dynamics/experiments`,
 * zod schemas) are subpaths of their own, so importing the root costs nothing
 * of theirs; package.json's `exports` lists every subpath.
 */
export * from './core.js';
export * as nn from './nn/index.js';
export * as optim from './optim/index.js';
export * as linalg from './linalg/index.js';
export * as ode from './ode/index.js';
export * as landscape from './landscape/index.js';
export * as dynamics from './dynamics/index.js';
export * as neuro from './neuro/index.js';
