/**
 * What a view declares about itself, so the shell's tables derive from one
 * place (web/registry.ts): its id and title, its URL fields (each with its
 * default and the range or choices a value must fall in, declared as data so
 * the URL parser can validate and clamp against them), its guide (the
 * markdown of docs/explorer/<id>.md, rendered at build time), and the factory
 * that builds its panel. A view is two files: the page side (web/views/<id>.ts,
 * exporting a ViewDefinition) and the worker side (web/compute/<id>….ts,
 * exporting its request handlers), each listed once in its registry.
 */
import type { View, ViewContext } from './view.js';

export type FieldSpec =
  /** A number in [min, max] (either bound optional), rounded when `integer`. */
  | { kind: 'number'; default: number; min?: number; max?: number; integer?: boolean }
  /** One of a fixed set of strings. */
  | { kind: 'enum'; default: string; values: readonly string[] }
  /** Free text, validated by the view (e.g. hidden layer sizes "8,8"). */
  | { kind: 'text'; default: string; pattern?: string };

export interface ViewDefinition {
  id: string;
  title: string;
  /** URL key prefix: the view's fields appear as `<prefix>.<name>`. */
  prefix: string;
  /** The view's URL fields by name (without the prefix); `t`, the step reached, is added by the registry. */
  fields: Record<string, FieldSpec>;
  /** Steps the view can take (the `t` field's maximum); Infinity for open-ended training. */
  maxSteps: number;
  /** The guide: HTML rendered at build time from docs/explorer/<id>.md (what it shows, the equation, things to try). */
  guide: string;
  create(ctx: ViewContext): View;
}

export const num = (def: number, min?: number, max?: number, integer = false): FieldSpec => ({ kind: 'number', default: def, ...(min === undefined ? {} : { min }), ...(max === undefined ? {} : { max }), ...(integer ? { integer } : {}) });
export const choice = (def: string, values: readonly string[]): FieldSpec => ({ kind: 'enum', default: def, values });
export const text = (def: string, pattern?: string): FieldSpec => ({ kind: 'text', default: def, ...(pattern === undefined ? {} : { pattern }) });
