/**
 * Owning a run folder. A folder is this tool's run folder when it holds a
 * manifest, ldyn-run.json, listing every file the tool wrote there with the
 * SHA-256 of its bytes. The tool
 *   - writes only into a new or empty folder, or into one of its run folders;
 *   - removes only files its manifest lists (never a folder, never a file it
 *     did not write), and leftover temporary files of those names;
 *   - records a file and the SHA-256 of its bytes in the manifest before
 *     writing it, so a process killed mid-write leaves nothing unaccounted
 *     for, and a file whose bytes match is known to be the one written;
 *   - records in the manifest the stamp of the code that made the run
 *     (src/cli/codeStamp.ts), so a run is reused only by the same code;
 *   - holds the folder's lock (src/cli/folderLock.ts) from the first write to
 *     the last, so concurrent processes take turns instead of mixing files.
 */
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { readStamp, type CodeStamp } from './codeStamp.js';
import { FolderLock, isLockFile, type LockOptions } from './folderLock.js';
import { writeFileAtomic, writeJsonAtomic } from './fsAtomic.js';
import { Failure, UsageError } from './io.js';
import { isSafeSegment, pathInside } from './safePath.js';

export const MANIFEST_FILE = 'ldyn-run.json';
const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);
/** File name → SHA-256 of its bytes (recorded before the file is written). */
const filesSchema = z.record(z.string().refine(isSafeSegment, 'a file name in the manifest must be one plain name'), sha256Hex);
const manifestSchema = z.object({
  format: z.literal('ldyn-run/1'),
  /**
   * The stamp of the code that made the run. Absent in manifests written before stamps were kept, and a malformed
   * one only stops the run from being reused: both read as a StampReading, so the files list (which says what may
   * be removed) stays usable and the run is recomputed.
   */
  code: z.unknown().optional().transform(readStamp),
  files: filesSchema,
});
/** A manifest as read back (its stamp checked). */
export type RunManifest = z.output<typeof manifestSchema>;
/** A manifest as written. */
interface WrittenManifest {
  format: 'ldyn-run/1';
  code?: CodeStamp;
  files: z.infer<typeof filesSchema>;
}

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The manifest of `dir`: undefined when absent, a reason string when present but invalid. */
export function readManifest(dir: string): RunManifest | undefined | { invalid: string } {
  const path = join(dir, MANIFEST_FILE);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return { invalid: `${MANIFEST_FILE} is unreadable (${(err as Error).message.split('\n')[0]})` };
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) return { invalid: `${MANIFEST_FILE} is not a run manifest of ldyn` };
  return parsed.data;
}

/** Thrown when an output path cannot be used: a file where a folder is needed (exit code 1). */
export class OutputPathError extends Failure {
  constructor(message: string) {
    super(message);
    this.name = 'OutputPathError';
  }
}

/** `.<name>.<pid>.<hex>.tmp`: fsAtomic's temporary name for `name`. */
const TEMP_NAME = /^\.(.+)\.\d+\.[0-9a-f]+\.tmp$/;

/** The lock and its owner file, and temporary files of atomic writes (another writer's, in flight), do not make a folder "non-empty". */
const isBookkeeping = (name: string) => isLockFile(name) || TEMP_NAME.test(name);

/**
 * Refuse, before anything is written, a path that is a file, or a non-empty
 * folder that is not one of this tool's folders of the wanted kind (the
 * user's own files must never be overwritten or removed). `ours` says whether
 * an existing folder is one (true) or why not.
 */
export function assertOutputFolder(dir: string, option: string, kind: string, ours: (dir: string) => true | string): void {
  let stats;
  try {
    stats = statSync(dir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return;
    if (code === 'ENOTDIR') throw new OutputPathError(`${option} ${dir}: a parent of this path is a file, not a folder.`);
    throw err;
  }
  if (!stats.isDirectory()) throw new OutputPathError(`${option} ${dir} is a file, not a folder.`);
  const verdict = ours(dir);
  if (verdict === true) return;
  if (readdirSync(dir).filter((n) => !isBookkeeping(n)).length === 0) return;
  throw new UsageError(
    `${option} ${dir} is not empty and is not a ${kind} of ldyn (${verdict}); ldyn writes only into new, empty or its own folders, so it leaves your files alone. Choose another ${option}.`,
  );
}

export function assertRunFolderUsable(dir: string, option = '--out'): void {
  assertOutputFolder(dir, option, 'run folder', (d) => {
    const manifest = readManifest(d);
    if (manifest === undefined) {
      const older = existsSync(join(d, 'config.json')) && existsSync(join(d, 'result.json'));
      return `it has no ${MANIFEST_FILE}${older ? '; a run written before ldyn kept manifests has none either: remove that folder yourself to recompute it' : ''}`;
    }
    return 'invalid' in manifest ? manifest.invalid : true;
  });
}

export interface RunFolderOptions extends LockOptions {
  /** The stamp of the code that makes the files written (a merge passes on the stamp of the run it copies); none: no stamp is recorded. */
  code?: CodeStamp;
}

/** A locked run folder being written. */
export class RunFolder {
  private manifest: WrittenManifest;
  private constructor(
    readonly dir: string,
    private readonly lock: FolderLock,
    private readonly previous: RunManifest | undefined,
    private readonly code: CodeStamp | undefined,
  ) {
    this.manifest = this.emptyManifest();
  }

  private emptyManifest(): WrittenManifest {
    return { format: 'ldyn-run/1', ...(this.code ? { code: this.code } : {}), files: {} };
  }

  /** Check that `dir` may be written (see assertRunFolderUsable), create it, and take its lock. */
  static async open(dir: string, options: RunFolderOptions = {}): Promise<RunFolder> {
    assertRunFolderUsable(dir);
    mkdirSync(dir, { recursive: true });
    const lock = await FolderLock.acquire(dir, options);
    try {
      assertRunFolderUsable(dir); // again under the lock: another process may have changed it meanwhile
      const previous = readManifest(dir);
      return new RunFolder(dir, lock, previous && !('invalid' in previous) ? previous : undefined, options.code);
    } catch (err) {
      await lock.release();
      throw err;
    }
  }

  /**
   * Remove what an earlier run wrote: each file the previous manifest lists
   * (regular files only), and temporary files of those names left by a
   * killed writer (no other process writes here while the lock is held).
   * Then record an empty manifest.
   */
  clear(): void {
    this.lock.assertHeld();
    const owned = new Set(Object.keys(this.previous?.files ?? {}));
    for (const name of owned) {
      const path = pathInside(this.dir, name);
      if (lstatSync(path, { throwIfNoEntry: false })?.isFile()) rmSync(path);
    }
    for (const name of readdirSync(this.dir)) {
      const target = TEMP_NAME.exec(name)?.[1];
      if (target !== undefined && owned.has(target) && lstatSync(join(this.dir, name)).isFile()) rmSync(join(this.dir, name));
    }
    this.manifest = this.emptyManifest();
    writeJsonAtomic(join(this.dir, MANIFEST_FILE), this.manifest);
  }

  /**
   * Write files atomically, in order. All of them, with the SHA-256 of the
   * bytes about to be written, are recorded in the manifest first: a process
   * killed at any point leaves only files the manifest lists, and a file
   * whose bytes match its recorded hash is known to be complete.
   */
  writeFiles(files: Array<[name: string, data: string | Uint8Array]>): void {
    this.lock.assertHeld();
    const paths = files.map(([name]) => pathInside(this.dir, name));
    for (const [name, data] of files) this.manifest.files[name] = sha256(data);
    writeJsonAtomic(join(this.dir, MANIFEST_FILE), this.manifest);
    for (const [i, [, data]] of files.entries()) {
      this.lock.assertHeld();
      writeFileAtomic(paths[i]!, data);
    }
  }

  close(): Promise<void> {
    return this.lock.release();
  }
}
