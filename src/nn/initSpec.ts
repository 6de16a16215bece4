/**
 * Initializers as plain data, so that an architecture's starting point can be
 * stored in a config: `{ kind: 'normal', std: 0.5 }`, `{ kind: 'constant', value: 0.1 }`, ….
 */
import type { Parameter, Tensor } from '../autograd/index.js';
import type { Rng } from '../tensor/index.js';
import * as init from './init.js';

export type InitSpec =
  | { kind: 'default' }
  | { kind: 'zeros' }
  | { kind: 'constant'; value: number }
  | { kind: 'uniform'; a?: number; b?: number }
  | { kind: 'normal'; mean?: number; std?: number }
  | { kind: 'xavierUniform' | 'xavierNormal'; gain?: number }
  | { kind: 'kaimingUniform' | 'kaimingNormal'; a?: number; mode?: init.FanMode; nonlinearity?: init.Nonlinearity }
  | { kind: 'lecunNormal' | 'lecunUniform' }
  | { kind: 'orthogonal'; gain?: number };

export type InitKind = InitSpec['kind'];

/** A custom initializer: fills weight (and bias, if any) in place. */
export type InitFn = (weight: Parameter, bias: Parameter | null, rng: Rng) => void;

/** What a layer accepts: one spec for both tensors, separate specs, or a function. */
export type LayerInit = InitSpec | { weight: InitSpec; bias?: InitSpec } | InitFn;

/** Kinds defined elementwise (no fan): they apply to a 1-D bias as well. */
const ELEMENTWISE: ReadonlySet<InitKind> = new Set(['zeros', 'constant', 'uniform', 'normal']);

/** Fill `t` in place according to `spec`. ('default' is layer-specific and is handled by the layer.) */
export function applyInit(t: Tensor, spec: InitSpec, rng: Rng): void {
  switch (spec.kind) {
    case 'zeros':
      init.zeros(t);
      return;
    case 'constant':
      init.constant(t, spec.value);
      return;
    case 'uniform':
      init.uniform(t, { a: spec.a, b: spec.b, rng });
      return;
    case 'normal':
      init.normal(t, { mean: spec.mean, std: spec.std, rng });
      return;
    case 'xavierUniform':
      init.xavierUniform(t, { gain: spec.gain, rng });
      return;
    case 'xavierNormal':
      init.xavierNormal(t, { gain: spec.gain, rng });
      return;
    case 'kaimingUniform':
      init.kaimingUniform(t, { a: spec.a, mode: spec.mode, nonlinearity: spec.nonlinearity, rng });
      return;
    case 'kaimingNormal':
      init.kaimingNormal(t, { a: spec.a, mode: spec.mode, nonlinearity: spec.nonlinearity, rng });
      return;
    case 'lecunNormal':
      init.lecunNormal(t, { rng });
      return;
    case 'lecunUniform':
      init.lecunUniform(t, { rng });
      return;
    case 'orthogonal':
      init.orthogonal(t, { gain: spec.gain, rng });
      return;
    case 'default':
      throw new Error("applyInit: 'default' is the layer's own initialization and cannot be applied to a bare tensor");
    default:
      throw new Error(`applyInit: unknown init kind '${(spec as { kind: string }).kind}'`);
  }
}

/**
 * Split a layer init into weight and bias specs. A single elementwise spec
 * (zeros, constant, uniform, normal) applies to both; a single fan-based spec
 * (xavier, kaiming, lecun, orthogonal) needs a matrix, so the bias gets zeros.
 */
export function splitLayerInit(spec: InitSpec | { weight: InitSpec; bias?: InitSpec }): { weight: InitSpec; bias: InitSpec } {
  if ('weight' in spec) return { weight: spec.weight, bias: spec.bias ?? (ELEMENTWISE.has(spec.weight.kind) ? spec.weight : { kind: 'zeros' }) };
  if (spec.kind === 'default') return { weight: spec, bias: spec };
  return { weight: spec, bias: ELEMENTWISE.has(spec.kind) ? spec : { kind: 'zeros' } };
}
