/** Test helpers: parse SVG markup and read positions out of Plot's output. */
import { DOMParser } from 'linkedom';

export function parseSvg(svg: string): Element {
  const doc = new DOMParser().parseFromString(svg, 'image/svg+xml') as unknown as Document;
  return doc.documentElement;
}

/** Mark groups with the given aria-description (the renderer tags its marks with it). */
export function marks(root: Element, description: string): Element[] {
  return [...root.querySelectorAll('g')].filter((g) => g.getAttribute('aria-description') === description);
}

/** Plot's axis tick labels as {text, position}, position = the translated x (or y) coordinate. */
export function tickLabels(root: Element, axis: 'x' | 'y'): { text: string; position: number }[] {
  // The colour bar is a Plot of its own; skip its axis.
  const group = [...root.querySelectorAll('g')].find(
    (g) => g.getAttribute('aria-label') === `${axis}-axis tick label` && !g.closest('g[aria-label="color legend"]'),
  );
  if (!group) return [];
  return [...group.querySelectorAll('text')].map((t) => {
    const m = /translate\(([-\d.e]+),([-\d.e]+)\)/.exec(t.getAttribute('transform') ?? '');
    return { text: t.textContent ?? '', position: Number(axis === 'x' ? m?.[1] : m?.[2]) };
  });
}

/** Vertices of an SVG path made of M/L commands (Plot's line and contour output), absolute coordinates. */
export function pathVertices(d: string): [number, number][] {
  const out: [number, number][] = [];
  for (const m of d.matchAll(/[ML]\s*([-\d.e]+)[ ,]([-\d.e]+)/g)) out.push([Number(m[1]), Number(m[2])]);
  return out;
}

export function allText(root: Element): string[] {
  return [...root.querySelectorAll('text')].map((t) => t.textContent ?? '');
}

/** Position of the tick labelled with the number `value` (Plot writes negatives with U+2212 minus). */
export function tickAt(ticks: { text: string; position: number }[], value: number): number {
  const tick = ticks.find((t) => Number(t.text.replace('−', '-')) === value);
  if (!tick) throw new Error(`no tick labelled ${value} among ${ticks.map((t) => t.text).join(', ')}`);
  return tick.position;
}
