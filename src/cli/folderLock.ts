/**
 * The lock of a folder while this tool writes it: a lock directory
 * `.ldyn.lock` inside the folder, from proper-lockfile (atomic mkdir, its
 * mtime refreshed by a timer, stale when not refreshed for STALE_MS).
 * A lock whose holder died is taken over: at once when the holder was a
 * process on this machine that no longer exists (its pid, host and a random
 * token are in `.ldyn.lock.owner`), otherwise once it turns stale. Before
 * every write the holder checks that the owner file still holds its token,
 * so a process that lost its lock stops instead of overwriting the new
 * holder's files.
 */
import { randomBytes } from 'node:crypto';
import { renameSync, rmdirSync, rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';
import { z } from 'zod';
import { readJsonFile, writeJsonAtomic } from './fsAtomic.js';

const LOCK_DIR = '.ldyn.lock';
const OWNER_FILE = '.ldyn.lock.owner';
/**
 * A lock not refreshed for this long is stale. Refreshes come every
 * UPDATE_MS from a timer: a holder whose event loop is blocked longer than
 * STALE_MS keeps its lock unless another process is waiting for it, and then
 * loses it (and stops rather than mix files). A holder that died on this
 * machine is detected at once by its pid, so STALE_MS matters only for
 * holders on other machines (a shared disk).
 */
const STALE_MS = 60_000;
const UPDATE_MS = 10_000;
const RETRY_MS = 100;

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((done) => {
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), done()), { once: true });
  });
}

function processIsGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

const ownerSchema = z.object({ pid: z.number().int(), host: z.string(), token: z.string() });
type Owner = z.infer<typeof ownerSchema>;

/** The holder was a process on this machine that no longer exists (e.g. killed with SIGKILL). */
const isDead = (owner: Owner) => owner.host === hostname() && owner.pid !== process.pid && processIsGone(owner.pid);

/**
 * Remove a dead holder's lock without waiting for it to turn stale. The
 * owner file is first renamed away (only one waiter can win that rename),
 * and put back if it turns out to name a live holder after all.
 */
function takeOverDeadLock(dir: string): boolean {
  const claimed = join(dir, `${OWNER_FILE}.${process.pid}.${randomBytes(4).toString('hex')}`);
  try {
    renameSync(join(dir, OWNER_FILE), claimed);
  } catch {
    return false;
  }
  const owner = ownerSchema.safeParse(readJsonFile(claimed));
  if (owner.success && !isDead(owner.data)) {
    try {
      renameSync(claimed, join(dir, OWNER_FILE));
    } catch {
      rmSync(claimed, { force: true });
    }
    return false;
  }
  rmSync(claimed, { force: true });
  try {
    rmdirSync(join(dir, LOCK_DIR));
  } catch {
    /* already gone */
  }
  return true;
}

/**
 * Locks held by this process. proper-lockfile removes its lock directories
 * when the process exits (a second Ctrl-C exits at once); the owner files
 * go with them.
 */
const held = new Set<FolderLock>();
process.on('exit', () => {
  for (const lock of held) lock.removeOwnerFile();
});

export interface LockOptions {
  signal?: AbortSignal;
  /** Called once when the folder is locked by another process and this one starts waiting. */
  onWait?: (message: string) => void;
}

/** The lock of one folder, held by this process. */
export class FolderLock {
  private compromised: Error | undefined;
  private constructor(
    readonly dir: string,
    private readonly token: string,
    private readonly releaseLock: () => Promise<void>,
  ) {}

  /** Wait for and take the lock of `dir` (which must exist). */
  static async acquire(dir: string, options: LockOptions = {}): Promise<FolderLock> {
    const lockPath = join(dir, LOCK_DIR);
    let waited = false;
    for (;;) {
      if (options.signal?.aborted) throw new Error(`interrupted while waiting for the lock of ${dir}`);
      let holder: FolderLock | undefined;
      try {
        const token = randomBytes(12).toString('hex');
        const release = await lockfile.lock(dir, {
          lockfilePath: lockPath,
          realpath: false,
          stale: STALE_MS,
          update: UPDATE_MS,
          onCompromised: (err) => {
            if (holder) holder.compromised = err;
          },
        });
        holder = new FolderLock(dir, token, release);
        held.add(holder);
        try {
          writeJsonAtomic(join(dir, OWNER_FILE), { pid: process.pid, host: hostname(), token });
        } catch (err) {
          await holder.release();
          throw err;
        }
        return holder;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ELOCKED') throw err;
      }
      const owner = ownerSchema.safeParse(readJsonFile(join(dir, OWNER_FILE)));
      if (owner.success && isDead(owner.data) && takeOverDeadLock(dir)) continue;
      if (!waited) {
        waited = true;
        options.onWait?.(`waiting for ${dir}: another ldyn process${owner.success ? ` (pid ${owner.data.pid} on ${owner.data.host})` : ''} is writing it`);
      }
      await sleep(RETRY_MS, options.signal);
    }
  }

  /** Throw unless this process still holds the lock (it can be lost if its event loop stalled past STALE_MS). */
  assertHeld(): void {
    const owner = ownerSchema.safeParse(readJsonFile(join(this.dir, OWNER_FILE)));
    if (this.compromised || !owner.success || owner.data.token !== this.token) {
      throw new Error(`lost the lock of ${this.dir} to another process (${this.compromised?.message ?? 'the lock changed hands'}); stopped without writing`);
    }
  }

  /** Remove the owner file if it is still this holder's (synchronous: also run at process exit). */
  removeOwnerFile(): void {
    const owner = ownerSchema.safeParse(readJsonFile(join(this.dir, OWNER_FILE)));
    if (owner.success && owner.data.token === this.token) rmSync(join(this.dir, OWNER_FILE), { force: true });
  }

  async release(): Promise<void> {
    held.delete(this);
    this.removeOwnerFile();
    try {
      await this.releaseLock();
    } catch {
      /* already released or taken over */
    }
  }
}

/** The lock directory and owner files (a claimed owner file too): bookkeeping, not content. */
export function isLockFile(name: string): boolean {
  return name === LOCK_DIR || name.startsWith(OWNER_FILE);
}
