/**
 * The computations behind experiment `stability`: gradient descent as the
 * map θ ↦ θ − η∇L(θ), run across step sizes on three systems.
 *
 *  1. A quadratic L = ½θᵀHθ with a prescribed spectrum (H = Q diag(λ) Qᵀ, Q a
 *     seeded rotation). Here the linearization is exact: each eigen-direction
 *     is multiplied by μ = 1 − ηλ per step (heavy ball: the roots of
 *     μ² − (1 + β − ηλ)μ + β), so the regime of every run is predicted by the
 *     spectrum of the update map's Jacobian: ρ < 1 converges, a negative or
 *     complex dominant μ oscillates, ρ > 1 diverges; η_c = 2(1 + β)/λ_max.
 *  2. The double well L(x) = (x² − 1)²/4 (L''(±1) = 2): past η = 1 the minima
 *     are linearly unstable, yet the orbit stays bounded — period doubling
 *     (η = 1.2: period 2, 1.25: period 4) to chaos (η = 1.5, Lyapunov > 0).
 *  3. A small tanh network regressing T₃: the linear prediction ηλ_max(θ₀) < 2
 *     is checked against what the nonlinear run does (converge, spike and
 *     land flatter — a catapult — or explode), and the exploded run is
 *     handed to `diagnose`.
 */
import { objective, tensor, type Objective, type Tensor } from '../autograd/index.js';
import {
  classifyRegime,
  closedLoopStep,
  detectPeriod,
  diagnose,
  hessianEigen,
  lyapunovExponent,
  runOptimizer,
  stabilityDiagram,
  updateMapJacobian,
  type Regime,
  type StabilityDiagram,
} from '../dynamics/index.js';
import { orthonormalize } from '../linalg/index.js';
import { MLP, mseLoss, regression1d, train } from '../nn/index.js';
import { linearizedPrediction, modeMultipliers, moduleObjective, polyakOptimal, SGD, updateMap } from '../optim/index.js';
import { Rng } from '../tensor/index.js';
import { Cancelled, checked, checkedObjective } from './runner.js';
import type { StudyHooks } from './types.js';
import { fmt } from './format.js';

export interface StabilityStudyConfig {
  spectrum: number[];
  lrCount: number;
  lrMaxFactor: number;
  momentumCount: number;
  momentumMax: number;
  diagramSteps: number;
  curveFactors: number[];
  curveSteps: number;
  wellLrs: number[];
  wellGrid: number;
  wellSteps: number;
  hidden: number;
  points: number;
  degree: number;
  networkFactors: number[];
  networkSteps: number;
}

/** Coarse classes in which the linear prediction and the observed regime are compared. */
export type CoarseClass = 'monotone' | 'oscillating' | 'divergent' | 'other';

export function observedClass(regime: Regime): CoarseClass {
  if (regime === 'converging-monotone') return 'monotone';
  if (regime === 'converging-oscillating') return 'oscillating';
  if (regime === 'diverging' || regime === 'exploding') return 'divergent';
  return 'other';
}

/** The class the linearization predicts; ρ within 1e-9 of 1 is marginal (neither converges nor diverges geometrically). */
export function predictedClass(rho: number, oscillates: boolean): CoarseClass | 'marginal' {
  if (Math.abs(rho - 1) < 1e-9) return 'marginal';
  return rho > 1 ? 'divergent' : oscillates ? 'oscillating' : 'monotone';
}

type Cell = StabilityDiagram['cells'][number];

/** The linearization's call for a cell, or 'marginal' when ρ is 1 within 1e-9. */
export const predictedOf = (cell: Cell): CoarseClass | 'marginal' => predictedClass(cell.predictedSpectralRadius, cell.predictedOscillation);

/** Whether the observed regime of a diagram cell is the one the Jacobian's spectrum predicted. */
export const agrees = (cell: Cell): boolean => observedClass(cell.regime) === predictedOf(cell);

/** How the diagram's observed regimes compare with the linear prediction. */
export interface DiagramComparison {
  /** Cells with ρ ≠ 1 (a marginal cell neither converges nor diverges geometrically: no prediction to compare). */
  comparable: number;
  /** Comparable cells whose observed class is the predicted one. */
  matched: number;
  /** matched / comparable, over all cells and over the β = 0 (plain GD) row. */
  agreement: number;
  agreementGd: number;
  /** Fraction of β rows whose last converging and first diverging η bracket η_c = 2(1 + β)/λ_max. */
  boundaryBracketed: number;
}

function compare(d: StabilityDiagram, momenta: number[], lambdaMax: number): DiagramComparison {
  const comparable = (cells: Cell[]) => cells.filter((cell) => predictedOf(cell) !== 'marginal');
  const all = comparable(d.cells);
  const gd = comparable(d.cells.filter((cell) => cell.momentum === 0));
  let bracketed = 0;
  for (const beta of momenta) {
    const row = d.cells.filter((cell) => cell.momentum === beta);
    const conv = row.filter((cell) => observedClass(cell.regime) === 'monotone' || observedClass(cell.regime) === 'oscillating').map((cell) => cell.lr);
    const div = row.filter((cell) => observedClass(cell.regime) === 'divergent').map((cell) => cell.lr);
    const etaC = (2 * (1 + beta)) / lambdaMax;
    if (conv.length && div.length && Math.max(...conv) <= etaC && etaC <= Math.min(...div)) bracketed++;
  }
  const matched = all.filter(agrees).length;
  return { comparable: all.length, matched, agreement: matched / all.length, agreementGd: gd.filter(agrees).length / gd.length, boundaryBracketed: bracketed / momenta.length };
}

export interface CurveRun {
  lr: number;
  factor: number;
  rho: number;
  loss: number[];
  regime: Regime;
  reason: string;
  growth: number;
}

export interface EigenGroup {
  name: string;
  points: { re: number; im: number }[];
  /** Largest distance from a Jacobian eigenvalue to the nearest closed-form multiplier. */
  error: number;
  rho: number;
}

export interface WellRun {
  lr: number;
  multiplierAtMinimum: number;
  regime: Regime;
  period: number | null;
  lyapunov: number;
}

export interface NetworkRun {
  factor: number;
  lr: number;
  predictedStable: boolean;
  status: string;
  steps: number;
  loss: number[];
  initialLoss: number;
  peakLoss: number;
  finalLoss: number;
  regime: Regime;
  finalSharpness: number;
  outcome: 'converged' | 'catapult' | 'exploded' | 'unsettled';
}

export interface StabilityStudyResult {
  lambdaMax: number;
  lambdaMin: number;
  criticalLr: number;
  diagram: StabilityDiagram;
  comparison: DiagramComparison;
  lrs: number[];
  momenta: number[];
  curves: CurveRun[];
  eigen: EigenGroup[];
  polyak: { lr: number; momentum: number; rate: number };
  wellRuns: WellRun[];
  bifurcation: { lr: number; x: number; period: number | null }[];
  network: {
    parameters: number;
    lambda0: number;
    criticalLr: number;
    runs: NetworkRun[];
    diagnosis: { lr: number; kind: string; message: string; lambdaMaxInitial: number | null; otherKinds: string[] } | null;
  };
}

/** H = Q diag(λ) Qᵀ with Q from orthonormalized Gaussian vectors (exactly symmetric); also returns Q's columns. */
function rotatedSpectrum(lambdas: number[], rng: Rng): { h: Float64Array; q: Float64Array[] } {
  const n = lambdas.length;
  const q = orthonormalize(Array.from({ length: n }, () => rng.fillNormal(new Float64Array(n))));
  const h = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += q[k]![i]! * lambdas[k]! * q[k]![j]!;
      h[i * n + j] = h[j * n + i] = s;
    }
  }
  return { h, q };
}

/** Per-step growth factor of the loss over the run: (ℓ_T/ℓ_0)^{1/T}. */
function growthPerStep(loss: number[]): number {
  const last = loss[loss.length - 1]!;
  return (last / loss[0]!) ** (1 / Math.max(1, loss.length - 1));
}

function eigenGroup(name: string, loss: Objective, theta: Float64Array, lambdas: number[], kind: 'gd' | 'momentum', lr: number, momentum: number): EigenGroup {
  const map = kind === 'gd' ? updateMap('gd', { lr }) : updateMap('momentum', { lr, momentum });
  const jac = updateMapJacobian(map, loss, theta, { directions: 0 });
  const closed = lambdas.flatMap((l) => modeMultipliers(kind, l, { lr, momentum }));
  const points = Array.from(jac.eigenvalues.re, (re, i) => ({ re, im: jac.eigenvalues.im[i]! }));
  let error = 0;
  for (const p of points) error = Math.max(error, Math.min(...closed.map((c) => Math.hypot(c.re - p.re, c.im - p.im))));
  return { name, points, error, rho: jac.spectralRadius };
}

/** GD on the double well, x' = x − ηx(x² − 1), from x₀ = 0.3. */
function wellOrbit(lr: number, steps: number, hooks: StudyHooks) {
  return runOptimizer(checkedObjective(hooks, objective(wellLoss, 1)), Float64Array.of(0.3), { kind: 'gd', lr, steps, topDirection: Float64Array.of(1), keepEvery: 1 });
}

const wellLoss = (x: Tensor): Tensor => x.square().sub(1).square().sum().div(4);

function networkStudy(c: StabilityStudyConfig, seed: number, hooks: StudyHooks, progress: (f: number) => void): StabilityStudyResult['network'] {
  const data = regression1d({ curve: { kind: 'chebyshev', k: c.degree }, n: c.points, grid: true });
  const sizes = [1, c.hidden, 1];
  const fresh = () => new MLP(sizes, { hidden: 'tanh', seed });
  const fl0 = checkedObjective(hooks, moduleObjective(fresh(), data, mseLoss));
  const theta0 = fl0.theta0();
  const lambda0 = hessianEigen(fl0, theta0, { steps: 40, tol: 1e-10 }).values[0]!;
  const criticalLr = 2 / lambda0;
  let diagnosis: StabilityStudyResult['network']['diagnosis'] = null;
  const runs = c.networkFactors.map((factor, i): NetworkRun => {
    const lr = factor * criticalLr;
    const model = fresh();
    const history = train(model, data, { loss: 'mse', optimizer: new SGD(model.parameters(), { lr }), steps: c.networkSteps, recordEvery: 0, callbacks: () => hooks.checkpoint?.() });
    const loss = history.losses;
    const cls = classifyRegime({ loss });
    const fl = checkedObjective(hooks, moduleObjective(model, data, mseLoss));
    const theta = fl.theta0();
    const exploded = history.status === 'diverged' || history.status === 'nonfinite';
    const finalSharpness = exploded ? NaN : hessianEigen(fl, theta, { steps: 40, tol: 1e-8 }).values[0]!;
    const peakLoss = Math.max(...loss.filter(Number.isFinite));
    const converged = cls.regime === 'converging-monotone' || cls.regime === 'converging-oscillating';
    const outcome: NetworkRun['outcome'] = exploded ? 'exploded' : !converged ? 'unsettled' : peakLoss > 1.5 * loss[0]! ? 'catapult' : 'converged';
    if (exploded && diagnosis === null) {
      const d = diagnose(history, model, { lr, data, lossFn: mseLoss, initialParams: theta0 });
      const first = d.findings[0];
      if (first) {
        diagnosis = {
          lr,
          kind: first.kind,
          message: first.message,
          lambdaMaxInitial: d.measurements.lambdaMaxInitial,
          otherKinds: d.findings.slice(1).map((f) => f.kind),
        };
      }
    }
    progress((i + 1) / c.networkFactors.length);
    return {
      factor,
      lr,
      predictedStable: factor < 1,
      status: history.status,
      steps: loss.length,
      loss,
      initialLoss: loss[0]!,
      peakLoss,
      finalLoss: loss[loss.length - 1]!,
      regime: cls.regime,
      finalSharpness,
      outcome,
    };
  });
  return { parameters: fl0.n, lambda0, criticalLr, runs, diagnosis };
}

/**
 * Run the study: the quadratic, the double well and the network, all from `c.seed`. Deterministic: the same
 * config gives the same result. Public as `experiments.stability.study(config)`.
 */
export function study(c: StabilityStudyConfig & { seed: number }, hooks: StudyHooks = {}): StabilityStudyResult {
  const seed = c.seed;
  const rng = new Rng(seed);
  const progress = (f: number, m: string) => hooks.progress?.(f, m);
  const lambdas = [...c.spectrum].sort((a, b) => a - b);
  const n = lambdas.length;
  const lambdaMax = lambdas[n - 1]!;
  const lambdaMin = lambdas[0]!;
  const criticalLr = 2 / lambdaMax;
  const { h: hMat, q } = rotatedSpectrum(lambdas, rng);
  const H = tensor(hMat, { shape: [n, n] });
  // Every loop below (the diagram's runs, the curves, Lanczos) calls this objective: a cancellation check per call.
  const loss = checkedObjective(hooks, objective((th: Tensor): Tensor => th.matmul(H).mul(th).sum().mul(0.5), n));
  // θ₀ = Σ_k q_k: a unit component along every eigen-direction, so each mode is visible in the loss.
  const theta0 = new Float64Array(n);
  for (const v of q) for (let i = 0; i < n; i++) theta0[i] += v[i]!;

  // 1a. The η × β diagram (β = 0 is plain GD), cell centres of a uniform grid.
  const dLr = (c.lrMaxFactor * criticalLr) / c.lrCount;
  const lrs = Array.from({ length: c.lrCount }, (_, i) => (i + 0.5) * dLr);
  const momenta = Array.from({ length: c.momentumCount }, (_, j) => (c.momentumCount === 1 ? 0 : (c.momentumMax * j) / (c.momentumCount - 1)));
  progress(0.02, 'quadratic: η × β stability diagram');
  const diagram = stabilityDiagram({ objective: loss, theta0, kind: 'momentum', lrs, momenta, steps: c.diagramSteps });

  // 1b. Loss curves of plain GD at a few multiples of 2/λ_max.
  progress(0.4, 'quadratic: loss curves');
  const curves = c.curveFactors.map((factor): CurveRun => {
    const lr = factor * criticalLr;
    const pred = linearizedPrediction(lambdas, 'gd', { lr });
    // Updates projected on the dominant mode's eigenvector: GD's loss on a quadratic never rises below 2/λ_max, so oscillation shows only there.
    const run = runOptimizer(loss, theta0, { kind: 'gd', lr, steps: c.curveSteps, topDirection: q[lambdas.indexOf(pred.dominant.lambda)]! });
    const cls = classifyRegime({ loss: run.loss, topProjection: run.topProjection });
    return { lr, factor, rho: pred.spectralRadius, loss: run.loss, regime: cls.regime, reason: cls.reason, growth: growthPerStep(run.loss) };
  });

  // 1c. Eigenvalues of the autograd Jacobian of the update map, against the closed forms.
  const polyak = polyakOptimal(lambdaMin, lambdaMax);
  const unstableBeta = 0.5;
  const eigen = [
    eigenGroup(`GD η = ${fmt(0.5 * criticalLr)}`, loss, theta0, lambdas, 'gd', 0.5 * criticalLr, 0),
    eigenGroup(`GD η = ${fmt(1.05 * criticalLr)}`, loss, theta0, lambdas, 'gd', 1.05 * criticalLr, 0),
    eigenGroup(`heavy ball, Polyak η = ${fmt(polyak.lr)}, β = ${fmt(polyak.momentum)}`, loss, theta0, lambdas, 'momentum', polyak.lr, polyak.momentum),
    eigenGroup(`heavy ball η = ${fmt(1.1 * criticalLr * (1 + unstableBeta))}, β = ${unstableBeta}`, loss, theta0, lambdas, 'momentum', 1.1 * criticalLr * (1 + unstableBeta), unstableBeta),
  ];

  // 2. Double well: regimes at chosen step sizes, and the attractor over an η grid.
  progress(0.5, 'double well: period doubling');
  const wellRuns = c.wellLrs.map((lr): WellRun => {
    const orbit = wellOrbit(lr, c.wellSteps, hooks);
    const F = checked(hooks, closedLoopStep(updateMap('gd', { lr }), objective(wellLoss, 1), 2));
    let lyap = NaN;
    if (orbit.status === 'completed') {
      try {
        lyap = lyapunovExponent(F, Float64Array.of(0.3), { steps: c.wellSteps, burnIn: 200 }).exponent;
      } catch (e) {
        if (e instanceof Cancelled) throw e;
        lyap = NaN; // the orbit escaped to infinity during the longer tangent run: no exponent
      }
    }
    // Classify up to where the orbit has reached its fixed point to machine precision (afterwards the updates are exactly 0 and carry no sign).
    let end = orbit.loss.findIndex((l) => l < 1e-26);
    end = end < 0 ? orbit.loss.length : Math.max(end, 20);
    const cls = classifyRegime({ loss: orbit.loss.slice(0, end), topProjection: orbit.topProjection.slice(0, end), lyapunov: Number.isFinite(lyap) ? lyap : undefined });
    return { lr, multiplierAtMinimum: 1 - 2 * lr, regime: cls.regime, period: cls.evidence.period, lyapunov: lyap };
  });
  const bifurcation: StabilityStudyResult['bifurcation'] = [];
  const wellLo = 0.2;
  const wellHi = Math.max(...c.wellLrs, 1.6);
  for (let k = 0; k < c.wellGrid; k++) {
    hooks.checkpoint?.();
    const lr = wellLo + ((wellHi - wellLo) * k) / Math.max(1, c.wellGrid - 1);
    const orbit = wellOrbit(lr, c.wellSteps, hooks);
    if (orbit.status !== 'completed') continue;
    const xs = orbit.thetas.map((s) => s.theta[0]!);
    const tail = xs.slice(-64);
    const period = detectPeriod(tail, 0, 16, 1e-6);
    const shown = period === null ? tail : tail.slice(0, period);
    for (const x of shown) bifurcation.push({ lr, x, period });
  }

  // 3. The network.
  progress(0.6, 'network: step-size sweep');
  const network = networkStudy(c, seed, hooks, (f) => progress(0.6 + 0.38 * f, 'network: step-size sweep'));
  return { lambdaMax, lambdaMin, criticalLr, diagram, comparison: compare(diagram, momenta, lambdaMax), lrs, momenta, curves, eigen, polyak, wellRuns, bifurcation, network };
}
