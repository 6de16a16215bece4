/**
 * The command line fits the terminal: tables and prose wrap to stdout's
 * columns on a TTY ($COLUMNS, else unlimited, elsewhere) without losing text,
 * --json is unaffected; and a run into a folder holding another run says what
 * it replaces.
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import '../fixtures/experiments.js';
import { formatTable } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/program.js';
import { FIXTURE, REPO, ldyn, removeTempDirs, tempDir } from './helpers.js';

afterAll(removeTempDirs);

/** `ldyn <args>` with stdout as a terminal of `columns` columns (or not a terminal, with `env`). */
async function term(args: string[], stdout: { isTTY: boolean; columns?: number }, env: Record<string, string> = {}): Promise<string> {
  let out = '';
  const code = await runCli(args, {
    stdout: { write: (s: string) => (out += s), ...stdout },
    stderr: { write: () => true, isTTY: false },
    cwd: REPO,
    env: { LDYN_CATALOG: FIXTURE, ...env },
  });
  expect(code).toBe(0);
  return out;
}

const lines = (text: string) => text.split('\n').filter((l) => l !== '');
/**
 * The text's characters other than whitespace and header rules, sorted: wrapping a row onto several lines interleaves
 * its columns' words and may split a comma list, but must not lose or add a character.
 */
const words = (text: string) => [...lines(text).filter((l) => !/^[-\s]+$/.test(l)).join('').replace(/\s+/g, '')].sort();

describe('tables fit the terminal', () => {
  it('ldyn list on a 60-column terminal: every line ≤ 60 characters, every word still there', async () => {
    const narrow = await term(['list'], { isTTY: true, columns: 60 });
    for (const l of lines(narrow)) expect([...l].length, l).toBeLessThanOrEqual(60);
    const wide = await term(['list'], { isTTY: false });
    expect(words(narrow)).toEqual(words(wide));
    expect(lines(narrow).length).toBeGreaterThan(lines(wide).length);
  });

  it('ldyn describe on a 70-column terminal wraps the table, the prose and the presets (a real experiment too)', async () => {
    for (const id of ['toy-walk', 'stability']) {
      const narrow = await term(['describe', id], { isTTY: true, columns: 70 });
      for (const l of lines(narrow)) expect([...l].length, `${id}: ${l}`).toBeLessThanOrEqual(70);
      expect(words(narrow)).toEqual(words(await term(['describe', id], { isTTY: false })));
    }
  });

  it('not a terminal: one line per row, or $COLUMNS when set', async () => {
    const piped = await term(['list'], { isTTY: false });
    expect(piped).toMatch(/toy-walk\s+Toy random walk\s+Where does a random walk end\?/);
    const columns = await term(['list'], { isTTY: false }, { COLUMNS: '40' });
    for (const l of lines(columns)) expect([...l].length, l).toBeLessThanOrEqual(40);
  });

  it('--json is the same on any terminal', async () => {
    expect(await term(['list', '--json'], { isTTY: true, columns: 30 })).toBe(await term(['list', '--json'], { isTTY: false }));
    expect(await term(['describe', 'toy-walk', '--json'], { isTTY: true, columns: 30 })).toBe(await term(['describe', 'toy-walk', '--json'], { isTTY: false }));
  });

  it('formatTable narrows the widest columns, wraps at spaces and cuts a word longer than its column', () => {
    const table = formatTable(['id', 'text'], [['a', 'one two three four five six seven'], ['b', 'x'.repeat(30)]], 20);
    const rows = lines(table);
    for (const l of rows) expect([...l].length, l).toBeLessThanOrEqual(20);
    expect(rows[2]).toBe('a   one two three');
    expect(rows.slice(2).join('\n')).toBe(['a   one two three', '    four five six', '    seven', 'b   xxxxxxxxxxxxxxxx', '    xxxxxxxxxxxxxx'].join('\n'));
  });
});

describe('a run says what it replaces', () => {
  it('names the preset and config values it replaces, once, and nothing when the folder holds the same run', async () => {
    const out = join(tempDir(), 'run');
    expect((await ldyn(['run', 'toy-walk', '--preset', 'quick', '--out', out])).stderr).not.toMatch(/replaces/);
    const replaced = await ldyn(['run', 'toy-walk', '--out', out, '--set', 'scale=2']);
    expect(replaced.code).toBe(0);
    const notice = replaced.stderr.split('\n').filter((l) => l.includes('replaces'));
    expect(notice).toHaveLength(1);
    expect(notice[0]).toMatch(/run: replaces the run there \(preset quick → default, steps 10 → 50, scale 1 → 2\)$/);
    const same = await ldyn(['run', 'toy-walk', '--out', out, '--set', 'scale=2']);
    expect(same.stderr).not.toMatch(/replaces/);
  });

  it('names another experiment and seed', async () => {
    const out = join(tempDir(), 'run');
    await ldyn(['run', 'toy-walk', '--preset', 'quick', '--out', out]);
    const r = await ldyn(['run', 'slow-walk', '--preset', 'quick', '--seed', '3', '--out', out]);
    expect(r.stderr).toContain('replaces the run there (experiment toy-walk → slow-walk, seed 0 → 3)');
  });
});
