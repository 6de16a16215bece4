/**
 * Experiment `symmetry-breaking`: identical hidden units stay identical
 * until something breaks the symmetry, and how fast they separate when it
 * is broken. Swapping two hidden units (incoming row, bias, outgoing
 * column) leaves the loss unchanged, L(Pθ) = L(θ), hence ∇L(Pθ) = P∇L(θ):
 * at a point with Pθ = θ both units receive the same gradient, under full
 * batches, mini-batches and input noise alike (all shared by the units),
 * and in floating point the same operations on the same numbers give the
 * same bits. Only a per-unit difference breaks the tie — random init, a
 * dropout mask — or a perturbation the dynamics amplifies: at the
 * symmetric critical point θ_s the antisymmetric subspace is invariant
 * under J = I − ηH, and a perturbation there grows like max|μ_A|ᵗ,
 * μ_A = 1 − ηλ_A. Wraps `symmetryStudy` from src/dynamics, once at the main
 * step size (all scenarios) and once per step size of the growth sweep.
 */
import { z } from 'zod';
import { fmt } from './format.js';
import { figures, SCENARIO_LABEL as LABEL } from './symmetryBreakingFigures.js';
import { study, SYMMETRIC_SCENARIOS, usable, type SymmetryBreakingStudyResult } from './symmetryBreakingStudy.js';
import type { Experiment, SeriesRow } from './types.js';

const schema = z.object({
  hidden: z.number().int().min(2).max(8).default(4).describe('hidden width h of the [2, h, 1] tanh network'),
  points: z.number().int().min(8).max(400).default(60).describe('training points x ~ U[−1.5, 1.5]², target y = tanh(2x₁) − tanh(2x₂)'),
  lr: z.number().gt(0).max(0.5).default(0.2).describe('step size η of the scenarios'),
  steps: z.number().int().min(10).max(20_000).default(1000).describe('steps of every scenario'),
  recordEvery: z.number().int().min(1).max(1000).default(10).describe('unit distances are recorded every this many steps'),
  convergeSteps: z.number().int().min(100).max(50_000).default(4000).describe('GD steps inside the symmetric manifold to reach its critical point θ_s (at the main η; scaled by η_main/η in the sweep)'),
  growthSteps: z.number().int().min(50).max(20_000).default(1200).describe('at most this many steps of each growth run from θ_s (scaled like convergeSteps)'),
  growthLrs: z.array(z.number().gt(0).max(0.5)).min(1).max(8).default([0.1, 0.2, 0.3, 0.4]).describe('step sizes at which the antisymmetric growth rate is predicted and measured'),
});

type SymmetryConfig = z.infer<typeof schema>;

/** "a", "a and b", "a, b and c". */
function listed(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function findings(r: SymmetryBreakingStudyResult, c: SymmetryConfig, m: Record<string, number>): string[] {
  const { main: study, sweep, lambdaA } = r;
  const out: string[] = [];
  const by = (name: string) => study.scenarios.find((s) => s.name === name)!;
  const symmetric = study.scenarios.filter((s) => s.bitwiseIdentical);
  const records = by('gd-identical').steps.length;
  out.push(
    `From identical hidden units, ${listed(symmetric.map((s) => LABEL[s.name]!))} kept all ${c.hidden} units bitwise identical: the largest pairwise distance was exactly 0 at all ${records} recorded steps of ${c.steps}. ` +
      'Swapping two units leaves the loss unchanged, so at a symmetric point their gradients are equal — for every mini-batch and every noisy input, which all units share — and identical floating-point operations on identical numbers give identical bits.',
  );
  const drop = by('dropout');
  const rnd = by('random-init');
  out.push(
    `What treats units differently breaks the tie: per-unit dropout masks separated them to a distance of ${fmt(drop.maxDistance[drop.maxDistance.length - 1]!)} (${drop.distinctUnits[drop.distinctUnits.length - 1]} distinct units) after ${c.steps} steps, ` +
      `and random init ends with ${rnd.distinctUnits[rnd.distinctUnits.length - 1]} distinct units at loss ${fmt(rnd.finalLoss)}, ${fmt(by('gd-identical').finalLoss / rnd.finalLoss)}× below the symmetric network's ${fmt(by('gd-identical').finalLoss)}.`,
  );
  const g = study.growth;
  const negative = lambdaA.filter((l) => l < 0);
  out.push(
    `GD inside the symmetric manifold reaches a critical point θ_s (loss ${fmt(g.loss)}, ‖∇L‖ = ${fmt(g.gradNorm)}) whose Hessian restricted to the antisymmetric subspace of units 0 and 1 has eigenvalues {${lambdaA.map((l) => fmt(l)).join(', ')}}` +
      (negative.length
        ? `: λ_A = ${fmt(Math.min(...negative))} < 0 makes θ_s a saddle — splitting the units lowers the loss — so J restricted there has μ_A = 1 − ηλ_A = ${fmt(g.predictedRate, 7)} > 1 at η = ${c.lr}.`
        : `: all ≥ 0, so the symmetric state is stable at η = ${c.lr} (max|μ_A| = ${fmt(g.predictedRate, 7)}).`),
  );
  const ok = sweep.filter(usable);
  const failed = sweep.filter((p) => !usable(p));
  out.push(
    `A 10⁻⁹ antisymmetric nudge at θ_s grew by ${fmt(g.measuredRate, 7)} per step (fit over steps ${g.fitWindow[0]}–${g.fitWindow[1]}) against the predicted ${fmt(g.predictedRate, 7)}; ` +
      `across η ∈ {${ok.map((p) => p.lr).join(', ')}} the largest relative error of the growth exponent, |measured − predicted|/(predicted − 1), is ${fmt(m.maxGrowthExponentError!)}.` +
      (failed.length ? ` Excluded: ${failed.map((p) => `η = ${p.lr} (${p.error})`).join('; ')}.` : ''),
  );
  const pert = by('perturbed');
  const lastMin = pert.minDistance[pert.minDistance.length - 1]!;
  out.push(
    `From the identical start, a 10⁻¹⁰ nudge of units 0 and 1 grew to ${fmt(pert.maxDistance[pert.maxDistance.length - 1]!)} in ${c.steps} steps` +
      (c.hidden >= 4 && lastMin === 0
        ? `, while the units it did not touch stayed bitwise identical (smallest pairwise distance exactly 0, ${pert.distinctUnits[pert.distinctUnits.length - 1]} distinct units): symmetry breaks only where something breaks it.`
        : ` (${pert.distinctUnits[pert.distinctUnits.length - 1]} distinct units at the end).`),
  );
  return out;
}

export const symmetryBreakingExperiment: Experiment<SymmetryConfig> = {
  id: 'symmetry-breaking',
  title: 'Symmetry breaking between hidden units',
  question: 'Do identically initialized hidden units ever become different, what breaks their symmetry, and how fast do they separate once it is broken?',
  summary: 'Identical units stay bitwise identical under GD, mini-batches and input noise; dropout, random init or an unstable antisymmetric direction break the tie, at the rate the restricted Jacobian predicts.',
  schema,
  // CPU seconds of the default preset (`npm run check:presets`, 2026-12-07 at load ≈ 1.5; BENCHMARKS.md "Cost models").
  // The part with no scale is the share that does not grow with the config (set-up, warm-up, fixed-size analyses),
  // fitted with the others to the quick and full presets' CPU seconds (each within 1.4× of them there).
  cost: { seconds: 2.8, parts: [{ share: 0.35, scale: {} }, { share: 0.325, scale: { convergeSteps: 1, growthLrs: 1, hidden: 1, points: 1 } }, { share: 0.195, scale: { steps: 1, hidden: 1, points: 1 } }, { share: 0.13, scale: { growthSteps: 1, growthLrs: 1, hidden: 1, points: 1 } }] },
  presets: {
    quick: { hidden: 2, points: 40, steps: 300, convergeSteps: 3000, growthSteps: 600, growthLrs: [0.15, 0.2] },
    default: {},
    full: { hidden: 6, points: 120, steps: 4000, convergeSteps: 8000, growthSteps: 2500, growthLrs: [0.05, 0.1, 0.15, 0.2, 0.3, 0.4] },
  },
  run(config, ctx) {
    const r = study({ ...config, seed: ctx.seed }, ctx);
    const { main, sweep, lambdaA } = r;
    const ok = sweep.filter(usable);
    const symmetric = main.scenarios.filter((s) => SYMMETRIC_SCENARIOS.includes(s.name));
    const metrics: Record<string, number> = {
      symmetricScenariosIdentical: symmetric.filter((s) => s.bitwiseIdentical).length,
      maxSymmetricDistance: Math.max(...symmetric.flatMap((s) => s.maxDistance)),
      criticalPointGradNorm: main.growth.gradNorm,
      criticalPointLoss: main.growth.loss,
      lambdaAntisymmetricMin: Math.min(...lambdaA),
      predictedRate: main.growth.predictedRate,
      measuredRate: main.growth.measuredRate,
      maxGrowthExponentError: ok.length ? Math.max(...ok.map((p) => p.exponentError)) : NaN,
      growthRatesMeasured: ok.length,
    };
    for (const s of main.scenarios) {
      metrics[`finalMaxDistance_${s.name}`] = s.maxDistance[s.maxDistance.length - 1]!;
      metrics[`finalDistinctUnits_${s.name}`] = s.distinctUnits[s.distinctUnits.length - 1]!;
      metrics[`finalLoss_${s.name}`] = s.finalLoss;
    }
    const series: Record<string, SeriesRow[]> = {
      scenarios: main.scenarios.flatMap((s) =>
        s.steps.map((step, i) => ({ scenario: s.name, step, maxDistance: s.maxDistance[i]!, minDistance: s.minDistance[i]!, distinctUnits: s.distinctUnits[i]! })),
      ),
      growthRates: sweep.map((p) => ({
        lr: p.lr,
        predictedRate: p.growth?.predictedRate ?? NaN,
        measuredRate: p.growth?.measuredRate ?? NaN,
        exponentError: p.exponentError,
        criticalPointGradNorm: p.growth?.gradNorm ?? NaN,
        fitStart: p.growth?.fitWindow[0] ?? NaN,
        fitEnd: p.growth?.fitWindow[1] ?? NaN,
        error: p.error,
      })),
      growthRuns: ok.flatMap((p) => p.growth.distances.map((distance, step) => ({ lr: p.lr, step, distance, predicted: p.growth.distances[0]! * p.growth.predictedRate ** step }))),
      antisymmetricSpectrum: lambdaA.map((lambda, k) => ({ k, lambda, multiplier: main.growth.antisymmetricMultipliers.re[k]! })),
    };
    return {
      metrics,
      series,
      figures: figures(r, config),
      findings: findings(r, config, metrics),
      sections: {
        setup:
          `A [2, ${config.hidden}, 1] tanh network regresses y = tanh(2x₁) − tanh(2x₂) on ${config.points} points x ~ U[−1.5, 1.5]² (MSE), a target that needs two different units. ` +
          `Every hidden unit starts identical (incoming (0.5, −0.3), bias 0.1, outgoing 0.3), and ${config.steps} steps at η = ${config.lr} are run under six scenarios: full-batch GD; SGD on random mini-batches of ${Math.max(1, config.points >> 3)}; ` +
          'fresh N(0, 0.1²) input noise each step; dropout (a fresh keep-0.8 mask per sample and unit); random (torch-style) init; and a 10⁻¹⁰ nudge of units 0 and 1 in opposite directions. ' +
          `Growth: GD inside the symmetric manifold for ${config.convergeSteps} steps reaches θ_s; the update map's Jacobian there, restricted to the antisymmetric subspace of units 0 and 1, predicts max|μ_A|, and a run from θ_s + 10⁻⁹·(its top eigenvector) measures the slope of log‖u₀ − u₁‖, at η ∈ {${config.growthLrs.join(', ')}}.`,
        math: [
          String.raw`L(P\theta) = L(\theta) \;\Rightarrow\; \nabla L(P\theta) = P\,\nabla L(\theta) \;\Rightarrow\; \big(P\theta_t = \theta_t \Rightarrow P\theta_{t+1} = P\theta_t - \eta P\nabla L(\theta_t) = \theta_{t+1}\big)`,
          String.raw`\nabla L_B(P\theta) = P\,\nabla L_B(\theta)\ \text{for every batch } B \text{ and every input noise shared by the units}`,
          String.raw`\mathcal A = \{\delta : \delta_{u_0} = -\delta_{u_1},\ \text{rest } 0\},\quad H(\theta_s)P = P H(\theta_s) \Rightarrow J\mathcal A \subseteq \mathcal A,\quad J_{\mathcal A} = B^\top (I - \eta H) B`,
          String.raw`\lVert u_0 - u_1\rVert_t \approx \lVert u_0 - u_1\rVert_0 \cdot \max_k \lvert\mu_{\mathcal A,k}\rvert^{\,t},\qquad \mu_{\mathcal A,k} = 1 - \eta\lambda_{\mathcal A,k}`,
        ],
        teaches:
          'Gradient descent is equivariant under every symmetry of the loss: if the start is symmetric, so is every later iterate — exactly, not approximately. Noise that all units share (mini-batches, input noise) cannot help; only a difference between units can. ' +
          'Whether a small difference grows is a stability question about the symmetric state: the Jacobian restricted to the antisymmetric subspace gives the rate, and a negative curvature there (a saddle) makes symmetric networks unstable — which is why random initialization is almost always enough, and a constant one never is.',
        connection:
          'Neurons with identical inputs, identical plasticity rules and identical error signals cannot specialize either: biological circuits rely on heterogeneity, noise in individual synapses and competition (lateral inhibition) to differentiate, and teams of identical robots learning from a shared reward need the same kind of per-agent symmetry breaking.',
      },
    };
  },
};
