/**
 * The browser tests' browser comes from npm only: the harness launches the
 * Chromium shipped in @sparticuz/chromium (whatever the system has), with
 * the package's own NSS libraries and fonts from dejavu-fonts-ttf, and no
 * system font is visible to the page.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installedChromium } from '../../web/browser.js';
import { REPO_DIR, launchChromium } from '../../web/harness.js';

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
}, 300_000);

afterAll(async () => {
  await browser?.close();
});

describe('the npm-shipped browser', { timeout: 120_000 }, () => {
  it('is the Chromium of @sparticuz/chromium (its major version), unpacked under node_modules/.cache', async () => {
    const install = await installedChromium(join(REPO_DIR, 'node_modules', '.cache', 'learning-dynamics'));
    expect(install.executablePath.startsWith(join(REPO_DIR, 'node_modules', '.cache'))).toBe(true);
    expect(install.env.LD_LIBRARY_PATH!.split(':')[0]).toBe(join(install.executablePath, '..', 'lib'));
    expect(install.env.FONTCONFIG_FILE).toBe(join(install.executablePath, '..', 'fonts.conf'));
    // @sparticuz/chromium's major version is the Chromium major it ships (147.0.0 → 147.0.x.y).
    expect(browser.version().split('.')[0]).toBe(install.version.split('.')[0]);
  });

  it('no browser-launching file names a system chromium', () => {
    for (const file of ['web/harness.ts', 'web/browser.ts', 'bench/web.ts']) {
      expect(readFileSync(join(REPO_DIR, file), 'utf8'), file).not.toMatch(/\/usr\/(local\/)?bin\/chrom/);
    }
  });

  it('the page sees DejaVu for the generic families and no system font', async () => {
    const page = await browser.newPage();
    const widths = await page.evaluate(() => {
      const ctx = document.createElement('canvas').getContext('2d')!;
      const width = (family: string) => {
        ctx.font = `40px ${family}`;
        return ctx.measureText('Learning dynamics λ_max = 2/η, W·x').width;
      };
      return {
        sans: width('sans-serif'),
        dejavuSans: width('"DejaVu Sans"'),
        mono: width('monospace'),
        dejavuMono: width('"DejaVu Sans Mono"'),
        // Fonts a system may have installed (Debian's fonts-liberation, Arial): unknown to our fontconfig file,
        // so they fall back exactly as a family that exists nowhere does.
        liberation: width('"Liberation Sans"'),
        arial: width('Arial'),
        nowhere: width('"No Such Family ldyn"'),
      };
    });
    await page.close();
    expect(widths.sans).toBe(widths.dejavuSans);
    expect(widths.mono).toBe(widths.dejavuMono);
    expect(widths.mono).not.toBe(widths.sans);
    expect(widths.liberation).toBe(widths.nowhere);
    expect(widths.arial).toBe(widths.nowhere);
  });
});
