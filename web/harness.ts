/**
 * Node-side helpers shared by the browser test and the browser benchmark:
 * build the explorer when web/dist is missing or older than its sources,
 * serve it with `ldyn explore`'s static server, and launch the npm-shipped
 * headless Chromium (web/browser.ts) through playwright-core.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import type { Server } from 'node:http';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { startStaticServer } from '../src/cli/explore.js';
import { CHROMIUM_ARGS, installedChromium } from './browser.js';

export type { BenchHook } from './benchHook.js';

export const WEB_DIR = fileURLToPath(new URL('.', import.meta.url));
export const DIST_DIR = join(WEB_DIR, 'dist');
export const REPO_DIR = resolve(WEB_DIR, '..');

function newestMtime(dir: string, skip: (path: string) => boolean): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (skip(path)) continue;
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path, skip) : statSync(path).mtimeMs);
  }
  return newest;
}

/** True when web/dist/index.html is missing or older than any source under web/ or src/. */
export function distIsStale(): boolean {
  const index = join(DIST_DIR, 'index.html');
  if (!existsSync(index)) return true;
  const built = statSync(index).mtimeMs;
  const skip = (p: string) => p.startsWith(DIST_DIR) || p.includes('node_modules');
  return Math.max(newestMtime(WEB_DIR, skip), newestMtime(join(REPO_DIR, 'src'), skip)) > built;
}

/** Build the explorer with Vite (programmatically) if it is missing or stale. */
export async function ensureBuilt(): Promise<void> {
  if (!distIsStale()) return;
  const { build } = await import('vite');
  await build({ configFile: join(WEB_DIR, 'vite.config.ts'), logLevel: 'error' });
}

/** Serve web/dist on 127.0.0.1 (a free port). */
export async function serveDist(): Promise<{ server: Server; url: string }> {
  const { server, url } = await startStaticServer(DIST_DIR, 0, '127.0.0.1');
  return { server, url: url.replace('localhost', '127.0.0.1') };
}

/**
 * Launch the npm-shipped headless Chromium, always (never a system browser,
 * so CI and a newcomer's machine run the same one). playwright-core gives
 * every launch a fresh temporary --user-data-dir and deletes it on close.
 */
export async function launchChromium(): Promise<Browser> {
  const { executablePath, env } = await installedChromium(join(REPO_DIR, 'node_modules', '.cache', 'learning-dynamics'));
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath, env, headless: true, args: CHROMIUM_ARGS });
}
