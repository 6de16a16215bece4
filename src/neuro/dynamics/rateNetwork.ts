/**
 * Continuous-time rate networks: n units with membrane-like state x and
 * firing rate φ(x),
 *
 *   τ dx/dt = −x + W·φ(x) + I(t),
 *
 * W (n×n, row-major) the recurrent weights, I an external input (constant
 * or a function of time). The Jacobian of the right-hand side is
 * (−𝟙 + W·diag φ'(x)) / τ, supplied for the implicit solver.
 */
import { solveIvp } from '../../ode/index.js';
import { sigmoidScalar } from '../../tensor/index.js';
import type { Jacobian, OdeResult, Rhs, SolveIvpOptions } from '../../ode/index.js';
import { checkFiniteNumber, checkPositiveNumber } from '../../tensor/validate.js';

export type RateNonlinearityName = 'tanh' | 'threshold-linear' | 'logistic' | 'linear';

export interface RateNonlinearity {
  name: string;
  f(x: number): number;
  /** φ'(x) (for threshold-linear, 0 at x = 0). */
  df(x: number): number;
}

/** φ by name, with an optional gain g: φ(x) = φ₀(g·x). */
export function rateNonlinearity(name: RateNonlinearityName, gain = 1): RateNonlinearity {
  checkPositiveNumber('rateNonlinearity', 'gain', gain);
  switch (name) {
    case 'tanh':
      return {
        name,
        f: (x) => Math.tanh(gain * x),
        df: (x) => {
          const t = Math.tanh(gain * x);
          return gain * (1 - t * t);
        },
      };
    case 'threshold-linear':
      return { name, f: (x) => (x > 0 ? gain * x : 0), df: (x) => (x > 0 ? gain : 0) };
    case 'logistic':
      return {
        name,
        f: (x) => sigmoidScalar(gain * x),
        df: (x) => {
          const s = sigmoidScalar(gain * x);
          return gain * s * (1 - s);
        },
      };
    case 'linear':
      return { name, f: (x) => gain * x, df: () => gain };
    default:
      throw new Error(`rateNonlinearity: name must be one of tanh, threshold-linear, logistic, linear, got ${String(name)}`);
  }
}

export interface RateNetworkSpec {
  /** Recurrent weights, n×n row-major (entry [i·n + j] = weight from j to i). */
  W: Float64Array;
  /** External input: one value per unit, a shared scalar, or a function of time writing into `out`. Default 0. */
  input?: number | Float64Array | ((t: number, out: Float64Array) => void);
  /** Time constant τ > 0; default 1. */
  tau?: number;
  /** φ: a name or an object; default 'tanh'. */
  nonlinearity?: RateNonlinearityName | RateNonlinearity;
}

export interface RateNetwork {
  n: number;
  tau: number;
  phi: RateNonlinearity;
  W: Float64Array;
  /** The input at time t (written into `out`). */
  inputAt(t: number, out: Float64Array): Float64Array;
  f: Rhs;
  jac: Jacobian;
}

/** Validate a rate network and build its right-hand side and Jacobian. */
export function rateNetwork(spec: RateNetworkSpec): RateNetwork {
  const fn = 'rateNetwork';
  const { W, input = 0, tau = 1, nonlinearity = 'tanh' } = spec;
  if (!(W instanceof Float64Array)) throw new Error(`${fn}: W must be a Float64Array (n×n, row-major)`);
  const n = Math.round(Math.sqrt(W.length));
  if (n < 1 || n * n !== W.length) throw new Error(`${fn}: W must have n² entries for some n ≥ 1, got ${W.length}`);
  checkPositiveNumber(fn, 'tau', tau);
  if (input instanceof Float64Array && input.length !== n) throw new Error(`${fn}: input must have n = ${n} entries, got ${input.length}`);
  if (typeof input === 'number') checkFiniteNumber(fn, 'input', input);
  const phi = typeof nonlinearity === 'string' ? rateNonlinearity(nonlinearity) : nonlinearity;
  if (!phi || typeof phi.f !== 'function' || typeof phi.df !== 'function') throw new Error(`${fn}: nonlinearity must be a name or { f, df }`);
  const inputAt = (t: number, out: Float64Array): Float64Array => {
    if (typeof input === 'number') out.fill(input);
    else if (input instanceof Float64Array) out.set(input);
    else input(t, out);
    return out;
  };
  const rates = new Float64Array(n);
  const drive = new Float64Array(n);
  const f: Rhs = (t, x, dx) => {
    for (let j = 0; j < n; j++) rates[j] = phi.f(x[j]!);
    inputAt(t, drive);
    for (let i = 0; i < n; i++) {
      let s = drive[i]! - x[i]!;
      const row = i * n;
      for (let j = 0; j < n; j++) s += W[row + j]! * rates[j]!;
      dx[i] = s / tau;
    }
  };
  const jac: Jacobian = (_t, x) => {
    const J = new Float64Array(n * n);
    for (let j = 0; j < n; j++) rates[j] = phi.df(x[j]!);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) J[i * n + j] = (W[i * n + j]! * rates[j]! - (i === j ? 1 : 0)) / tau;
    }
    return J;
  };
  return { n, tau, phi, W, inputAt, f, jac };
}

export interface RateSimulation extends OdeResult {
  /** Firing rates φ(x) at the output times. */
  rates: Float64Array[];
}

/**
 * Integrate the network from x₀ over tSpan (solveIvp options; default dopri5, rtol 1e-8, atol 1e-10).
 * `checkpoint`, if given, is called before every right-hand-side evaluation (the experiments runner's cancellation check: it may throw).
 */
export function simulateRateNetwork(
  net: RateNetwork,
  x0: ArrayLike<number>,
  tSpan: readonly [number, number],
  { checkpoint, ...options }: SolveIvpOptions & { checkpoint?: () => void } = {},
): RateSimulation {
  if (!x0 || x0.length !== net.n) throw new Error(`simulateRateNetwork: x0 must have n = ${net.n} entries, got ${x0?.length}`);
  const method = options.method ?? 'dopri5';
  const f: RateNetwork['f'] = checkpoint ? (t, x, dx) => (checkpoint(), net.f(t, x, dx)) : net.f;
  const res = solveIvp(f, tSpan, x0, { rtol: 1e-8, atol: 1e-10, ...options, method, jac: options.jac ?? (method === 'ros23' ? net.jac : undefined) });
  return { ...res, rates: res.y.map((x) => Float64Array.from(x, (v) => net.phi.f(v))) };
}
