/**
 * `npm run docs:figures`: the README's pictures, all generated, never drawn
 * by hand. Run it after `npm start`:
 *
 * - copies figures from the run folders that `npm start` wrote
 *   (runs/<experiment>/<figure>.png) into docs/figures/;
 * - screenshots the report (report/index.html: its opening with the contents,
 *   and one experiment section) and every explorer view (built and served as
 *   `ldyn explore` does, in headless Chromium through the project's one
 *   launcher) into docs/figures/report-*.png and docs/figures/explorer-*.png.
 *
 * Options: `--runs <dir>` and `--report <file>` read another run folder or
 * report (defaults: runs/ and report/index.html).
 */
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ensureBuilt, launchChromium, serveDist } from '../web/harness.js';

export const README_FIGURES: [experiment: string, figure: string][] = [
  ['stability', 'momentum-diagram'],
  ['edge-of-stability', 'sharpness'],
  ['gradient-flow-vs-gd', 'order'],
  ['optimizer-geometry', 'ravine'],
];

/** Each view at a state that shows it working (a step reached, so every panel has data). */
export const VIEW_SHOTS: [view: string, query: string][] = [
  ['landscape', 'view=landscape&ls.surface=rosenbrock&ls.t=150'],
  ['stability', 'view=stability&st.lr=0.15&st.beta=0.5&st.t=25'],
  ['train', 'view=train&tr.data=spirals&tr.hidden=16,16&tr.opt=adam&tr.lr=0.02&tr.split=0.3&tr.every=50&tr.t=400'],
  ['flow', 'view=flow&fl.surface=ravine&fl.lr=0.05&fl.t=100'],
  ['neuro', 'view=neuro&nr.t=150'],
  ['rnn', 'view=rnn'],
];

const SIZE = { width: 1366, height: 900 };

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

async function main(): Promise<number> {
  const out = join('docs', 'figures');
  mkdirSync(out, { recursive: true });
  let missing = 0;
  const runs = option('--runs', 'runs');
  for (const [experiment, figure] of README_FIGURES) {
    const src = join(runs, experiment, `${figure}.png`);
    if (!existsSync(src)) {
      console.error(`missing ${src}: run \`npm start\` first`);
      missing++;
      continue;
    }
    copyFileSync(src, join(out, `${experiment}-${figure}.png`));
    console.log(`${src} → ${join(out, `${experiment}-${figure}.png`)}`);
  }

  const browser = await launchChromium();
  try {
    const report = resolve(option('--report', join('report', 'index.html')));
    if (existsSync(report)) {
      const page = await browser.newPage({ viewport: SIZE });
      await page.goto(`file://${report}`);
      await page.screenshot({ path: join(out, 'report-contents.png') });
      await page.locator('section.experiment figure').first().scrollIntoViewIfNeeded();
      await page.evaluate(() => document.querySelector('section.experiment figure')!.scrollIntoView({ block: 'center' }));
      await page.screenshot({ path: join(out, 'report-figure.png') });
      console.log(`${report} → ${join(out, 'report-contents.png')}, ${join(out, 'report-figure.png')}`);
      await page.close();
    } else {
      console.error(`missing ${report}: run \`npm start\` first`);
      missing++;
    }

    await ensureBuilt();
    const { server, url } = await serveDist();
    try {
      for (const [view, query] of VIEW_SHOTS) {
        const page = await browser.newPage({ viewport: SIZE });
        await page.goto(`${url}?${query}`);
        await page.waitForFunction(() => window.__ldynBench?.busy === 0 && (document.getElementById('status')?.textContent ?? '') !== '', null, { timeout: 120_000 });
        if (view === 'train') {
          // The guide open, as a reader first sees it.
          await page.screenshot({ path: join(out, 'explorer-guide.png') });
        }
        // The plots: the guide folded away.
        await page.click(`#panel-${view} details.guide > summary`);
        await page.mouse.move(0, 0);
        await page.screenshot({ path: join(out, `explorer-${view}.png`) });
        console.log(`explorer ?${query} → ${join(out, `explorer-${view}.png`)}`);
        await page.close();
      }
    } finally {
      server.close();
    }
  } finally {
    await browser.close();
  }
  return missing > 0 ? 1 : 0;
}

process.exitCode = await main();
