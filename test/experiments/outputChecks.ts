/**
 * Shared checks of an experiment result's presentation: every figure spec
 * renders to a standalone SVG (with a linkedom document standing in for the
 * browser's) without non-finite coordinates and with the same symbols in its
 * title and on its axes, and every LaTeX string — the
 * display equations and the inline `$…$` math of the prose — parses in KaTeX.
 */
import katex from 'katex';
import { parseHTML } from 'linkedom';
import { expect } from 'vitest';
import type { ExperimentResult } from '../../src/experiments/index.js';
import type { FigureSpec, PanelSpec } from '../../src/spec/figure.js';
import { renderSvg } from '../../src/viz/index.js';

export function expectFiguresRender(result: ExperimentResult): void {
  for (const fig of result.figures) {
    const { document } = parseHTML('<!DOCTYPE html><html><head></head><body></body></html>');
    const svg = renderSvg(fig.spec, { document: document as unknown as Document });
    expect(svg.startsWith('<svg'), fig.id).toBe(true);
    expect(svg, fig.id).not.toMatch(/NaN|Infinity/);
  }
  expect(symbolMismatches(result), 'title symbols vs axis labels').toEqual([]);
}

export function expectMathParses(result: ExperimentResult): void {
  const s = result.sections;
  for (const m of s.math) expect(() => katex.renderToString(m, { displayMode: true, throwOnError: true }), m).not.toThrow();
  for (const text of [s.question, s.setup, s.teaches, s.connection ?? '', ...result.findings]) {
    for (const part of text.split(/(\$[^$\n]+\$)/g)) {
      if (part.length > 2 && part.startsWith('$') && part.endsWith('$')) {
        expect(() => katex.renderToString(part.slice(1, -1), { throwOnError: true }), part).not.toThrow();
      }
    }
  }
}

/** The labels of a figure's axes (the complex plane's defaults are Re λ and Im λ). */
export function axisLabels(spec: FigureSpec | PanelSpec): string[] {
  switch (spec.kind) {
    case 'complexPlane':
      return [spec.xLabel ?? 'Re λ', spec.yLabel ?? 'Im λ'];
    case 'bars':
      return [spec.xLabel, spec.y.label];
    case 'panels':
      return [...new Set(spec.panels.flatMap(axisLabels))];
    default:
      return [spec.x.label, spec.y.label];
  }
}

const greek = (text: string) => new Set(text.match(/[α-ωΑ-Ω]/gu) ?? []);
/**
 * Greek letters the text introduces as names of a quantity: right after a word ("eigenvalues μ", "number κ"),
 * not inside a formula ("2/η") and not a parameter's value ("trained with η = 0.1").
 */
const named = (text: string) => new Set([...text.matchAll(/\p{L}{2,} ([α-ωΑ-Ω])(?!\s*[=≈<>≤≥])/gu)].map((m) => m[1]!));

/**
 * Symbols agree between a figure's title and its axes: a symbol the title
 * introduces as a quantity's name must be the one the axes use, when the axes
 * use Greek symbols at all (a title about "eigenvalues μ" over axes "Re λ,
 * Im λ" names one quantity twice). Returns the figures that disagree, as
 * "id: title symbols vs axis symbols".
 */
export function symbolMismatches(result: Pick<ExperimentResult, 'figures'>): string[] {
  const out: string[] = [];
  for (const fig of result.figures) {
    const title = named(fig.spec.title);
    const axes = greek(axisLabels(fig.spec).join(' '));
    if (title.size > 0 && axes.size > 0 && ![...title].some((s) => axes.has(s))) out.push(`${fig.id}: title ${[...title].join('')} vs axes ${[...axes].join('')}`);
  }
  return out;
}

/** Every figure has a caption, written from the run's numbers: it states at least one measured number. */
export function expectCaptionsFromNumbers(result: Pick<ExperimentResult, 'figures'>): void {
  for (const fig of result.figures) {
    expect(fig.spec.caption, `${fig.id}: caption`).toBeTruthy();
    expect(fig.spec.caption, `${fig.id}: caption states a number`).toMatch(/\d/);
  }
}
