/**
 * The package as a user gets it: `npm pack` (its `prepack` builds the
 * library and the explorer) of a staged copy of the checkout, installed into
 * a fresh project, and bundled for the browser with Vite. Shared by
 * test/package/pack.test.ts and the `package` bench case.
 *
 * The install is offline: npm resolves nothing. The consumer gets a lockfile
 * made from ours (the tarball plus every non-dev entry, at the same
 * node_modules paths), so `npm ci --offline` takes each tarball from the npm
 * cache that the repository's own `npm ci` filled.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

export const REPO = resolve(fileURLToPath(new URL('../..', import.meta.url)));

const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function npm(args: string[], cwd: string): string {
  return execFileSync(NPM, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, npm_config_update_notifier: 'false' } });
}

/**
 * Copy what `npm pack` needs from the checkout into `<work>/stage` (no dist/,
 * no web/dist/: prepack must build them), run `npm pack` there and return the
 * tarball's path. The checkout's own dist/ is never touched.
 */
export function packFromCheckout(work: string): string {
  const stage = join(work, 'stage');
  mkdirSync(stage, { recursive: true });
  for (const file of ['package.json', 'tsconfig.json', 'tsconfig.build.json', 'README.md', 'LICENSE']) cpSync(join(REPO, file), join(stage, file));
  cpSync(join(REPO, 'src'), join(stage, 'src'), { recursive: true });
  // The build's second step (scripts/bundleDist.ts) rebundles tsc's output as code-split ESM.
  cpSync(join(REPO, 'scripts', 'bundleDist.ts'), join(stage, 'scripts', 'bundleDist.ts'));
  cpSync(join(REPO, 'web'), join(stage, 'web'), { recursive: true, filter: (src) => !relative(join(REPO, 'web'), src).startsWith('dist') });
  // The explorer's guides are docs/explorer/*.md, compiled into the bundle at build time.
  cpSync(join(REPO, 'docs', 'explorer'), join(stage, 'docs', 'explorer'), { recursive: true });
  symlinkSync(join(REPO, 'node_modules'), join(stage, 'node_modules'), 'dir');
  const out = join(work, 'tarball');
  mkdirSync(out, { recursive: true });
  npm(['pack', '--pack-destination', out], stage);
  const tgz = readdirSync(out).filter((f) => f.endsWith('.tgz'));
  if (tgz.length !== 1) throw new Error(`npm pack wrote ${tgz.length} tarballs into ${out}`);
  return join(out, tgz[0]!);
}

interface LockEntry {
  dev?: boolean;
  devOptional?: boolean;
  link?: boolean;
  [key: string]: unknown;
}

/** Install the tarball into a new project at `dir` with `npm ci --offline`; returns the installed package folder. */
export function installTarball(tarball: string, dir: string): string {
  mkdirSync(dir, { recursive: true });
  const lock = JSON.parse(readFileSync(join(REPO, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const self = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as Record<string, unknown>;
  const spec = `file:${relative(dir, tarball)}`;
  const packages: Record<string, unknown> = {
    '': { name: 'consumer', dependencies: { 'learning-dynamics': spec } },
    'node_modules/learning-dynamics': {
      version: self.version,
      resolved: spec,
      license: self.license,
      dependencies: self.dependencies,
      bin: self.bin,
      engines: self.engines,
    },
  };
  // Our lockfile may omit tarball URLs (npm's omit-lockfile-registry-resolved); spelled out, npm needs no
  // packument either, only the tarballs, which `npm ci` cached by exactly these URLs.
  const registry = npm(['config', 'get', 'registry'], REPO).trim().replace(/\/?$/, '/');
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (!path.startsWith('node_modules/') || entry.dev || entry.devOptional || entry.link) continue;
    const name = typeof entry.name === 'string' ? entry.name : path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
    packages[path] = { resolved: `${registry}${name}/-/${name.split('/').pop()!}-${String(entry.version)}.tgz`, ...entry };
  }
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module', dependencies: { 'learning-dynamics': spec } }, null, 2));
  writeFileSync(join(dir, 'package-lock.json'), JSON.stringify({ name: 'consumer', lockfileVersion: 3, requires: true, packages }, null, 2));
  npm(['ci', '--offline', '--no-audit', '--no-fund'], dir);
  return join(dir, 'node_modules', 'learning-dynamics');
}

export interface BundleSize {
  bytes: number;
  gzip: number;
}

/**
 * Bundle `entry` (a browser script under `root`, whose node_modules holds the
 * package) with Vite for production and return the size of the JavaScript it
 * emits, minified and gzipped.
 */
export async function bundleSize(root: string, entry: string, outDir: string): Promise<BundleSize> {
  const { build } = await import('vite');
  await build({
    root,
    configFile: false,
    logLevel: 'silent',
    build: { outDir, emptyOutDir: true, target: 'es2022', rollupOptions: { input: entry, output: { entryFileNames: '[name].js', chunkFileNames: '[name].js' } } },
  });
  let bytes = 0;
  let gzip = 0;
  for (const file of readdirSync(outDir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js'))) {
    const content = readFileSync(join(outDir, file));
    bytes += content.length;
    gzip += gzipSync(content).length;
  }
  return { bytes, gzip };
}

/** Browser scripts a user might bundle: tensors and autodiff alone, and XOR training with nn + optim from the root. */
export const BROWSER_SCRIPTS = {
  core: [
    "import { tensor, grad, hessian } from 'learning-dynamics/core';",
    'const f = (v) => v.sin().mul(v).sum();',
    'document.body.textContent = `${grad(f)(tensor([1, 2])).toArray()} ${hessian(f)(tensor([1, 2])).shape}`;',
  ].join('\n'),
  xor: [
    "import { tensor, binaryCrossEntropyWithLogits, nn, optim } from 'learning-dynamics';",
    'const x = tensor([[0, 0], [0, 1], [1, 0], [1, 1]]);',
    'const y = tensor([[0], [1], [1], [0]]);',
    "const model = new nn.MLP([2, 4, 1], { hidden: 'tanh', seed: 1 });",
    'const opt = new optim.SGD(model.parameters(), { lr: 0.5, momentum: 0.9 });',
    'let loss;',
    'for (let t = 0; t < 500; t++) { opt.zeroGrad(); loss = binaryCrossEntropyWithLogits(model.forward(x), y); loss.backward(); opt.step(); }',
    'document.body.textContent = `XOR loss ${loss.item()}`;',
  ].join('\n'),
};

/** Bare module specifiers a module graph imports statically, walked from `entry` through relative imports. */
export function staticBareImports(entry: string): Set<string> {
  const seen = new Set<string>();
  const bare = new Set<string>();
  const pending = [resolve(entry)];
  const importRe = /(?:^|[;\n])\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|(?:^|[;\n])\s*import\s*['"]([^'"]+)['"]/g;
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(importRe)) {
      const spec = (m[1] ?? m[2])!;
      if (spec.startsWith('.')) pending.push(resolve(file, '..', spec));
      else bare.add(spec);
    }
  }
  return bare;
}
