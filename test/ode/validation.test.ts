/**
 * Bad input: clear errors up front; numerical failures as status 'failed'.
 */
import { describe, expect, it } from 'vitest';
import { solveIvp } from '../../src/ode/index.js';
import type { OdeMethod, Rhs } from '../../src/ode/index.js';
import { decay, oscillator } from './problems.js';

describe('argument errors name the function, the argument and the allowed range', () => {
  const cases: [string, () => unknown, RegExp][] = [
    ['non-finite y0', () => solveIvp(decay.f, [0, 1], [NaN]), /solveIvp: y0 must be finite, but y0\[0\] = NaN/],
    ['infinite y0', () => solveIvp(oscillator.f, [0, 1], [0, Infinity]), /y0\[1\] = Infinity/],
    ['empty y0', () => solveIvp(decay.f, [0, 1], []), /y0 must be a non-empty array/],
    ['rtol = 0', () => solveIvp(decay.f, [0, 1], [1], { rtol: 0 }), /solveIvp: rtol must be a finite number > 0, got 0/],
    ['rtol < 0', () => solveIvp(decay.f, [0, 1], [1], { rtol: -1e-6 }), /rtol must be a finite number > 0/],
    ['atol < 0', () => solveIvp(decay.f, [0, 1], [1], { atol: -1 }), /solveIvp: atol must be finite and ≥ 0, got -1/],
    ['atol array entry < 0', () => solveIvp(oscillator.f, [0, 1], [1, 0], { atol: [1e-6, -1] }), /atol\[1\] = -1/],
    ['atol of wrong length', () => solveIvp(oscillator.f, [0, 1], [1, 0], { atol: [1e-6] }), /atol must be a number or have n = 2 entries, got 1/],
    ['zero-length interval', () => solveIvp(decay.f, [2, 2], [1]), /solveIvp: the interval tSpan = \[2, 2\] has zero length/],
    ['non-finite tSpan', () => solveIvp(decay.f, [0, Infinity], [1]), /tSpan must hold two finite numbers/],
    [
      'unknown method',
      () => solveIvp(decay.f, [0, 1], [1], { method: 'rk45' as OdeMethod }),
      /solveIvp: method must be one of 'euler', 'midpoint', 'heun', 'rk4', 'dopri5', 'dop853', 'ros23', got 'rk45'$/,
    ],
    ['fixed-step method without a step', () => solveIvp(decay.f, [0, 1], [1], { method: 'rk4' }), /method 'rk4' takes fixed steps; give options.step/],
    ['step ≤ 0', () => solveIvp(decay.f, [0, 1], [1], { method: 'euler', step: 0 }), /solveIvp: step must be a finite number > 0, got 0/],
    ['nSteps not an integer', () => solveIvp(decay.f, [0, 1], [1], { method: 'euler', nSteps: 2.5 }), /nSteps must be a positive integer, got 2.5/],
    ['step and nSteps', () => solveIvp(decay.f, [0, 1], [1], { method: 'euler', step: 0.1, nSteps: 10 }), /either step or nSteps, not both/],
    ['firstStep too large', () => solveIvp(decay.f, [0, 1], [1], { firstStep: 2 }), /firstStep must be ≤ \|t1 − t0\| = 1, got 2/],
    ['maxStep ≤ 0', () => solveIvp(decay.f, [0, 1], [1], { maxStep: 0 }), /maxStep must be a number > 0/],
    ['maxSteps not positive', () => solveIvp(decay.f, [0, 1], [1], { maxSteps: 0 }), /maxSteps must be a positive integer, got 0/],
    ['tEval outside tSpan', () => solveIvp(decay.f, [0, 1], [1], { tEval: [0.5, 1.5] }), /tEval\[1\] = 1.5 lies outside tSpan \[0, 1\]/],
    ['tEval against the direction', () => solveIvp(decay.f, [1, 0], [1], { tEval: [0.2, 0.8] }), /tEval must be sorted decreasingly/],
    ['f not a function', () => solveIvp(42 as unknown as Rhs, [0, 1], [1]), /f must be a function/],
    ['bad event direction', () => solveIvp(decay.f, [0, 1], [1], { events: { g: () => 1, direction: 2 } }), /events\[0\].direction must be -1, 0 or 1, got 2/],
    [
      'jac of the wrong dimension',
      () => solveIvp(oscillator.f, [0, 1], [1, 0], { method: 'ros23', jac: () => new Float64Array(3) }),
      /solveIvp: jac\(t, y\) must return a Float64Array of n·n = 4 entries \(row-major\), got 3 entries/,
    ],
    [
      'event function returning NaN',
      () => solveIvp(decay.f, [0, 1], [1], { events: () => NaN }),
      /event function 0 must return a finite number, got NaN at t = 0/,
    ],
  ];
  for (const [name, run, message] of cases) {
    it(name, () => expect(run).toThrow(message));
  }
});

describe('numerical failures return status failed with the time', () => {
  it('f writing NaN mid-run', () => {
    // f breaks down for t > 0.5: the run stops there with what it had so far.
    const f: Rhs = (t, y, d) => {
      d[0] = t > 0.5 ? NaN : -y[0]!;
    };
    for (const method of ['dopri5', 'rk4', 'ros23'] as OdeMethod[]) {
      const r = solveIvp(f, [0, 1], [1], { method, step: method === 'rk4' ? 0.1 : undefined });
      expect(r.status).toBe('failed');
      expect(r.message).toMatch(/solveIvp: f returned a non-finite value \(dydt\[0\] = NaN\) at t = 0\.[5-9]/);
      // Output up to the failure is kept.
      expect(r.t[r.t.length - 1]!).toBeLessThanOrEqual(0.5 + 1e-12);
      expect(r.y.length).toBe(r.t.length);
    }
  });

  it('f non-finite at t0', () => {
    const r = solveIvp((_t, _y, d) => (d[0] = Infinity), [0, 1], [1]);
    expect(r.status).toBe('failed');
    expect(r.message).toMatch(/dydt\[0\] = Infinity\) at t = 0$/);
  });

  it('jac writing a non-finite value', () => {
    const r = solveIvp(decay.f, [0, 1], [1], { method: 'ros23', jac: () => Float64Array.from([NaN]) });
    expect(r.status).toBe('failed');
    expect(r.message).toMatch(/jac returned a non-finite value \(entry 0 = NaN\) at t = 0/);
  });

  it('finite-time blow-up y\' = y² (y(0) = 1, singular at t = 1) stops at the singularity', () => {
    const r = solveIvp((_t, y, d) => (d[0] = y[0]! * y[0]!), [0, 2], [1], { rtol: 1e-8 });
    expect(r.status).toBe('failed');
    expect(r.message).toMatch(/step size fell below|non-finite/);
    // The numerical solution's singularity sits where its accumulated
    // relative error (~rtol per unit of log y) puts it: within 1e-6 of t = 1.
    expect(Math.abs(r.t[r.t.length - 1]! - 1)).toBeLessThan(1e-6);
    expect(r.y[r.y.length - 1]![0]!).toBeGreaterThan(1e10);
  });
});

describe('a right-hand side that returns dy/dt (SciPy’s form) is used, never ignored', () => {
  // y' = −y, y(0) = 1: y(1) = e⁻¹. dopri5 at rtol 1e-8, atol 1e-10 keeps the global error below ~1e-8·|y| on
  // this smooth decay, so 1e-7 is a safe bound that the ignored-f failure (y(1) = 1) misses by 0.63.
  const exact = Math.exp(-1);
  const opts = { rtol: 1e-8, atol: 1e-10 };
  it('returned array (the issue’s call) integrates y\' = −y to y(1) = e⁻¹', () => {
    const r = solveIvp((_t, y) => [-y[0]!], [0, 1], [1], opts);
    expect(r.status).toBe('success');
    expect(Math.abs(r.y[r.y.length - 1]![0]! - exact)).toBeLessThan(1e-7);
  });
  it('returned Float64Array for a 2-D system (oscillator: y(π/2) = (0, −1) from (1, 0))', () => {
    const r = solveIvp((_t, y) => Float64Array.from([y[1]!, -y[0]!]), [0, Math.PI / 2], [1, 0], opts);
    const [a, b] = r.y[r.y.length - 1]!;
    expect(Math.abs(a!)).toBeLessThan(1e-7);
    expect(Math.abs(b! + 1)).toBeLessThan(1e-7);
  });
  it('a number returned for n = 1 is dy/dt; the concise writing form still works for n > 1', () => {
    const r1 = solveIvp((_t, y) => -y[0]!, [0, 1], [1], opts);
    expect(Math.abs(r1.y[r1.y.length - 1]![0]! - exact)).toBeLessThan(1e-7);
    const r2 = solveIvp((_t, y, d) => ((d[0] = y[1]!), (d[1] = -y[0]!)), [0, Math.PI / 2], [1, 0], opts);
    expect(Math.abs(r2.y[r2.y.length - 1]![1]! + 1)).toBeLessThan(1e-7);
  });
  it('an array of the wrong length or a non-array throws, naming n', () => {
    expect(() => solveIvp((_t, y) => [-y[0]!, 0], [0, 1], [1])).toThrow(/f must write dy\/dt into its third argument \(dydt\) or return an array of length n = 1, but it returned an array of length 2 at t = 0/);
    expect(() => solveIvp((() => 'fast') as unknown as Rhs, [0, 1], [1])).toThrow(/returned string at t = 0/);
  });
  it('an entry neither written nor returned fails the run (never integrated as zero)', () => {
    const r = solveIvp((_t, y, d) => {
      d[0] = y[1]!;
    }, [0, 1], [1, 0]);
    expect(r.status).toBe('failed');
    expect(r.message).toMatch(/dydt\[1\] = NaN\) at t = 0 \(an entry of dydt that f neither sets nor returns stays NaN\)/);
  });
});
