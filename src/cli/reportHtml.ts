/**
 * The self-contained HTML report: math typeset by KaTeX at build time, the
 * KaTeX stylesheet inlined with its fonts as data: URLs, figures inline as
 * SVG. The page needs no network and no JavaScript.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import katex from 'katex';
import type { ExperimentResult } from '../experiments/index.js';
import { formatNumber, formatValue } from './io.js';
import { flatConfig } from './runMarkdown.js';

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

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

export function renderMath(latex: string, displayMode: boolean): string {
  return katex.renderToString(latex, { displayMode, throwOnError: false, output: 'htmlAndMathml' });
}

/** Prose with inline `$…$` math typeset and everything else escaped. */
export function renderProse(text: string): string {
  const parts = text.split(/(\$[^$\n]+\$)/g);
  return parts.map((p) => (p.length > 2 && p.startsWith('$') && p.endsWith('$') ? renderMath(p.slice(1, -1), false) : escapeHtml(p))).join('');
}

export function anchorFor(dirLabel: string): string {
  return `run-${dirLabel.replace(/[^A-Za-z0-9_-]+/g, '-')}`;
}

export interface HtmlRunSection {
  title: string;
  label: string;
  result: ExperimentResult;
  figureSvgs: string[];
}

export interface HtmlSweepSection {
  label: string;
  experiment: string;
  grid: string;
  rows: Array<Record<string, unknown>>;
  missing: number;
}

function table(header: string[], rows: string[][], numericFrom = 1): string {
  const th = header.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const body = rows
    .map((r) => `<tr>${r.map((c, j) => `<td${j >= numericFrom ? ' class="num"' : ''}>${escapeHtml(c)}</td>`).join('')}</tr>`)
    .join('\n');
  return `<table><thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

function runSection(run: HtmlRunSection): string {
  const r = run.result;
  const s = r.sections;
  const out: string[] = [`<section id="${anchorFor(run.label)}">`, `<h2>${escapeHtml(run.title)}</h2>`];
  out.push(`<p class="meta">Experiment <code>${escapeHtml(r.id)}</code>, seed ${r.seed}, folder <code>${escapeHtml(run.label)}</code></p>`);
  out.push(`<h3>Question</h3><p>${renderProse(s.question)}</p>`, `<h3>Setup</h3><p>${renderProse(s.setup)}</p>`);
  if (s.math.length > 0) out.push('<h3>Math</h3>', ...s.math.map((m) => `<div class="math">${renderMath(m, true)}</div>`));
  if (r.findings.length > 0) out.push('<h3>Findings</h3><ul>', ...r.findings.map((f) => `<li>${renderProse(f)}</li>`), '</ul>');
  const metrics = Object.entries(r.metrics);
  if (metrics.length > 0) out.push('<h3>Metrics</h3>', table(['metric', 'value'], metrics.map(([k, v]) => [k, formatNumber(v)])));
  for (const svg of run.figureSvgs) out.push(`<figure>${svg}</figure>`);
  out.push(`<h3>What it teaches</h3><p>${renderProse(s.teaches)}</p>`);
  if (s.connection) out.push(`<h3>Connection</h3><p>${renderProse(s.connection)}</p>`);
  out.push('<details><summary>Config</summary>', table(['key', 'value'], flatConfig(r.config).map(([k, v]) => [k, formatValue(v)]), 2), '</details>');
  out.push('</section>');
  return out.join('\n');
}

function sweepSection(sweep: HtmlSweepSection): string {
  const columns = [...new Set(sweep.rows.flatMap((row) => Object.keys(row)))];
  const rows = sweep.rows.map((row) => columns.map((c) => (typeof row[c] === 'number' ? formatNumber(row[c] as number) : formatValue(row[c]))));
  return [
    `<section id="${anchorFor(sweep.label)}">`,
    `<h2>Sweep of <code>${escapeHtml(sweep.experiment)}</code></h2>`,
    `<p class="meta">Folder <code>${escapeHtml(sweep.label)}</code>; grid ${escapeHtml(sweep.grid)}; ${sweep.rows.length} cells complete${sweep.missing > 0 ? `, ${sweep.missing} missing` : ''}.</p>`,
    table(columns, rows, 0),
    '</section>',
  ].join('\n');
}

const STYLE = `
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#222}
h1{border-bottom:2px solid #ddd}h2{margin-top:3rem;border-bottom:1px solid #eee}
table{border-collapse:collapse;margin:0.5rem 0}td,th{border:1px solid #ddd;padding:0.2rem 0.6rem;text-align:left}td.num{text-align:right;font-variant-numeric:tabular-nums}
.meta{color:#666;font-size:0.9rem}figure{margin:1rem 0;overflow-x:auto}figure svg{max-width:100%;height:auto}
.math{overflow-x:auto}nav li{margin:0.1rem 0}code{background:#f5f5f5;padding:0 0.2rem}`;

export function reportHtml(title: string, generated: string, runs: HtmlRunSection[], sweeps: HtmlSweepSection[], overview = ''): string {
  const nav = [...runs.map((r) => [r.label, r.title]), ...sweeps.map((s) => [s.label, `Sweep of ${s.experiment}`])]
    .map(([label, text]) => `<li><a href="#${anchorFor(label!)}">${escapeHtml(text!)}</a> <span class="meta">${escapeHtml(label!)}</span></li>`)
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${inlinedKatexCss()}</style>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p class="meta">Generated ${escapeHtml(generated)}; ${runs.length} runs, ${sweeps.length} sweeps.</p>
${overview}
<nav><h2>Contents</h2><ul>
${nav}
</ul></nav>
${runs.map(runSection).join('\n')}
${sweeps.map(sweepSection).join('\n')}
</body>
</html>
`;
}
