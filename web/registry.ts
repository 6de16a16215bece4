/**
 * The explorer's views, listed once. The shell's tables derive from this
 * list: the tabs and their titles, the factories, the one schema of the URL
 * state (each view's declared fields under its prefix, plus its step counter
 * `<prefix>.t`, with defaults, ranges and choices), and the guides. Adding a
 * view: its page side (web/views/<id>.ts exporting a ViewDefinition) goes
 * here, its worker side in web/compute/index.ts.
 */
import { coerceWith, defaultsOf, parseStateWith, serializeStateWith, type FieldTable, type State, type Value } from './state.js';
import { choice, num, type ViewDefinition } from './viewSpec.js';
import { flowDefinition } from './views/flow.js';
import { landscapeDefinition } from './views/landscape.js';
import { neuroDefinition } from './views/neuro.js';
import { rnnDefinition } from './views/rnn.js';
import { stabilityDefinition } from './views/stability.js';
import { trainDefinition } from './views/train.js';

export const VIEW_DEFINITIONS: readonly ViewDefinition[] = [landscapeDefinition, stabilityDefinition, trainDefinition, flowDefinition, neuroDefinition, rnnDefinition];

export const VIEWS: readonly string[] = VIEW_DEFINITIONS.map((d) => d.id);

export function definition(id: string): ViewDefinition {
  const def = VIEW_DEFINITIONS.find((d) => d.id === id);
  if (!def) throw new Error(`explorer: unknown view '${id}' (views: ${VIEWS.join(', ')})`);
  return def;
}

/** The step counter key of a view. */
export function stepKey(id: string): string {
  return `${definition(id).prefix}.t`;
}

/** The schema: the view, the seed, then each view's fields as `<prefix>.<name>` and its step `<prefix>.t`. */
export const FIELDS: FieldTable = Object.freeze({
  view: choice(VIEWS[0]!, VIEWS),
  seed: num(1, 0, 2 ** 32 - 1, true),
  ...Object.fromEntries(
    VIEW_DEFINITIONS.flatMap((d) => [
      ...Object.entries(d.fields).map(([name, field]) => [`${d.prefix}.${name}`, field] as const),
      [`${d.prefix}.t`, num(0, 0, d.maxSteps, true)] as const,
    ]),
  ),
});

/** The defaults of every key (derived from FIELDS). */
export const DEFAULTS: Readonly<State> = Object.freeze(defaultsOf(FIELDS));

/** True for a key of the state (own keys only: 'constructor' or '__proto__' are not keys). */
export function isKey(key: string): boolean {
  return Object.hasOwn(FIELDS, key);
}

export const coerce = (key: string, raw: Value): { value: Value; note: string | null } => coerceWith(FIELDS, key, raw);
export const parseState = (search: string): { state: State; notes: string[] } => parseStateWith(FIELDS, search);
export const serializeState = (state: State): string => serializeStateWith(FIELDS, state);
