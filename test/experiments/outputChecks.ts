/**
 * Shared checks of an experiment result's presentation: every figure spec
 * renders to a standalone SVG (with a linkedom document standing in for the
 * browser's) without non-finite coordinates, and every LaTeX string — the
 * display equations and the inline `$…$` math of the prose — parses in KaTeX.
 */
import katex from 'katex';
import { parseHTML } from 'linkedom';
import { expect } from 'vitest';
import type { ExperimentResult } from '../../src/experiments/index.js';
import { renderSvg } from '../../src/viz/index.js';

export function expectFiguresRender(result: ExperimentResult): void {
  for (const fig of result.figures) {
    const { document } = parseHTML('<!DOCTYPE html><html><head></head><body></body></html>');
    const svg = renderSvg(fig.spec, { document: document as unknown as Document });
    expect(svg.startsWith('<svg'), fig.id).toBe(true);
    expect(svg, fig.id).not.toMatch(/NaN|Infinity/);
  }
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
