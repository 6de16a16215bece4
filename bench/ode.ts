/**
 * ODE solver benchmarks (issue "Continuous time…"). Each figure is reported
 * next to a reference measured in the same run, as a ratio.
 *
 * ode-dopri5: Van der Pol (μ = 1) on [0, 20] at rtol = atol = 1e-8. The
 *   reference is the bare cost of the same number of right-hand-side calls,
 *   so the ratio is the solver's overhead factor over its f evaluations.
 * ode-stiff: gradient flow θ' = −Aθ of a 10-D quadratic with eigenvalues
 *   log-spaced in [1, 10⁴] (condition number 10⁴) in a rotated basis, on
 *   [0, 10]: explicit dopri5 (reference) against the implicit ros23 with the
 *   exact Jacobian; ratio = implicit time / explicit time.
 */
import { solveIvp } from '../src/ode/index.js';
import type { Rhs } from '../src/ode/index.js';
import type { Bench, BenchRow } from './harness.js';
import { timePerCall } from './harness.js';

const vanDerPol: Rhs = (_t, y, d) => {
  d[0] = y[1]!;
  d[1] = (1 - y[0]! * y[0]!) * y[1]! - y[0]!;
};

const dopri5Bench: Bench = {
  name: 'ode-dopri5',
  description: 'Van der Pol μ = 1, t ∈ [0, 20], dopri5 at rtol = atol = 1e-8',
  run(): BenchRow[] {
    const opts = { method: 'dopri5' as const, rtol: 1e-8, atol: 1e-8 };
    const r = solveIvp(vanDerPol, [0, 20], [2, 0], opts);
    const ref = solveIvp(vanDerPol, [0, 20], [2, 0], { method: 'dop853', rtol: 1e-13, atol: 1e-13 });
    const yEnd = r.y[r.y.length - 1]!;
    const yRef = ref.y[ref.y.length - 1]!;
    const err = Math.max(Math.abs(yEnd[0]! - yRef[0]!), Math.abs(yEnd[1]! - yRef[1]!));
    // Longer warm-up than timePerCall's 100 ms: the solver's loops need a few hundred solves to be optimized.
    for (let i = 0; i < 300; i++) solveIvp(vanDerPol, [0, 20], [2, 0], opts);
    const tSolve = timePerCall(() => {
      solveIvp(vanDerPol, [0, 20], [2, 0], opts);
    });
    // The same number of f calls on the states of the solution, with nothing else.
    const states = r.y;
    const d = new Float64Array(2);
    const tF = timePerCall(() => {
      for (let k = 0; k < r.nfev; k++) vanDerPol(0, states[k % states.length]!, d);
    });
    return [
      { bench: 'ode-dopri5', case: `${r.nfev} bare f calls (reference)`, value: tF * 1e6, unit: 'µs' },
      { bench: 'ode-dopri5', case: 'solveIvp dopri5 (one solve)', value: tSolve * 1e6, unit: 'µs', ratio: tSolve / tF, note: 'overhead over f' },
      { bench: 'ode-dopri5', case: 'f evaluations', value: r.nfev, unit: 'calls' },
      { bench: 'ode-dopri5', case: 'steps accepted / rejected', value: r.accepted, unit: 'steps', note: `${r.rejected} rejected` },
      { bench: 'ode-dopri5', case: 'error at t = 20 vs DOP853 (rtol 1e-13)', value: err, unit: 'abs' },
    ];
  },
};

/** Q = I − 2vvᵀ/‖v‖² (a Householder reflection, orthogonal) for a fixed v. */
function stiffQuadratic(n: number): { A: Float64Array; lambda: Float64Array } {
  const lambda = Float64Array.from({ length: n }, (_, i) => 10 ** ((4 * i) / (n - 1)));
  const v = Float64Array.from({ length: n }, (_, i) => Math.sin(1.3 * i + 0.4) + 0.1 * i);
  const vv = v.reduce((a, x) => a + x * x, 0);
  const Q = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) Q[i * n + j] = (i === j ? 1 : 0) - (2 * v[i]! * v[j]!) / vv;
  // A = Q diag(λ) Qᵀ.
  const A = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let m = 0; m < n; m++) s += Q[i * n + m]! * lambda[m]! * Q[j * n + m]!;
      A[i * n + j] = s;
    }
  }
  return { A, lambda };
}

const stiffBench: Bench = {
  name: 'ode-stiff',
  description: 'gradient flow of a 10-D quadratic, κ = 1e4, t ∈ [0, 10]: dopri5 vs ros23',
  run(): BenchRow[] {
    const n = 10;
    const { A } = stiffQuadratic(n);
    const flow: Rhs = (_t, th, d) => {
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < n; j++) s += A[i * n + j]! * th[j]!;
        d[i] = -s;
      }
    };
    const J = Float64Array.from(A, (a) => -a);
    const jac = (): Float64Array => J;
    const theta0 = new Float64Array(n).fill(1);
    const tol = { rtol: 1e-6, atol: 1e-9 };
    const explicitRun = (): ReturnType<typeof solveIvp> => solveIvp(flow, [0, 10], theta0, { method: 'dopri5', ...tol });
    const implicitRun = (): ReturnType<typeof solveIvp> => solveIvp(flow, [0, 10], theta0, { method: 'ros23', jac, ...tol });
    const ex = explicitRun();
    const im = implicitRun();
    for (let i = 0; i < 30; i++) implicitRun();
    const tEx = timePerCall(() => void explicitRun(), { minSeconds: 1, rounds: 5 });
    const tIm = timePerCall(() => void implicitRun(), { minSeconds: 1, rounds: 5 });
    return [
      { bench: 'ode-stiff', case: 'dopri5 (explicit, reference)', value: tEx * 1e3, unit: 'ms', note: `${ex.accepted} steps, ${ex.nfev} f` },
      {
        bench: 'ode-stiff',
        case: 'ros23 (implicit, exact Jacobian)',
        value: tIm * 1e3,
        unit: 'ms',
        ratio: tIm / tEx,
        note: `${im.accepted} steps, ${im.nfev} f, ${im.nlu} LU`,
      },
      { bench: 'ode-stiff', case: 'dopri5 steps', value: ex.accepted, unit: 'steps' },
      { bench: 'ode-stiff', case: 'ros23 steps', value: im.accepted, unit: 'steps', ratio: im.accepted / ex.accepted },
      { bench: 'ode-stiff', case: 'dopri5 f evaluations', value: ex.nfev, unit: 'calls' },
      { bench: 'ode-stiff', case: 'ros23 f evaluations', value: im.nfev, unit: 'calls', ratio: im.nfev / ex.nfev },
    ];
  },
};

export const benches: Bench[] = [dopri5Bench, stiffBench];
