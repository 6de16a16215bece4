/**
 * Config resolution: defaults < preset < config file < --set, then
 * validation against the experiment's schema. Every problem is reported at
 * once in a ConfigError naming the key, the value given and what is allowed,
 * before any work starts.
 */
import type { AnyExperiment, ConfigObject, PresetName } from './types.js';
import { PRESET_NAMES } from './types.js';
import { configFields, objectPrefixes, type ConfigField } from './schemaFields.js';

export interface ConfigIssue {
  key: string;
  value: unknown;
  allowed: string;
  message: string;
}

/** A bad config: unknown keys, unparsable or out-of-range values. Exit code 2 on the command line. */
export class ConfigError extends Error {
  constructor(readonly issues: ConfigIssue[]) {
    super(issues.map((i) => i.message).join('\n'));
    this.name = 'ConfigError';
  }

  static single(key: string, value: unknown, allowed: string, message: string): ConfigError {
    return new ConfigError([{ key, value, allowed, message }]);
  }
}

export interface ResolveConfigOptions {
  /** Preset layered on the schema defaults; `default` when omitted. */
  preset?: PresetName;
  /** A (possibly nested) config object, e.g. read from --config file.json. */
  config?: ConfigObject;
  /**
   * `key=value` strings, applied in order; dotted keys reach nested objects.
   * An entry may name the option it came from (default `--set`), which error
   * messages quote.
   */
  set?: Array<string | { entry: string; source: string }>;
}

function isPlainObject(v: unknown): v is ConfigObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function show(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
}

/** Deep merge of plain objects; arrays and scalars from `over` replace those in `base`. */
export function mergeConfig(base: ConfigObject, over: ConfigObject): ConfigObject {
  const out: ConfigObject = { ...base };
  for (const [k, v] of Object.entries(over)) {
    out[k] = isPlainObject(v) && isPlainObject(out[k]) ? mergeConfig(out[k] as ConfigObject, v) : v;
  }
  return out;
}

function setPath(target: ConfigObject, key: string, value: unknown): void {
  const parts = key.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    if (!isPlainObject(node[part])) node[part] = {};
    node = node[part] as ConfigObject;
  }
  node[parts[parts.length - 1]!] = value;
}

function getPath(source: unknown, path: readonly PropertyKey[]): unknown {
  let node = source;
  for (const part of path) {
    if (!isPlainObject(node) && !Array.isArray(node)) return undefined;
    node = (node as Record<PropertyKey, unknown>)[part];
  }
  return node;
}

/** Edit distance with adjacent transpositions (optimal string alignment), for "did you mean" suggestions. */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

function unknownKeyIssue(key: string, value: unknown, fields: ConfigField[], where: string): ConfigIssue {
  const known = fields.map((f) => f.key);
  const close = known.filter((k) => editDistance(k, key) <= Math.max(1, Math.floor(key.length / 3)));
  const hint = close.length > 0 ? ` Did you mean ${close.map((k) => `"${k}"`).join(' or ')}?` : '';
  return {
    key,
    value,
    allowed: known.join(', '),
    message: `Unknown config key "${key}" (${where}).${hint} Known keys: ${known.join(', ')}.`,
  };
}

/** Keys of `input` (walked recursively through nested objects) that the schema does not know. */
function findUnknownKeys(input: ConfigObject, fields: ConfigField[], where: string, prefix = ''): ConfigIssue[] {
  const leaves = new Set(fields.map((f) => f.key));
  const prefixes = objectPrefixes(fields);
  const issues: ConfigIssue[] = [];
  for (const [name, value] of Object.entries(input)) {
    const key = prefix ? `${prefix}.${name}` : name;
    if (leaves.has(key)) continue;
    if (prefixes.has(key) && isPlainObject(value)) issues.push(...findUnknownKeys(value, fields, where, key));
    else issues.push(unknownKeyIssue(key, value, fields, where));
  }
  return issues;
}

const TRUE_WORDS = new Set(['true', '1', 'yes', 'on']);
const FALSE_WORDS = new Set(['false', '0', 'no', 'off']);

/** Parse one command-line string into a value of the field's type (numbers, booleans, comma lists). */
export function parseFieldValue(field: ConfigField, raw: string): unknown {
  const text = raw.trim();
  const fail = (what: string): never => {
    throw ConfigError.single(field.key, raw, field.allowed, `Invalid value for "${field.key}": ${show(raw)} is not ${what}. Allowed: ${field.allowed}.`);
  };
  const node = field.schema;
  if (node.enum) return text;
  switch (node.type) {
    case 'number':
    case 'integer': {
      const n = text === '' ? NaN : Number(text);
      if (Number.isNaN(n)) fail('a number');
      return n;
    }
    case 'boolean': {
      const lower = text.toLowerCase();
      if (TRUE_WORDS.has(lower)) return true;
      if (FALSE_WORDS.has(lower)) return false;
      return fail('a boolean (true/false, yes/no, 1/0)');
    }
    case 'string':
      return raw;
    case 'array': {
      if (text.startsWith('[')) {
        try {
          return JSON.parse(text) as unknown;
        } catch {
          return fail('a JSON array');
        }
      }
      if (text === '') return [];
      const itemField: ConfigField = { ...field, schema: node.items ?? {}, allowed: field.allowed };
      return text.split(',').map((part) => parseFieldValue(itemField, part));
    }
    default:
      try {
        return JSON.parse(text) as unknown;
      } catch {
        return raw;
      }
  }
}

/** Split `key=value`; the value may itself contain `=`. */
export function splitAssignment(entry: string, option = '--set'): [string, string] {
  const at = entry.indexOf('=');
  if (at <= 0) {
    throw ConfigError.single(entry, entry, 'key=value', `${option} expects key=value, got ${show(entry)}.`);
  }
  return [entry.slice(0, at).trim(), entry.slice(at + 1)];
}

/** Find the field a dotted key names, or throw a ConfigError listing the known keys. */
export function fieldFor(experiment: AnyExperiment, key: string, where: string): ConfigField {
  const fields = configFields(experiment.schema);
  const field = fields.find((f) => f.key === key);
  if (!field) throw new ConfigError([unknownKeyIssue(key, undefined, fields, where)]);
  return field;
}

/** Turn the schema's validation issues into messages naming key, value and allowed values. */
function schemaIssues(error: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string; code?: string; keys?: string[] }> }, input: ConfigObject, fields: ConfigField[], sources: Map<string, string>): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const issue of error.issues) {
    const path = issue.path.map(String);
    if (issue.code === 'unrecognized_keys' && issue.keys) {
      for (const k of issue.keys) issues.push(unknownKeyIssue([...path, k].join('.'), undefined, fields, 'schema'));
      continue;
    }
    const key = path.join('.');
    const value = getPath(input, issue.path);
    const field = fields.find((f) => f.key === key || f.key.startsWith(`${key}.`));
    const allowed = field?.key === key ? field.allowed : issue.message;
    const source = sources.get(key);
    issues.push({
      key,
      value,
      allowed,
      message:
        `Invalid value for "${key || '(config)'}": ${show(value)}${source ? ` (from ${source})` : ''}. ` +
        `Allowed: ${allowed}.${field?.key === key ? '' : ` (${issue.message})`}`,
    });
  }
  return issues;
}

/** Record which layer last set each leaf key, to say where a bad value came from. */
function noteSources(obj: ConfigObject, source: string, sources: Map<string, string>, prefix = ''): void {
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (isPlainObject(v)) noteSources(v, source, sources, key);
    else sources.set(key, source);
  }
}

/**
 * The full, validated config of a run: schema defaults < preset < `config`
 * < `set`. Throws a ConfigError (all problems at once) on unknown keys,
 * unparsable values or values outside the allowed range.
 */
export function resolveConfig<C extends ConfigObject = ConfigObject>(experiment: AnyExperiment, options: ResolveConfigOptions = {}): C {
  const presetName = options.preset ?? 'default';
  if (!PRESET_NAMES.includes(presetName)) {
    throw ConfigError.single('preset', presetName, PRESET_NAMES.join(', '), `Unknown preset ${show(presetName)}. Allowed: ${PRESET_NAMES.join(', ')}.`);
  }
  const fields = configFields(experiment.schema);
  const preset = (experiment.presets[presetName] ?? {}) as ConfigObject;
  const fileConfig = options.config ?? {};
  if (!isPlainObject(fileConfig)) {
    throw ConfigError.single('(config)', fileConfig, 'a JSON object', `A config must be a JSON object of key: value pairs, got ${show(fileConfig)}.`);
  }
  const issues: ConfigIssue[] = [
    ...findUnknownKeys(preset, fields, `preset "${presetName}" of ${experiment.id}`),
    ...findUnknownKeys(fileConfig, fields, 'config file'),
  ];
  const sources = new Map<string, string>();
  noteSources(preset, `preset "${presetName}"`, sources);
  noteSources(fileConfig, 'the config file', sources);

  let merged = mergeConfig(mergeConfig({}, preset), fileConfig);
  const overrides: ConfigObject = {};
  for (const item of options.set ?? []) {
    const { entry, source } = typeof item === 'string' ? { entry: item, source: '--set' } : item;
    try {
      const [key, raw] = splitAssignment(entry, source);
      const field = fieldFor(experiment, key, source);
      setPath(overrides, key, parseFieldValue(field, raw));
      sources.set(key, `${source} ${entry}`);
    } catch (err) {
      if (err instanceof ConfigError) issues.push(...err.issues);
      else throw err;
    }
  }
  merged = mergeConfig(merged, overrides);

  // Validate even when some entries were already rejected, so that every problem is reported at once.
  const parsed = experiment.schema.safeParse(merged);
  if (!parsed.success) {
    const reported = new Set(issues.map((i) => i.key));
    issues.push(...schemaIssues(parsed.error, merged, fields, sources).filter((i) => !reported.has(i.key)));
  }
  if (issues.length > 0 || !parsed.success) throw new ConfigError(issues);
  return parsed.data as C;
}
