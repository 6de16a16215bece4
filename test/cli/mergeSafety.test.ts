/**
 * `ldyn merge` reads shard folders that may come from anyone: their
 * sweep.json must not steer a write or a removal outside --out (issue #13, item 1).
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import '../fixtures/experiments.js';
import { isOneLine, ldyn, removeTempDirs, tempDir } from './helpers.js';

afterAll(removeTempDirs);

async function shard(dir: string, name: string, grid = 'steps=5,6'): Promise<string> {
  const out = join(dir, name);
  const r = await ldyn(['sweep', 'toy-walk', '--grid', grid, '--workers', '1', '--out', out]);
  expect(r.code, r.stderr).toBe(0);
  return out;
}

describe('ldyn merge with a hostile sweep.json', () => {
  it('refuses a cell named ../../victim (exit 2) and leaves the folder outside --out untouched', async () => {
    const dir = tempDir();
    const real = await shard(dir, 'real');
    // The attack: a shard whose manifest names a cell ../../victim, with a complete run under that name,
    // so that <shard>/cells/../../victim is a finished run and <out>/cells/../../victim is the user's folder.
    const evil = join(dir, 'x', 'evil');
    mkdirSync(join(evil, 'cells'), { recursive: true });
    const manifest = JSON.parse(readFileSync(join(real, 'sweep.json'), 'utf8'));
    const cell = manifest.cells[0];
    cpSync(join(real, 'cells', cell.name), join(dir, 'x', 'victim'), { recursive: true });
    manifest.cells[0].name = '../../victim';
    writeFileSync(join(evil, 'sweep.json'), JSON.stringify(manifest));
    mkdirSync(join(dir, 'victim'));
    writeFileSync(join(dir, 'victim', 'precious.txt'), 'years of work');

    const r = await ldyn(['merge', evil, '--out', join(dir, 'out')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not a valid sweep folder: sweep\.json: cells\.0\.name: a cell name must be one plain folder name/);
    expect(isOneLine(r.stderr)).toBe(true);
    expect(readdirSync(join(dir, 'victim'))).toEqual(['precious.txt']);
    expect(readFileSync(join(dir, 'victim', 'precious.txt'), 'utf8')).toBe('years of work');
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('refuses to write through a symbolic link that leads out of --out (exit 1, nothing written outside)', async () => {
    const dir = tempDir();
    const a = await shard(dir, 'a');
    const elsewhere = join(dir, 'elsewhere');
    mkdirSync(elsewhere);
    const out = join(dir, 'out');
    mkdirSync(out);
    cpSync(join(a, 'sweep.json'), join(out, 'sweep.json')); // a sweep folder of this grid, as an earlier merge leaves it
    symlinkSync(elsewhere, join(out, 'cells'));
    const r = await ldyn(['merge', a, '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/leads outside .*out/);
    expect(isOneLine(r.stderr)).toBe(true);
    expect(readdirSync(elsewhere)).toEqual([]);
  });

  it('does not follow a shard cell that is a symbolic link out of the shard', async () => {
    const dir = tempDir();
    const a = await shard(dir, 'a');
    const cells = readdirSync(join(a, 'cells'));
    // Move one finished cell outside the shard and leave a link in its place.
    cpSync(join(a, 'cells', cells[0]!), join(dir, 'outside-run'), { recursive: true });
    const { rmSync } = await import('node:fs');
    rmSync(join(a, 'cells', cells[0]!), { recursive: true });
    symlinkSync(join(dir, 'outside-run'), join(a, 'cells', cells[0]!));
    const r = await ldyn(['merge', a, '--out', join(dir, 'out')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/leads outside/);
    expect(isOneLine(r.stderr)).toBe(true);
  });

  it('never replaces a destination folder that is not a run folder of ldyn', async () => {
    const dir = tempDir();
    const a = await shard(dir, 'a');
    const manifest = JSON.parse(readFileSync(join(a, 'sweep.json'), 'utf8'));
    const out = join(dir, 'out');
    // The user keeps notes in a folder that happens to have a cell's name.
    mkdirSync(join(out, 'cells', manifest.cells[0].name), { recursive: true });
    cpSync(join(a, 'sweep.json'), join(out, 'sweep.json'));
    writeFileSync(join(out, 'cells', manifest.cells[0].name, 'notes.txt'), 'mine');
    const r = await ldyn(['merge', a, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/is not empty and is not a run folder of ldyn/);
    expect(readdirSync(join(out, 'cells', manifest.cells[0].name))).toEqual(['notes.txt']);
  });

  it('copies only the files a run wrote (its manifest), not extra files a shard carries', async () => {
    const dir = tempDir();
    const a = await shard(dir, 'a');
    const cell = readdirSync(join(a, 'cells'))[0]!;
    writeFileSync(join(a, 'cells', cell, 'planted.html'), '<script>alert(1)</script>');
    const r = await ldyn(['merge', a, '--out', join(dir, 'out'), '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ copied: 2, complete: 2 });
    expect(readdirSync(join(dir, 'out', 'cells', cell)).sort()).toEqual(['config.json', 'ldyn-run.json', 'path.csv', 'report.md', 'result.json']);
  });
});
