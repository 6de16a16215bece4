import { writeFileSync, mkdirSync } from 'node:fs';
import { renderSvgNode, svgToPng } from './src/cli/figures.js';
import { allSpecs, sharpnessSpec } from './test/viz/fixtures.js';
mkdirSync('test-artifacts/viz', { recursive: true });
for (const [k, spec] of Object.entries({ ...allSpecs, sharpness: sharpnessSpec })) {
  const t0 = performance.now();
  const svg = renderSvgNode(spec);
  writeFileSync(`test-artifacts/viz/${k}.svg`, svg);
  writeFileSync(`test-artifacts/viz/${k}.png`, svgToPng(svg, { scale: 1.5 }));
  console.log(k, svg.length, (performance.now() - t0).toFixed(0), 'ms');
}
