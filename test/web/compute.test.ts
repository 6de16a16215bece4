/**
 * The explorer's computations (what the worker runs), checked in Node
 * against theory and against the library: URL state round trips, the
 * update map's spectrum against the closed-form multipliers, GD's distance
 * to the flow and to the modified flow (orders η and η²), the Hopfield
 * energy's monotone descent, the ring attractor's persistent bump, and the
 * stepping training session against src/nn's train().
 */
import { describe, expect, it } from 'vitest';
import { rnnExplore } from '../../web/compute/rnnRun.js';
import { MLP, train, twoMoons } from '../../src/nn/index.js';
import { noGrad, tensor } from '../../src/autograd/index.js';
import { SGD } from '../../src/optim/index.js';
import { flowComparison } from '../../web/compute/flowRun.js';
import { curvatureAt, landscapeRuns } from '../../web/compute/landscapeRun.js';
import { hopfieldRun, ringAttractor } from '../../web/compute/neuroRun.js';
import { stabilityAnalysis } from '../../web/compute/stabilityRun.js';
import { PLAY_GRID, TrainSession, snapshotBuffers, type TrainConfig } from '../../web/compute/trainSession.js';
import { DEFAULTS, parseState, serializeState } from '../../web/registry.js';
import { parseHidden } from '../../web/state.js';

describe('explorer state in the URL', () => {
  it('round-trips every key, keeps floats exact and drops malformed values', () => {
    const state = { ...DEFAULTS, view: 'train', seed: 123456, 'ls.x': 0.1 + 0.2, 'tr.hidden': '16,8' };
    expect(parseState(serializeState(state)).state).toEqual(state);
    const bad = parseState('?view=nowhere&seed=abc&st.lr=&tr.lr=1e-3&unknown=1').state;
    expect(bad.view).toBe(DEFAULTS.view);
    expect(bad.seed).toBe(DEFAULTS.seed);
    expect(bad['st.lr']).toBe(DEFAULTS['st.lr']);
    expect(bad['tr.lr']).toBe(0.001);
    expect('unknown' in bad).toBe(false);
    expect(parseHidden(' 4, 3 ')).toEqual([4, 3]);
    expect(parseHidden('0,3')).toEqual([8, 8]);
  });
});

describe('stability view', () => {
  it('gives the update map’s eigenvalues of the closed form: 1 − ηλ for GD, √β-modulus pairs for heavy ball', () => {
    const gd = stabilityAnalysis({ kind: 'momentum', l1: 1, l2: 10, lr: 0.15, beta: 0, steps: 10 });
    // GD on diag(1, 10): J = I − ηH, eigenvalues 0.85 and −0.5 (autodiff Jacobian + eigensolver: rounding only).
    expect([...gd.eigen.re].sort((a, b) => a - b)).toEqual([expect.closeTo(-0.5, 12), expect.closeTo(0.85, 12)]);
    expect(gd.spectralRadius).toBeCloseTo(0.85, 12);
    const hb = stabilityAnalysis({ kind: 'momentum', l1: 1, l2: 10, lr: 0.15, beta: 0.5, steps: 60 });
    expect(hb.eigen.re).toHaveLength(4);
    // Both modes complex (discriminants (1 + β − ηλ)² − 4β < 0), so every |μ| = √(det) = √β.
    for (let i = 0; i < 4; i++) expect(Math.hypot(hb.eigen.re[i]!, hb.eigen.im[i]!)).toBeCloseTo(Math.SQRT1_2, 10);
    expect(hb.spectralRadius).toBeCloseTo(hb.predictedRho, 12);
    // The iterates contract like ρᵗ (up to the polynomial factor of the modes' mixing).
    expect(hb.distances[60]! / hb.distances[0]!).toBeLessThan(10 * Math.SQRT1_2 ** 60);
    const unstable = stabilityAnalysis({ kind: 'momentum', l1: 1, l2: 10, lr: 0.31, beta: 0.5, steps: 60 });
    expect(unstable.spectralRadius).toBeGreaterThan(1); // past η = 2(1 + β)/λ₂ = 0.3
    expect(unstable.boundary[0]).toEqual({ beta: 0, lr: 0.2 });
  });
});

describe('flow view', () => {
  it('GD stays O(η²) from the modified flow and O(η) from the gradient flow', () => {
    // Same flow time T = 1.5 for both step sizes on the κ = 50 ravine.
    const a = flowComparison({ surface: 'ravine', start: [1.5, 1], lr: 0.01, steps: 150 });
    const b = flowComparison({ surface: 'ravine', start: [1.5, 1], lr: 0.005, steps: 300 });
    const maxGap = (g: number[]) => Math.max(...g);
    const flowRatio = maxGap(a.gapFlow) / maxGap(b.gapFlow);
    const modRatio = maxGap(a.gapModified) / maxGap(b.gapModified);
    // Halving η halves an O(η) error and quarters an O(η²) one; ±25% allows for the next order.
    expect(flowRatio).toBeGreaterThan(1.5);
    expect(flowRatio).toBeLessThan(2.5);
    expect(modRatio).toBeGreaterThan(3);
    expect(modRatio).toBeLessThan(5);
    // At ηλ_max = 0.5 the O(η²) gap is already below the O(η) one (≈ 1/3 of it here).
    expect(maxGap(a.gapModified)).toBeLessThan(0.5 * maxGap(a.gapFlow));
  });
});

describe('landscape view', () => {
  it('reads exact Hessians and runs the five optimizers', () => {
    // Rosenbrock at (−1.2, 1): H = [[1200x² − 400y + 2, −400x], [−400x, 200]] = [[1330, 480], [480, 200]].
    const c = curvatureAt('rosenbrock', -1.2, 1);
    const tr = 1530;
    const det = 1330 * 200 - 480 * 480;
    const disc = Math.sqrt(tr * tr - 4 * det);
    expect(c.values[1]).toBeCloseTo((tr + disc) / 2, 8);
    expect(c.values[0]).toBeCloseTo((tr - disc) / 2, 8);
    const r = landscapeRuns({ surface: 'ravine', start: [1.5, 1], lr: 0.01, adaptiveLr: 0.05, momentum: 0.9, beta1: 0.9, beta2: 0.999, steps: 200 });
    expect(r.runs.map((x) => x.name)).toEqual(['SGD', 'Momentum', 'Nesterov', 'RMSprop', 'Adam']);
    for (const run of r.runs) {
      expect(run.path).toHaveLength(201);
      expect(run.losses[200]!).toBeLessThan(run.losses[0]!);
    }
    expect(r.startCurvature.values[1]).toBeCloseTo(50, 10); // κ = 50, λ_min = 1
  });
});

describe('neural dynamics view', () => {
  it('Hopfield energy never increases and the cued pattern is recovered at low load', () => {
    const h = hopfieldRun({ side: 10, patterns: 3, flip: 0.2, sweeps: 4, seed: 2 });
    for (let k = 1; k < h.energy.length; k++) expect(h.energy[k]!).toBeLessThanOrEqual(h.energy[k - 1]! + 1e-12);
    expect(h.overlap[h.overlap.length - 1]).toBe(1);
  });

  it('the ring keeps a bump at the cue after the cue is removed (J₁ = 7), and loses it for weak tuning (J₁ = 1)', () => {
    const strong = ringAttractor({ n: 64, j1: 7, cue: 200, noise: 0.05, seed: 1 });
    const end = strong.position.length - 1;
    expect(Math.abs(strong.position[end]! - 200)).toBeLessThan(5);
    expect(strong.amplitude[end]!).toBeGreaterThan(0.5);
    const weak = ringAttractor({ n: 64, j1: 1, cue: 200, noise: 0.05, seed: 1 });
    const rates = weak.rates[weak.rates.length - 1]!;
    // Without enough recurrent tuning the activity relaxes to the flat state: max − min ≈ 0.
    expect(Math.max(...rates) - Math.min(...rates)).toBeLessThan(1e-3);
  });
});

describe('training session', () => {
  const config: TrainConfig = { data: 'moons', hidden: [8, 8], activation: 'tanh', init: 'default', optimizer: 'sgd', lr: 0.1, momentum: 0.9, sharpnessEvery: 0, seed: 3 };

  it('stepping in chunks reproduces one train() call bit for bit', () => {
    const s = new TrainSession(config);
    const losses = [...s.advance(3).newLosses, ...s.advance(1).newLosses, ...s.advance(4).newLosses];
    const data = twoMoons({ n: 200, noise: 0.1, seed: 3 });
    const model = new MLP([2, 8, 8, 1], { hidden: 'tanh', seed: 3 });
    const ref = train(model, data, { loss: 'bceWithLogits', optimizer: new SGD(model.parameters(), { lr: 0.1 }), steps: 8 });
    expect(losses).toEqual(ref.losses);
    expect(s.advance(0).loss).toBe(ref.finalLoss);
  });

  it('playing (slices of train() without a snapshot each, then one snapshot) reports every step once, as one train() call', () => {
    const s = new TrainSession({ ...config, sharpnessEvery: 4 });
    for (const n of [2, 5, 1]) s.train(n, Infinity, false);
    const snap = s.snapshot();
    const data = twoMoons({ n: 200, noise: 0.1, seed: 3 });
    const model = new MLP([2, 8, 8, 1], { hidden: 'tanh', seed: 3 });
    const ref = train(model, data, { loss: 'bceWithLogits', optimizer: new SGD(model.parameters(), { lr: 0.1 }), steps: 8 });
    expect([...snap.newLosses]).toEqual(ref.losses);
    expect(snap.loss).toBe(ref.finalLoss);
    // Without recordLast the evaluations fall on every 10th step only; the sharpness at steps 0, 4, 8, each once.
    expect(snap.newEvalLosses.map((e) => e.step)).toEqual([0]);
    expect(snap.newSharpness.map((p) => p.step)).toEqual([0, 4, 8]);
    // The next snapshot holds only what changed since: nothing.
    const next = s.snapshot();
    expect([next.newLosses.length, next.newEvalLosses.length, next.newSharpness.length, next.newLayerGradNorms.length]).toEqual([0, 0, 0, 0]);
  });

  it('reports per-layer gradient norms equal to train()’s layerStats at the same steps, bit for bit (from the compiled step)', () => {
    const s = new TrainSession({ ...config, batchSize: 50 });
    const snap = s.advance(21);
    // Recorded at steps 0, 10, 20 (every 10th, and the last step taken).
    expect(snap.newLayerGradNorms.map((g) => g.step)).toEqual([0, 10, 20]);
    const data = twoMoons({ n: 200, noise: 0.1, seed: 3 });
    const model = new MLP([2, 8, 8, 1], { hidden: 'tanh', seed: 3 });
    const ref = train(model, data, { loss: 'bceWithLogits', optimizer: new SGD(model.parameters(), { lr: 0.1 }), steps: 21, batchSize: 50, seed: 3, recordEvery: 10, layerStats: true });
    const expected = ref.history.map((r) => ({ step: r.step, norms: r.layers!.map((l) => l.weightGradNorm) }));
    expect(snap.newLayerGradNorms).toEqual(expected);
  });

  it('samples the prediction on a 64² grid at rest and on a 32² grid for a play’s updates, over the same box', () => {
    const s = new TrainSession(config);
    s.train(5);
    const rest = s.snapshot().grid;
    const play = s.snapshot(PLAY_GRID).grid;
    expect([rest.n, rest.value.length, play.n, play.value.length]).toEqual([64, 64 * 64, 32, 32 * 32]);
    expect([play.x, play.y]).toEqual([rest.x, rest.y]);
    // Cell (i, j), row j = y ascending, holds σ(f) at the cell's centre. The same dot products as one batched
    // forward, so they agree to rounding (a kernel may block the sums differently: a few ulps of values ≤ 1).
    for (const [i, j] of [[3, 5], [16, 16], [30, 1]] as const) {
      const px = play.x[0] + ((play.x[1] - play.x[0]) * (i + 0.5)) / 32;
      const py = play.y[0] + ((play.y[1] - play.y[0]) * (j + 0.5)) / 32;
      const logit = noGrad(() => s.run.model.forward(tensor([[px, py]])).item());
      expect(play.value[j * 32 + i]).toBeCloseTo(1 / (1 + Math.exp(-logit)), 12);
    }
  });

  it('hands the page every array of a snapshot in a buffer of its own (transferable), none shared with the session', () => {
    const s = new TrainSession({ ...config, hidden: [3, 2] });
    const snap = s.advance(2);
    const buffers = snapshotBuffers(snap);
    // newLosses, grid value, 3 + 2 unit grids, and (w, b) for each of the 3 layers: 1 + 1 + 5 + 6 distinct buffers.
    expect(buffers.length).toBe(13);
    expect(new Set(buffers).size).toBe(13);
    const params = new Set(s.run.model.parameters().map((p) => p.data.buffer));
    for (const b of buffers) expect(params.has(b)).toBe(false);
  });

  it('keeps identical units identical, splits nearly identical ones, and measures the sharpness', () => {
    const same = new TrainSession({ ...config, init: 'identical', sharpnessEvery: 5 }).advance(10);
    const w = same.hiddenWeights[0]!;
    for (let i = 1; i < w.rows; i++) for (let c = 0; c < w.cols; c++) expect(w.w[i * w.cols + c]).toBe(w.w[c]);
    expect(same.newSharpness.map((p) => p.step)).toEqual([0, 5, 10]);
    for (const p of same.newSharpness) expect(p.value).toBeGreaterThan(0);
    const near = new TrainSession({ ...config, init: 'nearly-identical' }).advance(10).hiddenWeights[0]!;
    expect(near.w[0]).not.toBe(near.w[near.cols]);
  });
});

describe('landscape view at β = 0', () => {
  it('runs Nesterov as plain SGD (the same update) instead of failing on nesterov without momentum', async () => {
    const { landscapeRuns } = await import('../../web/compute/landscapeRun.js');
    const r = landscapeRuns({ surface: 'ravine', start: [1.5, 1], lr: 0.03, adaptiveLr: 0.05, momentum: 0, beta1: 0.9, beta2: 0.999, steps: 20 });
    const byName = Object.fromEntries(r.runs.map((run) => [run.name, run]));
    expect(byName.Nesterov!.losses).toEqual(byName.SGD!.losses);
    expect(byName.Momentum!.losses).toEqual(byName.SGD!.losses);
  });
});

describe('rnn view computation', () => {
  it('trains the flip-flop RNN (the loss falls) and returns its fixed points projected with the trajectories', () => {
    const r = rnnExplore({ task: 'flipflop', hidden: 8, steps: 150, seed: 1 });
    expect(r.loss).toHaveLength(150);
    // Early losses average the untrained error; 150 Adam steps cut it at least in half on this task.
    const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
    expect(mean(r.loss.slice(-20))).toBeLessThan(0.5 * mean(r.loss.slice(0, 20)));
    expect(r.trajectories.length).toBeGreaterThan(0);
    expect(r.trajectories[0]).toHaveLength(30);
    expect(r.points.length).toBeGreaterThan(0);
    for (const p of r.points) expect(Number.isFinite(p.x) && Number.isFinite(p.y)).toBe(true);
    expect(r.explained).toBeGreaterThan(0);
    expect(r.explained).toBeLessThanOrEqual(1 + 1e-12);
  }, 300_000);
});
