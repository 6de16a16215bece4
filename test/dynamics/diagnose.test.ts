import { describe, expect, it } from 'vitest';
import { MLP, mseLoss, regression1d, train, type Dataset, type LayerInit } from '../../src/nn/index.js';
import { flattenParams, SGD } from '../../src/optim/index.js';
import { diagnose, type FailureKind } from '../../src/dynamics/index.js';

const data: Dataset = regression1d({ curve: { kind: 'chebyshev', k: 3 }, n: 32, grid: true });

function run(sizes: number[], opts: { hidden?: string; init?: LayerInit | LayerInit[]; seed?: number; lr: number; steps: number }) {
  const model = new MLP(sizes, { hidden: opts.hidden ?? 'tanh', init: opts.init, seed: opts.seed ?? 0 });
  const initialParams = flattenParams(model.parameters());
  const history = train(model, data, { loss: 'mse', optimizer: new SGD(model.parameters(), { lr: opts.lr }), steps: opts.steps, recordEvery: 0 });
  const d = diagnose(history, model, { lr: opts.lr, data, lossFn: mseLoss, initialParams });
  return { history, d, kinds: d.findings.map((f) => f.kind) };
}

describe('diagnose', () => {
  it('a healthy run is not flagged', () => {
    const { d, history } = run([1, 16, 1], { lr: 0.1, steps: 400 });
    expect(history.status).toBe('completed');
    expect(d.findings).toEqual([]);
    expect(d.healthy).toBe(true);
    expect(d.measurements.lambdaMax! * 0.1).toBeLessThan(2);
  });

  it('a healthy ReLU run is not flagged either', () => {
    const { d } = run([1, 16, 1], { hidden: 'relu', lr: 0.1, steps: 300, seed: 1 });
    expect(d.findings).toEqual([]);
  });

  it('unstable-step-size on a run that overflows (no divergence threshold)', () => {
    const model = new MLP([1, 8, 1], { hidden: 'identity', seed: 0 });
    const history = train(model, data, { loss: 'mse', optimizer: new SGD(model.parameters(), { lr: 3 }), steps: 2000, recordEvery: 0, divergenceThreshold: Infinity });
    expect(history.status).toBe('nonfinite');
    const d = diagnose(history, model, { lr: 3, data, lossFn: mseLoss });
    const f = d.findings.find((x) => x.kind === 'unstable-step-size')!;
    expect(f).toBeDefined();
    expect(f.evidence.etaLambdaMax as number).toBeGreaterThan(2);
  });

  it('quotes the stability limit at initialization when given θ₀, not at the blown-up final weights', () => {
    const model = new MLP([1, 8, 1], { hidden: 'identity', seed: 0 });
    const theta0 = flattenParams(model.parameters());
    const history = train(model, data, { loss: 'mse', optimizer: new SGD(model.parameters(), { lr: 3 }), steps: 60, recordEvery: 0 });
    const d = diagnose(history, model, { lr: 3, data, lossFn: mseLoss, initialParams: theta0 });
    const f = d.findings.find((x) => x.kind === 'unstable-step-size')!;
    expect(f.message).toContain('at initialization');
    // The quoted limit is 2/λ_max(θ₀): η·λ_max(θ₀) = 3·λ₀ > 2, and 2/λ₀ is the number in the message.
    const lambda0 = d.measurements.lambdaMaxInitial!;
    expect(3 * lambda0).toBeGreaterThan(2);
    expect(f.evidence.etaLambdaMax as number).toBeCloseTo(3 * lambda0, 9);
  });

  it('rejects bad options', () => {
    const model = new MLP([1, 2, 1], { seed: 0 });
    const history = train(model, data, { loss: 'mse', optimizer: new SGD(model.parameters(), { lr: 0.1 }), steps: 2, recordEvery: 0 });
    expect(() => diagnose(history, model, { lr: -1, data, lossFn: mseLoss })).toThrow(/diagnose: options.lr/);
    expect(() => diagnose(history, model, { lr: 0.1, data, lossFn: mseLoss, initialParams: new Float64Array(3) })).toThrow(/initialParams/);
  });

  const cases: [string, FailureKind, () => ReturnType<typeof run>][] = [
    ['step size past 2/λ_max', 'unstable-step-size', () => run([1, 16, 1], { hidden: 'identity', lr: 3, steps: 200 })],
    ['identical initialization', 'symmetry-trap', () => run([1, 8, 1], { init: { kind: 'constant', value: 0.3 }, lr: 0.1, steps: 200 })],
    ['biases far negative under ReLU', 'dead-relu', () => run([1, 16, 1], { hidden: 'relu', init: [{ weight: { kind: 'normal', std: 0.5 }, bias: { kind: 'constant', value: -3 } }, { kind: 'default' }], lr: 0.1, steps: 100 })],
    ['huge tanh weights', 'saturation', () => run([1, 16, 1], { init: [{ kind: 'normal', std: 20 }, { kind: 'default' }], lr: 0.05, steps: 100 })],
    ['deep sigmoid net', 'vanishing-gradients', () => run([1, 16, 16, 16, 16, 16, 16, 16, 1], { hidden: 'sigmoid', lr: 0.05, steps: 20 })],
    // A deep linear net with per-layer gain ≈ √16·0.75 = 3: δ grows ~2–3× per layer going backwards, ≫ 100 over 8 layers.
    ['deep linear net with gain 3', 'exploding-gradients', () => run([1, 16, 16, 16, 16, 16, 16, 16, 1], { hidden: 'identity', init: { weight: { kind: 'normal', std: 0.75 }, bias: { kind: 'zeros' } }, lr: 1e-9, steps: 3 })],
    ['tiny init at the origin saddle', 'saddle-plateau', () => run([1, 4, 1], { init: { weight: { kind: 'normal', std: 1e-5 }, bias: { kind: 'zeros' } }, lr: 0.05, steps: 200 })],
  ];
  for (const [name, kind, make] of cases) {
    it(`${kind}: fires on ${name}`, () => {
      const { kinds, d } = make();
      expect(kinds).toContain(kind);
      const f = d.findings.find((x) => x.kind === kind)!;
      expect(f.message.length).toBeGreaterThan(20);
      if (kind === 'unstable-step-size') expect(f.evidence.etaLambdaMax as number).toBeGreaterThan(2);
      if (kind === 'saddle-plateau') expect(f.evidence.lambdaMin as number).toBeLessThan(0);
    });
  }
});
