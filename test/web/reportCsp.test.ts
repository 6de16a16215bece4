/**
 * The HTML report under its own Content-Security-Policy, in the browser:
 * what it needs (inline styles, the inlined KaTeX fonts, inline SVG figures,
 * data: images) still works, and what a hostile run folder could plant
 * (an inline script, an event handler, an image from the network) does not
 * (issue #13, item 2).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import '../fixtures/experiments.js';
import { launchChromium } from '../../web/harness.js';
import { ldyn, removeTempDirs, tempDir } from '../cli/helpers.js';

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  removeTempDirs();
});

/** A 1×1 PNG. */
const DATA_PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

describe('the report in a browser, under its CSP', { timeout: 120_000 }, () => {
  it('draws styles, KaTeX fonts, figures and data: images, and runs no planted script, handler or network image', async () => {
    const dir = tempDir();
    const run = await ldyn(['run', 'toy-walk', '--set', 'figure=true', '--set', 'steps=8', '--out', join(dir, 'runs', 'a')]);
    expect(run.code, run.stderr).toBe(0);
    expect((await ldyn(['report', join(dir, 'runs')])).code).toBe(0);
    // Markup the escaping would never let through, planted after the fact: only the CSP stands in its way.
    const planted = readFileSync(join(dir, 'runs', 'index.html'), 'utf8').replace(
      '</body>',
      `<script>document.title = 'script ran'</script>
<img id="net" src="http://127.0.0.1:9/x.png" onerror="document.title = 'handler ran'">
<img id="data" src="${DATA_PNG}"></body>`,
    );
    writeFileSync(join(dir, 'runs', 'planted.html'), planted);

    const page = await browser.newPage();
    const blocked: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/.test(m.text())) blocked.push(m.text());
    });
    try {
      await page.goto(`file://${join(dir, 'runs', 'planted.html')}`);
      const seen = await page.evaluate(async () => {
        await document.fonts.ready;
        const data = document.getElementById('data') as HTMLImageElement;
        if (!data.complete) await new Promise((r) => data.addEventListener('load', r, { once: true }));
        return {
          title: document.title,
          // The article layout (reportStyle.ts): the reading column's container is bounded.
          layoutMaxWidth: getComputedStyle(document.querySelector('.layout')!).maxWidth,
          katexFonts: [...document.fonts].filter((f) => f.family.startsWith('KaTeX') && f.status === 'loaded').length,
          figures: document.querySelectorAll('figure svg').length,
          dataImageWidth: data.naturalWidth,
        };
      });
      expect(seen.title).toBe('learning-dynamics report');
      expect(seen.layoutMaxWidth).not.toBe('none'); // the inline stylesheet applies
      expect(seen.katexFonts).toBeGreaterThan(0);
      expect(seen.figures).toBeGreaterThan(0);
      expect(seen.dataImageWidth).toBe(1);
      expect(blocked).toHaveLength(3);
      expect(blocked).toEqual(expect.arrayContaining([
        expect.stringMatching(/inline script/),
        expect.stringMatching(/inline event handler/),
        expect.stringMatching(/Loading the image 'http:\/\/127\.0\.0\.1:9\/x\.png'/),
      ]));
    } finally {
      await page.close();
    }
  });
});
