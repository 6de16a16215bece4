/**
 * Run folders: ldyn never deletes or overwrites files it did not write
 * (issue #13, item 3), and concurrent writers take turns under the folder's
 * lock, so a folder never mixes two runs and "skipped" always returns the
 * run that was asked for (item 4).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import '../fixtures/experiments.js';
import { exited, forgeRun, isOneLine, ldyn, removeTempDirs, spawnLdyn, tempDir, waitFor } from './helpers.js';

afterAll(removeTempDirs);
afterEach(() => {
  delete process.env.LDYN_TEST_COUNTER;
});

function userFolder(): { dir: string; snapshot: () => Record<string, string> } {
  const dir = tempDir();
  writeFileSync(join(dir, 'measurements.csv'), 't,x\n0,1\n');
  writeFileSync(join(dir, 'photo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]));
  writeFileSync(join(dir, 'config.json'), '{"mine": true}\n');
  const snapshot = () => Object.fromEntries(readdirSync(dir).map((n) => [n, readFileSync(join(dir, n), 'latin1')]));
  return { dir, snapshot };
}

describe('ldyn run --out never touches files it did not write', () => {
  it('refuses a non-empty folder that is not a run folder (also as --out .), exit 2, every file intact', async () => {
    const { dir, snapshot } = userFolder();
    const before = snapshot();
    const r = await ldyn(['run', 'toy-walk', '--preset', 'quick', '--out', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/is not empty and is not a run folder of ldyn \(it has no ldyn-run\.json\)/);
    expect(isOneLine(r.stderr)).toBe(true);
    const dot = await ldyn(['run', 'toy-walk', '--preset', 'quick', '--out', '.'], { cwd: dir });
    expect(dot.code).toBe(2);
    expect(snapshot()).toEqual(before);
  });

  it('refuses --out "" (exit 2) instead of writing into the current folder', async () => {
    const { dir, snapshot } = userFolder();
    const before = snapshot();
    for (const command of [['run', 'toy-walk'], ['sweep', 'toy-walk', '--grid', 'steps=5'], ['merge', dir]]) {
      const r = await ldyn([...command, '--out', ''], { cwd: dir });
      expect(r.code, command.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/--out needs a folder name/);
    }
    expect(snapshot()).toEqual(before);
  });

  it('refuses a non-empty folder as a sweep --out unless it holds a sweep', async () => {
    const { dir, snapshot } = userFolder();
    const before = snapshot();
    const r = await ldyn(['sweep', 'toy-walk', '--grid', 'steps=5', '--workers', '1', '--out', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/is not a sweep folder of ldyn/);
    expect(snapshot()).toEqual(before);
  });

  it('replacing a run removes only the files that run wrote', async () => {
    const out = join(tempDir(), 'run');
    expect((await ldyn(['run', 'toy-walk', '--preset', 'quick', '--out', out])).code).toBe(0);
    writeFileSync(join(out, 'notes.txt'), 'my notes');
    writeFileSync(join(out, 'extra.csv'), 'a\n1\n');
    mkdirSync(join(out, 'analysis'));
    const r = await ldyn(['run', 'toy-walk', '--set', 'steps=7', '--out', out, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).status).toBe('done');
    expect(readFileSync(join(out, 'notes.txt'), 'utf8')).toBe('my notes');
    expect(readFileSync(join(out, 'extra.csv'), 'utf8')).toBe('a\n1\n');
    expect(existsSync(join(out, 'analysis'))).toBe(true);
    const manifest = JSON.parse(readFileSync(join(out, 'ldyn-run.json'), 'utf8'));
    expect(Object.keys(manifest.files).sort()).toEqual(['config.json', 'path.csv', 'report.md', 'result.json']);
  });
});

describe('skipping only an intact run', () => {
  it('recomputes, with a warning, a run whose result.json was edited after it was written', async () => {
    const out = join(tempDir(), 'run');
    const first = JSON.parse((await ldyn(['run', 'toy-walk', '--out', out, '--json'])).stdout);
    const path = join(out, 'result.json');
    const edited = JSON.parse(readFileSync(path, 'utf8'));
    edited.metrics.final = 1234;
    writeFileSync(path, JSON.stringify(edited, null, 2) + '\n');
    const again = await ldyn(['run', 'toy-walk', '--out', out, '--json']);
    expect(JSON.parse(again.stdout).status).toBe('done');
    expect(JSON.parse(again.stdout).result.metrics.final).toBe(first.result.metrics.final);
    expect(again.stderr).toMatch(/toy-walk: recomputing .*: result\.json differs from what ldyn wrote/);
  });

  it('recomputes, with a warning, a run whose result.json was copied from another run', async () => {
    const dir = tempDir();
    await ldyn(['run', 'toy-walk', '--seed', '1', '--out', join(dir, 'other')]);
    const out = join(dir, 'run');
    await ldyn(['run', 'toy-walk', '--out', out]);
    // Copied together with the other run's manifest, so every checksum agrees.
    forgeRun(out, (files) => (files.result = JSON.parse(readFileSync(join(dir, 'other', 'result.json'), 'utf8'))));
    const again = await ldyn(['run', 'toy-walk', '--out', out, '--json']);
    expect(JSON.parse(again.stdout)).toMatchObject({ status: 'done', result: { seed: 0 } });
    expect(again.stderr).toMatch(/recomputing .*: result\.json belongs to another run than config\.json/);
  });

  it('recomputes a run whose config.json was edited (its stored hash no longer matches)', async () => {
    const out = join(tempDir(), 'run');
    await ldyn(['run', 'toy-walk', '--out', out]);
    forgeRun(out, ({ config, result }) => {
      (config.config as Record<string, unknown>).steps = 7;
      (result.config as Record<string, unknown>).steps = 7;
    });
    // Asked for steps=7, the folder claims steps=7 under the hash of steps=50: not skipped.
    const again = await ldyn(['run', 'toy-walk', '--set', 'steps=7', '--out', out, '--json']);
    expect(JSON.parse(again.stdout).status).toBe('done');
    expect(again.stderr).toMatch(/config\.json: its hash does not match its contents/);
  });
});

describe('concurrent writers', () => {
  it('two runs with different configs into one folder take turns; the folder ends with one whole run', async () => {
    const out = join(tempDir(), 'run');
    // Long enough (≈ 8 s) to still hold the folder when the second run's worker thread has started.
    const long = ldyn(['run', 'slow-walk', '--set', 'steps=400', '--set', 'delayMs=20', '--out', out, '--json']);
    // The first run holds the folder's lock from before it writes config.json until its result is written.
    await waitFor(() => existsSync(join(out, 'config.json')), 30_000, 'the first run to hold the folder');
    const short = ldyn(['run', 'slow-walk', '--set', 'steps=3', '--set', 'delayMs=1', '--out', out, '--json']);
    const [a, b] = await Promise.all([long, short]);
    expect([a.code, b.code]).toEqual([0, 0]);
    expect(b.stderr).toMatch(/waiting for .*: another ldyn process .* is writing it/);
    const config = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8'));
    const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8'));
    expect(result.config).toEqual(config.config);
    expect(config.config.steps).toBe(3); // the one that waited wrote last
    // "skipped" now returns the run that was asked for; the other config is recomputed.
    const same = JSON.parse((await ldyn(['run', 'slow-walk', '--set', 'steps=3', '--set', 'delayMs=1', '--out', out, '--json'])).stdout);
    expect(same).toMatchObject({ status: 'skipped', result: { config: { steps: 3 } } });
    const other = JSON.parse((await ldyn(['run', 'slow-walk', '--set', 'steps=60', '--set', 'delayMs=15', '--out', out, '--json'])).stdout);
    expect(other).toMatchObject({ status: 'done', result: { config: { steps: 60 } } });
  }, 60_000);

  it('two identical sweeps into one folder both succeed and compute every cell exactly once', async () => {
    const dir = tempDir();
    const counter = join(dir, 'counter.txt');
    process.env.LDYN_TEST_COUNTER = counter;
    const out = join(dir, 'sweep');
    const args = ['sweep', 'slow-walk', '--grid', 'scale=1,2,3,4', '--set', 'steps=5', '--set', 'delayMs=10', '--workers', '1', '--out', out];
    const [a, b] = await Promise.all([ldyn(args), ldyn(args)]);
    expect([a.code, b.code], a.stderr + b.stderr).toEqual([0, 0]);
    expect(readFileSync(counter, 'utf8').trim().split('\n')).toHaveLength(4);
    expect(JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'))).toHaveLength(4);
    for (const cell of readdirSync(join(out, 'cells'))) {
      expect(readdirSync(join(out, 'cells', cell)).filter((n) => n.startsWith('.')), cell).toEqual([]);
    }
  }, 60_000);

  it('two identical sweeps started as separate processes both succeed, each cell computed once', async () => {
    const dir = tempDir();
    const counter = join(dir, 'counter.txt');
    const out = join(dir, 'sweep');
    const args = ['sweep', 'slow-walk', '--grid', 'scale=1,2,3', '--set', 'steps=5', '--set', 'delayMs=20', '--workers', '1', '--out', out];
    const [a, b] = [spawnLdyn(args, { LDYN_TEST_COUNTER: counter }), spawnLdyn(args, { LDYN_TEST_COUNTER: counter })];
    const [ea, eb] = await Promise.all([exited(a), exited(b)]);
    expect([ea.code, eb.code], a.output.stderr + b.output.stderr).toEqual([0, 0]);
    expect(readFileSync(counter, 'utf8').trim().split('\n')).toHaveLength(3);
    expect(JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'))).toHaveLength(3);
  }, 120_000);

  it('takes over at once the lock of a process that was killed (no waiting for it to go stale)', async () => {
    const out = join(tempDir(), 'run');
    const child = spawnLdyn(['run', 'slow-walk', '--set', 'steps=200', '--set', 'delayMs=20', '--out', out]);
    await waitFor(() => /slow-walk [1-9]\d?%/.test(child.output.stderr), 30_000, 'the run to be under way');
    child.kill('SIGKILL');
    await exited(child);
    expect(existsSync(join(out, '.ldyn.lock'))).toBe(true); // SIGKILL gave it no chance to release
    const r = await ldyn(['run', 'slow-walk', '--set', 'steps=3', '--out', out, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/waiting for/);
    expect(JSON.parse(r.stdout).status).toBe('done');
    expect(readdirSync(out).filter((n) => n.startsWith('.'))).toEqual([]);
  }, 120_000);
});
