/** Option parsers shared by the commands; bad values are usage errors (exit code 2). */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ConfigObject } from '../experiments/index.js';
import { UsageError } from './io.js';

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export function parseNonNegativeInt(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(n)) {
      throw new UsageError(`${name} must be a non-negative integer, got ${JSON.stringify(value)}.`);
    }
    return n;
  };
}

export function parsePositiveInt(name: string) {
  return (value: string): number => {
    const n = parseNonNegativeInt(name)(value);
    if (n < 1) throw new UsageError(`${name} must be at least 1, got ${JSON.stringify(value)}.`);
    return n;
  };
}

/** A TCP port: an integer in [0, 65535] (0 lets the system pick a free one). */
export function parsePort(value: string): number {
  const n = parseNonNegativeInt('--port')(value);
  if (n > 65535) throw new UsageError(`--port must be an integer in [0, 65535], got ${JSON.stringify(value)}.`);
  return n;
}

/**
 * Read a --config JSON file: a plain object of config values, or a run's
 * config.json (whose `config` field is used).
 */
export function readConfigFile(path: string | undefined, cwd: string): ConfigObject {
  if (path === undefined) return {};
  const full = resolve(cwd, path);
  let text: string;
  try {
    text = readFileSync(full, 'utf8');
  } catch (err) {
    throw new UsageError(`Cannot read config file ${full}: ${(err as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`Config file ${full} is not valid JSON: ${(err as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UsageError(`Config file ${full} must hold a JSON object of key: value pairs.`);
  }
  const obj = value as ConfigObject;
  if (typeof obj.experiment === 'string' && typeof obj.config === 'object' && obj.config !== null) return obj.config as ConfigObject;
  return obj;
}
