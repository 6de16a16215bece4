/**
 * Explicit Runge–Kutta methods given by a Butcher tableau (Hairer, Nørsett &
 * Wanner, Solving ODEs I, II.1):
 *
 *   k_1 = f(t, y),   k_s = f(t + c_s h, y + h Σ_{j<s} a_sj k_j),
 *   y_new = y + h Σ_s b_s k_s,
 *
 * and, for embedded pairs, the error estimate h Σ_s e_s k_s, where the sum
 * also runs over k_{S+1} = f(t + h, y_new). That last stage is always
 * computed and becomes k_1 of the next step ("first same as last"), so a
 * method with S stages costs S evaluations per step.
 */
import type { DenseSegment, Stepper, StepperConfig, WritingRhs } from './stepper.js';
import { scaledRmsNorm } from './stepper.js';

export interface ButcherTableau {
  readonly order: number;
  /** Order of the embedded error estimate (0: none). */
  readonly errorOrder: number;
  readonly c: readonly number[];
  /** Strictly lower-triangular rows: a[s] has s entries. */
  readonly a: readonly (readonly number[])[];
  readonly b: readonly number[];
  /** Error weights (S + 1 entries, the last for f(t + h, y_new)). */
  readonly e?: readonly number[];
}

export const EULER: ButcherTableau = { order: 1, errorOrder: 0, c: [0], a: [[]], b: [1] };

/** Explicit midpoint rule (Runge 1895). */
export const MIDPOINT: ButcherTableau = { order: 2, errorOrder: 0, c: [0, 1 / 2], a: [[], [1 / 2]], b: [0, 1] };

/** Heun's method: the explicit trapezoidal rule. */
export const HEUN: ButcherTableau = { order: 2, errorOrder: 0, c: [0, 1], a: [[], [1]], b: [1 / 2, 1 / 2] };

/** The classical fourth-order Runge–Kutta method (Kutta 1901). */
export const RK4: ButcherTableau = {
  order: 4,
  errorOrder: 0,
  c: [0, 1 / 2, 1 / 2, 1],
  a: [[], [1 / 2], [0, 1 / 2], [0, 0, 1]],
  b: [1 / 6, 1 / 3, 1 / 3, 1 / 6],
};

/**
 * Cubic Hermite interpolation on [t0, t1] from the values and slopes at both
 * ends (Hairer I, II.6, eq. 6.7), with θ = (t − t0)/h:
 *   u(θ) = (1−θ) y0 + θ y1 + θ(θ−1)[(1−2θ)(y1−y0) + (θ−1) h f0 + θ h f1].
 * Its error is O(h⁴), enough for methods of order ≤ 3.
 */
class HermiteSegment implements DenseSegment {
  constructor(
    readonly tStart: number,
    readonly tEnd: number,
    private readonly y0: Float64Array,
    private readonly y1: Float64Array,
    private readonly f0: Float64Array,
    private readonly f1: Float64Array,
  ) {}

  evaluate(t: number, out: Float64Array): void {
    const h = this.tEnd - this.tStart;
    const th = (t - this.tStart) / h;
    const { y0, y1, f0, f1 } = this;
    for (let i = 0; i < out.length; i++) {
      const dy = y1[i]! - y0[i]!;
      out[i] =
        (1 - th) * y0[i]! + th * y1[i]! + th * (th - 1) * ((1 - 2 * th) * dy + (th - 1) * h * f0[i]! + th * h * f1[i]!);
    }
  }
}

/** A stepper for any explicit tableau; subclasses refine the error norm and the dense output. */
export class ExplicitRungeKutta implements Stepper {
  readonly errorOrder: number;
  readonly controllerBeta: number;
  t: number;
  readonly y: Float64Array;
  readonly fCurrent: Float64Array;
  protected readonly f: WritingRhs;
  protected readonly n: number;
  protected readonly rtol: number;
  protected readonly atol: Float64Array;
  /** Stages k_1..k_S and k_{S+1} = f(t + h, y_new). */
  protected readonly k: Float64Array[];
  protected readonly stages: number;
  protected readonly yStage: Float64Array;
  protected readonly yNew: Float64Array;
  protected readonly errVec: Float64Array;
  protected tNew = NaN;
  protected tOld = NaN;
  protected readonly yOld: Float64Array;
  protected readonly fOld: Float64Array;

  constructor(
    protected readonly tableau: ButcherTableau,
    cfg: StepperConfig,
    controllerBeta = 0,
  ) {
    const n = cfg.n;
    this.f = cfg.f;
    this.n = n;
    this.rtol = cfg.rtol;
    this.atol = cfg.atol;
    this.errorOrder = tableau.errorOrder;
    this.controllerBeta = controllerBeta;
    this.stages = tableau.b.length;
    this.k = [];
    for (let s = 0; s <= this.stages; s++) this.k.push(new Float64Array(n));
    this.yStage = new Float64Array(n);
    this.yNew = new Float64Array(n);
    this.errVec = new Float64Array(n);
    this.yOld = new Float64Array(n);
    this.fOld = new Float64Array(n);
    this.t = cfg.t0;
    this.y = Float64Array.from(cfg.y0);
    this.fCurrent = new Float64Array(n);
    this.f(this.t, this.y, this.fCurrent);
  }

  /** out = y + h Σ_j coef[j] k_j (zero coefficients skipped). */
  protected combine(out: Float64Array, h: number, coef: readonly number[], count: number): void {
    out.set(this.y);
    for (let j = 0; j < count; j++) {
      const w = coef[j]!;
      if (w === 0) continue;
      const hw = h * w;
      const kj = this.k[j]!;
      for (let i = 0; i < this.n; i++) out[i] = out[i]! + hw * kj[i]!;
    }
  }

  attempt(tNew: number): number {
    const h = tNew - this.t;
    const { c, a, b } = this.tableau;
    const S = this.stages;
    this.k[0]!.set(this.fCurrent);
    for (let s = 1; s < S; s++) {
      this.combine(this.yStage, h, a[s]!, s);
      this.f(this.t + c[s]! * h, this.yStage, this.k[s]!);
    }
    this.combine(this.yNew, h, b, S);
    this.f(tNew, this.yNew, this.k[S]!);
    this.tNew = tNew;
    return this.errorNorm(h);
  }

  /** Scaled RMS norm of h Σ e_s k_s (0 for methods without an estimator). */
  protected errorNorm(h: number): number {
    const e = this.tableau.e;
    if (!e) return 0;
    const err = this.errVec;
    err.fill(0);
    for (let j = 0; j <= this.stages; j++) {
      const w = e[j]!;
      if (w === 0) continue;
      const kj = this.k[j]!;
      for (let i = 0; i < this.n; i++) err[i] = err[i]! + w * kj[i]!;
    }
    for (let i = 0; i < this.n; i++) err[i] = err[i]! * h;
    return scaledRmsNorm(err, this.y, this.yNew, this.rtol, this.atol);
  }

  accept(): void {
    this.tOld = this.t;
    this.yOld.set(this.y);
    this.fOld.set(this.fCurrent);
    this.t = this.tNew;
    this.y.set(this.yNew);
    this.fCurrent.set(this.k[this.stages]!);
  }

  denseSegment(): DenseSegment {
    return new HermiteSegment(
      this.tOld,
      this.t,
      this.yOld.slice(),
      this.y.slice(),
      this.fOld.slice(),
      this.fCurrent.slice(),
    );
  }
}
