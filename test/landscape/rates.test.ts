import { describe, expect, it } from 'vitest';
import {
  convergenceFigure,
  distancesTo,
  escapeStep,
  gdSaddleEscapeTime,
  measuredRate,
  monkeySaddle,
  optimizerFactory,
  plateauSteps,
  quadratic,
  ravineStats,
  rosenbrock,
  runOptimizers,
  runTrajectory,
  saddle,
  signChanges,
  surfaceContourFigure,
  type OptimizerSpec,
} from '../../src/landscape/index.js';
import { convergenceRate, gdOptimal, nesterovOptimal, polyakOptimal } from '../../src/optim/index.js';

const kappa = 100;
const bowl = quadratic({ kappa, angle: 0.4 });
const [mu, L] = bowl.eigenvalues;
const [[ux, uy], [vx, vy]] = bowl.eigenvectors;
/** H θ for the bowl: μ u uᵀθ + L v vᵀθ. */
function hessTimes(x: number, y: number): [number, number] {
  const a = mu * (ux * x + uy * y);
  const b = L * (vx * x + vy * y);
  return [a * ux + b * vx, a * uy + b * vy];
}
const start = [1.5, 1] as const;

function errorsOf(spec: OptimizerSpec, steps: number): number[] {
  return distancesTo(runTrajectory(bowl, start, spec, { steps }).path, [0, 0]);
}

describe("torch's momentum conventions, checked against the textbook recurrences", () => {
  it('SGD(momentum = β) is the heavy ball θ_{t+1} = θ_t − ηg_t + β(θ_t − θ_{t−1}) with θ₋₁ = θ₀', () => {
    const lr = 0.015;
    const beta = 0.8;
    const run = runTrajectory(bowl, start, { kind: 'sgd', lr, momentum: beta }, { steps: 60 });
    let prev: [number, number] = [start[0], start[1]];
    let cur: [number, number] = [start[0], start[1]];
    for (let t = 0; t <= 60; t++) {
      const [px, py] = run.path[t];
      // Same arithmetic up to association order: a few ulps of |θ| per step, no growth (contraction).
      const scale = Math.hypot(cur[0], cur[1]);
      expect(Math.abs(px - cur[0])).toBeLessThan(1e-13 * scale);
      expect(Math.abs(py - cur[1])).toBeLessThan(1e-13 * scale);
      const [gx, gy] = hessTimes(cur[0], cur[1]);
      const next: [number, number] = [cur[0] - lr * gx + beta * (cur[0] - prev[0]), cur[1] - lr * gy + beta * (cur[1] - prev[1])];
      prev = cur;
      cur = next;
    }
  });

  it("SGD(momentum = β, nesterov) iterates Nesterov's look-ahead point: x_{t+1} = y_t − η∇f(y_t), y_{t+1} = x_{t+1} + β(x_{t+1} − x_t)", () => {
    const { lr, momentum: beta } = nesterovOptimal(mu, L);
    const run = runTrajectory(bowl, start, { kind: 'sgd', lr, momentum: beta, nesterov: true }, { steps: 60 });
    let x: [number, number] = [start[0], start[1]];
    let y: [number, number] = [start[0], start[1]];
    for (let t = 0; t <= 60; t++) {
      const scale = Math.hypot(y[0], y[1]);
      expect(Math.abs(run.path[t][0] - y[0])).toBeLessThan(1e-13 * scale);
      expect(Math.abs(run.path[t][1] - y[1])).toBeLessThan(1e-13 * scale);
      const [gx, gy] = hessTimes(y[0], y[1]);
      const xNext: [number, number] = [y[0] - lr * gx, y[1] - lr * gy];
      y = [xNext[0] + beta * (xNext[0] - x[0]), xNext[1] + beta * (xNext[1] - x[1])];
      x = xNext;
    }
  });
});

describe('convergence rates on a κ = 100 quadratic match the closed forms within 1%', () => {
  it('GD, η = 1/L: rate max|1 − ηλ| = 1 − 1/κ', () => {
    const lr = 1 / L;
    const theory = convergenceRate('gd', [mu, L], { lr: lr });
    expect(theory).toBeCloseTo(1 - 1 / kappa, 14);
    const rate = measuredRate(errorsOf({ kind: 'sgd', lr }, 1000), { start: 500, end: 1000 });
    expect(Math.abs(rate / theory - 1)).toBeLessThan(0.01);
  });

  it('GD at the optimal step 2/(μ + L): rate (κ − 1)/(κ + 1)', () => {
    const tuned = gdOptimal(mu, L);
    expect(convergenceRate('gd', [mu, L], { lr: tuned.lr })).toBeCloseTo(tuned.rate, 14);
    const rate = measuredRate(errorsOf({ kind: 'sgd', lr: tuned.lr }, 1000), { start: 500, end: 1000 });
    expect(Math.abs(rate / tuned.rate - 1)).toBeLessThan(0.01);
  });

  it("heavy ball at Polyak's parameters: rate (√κ − 1)/(√κ + 1) = 9/11", () => {
    const tuned = polyakOptimal(mu, L);
    expect(tuned.rate).toBeCloseTo(9 / 11, 15);
    // At the optimum both ends of the spectrum are double roots: the discriminant is 0 up to rounding,
    // whose square root perturbs the root by ~√ε ≈ 1e-8.
    expect(convergenceRate('momentum', [mu, L], { lr: tuned.lr, momentum: tuned.momentum })).toBeCloseTo(tuned.rate, 7);
    // Double roots make the error (a + bt)·rᵗ: over [200, 600] the measured rate exceeds r by ≤ 3^{1/400} − 1 ≈ 0.3%.
    const rate = measuredRate(errorsOf({ kind: 'sgd', lr: tuned.lr, momentum: tuned.momentum }, 600), { start: 200, end: 600 });
    expect(Math.abs(rate / tuned.rate - 1)).toBeLessThan(0.01);
  });

  it('Nesterov, η = 1/L, β = (√κ − 1)/(√κ + 1): rate 1 − 1/√κ = 0.9', () => {
    const tuned = nesterovOptimal(mu, L);
    expect(tuned.rate).toBeCloseTo(0.9, 15);
    expect(convergenceRate('nesterov', [mu, L], { lr: tuned.lr, momentum: tuned.momentum })).toBeCloseTo(tuned.rate, 7);
    const rate = measuredRate(errorsOf({ kind: 'sgd', lr: tuned.lr, momentum: tuned.momentum, nesterov: true }, 600), { start: 200, end: 600 });
    expect(Math.abs(rate / tuned.rate - 1)).toBeLessThan(0.01);
  });

  it('momentum with a sub-optimal β still follows the spectral radius of its companion matrix', () => {
    const lr = 0.005;
    const beta = 0.5;
    const theory = convergenceRate('momentum', [mu, L], { lr: lr, momentum: beta });
    // Real distinct roots at λ = μ: simple eigenvalue, so the window bias is only the decay of the other root.
    const rate = measuredRate(errorsOf({ kind: 'sgd', lr, momentum: beta }, 3000), { start: 1500, end: 3000 });
    expect(Math.abs(rate / theory - 1)).toBeLessThan(0.01);
    expect(theory).toBeGreaterThan(0.98);
  });

  it('measuredRate validates its window', () => {
    expect(() => measuredRate([1, 0.5, 0.25], { start: 2, end: 1 })).toThrow(/measuredRate: need integers 0 ≤ start < end ≤ 2/);
    expect(() => measuredRate([1, 0, 0])).toThrow(/measuredRate: errors at the window ends must be finite and > 0/);
    expect(measuredRate([1, 0.5, 0.25])).toBeCloseTo(0.5, 15);
  });
});

describe('ravines, saddles and plateaus', () => {
  it('ravine: with ηL = 1.9, GD flips sign across the valley every step while the along-coordinate shrinks as (1 − ημ)ᵗ', () => {
    const valley = quadratic({ kappa: 50 });
    const steps = 100;
    const lr = 1.9 / 50;
    const run = runTrajectory(valley, [2, 0.5], { kind: 'sgd', lr }, { steps });
    const stats = ravineStats(run.path, { center: [0, 0], along: [1, 0] });
    expect(stats.acrossSignChanges).toBe(steps);
    // Along x the iteration is x ← (1 − ημ)x exactly; 100 roundings of relative size ε.
    expect(stats.alongRemaining).toBeCloseTo((1 - lr) ** steps, 12);
    const calm = ravineStats(runTrajectory(valley, [2, 0.5], { kind: 'sgd', lr: 0.5 / 50 }, { steps }).path, { center: [0, 0], along: [1, 0] });
    expect(calm.acrossSignChanges).toBe(0);
    expect(signChanges([1, -1, 0, -2, 3])).toBe(2);
  });

  it('saddle x² − y²: GD escapes after exactly ⌈log(r/δ₀)/log(1 + η|λ₋|)⌉ steps, ≈ log(r/δ₀)/(η|λ₋|)', () => {
    for (const lr of [0.01, 0.05]) {
      const delta0 = 1e-6;
      const run = runTrajectory(saddle(), [1, delta0], { kind: 'sgd', lr }, { steps: 2000 });
      const measured = escapeStep(run.path, { center: [0, 0], direction: [0, 1], threshold: 0.5 });
      const theory = gdSaddleEscapeTime(delta0, lr, -2, 0.5);
      expect(measured).toBe(theory.steps);
      // log(1 + g) = g(1 − g/2 + …): the small-step formula is short by ≈ g/2 relative.
      expect(Math.abs(theory.approx / theory.steps - 1)).toBeLessThan(2 * lr + 1 / theory.steps);
    }
  });

  it('plateau on the monkey saddle: from (x₀, 0) GD crawls as x_t ≈ 1/(3ηt), with ‖∇f‖ = 3x_t² tiny for most steps', () => {
    const lr = 0.1;
    const steps = 2000;
    const run = runTrajectory(monkeySaddle(), [0.5, 0], { kind: 'sgd', lr }, { steps });
    const xT = run.path[steps][0];
    // 1/x_{t+1} = 1/x_t + 3η + O(η²x_t): 1/x_t = 3ηt + O(log t), so t·x_t → 1/(3η) with ~ln(t)/t ≈ 0.4% error.
    expect(Math.abs(steps * xT * 3 * lr - 1)).toBeLessThan(0.01);
    const gapsAbove = run.losses; // f = x³ > 0 along the path: the loss never reaches the saddle's value 0
    const plateau = plateauSteps(run.gradNorms, gapsAbove, { gradTol: 1e-3, lossTol: 1e-12 });
    // ‖∇f‖ = 3x_t² < 1e-3 ⇔ x_t < 0.01826 ⇔ 3ηt ≳ 1/0.01826 − 1/x₀ = 52.8, t ≳ 176 (± log corrections).
    expect(plateau).toBeGreaterThan(steps - 200);
    expect(plateau).toBeLessThan(steps - 150);
  });

  it('runOptimizers: side by side from the same start, with steps to tolerance and monotone GD descent', () => {
    const runs = runOptimizers(
      rosenbrock(),
      [
        { name: 'GD', optimizer: { kind: 'sgd', lr: 1e-3 } },
        { name: 'momentum 0.9', optimizer: { kind: 'sgd', lr: 1e-3, momentum: 0.9 } },
        { name: 'Adam', optimizer: { kind: 'adam', lr: 0.02 } },
      ],
      { steps: 3000, tol: 1e-6 },
    );
    for (const r of runs) {
      expect(r.path[0]).toEqual([-1.2, 1]);
      expect(r.path.length).toBe(3001);
      expect(r.diverged).toBe(false);
    }
    // Descent lemma: with η < 2/λ_max along the path (λ_max ≤ 1400 here), GD decreases f at every step.
    const gd = runs[0].losses;
    for (let t = 1; t < gd.length; t++) expect(gd[t]).toBeLessThanOrEqual(gd[t - 1]);
    // Momentum reaches f − f* ≤ 1e-6 well before plain GD, which does not within 3000 steps.
    expect(runs[0].stepsToTolerance).toBeNull();
    expect(runs[1].stepsToTolerance).not.toBeNull();
    const fig = convergenceFigure(runs, [1, 1], { theory: [{ name: 'r = 0.99', rate: 0.99 }] });
    expect(fig.series.length).toBe(4);
    const contour = surfaceContourFigure(rosenbrock(), { n: 21, trajectories: runs });
    expect(contour.trajectories!.length).toBe(3);
    expect(contour.grid.values.length).toBe(441);
  });

  it('stops on divergence and rejects unknown optimizers', () => {
    const run = runTrajectory(bowl, start, { kind: 'sgd', lr: 3 / L }, { steps: 1000, divergeRadius: 1e3 });
    expect(run.diverged).toBe(true);
    expect(run.path.length).toBeLessThan(1000);
    expect(() => optimizerFactory({ kind: 'lbfgs' } as unknown as OptimizerSpec)).toThrow(/unknown optimizer 'lbfgs' \(registered: sgd, momentum/);
    expect(() => gdSaddleEscapeTime(1e-3, 0.1, 2)).toThrow(/gdSaddleEscapeTime: lambdaNeg must be a finite negative eigenvalue/);
  });
});
