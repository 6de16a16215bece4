import { beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/experiments/config.js';
import { runExperiment, stableStringify } from '../../src/experiments/runner.js';
import { stabilityExperiment } from '../../src/experiments/stability.js';
import type { ExperimentResult } from '../../src/experiments/types.js';
import { expectCaptionsFromNumbers, expectFiguresRender, expectMathParses } from './outputChecks.js';

describe('experiment stability (quick preset)', () => {
  const config = resolveConfig(stabilityExperiment, { preset: 'quick' });
  let r: ExperimentResult;
  beforeAll(async () => {
    r = await runExperiment(stabilityExperiment, config, { seed: 0 });
  }, 60_000);

  it('puts the GD and heavy-ball thresholds at the closed forms 2/λ_max and 2(1 + β)/λ_max', () => {
    // Spectrum {1, 4, 10}: λ_max is recovered from the autograd Hessian of ½θᵀHθ to rounding.
    expect(r.metrics.lambdaMax).toBeCloseTo(10, 12);
    expect(r.metrics.criticalLr).toBeCloseTo(0.2, 13);
    // In every β row the grid brackets η_c(β): the last converging η ≤ η_c ≤ the first diverging η.
    expect(r.metrics.boundaryBracketed).toBe(1);
    for (const cell of r.series.diagram!) {
      const rho = cell.predictedSpectralRadius as number;
      // Away from |μ| = 1 (a 5% margin, i.e. ≥ 0.95^(2·75) ≈ 5e-4 contraction or growth over the tail) the outcome must follow ρ.
      if (rho > 1.05) expect(cell.observedClass, `η = ${cell.lr}, β = ${cell.momentum}`).toBe('divergent');
      if (rho < 0.95) expect(['monotone', 'oscillating'], `η = ${cell.lr}, β = ${cell.momentum}`).toContain(cell.observedClass);
    }
  });

  it('predicted and observed regimes agree', () => {
    // Plain GD (β = 0): monotone / oscillating / divergent exactly as the sign and size of the dominant μ = 1 − ηλ say.
    expect(r.metrics.agreementGd).toBe(1);
    // Heavy ball: the only admissible mismatches are runs whose slowest mode is real but a faster complex mode makes the loss rise early.
    expect(r.metrics.agreement).toBeGreaterThanOrEqual(0.95);
    for (const cell of r.series.diagram!) {
      if (cell.agree === 0) {
        expect(cell.predictedClass).toBe('monotone');
        expect(cell.observedClass).toBe('oscillating');
      }
    }
    const curves = r.series.curves!;
    expect(curves.map((c) => c.regime)).toEqual(['converging-monotone', 'converging-monotone', 'converging-oscillating', 'diverging', 'exploding']);
  });

  it('the diverging loss grows by ρ(J)² per step, and the findings say so with the measured numbers', () => {
    // η = 1.05·2/λ_max: μ_top = 1 − 0.21·10 = −1.1; after 49 steps the other modes are (0.79/1.1)^98 ≈ 1e-14 of it, so the per-step loss ratio is ρ² = 1.21 to ~1e-12.
    const rows = r.series.lossCurves!.filter((row) => Math.abs((row.lr as number) - 0.21) < 1e-12);
    const last = rows[rows.length - 1]!.loss as number;
    const prev = rows[rows.length - 2]!.loss as number;
    expect(last / prev).toBeCloseTo(1.21, 9);
    expect(r.findings[0]).toMatch(/η = 0\.21 exceeds 2\/λ_max = 0\.2; the Jacobian's ρ = 1\.1 predicts growth, and the loss grew [\d.e+]+× in 49 steps \(diverging\)/);
  });

  it('the autograd Jacobian has the closed-form eigenvalues', () => {
    // GD and unstable heavy ball: simple eigenvalues of a 3×3 / 6×6 matrix with entries O(1): agreement to a few ulps.
    expect(r.metrics.jacobianErrorGd).toBeLessThan(1e-12);
    expect(r.metrics.jacobianErrorUnstableMomentum).toBeLessThan(1e-12);
    // Polyak's parameters make each mode matrix a Jordan block: a backward-stable eigensolver splits it by ≈ √ε ≈ 1e-8.
    expect(r.metrics.jacobianErrorPolyak).toBeLessThan(1e-6);
    expect(Math.abs(r.metrics.polyakSpectralRadius! - r.metrics.polyakRate!) / r.metrics.polyakRate!).toBeLessThan(1e-6);
  });

  it('shows the double well’s period doubling to chaos past η = 2/L″ = 1', () => {
    const well = r.series.doubleWell!;
    expect(well.map((w) => w.regime)).toEqual(['converging-monotone', 'converging-oscillating', 'periodic', 'periodic', 'chaotic']);
    expect(well.map((w) => w.period).slice(2, 4)).toEqual([2, 4]);
    // Tangent propagation is exact for this 1-D map; λ ≈ 0.5 at η = 1.5, far from 0.
    expect(r.metrics['wellLyapunov_eta1.5']).toBeGreaterThan(0.3);
    expect(r.metrics['wellLyapunov_eta1.2']).toBeLessThan(0);
  });

  it('the network converges below 2/λ₀, explodes far above it, and diagnose names the step size', () => {
    const net = r.series.network!;
    expect(net[0]!.outcome).toBe('converged');
    expect(net[net.length - 1]!.outcome).toBe('exploded');
    expect(r.metrics.diagnosedUnstableStepSize).toBe(1);
    expect(r.findings.some((f) => f.includes('"unstable-step-size"') && f.includes('at θ₀ already η·λ_max = 5 > 2'))).toBe(true);
  });

  it('renders its figures and typesets its math', () => {
    expect(r.figures.map((f) => f.id)).toEqual(['loss-curves', 'jacobian-eigenvalues', 'momentum-diagram', 'double-well-bifurcation']);
    expectFiguresRender(r);
    expectCaptionsFromNumbers(r);
    expectMathParses(r);
    expect(r.findings.length).toBeGreaterThanOrEqual(3);
    expect(r.findings.length).toBeLessThanOrEqual(6);
  });

  it('the same config and seed give the same result, bit for bit', async () => {
    const again = await runExperiment(stabilityExperiment, config, { seed: 0 });
    expect(stableStringify(again)).toBe(stableStringify(r));
  }, 60_000);

  it('rejects out-of-range knobs', () => {
    expect(() => resolveConfig(stabilityExperiment, { set: ['momentumMax=1'] })).toThrow(/momentumMax/);
    expect(() => resolveConfig(stabilityExperiment, { set: ['spectrum=1,-2'] })).toThrow(/spectrum/);
  });
});

describe('experiments.stability.study, called from code', () => {
  it('puts 2/λ_max at the closed form, grows past it by ρ² per step, and period-doubles the double well past η = 1', async () => {
    const { stability } = await import('../../src/experiments/index.js');
    const r = stability.study({
      spectrum: [1, 4, 10], lrCount: 8, lrMaxFactor: 2.4, momentumCount: 2, momentumMax: 0.5, diagramSteps: 60,
      curveFactors: [0.5, 1.5], curveSteps: 20, wellLrs: [1.2], wellGrid: 10, wellSteps: 300,
      hidden: 4, points: 10, degree: 3, networkFactors: [0.5], networkSteps: 30, seed: 1,
    });
    expect(r.criticalLr).toBeCloseTo(0.2, 13);
    // Plain GD: observed regimes follow the sign and size of μ = 1 − ηλ in every comparable cell.
    expect(r.comparison.agreementGd).toBe(1);
    // η = 1.5·2/λ_max: μ_top = 1 − 3 = −2, so L_t = ½Σλ_i μ_i^{2t} c_i² with c_i = 1 grows like 4ᵗ once the top mode
    // dominates; the curve holds L(θ_t) for t = 0 … T with T = 19 (20 values), and the per-step factor is
    // (L_T/L_0)^{1/T} = 4·(10/15)^{1/T}·(1 + O((0.49/4)^T)) — the other modes (μ² = 0.04, 0.49) are below 1e-17 of the top one.
    const past = r.curves.find((k) => k.factor === 1.5)!;
    const T = past.loss.length - 1;
    expect(T).toBe(19);
    expect(past.rho).toBeCloseTo(2, 12);
    expect(past.growth).toBeCloseTo(4 * (10 / 15) ** (1 / T), 9);
    // Double well at η = 1.2: μ = 1 − 2η = −1.4 at the minima, and the orbit settles on a 2-cycle.
    expect(r.wellRuns[0]!.multiplierAtMinimum).toBeCloseTo(-1.4, 12);
    expect(r.wellRuns[0]!.period).toBe(2);
  }, 60_000);
});
