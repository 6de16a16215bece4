/**
 * The explorer's whole state as one flat record of named values, mirrored
 * in the URL's query string so that any view can be shared and reloaded
 * exactly: the view, every control, the seed, the start point and the step
 * reached. Keys are prefixed by view (ls. landscape, st. stability,
 * tr. training, fl. flow, nr. neural dynamics).
 *
 * A URL is untrusted input: `FIELDS` is the one schema of the state. Parsing
 * clamps every number to its control's range (a slider's ends, a step
 * counter's end of run), checks every choice against a list of its own
 * (never an object's keys, so `__proto__` is just an unknown value), and
 * returns a note for each value it changed, for the page to show. The
 * sliders check their ranges against this table when they are built.
 */
import { SURFACE_LABELS } from './compute/landscapeRun.js';
import { ACTIVATIONS, DATASETS, INITS, OPTIMIZERS } from './compute/trainSession.js';

export const VIEWS = ['landscape', 'stability', 'train', 'flow', 'neuro'] as const;
export type ViewId = (typeof VIEWS)[number];

export type Value = number | string;
export type State = Record<string, Value>;

export type Field =
  | { kind: 'number'; default: number; min: number; max: number; integer?: boolean }
  | { kind: 'choice'; default: string; values: readonly string[] }
  | { kind: 'text'; default: string; /** The normalized text, or null when invalid. */ parse: (raw: string) => string | null; expect: string };

const SURFACES = Object.keys(SURFACE_LABELS);
/** Start points typed or clicked on a surface: far beyond every surface's plotted box (a few units), still finite work. */
const COORD = 100;

function number(def: number, min: number, max: number, integer = false): Field {
  return { kind: 'number', default: def, min, max, integer };
}
function choice(def: string, values: readonly string[]): Field {
  return { kind: 'choice', default: def, values };
}

/**
 * The schema: every key, its default, and its range or allowed values. Step
 * counters end where their view's run ends (landscape 400 steps, stability
 * 60, flow 150, neural dynamics 200 frames); training replays at most 100,000
 * steps from a URL (≈ 40 s at the page's ≈ 2,400 steps/s; a replay is
 * cancelled by any newer request).
 */
export const FIELDS: Readonly<Record<string, Field>> = Object.freeze({
  view: choice('landscape', VIEWS),
  seed: number(1, 0, 2 ** 32 - 1, true),
  // Landscape and optimizers
  'ls.surface': choice('rosenbrock', SURFACES),
  'ls.x': number(-1.2, -COORD, COORD),
  'ls.y': number(1, -COORD, COORD),
  'ls.lr': number(0.001, 1e-5, 1),
  'ls.alr': number(0.05, 1e-4, 1),
  'ls.mom': number(0.9, 0, 0.99),
  'ls.b1': number(0.9, 0, 0.99),
  'ls.b2': number(0.999, 0.5, 0.9999),
  'ls.t': number(0, 0, 400, true),
  // Stability of GD / heavy ball on a 2-D quadratic
  'st.kind': choice('momentum', ['momentum', 'nesterov']),
  'st.l1': number(1, 0.1, 100),
  'st.l2': number(10, 0.1, 100),
  'st.lr': number(0.15, 1e-3, 2),
  'st.beta': number(0.5, 0, 0.98),
  'st.t': number(0, 0, 60, true),
  // Training a network
  'tr.data': choice('moons', DATASETS),
  'tr.hidden': { kind: 'text', default: '8,8', parse: (raw) => parseHiddenStrict(raw)?.join(',') ?? null, expect: '1 to 4 layer sizes, each 1–64, separated by commas' },
  'tr.act': choice('tanh', ACTIVATIONS),
  'tr.init': choice('default', INITS),
  'tr.opt': choice('sgd', OPTIMIZERS),
  'tr.lr': number(0.1, 1e-4, 3),
  'tr.mom': number(0.9, 0, 0.99),
  'tr.every': number(20, 0, 100, true),
  'tr.t': number(0, 0, 100_000, true),
  // Gradient flow vs GD
  'fl.surface': choice('ravine', SURFACES.filter((s) => s !== 'saddle')),
  'fl.x': number(1.5, -COORD, COORD),
  'fl.y': number(1, -COORD, COORD),
  'fl.lr': number(0.03, 1e-4, 0.5),
  'fl.t': number(0, 0, 150, true),
  // Neural dynamics
  'nr.cue': number(90, 0, 359),
  'nr.j1': number(7, 0, 10),
  'nr.noise': number(0.05, 0, 0.5),
  'nr.patterns': number(5, 1, 25, true),
  'nr.flip': number(0.3, 0, 0.5),
  'nr.t': number(0, 0, 199, true),
});

/** The defaults of every key (derived from FIELDS). */
export const DEFAULTS: Readonly<State> = Object.freeze(Object.fromEntries(Object.entries(FIELDS).map(([k, f]) => [k, f.default])));

/** True for a key of the state (own keys only: 'constructor' or '__proto__' are not keys). */
export function isKey(key: string): boolean {
  return Object.hasOwn(FIELDS, key);
}

/** The step counter key of a view. */
export function stepKey(view: ViewId): string {
  return { landscape: 'ls.t', stability: 'st.t', train: 'tr.t', flow: 'fl.t', neuro: 'nr.t' }[view];
}

/** A value made valid for `key`, with a note when it was changed (for the page to show). */
export function coerce(key: string, raw: Value): { value: Value; note: string | null } {
  if (!isKey(key)) throw new Error(`unknown state key '${key}'`);
  const field = FIELDS[key]!;
  const shown = typeof raw === 'string' ? JSON.stringify(raw.length > 40 ? raw.slice(0, 40) + '…' : raw) : String(raw);
  if (field.kind === 'choice') {
    const s = String(raw);
    if (field.values.includes(s)) return { value: s, note: null };
    return { value: field.default, note: `${key}=${shown} is not one of ${field.values.join(', ')}; using ${field.default}` };
  }
  if (field.kind === 'text') {
    const parsed = field.parse(String(raw));
    if (parsed !== null) return { value: parsed, note: null };
    return { value: field.default, note: `${key}=${shown} is not ${field.expect}; using ${field.default}` };
  }
  const v = typeof raw === 'number' ? raw : String(raw).trim() === '' ? NaN : Number(raw);
  if (!Number.isFinite(v)) return { value: field.default, note: `${key}=${shown} is not a finite number; using ${field.default}` };
  let c = Math.min(field.max, Math.max(field.min, v));
  if (field.integer) c = Math.min(field.max, Math.max(field.min, Math.round(c)));
  if (c === v) return { value: c, note: null };
  return { value: c, note: `${key}=${shown} is outside ${field.min}…${field.max}${field.integer ? ' (an integer)' : ''}; using ${c}` };
}

/**
 * Parse a query string into a full, valid state: unknown keys are dropped,
 * every value is coerced by its field (notes list what was changed).
 */
export function parseState(search: string): { state: State; notes: string[] } {
  const params = new URLSearchParams(search);
  const state: State = { ...DEFAULTS };
  const notes: string[] = [];
  for (const key of Object.keys(FIELDS)) {
    const raw = params.get(key);
    if (raw === null) continue;
    const { value, note } = coerce(key, raw);
    state[key] = value;
    if (note) notes.push(note);
  }
  return { state, notes };
}

/** Shortest decimal that round-trips a float64 (so a reloaded URL reproduces the run bit for bit). */
function formatValue(v: Value): string {
  return typeof v === 'number' ? String(v) : v;
}

/** The query string of a state (every key, in a stable order). */
export function serializeState(state: State): string {
  const params = new URLSearchParams();
  for (const key of Object.keys(FIELDS)) params.set(key, formatValue(state[key] ?? DEFAULTS[key]!));
  return '?' + params.toString();
}

export function num(state: State, key: string): number {
  const v = state[key];
  return typeof v === 'number' ? v : Number(v);
}

export function str(state: State, key: string): string {
  return String(state[key]);
}

/** Hidden layer sizes from text like "8,8" (each 1…64, 1 to 4 layers), or null. */
function parseHiddenStrict(text: string): number[] | null {
  const sizes = text
    .split(/[\s,x×]+/)
    .filter((s) => s !== '')
    .map(Number);
  if (sizes.length < 1 || sizes.length > 4 || sizes.some((s) => !Number.isInteger(s) || s < 1 || s > 64)) return null;
  return sizes;
}

/** Hidden layer sizes from text like "8,8" (each 1…64, at most 4 layers); the default on bad input. */
export function parseHidden(text: string): number[] {
  return parseHiddenStrict(text) ?? [8, 8];
}
