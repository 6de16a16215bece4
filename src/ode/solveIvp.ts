/**
 * solveIvp: integrate dy/dt = f(t, y), y(t0) = y0 over tSpan = [t0, t1]
 * (t1 < t0 integrates backwards), in the manner of scipy.integrate.solve_ivp.
 *
 * Adaptive stepping: a step is accepted when its scaled RMS error estimate
 * err ≤ 1; the next step size is h·fac with the PI controller of Gustafsson
 * as in Hairer's DOPRI5 (Hairer, Nørsett & Wanner I, II.4, eq. 4.13),
 *   fac = 0.9 · err^(−α) · errPrev^β,   α = 1/(q+1) − 0.75β,
 * clamped to [0.2, 10], never growing right after a rejection; q is the
 * order of the error estimate. β = 0 gives the classical I controller.
 *
 * `stepControl: 'scipy'` replaces this with SciPy's RK45/DOP853 rule
 * (scipy/integrate/_ivp/rk.py): the same error norm (RMS of
 * err/(atol + max(|y|, |y_new|)·rtol)) and initial step (common.py's
 * select_initial_step, which selectInitialStep follows), but the I
 * controller fac = 0.9·err^(−1/(q+1)) (β = 0), acceptance only for err < 1,
 * fac capped at 1 after a rejection within the step, no lower clamp on an
 * accepted step's factor. Same problem, same steps, same nfev as SciPy.
 */
import { Dop853 } from './dop853.js';
import { Dopri5 } from './dopri5.js';
import { locateEvents, normalizeEvents } from './events.js';
import { Ros23 } from './ros23.js';
import { EULER, ExplicitRungeKutta, HEUN, MIDPOINT, RK4 } from './rungeKutta.js';
import type { DenseSegment, OdeCounters, Stepper, StepperConfig } from './stepper.js';
import { NonFiniteRhsError, checkedRhs, selectInitialStep } from './stepper.js';
import type { DenseSolution, OdeMethod, OdeResult, Rhs, SolveIvpOptions } from './types.js';
import { validateProblem } from './validate.js';
import { checkFiniteNumber } from '../tensor/validate.js';

const SAFETY = 0.9;
const MIN_FACTOR = 0.2;
const MAX_FACTOR = 10;

function makeStepper(method: OdeMethod, cfg: StepperConfig): Stepper {
  switch (method) {
    case 'euler':
      return new ExplicitRungeKutta(EULER, cfg);
    case 'midpoint':
      return new ExplicitRungeKutta(MIDPOINT, cfg);
    case 'heun':
      return new ExplicitRungeKutta(HEUN, cfg);
    case 'rk4':
      return new ExplicitRungeKutta(RK4, cfg);
    case 'dopri5':
      return new Dopri5(cfg);
    case 'dop853':
      return new Dop853(cfg);
    case 'ros23':
      return new Ros23(cfg);
  }
}

/** Piecewise solution over the accepted steps; outside their range the end pieces extrapolate. */
function denseSolution(segments: DenseSegment[], n: number): DenseSolution {
  const ascending = segments[0]!.tEnd >= segments[0]!.tStart ? segments : [...segments].reverse();
  const upper = Float64Array.from(ascending, (s) => Math.max(s.tStart, s.tEnd));
  return (t: number, out?: Float64Array) => {
    checkFiniteNumber('sol', 't', t);
    const y = out ?? new Float64Array(n);
    if (y.length !== n) throw new Error(`sol: out must have n = ${n} entries, got ${y.length}`);
    // First piece whose upper end is ≥ t (binary search), clamped to the last.
    let lo = 0;
    let hi = upper.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (upper[mid]! >= t) hi = mid;
      else lo = mid + 1;
    }
    ascending[lo]!.evaluate(t, y);
    return y;
  };
}

function ulp(t: number): number {
  return Math.max(Math.abs(t) * Number.EPSILON, Number.MIN_VALUE);
}

/**
 * Solve an initial value problem. Output `t`/`y` hold every accepted step
 * (and t0), or just the `tEval` times; `y[i]` is the state (length n) at
 * `t[i]`. Bad arguments throw; a numerical failure (non-finite f, step size
 * underflow, maxSteps reached) returns status 'failed' with a message.
 *
 * @example
 * ```ts
 * import { ode } from 'learning-dynamics';
 *
 * // y' = −y, y(0) = 1 on [0, 1]: y(1) = e⁻¹.
 * const res = ode.solveIvp((_t, y, dydt) => {
 *   dydt[0] = -y[0]!;
 * }, [0, 1], [1], { method: 'dopri5', rtol: 1e-10, atol: 1e-12 });
 * console.log(res.y[res.y.length - 1]![0], Math.exp(-1));
 * ```
 */
export function solveIvp(f: Rhs, tSpan: readonly [number, number], y0: ArrayLike<number>, options: SolveIvpOptions = {}): OdeResult {
  const p = validateProblem(f, tSpan, y0, options);
  const events = normalizeEvents(options.events);
  const { t0, t1, direction, method, tEval } = p;
  const n = p.y0.length;
  const counters: OdeCounters = { nfev: 0, njev: 0, nlu: 0 };
  const ts: number[] = [];
  const ys: Float64Array[] = [];
  const segments: DenseSegment[] = [];
  const tEvents: number[][] = events.map(() => []);
  const yEvents: Float64Array[][] = events.map(() => []);
  let accepted = 0;
  let rejected = 0;
  let status: OdeResult['status'] = 'failed';
  let message = '';
  let nextEval = 0;

  const evalEvents = (t: number, y: Float64Array, out: Float64Array): void => {
    for (let i = 0; i < events.length; i++) {
      const v = events[i]!.g(t, y);
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new Error(`solveIvp: event function ${i} must return a finite number, got ${String(v)} at t = ${t}`);
      }
      out[i] = v;
    }
  };

  if (tEval) {
    while (nextEval < tEval.length && tEval[nextEval] === t0) {
      ts.push(t0);
      ys.push(p.y0.slice());
      nextEval++;
    }
  } else {
    ts.push(t0);
    ys.push(p.y0.slice());
  }
  let gOld = new Float64Array(events.length);
  let gNew = new Float64Array(events.length);
  evalEvents(t0, p.y0, gOld);

  try {
    const fChecked = checkedRhs(f, counters);
    const stepper = makeStepper(method, {
      f: fChecked,
      n,
      t0,
      y0: p.y0,
      rtol: p.rtol,
      atol: p.atol,
      jac: options.jac,
      counters,
    });
    const fixed = p.fixedStep !== null;
    const scipy = p.stepControl === 'scipy';
    const beta = scipy ? 0 : stepper.controllerBeta;
    const alpha = 1 / (stepper.errorOrder + 1) - 0.75 * beta;
    let hAbs = fixed
      ? Math.abs(p.fixedStep!)
      : (p.firstStep ??
        selectInitialStep(fChecked, t0, p.y0, stepper.fCurrent, direction, Math.abs(t1 - t0), p.maxStep, stepper.errorOrder, p.rtol, p.atol));
    let errPrev = 1e-4;
    let lastRejected = false;
    let attempts = 0;

    while (true) {
      const t = stepper.t;
      if (direction * (t1 - t) <= 0) {
        status = 'success';
        message = 'The solver successfully reached the end of the integration interval.';
        break;
      }
      if (attempts >= p.maxSteps) {
        message = `solveIvp: reached maxSteps = ${p.maxSteps} attempted steps at t = ${t} before t1 = ${t1}`;
        break;
      }
      attempts++;
      let tNew: number;
      if (fixed) {
        const k = accepted + 1;
        // t_k = t0 + k·h (not a running sum, so no drift); the final step ends exactly at t1.
        tNew = t0 + k * p.fixedStep!;
        if (k === p.nSteps || direction * (t1 - tNew) <= 1e-10 * hAbs) tNew = t1;
        stepper.attempt(tNew);
      } else {
        hAbs = Math.min(hAbs, p.maxStep);
        const minStep = 10 * ulp(t);
        if (hAbs < minStep) {
          message = `solveIvp: the step size fell below its minimum ${minStep.toExponential(3)} at t = ${t} (singularity, or a problem too stiff for '${method}')`;
          break;
        }
        tNew = t + direction * hAbs;
        if (direction * (tNew - t1) > 0) tNew = t1;
        const hUsed = Math.abs(tNew - t);
        const err = stepper.attempt(tNew);
        if (!(scipy ? err < 1 : err <= 1)) {
          if (Number.isNaN(err)) {
            message = `solveIvp: the error estimate is NaN at t = ${t}`;
            break;
          }
          rejected++;
          lastRejected = true;
          hAbs = hUsed * Math.max(MIN_FACTOR, SAFETY * Math.pow(err, -alpha));
          continue;
        }
        let factor = err === 0 ? MAX_FACTOR : Math.min(MAX_FACTOR, Math.max(MIN_FACTOR, SAFETY * Math.pow(err, -alpha) * Math.pow(errPrev, beta)));
        if (lastRejected) factor = Math.min(1, factor);
        errPrev = Math.max(err, 1e-4);
        lastRejected = false;
        hAbs = hUsed * factor;
      }
      stepper.accept();
      accepted++;

      // Continuous extension of this step, built only when something needs it.
      const needDense =
        options.denseOutput === true ||
        events.length > 0 ||
        (tEval !== null && nextEval < tEval.length && direction * (tEval[nextEval]! - stepper.t) <= 0);
      const segment = needDense ? stepper.denseSegment() : null;
      if (segment && options.denseOutput) segments.push(segment);

      let tStop = stepper.t;
      let yStop: Float64Array | null = null;
      if (events.length > 0) {
        evalEvents(stepper.t, stepper.y, gNew);
        for (const ev of locateEvents(events, gOld, gNew, segment!, n)) {
          tEvents[ev.index]!.push(ev.t);
          yEvents[ev.index]!.push(ev.y);
          if (events[ev.index]!.terminal) {
            tStop = ev.t;
            yStop = ev.y;
            status = 'event';
            message = 'A termination event occurred.';
            break;
          }
        }
        [gOld, gNew] = [gNew, gOld];
      }
      if (tEval) {
        while (nextEval < tEval.length && direction * (tEval[nextEval]! - tStop) <= 0) {
          const te = tEval[nextEval]!;
          const y = new Float64Array(n);
          if (te === stepper.t) y.set(stepper.y);
          else segment!.evaluate(te, y);
          ts.push(te);
          ys.push(y);
          nextEval++;
        }
      } else {
        ts.push(tStop);
        ys.push(yStop ? yStop.slice() : stepper.y.slice());
      }
      if (status === 'event') break;
    }
  } catch (e) {
    if (!(e instanceof NonFiniteRhsError)) throw e;
    status = 'failed';
    message = e.message;
  }

  const result: OdeResult = {
    t: Float64Array.from(ts),
    y: ys,
    nfev: counters.nfev,
    njev: counters.njev,
    nlu: counters.nlu,
    accepted,
    rejected,
    status,
    message,
    tEvents: tEvents.map((a) => Float64Array.from(a)),
    yEvents,
  };
  if (options.denseOutput && segments.length > 0) result.sol = denseSolution(segments, n);
  return result;
}
