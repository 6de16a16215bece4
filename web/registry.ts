/**
 * The explorer's views, listed once. The shell's tables derive from this
 * list: the tabs and their titles, the factories, the URL fields with their
 * defaults and ranges (each view's declared fields under its prefix, plus its
 * step counter `<prefix>.t`), and the guides. Adding a view: its page side
 * (web/views/<id>.ts exporting a ViewDefinition) goes here, its worker side
 * in web/compute/index.ts.
 */
import { defaultsOf, parseStateWith, serializeStateWith, type FieldTable, type State } from './state.js';
import { choice, num, type ViewDefinition } from './viewSpec.js';
import { flowDefinition } from './views/flow.js';
import { landscapeDefinition } from './views/landscape.js';
import { neuroDefinition } from './views/neuro.js';
import { stabilityDefinition } from './views/stability.js';
import { trainDefinition } from './views/train.js';

export const VIEW_DEFINITIONS: readonly ViewDefinition[] = [landscapeDefinition, stabilityDefinition, trainDefinition, flowDefinition, neuroDefinition];

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

/** Every URL field: the view, the seed, then each view's fields as `<prefix>.<name>` and its step `<prefix>.t`. */
export const FIELDS: FieldTable = {
  view: choice(VIEWS[0]!, VIEWS),
  seed: num(1, 0, 2 ** 32 - 1, true),
  ...Object.fromEntries(
    VIEW_DEFINITIONS.flatMap((d) => [
      ...Object.entries(d.fields).map(([name, field]) => [`${d.prefix}.${name}`, field] as const),
      [`${d.prefix}.t`, num(0, 0, d.maxSteps, true)] as const,
    ]),
  ),
};

export const DEFAULTS: State = defaultsOf(FIELDS);

export const parseState = (search: string): State => parseStateWith(FIELDS, search);
export const serializeState = (state: State): string => serializeStateWith(FIELDS, state);
