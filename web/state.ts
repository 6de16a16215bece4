/**
 * The explorer's whole state as one flat record of named values, mirrored
 * in the URL's query string so that any view can be shared and reloaded
 * exactly: the view, every control, the seed, the start point and the step
 * reached. The fields (names, defaults, ranges, choices) are declared by the
 * views and gathered into one schema in web/registry.ts; this module coerces,
 * parses and writes values against such a schema.
 *
 * A URL is untrusted input: parsing clamps every number to its field's range
 * (a slider's ends, a step counter's end of run), checks every choice against
 * a list of its own (never an object's keys, so `__proto__` is just an unknown
 * value), and returns a note for each value it changed, for the page to show.
 */

export type ViewId = string;
export type Value = number | string;
export type State = Record<string, Value>;

export type Field =
  | { kind: 'number'; default: number; min: number; max: number; integer?: boolean }
  | { kind: 'choice'; default: string; values: readonly string[] }
  | { kind: 'text'; default: string; /** The normalized text, or null when invalid. */ parse: (raw: string) => string | null; expect: string };

/** Full URL key (e.g. `tr.lr`) → field. */
export type FieldTable = Readonly<Record<string, Field>>;

export function defaultsOf(fields: FieldTable): State {
  return Object.fromEntries(Object.entries(fields).map(([k, f]) => [k, f.default]));
}

/** A value made valid for `key` of `fields`, with a note when it was changed (for the page to show). */
export function coerceWith(fields: FieldTable, key: string, raw: Value): { value: Value; note: string | null } {
  if (!Object.hasOwn(fields, key)) throw new Error(`unknown state key '${key}'`);
  const field = fields[key]!;
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
export function parseStateWith(fields: FieldTable, search: string): { state: State; notes: string[] } {
  const params = new URLSearchParams(search);
  const state = defaultsOf(fields);
  const notes: string[] = [];
  for (const key of Object.keys(fields)) {
    const raw = params.get(key);
    if (raw === null) continue;
    const { value, note } = coerceWith(fields, key, raw);
    state[key] = value;
    if (note) notes.push(note);
  }
  return { state, notes };
}

/** The query string of a state (every key, in the schema's order; String(number) is the shortest round-tripping decimal). */
export function serializeStateWith(fields: FieldTable, state: State): string {
  const params = new URLSearchParams();
  for (const [key, field] of Object.entries(fields)) params.set(key, String(state[key] ?? field.default));
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
export function parseHiddenStrict(text: string): number[] | null {
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
