/**
 * Recurrent-network tasks from the systems-neuroscience literature, as seeded datasets of sequences:
 * x [n, T, I] inputs and y [n, T, O] targets (batch first, the layout `train` batches by rows), plus
 * `mask` [n, T, O] (1 where the target is scored: some tasks only score a response period).
 *
 * - `flipFlop`: K-bit flip-flop (Sussillo & Barak 2013): sparse ±1 pulses on K channels; each output holds
 *   the sign of its channel's last pulse (0 before the first). 2^K memories.
 * - `sineWave`: sine generation with a static frequency input (Sussillo & Barak 2013): input ω/ω_max, target
 *   sin(ω t dt) from t = 0.
 * - `pulseIntegration`: a noisy pulse of mean μ ~ U(−μ_max, μ_max) for `pulse` steps, then a delay; target
 *   'integral' is the running sum Σ u_s·dt (the integrator task), 'decision' is sign(μ) in the response period
 *   after the delay (perceptual decision).
 * - `contextIntegration`: context-dependent integration (Mante et al. 2013): two noisy evidence streams
 *   (motion, colour) with coherences c_m, c_c, two context inputs (one-hot); target sign(c of the cued stream)
 *   in the response period.
 * - `delayedMatch`: delayed match-to-sample: one of K stimuli (one-hot) in a sample period, a delay, one of K in
 *   a test period; target +1 (match) or −1 (non-match) during the test period.
 */
import { tensor, type Tensor } from '../autograd/index.js';
import { Rng } from '../tensor/index.js';
import { type DatasetMeta } from './data.js';
import { checkInteger, checkNonNegativeNumber, checkNumberInRange, checkOneOf, checkPositiveInteger, checkPositiveNumber } from '../tensor/validate.js';

export interface SequenceDataset {
  /** [n, T, I] */
  x: Tensor;
  /** [n, T, O] */
  y: Tensor;
  /** [n, T, O]: 1 where the target is scored. */
  mask: Tensor;
  meta: DatasetMeta & { steps: number; nOutputs: number };
}

class Builder {
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly m: Float64Array;
  constructor(readonly n: number, readonly T: number, readonly I: number, readonly O: number) {
    this.x = new Float64Array(n * T * I);
    this.y = new Float64Array(n * T * O);
    this.m = new Float64Array(n * T * O).fill(1);
  }
  setX(s: number, t: number, i: number, v: number): void {
    this.x[(s * this.T + t) * this.I + i] = v;
  }
  setY(s: number, t: number, o: number, v: number, scored = true): void {
    this.y[(s * this.T + t) * this.O + o] = v;
    this.m[(s * this.T + t) * this.O + o] = scored ? 1 : 0;
  }
  done(meta: { name: string; [key: string]: unknown }): SequenceDataset {
    const { n, T, I, O } = this;
    return {
      x: tensor(this.x, { shape: [n, T, I] }),
      y: tensor(this.y, { shape: [n, T, O] }),
      mask: tensor(this.m, { shape: [n, T, O] }),
      meta: { ...meta, task: 'regression', nSamples: n, nFeatures: I, steps: T, nOutputs: O },
    };
  }
}


export interface FlipFlopOptions { n?: number; steps?: number; bits?: number; pulseProb?: number; seed?: number }

/** K-bit flip-flop: inputs ±1 pulses with probability `pulseProb` per channel and step; outputs hold the last pulse. */
export function flipFlop({ n = 64, steps = 50, bits = 3, pulseProb = 0.05, seed = 0 }: FlipFlopOptions = {}): SequenceDataset {
  for (const [k, v] of [['n', n], ['steps', steps], ['bits', bits]] as const) checkPositiveInteger('flipFlop', k, v);
  checkNumberInRange('flipFlop', 'pulseProb', pulseProb, 0, 1);
  const rng = new Rng(seed);
  const b = new Builder(n, steps, bits, bits);
  for (let s = 0; s < n; s++) {
    for (let k = 0; k < bits; k++) {
      let state = 0;
      for (let t = 0; t < steps; t++) {
        if (rng.random() < pulseProb) {
          state = rng.random() < 0.5 ? -1 : 1;
          b.setX(s, t, k, state);
        }
        b.setY(s, t, k, state);
      }
    }
  }
  return b.done({ name: 'flipFlop', bits, pulseProb, seed });
}

export interface SineWaveOptions { n?: number; steps?: number; omegaMin?: number; omegaMax?: number; dt?: number; seed?: number }

/** Sine generation: constant input ω/ω_max, target sin(ω·t·dt), ω ~ U(ω_min, ω_max) per sequence. */
export function sineWave({ n = 32, steps = 100, omegaMin = 0.5, omegaMax = 2, dt = 0.1, seed = 0 }: SineWaveOptions = {}): SequenceDataset {
  checkPositiveInteger('sineWave', 'n', n);
  checkPositiveInteger('sineWave', 'steps', steps);
  if (!(omegaMin > 0 && omegaMax >= omegaMin && Number.isFinite(omegaMax))) throw new Error(`sineWave: need 0 < omegaMin ≤ omegaMax, got ${omegaMin}, ${omegaMax}`);
  checkPositiveNumber('sineWave', 'dt', dt);
  const rng = new Rng(seed);
  const b = new Builder(n, steps, 1, 1);
  const omegas: number[] = [];
  for (let s = 0; s < n; s++) {
    const w = rng.uniform(omegaMin, omegaMax);
    omegas.push(w);
    for (let t = 0; t < steps; t++) {
      b.setX(s, t, 0, w / omegaMax);
      b.setY(s, t, 0, Math.sin(w * t * dt));
    }
  }
  return b.done({ name: 'sineWave', omegaMin, omegaMax, dt, seed, omegas });
}

export interface PulseIntegrationOptions {
  n?: number;
  /** Steps of the noisy pulse, then of the delay, then (decision) of the response period. */
  pulse?: number;
  delay?: number;
  response?: number;
  muMax?: number;
  noise?: number;
  dt?: number;
  target?: 'integral' | 'decision';
  seed?: number;
}

/** A noisy pulse u_t = μ + σ ξ_t (ξ ~ N(0, 1)) for `pulse` steps; integral target Σ u·dt, or decision sign(μ) after the delay. */
export function pulseIntegration({
  n = 64, pulse = 10, delay = 10, response = 5, muMax = 1, noise = 0.5, dt = 0.1, target = 'integral', seed = 0,
}: PulseIntegrationOptions = {}): SequenceDataset {
  for (const [k, v] of [['n', n], ['pulse', pulse], ['response', response]] as const) checkPositiveInteger('pulseIntegration', k, v);
  checkInteger('pulseIntegration', 'delay', delay, 0);
  checkNonNegativeNumber('pulseIntegration', 'noise', noise);
  checkNonNegativeNumber('pulseIntegration', 'muMax', muMax);
  checkOneOf('pulseIntegration', 'target', target, ['integral', 'decision'] as const);
  const steps = pulse + delay + (target === 'decision' ? response : 0);
  const rng = new Rng(seed);
  const b = new Builder(n, steps, 1, 1);
  for (let s = 0; s < n; s++) {
    const mu = rng.uniform(-muMax, muMax);
    let acc = 0;
    for (let t = 0; t < steps; t++) {
      const u = t < pulse ? mu + noise * rng.normal() : 0;
      b.setX(s, t, 0, u);
      acc += u * dt;
      if (target === 'integral') b.setY(s, t, 0, acc);
      else {
        const inResponse = t >= pulse + delay;
        b.setY(s, t, 0, inResponse ? Math.sign(mu) : 0, inResponse);
      }
    }
  }
  return b.done({ name: 'pulseIntegration', target, pulse, delay, muMax, noise, dt, seed });
}

export interface ContextIntegrationOptions {
  n?: number;
  stimulus?: number;
  delay?: number;
  response?: number;
  /** Coherences are drawn from ±this list (Mante et al. used graded coherences). */
  coherences?: readonly number[];
  noise?: number;
  seed?: number;
}

/**
 * Inputs [motion, colour, context-motion, context-colour]; both evidence streams are c + σξ during the stimulus;
 * the context inputs are on throughout; target sign(c_cued) in the response period (scored there only).
 */
export function contextIntegration({
  n = 64, stimulus = 20, delay = 5, response = 5, coherences = [0.1, 0.3, 0.5], noise = 1, seed = 0,
}: ContextIntegrationOptions = {}): SequenceDataset {
  for (const [k, v] of [['n', n], ['stimulus', stimulus], ['response', response]] as const) checkPositiveInteger('contextIntegration', k, v);
  checkInteger('contextIntegration', 'delay', delay, 0);
  checkNonNegativeNumber('contextIntegration', 'noise', noise);
  if (coherences.length === 0 || coherences.some((c) => !(c > 0))) throw new Error('contextIntegration: coherences must be a non-empty list of numbers > 0');
  const steps = stimulus + delay + response;
  const rng = new Rng(seed);
  const b = new Builder(n, steps, 4, 1);
  const pick = () => coherences[rng.int(coherences.length)]! * (rng.random() < 0.5 ? -1 : 1);
  for (let s = 0; s < n; s++) {
    const cm = pick();
    const cc = pick();
    const ctx = rng.int(2);
    for (let t = 0; t < steps; t++) {
      if (t < stimulus) {
        b.setX(s, t, 0, cm + noise * rng.normal());
        b.setX(s, t, 1, cc + noise * rng.normal());
      }
      b.setX(s, t, 2 + ctx, 1);
      const inResponse = t >= stimulus + delay;
      b.setY(s, t, 0, inResponse ? Math.sign(ctx === 0 ? cm : cc) : 0, inResponse);
    }
  }
  return b.done({ name: 'contextIntegration', stimulus, delay, response, coherences: [...coherences], noise, seed });
}

export interface DelayedMatchOptions { n?: number; stimuli?: number; sample?: number; delay?: number; test?: number; seed?: number }

/** Delayed match-to-sample with K one-hot stimuli: target +1 on a match, −1 otherwise, in the test period (scored there only). */
export function delayedMatch({ n = 64, stimuli = 2, sample = 5, delay = 10, test = 5, seed = 0 }: DelayedMatchOptions = {}): SequenceDataset {
  for (const [k, v] of [['n', n], ['sample', sample], ['test', test]] as const) checkPositiveInteger('delayedMatch', k, v);
  checkInteger('delayedMatch', 'stimuli', stimuli, 2);
  checkInteger('delayedMatch', 'delay', delay, 0);
  const steps = sample + delay + test;
  const rng = new Rng(seed);
  const b = new Builder(n, steps, stimuli, 1);
  for (let s = 0; s < n; s++) {
    const a = rng.int(stimuli);
    // Half the trials match; a non-match draws uniformly among the other K − 1 stimuli.
    const match = rng.random() < 0.5;
    const c = match ? a : (a + 1 + rng.int(stimuli - 1)) % stimuli;
    for (let t = 0; t < steps; t++) {
      if (t < sample) b.setX(s, t, a, 1);
      const inTest = t >= sample + delay;
      if (inTest) b.setX(s, t, c, 1);
      b.setY(s, t, 0, inTest ? (match ? 1 : -1) : 0, inTest);
    }
  }
  return b.done({ name: 'delayedMatch', stimuli, sample, delay, test, seed });
}
