/**
 * The explorer's whole state as one flat record of named values, mirrored
 * in the URL's query string so that any view can be shared and reloaded
 * exactly: the view, every control, the seed, the start point and the step
 * reached. Keys are prefixed by view (ls. landscape, st. stability,
 * tr. training, fl. flow, nr. neural dynamics).
 */

export const VIEWS = ['landscape', 'stability', 'train', 'flow', 'neuro'] as const;
export type ViewId = (typeof VIEWS)[number];

export type Value = number | string;
export type State = Record<string, Value>;

/** Defaults; a key's type (number or string) is its default's type. */
export const DEFAULTS: State = {
  view: 'landscape',
  seed: 1,
  // Landscape and optimizers
  'ls.surface': 'rosenbrock',
  'ls.x': -1.2,
  'ls.y': 1,
  'ls.lr': 0.001,
  'ls.alr': 0.05,
  'ls.mom': 0.9,
  'ls.b1': 0.9,
  'ls.b2': 0.999,
  'ls.t': 0,
  // Stability of GD / heavy ball on a 2-D quadratic
  'st.kind': 'momentum',
  'st.l1': 1,
  'st.l2': 10,
  'st.lr': 0.15,
  'st.beta': 0.5,
  'st.t': 0,
  // Training a network
  'tr.data': 'moons',
  'tr.hidden': '8,8',
  'tr.act': 'tanh',
  'tr.init': 'default',
  'tr.opt': 'sgd',
  'tr.lr': 0.1,
  'tr.mom': 0.9,
  'tr.every': 20,
  'tr.t': 0,
  // Gradient flow vs GD
  'fl.surface': 'ravine',
  'fl.x': 1.5,
  'fl.y': 1,
  'fl.lr': 0.03,
  'fl.t': 0,
  // Neural dynamics
  'nr.cue': 90,
  'nr.j1': 7,
  'nr.noise': 0.05,
  'nr.patterns': 5,
  'nr.flip': 0.3,
  'nr.t': 0,
};

/** The step counter key of a view. */
export function stepKey(view: ViewId): string {
  return { landscape: 'ls.t', stability: 'st.t', train: 'tr.t', flow: 'fl.t', neuro: 'nr.t' }[view];
}

/** Parse a query string into a full state: unknown keys are dropped, malformed numbers fall back to the default. */
export function parseState(search: string): State {
  const params = new URLSearchParams(search);
  const state: State = { ...DEFAULTS };
  for (const [key, def] of Object.entries(DEFAULTS)) {
    const raw = params.get(key);
    if (raw === null) continue;
    if (typeof def === 'number') {
      const v = Number(raw);
      if (raw.trim() !== '' && Number.isFinite(v)) state[key] = v;
    } else state[key] = raw;
  }
  if (!(VIEWS as readonly string[]).includes(String(state.view))) state.view = DEFAULTS.view!;
  return state;
}

/** Shortest decimal that round-trips a float64 (so a reloaded URL reproduces the run bit for bit). */
function formatValue(v: Value): string {
  return typeof v === 'number' ? String(v) : v;
}

/** The query string of a state (every key, in a stable order). */
export function serializeState(state: State): string {
  const params = new URLSearchParams();
  for (const key of Object.keys(DEFAULTS)) params.set(key, formatValue(state[key] ?? DEFAULTS[key]!));
  return '?' + params.toString();
}

export function num(state: State, key: string): number {
  const v = state[key];
  return typeof v === 'number' ? v : Number(v);
}

export function str(state: State, key: string): string {
  return String(state[key]);
}

/** Hidden layer sizes from text like "8,8" (each 1…64, at most 4 layers); the default on bad input. */
export function parseHidden(text: string): number[] {
  const sizes = text
    .split(/[\s,x×]+/)
    .filter((s) => s !== '')
    .map(Number);
  if (sizes.length < 1 || sizes.length > 4 || sizes.some((s) => !Number.isInteger(s) || s < 1 || s > 64)) return [8, 8];
  return sizes;
}
