/**
 * A run made by other code is never reused as if current: the manifest
 * records the stamp of the code that made a run (package version and a
 * SHA-256 of the library's files), and `ldyn run`, the main job and sweeps
 * reuse a run only when its config AND its stamp match the running code's.
 * Other versions are played by giving the command line another stamp
 * (CliIO.codeStamp), never by editing source files.
 */
import { mkdirSync, readFileSync, renameSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { codeStamp, hashTree, moduleRoot, type CodeStamp } from '../../src/cli/codeStamp.js';
import { packageVersion } from '../../src/cli/catalogLoader.js';
import { writeReport } from '../../src/cli/report.js';
import { isOneLine, ldyn, REPO, removeTempDirs, tempDir } from './helpers.js';

afterAll(removeTempDirs);

const OLD: CodeStamp = { version: '0.0.9', sha256: 'a'.repeat(64) };
const NEW: CodeStamp = { version: '0.1.0', sha256: 'b'.repeat(64) };

const manifestOf = (dir: string) => JSON.parse(readFileSync(join(dir, 'ldyn-run.json'), 'utf8')) as { code?: unknown; files: Record<string, string> };
const editManifest = (dir: string, edit: (m: Record<string, unknown>) => void) => {
  const m = manifestOf(dir) as Record<string, unknown>;
  edit(m);
  writeFileSync(join(dir, 'ldyn-run.json'), JSON.stringify(m));
};
/** Runs in this process: no worker thread to start per command (the main job's test above needs them, these do not). */
const FAST = { LDYN_IN_PROCESS: '1' };
const resultTime = (dir: string) => statSync(join(dir, 'result.json')).mtimeMs;

// First in this file, as in report.test.ts: a command without LDYN_NO_CATALOG registers the real catalog in this
// process, and a main job after it would run all of it. Runs go to worker threads (not LDYN_IN_PROCESS), whose
// registries are their own.
describe('the main job (npm start)', () => {
  it('the main job re-runs every experiment made by another version and reuses those made by this one', async () => {
    const cwd = tempDir();
    const env = { LDYN_NO_CATALOG: '1' };
    expect((await ldyn([], { cwd, env, codeStamp: OLD })).code).toBe(0);
    const again = await ldyn([], { cwd, env, codeStamp: NEW });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/toy-walk\s+done/);
    expect(again.stdout).toMatch(/slow-walk\s+done/);
    expect(again.stderr).toContain('re-running toy-walk: made by a different version of learning-dynamics (0.0.9');
    expect(again.stderr).toContain('re-running slow-walk: made by a different version of learning-dynamics (0.0.9');
    const third = await ldyn([], { cwd, env, codeStamp: NEW });
    expect(third.stdout).toMatch(/toy-walk\s+skipped/);
    expect(third.stdout).toMatch(/slow-walk\s+skipped/);
  }, 120_000);
});

describe('the code stamp', () => {
  it('is the package version and a SHA-256 over the files of src/ (this checkout runs through tsx)', () => {
    expect(moduleRoot().replace(/[\\/]$/, '')).toBe(join(REPO, 'src'));
    expect(codeStamp()).toEqual({ version: packageVersion(), sha256: hashTree(join(REPO, 'src')) });
    expect(codeStamp()).toBe(codeStamp()); // computed once per process
  });

  it('hashTree changes when a file is edited, added or renamed, and ignores dot-files and symbolic links', () => {
    const root = tempDir();
    mkdirSync(join(root, 'nn'));
    writeFileSync(join(root, 'nn', 'layer.js'), 'export const a = 1;\n');
    writeFileSync(join(root, 'index.js'), 'export * from "./nn/layer.js";\n');
    const base = hashTree(root);
    expect(hashTree(root)).toBe(base);
    writeFileSync(join(root, '.layer.js.swp'), 'editor state');
    symlinkSync(join(root, 'nn'), join(root, 'loop'));
    expect(hashTree(root)).toBe(base);
    writeFileSync(join(root, 'nn', 'layer.js'), 'export const a = 2;\n');
    const edited = hashTree(root);
    expect(edited).not.toBe(base);
    renameSync(join(root, 'nn', 'layer.js'), join(root, 'nn', 'layers.js'));
    expect(hashTree(root)).not.toBe(edited);
    writeFileSync(join(root, 'extra.js'), '');
    const added = hashTree(root);
    expect(added).not.toBe(edited);
    // A file's path and bytes are framed by its length: moving bytes from one file's end to the next file's name is a change.
    writeFileSync(join(root, 'extra.js'), 'x');
    expect(hashTree(root)).not.toBe(added);
  });
});

describe('ldyn run reuses a run only when config and code stamp match', () => {
  it('skips a run made by the same code, and records that code in the manifest', async () => {
    const out = join(tempDir(), 'run');
    expect((await ldyn(['run', 'toy-walk', '--preset', 'quick', '--out', out], { env: FAST, codeStamp: OLD })).code).toBe(0);
    expect(manifestOf(out).code).toEqual(OLD);
    const before = resultTime(out);
    const again = await ldyn(['run', 'toy-walk', '--preset', 'quick', '--out', out], { env: FAST, codeStamp: OLD });
    expect(again.stdout).toMatch(/toy-walk: skipped/);
    expect(again.stderr).not.toMatch(/re-running/);
    expect(resultTime(out)).toBe(before);
  });

  it('re-runs a run made by another version, saying why in one line, and stamps the new run', async () => {
    const out = join(tempDir(), 'run');
    await ldyn(['run', 'toy-walk', '--preset', 'quick', '--out', out], { env: FAST, codeStamp: OLD });
    const again = await ldyn(['run', 'toy-walk', '--preset', 'quick', '--out', out], { env: FAST, codeStamp: NEW });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/toy-walk: done in/);
    const line = again.stderr.split('\n').filter((l) => l.includes('re-running'));
    expect(line).toEqual([`re-running toy-walk: made by a different version of learning-dynamics (0.0.9, code aaaaaaaaaaaa; now 0.1.0, code bbbbbbbbbbbb)`]);
    expect(manifestOf(out).code).toEqual(NEW);
    // Same version, other code (a checkout between two commits): re-run as well.
    const sameVersion = { ...NEW, sha256: 'c'.repeat(64) };
    const third = await ldyn(['run', 'toy-walk', '--preset', 'quick', '--out', out, '--json'], { env: FAST, codeStamp: sameVersion });
    expect(JSON.parse(third.stdout).status).toBe('done');
    expect(third.stderr).toContain('re-running toy-walk: made by a different version of learning-dynamics (0.1.0, code bbbbbbbbbbbb; now 0.1.0, code cccccccccccc)');
  });

  it('re-runs a run whose manifest records no stamp (written before stamps were kept)', async () => {
    const out = join(tempDir(), 'run');
    await ldyn(['run', 'toy-walk', '--preset', 'quick', '--out', out], { env: FAST, codeStamp: NEW });
    editManifest(out, (m) => delete m.code);
    const again = await ldyn(['run', 'toy-walk', '--preset', 'quick', '--out', out], { env: FAST, codeStamp: NEW });
    expect(again.stdout).toMatch(/toy-walk: done in/);
    expect(again.stderr).toContain('re-running toy-walk: made by a different version of learning-dynamics (its ldyn-run.json records no code stamp; now 0.1.0, code bbbbbbbbbbbb)');
    expect(manifestOf(out).code).toEqual(NEW);
  });

  it('re-runs a run whose stamp is malformed (never reused), naming the bad field in one line', async () => {
    const out = join(tempDir(), 'run');
    await ldyn(['run', 'toy-walk', '--preset', 'quick', '--out', out], { env: FAST, codeStamp: NEW });
    for (const [bad, field] of [
      [{ version: '0.1.0', sha256: 'B'.repeat(64) }, 'code.sha256'],
      [{ version: 1, sha256: 'b'.repeat(64) }, 'code.version'],
      ['0.1.0', 'code'],
      [{ ...NEW, extra: '<script>' }, 'code'],
    ] as const) {
      editManifest(out, (m) => (m.code = bad));
      const again = await ldyn(['run', 'toy-walk', '--preset', 'quick', '--out', out], { env: FAST, codeStamp: NEW });
      expect(again.code, again.stderr).toBe(0);
      expect(again.stdout, JSON.stringify(bad)).toMatch(/toy-walk: done in/);
      const lines = again.stderr.split('\n').filter((l) => l.includes('re-running'));
      expect(lines.length).toBe(1);
      expect(isOneLine(lines[0]!)).toBe(true);
      expect(lines[0]).toContain(`re-running toy-walk: made by a different version of learning-dynamics (its code stamp is malformed, ${field}`);
      expect(manifestOf(out).code).toEqual(NEW);
    }
  });
});

describe('the report', () => {
  it('says which code made each run, escaped like every value from a run folder', async () => {
    const root = tempDir();
    await ldyn(['run', 'toy-walk', '--preset', 'quick', '--out', join(root, 'a')], { env: FAST, codeStamp: OLD });
    await ldyn(['run', 'toy-walk', '--preset', 'quick', '--out', join(root, 'b')], { env: FAST, codeStamp: { version: '<b>1</b>', sha256: 'd'.repeat(64) } });
    await ldyn(['run', 'toy-walk', '--preset', 'quick', '--out', join(root, 'c')], { env: FAST, codeStamp: OLD });
    editManifest(join(root, 'c'), (m) => delete m.code);
    const report = await writeReport(root, { out: join(root, 'report') });
    const html = readFileSync(report.html, 'utf8');
    expect(html).toContain('folder <code>a</code>, made by learning-dynamics 0.0.9, code aaaaaaaaaaaa</p>');
    expect(html).toContain('folder <code>b</code>, made by learning-dynamics &lt;b&gt;1&lt;/b&gt;, code dddddddddddd</p>');
    expect(html).toContain('folder <code>c</code>, made by an unrecorded version (no code stamp)</p>');
  }, 120_000);
});

describe('sweeps and merges', () => {
  it('a sweep re-runs the cells made by another version (one line for all) and reuses its own', async () => {
    const out = join(tempDir(), 'sweep');
    const args = ['sweep', 'toy-walk', '--grid', 'steps=3,4', '--seeds', '0..1', '--preset', 'quick', '--out', out, '--workers', '1'];
    const env = { LDYN_IN_PROCESS: '1' };
    expect((await ldyn(args, { env, codeStamp: OLD })).code).toBe(0);
    const again = await ldyn(args, { env, codeStamp: NEW });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/ran 4, reused 0/);
    expect(again.stderr.split('\n').filter((l) => l.includes('re-running'))).toEqual([
      'sweep toy-walk: re-running 4 cells made by a different version of learning-dynamics (0.0.9, code aaaaaaaaaaaa; now 0.1.0, code bbbbbbbbbbbb)',
    ]);
    expect((await ldyn(args, { env, codeStamp: NEW })).stdout).toMatch(/ran 0, reused 4/);
  });

  it('ldyn merge keeps the stamp of the code that made each cell', async () => {
    const root = tempDir();
    const args = (shard: string) => ['sweep', 'toy-walk', '--grid', 'steps=3,4', '--seeds', '0', '--preset', 'quick', '--shard', shard, '--out', join(root, `s${shard[0]}`), '--workers', '1'];
    const env = { LDYN_IN_PROCESS: '1' };
    expect((await ldyn(args('0/2'), { env, codeStamp: OLD })).code).toBe(0);
    expect((await ldyn(args('1/2'), { env, codeStamp: OLD })).code).toBe(0);
    const merged = await ldyn(['merge', join(root, 's0'), join(root, 's1'), '--out', join(root, 'all')], { codeStamp: NEW });
    expect(merged.code, merged.stderr).toBe(0);
    const sweep = JSON.parse(readFileSync(join(root, 'all', 'sweep.json'), 'utf8')) as { cells: Array<{ name: string }> };
    for (const cell of sweep.cells) expect(manifestOf(join(root, 'all', 'cells', cell.name)).code).toEqual(OLD);
  });
});
