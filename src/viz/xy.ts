/**
 * The x–y figure kinds: `line` (named curves) and `scatter` (named point groups).
 */
import * as Plot from '@observablehq/plot';
import type { Markish } from '@observablehq/plot';
import {
  MARGINS,
  axisDomain,
  axisScale,
  bandMarks,
  checkReferences,
  referenceMarks,
  referenceValues,
} from './axes.js';
import { categoryColor } from './palette.js';
import { symbolFor, type FigureParts, type LegendItem } from './parts.js';
import type { LineFigure, LineStyle, Point, ScatterFigure } from './spec.js';

const DASH: Record<LineStyle, string | undefined> = { solid: undefined, dashed: '7,4', dotted: '2,3' };
const SWATCH: Record<LineStyle, LegendItem['shape']> = { solid: 'line', dashed: 'dashed', dotted: 'dotted' };

function checkPoints(where: string, name: string, points: Point[]): void {
  if (!Array.isArray(points)) throw new Error(`${where}: ${name}.points must be an array of {x, y}`);
}

export function lineParts(spec: LineFigure): FigureParts {
  const where = 'renderSvg(line)';
  if (!Array.isArray(spec.series) || spec.series.length === 0) {
    throw new Error(`${where}: series must be a non-empty array of {name, points}`);
  }
  spec.series.forEach((s, i) => checkPoints(where, `series[${i}]`, s.points));
  checkReferences(where, spec.references, spec.bands, spec.x.scale === 'log', spec.y.scale === 'log');
  const xDomain = axisDomain(where, 'x', spec.x, [
    ...spec.series.flatMap((s) => s.points.map((p) => p.x)),
    ...referenceValues('x', spec.references, spec.bands),
  ]);
  const yDomain = axisDomain(where, 'y', spec.y, [
    ...spec.series.flatMap((s) => s.points.map((p) => p.y)),
    ...referenceValues('y', spec.references, spec.bands),
  ]);
  // One colour and one legend entry per series name, in order of first
  // appearance: many `context` lines of one family (one per seed) share both.
  const names = [...new Set(spec.series.map((s) => s.name))];
  const legend: LegendItem[] = names.map((name, i) => ({
    label: name,
    color: categoryColor(i),
    shape: SWATCH[spec.series.find((s) => s.name === name)!.style ?? 'solid'],
  }));
  const marks: Markish[] = [...bandMarks(spec.bands)];
  // Context lines first, so every focus line is drawn over them.
  const order = [...spec.series].sort((a, b) => Number(b.emphasis === 'context') - Number(a.emphasis === 'context'));
  for (const s of order) {
    const stroke = categoryColor(names.indexOf(s.name));
    const weight = s.emphasis === 'context' ? { strokeWidth: 1, strokeOpacity: 0.3 } : { strokeWidth: s.emphasis === 'focus' ? 3 : 2 };
    marks.push(
      Plot.line(s.points, { x: 'x', y: 'y', stroke, ...weight, strokeDasharray: DASH[s.style ?? 'solid'], ariaDescription: `series ${s.name}` }),
    );
    if (s.markers) marks.push(Plot.dot(s.points, { x: 'x', y: 'y', fill: stroke, r: 3, ariaDescription: `markers ${s.name}` }));
  }
  marks.push(...referenceMarks(spec.references, spec.bands, xDomain, spec.x.scale === 'log'));
  return {
    legend: names.length > 1 ? legend : [],
    plot: (width, height) => ({ width, height, ...MARGINS, x: axisScale(spec.x, xDomain), y: axisScale(spec.y, yDomain), marks }),
  };
}

export function scatterParts(spec: ScatterFigure): FigureParts {
  const where = 'renderSvg(scatter)';
  if (!Array.isArray(spec.groups) || spec.groups.length === 0) {
    throw new Error(`${where}: groups must be a non-empty array of {name, points}`);
  }
  spec.groups.forEach((g, i) => checkPoints(where, `groups[${i}]`, g.points));
  checkReferences(where, spec.references, spec.bands, spec.x.scale === 'log', spec.y.scale === 'log');
  const xDomain = axisDomain(where, 'x', spec.x, [
    ...spec.groups.flatMap((g) => g.points.map((p) => p.x)),
    ...referenceValues('x', spec.references, spec.bands),
  ]);
  const yDomain = axisDomain(where, 'y', spec.y, [
    ...spec.groups.flatMap((g) => g.points.map((p) => p.y)),
    ...referenceValues('y', spec.references, spec.bands),
  ]);
  const marks: Markish[] = [...bandMarks(spec.bands)];
  const legend: LegendItem[] = [];
  spec.groups.forEach((g, i) => {
    const color = categoryColor(i);
    const symbol = symbolFor(i);
    legend.push({ label: g.name, color, shape: symbol.swatch });
    marks.push(
      Plot.dot(g.points, { x: 'x', y: 'y', fill: color, symbol: symbol.plot, r: 4, fillOpacity: 0.85, stroke: 'white', strokeWidth: 0.5, ariaDescription: `group ${g.name}` }),
    );
  });
  marks.push(...referenceMarks(spec.references, spec.bands, xDomain, spec.x.scale === 'log'));
  return {
    legend: spec.groups.length > 1 ? legend : [],
    // Inset: points on the domain's edge are drawn whole, not cut by the frame.
    plot: (width, height) => ({
      width,
      height,
      ...MARGINS,
      x: { ...axisScale(spec.x, xDomain), inset: 8 },
      y: { ...axisScale(spec.y, yDomain), inset: 8 },
      marks,
    }),
  };
}
