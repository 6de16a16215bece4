import { describe, expect, it } from 'vitest';
import { expectCaptionsFromNumbers, expectFiguresRender, expectMathParses } from './outputChecks.js';
import * as experiments from '../../src/experiments/index.js';
import { resolveConfig, runExperiment, type ExperimentResult } from '../../src/experiments/index.js';
import { neuralDynamics } from '../../src/experiments/neuralDynamics.js';
import { ringPath } from '../../src/experiments/neuralDynamicsStudy.js';
import type { HeatmapFigure } from '../../src/viz/index.js';

const config = resolveConfig(neuralDynamics, { preset: 'quick' });
let cached: Promise<ExperimentResult> | undefined;
const quick = () => (cached ??= runExperiment(neuralDynamics, config, { seed: 0 }));

describe('neural-dynamics (quick preset)', () => {
  it('symmetric Hopfield: the energy never rises and the corrupted pattern is recalled', async () => {
    const { metrics: m } = await quick();
    // dE/dt = −τΣφ'u̇² ≤ 0 exactly; along dopri5 steps at rtol 1e-8 a rise could only come from solver error.
    expect(m.symmetricEnergyIncreases).toBe(0);
    expect(m.symmetricMaxEnergyIncrease).toBeLessThanOrEqual(1e-9);
    expect(m.symmetricEnergyDecrease).toBeGreaterThan(0);
    expect(m.initialOverlap).toBeLessThan(0.6);
    expect(m.finalOverlap).toBeGreaterThan(0.95);
  });

  it('asymmetric pair: the same energy rises on a large share of steps and the state keeps cycling', async () => {
    const { metrics: m } = await quick();
    // Along a limit cycle E is periodic, so it rises about as often as it falls.
    expect(m.asymmetricEnergyIncreases! / m.asymmetricSteps!).toBeGreaterThan(0.3);
    expect(m.asymmetricEnergyRange).toBeGreaterThan(0.01);
    expect(m.asymmetricSignChanges).toBeGreaterThanOrEqual(4);
  });

  it('ring: bumps persist at every angle and drift at γ/τ', async () => {
    const { metrics: m, series } = await quick();
    // A continuous attractor: after settling nothing moves the bump (tanh keeps the lattice pinning negligible).
    expect(m.ringMaxPersistenceDrift).toBeLessThan(1e-5);
    expect(m.ringMinBumpLength).toBeGreaterThan(0.3);
    // Below threshold the cue decays like e^{−(1 − J₂/2)t}: tiny after 30τ.
    expect(m.ringControlLength).toBeLessThan(1e-2);
    // First-order theory ω = γ/τ; for γ ≤ 0.1 the O(γ²) correction and the fit over a 20τ window stay < 1e-3 relative.
    expect(Math.abs(m.driftSlope! / m.predictedDriftSlope! - 1)).toBeLessThan(1e-3);
    expect(m.maxSpeedRelativeError).toBeLessThan(1e-3);
    expect(m.predictedDriftSlope).toBe(1); // 1/τ with τ = 1
    for (const row of series.drift!) expect(row.speed as number).toBeCloseTo(row.gamma as number, 4);
  });

  it('ring: the asymmetry integrates like an angular velocity and the round trip returns', async () => {
    const { metrics: m } = await quick();
    // ω·T = 0.4/4 · 10 = 1 rad per moving segment; the bump reaches its new speed within a few τ, a lag of ~1e-4 rad (measured 3e-5).
    expect(m.pathPredictedTurn).toBeCloseTo(1, 12);
    expect(Math.abs(m.pathTurnUp! / m.pathPredictedTurn! - 1)).toBeLessThan(1e-3);
    expect(Math.abs(-m.pathTurnDown! / m.pathPredictedTurn! - 1)).toBeLessThan(1e-3);
    expect(Math.abs(m.pathRoundTripError!)).toBeLessThan(1e-3);
  });

  it('ringPath rejects bad segments', () => {
    const base = { n: 16, J0: 0, J2: 4, input: 0, tau: 1, nonlinearity: 'tanh' as const, cueAngle: 0, cueNoise: 0, seed: 0 };
    expect(() => ringPath({ ...base, gammas: [], segment: 1, samplesPerSegment: 5 })).toThrow(/ringPath: gammas/);
    expect(() => ringPath({ ...base, gammas: [0], segment: 0, samplesPerSegment: 5 })).toThrow(/ringPath: segment must be > 0/);
  });

  it('returns tidy series, a full heatmap and figures that render', async () => {
    const r = await quick();
    const heat = r.figures.find((f) => f.id === 'ring-bump')!.spec as HeatmapFigure;
    // 4 segments × (21 − 1) samples + the cue, × 32 units.
    expect(heat.grid.nx).toBe(81);
    expect(heat.grid.ny).toBe(32);
    expect(heat.grid.values).toHaveLength(81 * 32);
    expect(r.series.bump).toHaveLength(81 * 32);
    expect(r.figures.map((f) => f.id)).toEqual(['hopfield-energy', 'ring-bump', 'ring-drift', 'ring-persistence']);
    expectFiguresRender(r);
    expectCaptionsFromNumbers(r);
    expectMathParses(r);
    expect(r.findings).toHaveLength(5);
  });

  it('is deterministic for a seed; the seed sets patterns and cue noise', async () => {
    const a = await quick();
    expect(await runExperiment(neuralDynamics, config, { seed: 0 })).toEqual(a);
    const b = await runExperiment(neuralDynamics, config, { seed: 1 });
    expect(b.metrics.ringMaxCueError).not.toBe(a.metrics.ringMaxCueError);
    // The drift sweep is noise-free: the seed cannot change it.
    expect(b.metrics.driftSlope).toBe(a.metrics.driftSlope);
  });

  it('rejects more patterns than units', async () => {
    const bad = resolveConfig(neuralDynamics, { preset: 'quick', set: ['hopfieldUnits=4', 'hopfieldPatterns=5'] });
    await expect(runExperiment(neuralDynamics, bad, { seed: 0 })).rejects.toThrow(/hopfieldPatterns must be ≤ hopfieldUnits/);
  });
});

describe('experiments.neuralDynamics.study, called from code', () => {
  it('returns plain data: the symmetric energy never rises and the bump drifts at ω = γ/τ', () => {
    const r = experiments.neuralDynamics.study({
      hopfieldUnits: 12, hopfieldPatterns: 1, corruption: 0.25, gain: 4, hopfieldHorizon: 10, asymmetricSelf: 1.5, asymmetricRotation: 1,
      ringUnits: 24, ringNonlinearity: 'tanh', ringJ0: 0, ringJ2: 4, ringInput: 0, ringCues: 2, cueNoise: 0.1, ringHorizon: 20,
      gammaMax: 0.1, gammaCount: 2, pathGamma: 0.1, pathSegment: 5, pathSamples: 11, seed: 0,
    });
    // Plain data: the recorded rates survive a JSON round trip unchanged.
    expect(JSON.parse(JSON.stringify(r.path.rates))).toEqual(r.path.rates);
    // dE/dt = −τΣφ'(u)u̇² ≤ 0 for symmetric W: no accepted solver step raises the energy.
    expect(r.hopfield.symmetric.increases).toBe(0);
    // Zhang's shift: ω = γ/τ to first order; at γ = 0.1 the O(γ²) correction is below 1e-3 relative (as in the quick preset).
    const moving = r.ring.drift.find((d) => d.gamma > 0)!;
    expect(Math.abs(moving.speed / 0.1 - 1)).toBeLessThan(1e-3);
  });
});
