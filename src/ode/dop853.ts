/**
 * DOP853: the explicit Runge–Kutta method of order 8 of Dormand & Prince
 * with Hairer's error estimators of orders 5 and 3 (Hairer, Nørsett &
 * Wanner, Solving ODEs I, II.10, and the Fortran code DOP853). Twelve stages
 * plus f(t + h, y_new) (FSAL); three further stages give a continuous
 * extension of order 7. Coefficients as in DOP853.f / scipy's
 * dop853_coefficients.py, written as the nearest doubles of the published
 * 30-digit values (checked by the tests: row sums Σ_j a_ij = c_i and
 * the observed orders 8 of the step and 7/8 of the dense output).
 */
import { ExplicitRungeKutta } from './rungeKutta.js';
import type { ButcherTableau } from './rungeKutta.js';
import type { DenseSegment, StepperConfig } from './stepper.js';

const B: readonly number[] = [
  0.054293734116568765, 0, 0, 0, 0, 4.450312892752409, 1.8915178993145003,
  -5.801203960010585, 0.3111643669578199, -0.1521609496625161,
  0.20136540080403034, 0.04471061572777259,
];

export const DOP853: ButcherTableau = {
  order: 8,
  errorOrder: 7,
  c: [
    0, 0.05260015195876773, 0.0789002279381516, 0.1183503419072274,
    0.2816496580927726, 1 / 3, 0.25, 0.3076923076923077, 0.6512820512820513,
    0.6, 0.8571428571428571, 1,
  ],
  a: [
    [],
    [0.05260015195876773],
    [0.0197250569845379, 0.0591751709536137],
    [0.02958758547680685, 0, 0.08876275643042054],
    [0.2413651341592667, 0, -0.8845494793282861, 0.924834003261792],
    [0.037037037037037035, 0, 0, 0.17082860872947386, 0.12546768756682242],
    [
      3.7109375e-2, 0, 0, 0.17025221101954405, 0.06021653898045596, -1.7578125e-2,
    ],
    [
      0.03709200011850479, 0, 0, 0.17038392571223998, 0.10726203044637328,
      -0.015319437748624402, 0.008273789163814023,
    ],
    [
      0.6241109587160757, 0, 0, -3.3608926294469414, -0.868219346841726,
      27.59209969944671, 20.154067550477894, -43.48988418106996,
    ],
    [
      0.47766253643826434, 0, 0, -2.4881146199716677, -0.590290826836843,
      21.230051448181193, 15.279233632882423, -33.28821096898486,
      -0.020331201708508627,
    ],
    [
      -0.9371424300859873, 0, 0, 5.186372428844064, 1.0914373489967295,
      -8.149787010746927, -18.52006565999696, 22.739487099350505,
      2.4936055526796523, -3.0467644718982196,
    ],
    [
      2.273310147516538, 0, 0, -10.53449546673725, -2.0008720582248625,
      -17.9589318631188, 27.94888452941996, -2.8589982771350235,
      -8.87285693353063, 12.360567175794303, 0.6433927460157636,
    ],
  ],
  b: B,
};

/** 3rd-order error weights (b − b̂₃), 13 entries (the last for f(t + h, y_new)). */
export const DOP853_E3: readonly number[] = [
  B[0]! - 0.2440944881889764, 0, 0, 0, 0, B[5]!, B[6]!, B[7]!, B[8]! - 0.7338466882816118,
  B[9]!, B[10]!, B[11]! - 0.022058823529411766, 0,
];

/** 5th-order error weights, 13 entries. */
export const DOP853_E5: readonly number[] = [
  0.01312004499419488, 0, 0, 0, 0, -1.2251564463762044, -0.4957589496572502,
  1.6643771824549864, -0.35032884874997366, 0.3341791187130175,
  0.08192320648511571, -0.022355307863886294, 0,
];

/** Nodes and rows (over stages 0..14) of the three extra stages of the dense output. */
export const DOP853_C_EXTRA: readonly number[] = [0.1, 0.2, 0.7777777777777778];
export const DOP853_A_EXTRA: readonly (readonly number[])[] = [
  [
    0.056167502283047954, 0, 0, 0, 0, 0, 0.25350021021662483,
    -0.2462390374708025, -0.12419142326381637, 0.15329179827876568,
    0.00820105229563469, 0.007567897660545699, -8.298e-3,
  ],
  [
    0.03183464816350214, 0, 0, 0, 0, 0.028300909672366776, 0.053541988307438566,
    -0.05492374857139099, 0, 0, -0.00010834732869724932, 0.0003825710908356584,
    -0.00034046500868740456, 0.1413124436746325,
  ],
  [
    -0.42889630158379194, 0, 0, 0, 0, -4.697621415361164, 7.683421196062599,
    4.06898981839711, 0.3567271874552811, 0, 0, 0, -0.0013990241651590145,
    2.9475147891527724, -9.15095847217987,
  ],
];

/** Rows 4..7 of the dense-output coefficients (the first three are formed from y, y_new, f, f_new). */
export const DOP853_D: readonly (readonly number[])[] = [
  [
    -8.428938276109013, 0, 0, 0, 0, 0.5667149535193777, -3.0689499459498917,
    2.38466765651207, 2.117034582445028, -0.871391583777973,
    2.2404374302607883, 0.6315787787694688, -0.08899033645133331,
    18.148505520854727, -9.194632392478356, -4.436036387594894,
  ],
  [
    10.427508642579134, 0, 0, 0, 0, 242.28349177525817, 165.20045171727028,
    -374.5467547226902, -22.113666853125306, 7.733432668472264,
    -30.674084731089398, -9.332130526430229, 15.697238121770845,
    -31.139403219565178, -9.35292435884448, 35.81684148639408,
  ],
  [
    19.985053242002433, 0, 0, 0, 0, -387.0373087493518, -189.17813819516758,
    527.8081592054236, -11.57390253995963, 6.8812326946963,
    -1.0006050966910838, 0.7777137798053443, -2.778205752353508,
    -60.19669523126412, 84.32040550667716, 11.99229113618279,
  ],
  [
    -25.69393346270375, 0, 0, 0, 0, -154.18974869023643, -231.5293791760455,
    357.6391179106141, 93.40532418362432, -37.45832313645163,
    104.0996495089623, 29.8402934266605, -43.53345659001114,
    96.32455395918828, -39.17726167561544, -149.72683625798564,
  ],
];

/**
 * Dense output of DOP853 with x = (t − t_old)/h:
 *   y = y_old + x(F0 + (1−x)(F1 + x(F2 + (1−x)(F3 + x(F4 + (1−x)(F5 + x F6)))))).
 */
class Dop853Segment implements DenseSegment {
  constructor(
    readonly tStart: number,
    readonly tEnd: number,
    private readonly yOld: Float64Array,
    /** 7 rows of length n, row-major. */
    private readonly F: Float64Array,
  ) {}

  evaluate(t: number, out: Float64Array): void {
    const x = (t - this.tStart) / (this.tEnd - this.tStart);
    const n = out.length;
    const F = this.F;
    for (let i = 0; i < n; i++) {
      let acc = 0;
      for (let r = 6; r >= 0; r--) {
        acc += F[r * n + i]!;
        acc *= r % 2 === 0 ? x : 1 - x;
      }
      out[i] = this.yOld[i]! + acc;
    }
  }
}

export class Dop853 extends ExplicitRungeKutta {
  private readonly kExtra: Float64Array[];

  /** β = 0: Hairer's DOP853 default is the plain (I) controller. */
  constructor(cfg: StepperConfig, controllerBeta = 0) {
    super(DOP853, cfg, controllerBeta);
    this.kExtra = [new Float64Array(cfg.n), new Float64Array(cfg.n), new Float64Array(cfg.n)];
  }

  /**
   * Hairer's combined estimate: with e₅, e₃ the scaled 5th- and 3rd-order
   * error vectors, err = |h| ‖e₅‖² / √(n(‖e₅‖² + 0.01 ‖e₃‖²)) — it behaves
   * like h⁸ for small h and stays conservative when the e₅ is accidentally small.
   */
  protected override errorNorm(h: number): number {
    let s5 = 0;
    let s3 = 0;
    const n = this.n;
    for (let i = 0; i < n; i++) {
      let e5 = 0;
      let e3 = 0;
      for (let j = 0; j <= this.stages; j++) {
        e5 += DOP853_E5[j]! * this.k[j]![i]!;
        e3 += DOP853_E3[j]! * this.k[j]![i]!;
      }
      const scale = this.atol[i]! + this.rtol * Math.max(Math.abs(this.y[i]!), Math.abs(this.yNew[i]!));
      s5 += (e5 / scale) ** 2;
      s3 += (e3 / scale) ** 2;
    }
    if (s5 === 0 && s3 === 0) return 0;
    return (Math.abs(h) * s5) / Math.sqrt((s5 + 0.01 * s3) * n);
  }

  override denseSegment(): DenseSegment {
    const n = this.n;
    const h = this.t - this.tOld;
    const all = [...this.k, ...this.kExtra];
    // Three extra stages from y_old (the accepted step's stages are still in k).
    for (let e = 0; e < 3; e++) {
      const row = DOP853_A_EXTRA[e]!;
      const ys = this.yStage;
      ys.set(this.yOld);
      for (let j = 0; j < row.length; j++) {
        const w = row[j]!;
        if (w === 0) continue;
        const kj = all[j]!;
        for (let i = 0; i < n; i++) ys[i] = ys[i]! + h * w * kj[i]!;
      }
      this.f(this.tOld + DOP853_C_EXTRA[e]! * h, ys, this.kExtra[e]!);
    }
    const F = new Float64Array(7 * n);
    const fOld = this.k[0]!;
    const fNew = this.k[this.stages]!;
    for (let i = 0; i < n; i++) {
      const dy = this.y[i]! - this.yOld[i]!;
      F[i] = dy;
      F[n + i] = h * fOld[i]! - dy;
      F[2 * n + i] = 2 * dy - h * (fNew[i]! + fOld[i]!);
    }
    for (let r = 0; r < 4; r++) {
      const row = DOP853_D[r]!;
      const off = (3 + r) * n;
      for (let j = 0; j < row.length; j++) {
        const w = row[j]!;
        if (w === 0) continue;
        const kj = all[j]!;
        for (let i = 0; i < n; i++) F[off + i] = F[off + i]! + h * w * kj[i]!;
      }
    }
    return new Dop853Segment(this.tOld, this.t, this.yOld.slice(), F);
  }
}
