/**
 * Experiment `stability`: step size decides the regime. Gradient descent is
 * the difference equation θ ← θ − η∇L(θ); near a fixed point its deviations
 * are multiplied by the update map's Jacobian J = I − ηH (heavy ball: a
 * 2n × 2n block matrix) each step, so the eigenvalues μ of J predict the
 * regime: |μ| < 1 converges, μ < 0 or complex oscillates, |μ| > 1 diverges.
 * Checked on a quadratic (exact), on the double well (where bounded
 * nonlinear dynamics take over: period doubling and chaos) and on a small
 * network (where the run can catapult to a flatter region or explode; the
 * exploded run is diagnosed). The computations are in stabilityStudy.ts.
 */
import { z } from 'zod';
import { fmt } from './format.js';
import { figures } from './stabilityFigures.js';
import { agrees, observedClass, predictedOf, study, type StabilityStudyResult } from './stabilityStudy.js';
import type { Experiment, SeriesRow } from './types.js';

const schema = z.object({
  spectrum: z.array(z.number().gt(0).max(1000)).min(2).max(12).default([1, 4, 10]).describe('Hessian eigenvalues λ of the quadratic ½θᵀHθ (H = Q diag(λ) Qᵀ, Q a random rotation)'),
  lrCount: z.number().int().min(4).max(80).default(24).describe('step sizes η in the stability diagram (cell centres of a uniform grid)'),
  lrMaxFactor: z.number().min(1.2).max(6).default(2.4).describe('the diagram’s η axis spans (0, lrMaxFactor · 2/λ_max]'),
  momentumCount: z.number().int().min(2).max(40).default(10).describe('momentum values β in the stability diagram, evenly spaced on [0, momentumMax]'),
  momentumMax: z.number().min(0.1).max(0.99).default(0.9).describe('largest heavy-ball momentum β'),
  diagramSteps: z.number().int().min(20).max(5000).default(150).describe('steps per run of the stability diagram'),
  curveFactors: z.array(z.number().gt(0).max(5)).min(1).max(8).default([0.25, 0.75, 0.95, 1.05, 1.5]).describe('step sizes of the quadratic loss curves, as multiples of 2/λ_max'),
  curveSteps: z.number().int().min(10).max(2000).default(50).describe('steps of each quadratic loss curve'),
  wellLrs: z.array(z.number().gt(0).max(1.9)).min(1).max(8).default([0.3, 0.8, 1.2, 1.25, 1.5]).describe('step sizes at which the double-well orbit is classified (L″(±1) = 2: minima unstable past η = 1)'),
  wellGrid: z.number().int().min(10).max(1000).default(240).describe('step sizes in the double-well bifurcation diagram, on [0.2, max(1.6, wellLrs)]; orbits that escape are left out'),
  wellSteps: z.number().int().min(100).max(10_000).default(800).describe('steps per double-well orbit'),
  hidden: z.number().int().min(2).max(64).default(16).describe('hidden width of the [1, H, 1] tanh network'),
  points: z.number().int().min(4).max(200).default(20).describe('grid points of the regression target on [−1, 1]'),
  degree: z.number().int().min(1).max(8).default(3).describe('degree k of the target Chebyshev polynomial T_k'),
  networkFactors: z.array(z.number().gt(0).max(20)).min(1).max(10).default([0.5, 0.9, 1.2, 1.6, 2.5]).describe('network step sizes, as multiples of 2/λ_max(θ₀)'),
  networkSteps: z.number().int().min(10).max(20_000).default(1000).describe('full-batch GD steps per network run'),
});

type StabilityConfig = z.infer<typeof schema>;

function findings(r: StabilityStudyResult, m: Record<string, number>): string[] {
  const out: string[] = [];
  const conv = r.curves.filter((k) => k.rho < 1);
  const div = r.curves.filter((k) => k.rho > 1);
  const lastConv = conv[conv.length - 1];
  const firstDiv = div[0];
  if (firstDiv) {
    const ratio = firstDiv.loss[firstDiv.loss.length - 1]! / firstDiv.loss[0]!;
    out.push(
      `Quadratic: η = ${fmt(firstDiv.lr)} exceeds 2/λ_max = ${fmt(r.criticalLr)}; the Jacobian's ρ = ${fmt(firstDiv.rho)} predicts growth, and the loss grew ${fmt(ratio)}× in ${firstDiv.loss.length - 1} steps (${firstDiv.regime})` +
        (lastConv ? `, whereas η = ${fmt(lastConv.lr)} (ρ = ${fmt(lastConv.rho)}) ended ${lastConv.regime}.` : '.'),
    );
  }
  const comparable = r.diagram.cells.filter((cell) => predictedOf(cell) !== 'marginal');
  const mismatches = comparable.filter((cell) => !agrees(cell));
  const risingMonotone = mismatches.filter((cell) => predictedOf(cell) === 'monotone' && cell.regime === 'converging-oscillating');
  const marginal = r.diagram.cells.length - comparable.length;
  out.push(
    `Across the ${comparable.length} heavy-ball runs of the (η, β) diagram${marginal ? ` (not counting ${marginal} with ρ = 1 exactly)` : ''} the observed regime matched the Jacobian's prediction in ${comparable.length - mismatches.length} (${fmt(100 * m.agreement!)}%), ` +
      `and in ${fmt(100 * m.boundaryBracketed!)}% of the β rows the last converging and the first diverging η bracket η_c = 2(1 + β)/λ_max` +
      (mismatches.length > 0
        ? `; mismatches: ${mismatches.slice(0, 3).map((cell) => `η = ${fmt(cell.lr)}, β = ${fmt(cell.momentum)}: ${cell.regime} (ρ = ${fmt(cell.predictedSpectralRadius)})`).join('; ')}${mismatches.length > 3 ? ', …' : ''}` +
          (risingMonotone.length === mismatches.length
            ? ' — predicted monotone because the slowest mode has a positive real μ, but a faster mode with complex μ makes the loss rise on early steps.'
            : '.')
        : '.'),
  );
  out.push(
    `The eigenvalues of the autograd Jacobian of one update agree with the closed-form multipliers to ${fmt(m.jacobianErrorGd!)} for GD and ${fmt(m.jacobianErrorPolyak!)} at Polyak's heavy ball (η = ${fmt(r.polyak.lr)}, β = ${fmt(r.polyak.momentum)}), ` +
      `where every |μ| equals √β = ${fmt(r.polyak.rate)} (the measured ρ is ${fmt(m.polyakSpectralRadius!)}; the double root is a Jordan block, so its eigenvalues are only √ε-accurate).`,
  );
  const chaos = r.wellRuns.find((w) => w.regime === 'chaotic');
  const periodic = r.wellRuns.filter((w) => w.regime === 'periodic');
  out.push(
    `Double well: linear theory (μ = 1 − 2η at x = ±1) calls the minima unstable for every η > 1, yet the orbit stays bounded — ` +
      r.wellRuns.map((w) => `η = ${fmt(w.lr)}: ${w.regime}${w.regime === 'periodic' ? ` (period ${w.period})` : ''}`).join(', ') +
      (chaos ? `; the Lyapunov exponent at η = ${fmt(chaos.lr)} is ${fmt(chaos.lyapunov)} per step > 0` : '') +
      (periodic.length ? `, and ${fmt(periodic[0]!.lyapunov)} < 0 on the period-${periodic[0]!.period} cycle.` : '.'),
  );
  const net = r.network;
  const describe = (k: (typeof net.runs)[number]): string =>
    k.outcome === 'exploded'
      ? `${fmt(k.factor)}: exploded after ${k.steps} steps`
      : k.outcome === 'catapult'
        ? `${fmt(k.factor)}: loss spiked ${fmt(k.peakLoss / k.initialLoss)}×, then converged to ${fmt(k.finalLoss)} at ηλ_max/2 = ${fmt((k.lr * k.finalSharpness) / 2)}`
        : k.outcome === 'unsettled'
          ? `${fmt(k.factor)}: not settled after ${k.steps} steps (${k.regime}), loss ${fmt(k.finalLoss)} with ηλ_max/2 = ${fmt((k.lr * k.finalSharpness) / 2)} at the end`
          : `${fmt(k.factor)}: converged (${k.regime}) to ${fmt(k.finalLoss)}, ηλ_max/2 = ${fmt((k.lr * k.finalSharpness) / 2)} at the end`;
  const catapults = net.runs.filter((k) => k.outcome === 'catapult');
  out.push(
    `Network ([1, ${m.networkHidden}, 1] tanh, ${net.parameters} parameters): λ_max(θ₀) = ${fmt(net.lambda0)} puts the linear limit at η_c = 2/λ₀ = ${fmt(net.criticalLr)}. By η/η_c — ${net.runs.map(describe).join('; ')}.` +
      (catapults.length
        ? ' A spike followed by convergence where ηλ_max/2 ≈ 1 is a catapult: the run leaves the sharp region and settles where the curvature fits the step size, which the linearization at θ₀ cannot foresee.'
        : ''),
  );
  if (net.diagnosis) {
    const d = net.diagnosis;
    out.push(
      `diagnose() on the exploded network run (η = ${fmt(d.lr)}) names "${d.kind}" (“${d.message.split(':')[0]}”, λ_max measured at the blown-up weights)` +
        (d.lambdaMaxInitial !== null ? `; at θ₀ already η·λ_max = ${fmt(d.lr * d.lambdaMaxInitial)} > 2, so the step size, not the data or the init, made the run fail.` : '.') +
        (d.otherKinds.length ? ` (It also reports ${d.otherKinds.join(', ')} — a consequence of the blown-up weights, not the cause.)` : ''),
    );
  }
  return out;
}

export const stabilityExperiment: Experiment<StabilityConfig> = {
  id: 'stability',
  title: 'Step-size regimes and the stability diagram',
  question: 'Can the eigenvalues of the update map’s Jacobian predict, before running, whether gradient descent will converge, oscillate, cycle, diverge or explode?',
  summary: 'GD and heavy ball on a quadratic (η × β diagram with the boundary 2(1+β)/λ_max), period doubling to chaos on the double well, and a network that catapults or explodes — diagnosed.',
  schema,
  // CPU seconds of the default preset (`npm run check:presets`, 2026-12-07 at load ≈ 1.5; BENCHMARKS.md "Cost models").
  // The part with no scale is the share that does not grow with the config (set-up, warm-up, fixed-size analyses),
  // fitted with the others to the quick and full presets' CPU seconds (each within 1.4× of them there).
  cost: { seconds: 6.7, parts: [{ share: 0.2, scale: {} }, { share: 0.4, scale: { networkSteps: 1, networkFactors: 1, hidden: 2, points: 1 } }, { share: 0.24, scale: { diagramSteps: 1, lrCount: 1, momentumCount: 1, spectrum: 2 } }, { share: 0.16, scale: { wellGrid: 1, wellSteps: 1 } }] },
  presets: {
    quick: { lrCount: 13, momentumCount: 4, diagramSteps: 100, wellGrid: 40, wellSteps: 400, networkSteps: 300, networkFactors: [0.5, 1.2, 2.5] },
    default: {},
    full: { lrCount: 48, momentumCount: 20, diagramSteps: 300, wellGrid: 600, wellSteps: 2000, networkSteps: 4000, networkFactors: [0.25, 0.5, 0.9, 1.1, 1.2, 1.4, 1.6, 2, 2.5, 4] },
  },
  run(config, ctx) {
    const r = study({ ...config, seed: ctx.seed }, ctx);
    const cells = r.diagram.cells;
    const polyakGroup = r.eigen[2]!;
    const metrics: Record<string, number> = {
      lambdaMax: r.lambdaMax,
      criticalLr: r.criticalLr,
      agreement: r.comparison.agreement,
      agreementGd: r.comparison.agreementGd,
      boundaryBracketed: r.comparison.boundaryBracketed,
      jacobianErrorGd: Math.max(r.eigen[0]!.error, r.eigen[1]!.error),
      jacobianErrorPolyak: polyakGroup.error,
      jacobianErrorUnstableMomentum: r.eigen[3]!.error,
      polyakSpectralRadius: polyakGroup.rho,
      polyakRate: r.polyak.rate,
      networkHidden: config.hidden,
      networkLambda0: r.network.lambda0,
      networkCriticalLr: r.network.criticalLr,
      networkCatapults: r.network.runs.filter((k) => k.outcome === 'catapult').length,
      networkExploded: r.network.runs.filter((k) => k.outcome === 'exploded').length,
      diagnosedUnstableStepSize: r.network.diagnosis?.kind === 'unstable-step-size' ? 1 : 0,
    };
    for (const w of r.wellRuns) metrics[`wellLyapunov_eta${w.lr}`] = w.lyapunov;
    const curveSeries: SeriesRow[] = r.curves.flatMap((k) => k.loss.map((loss, step) => ({ lr: k.lr, step, loss })));
    const series: Record<string, SeriesRow[]> = {
      diagram: cells.map((cell) => ({
        lr: cell.lr, momentum: cell.momentum, regime: cell.regime, observedClass: observedClass(cell.regime),
        predictedSpectralRadius: cell.predictedSpectralRadius, predictedClass: predictedOf(cell),
        agree: agrees(cell) ? 1 : 0, finalLoss: cell.finalLoss, reason: cell.reason,
      })),
      curves: r.curves.map((k) => ({ lr: k.lr, factor: k.factor, predictedSpectralRadius: k.rho, regime: k.regime, lossGrowthPerStep: k.growth, reason: k.reason })),
      lossCurves: curveSeries,
      eigenvalues: r.eigen.flatMap((g) => g.points.map((p) => ({ group: g.name, re: p.re, im: p.im, modulus: Math.hypot(p.re, p.im) }))),
      doubleWell: r.wellRuns.map((w) => ({ lr: w.lr, multiplierAtMinimum: w.multiplierAtMinimum, regime: w.regime, period: w.period ?? NaN, lyapunov: w.lyapunov })),
      bifurcation: r.bifurcation.map((b) => ({ lr: b.lr, x: b.x, period: b.period ?? NaN })),
      network: r.network.runs.map((k) => ({
        factor: k.factor, lr: k.lr, etaLambda0Over2: (k.lr * r.network.lambda0) / 2, predicted: k.predictedStable ? 'stable at θ₀' : 'unstable at θ₀',
        regime: k.regime, outcome: k.outcome, status: k.status, steps: k.steps, initialLoss: k.initialLoss, peakLoss: k.peakLoss, finalLoss: k.finalLoss,
        finalSharpness: k.finalSharpness, etaLambdaEndOver2: (k.lr * k.finalSharpness) / 2,
      })),
    };
    return {
      metrics,
      series,
      figures: figures(r, config),
      findings: findings(r, metrics),
      sections: {
        setup:
          `(1) A quadratic L = ½θᵀHθ with H = Q diag(${config.spectrum.join(', ')}) Qᵀ (Q a random rotation) and θ₀ with a unit component along every eigenvector: heavy ball (torch form) on a ${config.lrCount} × ${config.momentumCount} grid of ` +
          `η ∈ (0, ${config.lrMaxFactor}·2/λ_max] and β ∈ [0, ${config.momentumMax}] (β = 0 is plain GD), ${config.diagramSteps} steps each, every run classified by classifyRegime ` +
          `(loss ratio, rising steps, sign flips along the dominant eigenvector) and compared with the spectrum of the update map's Jacobian; GD loss curves at η = (${config.curveFactors.join(', ')})·2/λ_max. ` +
          `(2) The double well L(x) = (x² − 1)²/4 from x₀ = 0.3 at η ∈ {${config.wellLrs.join(', ')}} (with a finite-time Lyapunov exponent) and on a grid of ${config.wellGrid} step sizes. ` +
          `(3) A [1, ${config.hidden}, 1] tanh network fitting T_${config.degree} on ${config.points} grid points (MSE), full-batch GD for ${config.networkSteps} steps at η = (${config.networkFactors.join(', ')})·2/λ_max(θ₀), λ_max by Lanczos; the first exploded run goes to diagnose().`,
        math: [
          String.raw`\theta_{t+1} = F(\theta_t) = \theta_t - \eta\nabla L(\theta_t), \qquad \delta_{t+1} \approx J\,\delta_t,\quad J = \frac{\partial F}{\partial\theta} = I - \eta H`,
          String.raw`\mu_i = 1 - \eta\lambda_i:\quad |\mu_i| < 1 \iff 0 < \eta\lambda_i < 2 \;\Rightarrow\; \eta_c = \frac{2}{\lambda_{\max}},\qquad \mu_i < 0 \iff \eta\lambda_i > 1\ \text{(oscillation)}`,
          String.raw`\text{heavy ball: } \mu^2 - (1 + \beta - \eta\lambda)\mu + \beta = 0,\quad |\mu_{1,2}| < 1 \iff 0 < \eta\lambda < 2(1+\beta) \;\Rightarrow\; \eta_c(\beta) = \frac{2(1+\beta)}{\lambda_{\max}}`,
          String.raw`L(\theta_t) = \tfrac12 \sum_i \lambda_i\, \mu_i^{2t}\, c_i^2 \quad (\text{quadratic, exact}),\qquad \lambda_{\mathrm{Lyap}} = \lim_{T\to\infty} \frac1T \sum_{t<T} \log\lvert 1 + \eta - 3\eta x_t^2\rvert \ \ (\text{double well})`,
        ],
        teaches:
          'A training run is the orbit of a map, and its fate near a fixed point is written in the eigenvalues of that map’s Jacobian: inside the unit circle it converges, on the negative axis or off the real line it oscillates, outside it grows geometrically — the growth rate per step is |μ|, measurable in the loss. ' +
          'Momentum moves the boundary out to 2(1+β)/λ_max at the price of complex, spiralling modes. Outside the linear regime the map can still stay bounded: cycles, period doubling and chaos (the double well), or a catapult on a network, where the loss spikes and the run escapes to a flatter region whose curvature fits the step size. ' +
          'A failed run is a measurement: η·λ_max > 2 names the cause.',
        connection:
          'The same eigenvalue test decides whether a discrete-time controller or a robot’s learned policy update is stable (the closed loop’s Jacobian inside the unit circle), and period doubling to chaos is the classic route seen in recurrent neural circuits driven past stability.',
      },
    };
  },
};
