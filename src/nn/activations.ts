/**
 * Pointwise nonlinearities as parameter-free modules, and a lookup by name
 * so that architectures can be written as plain data (`hidden: 'tanh'`).
 */
import type { Tensor } from '../autograd/index.js';
import { Module } from './module.js';

export type ActivationName = 'identity' | 'tanh' | 'sigmoid' | 'relu' | 'leakyRelu' | 'softplus' | 'gelu';
export const ACTIVATION_NAMES: readonly ActivationName[] = ['identity', 'tanh', 'sigmoid', 'relu', 'leakyRelu', 'softplus', 'gelu'];

/** A pointwise nonlinearity; `name` says which, so statistics can know what "saturated" or "dead" means. */
export abstract class Activation extends Module {
  abstract readonly name: ActivationName;
}

export class Identity extends Activation {
  readonly name = 'identity' as const;
  forward(x: Tensor): Tensor {
    return x;
  }
}
export class Tanh extends Activation {
  readonly name = 'tanh' as const;
  forward(x: Tensor): Tensor {
    return x.tanh();
  }
}
export class Sigmoid extends Activation {
  readonly name = 'sigmoid' as const;
  forward(x: Tensor): Tensor {
    return x.sigmoid();
  }
}
export class ReLU extends Activation {
  readonly name = 'relu' as const;
  forward(x: Tensor): Tensor {
    return x.relu();
  }
}
export class LeakyReLU extends Activation {
  readonly name = 'leakyRelu' as const;
  constructor(readonly negativeSlope = 0.01) {
    super();
  }
  forward(x: Tensor): Tensor {
    return x.leakyRelu(this.negativeSlope);
  }
}
/** softplus(x) = log(1 + e^{βx})/β, linear above the threshold (as torch). */
export class Softplus extends Activation {
  readonly name = 'softplus' as const;
  constructor(readonly beta = 1, readonly threshold = 20) {
    super();
  }
  forward(x: Tensor): Tensor {
    return x.softplus(this.beta, this.threshold);
  }
}
/** GELU(x) = x·Φ(x) (exact, or the tanh approximation). */
export class GELU extends Activation {
  readonly name = 'gelu' as const;
  constructor(readonly approximate: 'none' | 'tanh' = 'none') {
    super();
  }
  forward(x: Tensor): Tensor {
    return x.gelu(this.approximate);
  }
}

/** The activation module for a name (case-insensitive; `leaky_relu` is accepted for `leakyRelu`). */
export function activation(name: string): Activation {
  switch (name.toLowerCase().replace(/_/g, '')) {
    case 'identity':
    case 'linear':
      return new Identity();
    case 'tanh':
      return new Tanh();
    case 'sigmoid':
      return new Sigmoid();
    case 'relu':
      return new ReLU();
    case 'leakyrelu':
      return new LeakyReLU();
    case 'softplus':
      return new Softplus();
    case 'gelu':
      return new GELU();
    default:
      throw new Error(`activation: unknown activation '${name}' (allowed: ${ACTIVATION_NAMES.join(', ')})`);
  }
}
