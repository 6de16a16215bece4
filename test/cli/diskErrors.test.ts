/**
 * A full or read-only disk ends a command with one line naming the path
 * and the cause, exit code 1 (issue #13, item 14). Both are simulated: as
 * root a read-only folder is still writable, and filling a real disk is not
 * a test. node:fs is wrapped so that writes below a folder named FULL or
 * READONLY fail exactly as Node reports ENOSPC and EROFS.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import '../fixtures/experiments.js';
import { isOneLine, ldyn, removeTempDirs, tempDir } from './helpers.js';

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const failing = (path: unknown): [string, string, number] | undefined => {
    const p = String(path);
    if (p.includes('/FULL/')) return ['ENOSPC', 'no space left on device', -28];
    if (p.includes('/READONLY/')) return ['EROFS', 'read-only file system', -30];
    // The disk fills up at the very end of a run, as its result is written.
    if (p.includes('/LATE/') && p.includes('/.result.json.')) return ['ENOSPC', 'no space left on device', -28];
    return undefined;
  };
  const writeFileSync: typeof fs.writeFileSync = (path, ...rest) => {
    const f = failing(path);
    if (f) throw Object.assign(new Error(`${f[0]}: ${f[1]}, open '${String(path)}'`), { code: f[0], errno: f[2], syscall: 'open', path: String(path) });
    return fs.writeFileSync(path, ...rest);
  };
  return { ...fs, default: { ...fs, writeFileSync }, writeFileSync };
});

afterAll(removeTempDirs);

/** The wrapped node:fs exists only in this thread: runs must not move to a worker thread (LDYN_IN_PROCESS testing hook). */
const IN_PROCESS = { env: { LDYN_IN_PROCESS: '1' } };

describe('disk failures', () => {
  it.each([
    ['FULL', 'the disk is full (ENOSPC)'],
    ['READONLY', 'the file system is read-only (EROFS)'],
  ])('a %s disk: exit 1, one line naming the file and the cause, no partial files', async (kind, cause) => {
    const out = join(tempDir(), kind, 'run');
    const r = await ldyn(['run', 'toy-walk', '--preset', 'quick', '--out', out], IN_PROCESS);
    expect(r.code).toBe(1);
    expect(r.stderr.startsWith(`ldyn: cannot open ${out}/`)).toBe(true);
    expect(r.stderr.endsWith(`: ${cause}.\n`)).toBe(true);
    expect(isOneLine(r.stderr)).toBe(true);
    expect(r.stderr).not.toMatch(/\.tmp:/); // the file asked for, not its temporary name
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
  });

  it('a disk that fills up as the result is written: exit 1, no result.json and no temporary file left', async () => {
    const out = join(tempDir(), 'LATE', 'run');
    const r = await ldyn(['run', 'toy-walk', '--preset', 'quick', '--out', out], IN_PROCESS);
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n').filter((l) => l.startsWith('ldyn:'))).toEqual([`ldyn: cannot open ${join(out, 'result.json')}: the disk is full (ENOSPC).`]);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(readdirSync(out).sort()).toEqual(['config.json', 'ldyn-run.json', 'path.csv', 'report.md']);
  });

  it('ldyn report on a full disk: exit 1, one line', async () => {
    const dir = tempDir();
    await ldyn(['run', 'toy-walk', '--preset', 'quick', '--out', join(dir, 'runs', 'a')], IN_PROCESS);
    const r = await ldyn(['report', join(dir, 'runs'), '--out', join(dir, 'FULL', 'report')], IN_PROCESS);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`ldyn: cannot open ${join(dir, 'FULL', 'report', 'report.md')}: the disk is full (ENOSPC).\n`);
  });
});
