/**
 * `complexPlane` (eigenvalues against the unit circle) and `bars` (grouped bars).
 */
import * as Plot from '@observablehq/plot';
import type { Markish } from '@observablehq/plot';
import { MARGINS, axisDomain, axisScale } from './axes.js';
import { UNIT_CIRCLE_SEGMENTS } from './levels.js';
import { INK, REFERENCE_INK, categoryColor } from './palette.js';
import { symbolFor, type FigureParts, type LegendItem } from './parts.js';
import type { BarsFigure, ComplexPlaneFigure } from './spec.js';


/**
 * Eigenvalues λ of a discrete map's Jacobian: the fixed point is stable iff
 * every |λ| < 1, so the unit circle is drawn as the boundary. Both axes share
 * one symmetric domain [−R, R] and the body is square, so one unit has the same
 * length on both axes and circles look like circles.
 */
export function complexPlaneParts(spec: ComplexPlaneFigure): FigureParts {
  const where = 'renderSvg(complexPlane)';
  if (!Array.isArray(spec.groups) || spec.groups.length === 0) {
    throw new Error(`${where}: groups must be a non-empty array of {name, points: {re, im}[]}`);
  }
  const unitCircle = spec.unitCircle ?? true;
  let radius = unitCircle ? 1 : 0;
  for (const g of spec.groups) {
    for (const p of g.points) {
      if (Number.isFinite(p.re) && Number.isFinite(p.im)) radius = Math.max(radius, Math.abs(p.re), Math.abs(p.im));
    }
  }
  if (radius === 0) radius = 1;
  const bound = radius * 1.12;
  const marks: Markish[] = [
    Plot.ruleX([0], { stroke: REFERENCE_INK, strokeOpacity: 0.6, ariaDescription: 'imaginary axis' }),
    Plot.ruleY([0], { stroke: REFERENCE_INK, strokeOpacity: 0.6, ariaDescription: 'real axis' }),
  ];
  const legend: LegendItem[] = [];
  if (unitCircle) {
    const circle = Array.from({ length: UNIT_CIRCLE_SEGMENTS + 1 }, (_, k) => {
      const phi = (2 * Math.PI * k) / UNIT_CIRCLE_SEGMENTS;
      return { re: Math.cos(phi), im: Math.sin(phi) };
    });
    marks.push(Plot.line(circle, { x: 're', y: 'im', stroke: INK, strokeWidth: 1.5, strokeDasharray: '6,4', ariaDescription: 'unit circle' }));
    legend.push({ label: '|λ| = 1', color: INK, shape: 'dashed' });
  }
  spec.groups.forEach((g, i) => {
    const color = categoryColor(i);
    const symbol = symbolFor(i);
    legend.push({ label: g.name, color, shape: symbol.swatch });
    marks.push(Plot.dot(g.points, { x: 're', y: 'im', fill: color, symbol: symbol.plot, r: 4.5, stroke: 'white', strokeWidth: 0.5, ariaDescription: `eigenvalues ${g.name}` }));
  });
  const axis = (label: string) => axisScale({ label, domain: [-bound, bound] }, [-bound, bound]);
  return {
    legend,
    plot: (width, height) => {
      // Square body of side = the smaller free extent; the renderer centres the narrower plot.
      const freeX = width - MARGINS.marginLeft - MARGINS.marginRight;
      const freeY = height - MARGINS.marginTop - MARGINS.marginBottom;
      const side = Math.max(40, Math.min(freeX, freeY));
      return {
        width: side + MARGINS.marginLeft + MARGINS.marginRight,
        height: side + MARGINS.marginTop + MARGINS.marginBottom,
        ...MARGINS,
        x: { ...axis(spec.xLabel ?? 'Re λ'), ticks: 6 },
        y: { ...axis(spec.yLabel ?? 'Im λ'), ticks: 6 },
        marks,
      };
    },
  };
}

/** Grouped bars: one facet per category (e.g. layer), one bar per group inside it. */
export function barsParts(spec: BarsFigure): FigureParts {
  const where = 'renderSvg(bars)';
  if (!Array.isArray(spec.categories) || spec.categories.length === 0) {
    throw new Error(`${where}: categories must be a non-empty array of names`);
  }
  if (!Array.isArray(spec.groups) || spec.groups.length === 0) {
    throw new Error(`${where}: groups must be a non-empty array of {name, values}`);
  }
  spec.groups.forEach((g, i) => {
    if (!Array.isArray(g.values) || g.values.length !== spec.categories.length) {
      throw new Error(`${where}: groups[${i}].values must have one value per category (${spec.categories.length}), got ${g.values?.length}`);
    }
  });
  const log = spec.y.scale === 'log';
  const rows = spec.groups.flatMap((g, gi) =>
    spec.categories.map((category, ci) => ({ category, group: g.name, value: g.values[ci]!, color: categoryColor(gi) })),
  );
  const values = rows.map((r) => r.value);
  // Linear bars start at zero; log bars start at the power of ten strictly below the smallest positive value.
  const domain = axisDomain(where, 'y', spec.y, log ? values : [0, ...values]);
  const base = log ? (spec.y.domain ? domain[0] : 10 ** (Math.ceil(Math.log10(domain[0]) - 1e-9) - 1)) : 0;
  const yDomain: [number, number] = log && spec.y.domain === undefined ? [base, domain[1]] : domain;
  const legend: LegendItem[] = spec.groups.map((g, i) => ({ label: g.name, color: categoryColor(i), shape: 'rect' }));
  const drawn = rows.filter((r) => Number.isFinite(r.value) && (!log || r.value > 0));
  return {
    legend,
    plot: (width, height) => ({
      width,
      height,
      ...MARGINS,
      fx: { label: spec.xLabel, domain: spec.categories, padding: 0.15, labelAnchor: 'center', labelArrow: 'none' },
      x: { domain: spec.groups.map((g) => g.name), axis: null, padding: 0.08 },
      y: axisScale(spec.y, yDomain),
      marks: [
        Plot.barY(drawn, { fx: 'category', x: 'group', y1: base, y2: 'value', fill: 'color', fillOpacity: 0.85, ariaDescription: 'bars' }),
        Plot.ruleY([base], { stroke: INK }),
      ],
    }),
  };
}
