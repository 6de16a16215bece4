import { describe, expect, it } from 'vitest';
import { expectFiguresRender, expectMathParses } from './outputChecks.js';
import * as experiments from '../../src/experiments/index.js';
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
    for (const fig of result.figures) expect(fig.spec.caption, fig.id).toMatch(/\d/);
    expect(result.figures[0]!.spec.kind).toBe('panels');
  }, 600_000);
});

describe('experiments.creditInTime.study, called from code', () => {
  const r = experiments.creditInTime.study({ seed: 3, hidden: 6, steps: 8, sequences: 2, gains: [0.5, 3], inputScale: 0.5, clip: { gain: 3, lr: 0.5, trainSteps: 5, maxNorm: 0.5 } });

  it('returns plain data: unit probes at lag 0, and BPTT ≤ Jacobian product ≤ (‖W‖₂·max|φ′|)^lag at every lag', () => {
    expect(JSON.parse(JSON.stringify(r)).gains).toHaveLength(2);
    for (const g of r.gains) {
      expect(g.lags).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
      // L = Σ_b ⟨c_b, h_T⟩ with unit probes c_b: ‖∂L/∂h_T‖ = 1 for every sequence, to rounding of the normalisation.
      expect(g.gradNorms[0]).toBeCloseTo(1, 12);
      // ‖gP‖ ≤ ‖g‖‖P‖₂ ≤ ‖g‖Π‖J_t‖₂ ≤ bound: exact inequalities, up to rounding of the norms (1e-12 relative).
      g.gradNorms.forEach((v, i) => {
        expect(v).toBeLessThanOrEqual(g.productNorms[i]! * (1 + 1e-12));
        expect(g.productNorms[i]!).toBeLessThanOrEqual(g.bound![i]! * (1 + 1e-12));
      });
    }
  });

  it('clipping caps every applied gradient norm at max_norm', () => {
    const [plain, clipped] = r.clipRuns;
    expect(plain.clipped).toBe(false);
    // clip_coef = max_norm/(‖g‖ + 1e-6) < max_norm/‖g‖, so the applied norm is below max_norm when clipping applies, and ‖g‖ itself otherwise.
    clipped.appliedNorms.forEach((n, i) => expect(n).toBeLessThanOrEqual(Math.min(0.5, clipped.gradNorms[i]! * (1 + 1e-12))));
  });
});
