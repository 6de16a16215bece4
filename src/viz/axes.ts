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

const SUPERSCRIPT: Record<string, string> = {
  '-': '⁻', '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹',
};

/** Tick label on a log axis: plain decimals from 0.001 to 10000, else 10ⁿ or m·10ⁿ. */
export function formatLogTick(value: number): string {
  if (!(value > 0)) return '';
  const exponent = Math.floor(Math.log10(value) + 1e-9);
  const mantissa = Math.round((value / 10 ** exponent) * 100) / 100;
  if (exponent >= -3 && exponent <= 4) return String(Number(value.toPrecision(3)));
  const power = `10${String(exponent).replace(/[-0-9]/g, (c) => SUPERSCRIPT[c]!)}`;
  return mantissa === 1 ? power : `${mantissa}·${power}`;
}

/**
 * Tick values on a log axis spanning [lo, hi]: every decade (every k-th when
 * there are more than 8), plus 2× and 5× multiples when the axis spans at most
 * two decades, and 1–9× multiples when it spans less than one.
 */
export function logTicks(lo: number, hi: number): number[] {
  const e0 = Math.floor(Math.log10(lo) + 1e-9);
  const e1 = Math.ceil(Math.log10(hi) - 1e-9);
  const decades = e1 - e0;
  const inside = (v: number) => v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9);
  const mantissas = decades <= 1 ? [1, 2, 3, 4, 5, 6, 7, 8, 9] : decades <= 2 ? [1, 2, 5] : [1];
  const stride = Math.max(1, Math.ceil((decades + 1) / 8));
  const ticks: number[] = [];
  for (let e = e0; e <= e1; e++) {
    if (mantissas.length === 1 && (e - e0) % stride !== 0) continue;
    for (const m of mantissas) {
      const v = Number((m * 10 ** e).toPrecision(12));
      if (inside(v)) ticks.push(v);
    }
  }
  return ticks;
}

/**
 * Plot scale options for an axis: centred label without arrow and grid lines.
 * Linear axes get Plot's nice domain and log axes extend to whole decades,
 * unless the domain is explicit or `exact` (grids keep their cell edges);
 * log axes get the ticks and labels above.
 */
export function axisScale(axis: AxisSpec, domain: [number, number], exact = false): ScaleOptions {
  const common = { label: axis.label, labelAnchor: 'center' as const, labelArrow: 'none' as const, grid: !exact };
  const fixed = exact || axis.domain !== undefined;
  if (axis.scale !== 'log') return { ...common, type: 'linear', domain, nice: !fixed };
  const logDomain: [number, number] = fixed
    ? domain
    : [10 ** Math.floor(Math.log10(domain[0]) + 1e-9), 10 ** Math.ceil(Math.log10(domain[1]) - 1e-9)];
  return { ...common, type: 'log', domain: logDomain, ticks: logTicks(logDomain[0], logDomain[1]), tickFormat: formatLogTick };
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
    const options = { fill: REFERENCE_INK, fillOpacity: 0.12, ariaDescription: 'reference band' };
    return band.axis === 'x'
      ? Plot.rectX([band], { ...options, x1: 'from', x2: 'to' })
      : Plot.rectY([band], { ...options, y1: 'from', y2: 'to' });
  });
}

/** Position of v along [lo, hi] as a fraction, measured in scale space. */
function axisFraction(v: number, [lo, hi]: [number, number], log: boolean): number {
  return log ? Math.log(v / lo) / Math.log(hi / lo) : (v - lo) / (hi - lo);
}

/**
 * Dashed reference lines with their labels: a horizontal line is labelled at
 * its right end, a vertical one at its top, on the side facing the plot's
 * interior so the label is never clipped by the frame.
 */
export function referenceMarks(
  references: ReferenceLine[] = [],
  bands: ReferenceBand[] = [],
  xDomain?: [number, number],
  logX = false,
): Markish[] {
  const marks: Markish[] = [];
  const line = { stroke: REFERENCE_INK, strokeWidth: 1.5, strokeDasharray: '6,4', ariaDescription: 'reference line' };
  const text = { fill: REFERENCE_INK, fontSize: FONT_SIZE - 1, stroke: 'white', strokeWidth: 3, ariaDescription: 'reference label' };
  for (const ref of references) {
    if (ref.axis === 'y') {
      marks.push(Plot.ruleY([ref.value], line));
      if (ref.label) {
        marks.push(Plot.text([ref], { ...text, y: 'value', text: 'label', frameAnchor: 'right', textAnchor: 'end', dx: -6, dy: -9 }));
      }
    } else {
      marks.push(Plot.ruleX([ref.value], line));
      if (ref.label) {
        const right = xDomain !== undefined && axisFraction(ref.value, xDomain, logX) > 0.6;
        marks.push(
          Plot.text([ref], { ...text, x: 'value', text: 'label', frameAnchor: 'top', textAnchor: right ? 'end' : 'start', dx: right ? -5 : 5, dy: 10 }),
        );
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
