/**
 * Helper of the `neural-dynamics` experiment: a ring attractor driven like a
 * head-direction circuit. The asymmetric weight term J₂ sin(θᵢ − θⱼ) plays
 * the role of an angular-velocity input: the bump turns at ω = J₂/(τJ₁)
 * while it is on and stays put while it is off. The run is split into
 * segments of constant J₂ (e.g. 0, +J₂, 0, −J₂), each integrated from the
 * previous segment's end state, and the activity of every unit is recorded.
 */
import type { StudyHooks } from './types.js';
import { populationVector, rateNetwork, ringAngles, ringWeights, simulateRateNetwork, wrappedAngleDifference, type RateNonlinearityName } from '../neuro/dynamics/index.js';
import type { Rng } from '../tensor/rng.js';

export interface RingPathOptions {
  n: number;
  J0: number;
  J1: number;
  input: number;
  tau: number;
  nonlinearity: RateNonlinearityName;
  /** J₂ of each segment, in order. */
  J2s: number[];
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
  J2: number;
  /** Unwrapped change of the decoded angle over the segment, and the first-order prediction ωT = J₂T/(τJ₁). */
  turned: number;
  predicted: number;
}

export interface RingPathResult {
  /** Sample times, from 0 to J2s.length · segment. */
  t: number[];
  /** rates[k][i]: φ(x_i) at t_k. */
  rates: Float64Array[];
  /** Decoded (wrapped) angle at each sample. */
  angle: number[];
  segments: RingPathSegment[];
  /** Decoded angle at the end minus at the end of the first segment (wrapped): the round-trip error when the turns cancel. */
  netTurn: number;
}

/** Simulate the ring through segments of constant asymmetry J₂ and decode the bump position. */
export function ringPath(o: RingPathOptions, hooks: StudyHooks = {}): RingPathResult {
  if (o.J2s.length < 1) throw new Error('ringPath: J2s must list at least one segment');
  if (!(o.segment > 0) || !Number.isInteger(o.samplesPerSegment) || o.samplesPerSegment < 2) {
    throw new Error(`ringPath: segment must be > 0 and samplesPerSegment an integer ≥ 2, got ${o.segment} and ${o.samplesPerSegment}`);
  }
  const theta = ringAngles(o.n);
  let x: Float64Array = Float64Array.from(theta, (th) => Math.cos(th - o.cueAngle) + (o.cueNoise > 0 ? o.rng.normal(0, o.cueNoise) : 0));
  const t: number[] = [0];
  const phi0 = rateNetwork({ W: ringWeights(o.n, { J0: o.J0, J1: o.J1, J2: 0 }), input: o.input, tau: o.tau, nonlinearity: o.nonlinearity }).phi;
  const rates: Float64Array[] = [Float64Array.from(x, (v) => phi0.f(v))];
  const angle: number[] = [populationVector(rates[0]!).angle];
  const segments: RingPathSegment[] = [];
  o.J2s.forEach((J2, s) => {
    const net = rateNetwork({ W: ringWeights(o.n, { J0: o.J0, J1: o.J1, J2 }), input: o.input, tau: o.tau, nonlinearity: o.nonlinearity });
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
    segments.push({ J2, turned, predicted: (J2 * o.segment) / (o.tau * o.J1) });
    x = res.y[res.y.length - 1]!;
  });
  const afterFirst = angle[o.samplesPerSegment - 1]!;
  return { t, rates, angle, segments, netTurn: wrappedAngleDifference(angle[angle.length - 1]!, afterFirst) };
}
