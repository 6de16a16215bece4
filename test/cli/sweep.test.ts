import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import '../fixtures/experiments.js';
import { parseSeeds, parseShard } from '../../src/cli/sweep.js';
import { ldyn, removeTempDirs, tempDir } from './helpers.js';

afterAll(removeTempDirs);
afterEach(() => {
  delete process.env.LDYN_TEST_COUNTER;
});

const GRID = ['--grid', 'steps=5,10,20', '--grid', 'mode=walk,drift', '--seeds', '0..1'];

function read(path: string): string {
  return readFileSync(path, 'utf8');
}

function counterLines(file: string): string[] {
  return existsSync(file) ? read(file).trim().split('\n').filter(Boolean) : [];
}

describe('seed and shard syntax', () => {
  it('parses ranges, lists and shards, rejecting the rest', () => {
    expect(parseSeeds('2..5')).toEqual([2, 3, 4, 5]);
    expect(parseSeeds('7')).toEqual([7]);
    expect(parseSeeds('1,4,9')).toEqual([1, 4, 9]);
    for (const bad of ['5..2', 'a..b', '1,1', '-1', '']) expect(() => parseSeeds(bad), bad).toThrow(/--seeds/);
    expect(parseShard('1/3')).toEqual({ index: 1, count: 3 });
    for (const bad of ['3/3', '1/0', 'x', '1-2']) expect(() => parseShard(bad), bad).toThrow(/--shard/);
  });
});

describe('ldyn sweep', () => {
  it('runs the cartesian product × seeds and writes a tidy results table', async () => {
    const out = join(tempDir(), 'sweep');
    const r = await ldyn(['sweep', 'toy-walk', ...GRID, '--workers', '1', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(join(out, 'cells'))).toHaveLength(12);
    const rows = JSON.parse(read(join(out, 'results.json'))) as Array<Record<string, unknown>>;
    expect(rows).toHaveLength(12);
    // First grid key varies slowest, seeds innermost.
    expect(rows.slice(0, 4).map((row) => [row.steps, row.mode, row.seed])).toEqual([
      [5, 'walk', 0],
      [5, 'walk', 1],
      [5, 'drift', 0],
      [5, 'drift', 1],
    ]);
    const csv = read(join(out, 'results.csv')).trim().split('\n');
    expect(csv[0]).toBe('steps,mode,seed,final,maxAbs,tagSum,lr');
    expect(csv).toHaveLength(13);
    // A cell is an ordinary run folder: the same config run alone gives the same numbers.
    const single = JSON.parse((await ldyn(['run', 'toy-walk', '--set', 'steps=10', '--set', 'mode=drift', '--seed', '1', '--json', '--out', join(out, '..', 'one')])).stdout);
    expect(rows.find((row) => row.steps === 10 && row.mode === 'drift' && row.seed === 1)!.final).toBe(single.result.metrics.final);
    const manifest = JSON.parse(read(join(out, 'sweep.json')));
    expect(manifest.grid).toEqual([
      { key: 'steps', values: [5, 10, 20] },
      { key: 'mode', values: ['walk', 'drift'] },
    ]);
    expect(manifest.cells).toHaveLength(12);
  });

  it('gives identical results on a worker-thread pool and in-process', async () => {
    const dir = tempDir();
    const pooled = await ldyn(['sweep', 'toy-walk', ...GRID, '--workers', '2', '--out', join(dir, 'pool')]);
    expect(pooled.code, pooled.stderr).toBe(0);
    expect(pooled.stderr).toMatch(/running 12 on 2 workers/);
    expect(pooled.stderr).not.toMatch(/unavailable/);
    const serial = await ldyn(['sweep', 'toy-walk', ...GRID, '--workers', '1', '--out', join(dir, 'serial')]);
    expect(serial.stderr).toMatch(/running 12 on 1 worker /);
    expect(read(join(dir, 'pool', 'results.json'))).toBe(read(join(dir, 'serial', 'results.json')));
  }, 120_000);

  it('split into 2 shards and merged equals the unsharded sweep', async () => {
    const dir = tempDir();
    const a = await ldyn(['sweep', 'toy-walk', ...GRID, '--shard', '0/2', '--workers', '1', '--out', join(dir, 'a')]);
    const b = await ldyn(['sweep', 'toy-walk', ...GRID, '--shard', '1/2', '--workers', '1', '--out', join(dir, 'b')]);
    expect([a.code, b.code]).toEqual([0, 0]);
    expect(a.stderr).toMatch(/shard 0\/2: 6 of 12 cells/);
    expect(readdirSync(join(dir, 'a', 'cells'))).toHaveLength(6);
    const merged = await ldyn(['merge', join(dir, 'a'), join(dir, 'b'), '--out', join(dir, 'm'), '--json']);
    expect(merged.code, merged.stderr).toBe(0);
    expect(JSON.parse(merged.stdout)).toMatchObject({ copied: 12, complete: 12, missing: [] });
    await ldyn(['sweep', 'toy-walk', ...GRID, '--workers', '1', '--out', join(dir, 'full')]);
    for (const file of ['results.json', 'results.csv', 'sweep.json']) {
      expect(read(join(dir, 'm', file)), file).toBe(read(join(dir, 'full', file)));
    }
    // A lone shard merges into a sweep with the other half missing.
    const partial = JSON.parse((await ldyn(['merge', join(dir, 'a'), '--out', join(dir, 'half'), '--json'])).stdout);
    expect(partial.complete).toBe(6);
    expect(partial.missing).toHaveLength(6);
  });

  it('refuses to merge different sweeps or non-sweep folders (exit 2)', async () => {
    const dir = tempDir();
    await ldyn(['sweep', 'toy-walk', '--grid', 'steps=5,6', '--workers', '1', '--out', join(dir, 'x')]);
    await ldyn(['sweep', 'toy-walk', '--grid', 'steps=5,7', '--workers', '1', '--out', join(dir, 'y')]);
    const r = await ldyn(['merge', join(dir, 'x'), join(dir, 'y'), '--out', join(dir, 'm')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/holds a different sweep/);
    expect(existsSync(join(dir, 'm'))).toBe(false);
    expect((await ldyn(['merge', dir, '--out', join(dir, 'm')])).stderr).toMatch(/is not a sweep folder/);
  });

  it('resumes: finished cells are not recomputed, missing ones are', async () => {
    const dir = tempDir();
    const out = join(dir, 'sweep');
    const counter = join(dir, 'counter.txt');
    process.env.LDYN_TEST_COUNTER = counter;
    await ldyn(['sweep', 'toy-walk', ...GRID, '--workers', '1', '--out', out]);
    expect(counterLines(counter)).toHaveLength(12);
    // Simulate an interruption: two cells lost their result, one never started.
    const cells = readdirSync(join(out, 'cells')).sort();
    rmSync(join(out, 'cells', cells[0]!, 'result.json'));
    rmSync(join(out, 'cells', cells[5]!, 'result.json'));
    rmSync(join(out, 'cells', cells[7]!), { recursive: true });
    const kept = join(out, 'cells', cells[3]!, 'result.json');
    const keptMtime = statSync(kept).mtimeMs;
    const r = await ldyn(['sweep', 'toy-walk', ...GRID, '--workers', '1', '--out', out]);
    expect(r.stderr).toMatch(/9 already done, running 3/);
    expect(counterLines(counter)).toHaveLength(15);
    expect(statSync(kept).mtimeMs).toBe(keptMtime);
    expect(JSON.parse(read(join(out, 'results.json')))).toHaveLength(12);
    // --force recomputes everything.
    await ldyn(['sweep', 'toy-walk', ...GRID, '--workers', '1', '--out', out, '--force']);
    expect(counterLines(counter)).toHaveLength(27);
  });

  it('validates the whole grid before any work: bad grid values exit 2 and write nothing', async () => {
    const out = join(tempDir(), 'sweep');
    const r = await ldyn(['sweep', 'toy-walk', '--grid', 'steps=5,0', '--grid', 'mode=walk,up', '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Invalid value for "steps": 0 (from --grid steps=0). Allowed: integer in [1, 10000].');
    expect(r.stderr).toContain('Invalid value for "mode": "up" (from --grid mode=up). Allowed: one of: walk, drift.');
    expect(existsSync(out)).toBe(false);
    expect((await ldyn(['sweep', 'toy-walk', '--grid', 'nope=1', '--out', out])).stderr).toMatch(/Unknown config key "nope" \(--grid\)/);
    expect((await ldyn(['sweep', 'toy-walk', '--out', out])).stderr).toMatch(/at least one --grid/);
    expect((await ldyn(['sweep', 'toy-walk', '--grid', 'steps=5', '--seeds', '3..1', '--out', out])).code).toBe(2);
    expect((await ldyn(['sweep', 'toy-walk', '--grid', 'steps=5', '--shard', '2/2', '--out', out])).code).toBe(2);
    expect(existsSync(out)).toBe(false);
  });

  it('reports failing cells, keeps the others and exits 1; --json parses', async () => {
    const out = join(tempDir(), 'sweep');
    const r = await ldyn(['sweep', 'toy-walk', '--grid', 'fail=false,true', '--workers', '1', '--out', out, '--json']);
    expect(r.code).toBe(1);
    const summary = JSON.parse(r.stdout);
    expect(summary.failed).toHaveLength(1);
    expect(summary.failed[0].error).toMatch(/failing on purpose/);
    expect(summary.results).toHaveLength(1);
    expect(summary.missing).toEqual(['fail=true,seed=0']);
  });
});
