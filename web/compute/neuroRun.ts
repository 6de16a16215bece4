/**
 * Neural dynamics view's computations (run in the worker).
 *
 * Ring attractor (Ben-Yishai, Bar-Or & Sompolinsky 1995; Zhang 1996): N
 * rate units at angles θᵢ, τẋ = −x + W φ(x) + I(t), with
 * W_ij = (−J₀ + J₂ cos(φᵢ − φⱼ))/N (Ben-Yishai et al. 1995: tuned excitation J₂, global inhibition J₀)
 * and a rectified, saturating φ(x) = max(0, tanh x). For J₂ large enough a
 * localized bump of activity is a continuous family of fixed points; a
 * transient cue at angle θ_c places the bump there and it persists after
 * the cue is removed (the network remembers θ_c). Integrated with src/neuro's
 * rate network (solveIvp, dopri5).
 *
 * Hopfield network (Hopfield 1982): P random ±1 patterns stored by the
 * Hebb rule W = (1/N) Σ ξξᵀ (zero diagonal); asynchronous updates
 * sᵢ ← sign(Σⱼ W_ij sⱼ) never increase E(s) = −½ sᵀWs, so E falls until the
 * state settles in a stored pattern (for P ≪ 0.14 N) or a spurious minimum.
 * The weights come from the library's Hebb rule (src/neuro/dynamics); the
 * asynchronous ±1 updates are the view's animation of the binary network
 * (the library's continuous Hopfield model, with its Lyapunov energy, is what
 * the neural-dynamics experiment studies).
 */
import { hebbianWeights } from '../../src/neuro/dynamics/hopfield.js';
import { rateNetwork, simulateRateNetwork, type RateNonlinearity } from '../../src/neuro/dynamics/rateNetwork.js';
import { ringAngles, ringWeights } from '../../src/neuro/dynamics/ringAttractor.js';
import { Rng } from '../../src/tensor/index.js';

export interface RingParams {
  n: number;
  j1: number;
  /** Cue angle in degrees. */
  cue: number;
  /** Std of the random initial state. */
  noise: number;
  seed: number;
  /** Cue on for t < cueEnd; simulation to tEnd, reported at `frames` equal times. */
  cueEnd?: number;
  tEnd?: number;
  frames?: number;
}

export interface RingResult {
  n: number;
  times: number[];
  /** Rates φ(x) per frame, each of length n. */
  rates: Float64Array[];
  /** Bump position (population-vector angle, degrees) and amplitude per frame. */
  position: number[];
  amplitude: number[];
  cueEnd: number;
}

const rectifiedTanh: RateNonlinearity = {
  name: 'rectified tanh',
  f: (x) => (x > 0 ? Math.tanh(x) : 0),
  df: (x) => (x > 0 ? 1 - Math.tanh(x) ** 2 : 0),
};

export function ringAttractor(p: RingParams): RingResult {
  const { n, j1, seed } = p;
  const cueEnd = p.cueEnd ?? 5;
  const tEnd = p.tEnd ?? 40;
  const frames = p.frames ?? 200;
  const angles = ringAngles(n);
  // Ben-Yishai et al.'s ring: uniform inhibition J₀ = 2, tuning strength J₂ from the control (URL key j1).
  const W = ringWeights(n, { J0: 2, J2: j1 });
  const cue = (p.cue * Math.PI) / 180;
  const baseline = 0.1;
  const net = rateNetwork({
    W,
    nonlinearity: rectifiedTanh,
    tau: 1,
    input: (t, out) => {
      for (let i = 0; i < n; i++) out[i] = baseline + (t < cueEnd ? 0.5 * Math.exp(2 * (Math.cos(angles[i]! - cue) - 1)) : 0);
    },
  });
  const rng = new Rng(seed);
  const x0 = Float64Array.from({ length: n }, () => rng.normal(0, p.noise));
  const times = Array.from({ length: frames }, (_, k) => (tEnd * k) / (frames - 1));
  const sim = simulateRateNetwork(net, x0, [0, tEnd], { tEval: times, rtol: 1e-6, atol: 1e-8 });
  const position: number[] = [];
  const amplitude: number[] = [];
  for (const r of sim.rates) {
    let c = 0;
    let s = 0;
    let m = 0;
    for (let i = 0; i < n; i++) {
      c += r[i]! * Math.cos(angles[i]!);
      s += r[i]! * Math.sin(angles[i]!);
      m = Math.max(m, r[i]!);
    }
    position.push((((Math.atan2(s, c) * 180) / Math.PI) % 360 + 360) % 360);
    amplitude.push(m);
  }
  return { n, times: Array.from(sim.t), rates: sim.rates, position, amplitude, cueEnd };
}

export interface HopfieldParams {
  side: number;
  patterns: number;
  /** Fraction of the first pattern's bits flipped in the start state. */
  flip: number;
  sweeps: number;
  seed: number;
}

export interface HopfieldResult {
  side: number;
  /** State after each single-unit update (index 0: the start), as ±1 Int8Arrays. */
  states: Int8Array[];
  energy: number[];
  /** Overlap m = (1/N) ξ¹·s with the cued pattern after each update. */
  overlap: number[];
  target: Int8Array;
}

export function hopfieldRun(p: HopfieldParams): HopfieldResult {
  const N = p.side * p.side;
  const rng = new Rng(p.seed);
  const xi = Array.from({ length: p.patterns }, () => Int8Array.from({ length: N }, () => (rng.random() < 0.5 ? -1 : 1)));
  const W = hebbianWeights(xi);
  const s = Int8Array.from(xi[0]!);
  for (let i = 0; i < N; i++) if (rng.random() < p.flip) s[i] = -s[i]! as -1 | 1;
  // Local fields h = W s, kept up to date after each flip (O(N) per update).
  const h = new Float64Array(N);
  for (let i = 0; i < N; i++) for (let j = 0; j < N; j++) h[i] += W[i * N + j]! * s[j]!;
  let energy = 0;
  for (let i = 0; i < N; i++) energy -= 0.5 * s[i]! * h[i]!;
  let overlapSum = 0;
  for (let i = 0; i < N; i++) overlapSum += xi[0]![i]! * s[i]!;
  const states = [Int8Array.from(s)];
  const energies = [energy];
  const overlap = [overlapSum / N];
  for (let sweep = 0; sweep < p.sweeps; sweep++) {
    for (const i of rng.permutation(N)) {
      const next = h[i]! >= 0 ? 1 : -1;
      if (next !== s[i]) {
        // E changes by −(s'ᵢ − sᵢ) hᵢ (W symmetric, zero diagonal), which is ≤ 0 by the choice of s'ᵢ.
        energy -= (next - s[i]!) * h[i]!;
        overlapSum += xi[0]![i]! * (next - s[i]!);
        for (let k = 0; k < N; k++) h[k] += W[k * N + i]! * (next - s[i]!);
        s[i] = next;
      }
      states.push(Int8Array.from(s));
      energies.push(energy);
      overlap.push(overlapSum / N);
    }
  }
  return { side: p.side, states, energy: energies, overlap, target: xi[0]! };
}

/** The worker's requests for the neural-dynamics view. */
export const neuroHandlers = {
  ring: (p: RingParams): RingResult => ringAttractor(p),
  hopfield: (p: HopfieldParams): HopfieldResult => hopfieldRun(p),
};
