/**
 * Figures of the `optimizer-geometry` experiment, from its study's result
 * (optimizerGeometryStudy.ts): optimizer paths on contour plots (one panel
 * per optimizer), loss curves, measured rates against their closed forms,
 * saddle escape times, and a basin map. Every caption is written from the run's own numbers.
 */
import { basinsFigure, geomspaceArray, surfaceContourFigure, surfaceValues, type BasinsMap, type OptimizerRun, type Surface } from '../landscape/index.js';
import type { ContourPanel, LineFigure, LineSeries, PanelsFigure, Point, StabilityFigure } from '../spec/figure.js';
import { ADAM_DEFAULTS, RMSPROP_DEFAULTS, nesterovOptimal, polyakOptimal } from '../optim/index.js';
import { surfaces, type EscapeRow, type OptimizerGeometryStudyResult, type RateMethod, type RateRow } from './optimizerGeometryStudy.js';
import type { ExperimentFigure } from './types.js';
import { fmt } from './format.js';

/** `count` levels spaced geometrically from hi·10⁻ᵈᵉᶜᵃᵈᵉˢ to hi. */
function geometricLevels(hi: number, decades: number, count: number): number[] {
  return Array.from({ length: count }, (_, k) => hi * 10 ** (-decades + (decades * k) / (count - 1)));
}

/**
 * The path as drawn: cut where it first leaves the domain, and with the
 * points closer than 1/500 of the domain's diagonal to the last kept point
 * dropped (the last point always kept). At a panel's ≈ 250 px that is under
 * a pixel, so the drawing is unchanged while a crawl of thousands of tiny
 * steps along a valley costs a few hundred vertices instead of thousands in
 * every panel it appears in.
 */
function drawnPath(surface: Surface, path: readonly (readonly number[])[]): [number, number][] {
  const { x: [x0, x1], y: [y0, y1] } = surface.domain;
  const inside = (p: readonly number[]) => p[0]! >= x0 && p[0]! <= x1 && p[1]! >= y0 && p[1]! <= y1;
  const leave = path.findIndex((p) => !inside(p));
  const kept = leave < 0 ? path : path.slice(0, leave);
  const eps = Math.hypot(x1 - x0, y1 - y0) / 500;
  const out: [number, number][] = [];
  kept.forEach((p, t) => {
    const last = out[out.length - 1];
    if (!last || t === kept.length - 1 || Math.hypot(p[0]! - last[0], p[1]! - last[1]) >= eps) out.push([p[0]!, p[1]!]);
  });
  return out;
}

/**
 * Optimizer paths on a surface as small multiples: one contour panel per
 * optimizer (titled with its name, subtitled with its hyper-parameters), its
 * path bold with start and end markers over the others' drawn faint for
 * context, the critical points starred; the panels share axes, one colour
 * bar, and the surface's grid and the paths, each stated once on the figure,
 * so the paths compare at one scale without overplotting.
 */
function pathPanelsSpec(surface: Surface, runs: readonly OptimizerRun[], settings: readonly string[], resolution: number, text: { title: string; subtitle: string; caption: string }): PanelsFigure {
  const { x: [x0, x1], y: [y0, y1] } = surface.domain;
  const trajectories = runs.map((r) => ({ name: r.name, path: drawnPath(surface, r.path) }));
  const base = surfaceContourFigure(surface, { n: resolution, trajectories, markCritical: true });
  const corners = surfaceValues(surface, [x0, x0, x1, x1], [y0, y1, y0, y1]);
  base.levels = { values: geometricLevels(Math.max(...corners), 6, 19), spacing: 'log' };
  // The surface's samples and the paths are stated once, on the figure; each panel names the paths it draws and how.
  const { caption: _note, grid, trajectories: paths = [], ...field } = base;
  const panels = runs.map((_, i): ContourPanel => ({
    ...field,
    title: SHORT[i]!,
    subtitle: settings[i],
    trajectories: paths.map((t, j) => ({ name: t.name, emphasis: j === i ? 'focus' : 'context' })),
  }));
  return { kind: 'panels', ...text, grid, trajectories: paths, panels, columns: 3 };
}

/** f(θ_t) − f* on a log axis (thinned to ≤ 400 points per run). */
function lossCurvesSpec(runs: readonly OptimizerRun[], caption: string): LineFigure {
  const series: LineSeries[] = runs.map((r) => {
    const every = Math.max(1, Math.ceil(r.losses.length / 400));
    const points: Point[] = [];
    r.losses.forEach((l, t) => {
      if ((t % every === 0 || t === r.losses.length - 1) && l > 0 && Number.isFinite(l)) points.push({ x: t, y: l });
    });
    return { name: r.name, points };
  });
  return {
    kind: 'line',
    title: 'Rosenbrock: loss against step',
    subtitle: 'f(θ_t) − f*, f* = 0 at (1, 1)',
    x: { label: 'step t' },
    y: { label: 'f(θ_t) − f*', scale: 'log' },
    series,
    references: [{ axis: 'y', value: 1e-6, label: 'tolerance 1e-6' }],
    caption,
  };
}

const THEORY: Record<RateMethod, (kappa: number) => number> = {
  GD: (k) => 2 / (k + 1),
  'heavy ball': (k) => 2 / (Math.sqrt(k) + 1),
  Nesterov: (k) => 1 / Math.sqrt(k),
};

/** 1 − r against κ, log–log: slope −1 for GD, −1/2 for the momentum methods. */
function ratesSpec(rows: readonly RateRow[]): LineFigure {
  const kappas = [...new Set(rows.map((r) => r.kappa))].sort((a, b) => a - b);
  const lo = kappas[0]!;
  const hi = Math.max(kappas[kappas.length - 1]!, lo * 1.5);
  const dense = Array.from(geomspaceArray(lo, hi, 41));
  const series: LineSeries[] = [];
  for (const method of ['GD', 'heavy ball', 'Nesterov'] as const) {
    const measured = rows.filter((r) => r.method === method).sort((a, b) => a.kappa - b.kappa);
    series.push({ name: `${method} measured`, points: measured.map((r) => ({ x: r.kappa, y: 1 - r.measured })), markers: true });
    series.push({ name: `${method} theory`, points: dense.map((k) => ({ x: k, y: THEORY[method](k) })), style: 'dashed' });
  }
  return {
    kind: 'line',
    title: 'Convergence speed 1 − r against the condition number κ',
    subtitle: 'GD at η = 2/(μ+L): 2/(κ+1); heavy ball (Polyak): 2/(√κ+1); Nesterov: 1/√κ',
    x: { label: 'condition number κ', scale: 'log' },
    y: { label: '1 − r (error reduction per step)', scale: 'log' },
    series,
    caption:
      `Markers (measured) sit on the dashed closed forms, within ${fmt(100 * Math.max(...rows.map((r) => Math.abs(r.relativeError))), 2)} % at worst over κ = ${kappas.join(', ')}: GD's 1 − r falls like 1/κ (slope −1), the momentum methods' like 1/√κ (slope −½). ` +
      'Measured r = (e_T/e_{T/2})^{2/T} from runs of src/optim’s SGD on ½θᵀHθ; momentum’s double roots bias r up by ≤ 2^{2/T}.',
  };
}

/** Escape steps against |λ₋|, log–log, with the predictions. */
function escapeSpec(rows: readonly EscapeRow[], delta0: number, lr: number): LineFigure {
  const names = [...new Set(rows.map((r) => r.optimizer))];
  const series: LineSeries[] = [];
  for (const name of names) {
    const mine = rows.filter((r) => r.optimizer === name && r.measured >= 0).sort((a, b) => a.lambdaNeg - b.lambdaNeg);
    series.push({ name: `${name} measured`, points: mine.map((r) => ({ x: -r.lambdaNeg, y: Math.max(1, r.measured) })), markers: true });
    series.push({ name: `${name} predicted`, points: mine.map((r) => ({ x: -r.lambdaNeg, y: Math.max(1, r.theory) })), style: 'dashed' });
  }
  const gd = rows.filter((r) => r.optimizer === 'GD').sort((a, b) => a.lambdaNeg - b.lambdaNeg);
  series.push({ name: 'log(1/δ₀)/(η|λ₋|)', points: gd.map((r) => ({ x: -r.lambdaNeg, y: r.approx })), style: 'dotted' });
  return {
    kind: 'line',
    title: 'Escaping a strict saddle: steps until |y| ≥ 1',
    subtitle: `½x² − ½|λ₋|y² from (1, δ₀), δ₀ = ${fmt(delta0)}, η = ${lr}`,
    x: { label: 'negative curvature |λ₋|', scale: 'log' },
    y: { label: 'escape step', scale: 'log' },
    series,
    caption:
      `GD needs ${gd[0]?.measured} steps at |λ₋| = ${fmt(-(gd[0]?.lambdaNeg ?? NaN))} and ${gd.at(-1)?.measured} at |λ₋| = ${fmt(-(gd.at(-1)?.lambdaNeg ?? NaN))}, on its prediction ⌈log(1/δ₀)/log(1 + η|λ₋|)⌉ (dashed) and close to the dotted log(1/δ₀)/(η|λ₋|); ` +
      `heavy ball follows log(1/A)/log z₊ (z₊ the growing root of z² − (1+β+η|λ₋|)z + β); Adam's curve is flat at ${adamRange(rows)} steps, near (1 − δ₀)/η, because its step size does not see the curvature.`,
  };
}

/** The basin map of the largest step size; the smaller ones are summarized in the subtitle. */
function basinsSpec(maps: readonly BasinsMap[], lrs: readonly number[], curvature: readonly number[]): StabilityFigure {
  const last = maps.length - 1;
  const lr = lrs[last]!;
  const reached = (m: BasinsMap) => m.counts.minima.filter((n) => n > 0).length;
  const others = maps.slice(0, last).map((m, i) => `η = ${lrs[i]}: ${reached(m)} of 4 minima reached`);
  const sharp = curvature.map((l, k) => ({ l, k })).filter(({ l }) => l >= 2 / lr);
  const figure = basinsFigure(maps[last]!, {
    title: `Himmelblau basins of attraction under GD, η = ${lr}`,
    subtitle: [`${reached(maps[last]!)} of 4 minima reached`, ...others].join('; ') + (sharp.length > 0 ? `; λ_max ≥ 2/η = ${fmt(2 / lr)} at ${sharp.length} minima` : ''),
  });
  const total = maps[last]!.labels.length;
  figure.caption =
    `Each cell is a start, coloured by the minimum GD reaches from it in the allotted steps. Himmelblau's minima have λ_max = ${curvature.map((l) => fmt(l)).join(', ')}; ` +
    `at η = ${lr} (2/η = ${fmt(2 / lr)}) ${reached(maps[last]!)} of 4 minima attract starts and ${fmt((100 * maps[last]!.counts.notConverged) / total, 2)} % of starts do not converge` +
    (sharp.length > 0 ? `: the ${sharp.length} minim${sharp.length > 1 ? 'a' : 'um'} sharper than 2/η attract${sharp.length > 1 ? '' : 's'} nothing.` : '.');
  // Put 'not converged' (the last regime) first, so it gets the first palette colour, distinct from every minimum's.
  const n = figure.regimes.length;
  figure.regimes = [figure.regimes[n - 1]!, ...figure.regimes.slice(0, n - 1)];
  figure.cells = figure.cells.map((c) => (c === n - 1 ? 0 : c >= 0 ? c + 1 : c));
  return figure;
}

/** "12" or "11–13": the range of Adam's escape steps over the curvatures. */
function adamRange(rows: readonly EscapeRow[]): string {
  const steps = rows.filter((r) => r.optimizer === 'Adam').map((r) => r.measured);
  const lo = Math.min(...steps);
  const hi = Math.max(...steps);
  return lo === hi ? String(lo) : `${lo}–${hi}`;
}

const SHORT = ['GD', 'heavy ball', 'Nesterov', 'RMSprop', 'Adam'];

/** The figures of an optimizer-geometry study; `resolution` is the contour plots' samples per axis. */
export function figures(r: OptimizerGeometryStudyResult, resolution: number): ExperimentFigure[] {
  const c = r.config;
  const surf = surfaces(c);
  const rows = r.ravine.rows;
  const [gdRav, hbRav, , rmsRav, adamRav] = rows;
  const ravineCaption =
    `GD at η = ${fmt(c.gdStepFactor)}/λ_max bounces from wall to wall (${gdRav!.oscillations} crossings in ${c.ravineSteps} steps) and still has ${fmt(100 * gdRav!.alongRemaining, 2)} % of the floor to go; ` +
    `Polyak's heavy ball ends at ${fmt(hbRav!.finalDistance, 2)} of the initial distance. Adam (${fmt(adamRav!.finalDistance, 2)}) and RMSprop (${fmt(rmsRav!.finalDistance, 2)}) do worse than on the axis-aligned ravine ` +
    `(${fmt(r.ravine.alignedDistance[1]!, 2)} and ${fmt(r.ravine.alignedDistance[0]!, 2)}): their diagonal rescaling does not see a rotated floor.`;
  const rosen = r.rosenbrock.map((run, i) => `${SHORT[i]} ${run.stepsToTolerance === null ? `not within ${c.rosenbrockSteps} steps (f = ${fmt(run.losses.at(-1)!, 2)})` : `in ${run.stepsToTolerance} steps`}`);
  const reaching = `Reaching f ≤ 1e-6: ${rosen.join('; ')}.`;
  // The hyper-parameters the study ran with (optimizerGeometryStudy.ts): the ravine's heavy ball and Nesterov are tuned to its spectrum [μ, L].
  const [mu, L] = surf.ravine.eigenvalues;
  const polyak = polyakOptimal(mu, L);
  const nesterov = nesterovOptimal(mu, L);
  const rms = `η = ${fmt(c.adaptiveLr)}, α = ${RMSPROP_DEFAULTS.alpha}`;
  const adam = `η = ${fmt(c.adaptiveLr)}, β = (${ADAM_DEFAULTS.betas!.join(', ')})`;
  const ravineSettings = [`η = ${fmt(c.gdStepFactor)}/λ_max`, `Polyak's η = ${fmt(polyak.lr)}, β = ${fmt(polyak.momentum)}`, `η = 1/L, β = ${fmt(nesterov.momentum)}`, rms, adam];
  const rosenSettings = [`η = ${fmt(c.rosenbrockLr)}`, `η = ${fmt(c.rosenbrockLr)}, β = ${c.momentum}`, `η = ${fmt(c.rosenbrockLr)}, β = ${c.momentum}`, rms, adam];
  return [
    {
      id: 'ravine',
      title: 'Optimizers in a rotated ravine',
      spec: pathPanelsSpec(surf.ravine, r.ravine.runs, ravineSettings, resolution, {
        title: `Ravine: quadratic with κ = ${c.ravineKappa}, floor rotated ${fmt(c.ravineAngle, 2)} rad`,
        subtitle: `one panel per optimizer, the others faint; floor crossings in ${c.ravineSteps} steps: ${rows.map((row, i) => `${SHORT[i]} ${row.oscillations}`).join(', ')}`,
        caption: ravineCaption,
      }),
    },
    {
      id: 'rosenbrock',
      title: 'Optimizers on Rosenbrock',
      spec: pathPanelsSpec(surf.rosenbrock, r.rosenbrock, rosenSettings, resolution, {
        title: 'Rosenbrock valley from (−1.2, 1)',
        subtitle: `one panel per optimizer, the others faint; ${c.rosenbrockSteps} steps each; minimum at (1, 1)`,
        caption: `From (−1.2, 1) every optimizer first drops into the curved valley, then crawls along it to (1, 1). ${reaching}`,
      }),
    },
    { id: 'loss-curves', title: 'Loss curves on Rosenbrock', spec: lossCurvesSpec(r.rosenbrock, `The horizontal line is the tolerance 1e-6. ${reaching}`) },
    { id: 'rates', title: 'Convergence rates vs condition number', spec: ratesSpec(r.rates) },
    { id: 'saddle-escape', title: 'Escape time from a strict saddle', spec: escapeSpec(r.escapes, Math.abs(r.delta0), c.saddleLr) },
    { id: 'basins', title: 'Basins of attraction on Himmelblau', spec: basinsSpec(r.basins, r.basinLrs, r.curvature) },
  ];
}
