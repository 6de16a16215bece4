/**
 * Figures of `credit-in-time`, from its study's result: the BPTT gradient norm against the lag, one panel per
 * gain g beside the explicit Jacobian product and Pascanu et al.'s bound, and the gradient norm of SGD with
 * and without clipping.
 */
import type { LineFigure, PanelsFigure } from '../spec/figure.js';
import type { CreditInTimeStudyResult } from './creditInTimeStudy.js';
import { fmt } from './format.js';
import type { ExperimentFigure } from './types.js';

/** Bound values above this are off any useful log scale (the bound grows like factor^T). */
const BOUND_CAP = 1e12;

export function figures(r: CreditInTimeStudyResult): ExperimentFigure[] {
  const T = r.config.steps;
  const norms: PanelsFigure = {
    kind: 'panels',
    title: 'Gradient norm ‖∂L/∂h_k‖ against the lag T − k, one panel per gain g',
    subtitle: 'solid: BPTT; dashed: ‖∂L/∂h_T‖·‖J_T⋯J_{k+1}‖₂; dotted: (‖W‖·max|φ′|)^{T−k} (cut at 1e12)',
    caption:
      `Each step back multiplies the norm by a factor: ${r.gains.map((g) => `${fmt(g.growthRate)} at g = ${g.gain} (bound ${fmt(g.factor ?? NaN)})`).join(', ')}. ` +
      `Over T = ${T} steps the solid BPTT curve never rises above the dashed Jacobian product, which never rises above the dotted bound; ` +
      'a factor below 1 means credit from the distant past vanishes, above 1 that it explodes.',
    panels: r.gains.map((g) => ({
      kind: 'line',
      title: `g = ${g.gain}: ρ(W) = ${fmt(g.spectralRadius)}, ‖W‖₂ = ${fmt(g.weightNorm)}`,
      x: { label: 'lag T − k' },
      y: { label: '‖∂L/∂h_k‖', scale: 'log' },
      series: [
        { name: 'BPTT', points: g.lags.map((l, i) => ({ x: l, y: g.gradNorms[i]! })).filter((p) => p.y > 0 && Number.isFinite(p.y)) },
        { name: 'Jacobian product', style: 'dashed', points: g.lags.map((l, i) => ({ x: l, y: g.productNorms[i]! })).filter((p) => p.y > 0 && Number.isFinite(p.y)) },
        { name: 'bound', style: 'dotted', points: (g.bound ?? []).map((y, i) => ({ x: g.lags[i]!, y })).filter((p) => p.y > 0 && p.y < BOUND_CAP) },
      ],
    })),
  };
  const [plain, clipped] = r.clipRuns;
  const diverged = plain.losses.findIndex((l) => !Number.isFinite(l));
  const finitePlain = plain.gradNorms.filter(Number.isFinite);
  const clip: LineFigure = {
    kind: 'line',
    title: 'Gradient norm ‖∇L‖ with and without clipping',
    subtitle: `g = ${r.config.clip.gain}, η = ${r.config.clip.lr}; total gradient norm before clipping, every SGD step`,
    caption:
      `Without clipping the gradient norm reached ${fmt(Math.max(...finitePlain))} with ${plain.exploding.length} exploding steps` +
      (diverged >= 0 ? ` and the loss became non-finite at step ${diverged}` : '') +
      `; clipped at max_norm ${r.config.clip.maxNorm}, every applied step has norm ≤ ${fmt(Math.max(...clipped.appliedNorms))} and the loss went from ${fmt(clipped.losses[0]!)} to ${fmt(clipped.finalLoss)}.`,
    x: { label: 'step' },
    y: { label: '‖∇L‖', scale: 'log' },
    series: r.clipRuns.map((c) => ({ name: c.clipped ? 'clipped' : 'unclipped', points: c.gradNorms.map((y, x) => ({ x, y })).filter((p) => Number.isFinite(p.y) && p.y > 0 && p.y < 1e30) })),
    references: [{ axis: 'y', value: r.config.clip.maxNorm, label: 'max_norm' }],
  };
  return [
    { id: 'credit-norms', title: norms.title, spec: norms },
    { id: 'clipping', title: clip.title, spec: clip },
  ];
}
