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
 * - `batchLossFn`: a fused Float64Array kernel for many parameter vectors
 *   (layer by layer over all samples, four samples per weight load, into
 *   two reused N × width buffers): no tensor allocation per op, which is
 *   what makes a 101 × 101 landscape grid cheap.
 * `lossTensorBatch` is the differentiable batched form: B parameter vectors
 * as a [B, n] tensor, each layer's weights viewed as [B, out, in] and the
 * data multiplied by all of them in one broadcast matmul X·W_lᵀ → [B, N, out].
 */
import { Tensor, binaryCrossEntropyWithLogits, mseLoss, noGrad, tensor } from '../autograd/index.js';
import { Rng, erf } from '../tensor/index.js';
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

function scalarActivation(activation: MlpActivation): (x: number) => number {
  switch (activation) {
    case 'tanh':
      return Math.tanh;
    case 'relu':
      return (x) => (x > 0 ? x : 0);
    case 'sigmoid':
      return (x) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));
    case 'gelu':
      return (x) => 0.5 * x * (1 + erf(x / Math.SQRT2));
    case 'identity':
      return (x) => x;
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
  const xData = X.contiguous().data;
  const yData = Y.contiguous().data;
  const act = scalarActivation(activation);
  const width = Math.max(...sizes);
  // Activations of all N samples for the current layer (row s = sample s), ping-ponged between layers.
  const bufA = new Float64Array(N * width);
  const bufB = new Float64Array(N * width);
  /**
   * Fused forward pass and mean loss for the vector at thetas[base … base + n).
   * Layer by layer over all samples; four samples share each weight load
   * (register blocking), the remainder is done one sample at a time.
   */
  const fusedLoss = (thetas: Float64Array, base: number): number => {
    let h = bufA;
    let z = bufB;
    let offset = base;
    for (let l = 0; l + 1 < sizes.length; l++) {
      const fanIn = sizes[l];
      const fanOut = sizes[l + 1];
      const biasAt = offset + fanOut * fanIn;
      const hidden = l + 2 < sizes.length;
      // The input layer reads the data directly; later layers read the previous activations.
      const src = l === 0 ? xData : h;
      let s = 0;
      for (; s + 4 <= N; s += 4) {
        const r0 = s * fanIn;
        const r1 = r0 + fanIn;
        const r2 = r1 + fanIn;
        const r3 = r2 + fanIn;
        for (let j = 0; j < fanOut; j++) {
          const bias = thetas[biasAt + j];
          let a0 = bias;
          let a1 = bias;
          let a2 = bias;
          let a3 = bias;
          const row = offset + j * fanIn;
          for (let i = 0; i < fanIn; i++) {
            const w = thetas[row + i];
            a0 += w * src[r0 + i];
            a1 += w * src[r1 + i];
            a2 += w * src[r2 + i];
            a3 += w * src[r3 + i];
          }
          const o = s * fanOut + j;
          z[o] = hidden ? act(a0) : a0;
          z[o + fanOut] = hidden ? act(a1) : a1;
          z[o + 2 * fanOut] = hidden ? act(a2) : a2;
          z[o + 3 * fanOut] = hidden ? act(a3) : a3;
        }
      }
      for (; s < N; s++) {
        for (let j = 0; j < fanOut; j++) {
          let acc = thetas[biasAt + j];
          const row = offset + j * fanIn;
          for (let i = 0; i < fanIn; i++) acc += thetas[row + i] * src[s * fanIn + i];
          z[s * fanOut + j] = hidden ? act(acc) : acc;
        }
      }
      offset = biasAt + fanOut;
      const swap = h;
      h = z;
      z = swap;
    }
    let total = 0;
    for (let k = 0; k < N * outDim; k++) {
      const out = h[k];
      const y = yData[k];
      total += loss === 'mse' ? (out - y) ** 2 : Math.max(out, 0) - out * y + Math.log1p(Math.exp(-Math.abs(out)));
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
  return { n, shapes, lossFn, batchLossFn, lossTensor, lossTensorBatch, init };
}
