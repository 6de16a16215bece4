/**
 * Experiment `vanishing-exploding`: how the forward signal and the backward
 * credit travel through deep networks at initialisation, measured layer by
 * layer next to mean-field theory (Poole et al. 2016; Schoenholz et al.
 * 2017), the Jacobian's singular values (dynamical isometry, Saxe et al.
 * 2014; Pennington et al. 2017), and the depth at which plain gradient
 * descent stops training, explained from χ₁ and the depth scale ξ.
 */
import { z } from 'zod';
import { depthScale } from '../neuro/index.js';
import { fmt } from './format.js';
import type { Experiment, SeriesRow } from './types.js';
import { figures } from './vanishingExplodingFigures.js';
import { SPECTRUM_CASES, study, type SignalCase, type SpectrumCurve, type VanishingExplodingStudyConfig } from './vanishingExplodingStudy.js';

const ACTIVATIONS = ['tanh', 'relu', 'sigmoid', 'linear'] as const;
const INITS = ['xavier', 'he', 'lecun', 'orthogonal', 'small', 'large', 'zeros'] as const;

const schema = z.object({
  activations: z.array(z.enum(ACTIVATIONS)).min(1).default(['tanh', 'relu', 'sigmoid', 'linear']).describe('hidden nonlinearities φ'),
  inits: z
    .array(z.enum(INITS))
    .min(1)
    .default(['xavier', 'he', 'orthogonal', 'small', 'large'])
    .describe('weight initialisations (small: N(0, 0.01²); large: N(0, 1); lecun equals xavier for square hidden layers)'),
  width: z.number().int().min(8).max(256).default(16).describe('hidden width n (finite-width fluctuations around the theory shrink like 1/√n)'),
  depth: z.number().int().min(2).max(100).default(12).describe('depth L of the network measured layer by layer'),
  depths: z.array(z.number().int().min(1).max(200)).min(1).default([2, 4, 8, 16, 24]).describe('depths whose trainability is tested'),
  samples: z.number().int().min(4).max(1024).default(16).describe('training examples of the teacher–student task (also the measurement batch)'),
  trainSteps: z.number().int().min(1).max(10_000).default(50).describe('full-batch gradient steps per trainability test'),
  learningRate: z.number().gt(0).max(10).default(0.05).describe('gradient-descent step size η'),
  lossFactor: z.number().gt(1).max(1000).default(2).describe('a depth trains when the loss falls below min(initial, 1)/lossFactor'),
  focusActivation: z.enum(ACTIVATIONS).default('tanh').describe('activation whose layers are drawn in the per-layer figures'),
  focusInits: z.array(z.enum(INITS)).min(1).max(4).default(['xavier', 'orthogonal', 'small', 'large']).describe('initialisations drawn in the per-layer figures (at most 4)'),
});

type Config = z.infer<typeof schema>;

function studyConfig(c: Config, seed: number): VanishingExplodingStudyConfig {
  const { focusActivation: _a, focusInits: _i, ...rest } = c;
  return { ...rest, spectra: SPECTRUM_CASES, seed };
}

const key = (k: { activation: string; init: string }) => `${k.activation}_${k.init}`;

/** Largest |ln(measured/predicted)| over layers (0 = the theory is exact). */
function maxLogError(pairs: [number, number][]): number {
  let worst = 0;
  for (const [m, p] of pairs) if (m > 0 && p > 0 && Number.isFinite(m) && Number.isFinite(p)) worst = Math.max(worst, Math.abs(Math.log(m / p)));
  return worst;
}

function findings(cases: SignalCase[], spectra: SpectrumCurve[], c: Config): string[] {
  const out: string[] = [];
  const live = cases.filter((k) => k.init !== 'zeros' && k.chiEffective > 0 && Number.isFinite(k.chiMeasured));
  const errs = live.map((k) => Math.abs(Math.log(k.chiMeasured / k.chiEffective))).sort((a, b) => a - b);
  if (errs.length > 0) {
    const median = errs[Math.floor(errs.length / 2)]!;
    out.push(
      `Across ${live.length} activation/initialisation pairs at width ${c.width}, the measured per-layer factor of the squared gradient norm matched the mean-field χ to within ${fmt(100 * (Math.exp(median) - 1), 2)}% (median), ` +
        `with χ ranging from ${fmt(Math.min(...live.map((k) => k.chiEffective)))} to ${fmt(Math.max(...live.map((k) => k.chiEffective)))}: credit shrinks or grows geometrically with depth exactly as the theory says.`,
    );
  }
  const deepest = Math.max(...c.depths);
  const all = cases.filter((k) => k.firstFailingDepth === null);
  const shallow = Math.min(...c.depths);
  const none = live.filter((k) => k.maxTrainableDepth === 0);
  const list = (ks: SignalCase[]) => ks.map((k) => `${k.activation}/${k.init} (χ = ${fmt(k.chiEffective)})`).join(', ');
  out.push(
    `${all.length} of ${cases.length} pairs trained at every tested depth up to ${deepest}` + (all.length > 0 ? `: ${list(all)}` : '') + '. ' +
      (all.some((k) => Math.abs(depthScale(k.chiEffective)) < deepest)
        ? `Some of them have |ξ| = 1/|ln χ| below ${deepest} layers — a loss halving can come from the top layers alone, so "trains" outlasts the depth scale of the first layers' gradient. `
        : '') +
      (none.length > 0
        ? `${none.length} failed already at depth ${shallow}: ${list(none)} — their depth scale |ξ| = 1/|ln χ| is at most ${fmt(Math.max(...none.map((k) => Math.abs(k.meanField.depthScale))), 2)} layers for the fixed-point χ₁` +
          (none.some((k) => k.activation === 'sigmoid') ? ', and sigmoid units (slope ≤ 1/4, mean ½) start far from any fixed point where χ₁ = 1' : '') + '.'
        : `None failed at depth ${shallow}.`),
  );
  const varErr = live.map((k) => ({ k, err: maxLogError(k.atInit.map((l) => [l.measured.activationVariance, l.predicted.activationVariance])) })).sort((a, b) => a.err - b.err);
  const worst = varErr[varErr.length - 1];
  if (worst) {
    out.push(
      `Forward, the measured activation variance stayed within a factor ${fmt(Math.exp(varErr[Math.floor(varErr.length / 2)]!.err), 2)} of the q-map prediction at every layer for the median pair ` +
        `(worst: ${worst.k.activation}/${worst.k.init}, a factor ${fmt(Math.exp(worst.err), 2)}); a single network of width ${c.width} random-walks around the mean-field value by about √(c·l/n) in log units ` +
        `(c = 2 for linear and tanh units, 5 for ReLU), i.e. ${fmt(Math.sqrt((5 * c.depth) / c.width), 2)} for ReLU at layer ${c.depth}.`,
    );
  }
  // The most instructive failures: those that still trained shallow networks, if any.
  const shallowFirst = (ks: SignalCase[]) => ks.filter((k) => k.maxTrainableDepth > 0 && k.firstFailingDepth !== null).concat(ks);
  const vanish = shallowFirst(live.filter((k) => k.chiEffective < 0.95).sort((a, b) => a.chiEffective - b.chiEffective))[0];
  if (vanish) out.push(`Vanishing: ${vanish.activation}/${vanish.init} — ${vanish.why}`);
  const explode = shallowFirst(live.filter((k) => k.chiEffective > 1.05).sort((a, b) => b.chiEffective - a.chiEffective))[0];
  if (explode) out.push(`Exploding: ${explode.activation}/${explode.init} — ${explode.why}`);
  const orth = spectra.find((s) => s.activation === 'linear' && s.init === 'orthogonal');
  const gauss = spectra.find((s) => s.activation === 'linear' && s.init === 'xavier');
  if (orth && gauss) {
    const dev = Math.max(...orth.values.map((v) => Math.abs(v - 1)));
    const top = Math.max(...gauss.values);
    const low = Math.min(...gauss.values);
    // eig(JᵀJ) resolves σ² only down to ~1e-16·σ_max², i.e. σ down to ~1e-8·σ_max.
    const lowText = low > 1e-7 * top ? `${fmt(low)} to ${fmt(top)} (condition number ${fmt(gauss.conditionNumber)})` : `below 1e-7·σ_max (the float64 resolution of eig(JᵀJ)) up to ${fmt(top)}`;
    out.push(
      `At depth ${c.depth} every singular value of the orthogonal linear network's input–output Jacobian equals 1 (largest deviation ${fmt(dev, 2)}, float64 rounding), ` +
        `while the Gaussian (Xavier) linear network, with the same mean squared singular value, spreads them from ${lowText}: isometry preserves every direction, not just the average.`,
    );
  }
  return out;
}

export const vanishingExploding: Experiment<Config> = {
  id: 'vanishing-exploding',
  title: 'Vanishing and exploding gradients',
  question: 'How do the forward signal and the backward credit change from layer to layer in a deep network, and at what depth — and why — does training stop working?',
  summary: 'Per-layer activation variance and gradient norm vs mean-field theory for tanh/ReLU/sigmoid/linear under six initialisations; Jacobian spectra (dynamical isometry); trainable depth explained by χ₁ and ξ.',
  schema,
  // CPU seconds of the default preset (`npm run check:presets`, 2026-12-07 at load ≈ 1.5; BENCHMARKS.md "Cost models").
  // Training dominates; its per-step work grows more slowly than width² at these small widths (per-layer overheads), hence
  // 1.5. The part with no scale (set-up, fixed-size analyses) is fitted with the others to the quick and full presets' CPU.
  cost: { seconds: 6.6, parts: [{ share: 0.35, scale: {} }, { share: 0.55, scale: { activations: 1, inits: 1, depths: 1, trainSteps: 1, width: 1.5, samples: 1 } }, { share: 0.1, scale: { activations: 1, inits: 1, depth: 1, width: 1.5 } }] },
  presets: {
    quick: { activations: ['tanh', 'relu', 'linear'], inits: ['xavier', 'orthogonal', 'small', 'large'], width: 24, depth: 6, depths: [2, 6], trainSteps: 20 },
    default: {},
    full: { inits: ['xavier', 'he', 'lecun', 'orthogonal', 'small', 'large'], width: 32, depth: 20, depths: [2, 4, 8, 16, 32], samples: 32, trainSteps: 100 },
  },
  run(config, ctx) {
    const r = study(studyConfig(config, ctx.seed), ctx);
    const { cases, spectra } = r;
    const live = cases.filter((k) => k.init !== 'zeros' && k.chiEffective > 0 && Number.isFinite(k.chiMeasured));
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
    const varianceErrors = live.map((k) => maxLogError(k.atInit.map((l) => [l.measured.activationVariance, l.predicted.activationVariance])));
    // Per pair: the theory's χ, the measured χ and the outcome; per-layer detail is in the series.
    const metrics: Record<string, number> = {
      medianChiLogError: median(live.map((k) => Math.abs(Math.log(k.chiMeasured / k.chiEffective)))),
      medianActivationVarianceLogError: median(varianceErrors),
      maxActivationVarianceLogError: Math.max(0, ...varianceErrors),
      pairsTrainedAtEveryDepth: cases.filter((k) => k.firstFailingDepth === null).length,
    };
    const layers: SeriesRow[] = [];
    for (const k of cases) {
      metrics[`chiEffective_${key(k)}`] = k.chiEffective;
      metrics[`chiMeasured_${key(k)}`] = k.chiMeasured;
      metrics[`maxTrainableDepth_${key(k)}`] = k.maxTrainableDepth;
      for (const { measured: m, predicted: p } of k.atInit) {
        layers.push({
          activation: k.activation, init: k.init, layer: m.layer,
          preactivationSecondMoment: m.preactivationSecondMoment, preactivationSecondMomentTheory: p.preactivationSecondMoment,
          activationVariance: m.activationVariance, activationVarianceTheory: p.activationVariance,
          gradNorm: m.activationGradNorm, gradNormTheory: p.activationGradNorm,
          jacobianMeanSquare: m.jacobian?.meanSquare ?? NaN, jacobianMeanSquareTheory: p.jacobianMeanSquareSingularValue,
        });
      }
    }
    for (const s of spectra) {
      metrics[`jacobianMaxSv_${key(s)}`] = Math.max(...s.values);
      metrics[`jacobianMinSv_${key(s)}`] = Math.min(...s.values);
    }
    const caseRows: SeriesRow[] = cases.map((k) => ({
      activation: k.activation, init: k.init, sigmaW2: k.sigmaW2, qStar: k.meanField.qStar, chi1: k.meanField.chi1, depthScale: k.meanField.depthScale,
      regime: k.meanField.regime, chiEffective: k.chiEffective, chiMeasured: k.chiMeasured, maxTrainableDepth: k.maxTrainableDepth,
      firstFailingDepth: k.firstFailingDepth ?? NaN, why: k.why,
    }));
    const trainRows: SeriesRow[] = cases.flatMap((k) => k.trainability.map((t) => ({ activation: k.activation, init: k.init, depth: t.depth, initialLoss: t.initialLoss, finalLoss: t.finalLoss, trained: t.trained ? 1 : 0 })));
    const spectrumRows: SeriesRow[] = spectra.flatMap((s) => s.values.map((v, i) => ({ activation: s.activation, init: s.init, rank: i + 1, singularValue: v })));
    return {
      metrics,
      series: { layers, cases: caseRows, trainability: trainRows, jacobianSpectra: spectrumRows },
      figures: figures(r, { activation: config.focusActivation, inits: config.focusInits }),
      findings: findings(cases, spectra, config),
      sections: {
        setup:
          `Fully connected networks of width n = ${config.width} with ${config.activations.join('/')} hidden units, inputs on the sphere ‖x‖² = n, a linear output layer, zero biases, ` +
          `initialised with ${config.inits.join(', ')} weights. A network of depth ${config.depth} is measured layer by layer at initialisation on ${config.samples} teacher–student examples ` +
          `(activation variance, per-example gradient norm ‖∂ℓ/∂h^l‖) and compared with the mean-field recursions below. The Jacobian J = ∂x^L/∂x^0 is computed exactly at one input ` +
          `and its singular values found from the eigenvalues of JᵀJ. For trainability, networks of depth ${config.depths.join(', ')} get ${config.trainSteps} full-batch gradient steps ` +
          `(η = ${config.learningRate}); a depth trains if the loss falls below min(initial loss, 1)/${config.lossFactor}.`,
        math: [
          String.raw`q^{l} = \sigma_w^2\, \mathbb{E}_{h\sim\mathcal N(0,q^{l-1})}\!\big[\phi(h)^2\big] + \sigma_b^2, \qquad \sigma_w^2 = n_{\text{in}}\operatorname{Var} W_{ij}`,
          String.raw`\mathbb{E}\|\delta^{l}\|^2 = \chi_l\, \mathbb{E}\|\delta^{l+1}\|^2, \qquad \chi_l = \sigma_w^2\, \mathbb{E}\big[\phi'(h^l)^2\big] \;\Rightarrow\; \|\delta^1\|^2 \approx \chi_1^{\,L}\, \|\delta^L\|^2`,
          String.raw`\xi = -\frac{1}{\ln \chi_1}: \quad \|\delta^{l}\|^2 \propto e^{-(L-l)/\xi}`,
          String.raw`J = \prod_{l} D^l W^l, \qquad W^l = Q^l \text{ orthogonal},\ \phi = \mathrm{id} \;\Rightarrow\; J^\top J = I,\ \ \sigma_i(J) = 1\ \forall i`,
        ],
        teaches:
          'Credit reaches early layers only if every layer passes the error backwards without shrinking or amplifying it on average: χ₁ = σ_w²·E[φ\'²] = 1. ' +
          'The product of L such factors makes small deviations exponential in depth — the depth scale ξ says how deep a network can be before the gradient of its first layers is lost or explodes. ' +
          'Initialisation schemes (Xavier, He, orthogonal) are nothing but choices of σ_w² that put χ₁ at 1 for a given nonlinearity, and orthogonal weights go further: ' +
          'they keep every singular value of the Jacobian at 1, not only their mean, so no input direction is lost (dynamical isometry). Sigmoid, whose slope is at most 1/4 and whose mean is not 0, cannot be made critical by scaling alone.',
        connection:
          'Deep robot policies and recurrent controllers unrolled over long horizons are deep networks in time: the same χ-product governs whether an error at the end of a trajectory can assign credit to an early action. ' +
          'In neuroscience, the brain cannot rely on precise backward weights at all; how cortex keeps signals in a useful dynamic range across many processing stages (gain control, normalisation, balanced excitation and inhibition) is the biological counterpart of critical initialisation.',
      },
    };
  },
};
