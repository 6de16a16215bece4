/**
 * One experiment run as a section of the report, in the order a reader
 * needs it: the question, a short summary of what was found (the first two
 * findings, which each experiment writes from its own numbers), the setup,
 * the figures (numbered, each with a caption that says what to see), the
 * remaining findings, the math, what it teaches, and last the metrics and
 * the config as collapsed tables.
 */
import type { FigureSpec } from '../spec/figure.js';
import type { ExperimentResult } from '../experiments/index.js';
import { escapeHtml } from './htmlEscape.js';
import { formatNumber, formatValue } from './io.js';
import { renderMath, renderProse } from './reportMath.js';
import { flatConfig } from './runMarkdown.js';

/** Findings shown as the section's summary, before the figures. */
export const SUMMARY_FINDINGS = 2;

export interface HtmlFigure {
  spec: FigureSpec;
  /** The figure drawn as SVG without its caption (the report sets the caption as HTML below it). */
  svg: string;
}

export interface HtmlRunSection {
  title: string;
  label: string;
  anchor: string;
  result: ExperimentResult;
  figures: HtmlFigure[];
}

export interface HtmlSweepSection {
  label: string;
  anchor: string;
  experiment: string;
  grid: string;
  rows: Array<Record<string, unknown>>;
  missing: number;
}

export function table(header: string[], rows: string[][], numericFrom = 1): string {
  const th = header.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const body = rows
    .map((r) => `<tr>${r.map((c, j) => `<td${j >= numericFrom ? ' class="num"' : ''}>${escapeHtml(c)}</td>`).join('')}</tr>`)
    .join('\n');
  return `<table><thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

/** A numbered figure: the SVG, then "Figure n." and the experiment's caption (or its title when it wrote none). */
export function figureHtml(fig: HtmlFigure, n: number, anchor: string): string {
  const caption = fig.spec.caption ? `<strong>${renderProse(fig.spec.title)}.</strong> ${renderProse(fig.spec.caption)}` : `${renderProse(fig.spec.title)}.`;
  return `<figure class="fig" id="${escapeHtml(anchor)}-fig-${n}">${fig.svg}<figcaption><span class="fig-num">Figure ${n}.</span> ${caption}</figcaption></figure>`;
}

/** The section of one run; `firstFigure` is the number of its first figure (figures are numbered through the report). */
export function runSection(run: HtmlRunSection, firstFigure: number): string {
  const r = run.result;
  const s = r.sections;
  const out: string[] = [`<section id="${escapeHtml(run.anchor)}" class="experiment">`, `<h2>${escapeHtml(run.title)}</h2>`];
  out.push(`<p class="meta">Experiment <code>${escapeHtml(r.id)}</code>, seed ${escapeHtml(String(r.seed))}, folder <code>${escapeHtml(run.label)}</code></p>`);
  out.push(`<p class="question">${renderProse(s.question)}</p>`);
  const summary = r.findings.slice(0, SUMMARY_FINDINGS);
  if (summary.length > 0) out.push('<div class="summary"><h3>In short</h3>', ...summary.map((f) => `<p>${renderProse(f)}</p>`), '</div>');
  out.push(`<h3>Setup</h3><p>${renderProse(s.setup)}</p>`);
  run.figures.forEach((fig, i) => out.push(figureHtml(fig, firstFigure + i, run.anchor)));
  const rest = r.findings.slice(SUMMARY_FINDINGS);
  if (rest.length > 0) out.push('<h3>More findings</h3><ul>', ...rest.map((f) => `<li>${renderProse(f)}</li>`), '</ul>');
  if (s.math.length > 0) out.push('<h3>The math</h3>', ...s.math.map((m) => `<div class="math">${renderMath(m, true)}</div>`));
  out.push(`<h3>What it teaches</h3><p>${renderProse(s.teaches)}</p>`);
  if (s.connection) out.push(`<h3>Connection</h3><p>${renderProse(s.connection)}</p>`);
  const metrics = Object.entries(r.metrics);
  if (metrics.length > 0) out.push(`<details class="metrics"><summary>Metrics (${metrics.length})</summary>`, table(['metric', 'value'], metrics.map(([k, v]) => [k, formatNumber(v)])), '</details>');
  out.push('<details class="config"><summary>Config</summary>', table(['key', 'value'], flatConfig(r.config).map(([k, v]) => [k, formatValue(v)]), 2), '</details>');
  out.push('</section>');
  return out.join('\n');
}

export function sweepSection(sweep: HtmlSweepSection): string {
  const columns = [...new Set(sweep.rows.flatMap((row) => Object.keys(row)))];
  const rows = sweep.rows.map((row) => columns.map((c) => (typeof row[c] === 'number' ? formatNumber(row[c] as number) : formatValue(row[c]))));
  return [
    `<section id="${escapeHtml(sweep.anchor)}" class="sweep">`,
    `<h2>Sweep of <code>${escapeHtml(sweep.experiment)}</code></h2>`,
    `<p class="meta">Folder <code>${escapeHtml(sweep.label)}</code>; grid ${escapeHtml(sweep.grid)}; ${sweep.rows.length} cells complete${sweep.missing > 0 ? `, ${sweep.missing} missing` : ''}.</p>`,
    `<details open><summary>Cells (${sweep.rows.length})</summary>`,
    table(columns, rows, 0),
    '</details>',
    '</section>',
  ].join('\n');
}
