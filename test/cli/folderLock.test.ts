/**
 * The folder lock (src/cli/folderLock.ts): holders take turns, a live
 * holder elsewhere is waited for, and a holder that lost its lock writes
 * nothing more (issue #13, item 4).
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FolderLock } from '../../src/cli/folderLock.js';
import { RunFolder } from '../../src/cli/runFolder.js';
import { removeTempDirs, tempDir } from './helpers.js';

afterAll(removeTempDirs);

describe('FolderLock', () => {
  it('a second holder waits (and says so) until the first releases', async () => {
    const dir = tempDir();
    const first = await FolderLock.acquire(dir);
    const notes: string[] = [];
    let secondHeld = false;
    const second = FolderLock.acquire(dir, { onWait: (m) => notes.push(m) }).then((lock) => {
      secondHeld = true;
      return lock;
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(secondHeld).toBe(false);
    expect(notes).toEqual([expect.stringMatching(/^waiting for .*: another ldyn process \(pid \d+ on .*\) is writing it$/)]);
    await first.release();
    const lock = await second;
    lock.assertHeld();
    await lock.release();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('waits for a live holder on another machine until interrupted, without touching its lock', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, '.ldyn.lock'));
    writeFileSync(join(dir, '.ldyn.lock.owner'), JSON.stringify({ pid: 1, host: 'another-machine', token: 'theirs' }));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    await expect(FolderLock.acquire(dir, { signal: controller.signal })).rejects.toThrow(/interrupted while waiting for the lock/);
    expect(existsSync(join(dir, '.ldyn.lock'))).toBe(true);
  });

  it('a holder whose lock was taken over writes nothing more', async () => {
    const dir = join(tempDir(), 'run');
    const folder = await RunFolder.open(dir);
    folder.clear();
    // Another process took the lock over (as after a stale lock): the owner file now holds its token.
    writeFileSync(join(dir, '.ldyn.lock.owner'), JSON.stringify({ pid: 1, host: 'another-machine', token: 'theirs' }));
    expect(() => folder.writeFiles([['result.json', '{}']])).toThrow(/lost the lock of .* to another process/);
    expect(existsSync(join(dir, 'result.json'))).toBe(false);
    await folder.close();
  });
});
