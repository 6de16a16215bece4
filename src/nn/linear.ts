/**
 * Affine layer with PyTorch's layout and default initialization:
 * weight W [out, in], bias b [out], y = x·Wᵀ + b (x [..., in] → y [..., out]).
 */
import { Parameter, defaultRng, type Tensor } from '../autograd/index.js';
import { NDArray, formatShape, resolveRng, type Rng } from '../tensor/index.js';
import { applyInit, splitLayerInit, type LayerInit } from './initSpec.js';
import * as init from './init.js';
import { Module } from './module.js';
import { checkPositiveInteger } from '../tensor/validate.js';

export interface LinearOptions {
  bias?: boolean;
  /** Initialization (PyTorch's default when omitted). */
  init?: LayerInit;
  seed?: number;
  rng?: Rng;
}

export class Linear extends Module {
  readonly inFeatures: number;
  readonly outFeatures: number;
  readonly weight: Parameter;
  readonly bias: Parameter | null;

  constructor(inFeatures: number, outFeatures: number, { bias = true, init: spec, seed, rng }: LinearOptions = {}) {
    super();
    for (const [name, v] of [['inFeatures', inFeatures], ['outFeatures', outFeatures]] as const) {
      checkPositiveInteger('Linear', name, v);
    }
    this.inFeatures = inFeatures;
    this.outFeatures = outFeatures;
    this.weight = new Parameter(NDArray.zeros([outFeatures, inFeatures]), 'weight');
    this.bias = bias ? new Parameter(NDArray.zeros([outFeatures]), 'bias') : null;
    this.resetParameters(spec, resolveRng({ seed, rng }, defaultRng));
  }

  /**
   * PyTorch's default: kaiming_uniform(a = √5) on W, i.e. gain √(2/(1+5)) and
   * bound √3·gain/√in = 1/√in, so W ~ U(−1/√in, 1/√in); and b ~ U(−1/√in, 1/√in).
   */
  resetParameters(spec: LayerInit = { kind: 'default' }, rng: Rng = defaultRng()): void {
    if (typeof spec === 'function') {
      spec(this.weight, this.bias, rng);
      return;
    }
    const { weight, bias } = splitLayerInit(spec);
    if (weight.kind === 'default') init.kaimingUniform(this.weight, { a: Math.sqrt(5), rng });
    else applyInit(this.weight, weight, rng);
    if (!this.bias) return;
    if (bias.kind === 'default') {
      const bound = 1 / Math.sqrt(this.inFeatures);
      init.uniform(this.bias, { a: -bound, b: bound, rng });
    } else applyInit(this.bias, bias, rng);
  }

  forward(x: Tensor): Tensor {
    if (x.ndim === 0 || x.shape[x.ndim - 1] !== this.inFeatures) {
      throw new Error(`Linear.forward: input of shape ${formatShape(x.shape)} must end in ${this.inFeatures} features`);
    }
    const y = x.matmul(this.weight.T);
    return this.bias ? y.add(this.bias) : y;
  }
}
