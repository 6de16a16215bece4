import { describe, expect, it } from 'vitest';
import { splitProse } from '../../src/cli/proseMath.js';
import { renderProse } from '../../src/cli/reportMath.js';
import { symbolMismatches } from '../experiments/outputChecks.js';

const math = (text: string) => splitProse(text).filter((p) => p.kind === 'math').map((p) => (p as { tex: string }).tex);

describe('inline math in prose', () => {
  it('typesets plain-text symbols with sub- and superscripts: words upright, signed decimals whole', () => {
    expect(math('from λ_max = 7.2 to 2/η')).toEqual(['λ_{\\mathrm{max}}']);
    expect(math('grows as η^1.01 and N^−1, x_t^2, T_3.')).toEqual(['η^{1.01}', 'N^{-1}', 'x_{t}^{2}', 'T_{3}']);
  });

  it('leaves identifiers with underscores inside words, and explicit $…$ as written', () => {
    expect(math('weight_decay and sharpness_every')).toEqual([]);
    expect(math('a $\\frac{1}{2}\\eta$ b')).toEqual(['\\frac{1}{2}\\eta']);
  });

  it('escapes the text around the math', () => {
    const html = renderProse('<b>λ_max</b> & more').markup;
    expect(html.startsWith('&lt;b&gt;<span class="katex">')).toBe(true);
    expect(html).toContain('&amp; more');
    expect(html).not.toContain('katex-error');
  });
});

describe('figure symbols', () => {
  const plane = (title: string, xLabel?: string) => ({ figures: [{ id: 'eig', title, spec: { kind: 'complexPlane' as const, title, groups: [], ...(xLabel ? { xLabel, yLabel: 'Im μ' } : {}) } }] });
  it('flags a title naming eigenvalues μ over axes labelled λ, and accepts matching symbols', () => {
    expect(symbolMismatches(plane('Eigenvalues μ of the update map'))).toEqual(['eig: title μ vs axes λ']);
    expect(symbolMismatches(plane('Eigenvalues μ of the update map', 'Re μ'))).toEqual([]);
  });
  it('ignores symbols inside formulas of the title (a reference level such as 2/η) and parameter values (η = 0.1)', () => {
    const line = (title: string, x: string, y: string) => ({ id: 's', title, spec: { kind: 'line' as const, title, x: { label: x }, y: { label: y }, series: [] } });
    expect(symbolMismatches({ figures: [line('Sharpness rises to 2/η', 'step t', 'sharpness λ_max')] })).toEqual([]);
    expect(symbolMismatches({ figures: [line('Loss landscape around the network trained with η = 0.1', 'α', 'β')] })).toEqual([]);
  });
});
