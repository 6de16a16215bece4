/**
 * Which experiments the command line knows: the catalog
 * (src/experiments/catalog.ts) plus, as a testing hook, extra modules named
 * by `--catalog <module>` or the LDYN_CATALOG environment variable (paths
 * separated by the platform's path delimiter; LDYN_NO_CATALOG=1 leaves the
 * catalog itself out). An extra module registers its
 * experiments when imported. Sweep workers import the same modules.
 */
import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import { delimiter, isAbsolute, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { registerCatalog } from '../experiments/index.js';
import { UsageError } from './io.js';

const loaded: string[] = [];

/** Module specifiers (file URLs) of the extra modules loaded so far, for workers to import too. */
export function extraCatalogModules(): string[] {
  return [...loaded];
}

function toUrl(spec: string, cwd: string): string {
  if (spec.startsWith('file:')) return spec;
  return pathToFileURL(isAbsolute(spec) ? spec : resolve(cwd, spec)).href;
}

/** Register the catalog and import the extra modules (each at most once). */
export async function loadCatalog(extra: string[], env: Record<string, string | undefined>, cwd: string): Promise<void> {
  // Testing hook: LDYN_NO_CATALOG=1 leaves out the real catalog (only the extra modules are known).
  if (env.LDYN_NO_CATALOG !== '1') registerCatalog();
  const fromEnv = (env.LDYN_CATALOG ?? '').split(delimiter).filter((s) => s.trim() !== '');
  for (const spec of [...fromEnv, ...extra]) {
    const url = toUrl(spec, cwd);
    if (loaded.includes(url)) continue;
    try {
      await import(url);
    } catch (err) {
      throw new UsageError(`Could not load experiment module ${spec}: ${(err as Error).message}`);
    }
    loaded.push(url);
  }
}

/**
 * Import modules given as URLs (inside a worker thread). Under tsx, Node 20
 * worker threads get tsx's require hook but not its ESM hooks, so the
 * worker's own code runs as transformed CommonJS; a TypeScript module that
 * the ESM loader refuses is then loaded through `require`, which also shares
 * that code's registry instance.
 */
export async function importCatalogModules(urls: string[]): Promise<void> {
  registerCatalog();
  for (const url of urls) {
    if (loaded.includes(url)) continue;
    try {
      await import(url);
    } catch (err) {
      if ((err as { code?: string }).code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw err;
      createRequire(import.meta.url)(fileURLToPath(url));
    }
    loaded.push(url);
  }
}

let cachedVersion: string | undefined;

/** The package version (from package.json two folders up, both from src/cli and dist/cli). */
export function packageVersion(): string {
  if (cachedVersion === undefined) {
    const require = createRequire(import.meta.url);
    cachedVersion = (require('../../package.json') as { version: string }).version;
  }
  return cachedVersion;
}

interface RunEnvironment {
  node: string;
  platform: string;
  arch: string;
  cpus: number;
  date: string;
}

export function runEnvironment(): RunEnvironment {
  return { node: process.version, platform: process.platform, arch: process.arch, cpus: cpus().length, date: new Date().toISOString() };
}
