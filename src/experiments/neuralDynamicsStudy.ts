/**
 * The computation of the `neural-dynamics` experiment: two circuits whose
 * computation is their dynamics. A typed config in, plain data out;
 * deterministic for a seed. Public as `experiments.neuralDynamics.study(config)`.
 *
 * Hopfield (1984): τu̇ = −u + W tanh(gu); a symmetric Hebbian W descends the
 * energy E, an asymmetric pair W = aI + bJ cycles (neuro.hopfieldStudy).
 *
 * Ring attractor (Ben-Yishai, Bar-Or & Sompolinsky 1995; Zhang 1996):
 * Wᵢⱼ = (−J₀ + J₂[cos(φᵢ − φⱼ) + γ sin(φᵢ − φⱼ)])/N. With γ = 0 a bump
 * persists at any angle; Zhang's shift γ makes it travel at ω = γ/τ
 * (neuro.ringAttractorStudy). Path integration (`ringPath`): the shift γ
 * plays the role of an angular-velocity input, switched through segments
 * (e.g. 0, +γ, 0, −γ), each integrated from the previous segment's end
 * state, with the activity of every unit recorded — a head-direction circuit.
 */
import { hopfieldStudy, populationVector, rateNetwork, ringAngles, ringAttractorStudy, ringWeights, simulateRateNetwork, wrappedAngleDifference, type HopfieldResult, type RateNonlinearityName, type RingAttractorResult } from '../neuro/dynamics/index.js';
import { Rng } from '../tensor/rng.js';
import type { StudyHooks } from './types.js';

export interface NeuralDynamicsStudyConfig {
  /** Symmetric Hebbian Hopfield network: units, stored ±1 patterns, fraction of pattern 1's bits flipped at the start, gain g, duration (τ). */
  hopfieldUnits: number;
  hopfieldPatterns: number;
  corruption: number;
  gain: number;
  hopfieldHorizon: number;
  /** a and b of the asymmetric pair W = aI + bJ (J the 90° rotation). */
  asymmetricSelf: number;
  asymmetricRotation: number;
  /** Ring: units N, rate function, uniform inhibition J₀, tuning strength J₂, uniform input I. */
  ringUnits: number;
  ringNonlinearity: RateNonlinearityName;
  ringJ0: number;
  ringJ2: number;
  ringInput: number;
  /** Persistence test: cue angles, cue noise (std per unit), duration (τ) without input. */
  ringCues: number;
  cueNoise: number;
  ringHorizon: number;
  /** Drift sweep: gammaCount values of γ evenly spaced in [0, gammaMax]. */
  gammaMax: number;
  gammaCount: number;
  /** Path integration: γ = 0, +pathGamma, 0, −pathGamma for pathSegment τ each, pathSamples samples per segment. */
  pathGamma: number;
  pathSegment: number;
  pathSamples: number;
  seed: number;
}

/** J₂ of the control ring: below the tanh bump threshold J₂ = 2, the uniform state is stable and no bump forms. */
export const CONTROL_J2 = 1.5;

export interface RingPathOptions {
  n: number;
  J0: number;
  J2: number;
  input: number;
  tau: number;
  nonlinearity: RateNonlinearityName;
  /** Shift γ of each segment, in order. */
  gammas: number[];
  /** Duration of each segment. */
  segment: number;
  /** Recorded samples per segment (the segment's start is the previous one's end). */
  samplesPerSegment: number;
  /** Cue x₀ = cos(θ − cueAngle) + noise. */
  cueAngle: number;
  cueNoise: number;
  /** Seed of the cue noise. */
  seed: number;
}

export interface RingPathSegment {
  gamma: number;
  /** Unwrapped change of the decoded angle over the segment, and the first-order prediction ωT = γT/τ. */
  turned: number;
  predicted: number;
}

export interface RingPathResult {
  /** Sample times, from 0 to gammas.length · segment. */
  t: number[];
  /** rates[k][i]: φ(x_i) at t_k. */
  rates: number[][];
  /** Decoded (wrapped) angle at each sample. */
  angle: number[];
  segments: RingPathSegment[];
  /** Decoded angle at the end minus at the end of the first segment (wrapped): the round-trip error when the turns cancel. */
  netTurn: number;
}

/** Simulate the ring through segments of constant shift γ and decode the bump position. */
export function ringPath(o: RingPathOptions, hooks: StudyHooks = {}): RingPathResult {
  if (o.gammas.length < 1) throw new Error('ringPath: gammas must list at least one segment');
  if (!(o.segment > 0) || !Number.isInteger(o.samplesPerSegment) || o.samplesPerSegment < 2) {
    throw new Error(`ringPath: segment must be > 0 and samplesPerSegment an integer ≥ 2, got ${o.segment} and ${o.samplesPerSegment}`);
  }
  const theta = ringAngles(o.n);
  const rng = new Rng(o.seed);
  let x: Float64Array = Float64Array.from(theta, (th) => Math.cos(th - o.cueAngle) + (o.cueNoise > 0 ? rng.normal(0, o.cueNoise) : 0));
  const t: number[] = [0];
  const phi0 = rateNetwork({ W: ringWeights(o.n, { J0: o.J0, J2: o.J2, gamma: 0 }), input: o.input, tau: o.tau, nonlinearity: o.nonlinearity }).phi;
  const rates: number[][] = [Array.from(x, (v) => phi0.f(v))];
  const angle: number[] = [populationVector(rates[0]!).angle];
  const segments: RingPathSegment[] = [];
  o.gammas.forEach((gamma, s) => {
    const net = rateNetwork({ W: ringWeights(o.n, { J0: o.J0, J2: o.J2, gamma }), input: o.input, tau: o.tau, nonlinearity: o.nonlinearity });
    const tEval = Float64Array.from({ length: o.samplesPerSegment }, (_, k) => (k * o.segment) / (o.samplesPerSegment - 1));
    const res = simulateRateNetwork(net, x, [0, o.segment], { tEval, checkpoint: hooks.checkpoint });
    if (res.status !== 'success') throw new Error(`ringPath: integration of segment ${s} failed (${res.message})`);
    let turned = 0;
    let previous = angle[angle.length - 1]!;
    for (let k = 1; k < res.y.length; k++) {
      const a = populationVector(res.rates[k]!).angle;
      turned += wrappedAngleDifference(a, previous);
      previous = a;
      t.push(s * o.segment + res.t[k]!);
      rates.push(Array.from(res.rates[k]!));
      angle.push(a);
    }
    segments.push({ gamma, turned, predicted: (gamma * o.segment) / o.tau });
    x = res.y[res.y.length - 1]!;
  });
  const afterFirst = angle[o.samplesPerSegment - 1]!;
  return { t, rates, angle, segments, netTurn: wrappedAngleDifference(angle[angle.length - 1]!, afterFirst) };
}

export interface NeuralDynamicsStudyResult {
  config: NeuralDynamicsStudyConfig;
  hopfield: HopfieldResult;
  ring: RingAttractorResult;
  path: RingPathResult;
}

/** Hopfield energy descent and cycling, ring-attractor persistence and drift, and path integration. */
export function study(c: NeuralDynamicsStudyConfig, hooks: StudyHooks = {}): NeuralDynamicsStudyResult {
  if (c.hopfieldPatterns > c.hopfieldUnits) throw new Error(`neural-dynamics: hopfieldPatterns must be ≤ hopfieldUnits (${c.hopfieldUnits}), got ${c.hopfieldPatterns}`);
  hooks.progress?.(0, 'Hopfield network');
  const hopfield = hopfieldStudy(
    { n: c.hopfieldUnits, patterns: c.hopfieldPatterns, corruption: c.corruption, gain: c.gain, horizon: c.hopfieldHorizon, asymmetric: { a: c.asymmetricSelf, b: c.asymmetricRotation }, seed: c.seed },
    hooks,
  );
  hooks.progress?.(0.2, 'ring attractor: persistence and drift');
  const lattice = (2 * Math.PI) / c.ringUnits;
  // Cues spread evenly, shifted by 0.37 of a lattice spacing so none sits on a unit.
  const angles = Array.from({ length: c.ringCues }, (_, k) => (2 * Math.PI * k) / c.ringCues + 0.37 * lattice + 0.3);
  const gammas = Array.from({ length: c.gammaCount }, (_, k) => (c.gammaMax * k) / (c.gammaCount - 1));
  const ringBase = { n: c.ringUnits, J0: c.ringJ0, J2: c.ringJ2, input: c.ringInput, nonlinearity: c.ringNonlinearity, tau: 1 };
  const ring = ringAttractorStudy({ ...ringBase, angles, cueNoise: c.cueNoise, horizon: c.ringHorizon, gammas, controlJ2: CONTROL_J2, seed: c.seed }, hooks);
  hooks.progress?.(0.7, 'ring attractor: path integration');
  const path = ringPath({ ...ringBase, gammas: [0, c.pathGamma, 0, -c.pathGamma], segment: c.pathSegment, samplesPerSegment: c.pathSamples, cueAngle: Math.PI, cueNoise: c.cueNoise, seed: c.seed }, hooks);
  hooks.progress?.(1, 'done');
  return { config: c, hopfield, ring, path };
}
