/**
 * Recurrent layers with PyTorch's equations, parameter layout and default
 * initialization, trained by backpropagation through time: the unrolled
 * sequence is one graph of Tensor ops, so `loss.backward()` is BPTT.
 *
 * - `RNN` (torch.nn.RNN, one layer): h_t = φ(x_t W_ihᵀ + b_ih + h_{t−1} W_hhᵀ + b_hh), φ = tanh or relu.
 * - `GRU` (torch.nn.GRU, one layer), gates stacked in the order r, z, n:
 *     r = σ(x W_irᵀ + b_ir + h W_hrᵀ + b_hr),  z = σ(x W_izᵀ + b_iz + h W_hzᵀ + b_hz),
 *     n = tanh(x W_inᵀ + b_in + r ⊙ (h W_hnᵀ + b_hn)),  h' = (1 − z) ⊙ n + z ⊙ h.
 * - `RateRNN`: the continuous-time rate network τ dh/dt = −h + W φ(h) + B u + b, discretized by Euler
 *   with step Δt: h ← h + α(−h + φ(h) Wᵀ + u Bᵀ + b), α = Δt/τ (α = 1 gives a discrete map h ← φ(h)Wᵀ + …).
 *
 * Default initialization as torch: every parameter of RNN and GRU ~ U(−1/√H, 1/√H), drawn in the order
 * weightIh, weightHh, biasIh, biasHh. The rate network has no torch counterpart; it follows the
 * literature's random-network convention (Sompolinsky et al. 1988; Sussillo & Abbott 2009):
 * W ~ N(0, g²/H) with gain g (default 1, the edge of chaos of the autonomous network), B ~ U(−1/√I, 1/√I), b = 0.
 *
 * Layout: input [T, B, I] → output [T, B, H] (torch's default), or [B, T, I] → [B, T, H] with
 * `batchFirst` (the layout of `train`'s datasets, whose rows are sequences). The initial state h₀ is zeros
 * unless given ([B, H]). Truncated BPTT: `truncate: k` cuts the gradient of the state every k steps
 * (h is detached at t = k, 2k, …), so ∂L/∂θ only sums paths of at most k recurrent steps.
 */
import { Parameter, defaultRng, rnnCell, stack, zeros, type Tensor } from '../autograd/index.js';
import { NDArray, formatShape, resolveRng, type Rng } from '../tensor/index.js';
import * as init from './init.js';
import { Module } from './module.js';
import { checkNonNegativeNumber, checkOneOf, checkPositiveInteger } from '../tensor/validate.js';

export type RecurrentNonlinearity = 'tanh' | 'relu';

export interface RecurrentOptions {
  batchFirst?: boolean;
  /** Cut the state's gradient every this many steps (truncated BPTT); none by default. */
  truncate?: number;
  seed?: number;
  rng?: Rng;
}

export interface RecurrentRun {
  /** Every state h_1 … h_T, [T, B, H] (or [B, T, H] with batchFirst). */
  output: Tensor;
  /** The last state h_T, [B, H]. */
  hN: Tensor;
}

/** A recurrent layer: a one-step map h ↦ F(h, x) unrolled over a sequence. */
export abstract class RecurrentModule extends Module {
  readonly inputSize: number;
  readonly hiddenSize: number;
  readonly batchFirst: boolean;
  truncate: number | null;

  protected constructor(inputSize: number, hiddenSize: number, opts: RecurrentOptions, name: string) {
    super();
    for (const [k, v] of [['inputSize', inputSize], ['hiddenSize', hiddenSize]] as const) {
      checkPositiveInteger(name, k, v);
    }
    if (opts.truncate !== undefined && (!Number.isInteger(opts.truncate) || opts.truncate < 1)) {
      throw new Error(`${name}: truncate must be a positive integer (steps), got ${opts.truncate}`);
    }
    this.inputSize = inputSize;
    this.hiddenSize = hiddenSize;
    this.batchFirst = opts.batchFirst ?? false;
    this.truncate = opts.truncate ?? null;
  }

  /** One step of the recurrence: x [B, I], h [B, H] → h' [B, H] (Tensor ops, differentiable to any order). */
  abstract step(x: Tensor, h: Tensor): Tensor;

  /** The state-to-state weight matrix W [H, H] row-major (for the GRU: W_hn, the candidate's block). */
  recurrentWeights(): Float64Array {
    const w = (this as unknown as { weightHh: Parameter }).weightHh.data;
    const H = this.hiddenSize;
    return Float64Array.from(w.subarray(w.length - H * H));
  }

  /** Unroll over the sequence from h₀ (zeros when omitted). */
  run(x: Tensor, h0?: Tensor): RecurrentRun {
    const name = this.constructor.name;
    if (x.ndim !== 3 || x.shape[2] !== this.inputSize) {
      throw new Error(`${name}: input must be ${this.batchFirst ? '[B, T, I]' : '[T, B, I]'} with I = ${this.inputSize}, got ${formatShape(x.shape)}`);
    }
    const seq = this.batchFirst ? x.swapAxes(0, 1) : x;
    const [T, B] = [seq.shape[0]!, seq.shape[1]!];
    let h: Tensor = h0 ?? this.zeroState(B);
    if (h.ndim !== 2 || h.shape[0] !== B || h.shape[1] !== this.hiddenSize) {
      throw new Error(`${name}: h0 must be [${B}, ${this.hiddenSize}], got ${formatShape(h.shape)}`);
    }
    const states: Tensor[] = [];
    for (let t = 0; t < T; t++) {
      if (this.truncate !== null && t > 0 && t % this.truncate === 0) h = h.detach();
      // One input slice per step (not one product over all T and then slices): the VJP of a slice scatters into
      // the whole [T, B, ·] array, which would make the backward pass O(T²) when the sequence is projected first.
      h = this.step(seq.select(0, t), h);
      states.push(h);
    }
    return { output: stack(states, this.batchFirst ? 1 : 0), hN: h };
  }

  forward(x: Tensor): Tensor {
    return this.run(x).output;
  }

  zeroState(batch: number): Tensor {
    return zeros([batch, this.hiddenSize]);
  }
}

/** The k-th of the three gate blocks (r, z, n) of a [B, 3H] pre-activation. */
function gatePart(g: Tensor, k: number, H: number): Tensor {
  return g.slice(null, [k * H, (k + 1) * H]);
}

function torchUniform(params: Parameter[], hiddenSize: number, rng: Rng): void {
  const k = 1 / Math.sqrt(hiddenSize);
  for (const p of params) init.uniform(p, { a: -k, b: k, rng });
}

export interface RNNOptions extends RecurrentOptions {
  nonlinearity?: RecurrentNonlinearity;
  bias?: boolean;
}

/** torch.nn.RNN with one layer. */
export class RNN extends RecurrentModule {
  readonly nonlinearity: RecurrentNonlinearity;
  readonly weightIh: Parameter;
  readonly weightHh: Parameter;
  readonly biasIh: Parameter | null;
  readonly biasHh: Parameter | null;

  constructor(inputSize: number, hiddenSize: number, opts: RNNOptions = {}) {
    super(inputSize, hiddenSize, opts, 'RNN');
    const nl = opts.nonlinearity ?? 'tanh';
    checkOneOf('RNN', 'nonlinearity', nl, ['tanh', 'relu'] as const);
    this.nonlinearity = nl;
    this.weightIh = new Parameter(NDArray.zeros([hiddenSize, inputSize]), 'weightIh');
    this.weightHh = new Parameter(NDArray.zeros([hiddenSize, hiddenSize]), 'weightHh');
    const bias = opts.bias ?? true;
    this.biasIh = bias ? new Parameter(NDArray.zeros([hiddenSize]), 'biasIh') : null;
    this.biasHh = bias ? new Parameter(NDArray.zeros([hiddenSize]), 'biasHh') : null;
    torchUniform(this.parameters(), hiddenSize, resolveRng(opts, defaultRng));
  }

  /** One fused op (autograd's rnnCell): the composed step records 6–8 graph nodes, whose fixed cost dominates small layers. */
  step(x: Tensor, h: Tensor): Tensor {
    return rnnCell(x, h, this.weightIh, this.weightHh, this.biasIh, this.biasHh, this.nonlinearity);
  }
}

/** torch.nn.GRU with one layer (gate order r, z, n in weightIh [3H, I] and weightHh [3H, H]). */
export class GRU extends RecurrentModule {
  readonly weightIh: Parameter;
  readonly weightHh: Parameter;
  readonly biasIh: Parameter | null;
  readonly biasHh: Parameter | null;

  constructor(inputSize: number, hiddenSize: number, opts: RecurrentOptions & { bias?: boolean } = {}) {
    super(inputSize, hiddenSize, opts, 'GRU');
    this.weightIh = new Parameter(NDArray.zeros([3 * hiddenSize, inputSize]), 'weightIh');
    this.weightHh = new Parameter(NDArray.zeros([3 * hiddenSize, hiddenSize]), 'weightHh');
    const bias = opts.bias ?? true;
    this.biasIh = bias ? new Parameter(NDArray.zeros([3 * hiddenSize]), 'biasIh') : null;
    this.biasHh = bias ? new Parameter(NDArray.zeros([3 * hiddenSize]), 'biasHh') : null;
    torchUniform(this.parameters(), hiddenSize, resolveRng(opts, defaultRng));
  }

  step(x: Tensor, h: Tensor): Tensor {
    const u = x.matmul(this.weightIh.T);
    return this.gates(this.biasIh ? u.add(this.biasIh) : u, h);
  }
  /** gi = x W_ihᵀ + b_ih (given), gh = h W_hhᵀ + b_hh; split both into the r, z, n thirds. */
  private gates(gi: Tensor, h: Tensor): Tensor {
    const H = this.hiddenSize;
    let gh = h.matmul(this.weightHh.T);
    if (this.biasHh) gh = gh.add(this.biasHh);
    const r = gatePart(gi, 0, H).add(gatePart(gh, 0, H)).sigmoid();
    const z = gatePart(gi, 1, H).add(gatePart(gh, 1, H)).sigmoid();
    const n = gatePart(gi, 2, H).add(r.mul(gatePart(gh, 2, H))).tanh();
    // h' = (1 − z) n + z h = n + z (h − n)
    return n.add(z.mul(h.sub(n)));
  }
}

export interface RateRNNOptions extends RecurrentOptions {
  /** Time constant τ and Euler step Δt (same units); α = Δt/τ ∈ (0, 1]. Defaults τ = 10, Δt = 1. */
  tau?: number;
  dt?: number;
  /** φ in the recurrent drive W φ(h). */
  nonlinearity?: RecurrentNonlinearity;
  /** Gain g of the recurrent weights, W ~ N(0, g²/H). */
  gain?: number;
}

/** Continuous-time rate network τ dh/dt = −h + W φ(h) + B u + b, Euler-discretized. */
export class RateRNN extends RecurrentModule {
  readonly tau: number;
  readonly dt: number;
  readonly alpha: number;
  readonly nonlinearity: RecurrentNonlinearity;
  /** B [H, I]. */
  readonly weightIh: Parameter;
  /** W [H, H]. */
  readonly weightHh: Parameter;
  /** b [H]. */
  readonly bias: Parameter;

  constructor(inputSize: number, hiddenSize: number, opts: RateRNNOptions = {}) {
    super(inputSize, hiddenSize, opts, 'RateRNN');
    const tau = opts.tau ?? 10;
    const dt = opts.dt ?? 1;
    if (!(tau > 0 && Number.isFinite(tau)) || !(dt > 0 && dt <= tau)) {
      throw new Error(`RateRNN: need τ > 0 and 0 < Δt ≤ τ (Euler is unstable on the leak for Δt > 2τ), got τ = ${tau}, Δt = ${dt}`);
    }
    const nl = opts.nonlinearity ?? 'tanh';
    checkOneOf('RateRNN', 'nonlinearity', nl, ['tanh', 'relu'] as const);
    const gain = opts.gain ?? 1;
    checkNonNegativeNumber('RateRNN', 'gain', gain);
    this.tau = tau;
    this.dt = dt;
    this.alpha = dt / tau;
    this.nonlinearity = nl;
    this.weightIh = new Parameter(NDArray.zeros([hiddenSize, inputSize]), 'weightIh');
    this.weightHh = new Parameter(NDArray.zeros([hiddenSize, hiddenSize]), 'weightHh');
    this.bias = new Parameter(NDArray.zeros([hiddenSize]), 'bias');
    const rng = resolveRng(opts, defaultRng);
    init.uniform(this.weightIh, { a: -1 / Math.sqrt(inputSize), b: 1 / Math.sqrt(inputSize), rng });
    init.normal(this.weightHh, { std: gain / Math.sqrt(hiddenSize), rng });
  }

  private phi(h: Tensor): Tensor {
    return this.nonlinearity === 'tanh' ? h.tanh() : h.relu();
  }

  /** dh/dt = (−h + φ(h) Wᵀ + u Bᵀ + b)/τ, the continuous-time vector field at input u [B, I]. */
  velocity(u: Tensor, h: Tensor): Tensor {
    return this.drive(u.matmul(this.weightIh.T), h).div(this.tau);
  }
  /** −h + φ(h) Wᵀ + (u Bᵀ) + b, with the input term given. */
  private drive(uB: Tensor, h: Tensor): Tensor {
    return this.phi(h).matmul(this.weightHh.T).add(uB).add(this.bias).sub(h);
  }
  step(x: Tensor, h: Tensor): Tensor {
    return h.add(this.drive(x.matmul(this.weightIh.T), h).mul(this.alpha));
  }
}
