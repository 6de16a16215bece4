/**
 * Figures of the `neural-dynamics` experiment, from its study's result
 * (neuralDynamicsStudy.ts): the Hopfield energy of a symmetric and an
 * asymmetric network, the ring's bump during path integration, its drift
 * speed against the shift γ, and the persistence of cued angles. Every
 * caption is written from the run's own numbers.
 */
import type { HeatmapFigure, LineFigure, Point, ScatterFigure } from '../spec/figure.js';
import { CONTROL_J2, type NeuralDynamicsStudyResult } from './neuralDynamicsStudy.js';
import type { ExperimentFigure } from './types.js';
import { fmt } from './format.js';

/** Energies rescaled to [0, 1] by their own range, so a 16-unit descent and a 2-unit cycle share one axis. */
function normalized(t: number[], e: number[]): Point[] {
  const lo = Math.min(...e);
  const hi = Math.max(...e);
  return t.map((x, i) => ({ x, y: hi > lo ? (e[i]! - lo) / (hi - lo) : 0 }));
}

function energyFigure({ hopfield: h, config: c }: NeuralDynamicsStudyResult): LineFigure {
  const range = (e: number[]) => Math.max(...e) - Math.min(...e);
  const sym = h.symmetric;
  const asym = h.asymmetric;
  return {
    kind: 'line',
    title: 'Symmetric weights: energy only goes down. Asymmetric: it cycles',
    subtitle: 'Hopfield energy E(t), each curve rescaled by its own range',
    x: { label: 'time t / τ' },
    y: { label: '(E − E_min) / (E_max − E_min)' },
    series: [
      { name: `symmetric Hebbian W, ${c.hopfieldUnits} units (range ${fmt(range(sym.energy))})`, points: normalized(sym.t, sym.energy) },
      { name: `asymmetric W = aI + bJ, 2 units (range ${fmt(range(asym.energy))})`, points: normalized(asym.t, asym.energy) },
    ],
    caption:
      `E(v) = −½vᵀWv + Σᵢ∫₀^vᵢ φ⁻¹(s)ds at every accepted solver step. The symmetric network's energy falls by ${fmt(sym.totalDecrease)} and rises on ${sym.increases} of ${sym.energy.length - 1} steps ` +
      `while recall lifts the overlap with the stored pattern from ${fmt(sym.initialOverlap)} to ${fmt(sym.finalOverlap)}; the asymmetric pair's energy rises on ${asym.increases} of ${asym.energy.length - 1} steps and keeps oscillating (u₁ changes sign ${asym.oscillations} times in the second half).`,
  };
}

function bumpFigure({ path, config: c }: NeuralDynamicsStudyResult): HeatmapFigure {
  const n = c.ringUnits;
  const nx = path.t.length;
  const values: number[] = [];
  for (let j = 0; j < n; j++) for (let i = 0; i < nx; i++) values.push(path.rates[i]![j]!);
  const negative = values.some((v) => v < 0);
  const J = fmt(c.pathGamma);
  const [still, up, , down] = path.segments;
  return {
    kind: 'heatmap',
    title: 'A bump that holds an angle, and turns when told to',
    subtitle: `ring of ${n} units; γ = 0, +${J}, 0, −${J} for ${fmt(c.pathSegment)}τ each`,
    x: { label: 'time t / τ' },
    y: { label: 'preferred angle θ (rad)' },
    color: negative ? { label: 'rate φ(x)', scheme: 'diverging', center: 0 } : { label: 'rate φ(x)', scheme: 'sequential' },
    grid: { nx, ny: n, xRange: [path.t[0]!, path.t[nx - 1]!], yRange: [0, (2 * Math.PI * (n - 1)) / n], values },
    caption:
      `The band of high rates is the bump. The shift γ (weights γJ₂ sin(φᵢ − φⱼ)) acts as an angular-velocity input: the bump moves ${fmt(still!.turned, 2)} rad while γ = 0, ` +
      `turns by ${fmt(up!.turned, 6)} rad while γ = +${J} and by ${fmt(down!.turned, 6)} rad while γ = −${J} (prediction ±γT/τ = ±${fmt(up!.predicted, 6)} rad), and ends ${fmt(Math.abs(path.netTurn), 2)} rad from where the round trip began.`,
  };
}

function driftFigure({ ring }: NeuralDynamicsStudyResult): LineFigure {
  const top = Math.max(...ring.drift.map((d) => d.gamma));
  return {
    kind: 'line',
    title: 'Drift speed is proportional to the shift γ',
    subtitle: 'measured angular speed of the bump vs first-order theory ω = γ/τ (Zhang 1996)',
    x: { label: 'shift γ' },
    y: { label: 'angular speed ω (rad / τ)' },
    series: [
      { name: `theory γ/τ (slope ${fmt(ring.predictedSlope)})`, points: [{ x: 0, y: 0 }, { x: top, y: top * ring.predictedSlope }], style: 'dashed' },
      { name: `measured (slope ${fmt(ring.driftSlope, 6)})`, points: ring.drift.map((d) => ({ x: d.gamma, y: d.speed })), markers: true },
    ],
    caption: `The measured speeds lie on the dashed line ω = γ/τ: fitted slope ${fmt(ring.driftSlope, 6)} against ${fmt(ring.predictedSlope)}, largest relative deviation ${fmt(ring.findings.maxSpeedRelativeError, 2)} over ${ring.drift.length - 1} values of γ > 0.`,
  };
}

function persistenceFigure({ ring, config: c }: NeuralDynamicsStudyResult): ScatterFigure {
  // Log axis: values are floored at 1e-16 (float64 resolution of an angle of order 1).
  const floor = (v: number) => Math.max(v, 1e-16);
  return {
    kind: 'scatter',
    title: 'The bump stays wherever it was put',
    subtitle: `${c.ringCues} noisy cues, then no input for ${fmt(c.ringHorizon)}τ (γ = 0)`,
    x: { label: 'cued angle (rad)', domain: [0, 2 * Math.PI] },
    y: { label: 'angle error (rad)', scale: 'log' },
    groups: [
      { name: 'moved by the cue noise |ψ(T) − ψ_cue|', points: ring.persistence.map((p) => ({ x: p.angle, y: floor(p.cueError) })) },
      { name: 'drift after settling max |ψ(t) − ψ(10τ)|', points: ring.persistence.map((p) => ({ x: p.angle, y: floor(p.maxDrift) })) },
    ],
    caption:
      `No restoring force along the ring: the cue noise moves the stored angle once, by up to ${fmt(ring.findings.maxCueError, 2)} rad, and after settling nothing moves it more than ${fmt(ring.findings.maxPersistenceDrift, 2)} rad at any of the ${c.ringCues} angles. ` +
      `Below the bump threshold (J₂ = ${CONTROL_J2}) the cue is forgotten: population-vector length ${fmt(ring.controlFinalLength, 2)}.`,
  };
}

/** The figures of a neural-dynamics study. */
export function figures(r: NeuralDynamicsStudyResult): ExperimentFigure[] {
  return [
    { id: 'hopfield-energy', title: 'Hopfield energy: symmetric vs asymmetric weights', spec: energyFigure(r) },
    { id: 'ring-bump', title: 'Ring attractor activity over time', spec: bumpFigure(r) },
    { id: 'ring-drift', title: 'Bump drift speed vs asymmetry', spec: driftFigure(r) },
    { id: 'ring-persistence', title: 'Stored vs cued angle', spec: persistenceFigure(r) },
  ];
}
