/**
 * Exports from the explorer: a figure as PNG (the canvas's pixels at the
 * screen's resolution) or as SVG (a standalone SVG document holding that
 * image, with the figure's title), and the current run's numbers as CSV.
 * Files are produced in the page and handed to the browser as downloads.
 */
import type { SeriesTable } from './view.js';

/** CSV text: a header row, then one row per sample; non-finite numbers are empty cells, text cells quoted when needed. */
export function seriesCsv(table: SeriesTable): string {
  const cell = (v: number | string) => (typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return [table.columns.map(cell).join(','), ...table.rows.map((r) => r.map(cell).join(','))].join('\n') + '\n';
}

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A standalone SVG document of a canvas figure (its pixels as an embedded PNG), titled. */
export function canvasSvg(canvas: HTMLCanvasElement, title: string): string {
  const w = canvas.clientWidth || canvas.width;
  const h = canvas.clientHeight || canvas.height;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" role="img" aria-label="${xml(title)}">` +
    `<title>${xml(title)}</title><rect width="100%" height="100%" fill="white"/>` +
    `<image width="${w}" height="${h}" href="${canvas.toDataURL('image/png')}"/></svg>\n`
  );
}

export function download(name: string, data: Blob): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(data);
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'figure';

/** PNG and SVG buttons under every figure of a view panel. */
export function addFigureExports(panel: HTMLElement, view: string): void {
  for (const fig of panel.querySelectorAll<HTMLElement>('figure.plot')) {
    const canvas = fig.querySelector('canvas');
    if (!canvas || fig.querySelector('.exports')) continue;
    const title = fig.querySelector('figcaption')?.textContent ?? 'figure';
    const bar = document.createElement('div');
    bar.className = 'exports';
    for (const kind of ['PNG', 'SVG'] as const) {
      const b = document.createElement('button');
      b.type = 'button';
      b.textContent = kind;
      b.setAttribute('aria-label', `Download “${title}” as ${kind}`);
      b.addEventListener('click', () => {
        const name = `${view}-${slug(title)}.${kind.toLowerCase()}`;
        if (kind === 'SVG') download(name, new Blob([canvasSvg(canvas, title)], { type: 'image/svg+xml' }));
        else canvas.toBlob((blob) => blob && download(name, blob), 'image/png');
      });
      bar.append(b);
    }
    fig.append(bar);
  }
}
