import { describe, expect, it } from 'vitest';
import { renderSvgNode } from '../../src/cli/figures.js';
import { resolveConfig } from '../../src/experiments/config.js';
import { runExperiment, stableStringify } from '../../src/experiments/runner.js';
import { xorExperiment } from '../../src/experiments/xor.js';
import { expectCaptionsFromNumbers } from './outputChecks.js';

describe('experiment xor (quick preset)', () => {
  const config = resolveConfig(xorExperiment, { preset: 'quick' });

  it('solves XOR from most starts with 4 hidden units, classifies every failure, keeps identical units identical', async () => {
    const r = await runExperiment(xorExperiment, config, { seed: 3 });
    // 2-4-1 tanh with BCE and η = 1 solves essentially every start (≥ 90% of 10 seeds).
    expect(r.metrics.fractionSolved_h4_tanh_bce).toBeGreaterThanOrEqual(0.9);
    // Narrower networks fail more often: the solved fraction does not increase when H shrinks.
    expect(r.metrics.fractionSolved_h2_tanh_bce).toBeLessThanOrEqual(r.metrics.fractionSolved_h4_tanh_bce!);
    // Every unsolved run carries a classified failure with evidence.
    for (const run of r.series.runs!) {
      if (run.solved === 0) {
        expect(['diverged', 'symmetric', 'saturated', 'plateau', 'slow']).toContain(run.failure);
        expect(String(run.evidence).length).toBeGreaterThan(10);
      }
    }
    // Identical initialization: the hidden units are compared every step and never differ by even one bit.
    expect(r.metrics.symmetricMaxPairDifference).toBe(0);
    expect(r.metrics.symmetricChecks).toBeGreaterThan(100);
    expect(r.findings.some((f) => f.includes('bitwise identical'))).toBe(true);
    expectCaptionsFromNumbers(r);
    for (const fig of r.figures) expect(renderSvgNode(fig.spec)).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  });

  it('the same config and seed give the same result, bit for bit', async () => {
    const a = await runExperiment(xorExperiment, config, { seed: 11 });
    const b = await runExperiment(xorExperiment, config, { seed: 11 });
    expect(stableStringify(a)).toBe(stableStringify(b));
  });

  it('rejects an out-of-range config with the key and the allowed range', () => {
    expect(() => resolveConfig(xorExperiment, { set: ['seeds=0'] })).toThrow(/seeds/);
    expect(() => resolveConfig(xorExperiment, { set: ['activations=relu'] })).toThrow(/activations/);
  });
});

describe('experiments.xor.study, called from code', () => {
  it('keeps the identically initialized network symmetric and reports every run of every group', async () => {
    const { xor } = await import('../../src/experiments/index.js');
    const r = xor.study({ ...xor.XOR_STUDY_PRESETS.quick, hiddenSizes: [3], seeds: 4 });
    expect(r.groups).toHaveLength(1);
    expect(r.runs).toHaveLength(4);
    expect(r.groups[0]!.solved).toBe(r.runs.filter((run) => run.solved).length);
    expect(r.symmetry!.maxPairDifference).toBe(0);
  }, 60_000);
});
