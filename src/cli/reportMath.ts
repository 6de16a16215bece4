/**
 * Math for the HTML report, typeset by KaTeX at build time: display
 * equations, and inline symbols in prose (`$…$` and `λ_max`-style symbols,
 * see proseMath.ts). The KaTeX stylesheet is inlined with its fonts as data:
 * URLs so the page needs no network.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import katex from 'katex';
import { html, trustedHtml, type SafeHtml } from './html.js';
import { splitProse } from './proseMath.js';

let katexCss: string | undefined;

/** katex.min.css with each font's woff2 file embedded (every current browser reads woff2). */
export function inlinedKatexCss(): string {
  if (katexCss !== undefined) return katexCss;
  const dist = dirname(createRequire(import.meta.url).resolve('katex'));
  const css = readFileSync(join(dist, 'katex.min.css'), 'utf8');
  katexCss = css.replace(/src:url\(fonts\/([A-Za-z0-9_-]+)\.woff2\) format\("woff2"\)[^;}]*/g, (_m, font: string) => {
    const data = readFileSync(join(dist, 'fonts', `${font}.woff2`)).toString('base64');
    return `src:url(data:font/woff2;base64,${data}) format("woff2")`;
  });
  return katexCss;
}

// ‖ is not in KaTeX's Unicode table; \Vert is the same glyph.
const UNICODE_TEX: [RegExp, string][] = [[/‖/g, '\\Vert ']];

/** LaTeX → KaTeX markup. `trust: false` keeps \\href, \\url and \\html… commands inert, so untrusted LaTeX yields only KaTeX's own markup. */
export function renderMath(latex: string, displayMode: boolean): SafeHtml {
  let tex = latex;
  for (const [re, to] of UNICODE_TEX) tex = tex.replace(re, to);
  return trustedHtml(katex.renderToString(tex, { displayMode, throwOnError: false, output: 'htmlAndMathml', trust: false, strict: 'ignore', maxExpand: 1000 }));
}

/** Prose with its inline math typeset and everything else escaped. */
export function renderProse(text: string): SafeHtml {
  return html`${splitProse(text).map((p) => (p.kind === 'math' ? renderMath(p.tex, false) : p.text))}`;
}
