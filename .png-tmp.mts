import { Resvg } from '@resvg/resvg-js';
import { readFileSync, writeFileSync } from 'node:fs';
for (const k of ['contour', 'basins', 'heat', 'conv']) {
  const png = new Resvg(readFileSync(`/tmp/ls/${k}.svg`, 'utf8'), { fitTo: { mode: 'width', value: 700 }, background: 'white' }).render().asPng();
  writeFileSync(`/tmp/ls/${k}.png`, png);
}
