/**
 * Ctrl-C and SIGTERM on a real `ldyn` process: the running experiment stops
 * at its next `ctx.checkpoint()`, no result is written, the exit code is
 * 128 + the signal number, and a sweep keeps the cells it finished.
 *
 * The time bounds are generous (3 s for a stop that takes well under 0.2 s
 * on an idle machine): they check that the run stops, not how fast; before
 * cancellation reached the experiments' loops, `run xor --set seeds=1000`
 * went on for its full ~20 s.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exited, removeTempDirs, spawnLdyn, tempDir, waitFor } from './helpers.js';

afterAll(removeTempDirs);

async function interruptRun(signal: 'SIGINT' | 'SIGTERM'): Promise<{ code: number | null; stopMs: number; out: string; stderr: string }> {
  const out = join(tempDir(), 'xor');
  const child = spawnLdyn(['run', 'xor', '--set', 'seeds=1000', '--out', out]);
  await waitFor(() => /xor \d+%/.test(child.output.stderr), 60_000, 'the xor run to be under way');
  await new Promise((r) => setTimeout(r, 1000));
  const sent = Date.now();
  child.kill(signal);
  const { code } = await exited(child);
  return { code, stopMs: Date.now() - sent, out, stderr: child.output.stderr };
}

describe('interrupting ldyn', () => {
  it('Ctrl-C (SIGINT) during `run xor --set seeds=1000` stops it within seconds, writes no result.json, exits 130', async () => {
    const { code, stopMs, out, stderr } = await interruptRun('SIGINT');
    expect(code).toBe(130);
    expect(stopMs).toBeLessThan(3000);
    expect(existsSync(join(out, 'result.json'))).toBe(false);
    expect(stderr).toContain('Interrupted (SIGINT)');
    expect(stderr).toMatch(/ldyn: interrupted; Experiment "xor" was cancelled/);
    expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
  }, 120_000);

  it('SIGTERM stops the run the same way and exits 143', async () => {
    const { code, stopMs, out } = await interruptRun('SIGTERM');
    expect(code).toBe(143);
    expect(stopMs).toBeLessThan(3000);
    expect(existsSync(join(out, 'result.json'))).toBe(false);
  }, 120_000);

  it('a second Ctrl-C exits at once with 130', async () => {
    const out = join(tempDir(), 'xor');
    const child = spawnLdyn(['run', 'xor', '--set', 'seeds=1000', '--out', out]);
    await waitFor(() => /xor \d+%/.test(child.output.stderr), 60_000, 'the xor run to be under way');
    child.kill('SIGINT');
    await waitFor(() => child.output.stderr.includes('Interrupted'), 10_000, 'the first interrupt to be seen');
    child.kill('SIGINT');
    expect((await exited(child)).code).toBe(130);
    expect(existsSync(join(out, 'result.json'))).toBe(false);
  }, 120_000);

  it('an interrupted sweep keeps its finished cells, lists them in results.json and exits 130', async () => {
    const out = join(tempDir(), 'sweep');
    const child = spawnLdyn(['sweep', 'slow-walk', '--grid', 'scale=1,2,3,4,5,6', '--set', 'steps=40', '--set', 'delayMs=15', '--workers', '1', '--out', out]);
    const finished = () => (existsSync(join(out, 'cells')) ? readdirSync(join(out, 'cells')).filter((c) => existsSync(join(out, 'cells', c, 'result.json'))) : []);
    await waitFor(() => finished().length >= 2, 60_000, 'two finished cells');
    child.kill('SIGINT');
    expect((await exited(child)).code).toBe(130);
    const done = finished();
    expect(done.length).toBeGreaterThanOrEqual(2);
    expect(done.length).toBeLessThan(6);
    expect(JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'))).toHaveLength(done.length);
    expect(child.output.stderr).toContain(`the ${done.length} finished cells are kept`);
  }, 120_000);
});
