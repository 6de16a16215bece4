/**
 * The contract between the solve_ivp driver and one integration method, and
 * the pieces every method shares: evaluation counters, the checked
 * right-hand side, the scaled RMS error norm and the initial step choice.
 */
import type { Jacobian, Rhs } from './types.js';

/** Evaluation counters shared by a stepper and the driver. */
export interface OdeCounters {
  nfev: number;
  njev: number;
  nlu: number;
}

/** Raised (internally) when f writes a non-finite value; the driver turns it into status 'failed'. */
export class NonFiniteRhsError extends Error {
  constructor(
    readonly t: number,
    readonly index: number,
    readonly value: number,
    source: 'f' | 'jac' = 'f',
  ) {
    const what = source === 'f' ? `f returned a non-finite value (dydt[${index}] = ${value})` : `jac returned a non-finite value (entry ${index} = ${value})`;
    const hint = source === 'f' && Number.isNaN(value) ? ' (an entry of dydt that f neither sets nor returns stays NaN)' : '';
    super(`solveIvp: ${what} at t = ${t}${hint}`);
    this.name = 'NonFiniteRhsError';
  }
}

/**
 * Wrap f so that every call is counted, a returned dy/dt (SciPy's form) is
 * copied into `dydt`, and the output is checked for NaN/±Infinity. `dydt` is
 * filled with NaN first, so an entry that f neither wrote nor returned is
 * reported (never integrated as a stale value or a zero).
 */
/** The checked right-hand side the steppers call: always writes dy/dt into `dydt`. */
export type WritingRhs = (t: number, y: Float64Array, dydt: Float64Array) => void;

export function checkedRhs(f: Rhs, counters: OdeCounters): WritingRhs {
  return (t, y, dydt) => {
    counters.nfev++;
    dydt.fill(NaN);
    const returned = f(t, y, dydt);
    if (returned !== undefined && returned !== dydt) copyReturned(returned, dydt, t);
    for (let i = 0; i < dydt.length; i++) {
      if (!Number.isFinite(dydt[i]!)) throw new NonFiniteRhsError(t, i, dydt[i]!);
    }
  };
}

function copyReturned(r: unknown, dydt: Float64Array, t: number): void {
  const n = dydt.length;
  if (typeof r === 'number') {
    // n = 1: the scalar is dy/dt (SciPy accepts it; `(t, y, d) => (d[0] = …)` returns the same value). n > 1: the
    // by-product of a concise arrow that assigned entries; what f wrote into dydt stands.
    if (n === 1) dydt[0] = r;
    return;
  }
  const arrayLike = Array.isArray(r) || (ArrayBuffer.isView(r) && !(r instanceof DataView));
  const values = r as ArrayLike<unknown>;
  if (!arrayLike || values.length !== n) {
    const got = arrayLike ? `an array of length ${values.length}` : r === null ? 'null' : typeof r;
    throw new Error(`solveIvp: f must write dy/dt into its third argument (dydt) or return an array of length n = ${n}, but it returned ${got} at t = ${t}`);
  }
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (typeof v !== 'number') throw new Error(`solveIvp: f returned a non-number at index ${i} (${typeof v}) at t = ${t}; dy/dt must hold numbers`);
    dydt[i] = v;
  }
}

/** One step's continuous extension: y(t) for t in [tStart, tEnd] (extrapolates outside). */
export interface DenseSegment {
  readonly tStart: number;
  readonly tEnd: number;
  evaluate(t: number, out: Float64Array): void;
}

export interface StepperConfig {
  /** Counted, checked right-hand side. */
  f: WritingRhs;
  n: number;
  t0: number;
  y0: Float64Array;
  rtol: number;
  /** Absolute tolerance per component. */
  atol: Float64Array;
  jac?: Jacobian;
  counters: OdeCounters;
}

/**
 * A one-step method holding the current point (t, y). `attempt(h)` computes a
 * candidate step from it without moving; `accept()` moves to the candidate.
 * After `accept()`, `denseSegment()` describes the step just taken.
 */
export interface Stepper {
  /** Order q of the error estimate: the local error of the controlled solution is O(h^(q+1)). */
  readonly errorOrder: number;
  /** β of the PI step-size controller (0: plain I controller). */
  readonly controllerBeta: number;
  readonly t: number;
  readonly y: Float64Array;
  /** f(t, y) at the current point. */
  readonly fCurrent: Float64Array;
  /** Try a step of signed size h; returns the scaled error norm (≤ 1 means acceptable; 0 without an estimator). */
  attempt(h: number): number;
  accept(): void;
  denseSegment(): DenseSegment;
}

/**
 * RMS norm of err scaled component-wise by atol + rtol·max(|y|, |yNew|), as in
 * scipy and Hairer–Nørsett–Wanner (II.4, eq. 4.11): a step is acceptable when
 * this is ≤ 1.
 */
export function scaledRmsNorm(
  err: Float64Array,
  y: Float64Array,
  yNew: Float64Array,
  rtol: number,
  atol: Float64Array,
): number {
  let sum = 0;
  const n = err.length;
  for (let i = 0; i < n; i++) {
    const scale = atol[i]! + rtol * Math.max(Math.abs(y[i]!), Math.abs(yNew[i]!));
    const r = err[i]! / scale;
    sum += r * r;
  }
  return Math.sqrt(sum / n);
}

function rmsScaled(v: Float64Array, scale: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < v.length; i++) {
    const r = v[i]! / scale[i]!;
    sum += r * r;
  }
  return Math.sqrt(sum / v.length);
}

/**
 * Initial step size (Hairer, Nørsett & Wanner, Solving ODEs I, II.4, p. 169;
 * scipy's select_initial_step): a first guess h0 = 0.01·‖y0‖/‖f0‖, then one
 * explicit Euler step to estimate ‖y''‖ ≈ ‖f(t0+h0, y0+h0 f0) − f0‖/h0, and
 * h1 = (0.01 / max(‖f0‖, ‖y''‖))^(1/(q+1)) so that the first local error is
 * about 1% of the tolerance. Returns min(100·h0, h1, |t1 − t0|, maxStep).
 */
export function selectInitialStep(
  f: WritingRhs,
  t0: number,
  y0: Float64Array,
  f0: Float64Array,
  direction: number,
  intervalLength: number,
  maxStep: number,
  errorOrder: number,
  rtol: number,
  atol: Float64Array,
): number {
  const n = y0.length;
  const scale = new Float64Array(n);
  for (let i = 0; i < n; i++) scale[i] = atol[i]! + Math.abs(y0[i]!) * rtol;
  const d0 = rmsScaled(y0, scale);
  const d1 = rmsScaled(f0, scale);
  let h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : (0.01 * d0) / d1;
  h0 = Math.min(h0, intervalLength);
  const y1 = new Float64Array(n);
  for (let i = 0; i < n; i++) y1[i] = y0[i]! + h0 * direction * f0[i]!;
  const f1 = new Float64Array(n);
  f(t0 + h0 * direction, y1, f1);
  for (let i = 0; i < n; i++) f1[i] = f1[i]! - f0[i]!;
  const d2 = rmsScaled(f1, scale) / h0;
  const h1 =
    d1 <= 1e-15 && d2 <= 1e-15
      ? Math.max(1e-6, h0 * 1e-3)
      : Math.pow(0.01 / Math.max(d1, d2), 1 / (errorOrder + 1));
  return Math.min(100 * h0, h1, intervalLength, maxStep);
}
