/**
 * The stamp of the code that makes a run. A run folder is reused only when
 * its config AND the code that computed it match the code running now; the
 * package version alone cannot tell (it does not change between commits of
 * a checkout), so the stamp also holds a SHA-256 over the library's own files
 * as they are loaded: the folder this module's parent is in — src/ when a
 * checkout runs through tsx, dist/ when the package is installed or built.
 * Every regular file below it counts, by its path and its bytes (symbolic
 * links are not followed, names starting with '.' are left out); editing, adding, removing or renaming any of them
 * changes the stamp. It is computed once per process (a few ms for ≈ 2 MB)
 * and handed to the worker threads that run experiments.
 *
 * What it does not cover: experiment modules loaded from outside the package
 * (`--catalog`, LDYN_CATALOG) and the installed dependencies.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { packageVersion } from './catalogLoader.js';

export const PACKAGE_NAME = 'learning-dynamics';

/** A stamp as the manifest stores it (ldyn-run.json `code`), checked when read back: run folders are untrusted. */
export const codeStampSchema = z.strictObject({
  version: z.string().min(1).max(64),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'the code hash is 64 hexadecimal digits'),
});
export type CodeStamp = z.infer<typeof codeStampSchema>;

/** What a manifest says about the code that made its run. */
export type StampReading = { status: 'ok'; stamp: CodeStamp } | { status: 'missing' } | { status: 'malformed'; reason: string };

/** SHA-256 over every regular file below `root`, in sorted order, each as its '/'-separated relative path, its length and its bytes. */
export function hashTree(root: string): string {
  const hash = createHash('sha256');
  const visit = (dir: string, prefix: string): void => {
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue; // not modules: editors' swap files, .DS_Store
      const rel = prefix + entry.name;
      if (entry.isDirectory()) visit(join(dir, entry.name), `${rel}/`);
      else if (entry.isFile()) {
        const bytes = readFileSync(join(dir, entry.name));
        hash.update(`${rel}\0${bytes.length}\0`).update(bytes);
      }
    }
  };
  visit(root, '');
  return hash.digest('hex');
}

/** The folder of the library's modules: src/ or dist/ (this module sits in its cli/, also as a bundled chunk). */
export function moduleRoot(): string {
  return fileURLToPath(new URL('..', import.meta.url));
}

let cached: CodeStamp | undefined;

/** The stamp of the code running in this process (computed on first use). */
export function codeStamp(): CodeStamp {
  cached ??= { version: packageVersion(), sha256: hashTree(moduleRoot()) };
  return cached;
}

/** The stamp a command runs with: the one the caller gave (tests acting as another version), else this process's. */
export function stampOf(io: { codeStamp?: CodeStamp }): CodeStamp {
  return io.codeStamp ?? codeStamp();
}

/** A manifest's `code` field (absent in manifests written before stamps existed) read as a StampReading. */
export function readStamp(value: unknown): StampReading {
  if (value === undefined) return { status: 'missing' };
  const parsed = codeStampSchema.safeParse(value);
  if (parsed.success) return { status: 'ok', stamp: parsed.data };
  const issue = parsed.error.issues[0]!;
  return { status: 'malformed', reason: `${['code', ...issue.path.map(String)].join('.')}: ${issue.message}` };
}

/** "0.1.0, code 3f2a9c01b7e4" */
export function formatStamp(stamp: CodeStamp): string {
  return `${stamp.version}, code ${stamp.sha256.slice(0, 12)}`;
}

/** Who made a stored run, for the report: "learning-dynamics 0.1.0, code 3f2a9c01b7e4", or that it does not say. */
export function stampLabel(stored: StampReading): string {
  if (stored.status === 'ok') return `${PACKAGE_NAME} ${formatStamp(stored.stamp)}`;
  return stored.status === 'missing' ? 'an unrecorded version (no code stamp)' : 'an unknown version (malformed code stamp)';
}

/**
 * Why a stored run was not made by the code `now`, or undefined when it was.
 * A run without a stamp, or with one that does not parse, is treated as made
 * by another version: it is recomputed, never reused.
 */
export function stampMismatch(stored: StampReading, now: CodeStamp): string | undefined {
  if (stored.status === 'ok') {
    if (stored.stamp.version === now.version && stored.stamp.sha256 === now.sha256) return undefined;
    return `made by a different version of ${PACKAGE_NAME} (${formatStamp(stored.stamp)}; now ${formatStamp(now)})`;
  }
  if (stored.status === 'missing') return `made by a different version of ${PACKAGE_NAME} (its ldyn-run.json records no code stamp; now ${formatStamp(now)})`;
  return `made by a different version of ${PACKAGE_NAME} (its code stamp is malformed, ${stored.reason}; now ${formatStamp(now)})`;
}
