/**
 * The optimizer registry: one entry per optimizer, naming its class (how to
 * build it over Parameters), its pure update map (for Jacobians of the
 * training step) and its options schema (each option's default and the range
 * a user interface offers). Every consumer — landscape trajectories, the
 * experiments, the explorer's controls — reads this table, so an optimizer
 * registered here appears everywhere.
 *
 * 'sgd' is torch's SGD with all its options (momentum 0 by default, so plain
 * gradient descent); 'momentum' (heavy ball) and 'nesterov' are the same
 * class with momentum on by default (β = 0.9), so that every update-map kind
 * ('gd', 'momentum', 'nesterov', …) has a name a UI can list.
 */
import type { Parameter } from '../autograd/index.js';
import { Adagrad, ADAGRAD_DEFAULTS } from './adagrad.js';
import { Adam, AdamW, ADAM_DEFAULTS, ADAMW_DEFAULTS } from './adam.js';

/** Any registered optimizer (the classes differ in their options type). */
export type RegisteredOptimizer = SGD | RMSprop | Adam | AdamW | Adagrad;
import { RMSprop, RMSPROP_DEFAULTS } from './rmsprop.js';
import { SGD, SGD_DEFAULTS } from './sgd.js';
import { updateMap, type UpdateMap } from './updateMap.js';

export const OPTIMIZER_NAMES = ['sgd', 'momentum', 'nesterov', 'rmsprop', 'adam', 'adamw', 'adagrad'] as const;
export type OptimizerName = (typeof OPTIMIZER_NAMES)[number];

/** One option of an optimizer: its default and the range a UI offers (log scale for step sizes and ε). */
export type OptionField =
  | { name: string; kind: 'number'; label: string; default: number; min: number; max: number; scale: 'linear' | 'log' }
  | { name: string; kind: 'boolean'; label: string; default: boolean };

/** The options every registered optimizer may take (each entry accepts the subset its schema lists). */
export interface OptimizerOptions {
  lr?: number;
  momentum?: number;
  dampening?: number;
  weightDecay?: number;
  alpha?: number;
  eps?: number;
  centered?: boolean;
  beta1?: number;
  beta2?: number;
  amsgrad?: boolean;
  nesterov?: boolean;
  lrDecay?: number;
  initialAccumulatorValue?: number;
}

export interface OptimizerEntry {
  name: OptimizerName;
  /** A short human name, e.g. 'SGD + momentum'. */
  label: string;
  /** The options schema: what `create` and `updateMap` accept, with defaults and UI ranges. */
  options: readonly OptionField[];
  /** The optimizer over these Parameters (torch semantics; unspecified options take the defaults above). */
  create(params: Parameter[], options?: OptimizerOptions): RegisteredOptimizer;
  /** The same step as a pure differentiable map on flat vectors (src/optim/updateMap.ts). */
  updateMap(options?: OptimizerOptions): UpdateMap;
}

const lr = (value: number): OptionField => ({ name: 'lr', kind: 'number', label: 'learning rate η', default: value, min: 1e-5, max: 10, scale: 'log' });
const weightDecay = (value: number): OptionField => ({ name: 'weightDecay', kind: 'number', label: 'weight decay λ', default: value, min: 0, max: 0.1, scale: 'linear' });
const momentum = (value: number): OptionField => ({ name: 'momentum', kind: 'number', label: 'momentum β', default: value, min: 0, max: 0.999, scale: 'linear' });
const eps = (value: number): OptionField => ({ name: 'eps', kind: 'number', label: 'ε', default: value, min: 1e-12, max: 1e-2, scale: 'log' });
const adamFields = (d: typeof ADAM_DEFAULTS): OptionField[] => [
  lr(d.lr),
  { name: 'beta1', kind: 'number', label: 'β₁ (first moment)', default: d.betas[0], min: 0, max: 0.999, scale: 'linear' },
  { name: 'beta2', kind: 'number', label: 'β₂ (second moment)', default: d.betas[1], min: 0.5, max: 0.99999, scale: 'linear' },
  eps(d.eps),
  weightDecay(d.weightDecay),
  { name: 'amsgrad', kind: 'boolean', label: 'AMSGrad', default: d.amsgrad },
];

/** Keep only the options the entry's schema lists (an unknown one is an error naming the allowed ones). */
function pick(name: OptimizerName, fields: readonly OptionField[], options: OptimizerOptions = {}): Record<string, number | boolean> {
  const allowed = fields.map((f) => f.name);
  const out: Record<string, number | boolean> = {};
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined) continue;
    if (!allowed.includes(key)) throw new Error(`optimizer '${name}': unknown option '${key}' (allowed: ${allowed.join(', ')})`);
    out[key] = value as number | boolean;
  }
  return out;
}

/** Adam's schema lists β₁ and β₂ as two numbers; the class takes them as the pair `betas`. */
function adamOptions(name: OptimizerName, fields: readonly OptionField[], options?: OptimizerOptions): Record<string, unknown> {
  const { beta1, beta2, ...rest } = pick(name, fields, options);
  const defaults = name === 'adamw' ? ADAMW_DEFAULTS : ADAM_DEFAULTS;
  return beta1 === undefined && beta2 === undefined ? rest : { ...rest, betas: [beta1 ?? defaults.betas[0], beta2 ?? defaults.betas[1]] };
}

function entry(e: OptimizerEntry): OptimizerEntry {
  return Object.freeze(e);
}

const dampening: OptionField = { name: 'dampening', kind: 'number', label: 'dampening τ', default: 0, min: 0, max: 1, scale: 'linear' };
const SGD_FIELDS: OptionField[] = [lr(SGD_DEFAULTS.lr), momentum(0), dampening, weightDecay(0), { name: 'nesterov', kind: 'boolean', label: 'Nesterov', default: false }];
const MOMENTUM_FIELDS = [lr(SGD_DEFAULTS.lr), momentum(0.9), dampening, weightDecay(0)];
const NESTEROV_FIELDS = [lr(SGD_DEFAULTS.lr), momentum(0.9), weightDecay(0)];
const RMSPROP_FIELDS: OptionField[] = [
  lr(RMSPROP_DEFAULTS.lr),
  { name: 'alpha', kind: 'number', label: 'smoothing α', default: RMSPROP_DEFAULTS.alpha, min: 0.5, max: 0.9999, scale: 'linear' },
  eps(RMSPROP_DEFAULTS.eps),
  momentum(0),
  weightDecay(0),
  { name: 'centered', kind: 'boolean', label: 'centered', default: false },
];
const ADAGRAD_FIELDS: OptionField[] = [
  lr(ADAGRAD_DEFAULTS.lr),
  { name: 'lrDecay', kind: 'number', label: 'learning-rate decay', default: ADAGRAD_DEFAULTS.lrDecay, min: 0, max: 1, scale: 'linear' },
  { name: 'initialAccumulatorValue', kind: 'number', label: 'initial accumulator', default: ADAGRAD_DEFAULTS.initialAccumulatorValue, min: 0, max: 1, scale: 'linear' },
  eps(ADAGRAD_DEFAULTS.eps),
  weightDecay(0),
];
const ADAM_FIELDS = adamFields(ADAM_DEFAULTS);
const ADAMW_FIELDS = adamFields(ADAMW_DEFAULTS);

/** The registry, by name. */
export const OPTIMIZERS: Readonly<Record<OptimizerName, OptimizerEntry>> = Object.freeze({
  sgd: entry({
    name: 'sgd',
    label: 'SGD',
    options: SGD_FIELDS,
    create: (params, o) => new SGD(params, pick('sgd', SGD_FIELDS, o)),
    updateMap: (o) => {
      // torch's SGD is three maps: plain (momentum 0), heavy ball, and Nesterov.
      const { nesterov, ...rest } = pick('sgd', SGD_FIELDS, o);
      const beta = (rest.momentum as number | undefined) ?? 0;
      if (nesterov === true) return updateMap('nesterov', rest);
      if (beta > 0) return updateMap('momentum', rest);
      const { momentum: _m, dampening: _d, ...gd } = rest;
      return updateMap('gd', gd);
    },
  }),
  momentum: entry({
    name: 'momentum',
    label: 'SGD + momentum',
    options: MOMENTUM_FIELDS,
    create: (params, o) => new SGD(params, { momentum: 0.9, ...pick('momentum', MOMENTUM_FIELDS, o) }),
    updateMap: (o) => updateMap('momentum', { momentum: 0.9, ...pick('momentum', MOMENTUM_FIELDS, o) }),
  }),
  nesterov: entry({
    name: 'nesterov',
    label: 'SGD + Nesterov',
    options: NESTEROV_FIELDS,
    create: (params, o) => new SGD(params, { momentum: 0.9, ...pick('nesterov', NESTEROV_FIELDS, o), nesterov: true }),
    updateMap: (o) => updateMap('nesterov', { momentum: 0.9, ...pick('nesterov', NESTEROV_FIELDS, o) }),
  }),
  rmsprop: entry({
    name: 'rmsprop',
    label: 'RMSprop',
    options: RMSPROP_FIELDS,
    create: (params, o) => new RMSprop(params, pick('rmsprop', RMSPROP_FIELDS, o)),
    updateMap: (o) => updateMap('rmsprop', pick('rmsprop', RMSPROP_FIELDS, o)),
  }),
  adam: entry({
    name: 'adam',
    label: 'Adam',
    options: ADAM_FIELDS,
    create: (params, o) => new Adam(params, adamOptions('adam', ADAM_FIELDS, o)),
    updateMap: (o) => updateMap('adam', adamOptions('adam', ADAM_FIELDS, o)),
  }),
  adamw: entry({
    name: 'adamw',
    label: 'AdamW',
    options: ADAMW_FIELDS,
    create: (params, o) => new AdamW(params, adamOptions('adamw', ADAMW_FIELDS, o)),
    updateMap: (o) => updateMap('adamw', adamOptions('adamw', ADAMW_FIELDS, o)),
  }),
  adagrad: entry({
    name: 'adagrad',
    label: 'Adagrad',
    options: ADAGRAD_FIELDS,
    create: (params, o) => new Adagrad(params, pick('adagrad', ADAGRAD_FIELDS, o)),
    updateMap: (o) => updateMap('adagrad', pick('adagrad', ADAGRAD_FIELDS, o)),
  }),
});

/** The entry of `name`, or a one-line error listing the registered names. */
export function optimizerEntry(name: string): OptimizerEntry {
  if (!(OPTIMIZER_NAMES as readonly string[]).includes(name)) throw new Error(`unknown optimizer '${name}' (registered: ${OPTIMIZER_NAMES.join(', ')})`);
  return OPTIMIZERS[name as OptimizerName];
}

/** Build the optimizer `name` over `params`, e.g. createOptimizer('adam', model.parameters(), { lr: 1e-3 }). */
export function createOptimizer(name: OptimizerName, params: Parameter[], options?: OptimizerOptions): RegisteredOptimizer {
  return optimizerEntry(name).create(params, options);
}
