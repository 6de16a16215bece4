/**
 * Crash-safe file writes. A file is written under a temporary name in the
 * same folder and renamed into place; rename within one file system is
 * atomic, so a reader (or a run killed at any instant) sees either the old
 * complete file or the new complete file, never a partial one. The
 * temporary name carries the process id and random bytes, so concurrent
 * writers never share one, and each removes only its own on failure.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync, openSync, fsyncSync, closeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

const TEMP_SUFFIX = '.tmp';

export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true });
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}${TEMP_SUFFIX}`);
  try {
    writeFileSync(temp, data);
    // Flush the data before the rename so a power loss cannot leave a renamed but empty file.
    const fd = openSync(temp, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
  } catch (err) {
    rmSync(temp, { force: true });
    // Name the file the user asked for, not its temporary name.
    if ((err as NodeJS.ErrnoException).path === temp) (err as NodeJS.ErrnoException).path = path;
    throw err;
  }
}

/** JSON replacer keeping non-finite numbers (diverged runs) as the strings "NaN", "Infinity", "-Infinity". */
export function jsonReplacer(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? String(value) : value;
}

export function writeJsonAtomic(path: string, value: unknown): void {
  writeFileAtomic(path, JSON.stringify(value, jsonReplacer, 2) + '\n');
}

/** Parse a JSON file; undefined when it is absent or not valid JSON. */
export function readJsonFile<T>(path: string): T | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}
