/**
 * View 6 — a trained RNN as a dynamical system: a small tanh RNN is trained in the worker on the 3-bit flip-flop
 * or on integrating a noisy pulse; its test trajectories are drawn in the top two principal components of the
 * states it visits, with the fixed points found at zero input marked by stability (Sussillo & Barak 2013).
 */
import { COLORS, Frame, legend } from '../canvas.js';
import { RNN_TASKS, type RnnResult, type RnnTask } from '../compute/rnnRun.js';
import { controlPanel, figure } from '../controls.js';
import { num, str } from '../state.js';
import { coalesce, type View, type ViewContext } from '../view.js';
import { choice, num as numField, type ViewDefinition } from '../viewSpec.js';
import guide from '../../docs/explorer/rnn.md?guide';

const KIND_COLORS: Record<string, string> = { stable: '#000000', marginal: COLORS[2]!, saddle: COLORS[5]!, unstable: COLORS[1]! };
const LABELS: Record<RnnTask, string> = { flipflop: '3-bit flip-flop', integrator: 'Integrate a noisy pulse' };

/** One precomputed run (training + fixed points): no steps to play. */
const FIELDS = {
  task: choice('flipflop', RNN_TASKS),
  hidden: numField(16, 4, 32, true),
  steps: numField(600, 50, 3000, true),
};

export function rnnView({ host, client }: ViewContext): View {
  const el = document.createElement('section');
  el.className = 'view view-rnn';
  let result: RnnResult | null = null;
  const panel = controlPanel(
    host,
    'Train an RNN, then find its fixed points',
    [
      { kind: 'select', key: 'rn.task', label: 'Task', options: RNN_TASKS.map((t) => [t, LABELS[t]]) },
      { kind: 'range', key: 'rn.hidden', label: 'Hidden units', step: 1 },
      { kind: 'range', key: 'rn.steps', label: 'Adam steps', step: 50 },
    ],
    () => recompute(),
    Object.fromEntries(Object.entries(FIELDS).map(([k, f]) => [`rn.${k}`, f])),
  );
  const states = figure('State space', 'test trajectories in the top two principal components, with the fixed points at zero input coloured by stability', 'wide');
  const loss = figure('Training loss', 'mean squared error of each Adam step, log scale');
  el.append(panel.element, states.figure, loss.figure);
  legend(states.legend, Object.entries(KIND_COLORS).map(([label, color]) => ({ label: `${label} fixed point`, color, dot: true })));

  const recompute = coalesce(async () => {
    host.announce('Training the RNN in the worker…');
    result = await client.call('rnn', { task: str(host.state, 'rn.task') as RnnTask, hidden: num(host.state, 'rn.hidden'), steps: num(host.state, 'rn.steps'), seed: num(host.state, 'seed') });
    const stable = result.points.filter((p) => p.kind === 'stable').length;
    host.report('rnn.stable', stable);
    host.report('rnn.points', result.points.length);
    host.report('rnn.testLoss', result.testLoss);
    host.announce(`Trained: test loss ${result.testLoss.toPrecision(3)}; ${result.points.length} fixed points, ${stable} stable.`);
    draw();
  }, (e) => host.announce(String(e)));

  function draw(): void {
    const r = result;
    if (!r) return;
    const xs = [...r.trajectories.flat().map((p) => p[0]), ...r.points.map((p) => p.x)];
    const ys = [...r.trajectories.flat().map((p) => p[1]), ...r.points.map((p) => p.y)];
    const pad = (a: number[]): [number, number] => {
      const lo = Math.min(...a);
      const hi = Math.max(...a);
      const m = 0.08 * (hi - lo || 1);
      return [lo - m, hi + m];
    };
    const f = new Frame(states.canvas, { x: pad(xs), y: pad(ys), xLabel: 'PC 1', yLabel: 'PC 2' });
    f.axes();
    f.clip(() => {
      r.trajectories.forEach((tr) => f.line(tr.map((p) => p[0]), tr.map((p) => p[1]), '#99999988', 1));
      for (const p of r.points) f.dot(p.x, p.y, KIND_COLORS[p.kind]!, p.kind === 'stable' ? 5 : 4);
    });
    const counts = ['stable', 'marginal', 'saddle', 'unstable'].map((k) => `${r.points.filter((p) => p.kind === k).length} ${k}`).join(', ');
    states.caption.textContent = `${counts}; PCs explain ${(100 * r.explained).toFixed(0)} % of the state variance; marginal: ||μ| − 1| ≤ ${r.marginalTol.toFixed(3)}.`;
    const lf = new Frame(loss.canvas, { x: [0, Math.max(1, r.loss.length - 1)], y: [Math.log10(Math.min(...r.loss)), Math.log10(Math.max(...r.loss))], xLabel: 'Adam step', yLabel: 'log₁₀ loss' });
    lf.axes();
    lf.clip(() => lf.line(r.loss.map((_, i) => i), r.loss.map(Math.log10), COLORS[0]!, 1.5));
    loss.caption.textContent = `final training loss ${r.loss[r.loss.length - 1]!.toPrecision(3)}, test loss ${r.testLoss.toPrecision(3)}`;
  }

  return {
    id: 'rnn',
    title: 'Trained RNN',
    element: el,
    stepsPerFrame: 1,
    refresh: () => recompute(),
    step: async () => false,
    draw,
    sync: panel.sync,
  };
}

export const rnnDefinition: ViewDefinition = {
  id: 'rnn',
  title: 'Trained RNN',
  prefix: 'rn',
  fields: FIELDS,
  maxSteps: 0,
  guide,
  create: rnnView,
};
