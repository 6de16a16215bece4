/**
 * Every error ends in one line naming what and where, without a stack
 * trace: exit code 2 for usage errors, 1 for failures (issue #13, item 14).
 */
import { createServer } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import '../fixtures/experiments.js';
import { exited, isOneLine, ldyn, removeTempDirs, spawnLdyn, tempDir } from './helpers.js';

afterAll(removeTempDirs);

describe('usage errors: exit 2, one line', () => {
  it('rejects a --port outside [0, 65535] or not a number', async () => {
    for (const port of ['70000', '65536', 'abc', '-1', '1.5']) {
      const r = await ldyn(['explore', '--root', tempDir(), '--port', port]);
      expect(r.code, port).toBe(2);
      expect(r.stderr, port).toMatch(/--port must be/);
      expect(isOneLine(r.stderr), r.stderr).toBe(true);
    }
  });
});

describe('failures: exit 1, one line, no stack trace', () => {
  it('run --out at a file, or under a file', async () => {
    const dir = tempDir();
    const file = join(dir, 'file.txt');
    writeFileSync(file, 'x');
    const at = await ldyn(['run', 'toy-walk', '--preset', 'quick', '--out', file]);
    expect(at.code).toBe(1);
    expect(at.stderr).toBe(`ldyn: --out ${file} is a file, not a folder.\n`);
    const under = await ldyn(['run', 'toy-walk', '--preset', 'quick', '--out', join(file, 'run')]);
    expect(under.code).toBe(1);
    expect(under.stderr).toBe(`ldyn: --out ${join(file, 'run')}: a parent of this path is a file, not a folder.\n`);
    const sweep = await ldyn(['sweep', 'toy-walk', '--grid', 'steps=5', '--out', file]);
    expect(sweep.code).toBe(1);
    expect(isOneLine(sweep.stderr)).toBe(true);
  });

  it('report --out at a file', async () => {
    const dir = tempDir();
    await ldyn(['run', 'toy-walk', '--preset', 'quick', '--out', join(dir, 'runs', 'a')]);
    const file = join(dir, 'file.txt');
    writeFileSync(file, 'x');
    const r = await ldyn(['report', join(dir, 'runs'), '--out', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`ldyn: report --out ${file} is a file, not a folder.\n`);
  });

  it('a port in use', async () => {
    const blocker = createServer();
    await new Promise<void>((done) => blocker.listen(0, '127.0.0.1', done));
    const port = (blocker.address() as { port: number }).port;
    try {
      const root = tempDir();
      writeFileSync(join(root, 'index.html'), 'hello');
      const r = await ldyn(['explore', '--root', root, '--port', String(port)]);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(`ldyn: port ${port} on 127.0.0.1 is in use; choose another with --port (0 picks a free one).\n`);
    } finally {
      await new Promise((done) => blocker.close(done));
    }
  });

  it('an experiment that throws, as a real process: the message, not the stack', async () => {
    const child = spawnLdyn(['run', 'toy-walk', '--set', 'fail=true', '--out', join(tempDir(), 'fail')]);
    expect((await exited(child)).code).toBe(1);
    expect(child.output.stderr).toMatch(/^ldyn: the run failed: toy-walk: failing on purpose \(fail=true\)\n$/m);
    expect(child.output.stderr).not.toMatch(/^\s+at /m);
  }, 60_000);

});
