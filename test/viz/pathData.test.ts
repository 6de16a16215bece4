import * as Plot from '@observablehq/plot';
import { describe, expect, it } from 'vitest';
import { createFigureDocument, renderSvgNode, svgToPng } from '../../src/cli/figures.js';
import { contourParts } from '../../src/viz/fields.js';
import { compactPolygonPath } from '../../src/viz/pathData.js';
import { contourSpec } from './fixtures.js';
import { marks, parseSvg } from './svgQuery.js';

const vertexCount = (d: string) => (d.match(/[ML]/g) ?? []).length;

describe('compactPolygonPath: the same rings with fewer vertices', () => {
  it('drops vertices between their neighbours on one horizontal or vertical line, and repeated vertices, keeping the others’ text', () => {
    expect(compactPolygonPath('M0,0L0,1.5L0,2L1,2L2.125,2L2.125,2L2.125,0Z')).toBe('M0,0L0,2L2.125,2L2.125,0Z');
    // Ring by ring: each keeps its own start and its Z.
    expect(compactPolygonPath('M0,0L1,0L2,0L2,1ZM5,5L5,6L5,7')).toBe('M0,0L2,0L2,1ZM5,5L5,7');
  });

  it('keeps a vertex where the ring turns back along its line, and every vertex off an axis-aligned run', () => {
    expect(compactPolygonPath('M0,0L0,2L0,1Z')).toBe('M0,0L0,2L0,1Z');
    expect(compactPolygonPath('M0,0L1,1L2,2L3,2.5Z')).toBe('M0,0L1,1L2,2L3,2.5Z');
  });

  it('returns path data with curves, arcs or relative commands unchanged', () => {
    for (const d of ['M0,0C1,1,2,2,3,3', 'M0,0l0,1l0,1', 'M0,0A1,1,0,0,1,2,0', 'L0,0L0,1L0,2', '']) expect(compactPolygonPath(d)).toBe(d);
  });
});

describe('renderSvg(contour): compacted bands draw what Plot drew', () => {
  const svg = renderSvgNode(contourSpec);
  const drawn = [...marks(parseSvg(svg), 'contour')[0]!.querySelectorAll('path')];
  // Plot's own drawing of the same chart body (same size), before renderSvg rewrites its band paths.
  const bodyOf = (e: Element): Element => (e.tagName.toLowerCase() === 'svg' ? e : bodyOf(e.parentElement!));
  const body = bodyOf(drawn[0]!);
  const size = [Number(body.getAttribute('width')), Number(body.getAttribute('height'))] as const;
  const plotted = Plot.plot({ ...contourParts(contourSpec).plot(...size), document: createFigureDocument() }) as unknown as Element;
  const raw = [...plotted.querySelectorAll('[aria-description="contour"] path')];

  it('writes each band as Plot’s rings without their straight-run vertices: under half the vertices for this field', () => {
    expect(drawn.map((p) => p.getAttribute('fill'))).toEqual(raw.map((p) => p.getAttribute('fill')));
    expect(drawn.map((p) => p.getAttribute('d'))).toEqual(raw.map((p) => compactPolygonPath(p.getAttribute('d')!)));
    const before = raw.reduce((n, p) => n + vertexCount(p.getAttribute('d')!), 0);
    const after = drawn.reduce((n, p) => n + vertexCount(p.getAttribute('d')!), 0);
    expect(after).toBeLessThan(before / 2);
  });

  it('rasterizes to the same pixels as the figure drawn with Plot’s own path data', () => {
    let k = 0;
    const uncompacted = svg.replace(/(<g[^>]*aria-description="contour"[^>]*>(?:<g[^>]*>)?)([\s\S]*?)(<\/g>)/, (_m, open: string, paths: string, close: string) =>
      open + paths.replace(/ d="[^"]*"/g, () => ` d="${raw[k++]!.getAttribute('d')}"`) + close,
    );
    expect(k).toBe(raw.length);
    expect(uncompacted.length).toBeGreaterThan(svg.length);
    expect(Buffer.from(svgToPng(svg)).equals(Buffer.from(svgToPng(uncompacted)))).toBe(true);
  });
});
