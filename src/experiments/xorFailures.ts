/**
 * Diagnosing why a 2-H-1 network failed to learn XOR. A failed run is put in
 * one class, with the numbers that justify it, checked in this order:
 *  - diverged: the loss, gradient or parameters blew up (the training loop's diagnosis);
 *  - symmetric: two hidden units have (nearly) the same incoming weights,
 *    bias and outgoing weight, so the layer acts as a narrower one — the
 *    permutation symmetry of hidden units was never broken;
 *  - saturated: most hidden activations sit on the flat tails of the
 *    nonlinearity, where φ′ ≈ 0 and backprop delivers almost no signal;
 *  - plateau: the loss is high but has stopped moving and ‖∇L‖ is small
 *    (a plateau or a local minimum: both are stationary to first order);
 *  - slow: none of the above — the loss is still falling when the budget ends.
 */
import type { MLP } from '../nn/index.js';
import { fmt } from './format.js';

export type XorFailureKind = 'diverged' | 'symmetric' | 'saturated' | 'plateau' | 'slow';
export const XOR_FAILURE_KINDS: readonly XorFailureKind[] = ['diverged', 'symmetric', 'saturated', 'plateau', 'slow'];

export interface XorFailureThresholds {
  /** Two hidden units closer than this (Euclidean, over incoming weights, bias, outgoing weight) are symmetric. */
  symmetryTolerance: number;
  /** |tanh h| above this (sigmoid: h outside [t, 1 − t] with t = 1 − this) is saturated. */
  saturation: number;
  /** Fraction of saturated hidden activations (over the 4 inputs × H units) that makes a run "saturated". */
  saturatedFraction: number;
  /** Window K (steps) over which the loss change is measured. */
  plateauWindow: number;
  /** |L(T) − L(T − K)| below this counts as stalled. */
  plateauLossChange: number;
  /** ‖∇L‖ below this counts as small. */
  plateauGradNorm: number;
}

export interface XorFailureEvidence {
  /** Smallest pairwise distance between hidden units, and which pair. */
  minUnitDistance: number;
  closestPair: [number, number] | null;
  /** Fraction of hidden activations beyond the saturation threshold, at the final parameters. */
  saturatedFraction: number;
  /** Steps K the loss change is measured over (the plateau window, or the whole run if shorter). */
  window: number;
  /** L(T − K) − L(T) (positive when still decreasing), and the final ‖∇L‖. */
  lossChange: number;
  gradNorm: number;
  finalLoss: number;
  /** p(x) on the 4 points at the end. */
  outputs: number[];
}

export interface XorFailure {
  kind: XorFailureKind;
  /** Every class whose criterion held (the first is `kind`). */
  flags: XorFailureKind[];
  /** A sentence with the numbers. */
  evidence: string;
}

/** Per hidden unit i: [W₁[i, :], b₁[i], W₂[:, i]] — what must coincide for two units to be interchangeable. */
export function hiddenUnitVectors(model: MLP): number[][] {
  const [first, second] = model.layers;
  if (!first || !second || model.layers.length !== 2) throw new Error('hiddenUnitVectors: expects a network with exactly one hidden layer');
  const H = first.outFeatures;
  const nIn = first.inFeatures;
  const nOut = second.outFeatures;
  const w1 = first.weight.data;
  const b1 = first.bias?.data;
  const w2 = second.weight.data;
  const out: number[][] = [];
  for (let i = 0; i < H; i++) {
    const v: number[] = [];
    for (let k = 0; k < nIn; k++) v.push(w1[i * nIn + k]!);
    if (b1) v.push(b1[i]!);
    for (let o = 0; o < nOut; o++) v.push(w2[o * H + i]!);
    out.push(v);
  }
  return out;
}

/** max over pairs i < j of max_k |u_i[k] − u_j[k]|: exactly 0 iff all hidden units are bitwise identical. */
export function maxPairwiseDifference(units: number[][]): number {
  let worst = 0;
  for (let i = 0; i < units.length; i++) {
    for (let j = i + 1; j < units.length; j++) {
      const a = units[i]!;
      const b = units[j]!;
      for (let k = 0; k < a.length; k++) {
        const d = Math.abs(a[k]! - b[k]!);
        if (!(d <= worst)) worst = d; // NaN propagates
      }
    }
  }
  return worst;
}

/** Smallest Euclidean distance between two hidden units, and the pair. */
export function closestUnits(units: number[][]): { distance: number; pair: [number, number] | null } {
  let best = Infinity;
  let pair: [number, number] | null = null;
  for (let i = 0; i < units.length; i++) {
    for (let j = i + 1; j < units.length; j++) {
      let s = 0;
      for (let k = 0; k < units[i]!.length; k++) s += (units[i]![k]! - units[j]![k]!) ** 2;
      if (Math.sqrt(s) < best) [best, pair] = [Math.sqrt(s), [i, j]];
    }
  }
  return { distance: best, pair };
}

/** Fraction of hidden activations h (a flat array) on the flat tails of tanh or the sigmoid. */
export function hiddenSaturation(h: Float64Array, activation: 'tanh' | 'sigmoid', threshold: number): number {
  let n = 0;
  for (let i = 0; i < h.length; i++) {
    const v = h[i]!;
    if (activation === 'tanh' ? Math.abs(v) > threshold : v < 1 - threshold || v > threshold) n++;
  }
  return h.length ? n / h.length : NaN;
}

/** Classify a failed run from its evidence; `divergence` is the training loop's diagnosis when it blew up. */
export function classifyXorFailure(ev: XorFailureEvidence, t: XorFailureThresholds, activation: string, divergence: string | null): XorFailure {
  const flags: XorFailureKind[] = [];
  const sentences: string[] = [];
  const state =
    `Final loss ${fmt(ev.finalLoss)}, changed by ${fmt(ev.lossChange)} over the last ${ev.window} steps, ‖∇L‖ = ${fmt(ev.gradNorm)}, ` +
    `outputs p = [${ev.outputs.map((v) => v.toFixed(3)).join(', ')}] for targets [0, 1, 1, 0], ` +
    `${fmt(100 * ev.saturatedFraction)}% of hidden activations saturated, closest hidden units ${fmt(ev.minUnitDistance)} apart.`;
  if (divergence !== null) {
    flags.push('diverged');
    sentences.push(divergence);
  }
  if (ev.minUnitDistance < t.symmetryTolerance && ev.closestPair) {
    flags.push('symmetric');
    sentences.push(
      `Hidden units ${ev.closestPair[0]} and ${ev.closestPair[1]} ended ${fmt(ev.minUnitDistance)} apart in (incoming weights, bias, outgoing weight), ` +
        `below the tolerance ${fmt(t.symmetryTolerance)}: they compute the same feature.`,
    );
  }
  if (ev.saturatedFraction >= t.saturatedFraction) {
    flags.push('saturated');
    sentences.push(
      `${fmt(100 * ev.saturatedFraction)}% of the hidden ${activation} activations are saturated (threshold ${t.saturation}), ` +
        `at or above the ${fmt(100 * t.saturatedFraction)}% that marks a saturated network.`,
    );
  }
  if (ev.window >= t.plateauWindow && Math.abs(ev.lossChange) < t.plateauLossChange && ev.gradNorm < t.plateauGradNorm) {
    flags.push('plateau');
    sentences.push(
      `The loss ${fmt(ev.finalLoss)} changed by ${fmt(ev.lossChange)} over the last ${ev.window} steps with ‖∇L‖ = ${fmt(ev.gradNorm)}: ` +
        'stalled on a plateau or in a local minimum.',
    );
  }
  if (flags.length === 0) {
    flags.push('slow');
    sentences.push(
      `The loss ${fmt(ev.finalLoss)} was still changing (by ${fmt(ev.lossChange)} over the last ${ev.window} steps, ‖∇L‖ = ${fmt(ev.gradNorm)}) when the step budget ran out.`,
    );
  }
  return { kind: flags[0]!, flags, evidence: `${sentences.join(' ')} (${state})` };
}
