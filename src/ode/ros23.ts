/**
 * 'ros23': the linearly implicit Rosenbrock (W-) method of Shampine &
 * Reichelt behind MATLAB's ode23s ("The MATLAB ODE Suite", SIAM J. Sci.
 * Comput. 18, 1997, §3). With J ≈ ∂f/∂y, T ≈ ∂f/∂t at (t, y),
 * d = 1/(2 + √2), e₃₂ = 6 + √2 and W = I − h d J:
 *
 *   F₀ = f(t, y)                    k₁ = W⁻¹(F₀ + h d T)
 *   F₁ = f(t + h/2, y + h k₁/2)     k₂ = W⁻¹(F₁ − k₁) + k₁
 *   y_new = y + h k₂                F₂ = f(t + h, y_new)
 *   k₃ = W⁻¹(F₂ − e₃₂(k₂ − F₁) − 2(k₁ − F₀) + h d T)
 *   error ≈ h/6 (k₁ − 2k₂ + k₃).
 *
 * y_new is second order and L-stable (so stiff transients are damped, not
 * followed); the estimate is the difference to a third-order solution. Each
 * step costs one LU factorization, three solves, two f evaluations (F₂ is
 * reused as the next F₀), one for the finite-difference T, and a Jacobian.
 * Dense output (same paper): y(t + sh) = y + h[s(1−s) k₁ + s(s−2d) k₂]/(1−2d).
 */
import { lu, luSolve } from './lu.js';
import type { DenseSegment, OdeCounters, Stepper, StepperConfig, WritingRhs } from './stepper.js';
import { NonFiniteRhsError, scaledRmsNorm } from './stepper.js';
import type { Jacobian } from './types.js';

const D = 1 / (2 + Math.SQRT2);
const E32 = 6 + Math.SQRT2;
const SQRT_EPS = Math.sqrt(Number.EPSILON);

class Ros23Segment implements DenseSegment {
  constructor(
    readonly tStart: number,
    readonly tEnd: number,
    private readonly yOld: Float64Array,
    private readonly k1: Float64Array,
    private readonly k2: Float64Array,
  ) {}

  evaluate(t: number, out: Float64Array): void {
    const h = this.tEnd - this.tStart;
    const s = (t - this.tStart) / h;
    const w1 = (h * s * (1 - s)) / (1 - 2 * D);
    const w2 = (h * s * (s - 2 * D)) / (1 - 2 * D);
    for (let i = 0; i < out.length; i++) out[i] = this.yOld[i]! + w1 * this.k1[i]! + w2 * this.k2[i]!;
  }
}

export class Ros23 implements Stepper {
  readonly errorOrder = 2;
  readonly controllerBeta = 0;
  t: number;
  readonly y: Float64Array;
  readonly fCurrent: Float64Array;
  private readonly f: WritingRhs;
  private readonly jac: Jacobian | undefined;
  private readonly n: number;
  private readonly rtol: number;
  private readonly atol: Float64Array;
  private readonly counters: OdeCounters;
  private readonly J: Float64Array;
  private readonly W: Float64Array;
  private readonly piv: Int32Array;
  private readonly dfdt: Float64Array;
  private readonly k1: Float64Array;
  private readonly k2: Float64Array;
  private readonly k3: Float64Array;
  private readonly f1: Float64Array;
  private readonly f2: Float64Array;
  private readonly yStage: Float64Array;
  private readonly yNew: Float64Array;
  private readonly err: Float64Array;
  private readonly yOld: Float64Array;
  /** J and T belong to the current point (they are kept across rejected attempts). */
  private derivativesFresh = false;
  private tNew = NaN;
  private tOld = NaN;

  constructor(cfg: StepperConfig) {
    const n = cfg.n;
    this.f = cfg.f;
    this.jac = cfg.jac;
    this.n = n;
    this.rtol = cfg.rtol;
    this.atol = cfg.atol;
    this.counters = cfg.counters;
    this.J = new Float64Array(n * n);
    this.W = new Float64Array(n * n);
    this.piv = new Int32Array(n);
    this.dfdt = new Float64Array(n);
    this.k1 = new Float64Array(n);
    this.k2 = new Float64Array(n);
    this.k3 = new Float64Array(n);
    this.f1 = new Float64Array(n);
    this.f2 = new Float64Array(n);
    this.yStage = new Float64Array(n);
    this.yNew = new Float64Array(n);
    this.err = new Float64Array(n);
    this.yOld = new Float64Array(n);
    this.t = cfg.t0;
    this.y = Float64Array.from(cfg.y0);
    this.fCurrent = new Float64Array(n);
    this.f(this.t, this.y, this.fCurrent);
  }

  /** J = ∂f/∂y at the current point: the user's jac, or forward differences. */
  private computeJacobian(): void {
    const { n, t, y, J } = this;
    this.counters.njev++;
    if (this.jac) {
      const user = this.jac(t, y);
      if (!(user instanceof Float64Array) || user.length !== n * n) {
        const got = user instanceof Float64Array ? `${user.length} entries` : typeof user;
        throw new Error(`solveIvp: jac(t, y) must return a Float64Array of n·n = ${n * n} entries (row-major), got ${got}`);
      }
      for (let i = 0; i < n * n; i++) {
        if (!Number.isFinite(user[i]!)) throw new NonFiniteRhsError(t, i, user[i]!, 'jac');
      }
      J.set(user);
      return;
    }
    // Column j: (f(t, y + δ e_j) − f(t, y))/δ with δ = √ε·max(|y_j|, atol_j/rtol),
    // which balances truncation O(δ) against cancellation O(ε/δ); δ is
    // rounded so that y_j + δ is exact.
    const yp = this.yStage;
    const fp = this.f1;
    yp.set(y);
    for (let j = 0; j < n; j++) {
      const yj = y[j]!;
      let delta = SQRT_EPS * Math.max(Math.abs(yj), this.atol[j]! / this.rtol);
      if (delta === 0) delta = SQRT_EPS;
      yp[j] = yj + delta;
      delta = yp[j]! - yj;
      this.f(t, yp, fp);
      for (let i = 0; i < n; i++) J[i * n + j] = (fp[i]! - this.fCurrent[i]!) / delta;
      yp[j] = yj;
    }
  }

  /** T = ∂f/∂t by a forward difference of size √ε·max(|t|, |t + h|) (as ode23s). */
  private computeTimeDerivative(h: number): void {
    const { t } = this;
    const dir = h >= 0 ? 1 : -1;
    const tdel = t + dir * Math.min(SQRT_EPS * Math.max(Math.abs(t), Math.abs(t + h)), Math.abs(h)) - t;
    if (tdel === 0) {
      // h below the resolution of t: no usable difference, and no time to vary over.
      this.dfdt.fill(0);
      return;
    }
    this.f(t + tdel, this.y, this.f1);
    for (let i = 0; i < this.n; i++) this.dfdt[i] = (this.f1[i]! - this.fCurrent[i]!) / tdel;
  }

  attempt(tNew: number): number {
    const { n, y, J, W, piv, k1, k2, k3, f1, f2, fCurrent: f0, dfdt } = this;
    const h = tNew - this.t;
    if (!this.derivativesFresh) {
      this.computeJacobian();
      this.computeTimeDerivative(h);
      this.derivativesFresh = true;
    }
    const hd = h * D;
    for (let i = 0; i < n * n; i++) W[i] = -hd * J[i]!;
    for (let i = 0; i < n; i++) W[i * n + i] = W[i * n + i]! + 1;
    this.counters.nlu++;
    this.tNew = tNew;
    // A singular W: report an infinite error so that the driver shrinks h.
    if (!lu(W, n, piv)) return Infinity;

    for (let i = 0; i < n; i++) k1[i] = f0[i]! + hd * dfdt[i]!;
    luSolve(W, n, piv, k1);

    for (let i = 0; i < n; i++) this.yStage[i] = y[i]! + 0.5 * h * k1[i]!;
    this.f(this.t + 0.5 * h, this.yStage, f1);
    for (let i = 0; i < n; i++) k2[i] = f1[i]! - k1[i]!;
    luSolve(W, n, piv, k2);
    for (let i = 0; i < n; i++) k2[i] = k2[i]! + k1[i]!;

    for (let i = 0; i < n; i++) this.yNew[i] = y[i]! + h * k2[i]!;
    this.f(tNew, this.yNew, f2);
    for (let i = 0; i < n; i++) {
      k3[i] = f2[i]! - E32 * (k2[i]! - f1[i]!) - 2 * (k1[i]! - f0[i]!) + hd * dfdt[i]!;
    }
    luSolve(W, n, piv, k3);

    for (let i = 0; i < n; i++) this.err[i] = (h / 6) * (k1[i]! - 2 * k2[i]! + k3[i]!);
    return scaledRmsNorm(this.err, y, this.yNew, this.rtol, this.atol);
  }

  accept(): void {
    this.tOld = this.t;
    this.yOld.set(this.y);
    this.t = this.tNew;
    this.y.set(this.yNew);
    this.fCurrent.set(this.f2);
    this.derivativesFresh = false;
  }

  denseSegment(): DenseSegment {
    return new Ros23Segment(
      this.tOld,
      this.t,
      this.yOld.slice(),
      this.k1.slice(),
      this.k2.slice(),
    );
  }
}
