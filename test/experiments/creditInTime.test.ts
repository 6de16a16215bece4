import { describe, expect, it } from 'vitest';
import { expectFiguresRender, expectMathParses } from './outputChecks.js';
import { resolveConfig, runExperiment, type ExperimentResult } from '../../src/experiments/index.js';
import { creditInTime, gainKey } from '../../src/experiments/creditInTime.js';

const config = resolveConfig(creditInTime, { preset: 'quick' });
let cached: Promise<ExperimentResult> | undefined;
const quick = () => (cached ??= runExperiment(creditInTime, config, { seed: 0 }));

describe('credit-in-time (quick preset)', () => {
  it('measured gradient norms through time follow the Jacobian product and stay under (‖W‖·max|φ′|)^{T−k}', async () => {
    const { metrics: m } = await quick();
    // The same products summed in another order: relative differences ~ T·H·εₘ ≈ 1e-13.
    expect(m.maxMismatch).toBeLessThan(1e-10);
    // ‖gP‖ ≤ ‖g‖‖P‖₂ ≤ ‖g‖Π‖J_t‖₂ ≤ bound: exact inequalities, up to rounding of the norms (1e-12 relative).
    expect(m.maxRatioToProduct).toBeLessThanOrEqual(1 + 1e-12);
    expect(m.maxRatioToBound).toBeLessThanOrEqual(1 + 1e-12);
  }, 600_000);

  it('the per-step growth of the norm is at most the bound’s factor, and credit vanishes at g = 0.5', async () => {
    const { metrics: m } = await quick();
    // Each step back multiplies every sequence's norm by at most ‖J_t‖₂ ≤ ‖W‖·max|φ′|, so the mean norm too; the least-squares
    // slope of log-norms is a positive-weighted average of successive log-differences, hence ≤ log of the factor.
    for (const g of config.gains as number[]) expect(m[`growthRate_${gainKey(g)}`]!).toBeLessThanOrEqual(m[`factor_${gainKey(g)}`]! * (1 + 1e-9));
    // Near h = 0 the step Jacobian is ≈ diag(φ′)W with φ′ ≤ 1, so the norm shrinks at most like ρ(W)ᴸ; ρ(W) ≈ g = 0.5 for W ~ N(0, g²/H)
    // (circular law), so the rate is well below 1 (measured: ρ(W) itself is reported).
    expect(m.spectralRadius_g0_5!).toBeLessThan(1);
    expect(m.growthRate_g0_5!).toBeLessThan(1);
  }, 600_000);

  it('clipping bounds every applied gradient norm by max_norm, where plain SGD explodes', async () => {
    const { metrics: m } = await quick();
    // clip_coef = max_norm/(‖g‖ + 1e-6): the applied norm is ‖g‖·max_norm/(‖g‖ + 1e-6) < max_norm.
    expect(m.clippedMaxAppliedNorm).toBeLessThanOrEqual(config.maxNorm as number);
    expect(m.unclippedExplodingSteps).toBeGreaterThan(0);
    expect(m.unclippedMaxGradNorm!).toBeGreaterThan(100 * (config.maxNorm as number));
    expect(m.clippedFinalLoss!).toBeLessThan(m.initialLoss!);
  }, 600_000);

  it('renders its figures and typesets its math', async () => {
    const result = await quick();
    expectFiguresRender(result);
    expectMathParses(result);
  }, 600_000);
});
