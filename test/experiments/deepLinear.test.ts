import { describe, expect, it } from 'vitest';
import { deepLinear } from '../../src/experiments/deepLinear.js';
import { expectCaptionsFromNumbers, expectFiguresRender, expectMathParses } from './outputChecks.js';
import { resolveConfig, runExperiment, type ExperimentResult } from '../../src/experiments/index.js';
import { saxeLearningTime } from '../../src/ode/flow/index.js';
import * as experiments from '../../src/experiments/index.js';

const config = resolveConfig(deepLinear, { preset: 'quick' });
let cached: Promise<ExperimentResult> | undefined;
const quick = () => (cached ??= runExperiment(deepLinear, config, { seed: 0 }));

describe('deep-linear (quick preset)', () => {
  it('gradient flow follows Saxe et al.’s closed form', async () => {
    const { metrics: m } = await quick();
    // dop853 at rtol 1e-10 / atol 1e-12 on a smooth 36-parameter flow: agreement to ~1e-9 relative to s.
    expect(m.maxFlowError).toBeLessThan(1e-8);
    // Half-times are read off a 61-point grid by linear interpolation: error O(Δt²·u''/u') ≲ 1e-4 relative.
    expect(m.maxFlowHalfTimeError).toBeLessThan(1e-3);
    // The predicted half-times are t½ = (1/2s) ln((s − u₀)/u₀) for s = 3, 2, 1 and u₀ = 1e-3
    // (the measured u₀ of the aligned init differs from 1e-3 by rounding only).
    [3, 2, 1].forEach((s, i) => expect(m[`predictedHalfTime${i + 1}`]).toBeCloseTo(saxeLearningTime(s, 1e-3), 9));
    expect(m.flowHalfTime1).toBeLessThan(m.flowHalfTime2!);
    expect(m.flowHalfTime2).toBeLessThan(m.flowHalfTime3!);
    expect(m.learnedInOrder).toBe(1);
  });

  it('GD deviates from the flow to first order in η', async () => {
    const { metrics: m, findings } = await quick();
    // Euler's global error is C·η; measured C ≈ 2.2 (relative to s), so < 3η (as in test/flow).
    expect(m.maxGdError).toBeLessThan(3 * m.lr!);
    // Halving η halves the error: the fitted order log₂(e(η)/e(η/2)) is 1 up to O(η) corrections.
    expect(Math.abs(m.gdErrorOrder! - 1)).toBeLessThan(0.1);
    expect(findings.join(' ')).toContain(`order ${m.gdErrorOrder!.toFixed(2)}`);
  });

  it('from a random init the modes are still learned strongest first', async () => {
    const { metrics: m } = await quick();
    expect(m.randomLearnedInOrder).toBe(1);
    // Random weights (std √u₀/4) start with weaker modes than the aligned init, so every stage comes later.
    for (let i = 1; i <= 3; i++) expect(m[`randomGdHalfTime${i}`]).toBeGreaterThan(m[`gdHalfTime${i}`]!);
  });

  it('returns tidy series, prose and figures that render', async () => {
    const r = await quick();
    // 3 modes × 61 times × (η, η/2, random).
    expect(r.series.modes).toHaveLength(3 * 61 * 3);
    expect(r.series.halfTimes).toHaveLength(9);
    expect(r.figures.map((f) => f.id)).toEqual(['modes', 'loss', 'learning-times', 'random-init']);
    expectFiguresRender(r);
    expectCaptionsFromNumbers(r);
    expectMathParses(r);
    expect(r.sections.math.length).toBeGreaterThanOrEqual(3);
    expect(r.sections.connection).toBeTruthy();
  });

  it('is deterministic for a seed; the seed picks the target’s singular vectors', async () => {
    const a = await quick();
    expect(await runExperiment(deepLinear, config, { seed: 0 })).toEqual(a);
    const b = await runExperiment(deepLinear, config, { seed: 1 });
    // The aligned dynamics do not depend on the singular vectors; the random init does.
    expect(b.metrics.predictedHalfTime1).toBeCloseTo(a.metrics.predictedHalfTime1!, 12);
    expect(b.metrics.randomGdHalfTime1).not.toBe(a.metrics.randomGdHalfTime1);
  });

  it('skips the random run when asked, and rejects bad configs clearly', async () => {
    const noRandom = await runExperiment(deepLinear, resolveConfig(deepLinear, { preset: 'quick', set: ['randomInit=false'] }), { seed: 0 });
    expect(noRandom.figures).toHaveLength(3);
    expect(noRandom.metrics.randomLearnedInOrder).toBeUndefined();
    const tooFast = resolveConfig(deepLinear, { preset: 'quick', set: ['lr=0.2'] });
    await expect(runExperiment(deepLinear, tooFast, { seed: 0 })).rejects.toThrow(/deep-linear: lr must be < 1\/\(2·max s\)/);
    const repeated = resolveConfig(deepLinear, { preset: 'quick', set: ['singularValues=2,2'] });
    await expect(runExperiment(deepLinear, repeated, { seed: 0 })).rejects.toThrow(/singularValues must be distinct/);
  });
});

describe('experiments.deepLinear.study, called from code', () => {
  it('returns plain data whose flow half-times match Saxe et al.’s t½ = (1/2s) ln((s − u₀)/u₀)', () => {
    const r = experiments.deepLinear.study({ singularValues: [2, 1], u0: 1e-3, inDim: 3, outDim: 3, hidden: 0, lr: 0.02, horizonFactor: 1.3, points: 41, randomInit: false, seed: 0 });
    expect(r.random).toBeNull();
    // Plain data: survives a JSON round trip unchanged.
    expect(JSON.parse(JSON.stringify(r.aligned.flowLoss))).toEqual(r.aligned.flowLoss);
    for (const m of r.aligned.modes) {
      // Half-times are read off a 41-point grid by linear interpolation of a sigmoid: the error is O(Δt²·|u''|/|u'|)
      // relative, with Δt = horizon/40 ≈ 0.06 and |u''|/|u'| ≤ 2s at the half point: below 2·0.06²·2 ≈ 1.5 % (< 2 %).
      expect(Math.abs(m.flowHalfTime / saxeLearningTime(m.s, 1e-3) - 1)).toBeLessThan(0.02);
    }
    // Halving η halves GD's deviation from the flow (Euler is first order): the ratio is 2 up to O(η).
    expect(r.aligned.findings.maxGdError / r.halfStep.findings.maxGdError).toBeGreaterThan(1.8);
    expect(r.aligned.findings.maxGdError / r.halfStep.findings.maxGdError).toBeLessThan(2.2);
  });
});
