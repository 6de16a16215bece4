/**
 * Multilayer perceptron: sizes [n₀, n₁, …, n_L] give L affine layers
 * z_ℓ = h_{ℓ−1}·W_ℓᵀ + b_ℓ, h_ℓ = φ(z_ℓ), with φ the hidden activation for
 * ℓ < L and the output activation for ℓ = L. Parameters are named
 * `layers.{ℓ−1}.weight` / `layers.{ℓ−1}.bias`.
 */
import { defaultRng, type Parameter, type Tensor } from '../autograd/index.js';
import { resolveRng, type Rng } from '../tensor/index.js';
import { activation, type Activation, type ActivationName } from './activations.js';
import type { LayerInit } from './initSpec.js';
import { Linear } from './linear.js';
import { Module } from './module.js';

export interface MLPOptions {
  hidden?: ActivationName | string;
  output?: ActivationName | string;
  bias?: boolean;
  /** One init for every layer, or one per layer. PyTorch's default when omitted. */
  init?: LayerInit | LayerInit[];
  seed?: number;
  rng?: Rng;
}

/** One layer's signals in a forward pass: z_ℓ and h_ℓ = φ(z_ℓ). */
export interface LayerSignals {
  /** Layer index ℓ − 1 (0 for the first affine layer). */
  index: number;
  activation: ActivationName;
  preActivation: Tensor;
  postActivation: Tensor;
  /** The layer's weight matrix, if it has one (for ‖W‖ and ‖∂L/∂W‖ statistics). */
  weight: Parameter | null;
}

export interface ForwardTrace {
  output: Tensor;
  layers: LayerSignals[];
}

/** A model that can expose its per-layer signals (what the training history records). */
export interface TracedModel {
  forwardWithActivations(x: Tensor, options?: { retainGrad?: boolean }): ForwardTrace;
}

export function isTracedModel(m: unknown): m is TracedModel {
  return typeof (m as TracedModel | null)?.forwardWithActivations === 'function';
}

/**
 * A multilayer perceptron: `Linear` layers of the given sizes with an activation
 * between them (`hidden`, default tanh) and after the last (`output`, default identity),
 * initialized as torch's `nn.Linear` unless `init` says otherwise.
 *
 * @example
 * ```ts
 * import { nn, tensor } from 'learning-dynamics';
 *
 * const model = new nn.MLP([2, 4, 1], { hidden: 'tanh', seed: 0 });
 * console.log(model.namedParameters().map(([name, p]) => `${name} [${p.shape.join(', ')}]`));
 * const y = model.forward(tensor([[0, 1], [1, 0]])); // shape [2, 1]
 * console.log(y.shape);
 * ```
 */
export class MLP extends Module implements TracedModel {
  readonly sizes: number[];
  readonly layers: Linear[];
  readonly activations: Activation[];

  constructor(sizes: readonly number[], { hidden = 'tanh', output = 'identity', bias = true, init, seed, rng }: MLPOptions = {}) {
    super();
    if (sizes.length < 2 || sizes.some((s) => !Number.isInteger(s) || s < 1)) {
      throw new Error(`MLP: sizes must list at least 2 positive integers (input, …, output), got [${sizes.join(', ')}]`);
    }
    const nLayers = sizes.length - 1;
    if (Array.isArray(init) && init.length !== nLayers) {
      throw new Error(`MLP: init has ${init.length} entries, expected one per layer (${nLayers})`);
    }
    const generator = resolveRng({ seed, rng }, defaultRng);
    this.sizes = [...sizes];
    this.layers = [];
    this.activations = [];
    for (let l = 0; l < nLayers; l++) {
      const layerInit = Array.isArray(init) ? init[l] : init;
      this.layers.push(new Linear(sizes[l]!, sizes[l + 1]!, { bias, init: layerInit, rng: generator }));
      this.activations.push(activation(l === nLayers - 1 ? output : hidden));
    }
  }

  forward(x: Tensor): Tensor {
    let h = x;
    for (let l = 0; l < this.layers.length; l++) h = this.activations[l]!.forward(this.layers[l]!.forward(h));
    return h;
  }

  /**
   * Forward pass that also returns z_ℓ and h_ℓ of every layer. With
   * `retainGrad`, both keep their gradient after backward (∂L/∂z_ℓ, ∂L/∂h_ℓ),
   * which is what per-layer vanishing/exploding-gradient studies read.
   */
  forwardWithActivations(x: Tensor, { retainGrad = false }: { retainGrad?: boolean } = {}): ForwardTrace {
    const layers: LayerSignals[] = [];
    let h = x;
    for (let l = 0; l < this.layers.length; l++) {
      const z = this.layers[l]!.forward(h);
      const act = this.activations[l]!;
      h = act.forward(z);
      if (retainGrad) {
        z.retainGrad();
        h.retainGrad();
      }
      layers.push({ index: l, activation: act.name, preActivation: z, postActivation: h, weight: this.layers[l]!.weight });
    }
    return { output: h, layers };
  }
}
