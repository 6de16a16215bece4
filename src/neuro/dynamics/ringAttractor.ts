/**
 * A ring attractor in the parameterization of Ben-Yishai, Bar-Or &
 * Sompolinsky (1995, "Theory of orientation tuning in visual cortex"), with
 * the asymmetric shift of Zhang (1996, "Representation of spatial
 * orientation by the intrinsic dynamics of the head-direction cell
 * ensemble") that makes the bump travel.
 *
 * The literature writes the interaction between units of preferred
 * orientation θ, θ′ ∈ (−π/2, π/2] as J(θ − θ′) = −J₀ + J₂ cos 2(θ − θ′):
 * J₀ ≥ 0 is uniform (global) inhibition, J₂ the strength of the tuned,
 * orientation-specific coupling. Here the units sit at φᵢ = 2θᵢ = 2πi/N on
 * the full circle, so cos 2(θᵢ − θⱼ) = cos(φᵢ − φⱼ), and
 *
 *   Wᵢⱼ = (−J₀ + J₂ [cos(φᵢ − φⱼ) + γ sin(φᵢ − φⱼ)]) / N,   τ dx/dt = −x + Wφ(x) + I.
 *
 * γ is Zhang's shift: W = W_sym − γ·W′_sym (W_sym(Δ) = J₂ cos Δ), to first
 * order the symmetric profile rotated by γ. The dynamics are in the
 * "voltage" form; the rate form τ dm/dt = −m + φ(Wm + I) of the paper is the
 * same system under m = φ(x) (x = Wm + I at a fixed point).
 *
 * For γ = 0 and J₂ above the bump threshold (the uniform state loses
 * stability to the cos mode: J₂·φ′/2 > 1, i.e. J₂ > 2 for φ = tanh at 0) a
 * localized bump of activity forms and persists without any cue-specific
 * input; since W commutes with rotations, every rotated bump is again a
 * fixed point — a continuous (line) attractor, which stores an angle.
 * (With N units the symmetry is exact only for rotations by 2π/N; a smooth
 * φ makes the remaining pinning negligible, threshold-linear units pin the
 * bump, within half a lattice spacing π/N, to lattice midpoints.)
 *
 * Drift: write the rotating bump as x(φ, t) = X(φ − ωt); with the static
 * bump X, Φ₁ = (1/N)Σ cos φⱼ φ(Xⱼ) and X′ = −J₂Φ₁ sin φ, the shift term
 * equals γJ₂Φ₁ sin φ = −γX′. Projecting −ωτX′ = −X + W_sym φ(X) − γX′ onto
 * the left null vector φ(X)′ of the linearization gives
 *
 *   ω = γ / τ   (radians of φ per unit time, counter-clockwise for γ > 0;
 *               the orientation θ = φ/2 turns at γ/(2τ)),
 *
 * independent of φ, J₂ and the bump's shape. The position is decoded by the
 * population vector ψ = arg Σⱼ φ(xⱼ) e^{iφⱼ}.
 *
 * Translation from this module's earlier names (W = (J₀′ + J₁′ cos + J₂′ sin)/N):
 * J₀ = −J₀′, J₂ = J₁′, γ = J₂′/J₁′.
 */
import { Rng } from '../../tensor/index.js';
import { rateNetwork, simulateRateNetwork, type RateNonlinearityName } from './rateNetwork.js';
import { checkInteger, checkNonNegativeNumber, checkOneOf, checkPositiveNumber } from '../../tensor/validate.js';

/** The units' angles φᵢ = 2πi/N on the full circle (φ = 2θ for orientations θ ∈ (−π/2, π/2]). */
export function ringAngles(n: number): Float64Array {
  checkInteger('ringAngles', 'n', n, 3);
  return Float64Array.from({ length: n }, (_, i) => (2 * Math.PI * i) / n);
}

export interface RingWeightsOptions {
  /** Uniform inhibition J₀ (enters as −J₀; Ben-Yishai et al.'s sign); default 0. */
  J0?: number;
  /** Tuning strength J₂ of the cos 2(θ − θ′) = cos(φ − φ′) coupling; default 4. */
  J2?: number;
  /** Zhang's shift γ: the asymmetric term γ·J₂ sin(φ − φ′) that drives the bump at ω = γ/τ; default 0. */
  gamma?: number;
}

/**
 * Wᵢⱼ = (−J₀ + J₂[cos(φᵢ − φⱼ) + γ sin(φᵢ − φⱼ)])/N, row-major.
 *
 * @example
 * ```ts
 * import { neuro } from 'learning-dynamics';
 *
 * const N = 32;
 * const net = neuro.rateNetwork({ W: neuro.ringWeights(N, { J0: 0, J2: 4 }), nonlinearity: 'tanh' });
 * const cue = Float64Array.from(neuro.ringAngles(N), (a) => 0.5 * Math.cos(a - 2));
 * const sim = neuro.simulateRateNetwork(net, cue, [0, 20], { tEval: [20] });
 * console.log(neuro.populationVector(sim.rates[0]!).angle); // ≈ 2: the bump stays where it was cued
 * ```
 */
export function ringWeights(n: number, { J0 = 0, J2 = 4, gamma = 0 }: RingWeightsOptions = {}): Float64Array {
  const phi = ringAngles(n);
  for (const [name, v] of [['J0', J0], ['J2', J2], ['gamma', gamma]] as const) if (!Number.isFinite(v)) throw new Error(`ringWeights: ${name} must be finite, got ${v}`);
  const W = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const d = phi[i]! - phi[j]!;
      W[i * n + j] = (-J0 + J2 * (Math.cos(d) + gamma * Math.sin(d))) / n;
    }
  }
  return W;
}

/** Population-vector decoding: angle ψ ∈ (−π, π] and length |Σ rⱼ e^{iθⱼ}|/N. */
export function populationVector(rates: ArrayLike<number>): { angle: number; length: number } {
  const n = rates.length;
  const theta = ringAngles(n);
  let c = 0;
  let s = 0;
  for (let j = 0; j < n; j++) {
    c += rates[j]! * Math.cos(theta[j]!);
    s += rates[j]! * Math.sin(theta[j]!);
  }
  return { angle: Math.atan2(s, c), length: Math.hypot(c, s) / n };
}

/** a − b wrapped to (−π, π]. */
export function wrappedAngleDifference(a: number, b: number): number {
  let d = (a - b) % (2 * Math.PI);
  if (d > Math.PI) d -= 2 * Math.PI;
  if (d <= -Math.PI) d += 2 * Math.PI;
  return d;
}

export interface RingAttractorConfig {
  /** Number of units; default 64 ('quick') or 128 ('full'). */
  n?: number;
  size?: 'quick' | 'full';
  /** Uniform inhibition J₀ (default 0). */
  J0?: number;
  /** Tuning strength J₂ (default 4). */
  J2?: number;
  /** φ; default 'tanh' (with J₀ = 0, J₂ = 4, I = 0). 'threshold-linear' works with e.g. J₀ = 2, J₂ = 6, I = 0.1. */
  nonlinearity?: RateNonlinearityName;
  /** Uniform background input I (no information about the angle); default 0. */
  input?: number;
  tau?: number;
  /** Cue angles of the persistence test; default five angles off the lattice. */
  angles?: number[];
  /** Amplitude of the initial bump x₀ = a·cos(θ − ψ) + noise; default 1. */
  cueAmplitude?: number;
  /** Std of independent Gaussian noise added to each unit of the cue in the persistence runs; default 0.2. */
  cueNoise?: number;
  seed?: number;
  /** Persistence horizon (after the cue, no input); default 50τ. */
  horizon?: number;
  /** Shifts γ of the drift sweep; default [0, 0.0125, 0.025, 0.05, 0.1]. */
  gammas?: number[];
  /** Settling time before drift (persistence) and speed (γ sweep) are measured, and the speed window; default 10τ and 20τ. */
  settle?: number;
  window?: number;
  /** J₂ of the control without a bump (below threshold); default 1.5. */
  controlJ2?: number;
}

export interface RingAttractorResult {
  n: number;
  /** Persistence: one row per cue angle (γ = 0). */
  persistence: {
    angle: number;
    /** Decoded angle at the end of the horizon. */
    finalAngle: number;
    /** |ψ(T) − ψ_cue| (wrapped): where the noisy cue left the bump. */
    cueError: number;
    /** max over t ≥ settle of |ψ(t) − ψ(settle)|: drift of the settled bump. */
    maxDrift: number;
    /** Population-vector length at the end (bump amplitude; 0 for a flat state). */
    finalLength: number;
    /** max φ − min φ at the end. */
    finalContrast: number;
  }[];
  /** Drift sweep: measured angular speed against the first-order prediction γ/τ. */
  drift: { gamma: number; speed: number; predicted: number }[];
  /** Least-squares slope of speed against γ, and the predicted 1/τ. */
  driftSlope: number;
  predictedSlope: number;
  /** The same cue with J₂ below the bump threshold: the population vector length at the end (decays to ≈ 0). */
  controlFinalLength: number;
  findings: {
    maxPersistenceDrift: number;
    maxCueError: number;
    minFinalLength: number;
    /** max |speed − predicted| / predicted over γ > 0. */
    maxSpeedRelativeError: number;
  };
}

function unwrap(angles: number[]): number[] {
  const out = [angles[0]!];
  for (let i = 1; i < angles.length; i++) out.push(out[i - 1]! + wrappedAngleDifference(angles[i]!, angles[i - 1]!));
  return out;
}

/** Bump persistence at several angles, drift speed against γ, and a sub-threshold control. */
/** `checkpoint`, if given, is called before every right-hand-side evaluation (the experiments runner's cancellation check: it may throw). */
export function ringAttractorStudy(config: RingAttractorConfig = {}, { checkpoint }: { checkpoint?: () => void } = {}): RingAttractorResult {
  const fn = 'ringAttractorStudy';
  const size = config.size ?? 'quick';
  checkOneOf(fn, 'size', size, ['quick', 'full'] as const);
  const n = config.n ?? (size === 'quick' ? 64 : 128);
  const { J0 = 0, J2 = 4, nonlinearity = 'tanh', input = 0, tau = 1, cueAmplitude = 1, cueNoise = 0.2, controlJ2 = 1.5, seed = 0 } = config;
  const angles = config.angles ?? [0.3, 1.7, 3.05, 4.4, 5.9];
  const horizon = config.horizon ?? 50 * tau;
  const gammas = config.gammas ?? [0, 0.0125, 0.025, 0.05, 0.1];
  const settle = config.settle ?? 10 * tau;
  const window = config.window ?? 20 * tau;
  checkPositiveNumber(fn, 'J2', J2);
  for (const [name, v] of [['horizon', horizon], ['settle', settle], ['window', window], ['tau', tau], ['cueAmplitude', cueAmplitude]] as const) {
    if (!(v > 0 && Number.isFinite(v))) throw new Error(`${fn}: ${name} must be a finite number > 0, got ${v}`);
  }
  if (angles.length < 1 || angles.some((a) => !Number.isFinite(a))) throw new Error(`${fn}: angles must be a non-empty list of finite angles`);
  if (new Set(gammas).size < 2 || gammas.some((j) => !Number.isFinite(j))) throw new Error(`${fn}: gammas must list ≥ 2 distinct finite values`);
  checkNonNegativeNumber(fn, 'cueNoise', cueNoise);
  if (!(settle < horizon)) throw new Error(`${fn}: settle must be < horizon, got settle ${settle} and horizon ${horizon}`);
  const theta = ringAngles(n);
  const rng = new Rng(seed);
  const cue = (psi: number, noise: number): Float64Array => Float64Array.from(theta, (t) => cueAmplitude * Math.cos(t - psi) + (noise > 0 ? rng.normal(0, noise) : 0));
  const run = (J2v: number, gamma: number, psi: number, T: number, points: number, noise = 0) => {
    const net = rateNetwork({ W: ringWeights(n, { J0, J2: J2v, gamma }), input, tau, nonlinearity });
    const tEval = Float64Array.from({ length: points }, (_, k) => (k * T) / (points - 1));
    const res = simulateRateNetwork(net, cue(psi, noise), [0, T], { tEval, checkpoint });
    if (res.status !== 'success') throw new Error(`${fn}: integration failed (${res.message})`);
    return res;
  };

  const persistence = angles.map((angle) => {
    const res = run(J2, 0, angle, horizon, 51, cueNoise);
    const decoded = res.rates.map(populationVector);
    const last = res.rates[res.rates.length - 1]!;
    const start = res.t.findIndex((t) => t >= settle - 1e-12);
    const settled = decoded[start]!.angle;
    return {
      angle,
      finalAngle: decoded[decoded.length - 1]!.angle,
      cueError: Math.abs(wrappedAngleDifference(decoded[decoded.length - 1]!.angle, angle)),
      maxDrift: Math.max(...decoded.slice(start).map((d) => Math.abs(wrappedAngleDifference(d.angle, settled)))),
      finalLength: decoded[decoded.length - 1]!.length,
      finalContrast: Math.max(...last) - Math.min(...last),
    };
  });

  const drift = gammas.map((gamma) => {
    const res = run(J2, gamma, 0, settle + window, 41);
    const ts: number[] = [];
    const psis: number[] = [];
    res.t.forEach((t, k) => {
      if (t >= settle - 1e-12) {
        ts.push(t);
        psis.push(populationVector(res.rates[k]!).angle);
      }
    });
    const un = unwrap(psis);
    // Least-squares slope of the unwrapped angle over the window.
    const mt = ts.reduce((a, b) => a + b, 0) / ts.length;
    const mp = un.reduce((a, b) => a + b, 0) / un.length;
    let sxy = 0;
    let sxx = 0;
    ts.forEach((t, i) => {
      sxy += (t - mt) * (un[i]! - mp);
      sxx += (t - mt) ** 2;
    });
    return { gamma, speed: sxy / sxx, predicted: gamma / tau };
  });
  const mj = gammas.reduce((a, b) => a + b, 0) / gammas.length;
  const ms = drift.reduce((a, d) => a + d.speed, 0) / drift.length;
  let sxy = 0;
  let sxx = 0;
  drift.forEach((d) => {
    sxy += (d.gamma - mj) * (d.speed - ms);
    sxx += (d.gamma - mj) ** 2;
  });

  const control = run(controlJ2, 0, angles[0]!, horizon, 3);
  const positive = drift.filter((d) => d.gamma !== 0);
  return {
    n,
    persistence,
    drift,
    driftSlope: sxy / sxx,
    predictedSlope: 1 / tau,
    controlFinalLength: populationVector(control.rates[control.rates.length - 1]!).length,
    findings: {
      maxPersistenceDrift: Math.max(...persistence.map((p) => p.maxDrift)),
      maxCueError: Math.max(...persistence.map((p) => p.cueError)),
      minFinalLength: Math.min(...persistence.map((p) => p.finalLength)),
      maxSpeedRelativeError: positive.length ? Math.max(...positive.map((d) => Math.abs(d.speed - d.predicted) / Math.abs(d.predicted))) : NaN,
    },
  };
}
