/**
 * The explorer's whole state as one flat record of named values, mirrored
 * in the URL's query string so that any view can be shared and reloaded
 * exactly: the view, every control, the seed, the start point and the step
 * reached. The fields (names, defaults, ranges, choices) are declared by the
 * views and gathered in web/registry.ts; this module parses and writes a
 * query string against such a table.
 */
import type { FieldSpec } from './viewSpec.js';

export type Value = number | string;
export type State = Record<string, Value>;
export type ViewId = string;
/** Full URL key (e.g. `tr.lr`) → field. */
export type FieldTable = Record<string, FieldSpec>;

export function defaultsOf(fields: FieldTable): State {
  return Object.fromEntries(Object.entries(fields).map(([k, f]) => [k, f.default]));
}

/** A value read from the URL, or the field's default when it is malformed: numbers clamped to the range, choices checked. */
export function fieldValue(field: FieldSpec, raw: string): Value {
  if (field.kind === 'number') {
    const v = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(v)) return field.default;
    const clamped = Math.min(field.max ?? Infinity, Math.max(field.min ?? -Infinity, v));
    return field.integer ? Math.round(clamped) : clamped;
  }
  if (field.kind === 'enum') return field.values.includes(raw) ? raw : field.default;
  return field.pattern === undefined || new RegExp(`^(?:${field.pattern})$`).test(raw) ? raw : field.default;
}

/** Parse a query string into a full state: unknown keys are dropped, malformed values fall back to the default. */
export function parseStateWith(fields: FieldTable, search: string): State {
  const params = new URLSearchParams(search);
  const state = defaultsOf(fields);
  for (const [key, field] of Object.entries(fields)) {
    const raw = params.get(key);
    if (raw !== null) state[key] = fieldValue(field, raw);
  }
  return state;
}

/** The query string of a state (every key, in the table's order; String(number) is the shortest round-tripping decimal). */
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

/** Hidden layer sizes from text like "8,8" (each 1…64, at most 4 layers); the default on bad input. */
export function parseHidden(text: string): number[] {
  const sizes = text
    .split(/[\s,x×]+/)
    .filter((s) => s !== '')
    .map(Number);
  if (sizes.length < 1 || sizes.length > 4 || sizes.some((s) => !Number.isInteger(s) || s < 1 || s > 64)) return [8, 8];
  return sizes;
}
