/**
 * View 5 — neural dynamics: the ring attractor's bump (activity over the
 * ring and over time; a cue places it, it persists after the cue ends) and
 * a Hopfield network settling from a corrupted pattern while its energy
 * falls monotonically.
 */
import { COLORS, Frame, colorBar, legend, viridis } from '../canvas.js';
import type { HopfieldResult, RingResult } from '../compute/neuroRun.js';
import { controlPanel, figure, formatValue } from '../controls.js';
import { num } from '../state.js';
import { coalesce, type View, type ViewContext } from '../view.js';
import { num as numField, type ViewDefinition } from '../viewSpec.js';
import guide from '../../docs/explorer/neuro.md?guide';

const FRAMES = 200;
const SIDE = 10;
const SWEEPS = 4;

const FIELDS = {
  cue: numField(90, 0, 359),
  j1: numField(7, 0, 10),
  noise: numField(0.05, 0, 0.5),
  patterns: numField(5, 1, 25, true),
  flip: numField(0.3, 0, 0.5),
};

export function neuroView({ host, client }: ViewContext): View {
  const el = document.createElement('section');
  el.className = 'view view-neuro';
  let ring: RingResult | null = null;
  let hop: HopfieldResult | null = null;
  const panel = controlPanel(
    host,
    'Ring attractor and Hopfield network',
    [
      { kind: 'range', key: 'nr.cue', label: 'Cue angle (ring)', step: 1, unit: '°' },
      { kind: 'range', key: 'nr.j1', label: 'Recurrent tuning J₁ (ring)', step: 0.1 },
      { kind: 'range', key: 'nr.noise', label: 'Initial noise (ring)', step: 0.01 },
      { kind: 'range', key: 'nr.patterns', label: 'Stored patterns P (Hopfield, N = 100)', step: 1 },
      { kind: 'range', key: 'nr.flip', label: 'Corrupted fraction of the cue pattern', step: 0.01 },
    ],
    () => {
      host.set('nr.t', 0);
      return recompute();
    },
    prefixed('nr'),
  );
  const ringMap = figure('Ring activity over time', 'heatmap of firing rate over ring angle and time; the cue is on until the dashed line', 'wide');
  const profile = figure('Bump now', 'firing rate around the ring at the current time');
  const hopState = figure('Hopfield state', 'the 10 by 10 network state, black = +1, white = −1, at the current update');
  const energy = figure('Hopfield energy', 'energy E = −½ sᵀWs against update, with the overlap with the cued pattern');
  el.append(panel.element, ringMap.figure, profile.figure, hopState.figure, energy.figure);
  legend(energy.legend, [
    { label: 'energy E', color: COLORS[0]! },
    { label: 'overlap m with the cued pattern (−1 at the bottom, 1 at the top)', color: COLORS[1]!, dash: true },
  ]);

  const recompute = coalesce(async () => {
    const seed = num(host.state, 'seed');
    [ring, hop] = await Promise.all([
      client.call('ring', { n: 64, j1: num(host.state, 'nr.j1'), cue: num(host.state, 'nr.cue'), noise: num(host.state, 'nr.noise'), seed, frames: FRAMES }),
      client.call('hopfield', { side: SIDE, patterns: Math.round(num(host.state, 'nr.patterns')), flip: num(host.state, 'nr.flip'), sweeps: SWEEPS, seed }),
    ]);
    host.report('neuro.finalEnergy', hop.energy[hop.energy.length - 1]!);
    host.report('neuro.bumpPosition', ring.position[ring.position.length - 1]!);
    draw();
  }, (e) => host.announce(String(e)));

  function draw(): void {
    if (!ring || !hop) return;
    const t = Math.min(FRAMES - 1, num(host.state, 'nr.t'));
    const r = ring;
    const tEnd = r.times[r.times.length - 1]!;
    let peak = 1e-9;
    for (const v of r.rates) for (const x of v) peak = Math.max(peak, x);
    const f = new Frame(ringMap.canvas, { x: [0, tEnd], y: [0, 360], xLabel: 'time (τ)', yLabel: 'angle on the ring (°)' });
    f.heatmap(r.times.length, r.n, (k) => viridis(r.rates[k % r.times.length]![Math.floor(k / r.times.length)]! / peak));
    colorBar(ringMap.legend, viridis, 0, peak, 'firing rate φ(x)');
    f.axes();
    f.clip(() => {
      f.line([r.cueEnd, r.cueEnd], [0, 360], '#fff', 1.5, [5, 3]);
      f.line([r.times[t]!, r.times[t]!], [0, 360], '#ff4d4d', 1.5);
      f.line([0, tEnd], [num(host.state, 'nr.cue'), num(host.state, 'nr.cue')], '#ffffff88', 1, [2, 4]);
    });
    ringMap.caption.textContent = `t = ${r.times[t]!.toFixed(1)}: bump at ${r.position[t]!.toFixed(1)}°, peak rate ${formatValue(r.amplitude[t]!)} (cue at ${num(host.state, 'nr.cue')}°, removed at t = ${r.cueEnd}).`;

    const pf = new Frame(profile.canvas, { x: [0, 360], y: [0, Math.max(peak * 1.1, 0.05)], xLabel: 'angle (°)', yLabel: 'rate φ(x)' });
    pf.axes();
    pf.clip(() => pf.line(Array.from({ length: r.n + 1 }, (_, i) => (360 * i) / r.n), [...r.rates[t]!, r.rates[t]![0]!], COLORS[0]!, 2));

    const h = hop;
    const u = Math.round((t / (FRAMES - 1)) * (h.states.length - 1));
    const s = h.states[u]!;
    const hf = new Frame(hopState.canvas, { x: [0, SIDE], y: [0, SIDE], xLabel: 'unit column', yLabel: 'unit row', equal: true });
    hf.heatmap(SIDE, SIDE, (k) => (s[(SIDE - 1 - Math.floor(k / SIDE)) * SIDE + (k % SIDE)]! > 0 ? [20, 20, 20] : [245, 245, 245]));
    hf.axes();
    colorBar(hopState.legend, (t) => [255 - 235 * t, 255 - 235 * t, 255 - 235 * t], -1, 1, 'unit state sᵢ');
    hopState.caption.textContent = `update ${u} of ${h.states.length - 1}: overlap with the cued pattern m = ${h.overlap[u]!.toFixed(2)}`;

    const eLo = Math.min(...h.energy);
    const eHi = Math.max(...h.energy);
    const ef = new Frame(energy.canvas, { x: [0, h.energy.length - 1], y: [eLo - 1, eHi + 1], xLabel: 'single-unit update', yLabel: 'E' });
    ef.axes();
    ef.clip(() => {
      ef.line(h.energy.map((_, k) => k), h.energy, COLORS[0]! + '40', 1);
      const ks = h.energy.slice(0, u + 1).map((_, k) => k);
      ef.line(ks, h.energy.slice(0, u + 1), COLORS[0]!, 2);
      // Overlap m ∈ [−1, 1] mapped onto the energy axis's range.
      const map = (m: number) => eLo - 1 + ((m + 1) / 2) * (eHi - eLo + 2);
      ef.line(ks, h.overlap.slice(0, u + 1).map(map), COLORS[1]!, 1.5, [5, 3]);
    });
    energy.caption.textContent = `E = ${h.energy[u]!.toFixed(2)} (start ${h.energy[0]!.toFixed(2)}, final ${h.energy[h.energy.length - 1]!.toFixed(2)}); P/N = ${(Math.round(num(host.state, 'nr.patterns')) / (SIDE * SIDE)).toFixed(2)} (capacity ≈ 0.14).`;
  }

  return {
    id: 'neuro',
    title: 'Neural dynamics',
    element: el,
    stepsPerFrame: 1,
    refresh: () => recompute(),
    async step(n) {
      const t = Math.min(FRAMES - 1, num(host.state, 'nr.t') + n);
      host.set('nr.t', t);
      draw();
      return t < FRAMES - 1;
    },
    draw,
    series: () =>
      hop && {
        name: 'hopfield',
        columns: ['update', 'energy', 'overlap'],
        rows: hop.energy.map((e, k) => [k, e, hop!.overlap[k] ?? NaN]),
      },
    sync: panel.sync,
  };
}

/** The fields under their URL keys, for the controls' ranges. */
function prefixed(prefix: string) {
  return Object.fromEntries(Object.entries(FIELDS).map(([k, f]) => [`${prefix}.${k}`, f]));
}

export const neuroDefinition: ViewDefinition = {
  id: 'neuro',
  title: 'Neural dynamics',
  prefix: 'nr',
  fields: FIELDS,
  maxSteps: FRAMES - 1,
  guide,
  create: neuroView,
};
