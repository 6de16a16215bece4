/**
 * The loss of a fully connected network as a function of its flat parameter
 * vector, with a batched path that evaluates B parameter vectors at once.
 *
 * Layout (torch's, as `Module.parameters()` lists them): for each layer l,
 * the weight W_l of shape [out, in] (row-major) then the bias b_l of shape
 * [out]; layer l computes h ↦ h W_lᵀ + b_l, followed by the activation on all
 * but the last layer.
 *
 * Two evaluation paths without gradients:
 * - `lossFn` / `lossTensor`: the Tensor ops (the differentiable definition);
 * - `batchLossFn`: many parameter vectors straight on the arrays — each
 *   layer one matmul-kernel call on a transposed view of W_l inside θ, then
 *   bias and activation in place — with no tensor or graph per op; the same
 *   kernels in the same order as `lossFn`, so the same bits.
 * `lossTensorBatch` is the differentiable batched form: B parameter vectors
 * as a [B, n] tensor, each layer's weights viewed as [B, out, in] and the
 * data multiplied by all of them in one broadcast matmul X·W_lᵀ → [B, N, out].
 */
import { Tensor, binaryCrossEntropyWithLogits, mseLoss, noGrad, objective, tensor, type Objective } from '../autograd/index.js';
import { NDArray, Rng, binaryRun, matmulKernel, normalCdf, unaryRun, type UnaryCode, type UnaryFn } from '../tensor/index.js';
import type { BatchLossFn, LossFn } from './slices.js';

export type MlpActivation = 'tanh' | 'relu' | 'sigmoid' | 'gelu' | 'identity';

export interface MlpLossOptions {
  /** Layer widths [in, h₁, …, out], at least 2 entries. */
  sizes: number[];
  /** Hidden activation (default 'tanh'); the output layer is linear. */
  activation?: MlpActivation;
  /** Inputs X, shape [N, in]. */
  inputs: Tensor;
  /** Targets, shape [N, out] (real values for 'mse', 0/1 for 'bce'). */
  targets: Tensor;
  /** 'mse' (mean over all entries, default) or 'bce' (binary cross-entropy on logits). */
  loss?: 'mse' | 'bce';
}

export interface MlpLoss {
  /** Number of parameters. */
  n: number;
  /** Parameter shapes in layout order: [out, in], [out], … */
  shapes: number[][];
  /** L(θ) for one flat vector (noGrad). */
  lossFn: LossFn;
  /** L for count vectors stored row-major (noGrad, one forward pass for all). */
  batchLossFn: BatchLossFn;
  /** Differentiable L(θ) for a flat tensor θ of shape [n] (for gradients, Hessian-vector products). */
  lossTensor: (theta: Tensor) => Tensor;
  /** L as an Objective (value, gradient, Hessian-vector products): what every slice, sharpness and trajectory tool takes. */
  objective: Objective;
  /** Differentiable losses of a [B, n] tensor of parameter vectors → [B] (the batched path, with a graph). */
  lossTensorBatch: (thetas: Tensor) => Tensor;
  /** A flat vector with torch's default Linear init, U(−1/√in, 1/√in) for weights and biases. */
  init: (seed?: number) => Float64Array;
}

function activate(h: Tensor, activation: MlpActivation): Tensor {
  switch (activation) {
    case 'tanh':
      return h.tanh();
    case 'relu':
      return h.relu();
    case 'sigmoid':
      return h.sigmoid();
    case 'gelu':
      return h.gelu();
    case 'identity':
      return h;
  }
}

/** The activation as a pointwise loop (the same arithmetic as the Tensor op), or null for the identity. */
function pointwiseActivation(activation: MlpActivation): UnaryCode | UnaryFn | null {
  switch (activation) {
    case 'tanh':
    case 'relu':
    case 'sigmoid':
      return activation;
    case 'gelu':
      return (x) => x * normalCdf(x);
    case 'identity':
      return null;
  }
}

/** Build the flat-parameter loss of an MLP on fixed data. */
export function mlpLoss({ sizes, activation = 'tanh', inputs, targets, loss = 'mse' }: MlpLossOptions): MlpLoss {
  const fn = 'mlpLoss';
  if (!Array.isArray(sizes) || sizes.length < 2 || sizes.some((s) => !Number.isInteger(s) || s < 1)) {
    throw new Error(`${fn}: sizes must list at least 2 positive integer widths, got ${JSON.stringify(sizes)}`);
  }
  if (!['tanh', 'relu', 'sigmoid', 'gelu', 'identity'].includes(activation)) {
    throw new Error(`${fn}: activation must be one of tanh, relu, sigmoid, gelu, identity, got ${String(activation)}`);
  }
  if (loss !== 'mse' && loss !== 'bce') throw new Error(`${fn}: loss must be 'mse' or 'bce', got ${String(loss)}`);
  const inDim = sizes[0];
  const outDim = sizes[sizes.length - 1];
  if (inputs.ndim !== 2 || inputs.shape[1] !== inDim) throw new Error(`${fn}: inputs must have shape [N, ${inDim}], got [${inputs.shape.join(', ')}]`);
  const N = inputs.shape[0];
  if (targets.ndim !== 2 || targets.shape[0] !== N || targets.shape[1] !== outDim) {
    throw new Error(`${fn}: targets must have shape [${N}, ${outDim}], got [${targets.shape.join(', ')}]`);
  }
  const X = inputs.detach();
  const Y = targets.detach();
  const shapes: number[][] = [];
  for (let l = 0; l + 1 < sizes.length; l++) shapes.push([sizes[l + 1], sizes[l]], [sizes[l + 1]]);
  const n = shapes.reduce((acc, s) => acc + s.reduce((a, b) => a * b, 1), 0);

  /** Losses for a [B, n] tensor of parameter vectors → [B]. */
  const batchedForward = (thetas: Tensor): Tensor => {
    const B = thetas.shape[0];
    let h: Tensor = X;
    let offset = 0;
    for (let l = 0; l + 1 < sizes.length; l++) {
      const fanIn = sizes[l];
      const fanOut = sizes[l + 1];
      const W = thetas.slice(null, [offset, offset + fanOut * fanIn]).reshape([B, fanOut, fanIn]);
      offset += fanOut * fanIn;
      const b = thetas.slice(null, [offset, offset + fanOut]).reshape([B, 1, fanOut]);
      offset += fanOut;
      h = h.matmul(W.swapAxes(1, 2)).add(b);
      if (l + 2 < sizes.length) h = activate(h, activation);
    }
    if (loss === 'mse') return h.sub(Y).square().mean([1, 2]);
    // BCE with logits z, per entry: max(z, 0) − z·y + log(1 + e^{−|z|}), averaged per vector.
    return h.relu().sub(h.mul(Y)).add(h.abs().neg().exp().log1p()).mean([1, 2]);
  };

  const lossTensorBatch = (thetas: Tensor): Tensor => {
    if (thetas.ndim !== 2 || thetas.shape[1] !== n) throw new Error(`${fn}: thetas must have shape [B, ${n}], got [${thetas.shape.join(', ')}]`);
    return batchedForward(thetas);
  };
  const lossTensor = (theta: Tensor): Tensor => {
    if (theta.ndim !== 1 || theta.shape[0] !== n) throw new Error(`${fn}: theta must have shape [${n}], got [${theta.shape.join(', ')}]`);
    if (loss === 'bce') {
      // The library's BCE for the single-vector path (it is the same formula).
      return binaryCrossEntropyWithLogits(forwardLogits(theta), Y);
    }
    return mseLoss(forwardLogits(theta), Y);
  };
  const forwardLogits = (theta: Tensor): Tensor => {
    let h: Tensor = X;
    let offset = 0;
    for (let l = 0; l + 1 < sizes.length; l++) {
      const fanIn = sizes[l];
      const fanOut = sizes[l + 1];
      const W = theta.slice([offset, offset + fanOut * fanIn]).reshape([fanOut, fanIn]);
      offset += fanOut * fanIn;
      const b = theta.slice([offset, offset + fanOut]);
      offset += fanOut;
      h = h.matmul(W.T).add(b);
      if (l + 2 < sizes.length) h = activate(h, activation);
    }
    return h;
  };

  const lossFn: LossFn = (theta) => {
    if (theta.length !== n) throw new Error(`${fn}: theta has length ${theta.length}, expected ${n}`);
    return noGrad(() => lossTensor(tensor(theta)).item());
  };
  const xArray = X.contiguous().value;
  const yData = Y.contiguous().data;
  const act = pointwiseActivation(activation);
  /**
   * Forward pass and mean loss for the vector at thetas[base … base + n),
   * straight on the arrays: each layer is one product of the activations
   * with a transposed view of W_l inside θ (the matmul kernels, WebAssembly
   * SIMD when large), then bias and activation in place. No tensors, no
   * graph, and the same operations in the same order as `lossFn`.
   */
  const fusedLoss = (thetas: Float64Array, base: number): number => {
    let h = xArray;
    let offset = base;
    for (let l = 0; l + 1 < sizes.length; l++) {
      const fanIn = sizes[l];
      const fanOut = sizes[l + 1];
      // W_l is [fanOut, fanIn] row-major at `offset`; its transpose is the strided view [fanIn, fanOut].
      const z = matmulKernel(h, new NDArray(thetas, [fanIn, fanOut], [1, fanIn], offset));
      offset += fanOut * fanIn;
      const zd = z.data;
      // + b_l on every row, in place, with the loop the Tensor op's bias broadcast runs.
      for (let k = 0; k < zd.length; k += fanOut) binaryRun('add', zd, k, zd, k, 1, thetas, offset, 1, fanOut);
      offset += fanOut;
      if (l + 2 < sizes.length && act !== null) unaryRun(act, zd, 0, zd, 0, 1, zd.length);
      h = z;
    }
    const out = h.data;
    let total = 0;
    for (let k = 0; k < N * outDim; k++) {
      const o = out[k];
      const y = yData[k];
      if (loss === 'mse') {
        const d = o - y;
        total += d * d;
      } else {
        total += Math.max(o, 0) - o * y + Math.log1p(Math.exp(-Math.abs(o)));
      }
    }
    return total / (N * outDim);
  };
  const batchLossFn: BatchLossFn = (thetas, count) => {
    if (!Number.isInteger(count) || count < 1 || thetas.length !== count * n) {
      throw new Error(`${fn}: batchLossFn needs count ≥ 1 vectors of length ${n} (${count} × ${n} values), got ${thetas.length} values`);
    }
    const out = new Float64Array(count);
    for (let b = 0; b < count; b++) out[b] = fusedLoss(thetas, b * n);
    return out;
  };
  const init = (seed = 0): Float64Array => {
    const rng = new Rng(seed);
    const theta = new Float64Array(n);
    let offset = 0;
    for (let l = 0; l + 1 < sizes.length; l++) {
      // Weights then bias of layer l, both U(−1/√in, 1/√in).
      const size = sizes[l + 1] * (sizes[l] + 1);
      const bound = 1 / Math.sqrt(sizes[l]);
      rng.fillUniform(theta.subarray(offset, offset + size), -bound, bound);
      offset += size;
    }
    return theta;
  };
  // lossTensor is shape-static and pure (a fixed batch), so its objective runs compiled (bit-identical to eager).
  return { n, shapes, lossFn, batchLossFn, lossTensor, objective: objective(lossTensor, n, { compile: true }), lossTensorBatch, init };
}
