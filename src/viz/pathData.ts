/**
 * Shorter SVG path data for filled contour bands, drawing the same region.
 *
 * Plot.contour writes each band (the region f ≥ t of one threshold t) as
 * rings of absolute vertices, `M x,y L x,y … Z`, with one vertex wherever a
 * ring crosses a grid-cell edge. A band that reaches the grid's border
 * follows it cell by cell (on the padding ring just outside the frame), so
 * most vertices of a field chart lie in runs along one horizontal or vertical
 * line, repeated for every band of every panel: two thirds of the vertices of
 * optimizer-geometry's ravine figure. A vertex that lies between its two
 * neighbours on one such line is dropped, and so is a repeated vertex: the
 * ring still passes through every point it did, so it bounds the same region
 * (and rasterizes to the same pixels). The kept vertices keep their text, so
 * nothing moves; coordinates are not rounded.
 *
 * Only data made of M, L and Z with absolute coordinates is rewritten; any
 * other path data (curves, relative commands) is returned unchanged.
 */

const NUMBER = '[-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?';
/** One ring: M x,y (L x,y)* and an optional Z. */
const RING = new RegExp(`^M\\s*${NUMBER}\\s*,?\\s*${NUMBER}(?:\\s*L\\s*${NUMBER}\\s*,?\\s*${NUMBER})*\\s*Z?\\s*$`);
const PAIR = new RegExp(`(${NUMBER})\\s*,?\\s*(${NUMBER})`, 'g');

interface Vertex {
  x: number;
  y: number;
  text: string;
}

/** b lies on the segment from a to c, all three on one horizontal or vertical line. */
function between(a: Vertex, b: Vertex, c: Vertex): boolean {
  if (a.x === b.x && b.x === c.x) return Math.min(a.y, c.y) <= b.y && b.y <= Math.max(a.y, c.y);
  if (a.y === b.y && b.y === c.y) return Math.min(a.x, c.x) <= b.x && b.x <= Math.max(a.x, c.x);
  return false;
}

/** Path data of polygon rings without their repeated vertices and the vertices inside straight axis-aligned runs. */
export function compactPolygonPath(d: string): string {
  const rings = d.trim().match(/M[^M]*/g) ?? [];
  if (rings.length === 0 || rings.join('') !== d.trim() || !rings.every((r) => RING.test(r))) return d;
  return rings
    .map((ring) => {
      const kept: Vertex[] = [];
      for (const [, xs, ys] of ring.matchAll(PAIR)) {
        const v = { x: Number(xs), y: Number(ys), text: `${xs},${ys}` };
        const last = kept[kept.length - 1];
        if (last && last.x === v.x && last.y === v.y) continue;
        while (kept.length >= 2 && between(kept[kept.length - 2]!, kept[kept.length - 1]!, v)) kept.pop();
        kept.push(v);
      }
      return `M${kept.map((v) => v.text).join('L')}${/Z\s*$/.test(ring) ? 'Z' : ''}`;
    })
    .join('');
}
