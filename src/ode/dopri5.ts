/**
 * Dormand–Prince 5(4) (J. R. Dormand & P. J. Prince, "A family of embedded
 * Runge–Kutta formulae", J. Comput. Appl. Math. 6, 1980): seven stages, the
 * last being f(t + h, y_new) (FSAL), so six evaluations per step. The step is
 * taken with the 5th-order solution (local extrapolation) and the error of
 * the embedded 4th-order one is controlled.
 *
 * Dense output: the 4th-order continuous extension of Shampine ("Some
 * practical Runge–Kutta formulas", Math. Comp. 46, 1986) with the optimal c₆,
 * y(t + θh) = y + h Σ_s k_s Σ_m P[s][m] θ^(m+1) — the same coefficients as
 * scipy's RK45.
 */
import { ExplicitRungeKutta } from './rungeKutta.js';
import type { ButcherTableau } from './rungeKutta.js';
import type { DenseSegment, StepperConfig } from './stepper.js';

export const DOPRI5: ButcherTableau = {
  order: 5,
  errorOrder: 4,
  c: [0, 1 / 5, 3 / 10, 4 / 5, 8 / 9, 1],
  a: [
    [],
    [1 / 5],
    [3 / 40, 9 / 40],
    [44 / 45, -56 / 15, 32 / 9],
    [19372 / 6561, -25360 / 2187, 64448 / 6561, -212 / 729],
    [9017 / 3168, -355 / 33, 46732 / 5247, 49 / 176, -5103 / 18656],
  ],
  b: [35 / 384, 0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84],
  // e = b − b̂ (b̂: the 4th-order weights, including 1/40 on f(t + h, y_new)).
  e: [-71 / 57600, 0, 71 / 16695, -71 / 1920, 17253 / 339200, -22 / 525, 1 / 40],
};

/** Shampine's dense-output matrix: row s, column m multiplies k_s θ^(m+1). */
export const DOPRI5_DENSE: readonly (readonly number[])[] = [
  [1, -8048581381 / 2820520608, 8663915743 / 2820520608, -12715105075 / 11282082432],
  [0, 0, 0, 0],
  [0, 131558114200 / 32700410799, -68118460800 / 10900136933, 87487479700 / 32700410799],
  [0, -1754552775 / 470086768, 14199869525 / 1410260304, -10690763975 / 1880347072],
  [0, 127303824393 / 49829197408, -318862633887 / 49829197408, 701980252875 / 199316789632],
  [0, -282668133 / 205662961, 2019193451 / 616988883, -1453857185 / 822651844],
  [0, 40617522 / 29380423, -110615467 / 29380423, 69997945 / 29380423],
];

/** y(t) = y_old + h Σ_m Q[:, m] θ^(m+1), with Q = Kᵀ P stored row-major (n × degree). */
class PolynomialSegment implements DenseSegment {
  constructor(
    readonly tStart: number,
    readonly tEnd: number,
    private readonly yOld: Float64Array,
    private readonly q: Float64Array,
    private readonly degree: number,
  ) {}

  evaluate(t: number, out: Float64Array): void {
    const h = this.tEnd - this.tStart;
    const th = (t - this.tStart) / h;
    const d = this.degree;
    for (let i = 0; i < out.length; i++) {
      // Horner in θ: θ(q0 + θ(q1 + θ(q2 + θ q3))).
      let acc = 0;
      for (let m = d - 1; m >= 0; m--) acc = (acc + this.q[i * d + m]!) * th;
      out[i] = this.yOld[i]! + h * acc;
    }
  }
}

export class Dopri5 extends ExplicitRungeKutta {
  /** PI controller β = 0.04, the default of Hairer's DOPRI5 code. */
  constructor(cfg: StepperConfig, controllerBeta = 0.04) {
    super(DOPRI5, cfg, controllerBeta);
  }

  override denseSegment(): DenseSegment {
    const n = this.n;
    const d = 4;
    const q = new Float64Array(n * d);
    for (let s = 0; s <= this.stages; s++) {
      const row = DOPRI5_DENSE[s]!;
      const ks = this.k[s]!;
      for (let m = 0; m < d; m++) {
        const p = row[m]!;
        if (p === 0) continue;
        for (let i = 0; i < n; i++) q[i * d + m] = q[i * d + m]! + p * ks[i]!;
      }
    }
    return new PolynomialSegment(this.tOld, this.t, this.yOld.slice(), q, d);
  }
}
