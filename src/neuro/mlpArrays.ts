/**
 * Fast array passes over an nn.MLP, for the neuro tools that run hundreds of
 * layers or thousands of perturbed forward passes (signal propagation, node and
 * weight perturbation, learning rules with per-example deltas): the network is
 * an `nn.MLP` (one hidden activation φ, identity output); `mlpArrays` gives
 * live Float64Array views of its parameters, and these functions compute on
 * them without recording a graph. Layer l (1…L) computes
 * h^l = W^l x^{l−1} + b^l, x^l = φ(h^l); the output is y = W^{out} x^L + b^{out}.
 * Weights are row-major [fanOut, fanIn] (nn.Linear's layout). The test suite
 * checks these passes against the module's autograd forward and backward.
 *
 * Backpropagation: with δ^l = ∂ℓ/∂h^l,
 *   δ^{out} = ∂ℓ/∂y,   δ^l = φ'(h^l) ⊙ (W^{l+1})ᵀ δ^{l+1},   ∂ℓ/∂W^l = δ^l (x^{l−1})ᵀ.
 */
import { MLP } from '../nn/index.js';
import type { Rng } from '../tensor/index.js';
import { getActivation, type Activation, type ActivationName } from './activations.js';
import { initWeights, type InitScheme } from './init.js';
import { checkNonNegativeNumber } from '../tensor/validate.js';

export interface NeuroMlpOptions {
  activation: ActivationName;
  init: InitScheme;
  /** Gain for orthogonal init (ignored by the other schemes). */
  gain?: number;
  /** Std of the Gaussian biases (σ_b); 0 by default. */
  biasStd?: number;
  rng: Rng;
}

/**
 * An nn.MLP with hidden activation φ, a linear output, weights drawn under an
 * init scheme of the mean-field theory (src/neuro/init.ts) and biases N(0, σ_b²)
 * (zero when σ_b = 0, drawing nothing), layer by layer from `rng`.
 */
export function neuroMlp(sizes: readonly number[], options: NeuroMlpOptions): MLP {
  const biasStd = options.biasStd ?? 0;
  checkNonNegativeNumber('neuroMlp', 'biasStd', biasStd);
  const act = getActivation(options.activation);
  const gain = options.gain ?? 1;
  return new MLP(sizes, {
    hidden: act.name === 'linear' ? 'identity' : act.name,
    output: 'identity',
    rng: options.rng,
    init: (weight, bias, rng) => {
      const [fanOut, fanIn] = weight.shape as [number, number];
      weight.data.set(initWeights(options.init, fanOut, fanIn, rng, gain));
      if (bias) {
        bias.data.fill(0);
        if (biasStd > 0) rng.fillNormal(bias.data, 0, biasStd);
      }
    },
  });
}

/** Live views of an nn.MLP's parameters (writes go into the module) and its hidden φ with φ'. */
export interface MlpArrays {
  /** sizes = [inputDim, hidden…, outputDim]. */
  readonly sizes: readonly number[];
  /** Number of hidden layers L. */
  readonly depth: number;
  readonly activation: Activation;
  weights: Float64Array[];
  biases: Float64Array[];
}

/** The arrays of `model`; its hidden layers share one activation (tanh, sigmoid, relu or identity) and the output is linear. */
export function mlpArrays(model: MLP): MlpArrays {
  const names = model.activations.map((a) => a.name);
  const hidden = names.length > 1 ? names[0]! : 'identity';
  if (names.slice(0, -1).some((n) => n !== hidden) || names[names.length - 1] !== 'identity') {
    throw new Error(`mlpArrays: needs one hidden activation and an identity output, got [${names.join(', ')}]`);
  }
  const activation = getActivation(hidden === 'identity' ? 'linear' : hidden);
  return {
    sizes: model.sizes,
    depth: model.sizes.length - 2,
    activation,
    weights: model.layers.map((l) => l.weight.data),
    biases: model.layers.map((l) => (l.bias ? l.bias.data : new Float64Array(l.outFeatures))),
  };
}

/** Everything the forward pass computed for a batch of B rows. */
export interface ForwardCache {
  batch: number;
  /** inputs[l] = x^l as [B, size_l] (inputs[0] is the network input). */
  inputs: Float64Array[];
  /** pre[l] = h^{l+1} as [B, size_{l+1}] for l = 0…L (last entry: the output y). */
  pre: Float64Array[];
}

export interface Gradients {
  /** deltas[l] = ∂ℓ/∂h^{l+1} per row, [B, size_{l+1}]; the last entry is ∂ℓ/∂y. */
  deltas: Float64Array[];
  weights: Float64Array[];
  biases: Float64Array[];
}

/** out[m, n] = Σ_k a[m, k]·b[n, k]  (A Bᵀ, both row-major). */
export function matmulABt(a: Float64Array, b: Float64Array, m: number, k: number, n: number, out = new Float64Array(m * n)): Float64Array {
  for (let i = 0; i < m; i++) {
    const ai = i * k;
    for (let j = 0; j < n; j++) {
      const bj = j * k;
      let s = 0;
      for (let t = 0; t < k; t++) s += a[ai + t] * b[bj + t];
      out[i * n + j] = s;
    }
  }
  return out;
}

/** out[m, n] = Σ_k a[m, k]·b[k, n]  (A B, both row-major). */
export function matmulAB(a: Float64Array, b: Float64Array, m: number, k: number, n: number): Float64Array {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    const oi = i * n;
    for (let t = 0; t < k; t++) {
      const x = a[i * k + t];
      if (x === 0) continue;
      const bt = t * n;
      for (let j = 0; j < n; j++) out[oi + j] += x * b[bt + j];
    }
  }
  return out;
}

/** out[m, n] = Σ_k a[k, m]·b[k, n]  (Aᵀ B, both row-major). */
export function matmulAtB(a: Float64Array, b: Float64Array, k: number, m: number, n: number): Float64Array {
  const out = new Float64Array(m * n);
  for (let t = 0; t < k; t++) {
    for (let i = 0; i < m; i++) {
      const x = a[t * m + i];
      if (x === 0) continue;
      const oi = i * n;
      const bt = t * n;
      for (let j = 0; j < n; j++) out[oi + j] += x * b[bt + j];
    }
  }
  return out;
}


/** Forward pass on x [B, inputDim]; keeps what backward needs. */
export function forwardPass(net: MlpArrays, x: Float64Array, batch: number): ForwardCache {
  if (x.length !== batch * net.sizes[0]) {
    throw new Error(`forwardPass: x must have length batch·inputDim = ${batch * net.sizes[0]}, got ${x.length}`);
  }
  const inputs = [x];
  const pre: Float64Array[] = [];
  const nLayers = net.weights.length;
  const phi = net.activation.f;
  for (let l = 0; l < nLayers; l++) {
    const fanIn = net.sizes[l];
    const fanOut = net.sizes[l + 1];
    const h = matmulABt(inputs[l], net.weights[l], batch, fanIn, fanOut);
    const b = net.biases[l];
    for (let r = 0; r < batch; r++) for (let j = 0; j < fanOut; j++) h[r * fanOut + j] += b[j];
    pre.push(h);
    if (l + 1 < nLayers) {
      const a = new Float64Array(h.length);
      for (let i = 0; i < h.length; i++) a[i] = phi(h[i]);
      inputs.push(a);
    }
  }
  return { batch, inputs, pre };
}

/** The output y [B, outputDim] of a forward pass. */
export function predict(net: MlpArrays, x: Float64Array, batch: number): Float64Array {
  const c = forwardPass(net, x, batch);
  return c.pre[c.pre.length - 1];
}

/**
 * Backward pass from gradOutput = ∂ℓ/∂y [B, outputDim]. Row r of every
 * delta is the gradient of the loss term of example r alone, so per-example
 * gradient norms can be read off directly.
 */
export function backwardPass(net: MlpArrays, cache: ForwardCache, gradOutput: Float64Array): Gradients {
  const { batch, inputs, pre } = cache;
  const nLayers = net.weights.length;
  const deltas: Float64Array[] = new Array(nLayers);
  const weights: Float64Array[] = new Array(nLayers);
  const biases: Float64Array[] = new Array(nLayers);
  const dphi = net.activation.df;
  let delta = gradOutput;
  for (let l = nLayers - 1; l >= 0; l--) {
    const fanIn = net.sizes[l];
    const fanOut = net.sizes[l + 1];
    deltas[l] = delta;
    weights[l] = matmulAtB(delta, inputs[l], batch, fanOut, fanIn);
    const gb = new Float64Array(fanOut);
    for (let r = 0; r < batch; r++) for (let j = 0; j < fanOut; j++) gb[j] += delta[r * fanOut + j];
    biases[l] = gb;
    if (l > 0) {
      const back = matmulAB(delta, net.weights[l], batch, fanOut, fanIn);
      const h = pre[l - 1];
      for (let i = 0; i < back.length; i++) back[i] *= dphi(h[i]);
      delta = back;
    }
  }
  return { deltas, weights, biases };
}

/**
 * Input–output Jacobians of the hidden layers at one input x0:
 * J^l = ∂x^l/∂x^0 = D^l W^l D^{l−1} W^{l−1} ⋯ D^1 W^1 with D^k = diag φ'(h^k),
 * returned as [size_l, inputDim] row-major for l = 1…L.
 */
export function hiddenJacobians(net: MlpArrays, x0: Float64Array): Float64Array[] {
  const d0 = net.sizes[0];
  if (x0.length !== d0) throw new Error(`hiddenJacobians: x0 must have length ${d0}, got ${x0.length}`);
  const cache = forwardPass(net, x0, 1);
  const dphi = net.activation.df;
  let j: Float64Array = new Float64Array(d0 * d0);
  for (let i = 0; i < d0; i++) j[i * d0 + i] = 1;
  const out: Float64Array[] = [];
  for (let l = 0; l < net.depth; l++) {
    const fanIn = net.sizes[l];
    const fanOut = net.sizes[l + 1];
    const next = matmulAB(net.weights[l], j, fanOut, fanIn, d0);
    const h = cache.pre[l];
    for (let r = 0; r < fanOut; r++) {
      const g = dphi(h[r]);
      for (let c = 0; c < d0; c++) next[r * d0 + c] *= g;
    }
    out.push(next);
    j = next;
  }
  return out;
}

/** A loss value and its gradient with respect to the prediction. */
export interface LossAndGrad {
  loss: number;
  /** ∂loss/∂y, [B, outputDim]. */
  grad: Float64Array;
}

/**
 * loss = (1 / (B·d)) Σ (y − t)², the mean-reduced MSE of autograd's mseLoss,
 * and its gradient 2(y − t)/(B·d).
 */
export function mseAndGrad(y: Float64Array, t: Float64Array): LossAndGrad {
  if (y.length !== t.length) throw new Error(`mseAndGrad: y and t must have equal length, got ${y.length} and ${t.length}`);
  const n = y.length;
  const grad = new Float64Array(n);
  let loss = 0;
  for (let i = 0; i < n; i++) {
    const e = y[i] - t[i];
    loss += e * e;
    grad[i] = (2 * e) / n;
  }
  return { loss: loss / n, grad };
}

/** One gradient-descent step in place on the network's parameters: W ← W − η·∂W, b ← b − η·∂b, layer by layer. */
export function descendInPlace(net: MlpArrays, g: Gradients, lr: number): void {
  for (let l = 0; l < net.weights.length; l++) {
    const w = net.weights[l];
    const gw = g.weights[l];
    for (let i = 0; i < w.length; i++) w[i] -= lr * gw[i];
    const b = net.biases[l];
    const gb = g.biases[l];
    for (let i = 0; i < b.length; i++) b[i] -= lr * gb[i];
  }
}
