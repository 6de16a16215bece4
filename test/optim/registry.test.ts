import { describe, expect, it } from 'vitest';
import { Parameter, tensor } from '../../src/autograd/index.js';
import { ADAGRAD_DEFAULTS, ADAM_DEFAULTS, ADAMW_DEFAULTS, OPTIMIZER_NAMES, OPTIMIZERS, RMSPROP_DEFAULTS, SGD_DEFAULTS, createOptimizer, optimizerEntry, type OptimizerName } from '../../src/optim/index.js';
import { optimizerFactory } from '../../src/landscape/index.js';

/** A fixed, non-quadratic gradient g(θ) = θ³ − 0.5 so that every optimizer's state matters. */
const gradAt = (theta: Float64Array) => theta.map((x) => x * x * x - 0.5);

/** Five class steps on θ, and five update-map steps from the same start: the two must agree bit for bit. */
function bothWays(name: OptimizerName, options: Record<string, number | boolean>) {
  const start = Float64Array.of(0.3, -1.2, 2);
  const p = new Parameter(tensor(start.slice()).value);
  const opt = createOptimizer(name, [p], options);
  const map = OPTIMIZERS[name].updateMap(options);
  let theta = tensor(start.slice());
  let state = map.init(theta);
  for (let t = 1; t <= 5; t++) {
    p.grad = tensor(gradAt(p.data));
    opt.step();
    [theta, state] = map.step(theta, state, tensor(gradAt(Float64Array.from(theta.data))), t);
  }
  return { cls: Array.from(p.data), map: Array.from(theta.data) };
}

describe('the optimizer registry', () => {
  it('every entry\'s class and update map take the same steps, bit for bit, with default and non-default options', () => {
    const cases: [OptimizerName, Record<string, number | boolean>][] = [
      ['sgd', { lr: 0.1 }],
      ['sgd', { lr: 0.1, momentum: 0.8 }],
      ['sgd', { lr: 0.1, momentum: 0.8, nesterov: true }],
      ['momentum', { lr: 0.1, momentum: 0.5 }],
      ['nesterov', { lr: 0.1 }],
      ['rmsprop', { lr: 0.01, alpha: 0.9 }],
      ['adam', { lr: 0.01, beta1: 0.8, beta2: 0.99 }],
      ['adamw', { lr: 0.01 }],
      ['adagrad', { lr: 0.1, initialAccumulatorValue: 0.1 }],
    ];
    for (const [name, options] of cases) {
      const { cls, map } = bothWays(name, options);
      expect(map, `${name} ${JSON.stringify(options)}`).toEqual(cls);
    }
    // Every registered name is covered above.
    expect(new Set(cases.map(([n]) => n))).toEqual(new Set(OPTIMIZER_NAMES));
  });

  it('each option schema\'s defaults are the class defaults (torch\'s), with UI ranges that contain them', () => {
    const classDefaults: Record<OptimizerName, Record<string, unknown>> = {
      sgd: { ...SGD_DEFAULTS },
      momentum: { ...SGD_DEFAULTS, momentum: 0.9 },
      nesterov: { ...SGD_DEFAULTS, momentum: 0.9 },
      rmsprop: { ...RMSPROP_DEFAULTS },
      adam: { ...ADAM_DEFAULTS, beta1: ADAM_DEFAULTS.betas[0], beta2: ADAM_DEFAULTS.betas[1] },
      adamw: { ...ADAMW_DEFAULTS, beta1: ADAMW_DEFAULTS.betas[0], beta2: ADAMW_DEFAULTS.betas[1] },
      adagrad: { ...ADAGRAD_DEFAULTS },
    };
    for (const name of OPTIMIZER_NAMES) {
      for (const f of OPTIMIZERS[name].options) {
        expect(f.default, `${name}.${f.name}`).toEqual(classDefaults[name][f.name]);
        if (f.kind === 'number') expect(f.min <= f.default && f.default <= f.max, `${name}.${f.name} range`).toBe(true);
      }
    }
  });

  it('landscape\'s optimizer specs build from the registry, Adagrad included', () => {
    const p = new Parameter(tensor([1, 2]).value);
    expect(optimizerFactory({ kind: 'adagrad', lr: 0.1 })([p]).constructor.name).toBe('Adagrad');
  });

  it('names the registered optimizers and the allowed options when given an unknown one', () => {
    expect(() => optimizerEntry('lbfgs')).toThrow(/unknown optimizer 'lbfgs' \(registered: sgd, momentum, nesterov, rmsprop, adam, adamw, adagrad\)/);
    expect(() => createOptimizer('adam', [], { momentum: 0.9 })).toThrow(/optimizer 'adam': unknown option 'momentum' \(allowed: lr, beta1, beta2, eps, weightDecay, amsgrad\)/);
  });
});
