/**
 * Test problems with closed-form solutions, shared by the ODE tests.
 */
import type { Rhs } from '../../src/ode/index.js';

export interface ClosedFormProblem {
  name: string;
  f: Rhs;
  y0: number[];
  exact: (t: number) => number[];
}

/** y' = −y, y(0) = 1: y = e^{−t}. */
export const decay: ClosedFormProblem = {
  name: 'exponential decay',
  f: (_t, y, d) => {
    d[0] = -y[0]!;
  },
  y0: [1],
  exact: (t) => [Math.exp(-t)],
};

/** Harmonic oscillator x'' = −x as (x, v): x = cos t, v = −sin t. */
export const oscillator: ClosedFormProblem = {
  name: 'harmonic oscillator',
  f: (_t, y, d) => {
    d[0] = y[1]!;
    d[1] = -y[0]!;
  },
  y0: [1, 0],
  exact: (t) => [Math.cos(t), -Math.sin(t)],
};

/** Logistic growth y' = y(1 − y), y(0) = 0.1: y = 1/(1 + 9e^{−t}). */
export const logistic: ClosedFormProblem = {
  name: 'logistic growth',
  f: (_t, y, d) => {
    d[0] = y[0]! * (1 - y[0]!);
  },
  y0: [0.1],
  exact: (t) => [1 / (1 + 9 * Math.exp(-t))],
};

/** Max-norm distance between a state and a closed-form value. */
export function maxError(y: Float64Array, exact: number[]): number {
  let e = 0;
  for (let i = 0; i < exact.length; i++) e = Math.max(e, Math.abs(y[i]! - exact[i]!));
  return e;
}

/** Least-squares slope of log(err) against log(h): the observed order of convergence. */
export function observedOrder(hs: number[], errs: number[]): number {
  const x = hs.map(Math.log);
  const y = errs.map(Math.log);
  const mx = x.reduce((a, b) => a + b, 0) / x.length;
  const my = y.reduce((a, b) => a + b, 0) / y.length;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < x.length; i++) {
    sxy += (x[i]! - mx) * (y[i]! - my);
    sxx += (x[i]! - mx) ** 2;
  }
  return sxy / sxx;
}
