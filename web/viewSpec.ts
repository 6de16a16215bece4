/**
 * What a view declares about itself, so the shell's tables derive from one
 * place (web/registry.ts): its id and title, its URL fields (each with its
 * default and the range or choices a value must fall in, declared as data:
 * the one schema the URL parser clamps against, state.ts), its guide (the
 * markdown of docs/explorer/<id>.md, rendered at build time), and the factory
 * that builds its panel. A view is two files: the page side (web/views/<id>.ts,
 * exporting a ViewDefinition) and the worker side (web/compute/<id>….ts,
 * exporting its request handlers), each listed once in its registry.
 */
import type { Field } from './state.js';
import type { View, ViewContext } from './view.js';

export type FieldSpec = Field;

export interface ViewDefinition {
  id: string;
  title: string;
  /** URL key prefix: the view's fields appear as `<prefix>.<name>`. */
  prefix: string;
  /** The view's URL fields by name (without the prefix); `t`, the step reached, is added by the registry. */
  fields: Record<string, Field>;
  /** The step counter's end: the end of a precomputed run, or the longest training replay a URL may ask for. */
  maxSteps: number;
  /** The guide: HTML rendered at build time from docs/explorer/<id>.md (what it shows, the equation, things to try). */
  guide: string;
  create(ctx: ViewContext): View;
}

export const num = (def: number, min: number, max: number, integer = false): Field => ({ kind: 'number', default: def, min, max, ...(integer ? { integer } : {}) });
export const choice = (def: string, values: readonly string[]): Field => ({ kind: 'choice', default: def, values });
export const text = (def: string, parse: (raw: string) => string | null, expect: string): Field => ({ kind: 'text', default: def, parse, expect });

/** Start points typed or clicked on a surface: far beyond every surface's plotted box (a few units), still finite work. */
export const COORD = 100;
