/**
 * Argument checks for solveIvp: every bad input is reported up front with an
 * Error naming the argument and its allowed range, never as a NaN later.
 */
import type { OdeMethod, SolveIvpOptions } from './types.js';
import { FIXED_STEP_METHODS, ODE_METHODS } from './types.js';
import { checkOneOf, checkPositiveInteger, checkPositiveNumber } from '../tensor/validate.js';

interface ValidatedProblem {
  t0: number;
  t1: number;
  direction: 1 | -1;
  y0: Float64Array;
  method: OdeMethod;
  rtol: number;
  atol: Float64Array;
  /** Signed fixed step, or null for adaptive stepping. */
  fixedStep: number | null;
  /** Number of fixed steps when given as nSteps (then t_k = t0 + k·h exactly at k = nSteps → t1). */
  nSteps: number | null;
  firstStep: number | null;
  maxStep: number;
  maxSteps: number;
  tEval: Float64Array | null;
  stepControl: 'hairer' | 'scipy';
}

const FN = 'solveIvp';

export function validateProblem(
  f: unknown,
  tSpan: readonly [number, number],
  y0In: ArrayLike<number>,
  options: SolveIvpOptions,
): ValidatedProblem {
  if (typeof f !== 'function') throw new Error(`${FN}: f must be a function (t, y, dydt) => void`);
  if (!tSpan || tSpan.length !== 2) throw new Error(`${FN}: tSpan must be [t0, t1]`);
  const [t0, t1] = tSpan;
  if (!Number.isFinite(t0) || !Number.isFinite(t1)) {
    throw new Error(`${FN}: tSpan must hold two finite numbers, got [${t0}, ${t1}]`);
  }
  if (t0 === t1) throw new Error(`${FN}: the interval tSpan = [${t0}, ${t1}] has zero length; t1 must differ from t0`);
  const direction = t1 > t0 ? 1 : -1;
  const length = Math.abs(t1 - t0);

  if (!y0In || typeof y0In.length !== 'number' || y0In.length === 0) {
    throw new Error(`${FN}: y0 must be a non-empty array of numbers`);
  }
  const y0 = Float64Array.from(y0In);
  for (let i = 0; i < y0.length; i++) {
    if (!Number.isFinite(y0[i]!)) throw new Error(`${FN}: y0 must be finite, but y0[${i}] = ${y0In[i]}`);
  }
  const n = y0.length;

  const method = options.method ?? 'dopri5';
  checkOneOf(FN, 'method', method, ODE_METHODS);

  const rtolIn: unknown = options.rtol ?? 1e-3;
  checkPositiveNumber(FN, 'rtol', rtolIn);
  // As scipy: a relative tolerance below 100ε cannot be met in float64.
  const rtol = Math.max(rtolIn, 100 * Number.EPSILON);

  const atolIn = options.atol ?? 1e-6;
  const atol = new Float64Array(n);
  if (typeof atolIn === 'number') {
    atol.fill(atolIn);
  } else {
    if (atolIn.length !== n) throw new Error(`${FN}: atol must be a number or have n = ${n} entries, got ${atolIn.length}`);
    atol.set(atolIn);
  }
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(atol[i]!) || atol[i]! < 0) {
      throw new Error(`${FN}: atol must be finite and ≥ 0, got ${typeof atolIn === 'number' ? atolIn : `atol[${i}] = ${atol[i]}`}`);
    }
  }

  const { step, nSteps } = options;
  if (step !== undefined && nSteps !== undefined) throw new Error(`${FN}: give either step or nSteps, not both`);
  let fixedStep: number | null = null;
  let stepCount: number | null = null;
  if (step !== undefined) {
    checkPositiveNumber(FN, 'step', step);
    fixedStep = direction * step;
  } else if (nSteps !== undefined) {
    checkPositiveInteger(FN, 'nSteps', nSteps);
    stepCount = nSteps;
    fixedStep = (t1 - t0) / nSteps;
  } else if ((FIXED_STEP_METHODS as readonly string[]).includes(method)) {
    throw new Error(`${FN}: method '${method}' takes fixed steps; give options.step (> 0) or options.nSteps`);
  }

  let firstStep: number | null = null;
  if (options.firstStep !== undefined) {
    checkPositiveNumber(FN, 'firstStep', options.firstStep);
    firstStep = options.firstStep;
    if (firstStep > length) throw new Error(`${FN}: firstStep must be ≤ |t1 − t0| = ${length}, got ${firstStep}`);
  }
  const maxStep = options.maxStep ?? Infinity;
  if (typeof maxStep !== 'number' || Number.isNaN(maxStep) || maxStep <= 0) {
    throw new Error(`${FN}: maxStep must be a number > 0 (Infinity allowed), got ${String(maxStep)}`);
  }
  const maxSteps = options.maxSteps ?? 1_000_000;
  checkPositiveInteger(FN, 'maxSteps', maxSteps);

  let tEval: Float64Array | null = null;
  if (options.tEval !== undefined) {
    tEval = Float64Array.from(options.tEval);
    const lo = Math.min(t0, t1);
    const hi = Math.max(t0, t1);
    for (let i = 0; i < tEval.length; i++) {
      const te = tEval[i]!;
      if (!(te >= lo && te <= hi)) throw new Error(`${FN}: tEval[${i}] = ${te} lies outside tSpan [${t0}, ${t1}]`);
      if (i > 0 && direction * (te - tEval[i - 1]!) < 0) {
        throw new Error(`${FN}: tEval must be sorted ${direction > 0 ? 'increasingly' : 'decreasingly'} (the direction of integration); tEval[${i}] = ${te} breaks the order`);
      }
    }
  }

  const stepControl = options.stepControl ?? 'hairer';
  checkOneOf(FN, 'stepControl', stepControl, ['hairer', 'scipy'] as const);
  if (stepControl === 'scipy' && method === 'ros23') throw new Error(`${FN}: stepControl 'scipy' reproduces SciPy's explicit Runge–Kutta control; use it with 'dopri5' (RK45) or 'dop853' (DOP853)`);

  if (options.jac !== undefined && typeof options.jac !== 'function') {
    throw new Error(`${FN}: jac must be a function (t, y) => Float64Array (n×n, row-major)`);
  }

  return { t0, t1, direction, y0, method, rtol, atol, fixedStep, nSteps: stepCount, firstStep, maxStep, maxSteps, tEval, stepControl };
}
