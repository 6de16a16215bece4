/**
 * The browser the tests and the browser benchmark run in, taken only from
 * npm so that `npm ci && npm test` needs nothing but Node:
 *
 * - Chromium (headless shell) from `@sparticuz/chromium`, which ships the
 *   binary brotli-compressed inside the package (bin/chromium.br);
 * - NSS, NSPR and expat, the only shared libraries it needs beyond glibc,
 *   from the same package's bin/al2023.tar.br (the package unpacks these on
 *   Amazon Linux when AWS_EXECUTION_ENV says so and points LD_LIBRARY_PATH at
 *   them; we always do, so every machine runs the same libraries);
 * - fonts from `dejavu-fonts-ttf`, through a fontconfig file of our own
 *   (FONTCONFIG_FILE), so no system font is ever seen.
 *
 * The package's own `executablePath()` unpacks into a shared /tmp/chromium;
 * we unpack into node_modules/.cache/ under a folder named by the package
 * version, writing into a temporary folder and renaming it into place, so a
 * half-written binary is never used and versions never mix. Nothing is
 * downloaded: the archives come with `npm ci`.
 */
import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createBrotliDecompress } from 'node:zlib';
import { extract } from 'tar-fs';

/** Chromium flags for a closed network and a container: no sandbox, GPU, QUIC, first-run UI or background traffic. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface BrowserInstall {
  /** The unpacked chromium binary. */
  executablePath: string;
  /** The environment to launch it with: our libraries first on LD_LIBRARY_PATH, our fontconfig file. */
  env: Record<string, string>;
  /** The @sparticuz/chromium version it came from. */
  version: string;
}

const require = createRequire(import.meta.url);

/**
 * The installed folder of an npm package: from its package.json, or (when an
 * `exports` map hides that) upwards from its resolved entry point.
 */
export function packageDir(name: string): string {
  try {
    return dirname(require.resolve(`${name}/package.json`));
  } catch {
    // hidden by `exports`: walk up from the entry point below
  }
  let dir = dirname(require.resolve(name));
  while (!existsSync(join(dir, 'package.json')) || (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string }).name !== name) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`cannot find the folder of the npm package ${name}`);
    dir = up;
  }
  return dir;
}

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A fontconfig file that knows only DejaVu (from npm) and maps the generic families onto it. */
function fontsConf(fontDir: string, cacheDir: string): string {
  const alias = (generic: string, family: string) => `  <alias><family>${generic}</family><prefer><family>${family}</family></prefer></alias>`;
  return [
    '<?xml version="1.0"?>',
    '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">',
    '<fontconfig>',
    `  <dir>${xml(fontDir)}</dir>`,
    `  <cachedir>${xml(cacheDir)}</cachedir>`,
    alias('sans-serif', 'DejaVu Sans'),
    alias('serif', 'DejaVu Serif'),
    alias('monospace', 'DejaVu Sans Mono'),
    '</fontconfig>',
    '',
  ].join('\n');
}

/** Unpack the binary, the libraries and the fontconfig file into `dest` (via a temporary sibling folder). */
async function unpack(binDir: string, dest: string): Promise<void> {
  const tmp = `${dest}.tmp-${process.pid}-${Date.now()}`;
  mkdirSync(tmp, { recursive: true });
  try {
    await pipeline(createReadStream(join(binDir, 'chromium.br')), createBrotliDecompress(), createWriteStream(join(tmp, 'chromium'), { mode: 0o755 }));
    await pipeline(createReadStream(join(binDir, 'al2023.tar.br')), createBrotliDecompress(), extract(tmp));
    writeFileSync(join(tmp, 'fonts.conf'), fontsConf(join(packageDir('dejavu-fonts-ttf'), 'ttf'), join(dest, 'fontconfig-cache')));
    try {
      renameSync(tmp, dest);
    } catch (e) {
      // Another process finished first: its copy is as good as ours.
      if (!existsSync(join(dest, 'chromium'))) throw e;
      rmSync(tmp, { recursive: true, force: true });
    }
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}

/** The npm-shipped Chromium, unpacked on first use into `cacheRoot` (default: node_modules/.cache/learning-dynamics beside the package). */
export async function installedChromium(cacheRoot?: string): Promise<BrowserInstall> {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`The browser tests' Chromium (npm package @sparticuz/chromium) is built for Linux x64; this machine is ${process.platform} ${process.arch}.`);
  }
  const pkg = packageDir('@sparticuz/chromium');
  cacheRoot ??= join(pkg, '..', '..', '.cache', 'learning-dynamics');
  const version = (JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')) as { version: string }).version;
  const dest = join(cacheRoot, `chromium-${version}`);
  if (!existsSync(join(dest, 'fonts.conf'))) await unpack(join(pkg, 'bin'), dest);
  const libDir = join(dest, 'lib');
  const inherited = process.env.LD_LIBRARY_PATH;
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  env.LD_LIBRARY_PATH = inherited ? `${libDir}:${inherited}` : libDir;
  env.FONTCONFIG_FILE = join(dest, 'fonts.conf');
  return { executablePath: join(dest, 'chromium'), env, version };
}
