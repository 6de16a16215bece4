/**
 * Experiment `optimizer-geometry`: how the geometry of a loss and the
 * update rule of an optimizer together shape the path it takes.
 *
 * GD, heavy ball, Nesterov, RMSprop and Adam (src/optim, through
 * src/landscape's runOptimizers) side by side on a rotated ill-conditioned
 * quadratic (a ravine) and on Rosenbrock's valley; measured contraction
 * factors on quadratics against their closed forms over a κ sweep; escape
 * times from strict saddles against log(r/δ₀)/(η|λ₋|) and from the monkey
 * saddle's flat centre; and basins of attraction on Himmelblau at two step
 * sizes, where minima with λ_max > 2/η stop attracting anything.
 * The measurements live in optimizerGeometryStudy.ts, the figures in
 * optimizerGeometryFigures.ts.
 */
import { z } from 'zod';
import { figures } from './optimizerGeometryFigures.js';
import { OPTIMIZER_KEYS, study, type OptimizerGeometryStudyResult } from './optimizerGeometryStudy.js';
import type { Experiment, ExperimentContext, ExperimentOutput, SeriesRow } from './types.js';
import { fmt } from './format.js';

const schema = z.object({
  ravineKappa: z.number().min(2).max(1000).default(50).describe('condition number κ = λ_max/λ_min of the ravine (a rotated quadratic)'),
  ravineAngle: z.number().min(-1.57).max(1.57).default(0.5236).describe('angle (rad) of the ravine’s floor from the x axis; diagonal preconditioners (RMSprop, Adam) only see axis-aligned ravines'),
  ravineSteps: z.number().int().min(10).max(5000).default(150).describe('optimizer steps on the ravine'),
  gdStepFactor: z.number().min(0.1).max(1.99).default(1.8).describe('GD’s step on the ravine as a multiple of 1/λ_max (≥ 1 zigzags across the floor, < 2 is stable)'),
  momentum: z.number().min(0).max(0.99).default(0.9).describe('β of heavy ball and Nesterov on Rosenbrock, and of heavy ball at the saddles'),
  adaptiveLr: z.number().min(1e-4).max(0.5).default(0.02).describe('learning rate of RMSprop and Adam on the ravine, on Rosenbrock and at the saddles'),
  rosenbrockLr: z.number().min(1e-5).max(4e-3).default(1e-3).describe('learning rate of GD, heavy ball and Nesterov on Rosenbrock (curvature up to ~2000 along the valley walls)'),
  rosenbrockSteps: z.number().int().min(10).max(50_000).default(3000).describe('optimizer steps on Rosenbrock from (−1.2, 1)'),
  kappas: z.array(z.number().min(2).max(1e5)).min(1).max(10).default([10, 100, 1000]).describe('condition numbers of the rate sweep'),
  rateMaxSteps: z.number().int().min(100).max(100_000).default(3000).describe('step cap of a rate measurement (runs stop when the predicted error reaches 1e-100)'),
  saddleCurvatures: z.array(z.number().min(0.01).max(10)).min(1).max(12).default([0.1, 0.2, 0.5, 1, 2]).describe('|λ₋| of the quadratic saddles ½x² + ½λ₋y² of the escape sweep'),
  saddleLr: z.number().min(1e-3).max(0.5).default(0.05).describe('step size η of GD and heavy ball at the saddles (η|λ₋| < 1 keeps log(1 + η|λ₋|) ≈ η|λ₋|)'),
  saddlePerturbation: z.number().min(1e-12).max(0.1).default(1e-3).describe('scale σ of the random initial offset δ₀ = σ·ξ, ξ ~ N(0, 1), off the stable manifold y = 0'),
  plateauDelta: z.number().min(1e-4).max(0.5).default(0.02).describe('distance δ₀ of the start (−δ₀, 0) from the monkey saddle’s degenerate centre'),
  basinLrs: z.array(z.number().min(1e-4).max(0.05)).min(1).max(4).default([0.01, 0.02]).describe('GD step sizes of the Himmelblau basin maps (the map of the largest is drawn)'),
  basinGrid: z.number().int().min(5).max(201).default(61).describe('starts per axis of a basin map over [−5, 5]²'),
  basinSteps: z.number().int().min(10).max(5000).default(400).describe('GD steps per start of a basin map'),
  contourResolution: z.number().int().min(21).max(301).default(101).describe('samples per axis of the contour plots'),
});

export type OptimizerGeometryConfig = z.infer<typeof schema>;

/** Every k-th point (and the last), at most ~maxPoints of them. */
function thin<T>(items: readonly T[], maxPoints: number): { item: T; index: number }[] {
  const every = Math.max(1, Math.ceil(items.length / maxPoints));
  const out: { item: T; index: number }[] = [];
  items.forEach((item, index) => {
    if (index % every === 0 || index === items.length - 1) out.push({ item, index });
  });
  return out;
}

function metricsOf(r: OptimizerGeometryStudyResult): Record<string, number> {
  const c = r.config;
  const { rates, escapes, plateau, basins: maps, basinLrs: lrs } = r;
  const metrics: Record<string, number> = { ravineKappa: c.ravineKappa, saddleDelta0: Math.abs(r.delta0) };
  for (const row of rates) {
    const key = `${row.method === 'GD' ? 'gd' : row.method === 'heavy ball' ? 'heavyBall' : 'nesterov'}Kappa${row.kappa}`;
    metrics[`${key}Measured`] = row.measured;
    metrics[`${key}Theory`] = row.theory;
  }
  metrics.maxRateRelativeError = Math.max(...rates.map((row) => Math.abs(row.relativeError)));
  r.ravine.rows.forEach((row, i) => {
    metrics[`ravineOscillations_${OPTIMIZER_KEYS[i]}`] = row.oscillations;
    metrics[`ravineDistance_${OPTIMIZER_KEYS[i]}`] = row.finalDistance;
  });
  metrics.ravineDistanceAligned_rmsprop = r.ravine.alignedDistance[0]!;
  metrics.ravineDistanceAligned_adam = r.ravine.alignedDistance[1]!;
  r.rosenbrock.forEach((run, i) => {
    metrics[`rosenbrockFinalLoss_${OPTIMIZER_KEYS[i]}`] = run.losses.at(-1)!;
    metrics[`rosenbrockStepsToTol_${OPTIMIZER_KEYS[i]}`] = run.stepsToTolerance ?? -1;
  });
  const gdEscapes = escapes.filter((e) => e.optimizer === 'GD');
  metrics.gdEscapeMaxStepError = Math.max(...gdEscapes.map((e) => Math.abs(e.measured - e.theory)));
  metrics.gdEscapeMaxApproxRelativeError = Math.max(...gdEscapes.map((e) => Math.abs(e.measured / e.approx - 1)));
  plateau.forEach((p, i) => (metrics[`plateauExit_${['gd', 'heavyBall', 'adam'][i]}`] = p.measured));
  metrics.plateauTheoryGd = plateau[0]!.theory;
  maps.forEach((m, i) => {
    metrics[`basinsReachedMinima_lr${lrs[i]}`] = m.counts.minima.filter((n) => n > 0).length;
    metrics[`basinsNotConvergedFraction_lr${lrs[i]}`] = m.counts.notConverged / m.labels.length;
  });
  return metrics;
}

function seriesOf(r: OptimizerGeometryStudyResult): Record<string, SeriesRow[]> {
  const { rates, escapes, plateau, basins: maps, basinLrs: lrs, curvature } = r;
  const himmelMinima = maps[0]!.minima;
  const trajectories: SeriesRow[] = [];
  for (const [surface, runs] of [['ravine', r.ravine.runs], ['rosenbrock', r.rosenbrock]] as const) {
    for (const run of runs) for (const { item: p, index } of thin(run.path, 400)) trajectories.push({ surface, optimizer: run.name, step: index, x: p[0], y: p[1], loss: run.losses[index]! });
  }
  const basins: SeriesRow[] = maps.flatMap((m, i) => [
    ...himmelMinima.map((p, k) => ({ lr: lrs[i]!, outcome: `minimum (${fmt(p.x)}, ${fmt(p.y)})`, lambdaMax: curvature[k]!, stable: curvature[k]! < 2 / lrs[i]! ? 'yes' : 'no', starts: m.counts.minima[k]! })),
    { lr: lrs[i]!, outcome: 'not converged', lambdaMax: NaN, stable: '', starts: m.counts.notConverged },
    { lr: lrs[i]!, outcome: 'diverged', lambdaMax: NaN, stable: '', starts: m.counts.diverged },
  ]).map((row) => ({ ...row, lambdaMax: Number.isFinite(row.lambdaMax) ? row.lambdaMax : 'NaN' }));
  const numberOrNaN = (x: number) => (Number.isFinite(x) ? x : 'NaN');
  return {
    rates: rates.map((row) => ({ ...row })),
    ravine: r.ravine.rows.map((row) => ({ ...row })),
    rosenbrock: r.rosenbrock.map((run) => ({ optimizer: run.name, finalLoss: run.losses.at(-1)!, stepsToTolerance: run.stepsToTolerance ?? -1, finalX: run.path.at(-1)![0], finalY: run.path.at(-1)![1] })),
    trajectories,
    saddleEscape: escapes.map((e) => ({ ...e, approx: numberOrNaN(e.approx) })),
    plateau: plateau.map((p) => ({ ...p, theory: numberOrNaN(p.theory) })),
    basins,
  };
}

/** Sentences written from the study's numbers and metrics. */
function findingsOf(r: OptimizerGeometryStudyResult, metrics: Record<string, number>): string[] {
  const c = r.config;
  const { rates, escapes, plateau, basins: maps, basinLrs: lrs, curvature, delta0 } = r;
  const ravine = r.ravine.rows;
  const alignedDistance = r.ravine.alignedDistance;
  const rosenRuns = r.rosenbrock;
  const gdEscapes = escapes.filter((e) => e.optimizer === 'GD');
  const rateAt = (kappa: number, method: string) => rates.find((r) => r.kappa === kappa && r.method === method)!;
  const kMid = c.kappas.includes(100) ? 100 : c.kappas[Math.floor(c.kappas.length / 2)]!;
  const [gdR, hbR, nvR] = ['GD', 'heavy ball', 'Nesterov'].map((m) => rateAt(kMid, m));
  const kMax = Math.max(...c.kappas);
  const kMin = Math.min(...c.kappas);
  const findings: string[] = [];
  findings.push(
    `At κ = ${kMid}, heavy ball with Polyak's parameters contracts by ${hbR!.measured.toFixed(4)} per step (theory ${hbR!.theory.toFixed(4)}), Nesterov by ${nvR!.measured.toFixed(4)} (theory ${nvR!.theory.toFixed(4)}), GD at η = 2/(μ + L) by ${gdR!.measured.toFixed(4)} (theory ${gdR!.theory.toFixed(4)}); over κ = ${c.kappas.join(', ')} the largest deviation from the closed forms is ${fmt(100 * metrics.maxRateRelativeError!, 2)} %` +
      (kMax > kMin ? `, and from κ = ${kMin} to ${kMax} GD's 1 − r shrinks ${fmt((1 - rateAt(kMin, 'GD').measured) / (1 - rateAt(kMax, 'GD').measured))}× against ${fmt((1 - rateAt(kMin, 'heavy ball').measured) / (1 - rateAt(kMax, 'heavy ball').measured))}× for heavy ball (κ vs √κ).` : '.'),
  );
  const [gdRav, hbRav, , rmsRav, adamRav] = ravine;
  findings.push(
    `In the κ = ${c.ravineKappa} ravine, GD at η = ${fmt(c.gdStepFactor)}/λ_max crossed the floor ${gdRav!.oscillations} times in ${c.ravineSteps} steps and still had ${fmt(100 * gdRav!.alongRemaining, 2)} % of the way along it to go; Polyak's heavy ball crossed ${hbRav!.oscillations} times but ended ${fmt(hbRav!.finalDistance, 2)} of the initial distance away. ` +
      `Rotating the ravine by ${fmt(c.ravineAngle, 2)} rad costs the diagonal preconditioners: Adam ends at ${fmt(adamRav!.finalDistance, 2)} of the initial distance against ${fmt(alignedDistance[1]!, 2)} on the axis-aligned ravine, RMSprop at ${fmt(rmsRav!.finalDistance, 2)} against ${fmt(alignedDistance[0]!, 2)}.`,
  );
  const rosenList = rosenRuns.map((r) => `${r.name.split(' η')[0]!.split(' β')[0]} ${r.stepsToTolerance === null ? `not there after ${c.rosenbrockSteps} (f = ${fmt(r.losses.at(-1)!, 2)})` : `${r.stepsToTolerance} steps`}`);
  findings.push(`On Rosenbrock from (−1.2, 1), steps to f ≤ 1e-6: ${rosenList.join('; ')}.`);
  const gdLo = gdEscapes[0]!;
  const gdHi = gdEscapes.at(-1)!;
  const hbEsc = escapes.filter((e) => e.optimizer.startsWith('heavy'));
  const adamEsc = escapes.filter((e) => e.optimizer === 'Adam').map((e) => e.measured);
  findings.push(
    `From a random offset δ₀ = ${fmt(Math.abs(delta0), 3)} off a strict saddle, GD (η = ${c.saddleLr}) escaped to |y| = 1 after ${gdLo.measured} steps at |λ₋| = ${fmt(-gdLo.lambdaNeg)} and ${gdHi.measured} at |λ₋| = ${fmt(-gdHi.lambdaNeg)} — the exact count ⌈log(1/δ₀)/log(1 + η|λ₋|)⌉ ${metrics.gdEscapeMaxStepError === 0 ? 'exactly' : `to within ${metrics.gdEscapeMaxStepError} steps`}, and log(1/δ₀)/(η|λ₋|) to within ${fmt(100 * metrics.gdEscapeMaxApproxRelativeError!, 2)} %; ` +
      `heavy ball took ${hbEsc.map((e) => e.measured).join(', ')} steps (predicted ${hbEsc.map((e) => fmt(e.theory)).join(', ')}), and Adam ${Math.min(...adamEsc) === Math.max(...adamEsc) ? Math.min(...adamEsc) : `${Math.min(...adamEsc)}–${Math.max(...adamEsc)}`} at every curvature (its step is ≈ η whatever the gradient's size).`,
  );
  findings.push(
    `The monkey saddle's flat centre is a plateau, not a saddle: from δ₀ = ${c.plateauDelta} GD needed ${plateau[0]!.measured} steps to reach radius 1 (flow estimate (1/δ₀ − 1)/(3η) = ${fmt(plateau[0]!.theory)}, growing like 1/δ₀ rather than log(1/δ₀)), heavy ball ${plateau[1]!.measured} and Adam ${plateau[2]!.measured}.`,
  );
  const unstable = (lr: number) => curvature.filter((l) => l >= 2 / lr).length;
  const mapText = maps.map((m, i) => `η = ${lrs[i]}: ${m.counts.minima.filter((n) => n > 0).length} of 4 minima reached, ${fmt((100 * m.counts.notConverged) / m.labels.length, 2)} % of starts not converged (${unstable(lrs[i]!)} minima with λ_max ≥ 2/η = ${fmt(2 / lrs[i]!)})`);
  findings.push(`Himmelblau's minima have λ_max = ${curvature.map((l) => fmt(l)).join(', ')}; basin maps over ${c.basinGrid}² starts — ${mapText.join('; ')}: a minimum sharper than 2/η attracts no start, GD bounces around it instead.`);

  return findings;
}

function run(c: OptimizerGeometryConfig, ctx: ExperimentContext): ExperimentOutput<OptimizerGeometryConfig> {
  const r = study({ ...c, seed: ctx.seed }, ctx);
  const metrics = metricsOf(r);
  const lrs = r.basinLrs;
  return {
    metrics,
    series: seriesOf(r),
    figures: figures(r, c.contourResolution),
    findings: findingsOf(r, metrics),
    sections: {
      setup:
        `Optimizers from src/optim run on 2-D surfaces with exact autodiff gradients. Ravine: $\\tfrac12\\theta^\\top H\\theta$ with spectrum $[1, ${c.ravineKappa}]$, floor at ${fmt(c.ravineAngle, 2)} rad, ${c.ravineSteps} steps of GD ($\\eta = ${fmt(c.gdStepFactor)}/\\lambda_{\\max}$), Polyak-tuned heavy ball, Nesterov ($\\eta = 1/L$), RMSprop and Adam ($\\eta = ${fmt(c.adaptiveLr)}$). Rosenbrock from $(-1.2, 1)$ for ${c.rosenbrockSteps} steps ($\\eta = ${fmt(c.rosenbrockLr)}$, $\\beta = ${c.momentum}$). ` +
        `Rates: tuned GD, heavy ball and Nesterov on bowls with $\\kappa \\in \\{${c.kappas.join(', ')}\\}$, measured as $(e_T/e_{T/2})^{2/T}$. Saddles: $\\tfrac12 x^2 - \\tfrac12|\\lambda_-|y^2$ from $(1, \\delta_0)$, $\\delta_0 = \\sigma\\xi$ with $\\sigma = ${fmt(c.saddlePerturbation)}$ (seeded), escape at $|y| \\ge 1$; monkey saddle $x^3 - 3xy^2$ from $(-${c.plateauDelta}, 0)$. Basins: GD with $\\eta \\in \\{${lrs.join(', ')}\\}$ from ${c.basinGrid}² starts on $[-5, 5]^2$, ${c.basinSteps} steps.`,
      math: [
        'e_{t+1} = (1 - \\eta\\lambda)\\,e_t \\;\\Rightarrow\\; r_{\\mathrm{GD}} = \\max_{\\lambda\\in[\\mu, L]}|1 - \\eta\\lambda| = \\frac{\\kappa - 1}{\\kappa + 1} \\text{ at } \\eta = \\frac{2}{\\mu + L}',
        'e_{t+1} = (1 + \\beta - \\eta\\lambda)\\,e_t - \\beta\\,e_{t-1}, \\quad \\eta = \\frac{4}{(\\sqrt L + \\sqrt\\mu)^2},\\ \\beta = \\Big(\\frac{\\sqrt\\kappa - 1}{\\sqrt\\kappa + 1}\\Big)^2 \\;\\Rightarrow\\; r_{\\mathrm{HB}} = \\frac{\\sqrt\\kappa - 1}{\\sqrt\\kappa + 1}',
        'r_{\\mathrm{Nesterov}} = 1 - \\frac{1}{\\sqrt\\kappa} \\quad (\\eta = 1/L,\\ \\beta = \\tfrac{\\sqrt\\kappa - 1}{\\sqrt\\kappa + 1})',
        '\\delta_t = (1 + \\eta|\\lambda_-|)^t\\,\\delta_0 \\;\\Rightarrow\\; T_{\\mathrm{escape}} = \\Big\\lceil \\frac{\\log(r/\\delta_0)}{\\log(1 + \\eta|\\lambda_-|)} \\Big\\rceil \\approx \\frac{\\log(r/\\delta_0)}{\\eta|\\lambda_-|}',
        'f = x^3 - 3xy^2,\\ y = 0:\\quad u_{t+1} = u_t + 3\\eta u_t^2 \\;\\approx\\; \\dot u = 3\\eta u^2 \\;\\Rightarrow\\; T_{\\mathrm{plateau}} \\approx \\frac{1}{3\\eta}\\Big(\\frac{1}{\\delta_0} - \\frac{1}{r}\\Big)',
        '\\theta^* \\text{ attracts GD only if } |1 - \\eta\\lambda_i(\\nabla^2 f(\\theta^*))| < 1 \\;\\Longleftrightarrow\\; \\lambda_{\\max} < \\frac{2}{\\eta}',
      ],
      teaches:
        'Speed is set by conditioning: GD’s contraction is governed by κ, momentum’s by √κ, exactly as the closed forms say — momentum buys its speed by oscillating. Diagonal preconditioners (RMSprop, Adam) fix ill-conditioning only when it is axis-aligned. Saddles are not traps for gradient descent — a tiny offset grows geometrically, so escape costs only log(1/δ₀)/(η|λ₋|) — but degenerate flat regions are: there the gradient vanishes polynomially and escape time grows like 1/δ₀. Finally the step size selects the destination: minima sharper than 2/η are linearly unstable and disappear from the map.',
      connection:
        'The same linear-stability arguments govern discrete-time controllers and learning rules in robots (a gain above 2/λ oscillates and diverges) and are used to explain why neural circuits and deep networks settle in flat, robust solutions; escape from saddles and plateaus is a model for the sudden drops seen in learning curves of animals and networks alike.',
    },
  };
}

export const optimizerGeometry: Experiment<OptimizerGeometryConfig> = {
  id: 'optimizer-geometry',
  title: 'Optimizer geometry: ravines, valleys, saddles and basins',
  question: 'How do the geometry of the loss and the optimizer’s update rule shape the path, speed and destination of training?',
  summary:
    'GD, heavy ball, Nesterov, RMSprop and Adam side by side on a ravine and Rosenbrock; measured rates against (κ−1)/(κ+1), (√κ−1)/(√κ+1), 1−1/√κ; saddle escape in log(1/δ₀)/(η|λ₋|) steps vs plateau escape in ~1/δ₀; Himmelblau basins that lose their sharp minima when λ_max > 2/η.',
  schema,
  // CPU seconds of the default preset (`npm run check:presets`, 2026-12-07 at load ≈ 1.5; BENCHMARKS.md "Cost models").
  // The part with no scale is the share that does not grow with the config (set-up, warm-up, fixed-size analyses),
  // fitted with the others to the quick and full presets' CPU seconds (each within 1.4× of them there).
  cost: { seconds: 3.5, parts: [{ share: 0.25, scale: {} }, { share: 0.45, scale: { basinGrid: 2, basinSteps: 1, basinLrs: 1 } }, { share: 0.15, scale: { rosenbrockSteps: 1 } }, { share: 0.15, scale: { rateMaxSteps: 1, kappas: 1 } }] },
  presets: {
    quick: { ravineSteps: 80, rosenbrockSteps: 400, kappas: [10, 100], rateMaxSteps: 1500, saddleCurvatures: [0.2, 1], basinGrid: 15, basinSteps: 200, contourResolution: 41 },
    default: {},
    full: { ravineSteps: 300, rosenbrockSteps: 10_000, kappas: [4, 10, 30, 100, 300, 1000, 3000, 10_000], rateMaxSteps: 20_000, saddleCurvatures: [0.05, 0.1, 0.2, 0.5, 1, 2, 5], basinLrs: [0.005, 0.01, 0.015, 0.02], basinGrid: 121, basinSteps: 800, contourResolution: 161 },
  },
  run,
};
