/** Helpers for the CLI tests: run `ldyn` in-process or as a real process, temp folders. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CodeStamp } from '../../src/cli/codeStamp.js';
import { runCli } from '../../src/cli/program.js';

export const REPO = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const FIXTURE = join(REPO, 'test/fixtures/experiments.ts');
export const MAIN = join(REPO, 'src/cli/main.ts');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Run the command line in this process, as a user would type `ldyn <args>` in `cwd`; `codeStamp` makes it act as
 * code of another version (src/cli/codeStamp.ts).
 */
export async function ldyn(args: string[], options: { cwd?: string; signal?: AbortSignal; env?: Record<string, string>; codeStamp?: CodeStamp } = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: { write: (s: string) => (stdout += s), isTTY: false },
    stderr: { write: (s: string) => (stderr += s), isTTY: false },
    cwd: options.cwd ?? REPO,
    env: { LDYN_CATALOG: FIXTURE, ...options.env },
    signal: options.signal,
    ...(options.codeStamp ? { codeStamp: options.codeStamp } : {}),
  });
  return { code, stdout, stderr };
}

/** Start `node --import tsx src/cli/main.ts <args>` (node directly, so a signal reaches the CLI itself). */
export function spawnLdyn(args: string[], env: Record<string, string> = {}): ChildProcess & { output: { stdout: string; stderr: string } } {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
    cwd: REPO,
    env: { ...process.env, LDYN_CATALOG: FIXTURE, ...env, FORCE_COLOR: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  }) as ChildProcess & { output: { stdout: string; stderr: string } };
  child.output = { stdout: '', stderr: '' };
  child.stdout!.on('data', (d: Buffer) => (child.output.stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (child.output.stderr += d.toString()));
  return child;
}

export function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((done) => {
    if (child.exitCode !== null || child.signalCode !== null) done({ code: child.exitCode, signal: child.signalCode });
    else child.once('exit', (code, signal) => done({ code, signal }));
  });
}

/** Poll `check` every 20 ms until it is true (or fail after `timeoutMs`). */
export async function waitFor(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const temps: string[] = [];

export function tempDir(prefix = 'ldyn-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/**
 * Rewrite a run folder's files as an attacker (or a careless colleague) with
 * a text editor would, and then make every checksum agree again: the SHA-256
 * values in ldyn-run.json are recomputed, so only the tool's schema checks
 * stand between the edited files and the report.
 */
export function forgeRun(dir: string, edit: (files: { config: Record<string, unknown>; result: Record<string, unknown> }) => void): void {
  const files = {
    config: JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as Record<string, unknown>,
    result: JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8')) as Record<string, unknown>,
  };
  edit(files);
  const manifest = JSON.parse(readFileSync(join(dir, 'ldyn-run.json'), 'utf8')) as { files: Record<string, string> };
  for (const [name, value] of [['config.json', files.config], ['result.json', files.result]] as const) {
    const text = JSON.stringify(value, null, 2) + '\n';
    writeFileSync(join(dir, name), text);
    manifest.files[name] = createHash('sha256').update(text).digest('hex');
  }
  writeFileSync(join(dir, 'ldyn-run.json'), JSON.stringify(manifest));
}

/** True when `text` is at most one line and shows no stack frame. */
export function isOneLine(text: string): boolean {
  return text.trim().split('\n').length === 1 && !/^\s+at /m.test(text);
}
