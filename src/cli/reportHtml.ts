/**
 * The self-contained HTML report: math typeset by KaTeX at build time, the
 * KaTeX stylesheet inlined with its fonts as data: URLs, figures inline as
 * SVG. The page needs no network and no JavaScript, and its
 * Content-Security-Policy forbids both. Every piece of markup is built with
 * the `html` template (src/cli/html.ts), which escapes each value it is given.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import katex from 'katex';
import type { ExperimentResult } from '../experiments/index.js';
import { html, REPORT_CSP, trustedHtml, type SafeHtml } from './html.js';
import { formatNumber, formatValue } from './io.js';
import { flatConfig } from './runMarkdown.js';

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

/** LaTeX → KaTeX markup. `trust: false` keeps \\href, \\url and \\html… commands inert, so untrusted LaTeX yields only KaTeX's own markup. */
export function renderMath(latex: string, displayMode: boolean): SafeHtml {
  return trustedHtml(katex.renderToString(latex, { displayMode, throwOnError: false, output: 'htmlAndMathml', trust: false, strict: 'ignore', maxExpand: 1000 }));
}

/** Prose with inline `$…$` math typeset and everything else escaped. */
export function renderProse(text: string): SafeHtml {
  const parts = text.split(/(\$[^$\n]+\$)/g);
  return html`${parts.map((p) => (p.length > 2 && p.startsWith('$') && p.endsWith('$') ? renderMath(p.slice(1, -1), false) : p))}`;
}

export function anchorFor(dirLabel: string): string {
  return `run-${dirLabel.replace(/[^A-Za-z0-9_-]+/g, '-')}`;
}

export interface HtmlRunSection {
  title: string;
  label: string;
  result: ExperimentResult;
  /** SVG markup from the figure renderer (a DOM serialiser, which escapes every text and attribute). */
  figureSvgs: SafeHtml[];
}

export interface HtmlSweepSection {
  label: string;
  experiment: string;
  grid: string;
  rows: Array<Record<string, unknown>>;
  missing: number;
}

function table(header: string[], rows: string[][], numericFrom = 1): SafeHtml {
  const body = rows.map((r) => html`<tr>${r.map((c, j) => (j >= numericFrom ? html`<td class="num">${c}</td>` : html`<td>${c}</td>`))}</tr>\n`);
  return html`<table><thead><tr>${header.map((h) => html`<th>${h}</th>`)}</tr></thead><tbody>\n${body}</tbody></table>`;
}

function runSection(run: HtmlRunSection): SafeHtml {
  const r = run.result;
  const s = r.sections;
  const metrics = Object.entries(r.metrics);
  return html`<section id="${anchorFor(run.label)}">
<h2>${run.title}</h2>
<p class="meta">Experiment <code>${r.id}</code>, seed ${r.seed}, folder <code>${run.label}</code></p>
<h3>Question</h3><p>${renderProse(s.question)}</p>
<h3>Setup</h3><p>${renderProse(s.setup)}</p>
${s.math.length > 0 ? html`<h3>Math</h3>\n${s.math.map((m) => html`<div class="math">${renderMath(m, true)}</div>\n`)}` : ''}${
    r.findings.length > 0 ? html`<h3>Findings</h3><ul>\n${r.findings.map((f) => html`<li>${renderProse(f)}</li>\n`)}</ul>\n` : ''
  }${metrics.length > 0 ? html`<h3>Metrics</h3>\n${table(['metric', 'value'], metrics.map(([k, v]) => [k, formatNumber(v)]))}\n` : ''}${run.figureSvgs.map((svg) => html`<figure>${svg}</figure>\n`)}<h3>What it teaches</h3><p>${renderProse(s.teaches)}</p>
${s.connection ? html`<h3>Connection</h3><p>${renderProse(s.connection)}</p>\n` : ''}<details><summary>Config</summary>
${table(['key', 'value'], flatConfig(r.config).map(([k, v]) => [k, formatValue(v)]), 2)}
</details>
</section>`;
}

function sweepSection(sweep: HtmlSweepSection): SafeHtml {
  const columns = [...new Set(sweep.rows.flatMap((row) => Object.keys(row)))];
  const rows = sweep.rows.map((row) => columns.map((c) => (typeof row[c] === 'number' ? formatNumber(row[c] as number) : formatValue(row[c]))));
  return html`<section id="${anchorFor(sweep.label)}">
<h2>Sweep of <code>${sweep.experiment}</code></h2>
<p class="meta">Folder <code>${sweep.label}</code>; grid ${sweep.grid}; ${sweep.rows.length} cells complete${sweep.missing > 0 ? `, ${sweep.missing} missing` : ''}.</p>
${table(columns, rows, 0)}
</section>`;
}

/** Folders the report left out, each with the reason. */
export interface LeftOut {
  label: string;
  reason: string;
}

function leftOutSection(leftOut: LeftOut[]): SafeHtml | '' {
  if (leftOut.length === 0) return '';
  return html`<section id="left-out"><h2>Left out</h2>
<p class="meta">These folders hold no usable run or sweep and were not included.</p>
<ul>
${leftOut.map((l) => html`<li><code>${l.label}</code>: ${l.reason}</li>\n`)}</ul>
</section>`;
}

const STYLE = `
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#222}
h1{border-bottom:2px solid #ddd}h2{margin-top:3rem;border-bottom:1px solid #eee}
table{border-collapse:collapse;margin:0.5rem 0}td,th{border:1px solid #ddd;padding:0.2rem 0.6rem;text-align:left}td.num{text-align:right;font-variant-numeric:tabular-nums}
.meta{color:#666;font-size:0.9rem}figure{margin:1rem 0;overflow-x:auto}figure svg{max-width:100%;height:auto}
.math{overflow-x:auto}nav li{margin:0.1rem 0}code{background:#f5f5f5;padding:0 0.2rem}`;

export function reportHtml(title: string, generated: string, runs: HtmlRunSection[], sweeps: HtmlSweepSection[], overview: SafeHtml | '' = '', leftOut: LeftOut[] = []): string {
  const nav = [...runs.map((r) => [r.label, r.title]), ...sweeps.map((s) => [s.label, `Sweep of ${s.experiment}`])].map(
    ([label, text]) => html`<li><a href="#${anchorFor(label!)}">${text}</a> <span class="meta">${label}</span></li>\n`,
  );
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">
<meta name="generator" content="${REPORT_GENERATOR}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${trustedHtml(inlinedKatexCss())}</style>
<style>${trustedHtml(STYLE)}</style>
</head>
<body>
<h1>${title}</h1>
<p class="meta">Generated ${generated}; ${runs.length} runs, ${sweeps.length} sweeps${leftOut.length > 0 ? `, ${leftOut.length} folders left out` : ''}.</p>
${overview}
<nav><h2>Contents</h2><ul>
${nav}</ul></nav>
${runs.map((r) => html`${runSection(r)}\n`)}${sweeps.map((s) => html`${sweepSection(s)}\n`)}${leftOutSection(leftOut)}
</body>
</html>
`.markup;
}

/** The generator tag that marks an index.html as written by `ldyn report` (and so safe to rewrite). */
export const REPORT_GENERATOR = 'ldyn report';
