/** Figures of the `stability` experiment, from its study's result (stabilityStudy.ts); captions from the run's numbers. */
import type { ComplexPlaneFigure, LineFigure, ScatterFigure, StabilityFigure } from '../spec/figure.js';
import { fmt } from './format.js';
import type { StabilityStudyResult } from './stabilityStudy.js';
import type { ExperimentFigure } from './types.js';

const REGIME_ORDER = ['converging-monotone', 'converging-oscillating', 'edge-of-stability', 'periodic', 'chaotic', 'stalled', 'irregular', 'diverging', 'exploding'];

const etas = (lrs: number[]) => lrs.map((lr) => fmt(lr)).join(', ');

function lossCurves(r: StabilityStudyResult, spectrum: number[]): LineFigure {
  const below = r.curves.filter((k) => k.rho < 1);
  const above = r.curves.filter((k) => k.rho > 1);
  // On a quadratic L_t = ½Σλ_i μ_i^{2t} c_i², so past 2/λ_max the loss grows like ρ² per step once the top mode dominates.
  const growth = above.map((k) => `×${fmt(k.growth)} per step at η = ${fmt(k.lr)} (ρ² = ${fmt(k.rho ** 2)})`).join(', ');
  return {
    kind: 'line',
    title: 'Quadratic: the step size decides the regime',
    subtitle: `GD on ½θᵀHθ, λ(H) = {${spectrum.join(', ')}}, 2/λ_max = ${fmt(r.criticalLr)}; legend: η, predicted ρ(J), observed regime`,
    caption:
      (below.length ? `Below 2/λ_max = ${fmt(r.criticalLr)} (η = ${etas(below.map((k) => k.lr))}) the loss falls at every step, fastest where ρ is smallest; ` : '') +
      (above.length ? `above it the loss grows: ${growth}. ` : '') +
      'An oscillating approach below 2/λ_max shows as sign flips of the iterate along the top eigenvector, which classifyRegime reads — the loss of a quadratic itself never rises there.',
    x: { label: 'step t' },
    y: { label: 'loss L(θ_t)', scale: 'log' },
    series: r.curves.map((run) => ({
      name: `η = ${fmt(run.lr)}: ρ = ${fmt(run.rho)}, ${run.regime}`,
      style: run.rho > 1 ? 'dashed' : 'solid',
      points: run.loss.map((y, x) => ({ x, y })).filter((p) => Number.isFinite(p.y) && p.y > 0),
    })),
  };
}

function eigenvalues(r: StabilityStudyResult): ComplexPlaneFigure {
  return {
    kind: 'complexPlane',
    title: 'Eigenvalues μ of the update map’s Jacobian',
    subtitle: 'autograd Jacobian of one step on the quadratic; outside the unit circle a direction grows like |μ|ᵗ',
    caption:
      `Each dot is a multiplier μ of one step; the circle is |μ| = 1. ${r.eigen.map((g) => `${g.name}: ρ = ${fmt(g.rho)}${g.rho > 1 ? ' (outside: grows)' : ''}`).join('; ')}. ` +
      `Every dot lies within ${fmt(Math.max(...r.eigen.map((g) => g.error)))} of its closed-form multiplier; Polyak's tuning puts all of them on the circle of radius √β = ${fmt(r.polyak.rate)}.`,
    groups: r.eigen.map((g) => ({ name: `${g.name} (ρ = ${fmt(g.rho)})`, points: g.points })),
    xLabel: 'Re μ',
    yLabel: 'Im μ',
    unitCircle: true,
  };
}

function diagram(r: StabilityStudyResult, momentumMax: number, steps: number): StabilityFigure {
  const regimes = REGIME_ORDER.filter((k) => r.diagram.cells.some((cell) => cell.regime === k));
  const nx = r.lrs.length;
  const cells = new Array<number>(nx * r.momenta.length).fill(-1);
  for (const cell of r.diagram.cells) cells[r.momenta.indexOf(cell.momentum) * nx + r.lrs.indexOf(cell.lr)] = regimes.indexOf(cell.regime);
  const betas = Array.from({ length: 41 }, (_, k) => (momentumMax * k) / 40);
  const c = r.comparison;
  return {
    kind: 'stability',
    title: 'Heavy ball: observed regime over (η, β) and the theoretical boundary',
    subtitle: `${steps} steps per cell; line: η_c(β) = 2(1 + β)/λ_max, where the multiplier μ = −1 leaves the unit circle`,
    caption:
      `Each cell is one run, coloured by the regime classifyRegime read from it. The observed regime is the one the Jacobian's spectrum predicts in ${c.matched} of ${c.comparable} cells (${fmt(100 * c.agreement)} %), ` +
      `and in ${fmt(100 * c.boundaryBracketed)} % of the β rows the switch from converging to diverging happens across the line η_c(β) = 2(1 + β)/λ_max (at β = 0: 2/λ_max = ${fmt(r.criticalLr)}).`,
    x: { label: 'step size η' },
    y: { label: 'momentum β' },
    regimes,
    grid: { nx, ny: r.momenta.length, xRange: [r.lrs[0]!, r.lrs[nx - 1]!], yRange: [r.momenta[0]!, r.momenta[r.momenta.length - 1]!] },
    cells,
    boundaries: [{ name: 'η_c = 2(1 + β)/λ_max', points: betas.map((b) => ({ x: (2 * (1 + b)) / r.lambdaMax, y: b })) }],
  };
}

function bifurcation(r: StabilityStudyResult): ScatterFigure {
  const label = (p: number | null) => (p === 1 ? 'fixed point' : p === null ? 'no period ≤ 16 (chaotic)' : p <= 4 ? `period ${p}` : 'period 8–16');
  const names = ['fixed point', 'period 2', 'period 4', 'period 8–16', 'no period ≤ 16 (chaotic)'];
  const chaos = r.wellRuns.find((w) => w.regime === 'chaotic');
  return {
    kind: 'scatter',
    title: 'Double well: past 2/L″ the minimum is unstable, but the orbit stays bounded',
    subtitle: 'GD on L(x) = (x² − 1)²/4 from x₀ = 0.3: the last 64 iterates per η (period doubling to chaos)',
    caption:
      'Right of the line η = 1 the multiplier at the minima, μ = 1 − 2η, is below −1, yet every orbit drawn stays bounded: ' +
      r.wellRuns.map((w) => `η = ${fmt(w.lr)}: ${w.regime}${w.regime === 'periodic' ? ` (period ${w.period})` : ''}`).join(', ') +
      (chaos ? `; the Lyapunov exponent at η = ${fmt(chaos.lr)} is ${fmt(chaos.lyapunov)} per step > 0.` : '.'),
    x: { label: 'step size η' },
    y: { label: 'iterate x_t (attractor)' },
    groups: names
      .map((name) => ({ name, points: r.bifurcation.filter((b) => label(b.period) === name).map((b) => ({ x: b.lr, y: b.x })) }))
      .filter((g) => g.points.length > 0),
    references: [
      { axis: 'x', value: 0.5, label: 'η = 1/L″(±1): oscillation' },
      { axis: 'x', value: 1, label: 'η = 2/L″(±1): unstable' },
    ],
  };
}

/** The figures of a stability study: quadratic loss curves, Jacobian eigenvalues, the (η, β) diagram, the double well. */
export function figures(r: StabilityStudyResult, c: { spectrum: number[]; momentumMax: number; diagramSteps: number }): ExperimentFigure[] {
  const list: Array<[string, ExperimentFigure['spec']]> = [
    ['loss-curves', lossCurves(r, c.spectrum)],
    ['jacobian-eigenvalues', eigenvalues(r)],
    ['momentum-diagram', diagram(r, c.momentumMax, c.diagramSteps)],
    ['double-well-bifurcation', bifurcation(r)],
  ];
  return list.map(([id, spec]) => ({ id, title: spec.title, spec }));
}
