/**
 * Population codes and credit assignment, as a pure function of its config (plain data out). Five stages,
 * each seeded from the config's seed in a fixed order:
 *  1. decoding an angle from N Poisson neurons by maximum likelihood, the population vector and a linear
 *     readout, against the Cramér–Rao bound 1/I(θ);
 *  2. a population network learning θ ↦ 2θ, how credit |∂ℓ/∂aᵢ| is shared among its hidden units, what
 *     duplicating units and redundant readout copies do to it (1/k, 1/N), and how the code degrades when units
 *     are silenced at random or by credit;
 *  3. backprop against feedback alignment, direct feedback alignment, weight and node perturbation;
 *  4. the variance of perturbation gradient estimates against the theory n + 1;
 *  5. Oja's Hebbian rule finding the top principal component.
 */
import {
  ablationCurve,
  compareLearningRules,
  creditDistribution,
  decoderPrecisionStudy,
  duplicateHiddenUnits,
  ojaRule,
  perturbationVarianceStudy,
  principalComponents,
  redundantReadoutCredit,
  trainPopulationNetwork,
  type AblationRow,
  type DecoderPrecisionRow,
  type LearningRule,
  type LearningRulesResult,
  type PerturbationVarianceRow,
  type PopulationTrainingResult,
  type RedundantReadoutCredit,
} from '../neuro/index.js';
import { Rng } from '../tensor/index.js';
import type { StudyHooks } from './types.js';

export interface PopulationCreditStudyConfig {
  seed: number;
  decoder: { units: number[]; peakRate: number; kappa: number; trials: number };
  network: { hiddenUnits: number; steps: number; duplicateCopies: number[]; redundantCopies: number[]; ablationFractions: number[]; ablationRepeats: number };
  rules: { hidden: number; activation: 'linear' | 'tanh'; steps: number; rules: LearningRule[] };
  perturbation: { widths: number[]; samples: number };
  /** Gaussian data with variances 3/(i+1) along the axes of a random rotation. */
  oja: { dim: number; samples: number; epochs: number };
}

export interface PopulationCreditStudyResult {
  config: PopulationCreditStudyConfig;
  decoder: DecoderPrecisionRow[];
  network: {
    curve: PopulationTrainingResult['curve'];
    finalAngularError: number;
    finalTestLoss: number;
    credit: { shares: number[]; activationCredit: number[]; weightCredit: number[]; participationRatio: number; gini: number; maxShare: number };
    /** Mean credit per copy, and (per-copy credit · k)/(original mean credit), which theory says is exactly 1. */
    duplicates: { copies: number; meanCredit: number; ratio: number }[];
    redundant: RedundantReadoutCredit[];
    /** The single-copy readout (N = 1) the redundant ones are compared with. */
    single: RedundantReadoutCredit;
    ablation: AblationRow[];
  };
  rules: LearningRulesResult;
  perturbation: PerturbationVarianceRow[];
  oja: { history: { step: number; cosine: number; norm: number }[]; eigenvalues: number[] };
}

/** Samples of N(0, diag(3/(i+1))) rotated by a random Householder reflection Q = I − 2uuᵀ. */
function ojaData(dim: number, samples: number, rng: Rng): Float64Array {
  const u = rng.fillNormal(new Float64Array(dim));
  const un = Math.hypot(...u);
  for (let i = 0; i < dim; i++) u[i] = u[i]! / un;
  const data = new Float64Array(samples * dim);
  const z = new Float64Array(dim);
  for (let s = 0; s < samples; s++) {
    let dot = 0;
    for (let i = 0; i < dim; i++) {
      z[i] = rng.normal() * Math.sqrt(3 / (i + 1));
      dot += u[i]! * z[i]!;
    }
    for (let i = 0; i < dim; i++) data[s * dim + i] = z[i]! - 2 * dot * u[i]!;
  }
  return data;
}

export function study(c: PopulationCreditStudyConfig, hooks: StudyHooks = {}): PopulationCreditStudyResult {
  const rng = new Rng(c.seed);
  // Every stage gets its own seed drawn from the generator, in a fixed order.
  const nextSeed = (): number => rng.int(2 ** 31);
  const checkpoint = hooks.checkpoint;

  hooks.progress?.(0, 'decoders vs Cramér–Rao');
  const d = c.decoder;
  const decoder = decoderPrecisionStudy({ units: d.units, peakRates: [d.peakRate], kappa: d.kappa, trials: d.trials, seed: nextSeed(), checkpoint });

  hooks.progress?.(0.2, 'population network learning θ ↦ 2θ');
  const n = c.network;
  const trained = trainPopulationNetwork({ hiddenUnits: n.hiddenUnits, steps: n.steps, seed: nextSeed(), checkpoint });
  const credit = creditDistribution(trained.network);
  const meanCredit = credit.activationCredit.reduce((s, v) => s + v, 0) / n.hiddenUnits;
  const duplicates = n.duplicateCopies.map((k) => {
    checkpoint?.();
    const dup = creditDistribution(duplicateHiddenUnits(trained.network, k));
    const perUnit = dup.activationCredit.reduce((s, v) => s + v, 0) / dup.activationCredit.length;
    return { copies: k, meanCredit: perUnit, ratio: (perUnit * k) / meanCredit };
  });
  const ablation = ablationCurve(trained.network, n.ablationFractions, { repeats: n.ablationRepeats, seed: nextSeed(), checkpoint });

  hooks.progress?.(0.45, 'learning rules');
  const rules = compareLearningRules({
    sizes: [30, c.rules.hidden, 10], activation: c.rules.activation, rules: c.rules.rules, steps: c.rules.steps,
    recordEvery: Math.max(1, Math.round(c.rules.steps / 12)), seed: nextSeed(), checkpoint,
  });

  hooks.progress?.(0.8, 'perturbation variance');
  const perturbation = perturbationVarianceStudy({ hiddenWidths: c.perturbation.widths, samples: c.perturbation.samples, seed: nextSeed(), checkpoint });

  hooks.progress?.(0.9, 'Oja’s rule');
  const o = c.oja;
  const ojaRng = rng.fork();
  const data = ojaData(o.dim, o.samples, ojaRng);
  const pcs = principalComponents(data, o.samples, o.dim, { checkpoint });
  const oja = ojaRule(data, o.samples, o.dim, { rng: ojaRng, epochs: o.epochs, reference: pcs.vectors[0], decaySteps: 200, checkpoint, recordEvery: Math.max(1, Math.round((o.samples * o.epochs) / 50)) });
  hooks.progress?.(1);

  return {
    config: c,
    decoder,
    network: {
      curve: trained.curve,
      finalAngularError: trained.finalAngularError,
      finalTestLoss: trained.finalTestLoss,
      credit: {
        shares: Array.from(credit.shares), activationCredit: Array.from(credit.activationCredit), weightCredit: Array.from(credit.weightCredit),
        participationRatio: credit.participationRatio, gini: credit.gini, maxShare: credit.maxShare,
      },
      duplicates,
      redundant: n.redundantCopies.map((k) => redundantReadoutCredit(k)),
      single: redundantReadoutCredit(1),
      ablation,
    },
    rules,
    perturbation,
    oja: { history: oja.history.map((h) => ({ ...h })), eigenvalues: Array.from(pcs.values) },
  };
}
