import { describe, expect, it } from 'vitest';
import { objective, type Tensor } from '../../src/autograd/index.js';
import { criticalLearningRate, updateMap } from '../../src/optim/index.js';
import { classifyRegime, closedLoopStep, lyapunovExponent, runOptimizer, stabilityDiagram } from '../../src/dynamics/index.js';
import { matrixWithSpectrum, quadraticLoss } from './helpers.js';

/** GD on the double well L(x) = (x² − 1)²/4: x' = x − ηx(x² − 1), period doubling to chaos as η grows. */
const wellLoss = (x: Tensor): Tensor => x.square().sub(1).square().sum().div(4);
function wellRun(eta: number, steps = 400, x0 = 0.3) {
  return runOptimizer(objective(wellLoss, 1), Float64Array.of(x0), { kind: 'gd', lr: eta, steps, topDirection: Float64Array.of(1) });
}

describe('classifyRegime on synthetic series', () => {
  it('names each regime', () => {
    const geo = Array.from({ length: 200 }, (_, t) => 0.9 ** t);
    expect(classifyRegime({ loss: geo }).regime).toBe('converging-monotone');
    const wiggly = geo.map((v, t) => v * (1 + 0.3 * (t % 2)));
    expect(classifyRegime({ loss: wiggly }).regime).toBe('converging-oscillating');
    const cycle = Array.from({ length: 200 }, (_, t) => [1, 2, 3][t % 3]!);
    const c = classifyRegime({ loss: cycle });
    expect(c.regime).toBe('periodic');
    expect(c.evidence.period).toBe(3);
    expect(classifyRegime({ loss: Array.from({ length: 100 }, (_, t) => 1.1 ** t) }).regime).toBe('diverging');
    expect(classifyRegime({ loss: [1, 10, 1e4, Infinity] }).regime).toBe('exploding');
    expect(classifyRegime({ loss: [1, 10, 1e4, 1e9, 1e12] }).regime).toBe('exploding');
    expect(classifyRegime({ loss: new Array(50).fill(0.7) }).regime).toBe('stalled');
    // Edge of stability: the loss falls but keeps rising on some steps, while ηλ/2 ≈ 1.
    const eosLoss = Array.from({ length: 400 }, (_, t) => Math.exp(-t / 100) * (1 + 0.2 * Math.sin(t)));
    const eosSharp = Array.from({ length: 40 }, (_, i) => (i < 10 ? 10 + i : 19.8 + 0.4 * Math.sin(i)));
    const eos = classifyRegime({ loss: eosLoss, sharpness: eosSharp, sharpnessSteps: eosSharp.map((_, i) => 10 * i), lr: 0.1 });
    expect(eos.regime).toBe('edge-of-stability');
    expect(eos.evidence.sharpnessOverThreshold!).toBeGreaterThan(0.95);
    // The same loss with the sharpness far below 2/η is merely oscillating.
    expect(classifyRegime({ loss: eosLoss, sharpness: eosSharp.map((s) => s / 3), sharpnessSteps: eosSharp.map((_, i) => 10 * i), lr: 0.1 }).regime).toBe('converging-oscillating');
  });

  it('rejects bad input', () => {
    expect(() => classifyRegime({ loss: [1] })).toThrow(/classifyRegime: loss/);
    expect(() => classifyRegime({ loss: [1, 2] }, { tailFraction: 0.9 })).toThrow(/tailFraction/);
  });
});

describe('classifyRegime on real GD trajectories (double well)', () => {
  it('follows the period-doubling route: monotone, oscillating, period 2, period 4, chaos, divergence', () => {
    // Fixed points x = ±1 have L'' = 2: stable iff η < 1, approached with sign flips iff η > 1/2.
    expect(classifyRegime({ loss: wellRun(0.3).loss }).regime).toBe('converging-monotone');
    const osc = wellRun(0.9);
    const r = classifyRegime({ loss: osc.loss, topProjection: osc.topProjection });
    expect(r.regime).toBe('converging-oscillating');
    expect(r.evidence.signAlternation!).toBeGreaterThan(0.9);
    expect(classifyRegime({ loss: wellRun(1.2).loss }).evidence.period).toBe(2);
    expect(classifyRegime({ loss: wellRun(1.2).loss }).regime).toBe('periodic');
    expect(classifyRegime({ loss: wellRun(1.25).loss }).evidence.period).toBe(4);
    const F = closedLoopStep(updateMap('gd', { lr: 1.5 }), objective(wellLoss, 1), 2);
    const lyap = lyapunovExponent(F, Float64Array.of(0.3), { steps: 800, burnIn: 200 });
    // Tangent propagation is exact for this 1-D map: λ = mean log|1 + η − 3ηx²|; ≈ 0.5 for η = 1.5 (far from 0).
    expect(lyap.exponent).toBeGreaterThan(0.3);
    const chaos = classifyRegime({ loss: wellRun(1.5, 1000).loss, lyapunov: lyap.exponent });
    expect(chaos.regime).toBe('chaotic');
    // In the period-2 window the exponent is negative: the cycle attracts.
    const F2 = closedLoopStep(updateMap('gd', { lr: 1.2 }), objective(wellLoss, 1), 2);
    expect(lyapunovExponent(F2, Float64Array.of(0.3), { steps: 500, burnIn: 200 }).exponent).toBeLessThan(-0.1);
    expect(['diverging', 'exploding']).toContain(classifyRegime({ loss: wellRun(2.6, 100, 1.5).loss }).regime);
  });
});

describe('stabilityDiagram', () => {
  const lambdas = [0.2, 1, 3, 5];
  const A = matrixWithSpectrum(lambdas, 3);
  const loss = quadraticLoss(A, 4);
  const theta0 = Float64Array.from([1, -1, 0.5, 2]);

  it('GD: observed converge/diverge boundary is 2/λ_max; oscillation iff the dominant multiplier is negative', () => {
    const lrs = [0.1, 0.25, 0.35, 0.39, 0.41, 0.5];
    const d = stabilityDiagram({ objective: loss, theta0, kind: 'gd', lrs, steps: 300 });
    expect(d.lambdaMax).toBeCloseTo(5, 12);
    expect(d.boundary[0]!.criticalLr).toBeCloseTo(0.4, 12);
    for (const c of d.cells) {
      const converging = c.regime.startsWith('converging');
      expect(converging).toBe(c.predictedStable);
      expect(c.predictedStable).toBe(c.lr < 0.4);
      if (converging) expect(c.regime === 'converging-oscillating').toBe(c.predictedOscillation);
    }
  });

  it('heavy ball: the η × β grid matches 2(1+β)/λ_max', () => {
    const momenta = [0, 0.5, 0.9];
    const lrs = [0.3, 0.5, 0.7, 0.9];
    const d = stabilityDiagram({ objective: loss, theta0, kind: 'momentum', lrs, momenta, steps: 400 });
    for (const b of d.boundary) expect(b.criticalLr).toBeCloseTo(criticalLearningRate('momentum', 5, b.momentum), 12);
    for (const c of d.cells) {
      expect(c.regime.startsWith('converging')).toBe(c.lr < (2 * (1 + c.momentum)) / 5);
      expect(c.predictedStable).toBe(c.lr < (2 * (1 + c.momentum)) / 5);
    }
  });
});
