/**
 * Experiment `population-credit`: how a population of neurons represents an
 * angle, how precisely it can be read out (against the Cramér–Rao bound), how
 * credit for a learned map is shared among the units, and how credit can be
 * assigned without exact backpropagation (feedback alignment, direct
 * feedback alignment, weight and node perturbation, Oja's Hebbian rule).
 */
import { z } from 'zod';
import { LEARNING_RULES } from '../neuro/index.js';
import { logLogSlope } from '../ode/index.js';
import { fmt } from './format.js';
import { figures, RULE_LABELS } from './populationCreditFigures.js';
import { study, type PopulationCreditStudyConfig, type PopulationCreditStudyResult } from './populationCreditStudy.js';
import type { Experiment, SeriesRow } from './types.js';

const schema = z.object({
  decoderUnits: z.array(z.number().int().min(2).max(1024)).min(2).default([8, 16, 32, 64, 128]).describe('population sizes N for the decoding study'),
  peakRate: z.number().min(1).max(500).default(10).describe('expected spike count A at the preferred angle (counting window)'),
  kappa: z.number().min(0.5).max(20).default(2).describe('von Mises tuning concentration κ (tuning width ≈ 1/√κ rad)'),
  decoderTrials: z.number().int().min(20).max(20_000).default(200).describe('test trials per N (the linear readout is fitted on as many)'),
  hiddenUnits: z.number().int().min(4).max(256).default(48).describe('hidden units of the population network learning θ ↦ 2θ'),
  networkSteps: z.number().int().min(50).max(20_000).default(500).describe('Adam steps training the population network'),
  redundantCopies: z.array(z.number().int().min(1).max(4096)).min(2).default([1, 2, 4, 8, 16, 32, 64]).describe('numbers N of redundant readout copies (credit per copy ∝ 1/N)'),
  duplicateCopies: z.array(z.number().int().min(2).max(16)).min(1).default([2, 4]).describe('copies of every hidden unit in the duplicated (same-function) network'),
  ablationRepeats: z.number().int().min(1).max(500).default(10).describe('random ablations averaged per fraction'),
  ruleHidden: z.number().int().min(2).max(200).default(20).describe('hidden width of the 30-H-10 network for the learning-rule comparison'),
  ruleActivation: z.enum(['linear', 'tanh']).default('linear').describe('hidden nonlinearity of the learning-rule network'),
  ruleSteps: z.number().int().min(20).max(20_000).default(600).describe('training steps per learning rule'),
  rules: z.array(z.enum(LEARNING_RULES)).min(1).default([...LEARNING_RULES]).describe('credit-assignment rules compared'),
  perturbationWidths: z.array(z.number().int().min(1).max(400)).min(2).default([5, 10, 20, 40]).describe('hidden widths for the perturbation-variance study'),
  perturbationSamples: z.number().int().min(20).max(50_000).default(300).describe('independent gradient estimates per width'),
  ojaDim: z.number().int().min(2).max(100).default(10).describe('input dimension for Oja’s rule'),
  ojaSamples: z.number().int().min(50).max(100_000).default(1000).describe('data points for Oja’s rule'),
  ojaEpochs: z.number().int().min(1).max(200).default(10).describe('passes of Oja’s rule through the data'),
});

type Config = z.infer<typeof schema>;


const ABLATION_FRACTIONS = [0, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9];

function studyConfig(c: Config, seed: number): PopulationCreditStudyConfig {
  return {
    seed,
    decoder: { units: c.decoderUnits, peakRate: c.peakRate, kappa: c.kappa, trials: c.decoderTrials },
    network: { hiddenUnits: c.hiddenUnits, steps: c.networkSteps, duplicateCopies: c.duplicateCopies, redundantCopies: c.redundantCopies, ablationFractions: ABLATION_FRACTIONS, ablationRepeats: c.ablationRepeats },
    rules: { hidden: c.ruleHidden, activation: c.ruleActivation, steps: c.ruleSteps, rules: c.rules },
    perturbation: { widths: c.perturbationWidths, samples: c.perturbationSamples },
    oja: { dim: c.ojaDim, samples: c.ojaSamples, epochs: c.ojaEpochs },
  };
}

const angleDegrees = (cosine: number): number => (Math.acos(Math.min(1, cosine)) * 180) / Math.PI;

/** Findings written from the study's numbers and the metrics derived from them. */
function findings(r: PopulationCreditStudyResult, metrics: Record<string, number>): string[] {
  const c = r.config;
  const { decoder, rules, perturbation } = r;
  const { credit, duplicates, redundant, ablation } = r.network;
  const ojaFinal = r.oja.history[r.oja.history.length - 1]!;
  const byRule = new Map(rules.runs.map((run) => [run.rule, run]));
  const findings: string[] = [];
  const top = decoder[decoder.length - 1]!;
  findings.push(
    `Decoding an angle from N Poisson neurons, the Cramér–Rao bound fell as N^${fmt(metrics.cramerRaoSlope, 3)} (theory N^−1); at N = ${top.units} maximum likelihood reached ${fmt(100 * top.mlEfficiency, 3)}% of the bound's precision ` +
      `(MSE ${fmt(top.maximumLikelihood)} vs bound ${fmt(top.cramerRao)} rad²), the population vector was ${fmt(top.populationVector / top.cramerRao)}× and the linear readout ${fmt(top.linear / top.cramerRao)}× above it.`,
  );
  const maxN = redundant[redundant.length - 1]!;
  findings.push(
    `The population network learned θ ↦ 2θ to an RMS error of ${fmt(r.network.finalAngularError)} rad, with credit spread over its ${c.network.hiddenUnits} hidden units (participation ratio ${fmt(credit.participationRatio)}, ` +
      `Gini ${fmt(credit.gini)}, largest share ${fmt(100 * credit.maxShare)}%); duplicating every unit ${duplicates.map((r) => r.copies).join(' or ')} times divided each copy's credit by exactly that factor ` +
      `(ratio ${duplicates.map((r) => fmt(r.ratio, 6)).join(', ')}), and N redundant readout copies each got 1/N of the credit (N·credit/credit₁ = ${fmt(metrics[`redundantCreditTimesN_N${maxN.copies}`]!, 6)} at N = ${maxN.copies}) while their weight gradients did not shrink.`,
  );
  const half = ablation.find((r) => r.fraction === 0.3) ?? ablation[Math.floor(ablation.length / 2)]!;
  findings.push(
    `Silencing ${fmt(100 * half.fraction)}% of the hidden units at random raised the decoding error from ${fmt(ablation[0]!.randomAngularError)} to ${fmt(half.randomAngularError)} rad; ` +
      `silencing the ${fmt(100 * half.fraction)}% with the most credit raised it to ${fmt(half.targetedAngularError)} rad` +
      (half.targetedAngularError < half.randomAngularError
        ? ' — less than random silencing: credit measures blame for the remaining error, not how much a unit contributes to the output.'
        : ', more than random silencing: the units most blamed for the remaining error also carry much of the output.'),
  );
  const fa = byRule.get('feedbackAlignment');
  const dfa = byRule.get('directFeedbackAlignment');
  const bp = byRule.get('backprop');
  const losses = rules.runs.map((r) => `${RULE_LABELS[r.rule]} ${fmt(r.finalLoss)}`).join(', ');
  let ruleText = `After ${c.rules.steps} steps from an initial loss of ${fmt(rules.runs[0]!.initialLoss)}, the test losses were: ${losses}.`;
  if (fa) {
    ruleText +=
      ` Feedback alignment's update started ${fmt(fa.records[0]!.updateAngle)}° from the true gradient and ended at ${fmt(metrics.finalUpdateAngle_feedbackAlignment!)}°, ` +
      `because W came to within ${fmt(metrics.finalWeightFeedbackAngle_feedbackAlignment!)}° of the fixed random Bᵀ` +
      (dfa ? ` (DFA: ${fmt(metrics.finalUpdateAngle_directFeedbackAlignment!)}°)` : '') + '.';
  }
  if (fa && bp && bp.finalLoss > 10 * fa.finalLoss && bp.finalLoss > 1e-3 * rules.runs[0]!.initialLoss) {
    ruleText +=
      ` Backprop ended behind FA here because its hidden-layer gradient is scaled by the small initial output weights (init scale ${rules.config.initScale}), ` +
      `while FA's fixed feedback has unit scale and moves the hidden layer off the initial plateau sooner.`;
  }
  findings.push(ruleText);
  const ratiosW = perturbation.map((r) => r.weightPerturbationVariance / r.weightPerturbationPredicted);
  const ratiosN = perturbation.map((r) => r.nodePerturbationVariance / r.nodePerturbationPredicted);
  findings.push(
    `The normalised variance of a single perturbation estimate matched the theory n + 1: measured/(n+1) = ${fmt(Math.min(...ratiosW))}–${fmt(Math.max(...ratiosW))} for weight perturbation ` +
      `(n = ${perturbation[0]!.weights}–${perturbation[perturbation.length - 1]!.weights} weights) and ${fmt(Math.min(...ratiosN))}–${fmt(Math.max(...ratiosN))} for node perturbation (m = ${perturbation[0]!.nodes}–${perturbation[perturbation.length - 1]!.nodes} nodes), ` +
      `so the estimate's angle to the gradient stays near arccos(1/√(n+1)) ≈ 90° and learning slows in proportion to the number of perturbed quantities.`,
  );
  findings.push(
    `Oja's Hebbian rule, with no error signal at all, converged to within ${fmt(metrics.ojaAngleToTopComponent, 2)}° of the top principal component (eigenvalue ratio λ₁/λ₂ = ${fmt(metrics.ojaEigenvalueRatio)}) with ‖w‖ = ${fmt(ojaFinal.norm, 4)}.`,
  );

  return findings;
}

export const populationCredit: Experiment<Config> = {
  id: 'population-credit',
  title: 'Population codes and credit assignment',
  question: 'How precisely can a population of noisy neurons encode an angle, how is credit for a learned map shared among its units, and can credit be assigned without exact backpropagation?',
  summary: 'Decoders vs the Cramér–Rao bound; a population network learning θ ↦ 2θ; credit shares, 1/N redundancy and ablation; backprop vs FA/DFA/perturbation, alignment angles, estimator variance n+1; Oja’s rule.',
  schema,
  // CPU seconds of the default preset (`npm run check:presets`, 2026-12-07 at load ≈ 1.5; BENCHMARKS.md "Cost models").
  // Maximum-likelihood decoding costs ~N² per trial (a grid of 4N angles, N units), and the sizes double along the list:
  // one more entry (1.2× its length) quadruples Σ N², hence 7 on its length (6 on perturbationWidths, alike). The part
  // with no scale (set-up) is fitted with the others to the quick and full presets' CPU seconds (within 1.3×).
  cost: { seconds: 3.7, parts: [{ share: 0.25, scale: {} }, { share: 0.262, scale: { decoderUnits: 7, decoderTrials: 1 } }, { share: 0.15, scale: { networkSteps: 1, hiddenUnits: 1 } }, { share: 0.3, scale: { ruleSteps: 1, rules: 1, ruleHidden: 1 } }, { share: 0.038, scale: { perturbationSamples: 1, perturbationWidths: 6 } }] },
  presets: {
    quick: { decoderUnits: [8, 24, 64], decoderTrials: 100, hiddenUnits: 24, networkSteps: 120, ruleSteps: 150, perturbationWidths: [5, 10, 20], perturbationSamples: 150, ojaSamples: 500, ojaEpochs: 6 },
    default: {},
    full: { decoderUnits: [8, 16, 32, 64, 128, 256], decoderTrials: 600, hiddenUnits: 64, networkSteps: 2000, ruleSteps: 2000, perturbationWidths: [5, 10, 20, 40, 80], perturbationSamples: 2000, ablationRepeats: 50 },
  },
  run(config, ctx) {
    const r = study(studyConfig(config, ctx.seed), ctx);
    const { decoder, network: net, rules, perturbation, oja } = r;
    const ojaFinal = oja.history[oja.history.length - 1]!;
    const metrics: Record<string, number> = {};
    for (const d of decoder) {
      metrics[`mlEfficiency_N${d.units}`] = d.mlEfficiency;
      metrics[`populationVectorOverBound_N${d.units}`] = d.populationVector / d.cramerRao;
    }
    metrics.cramerRaoSlope = logLogSlope(decoder.map((d) => d.units), decoder.map((d) => d.cramerRao));
    metrics.networkAngularError = net.finalAngularError;
    metrics.networkTestLoss = net.finalTestLoss;
    metrics.creditParticipationRatio = net.credit.participationRatio;
    metrics.creditGini = net.credit.gini;
    metrics.creditMaxShare = net.credit.maxShare;
    for (const d of net.duplicates) metrics[`duplicateCreditTimesCopies_k${d.copies}`] = d.ratio;
    for (const d of net.redundant) metrics[`redundantCreditTimesN_N${d.copies}`] = (d.activationCredit * d.copies) / net.single.activationCredit;
    for (const a of net.ablation) {
      metrics[`ablationRandomError_f${a.fraction}`] = a.randomAngularError;
      metrics[`ablationTargetedError_f${a.fraction}`] = a.targetedAngularError;
    }
    for (const run of rules.runs) {
      const last = run.records[run.records.length - 1]!;
      metrics[`finalLoss_${run.rule}`] = run.finalLoss;
      metrics[`finalUpdateAngle_${run.rule}`] = last.updateAngle;
      metrics[`initialUpdateAngle_${run.rule}`] = run.records[0]!.updateAngle;
      if (last.weightFeedbackAngles.length > 0) metrics[`finalWeightFeedbackAngle_${run.rule}`] = last.weightFeedbackAngles[0]!;
    }
    for (const p of perturbation) {
      metrics[`weightPerturbationVarianceRatio_w${p.hiddenWidth}`] = p.weightPerturbationVariance / p.weightPerturbationPredicted;
      metrics[`nodePerturbationVarianceRatio_w${p.hiddenWidth}`] = p.nodePerturbationVariance / p.nodePerturbationPredicted;
    }
    metrics.ojaAngleToTopComponent = angleDegrees(ojaFinal.cosine);
    metrics.ojaWeightNorm = ojaFinal.norm;
    metrics.ojaEigenvalueRatio = oja.eigenvalues[0]! / oja.eigenvalues[1]!;
    const series: Record<string, SeriesRow[]> = {
      decoders: decoder.map((d) => ({ ...d })),
      networkTraining: net.curve.map((c) => ({ ...c })),
      creditShares: net.credit.shares.map((share, unit) => ({ unit, share, activationCredit: net.credit.activationCredit[unit]!, weightCredit: net.credit.weightCredit[unit]! })),
      redundantCredit: net.redundant.map((d) => ({ copies: d.copies, activationCredit: d.activationCredit, theory: net.single.activationCredit / d.copies, weightCredit: d.weightCredit, output: d.output })),
      duplicateCredit: net.duplicates.map((d) => ({ ...d })),
      ablation: net.ablation.map((a) => ({ ...a })),
      learningRules: rules.runs.flatMap((run) =>
        run.records.map((x) => ({ rule: run.rule, step: x.step, testLoss: x.testLoss, updateAngle: x.updateAngle, signalAngle: x.signalAngle, weightFeedbackAngle: x.weightFeedbackAngles[0] ?? NaN })),
      ),
      perturbationVariance: perturbation.map((p) => ({ ...p })),
      oja: oja.history.map((h) => ({ ...h, angleDegrees: angleDegrees(h.cosine) })),
    };
    return {
      metrics,
      series,
      figures: figures(r),
      findings: findings(r, metrics),
      sections: {
        setup:
          `Decoding: N ∈ {${config.decoderUnits.join(', ')}} neurons with von Mises tuning (κ = ${config.kappa}, peak count ${config.peakRate}, baseline 0.5) and independent Poisson counts; ` +
          `${config.decoderTrials} random angles per N decoded by maximum likelihood, the population vector and a least-squares linear readout of (cos θ, sin θ). ` +
          `Population network: 32 von Mises input units → ${config.hiddenUnits} tanh units → 32 output units trained with Adam for ${config.networkSteps} steps to produce the code of 2θ; ` +
          `credit of a hidden unit is the mean |∂ℓ/∂aᵢ| over 256 test angles. Learning rules: a ${config.ruleActivation} 30-${config.ruleHidden}-10 network learns a random linear map from fresh Gaussian inputs ` +
          `(${config.ruleSteps} steps, batch 32) with backprop, feedback alignment (fixed random B), direct feedback alignment, and weight and node perturbation. ` +
          `Perturbation variance: ${config.perturbationSamples} independent estimates per hidden width of a 10-H-5 tanh network. Oja: ${config.ojaSamples} correlated Gaussian points in ${config.ojaDim} dimensions, ${config.ojaEpochs} passes.`,
        math: [
          String.raw`f_i(\theta) = b + A\, e^{\kappa(\cos(\theta - c_i) - 1)}, \qquad r_i \sim \mathrm{Poisson}(f_i(\theta)), \qquad I(\theta) = \sum_i \frac{f_i'(\theta)^2}{f_i(\theta)} \propto N A`,
          String.raw`\operatorname{Var}\hat\theta \;\ge\; \frac{1}{I(\theta)} \qquad \text{(Cramér–Rao; maximum likelihood attains it for large counts)}`,
          String.raw`y = \sum_{i=1}^{N} \frac{w}{N}\, a_i \;\Rightarrow\; \frac{\partial L}{\partial a_i} = \frac{w}{N}\,\frac{\partial L}{\partial y}, \qquad \frac{\partial L}{\partial w_i} = a_i\, \frac{\partial L}{\partial y}`,
          String.raw`\text{BP: } \delta^l = \phi'(h^l)\odot (W^{l+1})^{\!\top}\delta^{l+1}, \qquad \text{FA: } \delta^l = \phi'(h^l)\odot B^{l+1}\delta^{l+1}, \qquad \text{DFA: } \delta^l = \phi'(h^l)\odot B^{l} e`,
          String.raw`\hat g = \frac{L(\theta + \sigma\xi) - L(\theta)}{\sigma}\,\xi,\ \ \xi\sim\mathcal N(0, I_n) \;\Rightarrow\; \frac{\mathbb E\|\hat g - g\|^2}{\|g\|^2} = n + 1`,
          String.raw`\Delta w = \eta\, y\,(x - y\,w), \quad y = w^\top x \;\Longrightarrow\; w \to \pm v_1(C),\ \ \|w\| \to 1`,
        ],
        teaches:
          'Precision is a budget: the Fisher information of a population grows linearly with the number of neurons and their firing, and an optimal decoder spends all of it. ' +
          'Credit in a wide population is shared: redundant units each receive 1/N of the blame, which is exactly what makes the code robust to losing units — but it also means a single unit learns slowly from the loss. ' +
          'Exact backprop is not necessary: with fixed random feedback the forward weights come to align with the feedback so that the update points within a few tens of degrees of the gradient. ' +
          'Perturbation rules need only a scalar reward, but their gradient estimates have noise that grows with the number of perturbed quantities (n + 1), so they scale poorly to large networks; ' +
          'Hebbian learning with a decay term extracts the dominant input direction with no error signal at all.',
        connection:
          'Population codes are how cortex represents continuous variables: head direction and grid cells, motor cortex direction tuning (Georgopoulos et al. 1986), orientation in V1 — and decoders of exactly these kinds drive brain–machine interfaces that move robot arms. ' +
          'The weight-transport problem (a neuron cannot know its downstream weights) makes exact backprop implausible in the brain; feedback alignment (Lillicrap et al. 2016), node perturbation (akin to reward-modulated, dopamine-gated plasticity) and Hebbian rules such as Oja\'s are candidate mechanisms, ' +
          'and on neuromorphic or analog robot hardware they are attractive for the same reason: they need only local signals and a broadcast error or reward.',
      },
    };
  },
};
