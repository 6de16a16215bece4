/**
 * `ldyn` as a real process: exit codes, stdout/stderr separation, and what a
 * SIGKILL mid-run leaves on disk.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import '../fixtures/experiments.js';
import { exited, FIXTURE, ldyn, removeTempDirs, spawnLdyn, tempDir, waitFor } from './helpers.js';

afterAll(removeTempDirs);

/** Every file in `dir` (recursively) that is named *.json must parse; returns the names seen. */
function assertNoPartialJson(dir: string): string[] {
  const names: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      names.push(...assertNoPartialJson(path).map((n) => `${entry.name}/${n}`));
      continue;
    }
    names.push(entry.name);
    if (entry.name.endsWith('.json')) expect(() => JSON.parse(readFileSync(path, 'utf8')), path).not.toThrow();
  }
  return names;
}

describe('ldyn as a spawned process', () => {
  it('runs, prints parsable JSON on stdout only, exits 0; bad values exit 2 with nothing written', async () => {
    const dir = tempDir();
    const ok = spawnLdyn(['run', 'toy-walk', '--preset', 'quick', '--json', '--out', join(dir, 'ok')]);
    expect((await exited(ok)).code).toBe(0);
    expect(JSON.parse(ok.output.stdout)).toMatchObject({ status: 'done', result: { id: 'toy-walk' } });
    expect(ok.output.stderr).toMatch(/toy-walk 100%/);
    const bad = spawnLdyn(['run', 'toy-walk', '--set', 'scale=-1', '--out', join(dir, 'bad')]);
    expect((await exited(bad)).code).toBe(2);
    expect(bad.output.stderr).toContain('Invalid value for "scale": -1 (from --set scale=-1). Allowed: number in [0, 10].');
    expect(existsSync(join(dir, 'bad'))).toBe(false);
    const failing = spawnLdyn(['run', 'toy-walk', '--set', 'fail=true', '--out', join(dir, 'fail')]);
    expect((await exited(failing)).code).toBe(1);
    // The testing hook also works as the hidden --catalog option (here without LDYN_CATALOG).
    const listed = spawnLdyn(['--catalog', FIXTURE, 'list', '--json'], { LDYN_CATALOG: '' });
    expect((await exited(listed)).code).toBe(0);
    expect((JSON.parse(listed.output.stdout) as Array<{ id: string }>).map((e) => e.id)).toEqual(expect.arrayContaining(['toy-walk']));
    const without = spawnLdyn(['describe', 'toy-walk'], { LDYN_CATALOG: '' });
    expect((await exited(without)).code).toBe(2);
  }, 180_000);

  it('a run killed with SIGKILL mid-run leaves only complete files, and is recomputed next time', async () => {
    const out = join(tempDir(), 'run');
    const child = spawnLdyn(['run', 'slow-walk', '--set', 'steps=100', '--set', 'delayMs=20', '--out', out]);
    await waitFor(() => /slow-walk [2-9]0%/.test(child.output.stderr), 30_000, 'the run to be under way');
    child.kill('SIGKILL');
    expect((await exited(child)).signal).toBe('SIGKILL');
    const names = assertNoPartialJson(out);
    expect(names).toContain('config.json');
    expect(names).not.toContain('result.json'); // written last, so an interrupted run is never taken as finished
    const rerun = await ldyn(['run', 'slow-walk', '--set', 'steps=100', '--set', 'delayMs=1', '--out', out, '--json']);
    expect(JSON.parse(rerun.stdout).status).toBe('done');
    expect(readdirSync(out).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  }, 180_000);

  it('a sweep on worker threads from source (tsx) draws its figures in the workers', async () => {
    // Node 20 workers get tsx's require hook but not its ESM hooks: the figures module must still load there.
    const out = join(tempDir(), 'sweep');
    const child = spawnLdyn(['sweep', 'toy-walk', '--grid', 'scale=1,2', '--set', 'steps=5', '--set', 'figure=true', '--workers', '2', '--out', out]);
    expect((await exited(child)).code, child.output.stderr).toBe(0);
    expect(child.output.stderr).toContain('on 2 workers');
    for (const cell of ['scale=1,seed=0', 'scale=2,seed=0']) {
      expect(readdirSync(join(out, 'cells', cell)), cell).toEqual(expect.arrayContaining(['path.svg', 'path.png', 'result.json']));
    }
  }, 180_000);

  it('an interrupted sweep resumes without recomputing its finished cells', async () => {
    const out = join(tempDir(), 'sweep');
    const args = ['sweep', 'slow-walk', '--grid', 'scale=1,2,3,4,5,6', '--set', 'steps=20', '--set', 'delayMs=15', '--workers', '1', '--out', out];
    const child = spawnLdyn(args);
    const finished = () => (existsSync(join(out, 'cells')) ? readdirSync(join(out, 'cells')).filter((c) => existsSync(join(out, 'cells', c, 'result.json'))) : []);
    await waitFor(() => finished().length >= 2, 60_000, 'two finished cells');
    child.kill('SIGKILL');
    await exited(child);
    const done = finished();
    expect(done.length).toBeGreaterThanOrEqual(2);
    expect(done.length).toBeLessThan(6);
    assertNoPartialJson(out);
    const mtimes = Object.fromEntries(done.map((c) => [c, statSync(join(out, 'cells', c, 'result.json')).mtimeMs]));
    const resumed = spawnLdyn(args);
    expect((await exited(resumed)).code).toBe(0);
    expect(resumed.output.stderr).toContain(`${done.length} already done, running ${6 - done.length}`);
    for (const c of done) expect(statSync(join(out, 'cells', c, 'result.json')).mtimeMs, c).toBe(mtimes[c]);
    expect(JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'))).toHaveLength(6);
  }, 180_000);
});
