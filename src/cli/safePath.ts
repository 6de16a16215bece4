/**
 * Paths built from untrusted names stay inside their folder. A name read
 * from a manifest (a sweep cell, a run's file) must be one plain path
 * segment; a path built from it must resolve, after following every symbolic
 * link that already exists on disk, to a place inside the folder it was
 * built under. Anything else is refused before a byte is written or removed.
 */
import { realpathSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { Failure } from './io.js';

/** Thrown when a path would leave its folder or a name is not a plain file name. */
export class UnsafePathError extends Failure {
  constructor(message: string) {
    super(message);
    this.name = 'UnsafePathError';
  }
}

/** Characters allowed in names this tool writes (cell folders, series, figures). */
const SEGMENT = /^[A-Za-z0-9._=,+-]+$/;

/** True when `name` is a single file or folder name made of safe characters: no separators, not `.` or `..`. */
export function isSafeSegment(name: string): boolean {
  return typeof name === 'string' && name.length > 0 && name.length <= 255 && SEGMENT.test(name) && name !== '.' && name !== '..';
}

function assertSafeSegment(name: string, what: string): string {
  if (!isSafeSegment(name)) throw new UnsafePathError(`${what} ${JSON.stringify(name)} is not a plain file name (letters, digits and . _ = , + - only; not . or ..)`);
  return name;
}

function isWithin(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/** The real path of `path`'s deepest existing ancestor (itself if it exists), joined with the rest. */
function realpathOfExisting(path: string): string {
  const missing: string[] = [];
  let current = resolve(path);
  for (;;) {
    try {
      return join(realpathSync(current), ...missing.reverse());
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw err;
      const parent = dirname(current);
      if (parent === current) return join(current, ...missing.reverse());
      missing.push(current.slice(parent.length).replace(/^[\\/]/, ''));
      current = parent;
    }
  }
}

/**
 * `root/segments…`, each segment checked to be a plain name, and the result
 * checked to stay inside `root` after following existing symbolic links.
 */
export function pathInside(root: string, ...segments: string[]): string {
  for (const s of segments) assertSafeSegment(s, 'name');
  const path = join(resolve(root), ...segments);
  const realRoot = realpathOfExisting(root);
  const real = realpathOfExisting(path);
  if (!isWithin(realRoot, real)) throw new UnsafePathError(`${path} leads outside ${resolve(root)} (through a symbolic link to ${real})`);
  return path;
}
