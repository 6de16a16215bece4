/**
 * `npm run docs:figures`: copy the README's figures from the run folders
 * that `npm start` wrote (runs/<experiment>/<figure>.png) into docs/figures/,
 * so the README shows real results. Run it after `npm start`.
 */
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

export const README_FIGURES: [experiment: string, figure: string][] = [
  ['stability', 'momentum-diagram'],
  ['edge-of-stability', 'sharpness'],
  ['gradient-flow-vs-gd', 'order'],
  ['optimizer-geometry', 'ravine'],
];

const out = join('docs', 'figures');
mkdirSync(out, { recursive: true });
let missing = 0;
for (const [experiment, figure] of README_FIGURES) {
  const src = join('runs', experiment, `${figure}.png`);
  if (!existsSync(src)) {
    console.error(`missing ${src}: run \`npm start\` first`);
    missing++;
    continue;
  }
  copyFileSync(src, join(out, `${experiment}-${figure}.png`));
  console.log(`${src} → ${join(out, `${experiment}-${figure}.png`)}`);
}
process.exitCode = missing > 0 ? 1 : 0;
