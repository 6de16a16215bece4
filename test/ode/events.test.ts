/**
 * Event location on the continuous solution: terminal events, direction
 * filtering, several event functions, and the root finder itself.
 */
import { describe, expect, it } from 'vitest';
import { brentRoot, solveIvp } from '../../src/ode/index.js';
import type { EventFunction, OdeMethod } from '../../src/ode/index.js';
import { decay, oscillator } from './problems.js';

const G = 9.81;
const H0 = 10;
/** Free fall (height, velocity): y'' = −g. */
const fall = (_t: number, y: Float64Array, d: Float64Array): void => {
  d[0] = y[1]!;
  d[1] = -G;
};
const tGround = Math.sqrt((2 * H0) / G);

describe('falling ball hits the ground at t = √(2h₀/g)', () => {
  // The solution is a quadratic in t, which every method of order ≥ 2 and
  // every dense output of degree ≥ 2 reproduces exactly, so the event time is
  // limited only by round-off and Brent's tolerance 4ε: we ask for 1e-13.
  for (const method of ['dopri5', 'dop853', 'ros23', 'rk4', 'heun'] as OdeMethod[]) {
    it(method, () => {
      const hitGround = Object.assign((_t: number, y: Float64Array) => y[0]!, { terminal: true, direction: -1 });
      const fixed = method === 'rk4' || method === 'heun' ? { step: 0.1 } : {};
      const r = solveIvp(fall, [0, 10], [H0, 0], { method, events: hitGround, rtol: 1e-8, atol: 1e-10, ...fixed });
      expect(r.status).toBe('event');
      expect(r.message).toMatch(/termination event/);
      expect(r.tEvents[0]!.length).toBe(1);
      expect(Math.abs(r.tEvents[0]![0]! - tGround)).toBeLessThan(1e-13);
      // The output ends at the event, with height 0 and velocity −g t*.
      expect(r.t[r.t.length - 1]).toBe(r.tEvents[0]![0]);
      const yEnd = r.y[r.y.length - 1]!;
      expect(Math.abs(yEnd[0]!)).toBeLessThan(1e-12);
      expect(Math.abs(yEnd[1]! + G * tGround)).toBeLessThan(1e-12);
      expect(r.yEvents[0]![0]![0]).toBeCloseTo(0, 12);
    });
  }

  it('tEval points after a terminal event are not reported', () => {
    const r = solveIvp(fall, [0, 10], [H0, 0], {
      events: { g: (_t, y) => y[0]!, terminal: true },
      tEval: [0, 0.5, 1, 1.4, 1.5, 2, 5],
    });
    expect(r.status).toBe('event');
    // t* ≈ 1.428 s: only 0, 0.5, 1, 1.4 precede it.
    expect(Array.from(r.t)).toEqual([0, 0.5, 1, 1.4]);
    expect(r.y[3]![0]).toBeCloseTo(H0 - 0.5 * G * 1.4 * 1.4, 10);
  });
});

describe('direction filtering on x(t) = cos t over [0, 12]', () => {
  // Zeros at π/2 + kπ: decreasing through 0 at π/2 and 5π/2, increasing at
  // 3π/2 and 7π/2. With rtol = 1e-10 the dense output is accurate to ~1e-10
  // and |x'| = 1 at the roots, so the times are accurate to ~1e-10; we ask 1e-8.
  const x = (_t: number, y: Float64Array): number => y[0]!;
  const run = (direction: number) =>
    solveIvp(oscillator.f, [0, 12], oscillator.y0, { events: { g: x, direction }, rtol: 1e-10, atol: 1e-12 });
  const check = (got: Float64Array, want: number[]): void => {
    expect(got.length).toBe(want.length);
    want.forEach((w, i) => expect(Math.abs(got[i]! - w)).toBeLessThan(1e-8));
  };

  it('direction 0: all crossings', () => {
    const r = run(0);
    expect(r.status).toBe('success');
    check(r.tEvents[0]!, [0.5, 1.5, 2.5, 3.5].map((k) => k * Math.PI));
  });
  it('direction −1: only downward crossings', () => check(run(-1).tEvents[0]!, [0.5 * Math.PI, 2.5 * Math.PI]));
  it('direction +1: only upward crossings', () => check(run(1).tEvents[0]!, [1.5 * Math.PI, 3.5 * Math.PI]));

  it('several event functions, the terminal one stops the run', () => {
    const velocityZero: EventFunction = (_t, y) => y[1]!; // v = −sin t: zeros at kπ
    const xHalf = Object.assign((_t: number, y: Float64Array) => y[0]! - 0.5, { terminal: true, direction: 1 });
    const r = solveIvp(oscillator.f, [0, 12], oscillator.y0, { events: [velocityZero, xHalf], rtol: 1e-10, atol: 1e-12 });
    // cos t rises through 0.5 first at t = 2π − π/3 = 5π/3; v = 0 at π before that.
    expect(r.status).toBe('event');
    expect(Math.abs(r.t[r.t.length - 1]! - (5 * Math.PI) / 3)).toBeLessThan(1e-8);
    check(r.tEvents[1]!, [(5 * Math.PI) / 3]);
    check(r.tEvents[0]!, [Math.PI]);
  });

  it('backward integration finds the same crossings', () => {
    const y12 = oscillator.exact(12);
    const r = solveIvp(oscillator.f, [12, 0], y12, { events: x, rtol: 1e-10, atol: 1e-12 });
    check(r.tEvents[0]!, [3.5, 2.5, 1.5, 0.5].map((k) => k * Math.PI));
  });
});

describe('events on other methods', () => {
  it('ros23: e^{−t} falls through 1/2 at ln 2', () => {
    // ros23's dense output shares its 2nd-order accuracy: with rtol = 1e-8 and
    // ~10³ steps the error is ≲ 1e-6 in y, hence in t (|y'| = 1/2 there: ×2).
    const r = solveIvp(decay.f, [0, 5], decay.y0, {
      method: 'ros23',
      rtol: 1e-8,
      atol: 1e-12,
      events: { g: (_t, y) => y[0]! - 0.5, terminal: true },
    });
    expect(r.status).toBe('event');
    expect(Math.abs(r.tEvents[0]![0]! - Math.LN2)).toBeLessThan(2e-6);
  });
});

describe('brentRoot', () => {
  it('finds π/2 as the root of cos to 4ε', () => {
    let calls = 0;
    const root = brentRoot(
      (x) => {
        calls++;
        return Math.cos(x);
      },
      0,
      2,
    );
    expect(Math.abs(root - Math.PI / 2)).toBeLessThan(4 * Number.EPSILON * 2);
    // Superlinear convergence: far fewer evaluations than bisection's ~53.
    expect(calls).toBeLessThan(15);
  });

  it('handles a root at an end point and rejects a missing sign change', () => {
    expect(brentRoot((x) => x - 1, 1, 2)).toBe(1);
    expect(() => brentRoot((x) => x * x + 1, -1, 1)).toThrow(/brentRoot: f\(a\) and f\(b\) must differ in sign/);
  });

  it('Wallis’s cubic x³ − 2x − 5 = 0 to full precision', () => {
    const root = brentRoot((x) => x ** 3 - 2 * x - 5, 2, 3);
    expect(Math.abs(root - 2.0945514815423265)).toBeLessThan(1e-15);
  });
});
