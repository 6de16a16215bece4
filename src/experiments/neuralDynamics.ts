/**
 * Experiment `neural-dynamics`: two circuits whose computation is their
 * dynamics.
 *
 * Hopfield (1984): τu̇ = −u + W tanh(gu). For symmetric W the energy
 * E = −½vᵀWv + Σ∫φ⁻¹ satisfies dE/dt = −τΣφ'(uᵢ)u̇ᵢ² ≤ 0, so recall is
 * descent to a stored pattern; an asymmetric pair W = aI + bJ cycles and
 * its energy rises as often as it falls (`hopfieldStudy`).
 *
 * Ring attractor (Ben-Yishai, Bar-Or & Sompolinsky 1995; Zhang 1996):
 * W_ij = (−J₀ + J₂[cos(φᵢ − φⱼ) + γ sin(φᵢ − φⱼ)])/N. With γ = 0 a bump
 * persists at any angle (a continuous attractor stores a number); Zhang's
 * shift γ makes it travel at ω = γ/τ (`ringAttractorStudy`), so γ
 * acts as an angular-velocity input and the bump integrates it — the
 * head-direction circuit. The computation is neuralDynamicsStudy.ts, the
 * figures neuralDynamicsFigures.ts.
 */
import { z } from 'zod';
import { ringAngles } from '../neuro/dynamics/index.js';
import { figures } from './neuralDynamicsFigures.js';
import { CONTROL_J2, study, type NeuralDynamicsStudyResult } from './neuralDynamicsStudy.js';
import { fmt } from './format.js';
import type { Experiment, ExperimentContext, ExperimentOutput, SeriesRow } from './types.js';

const schema = z.object({
  hopfieldUnits: z.number().int().min(4).max(256).default(16).describe('units of the symmetric (Hebbian) Hopfield network'),
  hopfieldPatterns: z.number().int().min(1).max(32).default(2).describe('random ±1 patterns stored by the Hebbian rule'),
  corruption: z.number().min(0).max(0.45).default(0.25).describe('fraction of the bits of pattern 1 flipped in the start state'),
  gain: z.number().min(0.5).max(20).default(4).describe('gain g of the rate v = tanh(g·u) of the symmetric network'),
  hopfieldHorizon: z.number().min(2).max(200).default(20).describe('duration (in τ) of the symmetric run; the asymmetric pair runs 4× as long'),
  asymmetricSelf: z.number().min(0.1).max(5).default(1.5).describe('a in the asymmetric pair W = aI + bJ (a > 1: the origin is unstable and the state cycles)'),
  asymmetricRotation: z.number().min(0).max(5).default(1).describe('b in W = aI + bJ, J the 90° rotation (the antisymmetric part)'),
  ringUnits: z.number().int().min(16).max(256).default(64).describe('units N of the ring attractor'),
  ringNonlinearity: z.enum(['tanh', 'threshold-linear']).default('tanh').describe('rate function φ of the ring (threshold-linear needs e.g. ringJ0 = 2, ringJ2 = 6, ringInput = 0.1)'),
  ringJ0: z.number().min(-10).max(10).default(0).describe('uniform inhibition J₀ of the ring (Ben-Yishai et al. 1995: J(Δ) = −J₀ + J₂ cos 2Δ)'),
  ringJ2: z.number().min(0.5).max(20).default(4).describe('tuning strength J₂ of the cos 2Δ coupling (tanh: a bump forms for J₂ > 2)'),
  ringInput: z.number().min(-1).max(1).default(0).describe('uniform background input I (carries no angle)'),
  ringCues: z.number().int().min(1).max(16).default(5).describe('cue angles of the persistence test, spread around the ring off the lattice'),
  cueNoise: z.number().min(0).max(1).default(0.2).describe('std of the independent noise added to each unit of the cue'),
  ringHorizon: z.number().min(15).max(500).default(50).describe('duration (in τ) of the persistence runs, without any input after the cue'),
  gammaMax: z.number().min(0.001).max(0.5).default(0.1).describe('largest shift γ (Zhang 1996) of the drift sweep'),
  gammaCount: z.number().int().min(2).max(16).default(5).describe('values of γ in the drift sweep, evenly spaced in [0, gammaMax]'),
  pathGamma: z.number().min(0.001).max(0.5).default(0.1).describe('shift γ (“angular velocity” input, ω = γ/τ) of the path-integration run: segments 0, +γ, 0, −γ'),
  pathSegment: z.number().min(2).max(200).default(20).describe('duration (in τ) of each segment of the path-integration run'),
  pathSamples: z.number().int().min(11).max(201).default(21).describe('recorded samples per segment of the path-integration run'),
});

export type NeuralDynamicsConfig = z.infer<typeof schema>;

function metricsOf({ hopfield: { symmetric: sym, asymmetric: asym }, ring, path }: NeuralDynamicsStudyResult): Record<string, number> {
  const [still, turnUp, , turnDown] = path.segments;
  return {
    symmetricMaxEnergyIncrease: sym.maxIncrease,
    symmetricEnergyIncreases: sym.increases,
    symmetricSteps: sym.energy.length - 1,
    symmetricEnergyDecrease: sym.totalDecrease,
    symmetricFinalSpeed: sym.finalSpeed,
    initialOverlap: sym.initialOverlap,
    finalOverlap: sym.finalOverlap,
    asymmetricEnergyIncreases: asym.increases,
    asymmetricSteps: asym.energy.length - 1,
    asymmetricMaxEnergyIncrease: asym.maxIncrease,
    asymmetricEnergyRange: asym.energyRange,
    asymmetricSignChanges: asym.oscillations,
    ringMaxPersistenceDrift: ring.findings.maxPersistenceDrift,
    ringMaxCueError: ring.findings.maxCueError,
    ringMinBumpLength: ring.findings.minFinalLength,
    ringControlLength: ring.controlFinalLength,
    driftSlope: ring.driftSlope,
    predictedDriftSlope: ring.predictedSlope,
    maxSpeedRelativeError: ring.findings.maxSpeedRelativeError,
    pathStillTurn: still!.turned,
    pathTurnUp: turnUp!.turned,
    pathTurnDown: turnDown!.turned,
    pathPredictedTurn: turnUp!.predicted,
    pathRoundTripError: path.netTurn,
  };
}

function seriesOf({ hopfield: { symmetric: sym, asymmetric: asym }, ring, path, config: c }: NeuralDynamicsStudyResult): Record<string, SeriesRow[]> {
  const energy: SeriesRow[] = [
    ...sym.t.map((t, i) => ({ network: 'symmetric', t, energy: sym.energy[i]! })),
    ...asym.t.map((t, i) => ({ network: 'asymmetric', t, energy: asym.energy[i]! })),
  ];
  const theta = ringAngles(c.ringUnits);
  const bump: SeriesRow[] = [];
  path.t.forEach((t, k) => theta.forEach((th, i) => bump.push({ t, theta: th, rate: path.rates[k]![i]! })));
  // Sample 0 is the cue; sample k ≥ 1 ends inside segment ⌊(k − 1)/(samples − 1)⌋.
  const segmentOf = (k: number) => (k === 0 ? 0 : Math.floor((k - 1) / (c.pathSamples - 1)));
  const decoded: SeriesRow[] = path.t.map((t, k) => ({ t, segment: segmentOf(k), gamma: path.segments[segmentOf(k)]!.gamma, angle: path.angle[k]! }));
  return { energy, persistence: ring.persistence.map((p) => ({ ...p })), drift: ring.drift.map((d) => ({ ...d })), bump, decoded };
}

/** Sentences written from the study's numbers. */
function findingsOf({ hopfield: { symmetric: sym, asymmetric: asym }, ring, path, config: c }: NeuralDynamicsStudyResult): string[] {
  const [still, turnUp, , turnDown] = path.segments;
  const positive = ring.drift.filter((d) => d.gamma > 0);
  return [
    `Symmetric Hebbian network (${c.hopfieldUnits} units, ${c.hopfieldPatterns} patterns, ${fmt(100 * c.corruption)} % of the bits of one flipped): the energy rose on ${sym.increases} of ${sym.energy.length - 1} accepted solver steps (largest change ${fmt(sym.maxIncrease, 2)}), fell by ${fmt(sym.totalDecrease)} in total, and the overlap with the stored pattern went from ${fmt(sym.initialOverlap)} to ${fmt(sym.finalOverlap)}.`,
    `Asymmetric pair W = aI + bJ (a = ${fmt(c.asymmetricSelf)}, b = ${fmt(c.asymmetricRotation)}): the same energy rose on ${asym.increases} of ${asym.energy.length - 1} steps (by up to ${fmt(asym.maxIncrease, 2)}), kept a range of ${fmt(asym.energyRange)} over the second half of the run, and u₁ changed sign ${asym.oscillations} times there — ${asym.oscillations > 1 ? 'a limit cycle, not a descent' : 'no sustained cycle for these parameters'}.`,
    `Ring of ${c.ringUnits} units (J₂ = ${fmt(c.ringJ2)}, γ = 0): bumps cued at ${c.ringCues} angles persisted for ${fmt(c.ringHorizon)}τ with no input (population-vector length ≥ ${fmt(ring.findings.minFinalLength)}); after settling they moved by at most ${fmt(ring.findings.maxPersistenceDrift, 2)} rad, while the cue noise shifted them by up to ${fmt(ring.findings.maxCueError, 2)} rad. Below threshold (J₂ = ${CONTROL_J2}) the cue is forgotten (length ${fmt(ring.controlFinalLength, 2)}).`,
    `Drift speed against γ ∈ [0, ${fmt(c.gammaMax)}] has slope ${fmt(ring.driftSlope, 6)} against the predicted 1/τ = ${fmt(ring.predictedSlope, 6)}; the largest relative deviation over γ > 0 is ${fmt(ring.findings.maxSpeedRelativeError, 2)}${positive.length ? '' : ' (no γ > 0 in the sweep)'}.`,
    `Path integration: with γ = 0 the bump formed from the noisy cue and moved ${fmt(still!.turned, 2)} rad in ${fmt(c.pathSegment)}τ; with γ = +${fmt(c.pathGamma)} it turned by ${turnUp!.turned.toFixed(5)} rad and with −${fmt(c.pathGamma)} by ${turnDown!.turned.toFixed(5)} rad (prediction ±${turnUp!.predicted.toFixed(5)} rad); after the round trip it is ${fmt(Math.abs(path.netTurn), 2)} rad from where it started.`,
  ];
}

function run(c: NeuralDynamicsConfig, ctx: ExperimentContext): ExperimentOutput<NeuralDynamicsConfig> {
  const r = study({ ...c, seed: ctx.seed }, ctx);
  // The bump table has units × samples rows (~31,000 at the full preset): a cancellation check on each side of it.
  ctx.checkpoint();
  const series = seriesOf(r);
  ctx.checkpoint();
  return {
    metrics: metricsOf(r),
    series,
    figures: figures(r),
    findings: findingsOf(r),
    sections: {
      setup: `Hopfield: $\\tau\\dot u = -u + W\\tanh(gu)$ with Hebbian $W = \\tfrac1n\\sum_\\mu \\xi^\\mu\\xi^{\\mu\\top}$ (zero diagonal), $n = ${c.hopfieldUnits}$, $g = ${fmt(c.gain)}$, started from a stored pattern with ${fmt(100 * c.corruption)} % of its bits flipped, for ${fmt(c.hopfieldHorizon)}τ (dopri5, rtol $10^{-8}$); and the two-unit $W = aI + bJ$ with $a = ${fmt(c.asymmetricSelf)}$, $b = ${fmt(c.asymmetricRotation)}$, $g = 1$. Ring: $N = ${c.ringUnits}$ units, $\\varphi = ${c.ringNonlinearity === 'tanh' ? '\\tanh' : '[\\cdot]_+'}$, weights $(-J_0 + J_2[\\cos(\\phi_i - \\phi_j) + \\gamma\\sin(\\phi_i - \\phi_j)])/N$ (Ben-Yishai, Bar-Or & Sompolinsky 1995; shift γ after Zhang 1996), $J_0 = ${fmt(c.ringJ0)}$, $J_2 = ${fmt(c.ringJ2)}$, $I = ${fmt(c.ringInput)}$; a cue $\\cos(\\theta - \\psi) + $ noise (σ = ${fmt(c.cueNoise)}) at ${c.ringCues} angles, then no input for ${fmt(c.ringHorizon)}τ; drift speed fitted over 20τ after 10τ of settling for ${c.gammaCount} values of $\\gamma$; and a path-integration run with $\\gamma = 0, +${fmt(c.pathGamma)}, 0, -${fmt(c.pathGamma)}$ for ${fmt(c.pathSegment)}τ each. Angles are decoded by the population vector.`,
      math: [
        'E(v) = -\\tfrac12 v^\\top W v + \\sum_i \\int_0^{v_i}\\varphi^{-1}(s)\\,ds, \\qquad W = W^\\top \\;\\Rightarrow\\; \\frac{dE}{dt} = -\\tau\\sum_i \\varphi\'(u_i)\\,\\dot u_i^2 \\le 0',
        'W_{ij} = \\frac{1}{N}\\big(-J_0 + J_2\\big[\\cos(\\theta_i - \\theta_j) + \\gamma\\sin(\\theta_i - \\theta_j)\\big]\\big), \\qquad \\tau\\dot x = -x + W\\varphi(x) + I',
        '\\psi = \\arg\\sum_j \\varphi(x_j)\\,e^{i\\theta_j}, \\qquad \\omega = \\dot\\psi = \\frac{\\gamma}{\\tau} + O(\\gamma^2)',
      ],
      teaches: 'Learning systems are not only trained by dynamics, they also compute with them. A symmetric network has a Lyapunov function, so its fixed points are minima of an energy and recall is gradient-like descent — the same structure as training, with the weights fixed and the state moving. Break the symmetry and the guarantee is gone: the state can cycle forever. A continuous symmetry of the weights (rotation of the ring) turns isolated fixed points into a continuum that stores an analog value with no restoring force, so it is fragile to noise in the cue but perfectly stable afterwards; a small antisymmetric term then moves the stored value at a rate proportional to it — integration built into the connectivity.',
      connection: 'Ring attractors are the standard model of head-direction cells: in the fly’s ellipsoid body a bump of activity tracks heading and is shifted by angular-velocity input, and grid-cell models extend the idea to two-dimensional path integration. Robots face the same problem (dead reckoning from odometry and gyros), and continuous-attractor networks are used in neuromorphic SLAM and heading estimation. Hopfield energies are the ancestor of energy-based models and, through modern Hopfield networks, of the attention mechanism.',
    },
  };
}

export const neuralDynamics: Experiment<NeuralDynamicsConfig> = {
  id: 'neural-dynamics',
  title: 'Neural circuits as dynamical systems: Hopfield energy and a ring attractor',
  question: 'How do recurrent circuits store memories and continuous variables in their dynamics, and what breaks it?',
  summary: 'Symmetric Hopfield networks descend an energy to a stored pattern while asymmetric ones can cycle; a ring attractor holds a bump at any angle and turns it at ω = γ/τ (Zhang’s shift), integrating an angular velocity like head-direction cells.',
  schema,
  // CPU seconds of the default preset (`npm run check:presets`, 2026-12-07 at load ≈ 1.5; BENCHMARKS.md "Cost models").
  // The part with no scale is the share that does not grow with the config (set-up, warm-up, fixed-size analyses),
  // fitted to the quick and full presets' CPU seconds (within 1.5×). At 64–128 units the solver's O(N) vector work
  // dominates the O(N²) products: full (2× the units, 2× the horizon, 2.4× the cues) took 5× the default, not 19×.
  cost: { seconds: 0.3, parts: [{ share: 0.2, scale: {} }, { share: 0.7, scale: { ringUnits: 1, ringHorizon: 1, ringCues: 1 } }, { share: 0.1, scale: { hopfieldUnits: 1, hopfieldHorizon: 1 } }] },
  presets: {
    quick: { ringUnits: 32, ringCues: 3, ringHorizon: 30, gammaCount: 3, pathSegment: 10, pathSamples: 21 },
    default: {},
    full: { hopfieldUnits: 64, hopfieldPatterns: 4, ringUnits: 128, ringCues: 12, ringHorizon: 100, gammaCount: 9, pathSegment: 30, pathSamples: 61 },
  },
  run,
};
