/**
 * Axis scales and reference marks shared by the x–y figure kinds: domains
 * that cover the data and the reference lines (so a level such as 2/η is never
 * clipped), log axes restricted to positive data, and the chart margins.
 */
import * as Plot from '@observablehq/plot';
import type { Markish, ScaleOptions } from '@observablehq/plot';
import { finiteExtent } from './grid.js';
import { FONT_SIZE, REFERENCE_INK } from './palette.js';
import type { AxisSpec, ReferenceBand, ReferenceLine } from './spec.js';

/** Margins (px) around the chart body leaving room for tick labels and centred axis labels. */
export const MARGINS = { marginTop: 14, marginRight: 24, marginBottom: 52, marginLeft: 78 };

/** Checks an explicit axis domain: finite, increasing, positive on a log axis. */
export function checkDomain(where: string, name: string, domain: [number, number] | undefined, log: boolean): void {
  if (domain === undefined) return;
  const [lo, hi] = domain;
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || !(hi > lo) || (log && !(lo > 0))) {
    throw new Error(
      `${where}: ${name}.domain must be finite [min, max] with max > min${log ? ' and min > 0 (log axis)' : ''}, got [${lo}, ${hi}]`,
    );
  }
}

/** The domain of an axis: explicit, else the finite (positive, on log axes) extent of `values`. */
export function axisDomain(where: string, name: string, axis: AxisSpec, values: Iterable<number>): [number, number] {
  const log = axis.scale === 'log';
  checkDomain(where, name, axis.domain, log);
  if (axis.domain) return [axis.domain[0], axis.domain[1]];
  const extent = finiteExtent(values, log);
  if (!extent) {
    throw new Error(`${where}: ${name} axis "${axis.label}" has no finite${log ? ' positive' : ''} data to show`);
  }
  const [lo, hi] = extent;
  if (lo < hi) return [lo, hi];
  // A single value: widen by a factor 2 (log) or by 10% (or ±1 around zero) so it sits mid-axis.
  if (log) return [lo / 2, hi * 2];
  const pad = lo === 0 ? 1 : Math.abs(lo) * 0.1;
  return [lo - pad, hi + pad];
}

/** Plot scale options for an axis: centred label without arrow, grid lines, nice domain unless explicit. */
export function axisScale(axis: AxisSpec, domain: [number, number]): ScaleOptions {
  return {
    type: axis.scale === 'log' ? 'log' : 'linear',
    domain,
    nice: axis.domain === undefined,
    label: axis.label,
    labelAnchor: 'center',
    labelArrow: 'none',
    grid: true,
  };
}

/** All coordinates along one axis contributed by references and bands. */
export function referenceValues(
  axis: 'x' | 'y',
  references: ReferenceLine[] = [],
  bands: ReferenceBand[] = [],
): number[] {
  const out: number[] = [];
  for (const r of references) if (r.axis === axis) out.push(r.value);
  for (const b of bands) if (b.axis === axis) out.push(b.from, b.to);
  return out;
}

/** Shaded bands (drawn first, below the data). */
export function bandMarks(bands: ReferenceBand[] = []): Markish[] {
  return bands.map((band) => {
    const options = { fill: REFERENCE_INK, fillOpacity: 0.12, ariaLabel: 'reference band' };
    return band.axis === 'x'
      ? Plot.rectX([band], { ...options, x1: 'from', x2: 'to' })
      : Plot.rectY([band], { ...options, y1: 'from', y2: 'to' });
  });
}

/** Dashed reference lines with their labels, e.g. "2/η" at the right end of a horizontal line. */
export function referenceMarks(references: ReferenceLine[] = [], bands: ReferenceBand[] = []): Markish[] {
  const marks: Markish[] = [];
  const line = { stroke: REFERENCE_INK, strokeWidth: 1.5, strokeDasharray: '6,4', ariaLabel: 'reference line' };
  const text = { fill: REFERENCE_INK, fontSize: FONT_SIZE - 1, stroke: 'white', strokeWidth: 3, ariaLabel: 'reference label' };
  for (const ref of references) {
    if (ref.axis === 'y') {
      marks.push(Plot.ruleY([ref.value], line));
      if (ref.label) {
        marks.push(Plot.text([ref], { ...text, y: 'value', text: 'label', frameAnchor: 'right', textAnchor: 'end', dx: -6, dy: -9 }));
      }
    } else {
      marks.push(Plot.ruleX([ref.value], line));
      if (ref.label) {
        marks.push(Plot.text([ref], { ...text, x: 'value', text: 'label', frameAnchor: 'top', textAnchor: 'start', dx: 5, dy: 10 }));
      }
    }
  }
  for (const band of bands) {
    if (!band.label) continue;
    const anchor = band.axis === 'x'
      ? { x: (b: ReferenceBand) => b.from, frameAnchor: 'bottom' as const, dy: -10, dx: 5 }
      : { y: (b: ReferenceBand) => b.to, frameAnchor: 'left' as const, dy: 10, dx: 6 };
    marks.push(Plot.text([band], { ...text, ...anchor, text: 'label', textAnchor: 'start' }));
  }
  return marks;
}

/** Checks that a reference line or band lies on a valid coordinate for its axis. */
export function checkReferences(
  where: string,
  references: ReferenceLine[] = [],
  bands: ReferenceBand[] = [],
  logX: boolean,
  logY: boolean,
): void {
  const ok = (axis: 'x' | 'y', v: number) => Number.isFinite(v) && (!(axis === 'x' ? logX : logY) || v > 0);
  references.forEach((r, i) => {
    if (!ok(r.axis, r.value)) throw new Error(`${where}: references[${i}].value must be finite (and > 0 on a log axis), got ${r.value}`);
  });
  bands.forEach((b, i) => {
    if (!ok(b.axis, b.from) || !ok(b.axis, b.to) || !(b.to > b.from)) {
      throw new Error(`${where}: bands[${i}] must have finite from < to (> 0 on a log axis), got [${b.from}, ${b.to}]`);
    }
  });
}
