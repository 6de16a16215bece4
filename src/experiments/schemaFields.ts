/**
 * Introspection of an experiment's config schema: the flat list of fields
 * (dotted keys for nested objects) with type, default, allowed values and
 * description. Built on zod 4's JSON-Schema export, which already carries
 * defaults, bounds, enums and `.describe()` texts.
 */
import { z } from 'zod';
import type { AnyExperiment, ConfigSchema, ConfigObject } from './types.js';

/** The subset of JSON Schema that zod emits for config fields. */
export interface JsonSchemaNode {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  description?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  items?: JsonSchemaNode;
  properties?: Record<string, JsonSchemaNode>;
  anyOf?: JsonSchemaNode[];
}

/** One configurable leaf of a schema. */
export interface ConfigField {
  /** Dotted path, e.g. `optimizer.lr`. */
  key: string;
  /** `number`, `integer`, `boolean`, `enum`, `string`, `number[]`, … or `json` for anything else. */
  type: string;
  default: unknown;
  /** Human-readable allowed values, e.g. `[0, 1]` or `one of: sgd, adam`. */
  allowed: string;
  description: string;
  schema: JsonSchemaNode;
}

/** The row `ldyn describe` prints for each field. */
export interface FieldDescription {
  key: string;
  type: string;
  default: unknown;
  allowed: string;
  description: string;
}

const fieldCache = new WeakMap<object, ConfigField[]>();

/** Drop the `null` branch zod emits for nullable/optional fields, so the field keeps its real type. */
function unwrapNullable(node: JsonSchemaNode): JsonSchemaNode {
  if (!node.anyOf) return node;
  const branches = node.anyOf.filter((b) => b.type !== 'null');
  if (branches.length !== 1) return node;
  return { ...branches[0]!, default: node.default ?? branches[0]!.default, description: node.description ?? branches[0]!.description };
}

function typeLabel(node: JsonSchemaNode): string {
  if (node.enum) return 'enum';
  if (node.const !== undefined) return 'literal';
  if (node.type === 'array') return `${node.items ? typeLabel(unwrapNullable(node.items)) : 'json'}[]`;
  if (typeof node.type === 'string' && ['number', 'integer', 'boolean', 'string'].includes(node.type)) return node.type;
  return 'json';
}

function rangeText(node: JsonSchemaNode): string {
  const lo = node.exclusiveMinimum ?? node.minimum;
  const hi = node.exclusiveMaximum ?? node.maximum;
  const loOpen = node.exclusiveMinimum !== undefined;
  const hiOpen = node.exclusiveMaximum !== undefined;
  if (lo !== undefined && hi !== undefined) return `${loOpen ? '(' : '['}${lo}, ${hi}${hiOpen ? ')' : ']'}`;
  if (lo !== undefined) return `${loOpen ? '>' : '≥'} ${lo}`;
  if (hi !== undefined) return `${hiOpen ? '<' : '≤'} ${hi}`;
  return '';
}

/** A sentence-free description of the values a JSON-Schema node accepts. */
export function allowedText(node: JsonSchemaNode): string {
  if (node.enum) return `one of: ${node.enum.map((v) => String(v)).join(', ')}`;
  if (node.const !== undefined) return `exactly ${JSON.stringify(node.const)}`;
  switch (node.type) {
    case 'number': {
      const range = rangeText(node);
      return range ? `number in ${range}` : 'any finite number';
    }
    case 'integer': {
      const range = rangeText(node);
      return range ? `integer in ${range}` : 'any integer';
    }
    case 'boolean':
      return 'true or false';
    case 'string':
      return 'any text';
    case 'array': {
      const item = node.items ? allowedText(unwrapNullable(node.items)) : 'any value';
      const count =
        node.minItems !== undefined && node.maxItems !== undefined
          ? `${node.minItems}–${node.maxItems} items`
          : node.minItems !== undefined
            ? `at least ${node.minItems} items`
            : node.maxItems !== undefined
              ? `at most ${node.maxItems} items`
              : '';
      return `comma-separated list${count ? ` of ${count}` : ''}, each ${item}`;
    }
    default:
      return 'a JSON value';
  }
}

function collect(node: JsonSchemaNode, prefix: string, out: ConfigField[]): void {
  for (const [name, raw] of Object.entries(node.properties ?? {})) {
    const child = unwrapNullable(raw);
    const key = prefix ? `${prefix}.${name}` : name;
    if (child.type === 'object' && child.properties) {
      collect(child, key, out);
      continue;
    }
    out.push({
      key,
      type: typeLabel(child),
      default: child.default,
      allowed: allowedText(child),
      description: child.description ?? '',
      schema: child,
    });
  }
}

/** The flat list of configurable fields of a schema (dotted keys for nested objects). */
export function configFields(schema: ConfigSchema<ConfigObject>): ConfigField[] {
  const cached = fieldCache.get(schema);
  if (cached) return cached;
  const root = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchemaNode;
  if (root.type !== 'object') {
    throw new Error(`configFields: a config schema must be a zod object, got JSON-Schema type ${JSON.stringify(root.type)}`);
  }
  const fields: ConfigField[] = [];
  collect(root, '', fields);
  fieldCache.set(schema, fields);
  return fields;
}

/** The dotted prefixes that name nested objects (`optimizer` for `optimizer.lr`). */
export function objectPrefixes(fields: ConfigField[]): Set<string> {
  const prefixes = new Set<string>();
  for (const f of fields) {
    const parts = f.key.split('.');
    for (let i = 1; i < parts.length; i++) prefixes.add(parts.slice(0, i).join('.'));
  }
  return prefixes;
}

/** One row per config field: key, type, default, allowed values and description. */
export function describeExperiment(experiment: AnyExperiment): FieldDescription[] {
  return configFields(experiment.schema).map(({ key, type, default: def, allowed, description }) => ({
    key,
    type,
    default: def,
    allowed,
    description,
  }));
}
