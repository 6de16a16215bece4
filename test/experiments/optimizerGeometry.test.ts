import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import * as experiments from '../../src/experiments/index.js';
import { resolveConfig, runExperiment, type ExperimentResult } from '../../src/experiments/index.js';
import { expectCaptionsFromNumbers, expectFiguresRender } from './outputChecks.js';
import { heavyBallEscapeMode, quadraticSaddle } from '../../src/experiments/optimizerGeometryStudy.js';
import { optimizerGeometry, type OptimizerGeometryConfig } from '../../src/experiments/optimizerGeometry.js';
import { surfaceHessian } from '../../src/landscape/index.js';
import { REPORT_FIGURE_SIZE } from '../../src/cli/report.js';
import { renderSvg } from '../../src/viz/index.js';

const config = resolveConfig<OptimizerGeometryConfig>(optimizerGeometry, { preset: 'quick' });
let cached: Promise<ExperimentResult> | undefined;
const quick = () => (cached ??= runExperiment(optimizerGeometry, config, { seed: 0 }));

type Row = Record<string, number | string>;
const num = (r: Row, k: string) => r[k] as number;

describe('optimizer-geometry (quick preset)', () => {
  it('measures the contraction factors of tuned GD, heavy ball and Nesterov within 1 % of the closed forms', async () => {
    const { series, metrics, findings } = await quick();
    expect(series.rates).toHaveLength(3 * config.kappas.length);
    for (const r of series.rates!) {
      const kappa = num(r, 'kappa');
      const sk = Math.sqrt(kappa);
      const closed = r.method === 'GD' ? (kappa - 1) / (kappa + 1) : r.method === 'heavy ball' ? (sk - 1) / (sk + 1) : 1 - 1 / sk;
      expect(num(r, 'theory')).toBeCloseTo(closed, 14);
      if (r.method === 'GD') {
        // At η = 2/(μ + L) both modes contract by exactly (κ − 1)/(κ + 1): only rounding, ~1e-16 per step.
        expect(Math.abs(num(r, 'relativeError'))).toBeLessThan(1e-9);
      } else {
        // Double roots: error (a + bt)rᵗ, so the window [T/2, T] overestimates r by ≤ 2^{2/T} − 1 (< 0.5 % for T ≥ 280).
        expect(num(r, 'relativeError')).toBeGreaterThan(-1e-9);
        expect(num(r, 'relativeError')).toBeLessThan(0.01);
      }
    }
    const hb = series.rates!.find((r) => r.method === 'heavy ball' && r.kappa === 100)!;
    expect(findings[0]).toContain(`contracts by ${num(hb, 'measured').toFixed(4)} per step (theory 0.8182)`);
    expect(metrics.maxRateRelativeError).toBeLessThan(0.01);
  });

  it('counts GD zigzagging across the ravine every step and shows that rotation hurts the diagonal preconditioners', async () => {
    const { metrics: m } = await quick();
    // GD at η = 1.8/λ_max multiplies the across-floor coordinate by 1 − 1.8 = −0.8: a sign change every step.
    expect(m.ravineOscillations_gd).toBe(config.ravineSteps);
    expect(m.ravineDistance_heavyBall).toBeLessThan(m.ravineDistance_gd!);
    // Adam and RMSprop rescale coordinates, not eigen-directions: the rotated ravine is slower.
    expect(m.ravineDistance_adam).toBeGreaterThan(2 * m.ravineDistanceAligned_adam!);
    expect(m.ravineDistance_rmsprop).toBeGreaterThan(2 * m.ravineDistanceAligned_rmsprop!);
  });

  it('escapes strict saddles after the predicted number of steps', async () => {
    const { series, metrics: m } = await quick();
    const rows = series.saddleEscape!;
    expect(rows).toHaveLength(3 * config.saddleCurvatures.length);
    // GD's offset grows by exactly (1 + η|λ₋|) per step, so the exact ceiling formula matches up to a
    // rounding coincidence at the threshold (allow 1 step).
    expect(m.gdEscapeMaxStepError).toBeLessThanOrEqual(1);
    // log(1 + h) vs h with h = η|λ₋| ≤ 0.05, plus ≤ 1 step of rounding up: < 3.5 %.
    expect(m.gdEscapeMaxApproxRelativeError).toBeLessThan(0.035);
    for (const r of rows.filter((x) => String(x.optimizer).startsWith('heavy'))) {
      // The continuous-time crossing of A z₊ᵗ, rounded up; the decaying mode B z₋ᵗ (z₋ ≤ β/z₊) shifts it by < 1 step.
      expect(num(r, 'measured') - num(r, 'theory')).toBeGreaterThan(-0.5);
      expect(num(r, 'measured') - num(r, 'theory')).toBeLessThan(1.5);
    }
    const adam = rows.filter((x) => x.optimizer === 'Adam').map((x) => num(x, 'measured'));
    // Adam's normalized step does not see the curvature: escape times agree within 2 steps.
    expect(Math.max(...adam) - Math.min(...adam)).toBeLessThanOrEqual(2);
    const gd = rows.filter((x) => x.optimizer === 'GD').map((x) => num(x, 'measured'));
    expect(gd[0]).toBeGreaterThan(gd[gd.length - 1]!);
  });

  it('heavy-ball escape mode: A z₊ᵗ + B z₋ᵗ reproduces the recurrence e_{t+1} = (1 + β + h)e_t − βe_{t−1}', () => {
    const [delta0, lr, beta, lambda] = [1e-3, 0.05, 0.9, -0.5];
    const { rate, amplitude } = heavyBallEscapeMode(delta0, lr, beta, lambda);
    const h = lr * 0.5;
    const zMinus = beta / rate;
    const B = delta0 - amplitude;
    let [prev, cur] = [delta0, (1 + h) * delta0];
    for (let t = 1; t < 60; t++) {
      // Closed form vs recurrence: rounding grows like the iterates, so compare relatively (1e-12).
      expect(Math.abs(amplitude * rate ** t + B * zMinus ** t - cur)).toBeLessThan(1e-12 * cur);
      [prev, cur] = [cur, (1 + beta + h) * cur - beta * prev];
    }
    expect(surfaceHessian(quadraticSaddle(1, lambda), 0.3, -0.2)).toEqual([1, 0, lambda]);
  });

  it('leaves the monkey saddle plateau in ~(1/δ₀ − 1/r)/(3η) GD steps; momentum and Adam leave sooner', async () => {
    const { metrics: m } = await quick();
    // u ↦ u + 3ηu² lags its flow u̇ = 3ηu² (Euler under-steps a convex growth): measured ≥ flow, by a few %.
    expect(m.plateauExit_gd).toBeGreaterThanOrEqual(Math.floor(m.plateauTheoryGd!));
    expect(m.plateauExit_gd! / m.plateauTheoryGd!).toBeLessThan(1.05);
    expect(m.plateauExit_heavyBall).toBeLessThan(m.plateauExit_gd!);
    expect(m.plateauExit_adam).toBeLessThan(m.plateauExit_gd!);
  });

  it('basins on Himmelblau: the minima with λ_max ≥ 2/η attract no start', async () => {
    const { series, metrics: m } = await quick();
    const rows = series.basins!;
    // Hessian at (3, 2): [[74, 20], [20, 34]], λ_max = 54 + 20√2.
    const at32 = rows.find((r) => String(r.outcome) === 'minimum (3, 2)')!;
    expect(num(at32, 'lambdaMax')).toBeCloseTo(54 + 20 * Math.SQRT2, 9);
    for (const r of rows.filter((x) => String(x.outcome).startsWith('minimum'))) {
      if (r.stable === 'no') expect(r.starts).toBe(0);
      else expect(num(r, 'starts')).toBeGreaterThan(0);
    }
    expect(m['basinsReachedMinima_lr0.01']).toBe(4);
    expect(m['basinsReachedMinima_lr0.02']).toBe(2);
  });

  it('renders its figures, writes findings and sections, and is deterministic for a seed', async () => {
    const r = await quick();
    expect(r.findings.length).toBeGreaterThanOrEqual(3);
    expect(r.findings.length).toBeLessThanOrEqual(6);
    expect(r.sections.math.length).toBeGreaterThanOrEqual(3);
    const { document } = parseHTML('<!DOCTYPE html><html><body></body></html>');
    for (const fig of r.figures) {
      const svg = renderSvg(fig.spec, { document: document as unknown as Document });
      expect(svg.startsWith('<svg')).toBe(true);
      expect(svg).toContain(fig.spec.title.replace(/&/g, '&amp;').replace(/</g, '&lt;').slice(0, 20));
    }
    expectFiguresRender(r);
    expectCaptionsFromNumbers(r);
    const again = await runExperiment(optimizerGeometry, config, { seed: 0 });
    expect(again).toEqual(r);
    const other = await runExperiment(optimizerGeometry, config, { seed: 1 });
    expect(other.metrics.saddleDelta0).not.toBe(r.metrics.saddleDelta0);
  });
});

describe('optimizer-geometry figures (quick preset)', () => {
  it('draws the ravine and Rosenbrock as one panel per optimizer under one shared colour bar, each path bold in its own panel and faint in the others', async () => {
    const r = await quick();
    const { document } = parseHTML('<!DOCTYPE html><html><body></body></html>');
    for (const id of ['ravine', 'rosenbrock']) {
      const spec = r.figures.find((f) => f.id === id)!.spec;
      expect(spec.kind, id).toBe('panels');
      if (spec.kind !== 'panels') continue;
      expect(spec.panels.map((p) => p.title)).toEqual(['GD', 'heavy ball', 'Nesterov', 'RMSprop', 'Adam']);
      spec.panels.forEach((p, i) => {
        expect(p.kind).toBe('contour');
        if (p.kind !== 'contour') return;
        // Its subtitle states the step size; its own path is the one in focus, the other four are context.
        expect(p.subtitle).toMatch(/η = /);
        expect(p.trajectories!.map((t) => t.emphasis)).toEqual(p.trajectories!.map((_, j) => (j === i ? 'focus' : 'context')));
        expect(p.points!.map((q) => q.label)).toContain('min');
        // The drawn path starts at the run's θ₀ and keeps only points ≥ 1/500 of the domain's diagonal apart
        // (under a pixel at a panel's size), the last one excepted.
        const start = r.series.trajectories!.find((row) => row.surface === id && row.step === 0 && row.optimizer === p.trajectories![i]!.name)!;
        const path = spec.trajectories!.find((t) => t.name === p.trajectories![i]!.name)!.points;
        expect(path[0]).toEqual({ x: start.x, y: start.y });
        const eps = Math.hypot(p.x.domain![1] - p.x.domain![0], p.y.domain![1] - p.y.domain![0]) / 500;
        for (let t = 1; t < path.length - 1; t++) expect(Math.hypot(path[t]!.x - path[t - 1]!.x, path[t]!.y - path[t - 1]!.y)).toBeGreaterThanOrEqual(eps);
      });
      const svg = renderSvg(spec, { document: document as unknown as Document, ...REPORT_FIGURE_SIZE });
      expect(svg.match(/aria-label="color legend"/g), id).toHaveLength(1);
    }
  });

  it('states each surface’s sampled grid and each optimizer’s path once, on the panels figure, not once per optimizer panel', async () => {
    const r = await quick();
    for (const id of ['ravine', 'rosenbrock']) {
      const spec = r.figures.find((f) => f.id === id)!.spec;
      if (spec.kind !== 'panels') throw new Error(`${id} is not a panels figure`);
      expect(spec.grid!.values, id).toHaveLength(spec.grid!.nx * spec.grid!.ny);
      expect(spec.trajectories!.map((t) => t.name), id).toEqual(r.series.trajectories!.filter((row) => row.surface === id && row.step === 0).map((row) => row.optimizer));
      expect(spec.panels.every((p) => p.kind === 'contour' && p.grid === undefined && p.trajectories!.every((t) => t.points === undefined)), id).toBe(true);
      const json = JSON.stringify(spec);
      expect(json.match(/"nx":/g), id).toHaveLength(1);
      expect(json.match(/"points":\[\{"x"/g), id).toHaveLength(spec.trajectories!.length);
    }
  });
});

describe('experiments.optimizerGeometry.study, called from code', () => {
  it('returns plain data: GD contracts by (κ − 1)/(κ + 1) and escapes a saddle after ⌈log(1/δ₀)/log(1 + η|λ₋|)⌉ steps', () => {
    const r = experiments.optimizerGeometry.study({
      ravineKappa: 20, ravineAngle: 0.5, ravineSteps: 20, gdStepFactor: 1.8, momentum: 0.9, adaptiveLr: 0.02, rosenbrockLr: 1e-3, rosenbrockSteps: 50,
      kappas: [10], rateMaxSteps: 500, saddleCurvatures: [0.5], saddleLr: 0.05, saddlePerturbation: 1e-3, plateauDelta: 0.05,
      basinLrs: [0.01], basinGrid: 5, basinSteps: 50, seed: 0,
    });
    // Plain data: the rate rows survive a JSON round trip unchanged.
    expect(JSON.parse(JSON.stringify(r.rates))).toEqual(r.rates);
    // At η = 2/(μ + L) both modes contract by exactly (κ − 1)/(κ + 1) = 9/11 per step: only rounding (~1e-16 per step) differs.
    const gd = r.rates.find((row) => row.method === 'GD')!;
    expect(Math.abs(gd.measured / (9 / 11) - 1)).toBeLessThan(1e-9);
    // GD's offset grows by exactly 1 + η|λ₋| per step: the ceiling formula, up to a rounding coincidence at the threshold (1 step).
    const escape = r.escapes.find((row) => row.optimizer === 'GD')!;
    const predicted = Math.ceil(Math.log(1 / Math.abs(r.delta0)) / Math.log(1 + 0.05 * 0.5));
    expect(Math.abs(escape.measured - predicted)).toBeLessThanOrEqual(1);
  });
});
