/**
 * Helper of the `neural-dynamics` experiment: a ring attractor driven like a
 * head-direction circuit (Zhang 1996). The asymmetric shift γ (the weight
 * term γJ₂ sin(φᵢ − φⱼ)) plays the role of an angular-velocity input: the
 * bump turns at ω = γ/τ while it is on and stays put while it is off. The
 * run is split into segments of constant γ (e.g. 0, +γ, 0, −γ), each integrated from the
 * previous segment's end state, and the activity of every unit is recorded.
 */
import type { StudyHooks } from './types.js';
import { populationVector, rateNetwork, ringAngles, ringWeights, simulateRateNetwork, wrappedAngleDifference, type RateNonlinearityName } from '../neuro/dynamics/index.js';
import type { Rng } from '../tensor/rng.js';

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
  rng: Rng;
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
  rates: Float64Array[];
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
  let x: Float64Array = Float64Array.from(theta, (th) => Math.cos(th - o.cueAngle) + (o.cueNoise > 0 ? o.rng.normal(0, o.cueNoise) : 0));
  const t: number[] = [0];
  const phi0 = rateNetwork({ W: ringWeights(o.n, { J0: o.J0, J2: o.J2, gamma: 0 }), input: o.input, tau: o.tau, nonlinearity: o.nonlinearity }).phi;
  const rates: Float64Array[] = [Float64Array.from(x, (v) => phi0.f(v))];
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
      rates.push(res.rates[k]!);
      angle.push(a);
    }
    segments.push({ gamma, turned, predicted: (gamma * o.segment) / o.tau });
    x = res.y[res.y.length - 1]!;
  });
  const afterFirst = angle[o.samplesPerSegment - 1]!;
  return { t, rates, angle, segments, netTurn: wrappedAngleDifference(angle[angle.length - 1]!, afterFirst) };
}
