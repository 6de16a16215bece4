/**
 * One experiment run as a section of the report, in the order a reader
 * needs it: the question, a short summary of what was found (the first two
 * findings, which each experiment writes from its own numbers), the setup,
 * the figures (numbered, each with a caption that says what to see), the
 * remaining findings, the math, what it teaches, and last the metrics and
 * the config as collapsed tables. Markup goes through the `html` template
 * (html.ts), which escapes every value.
 */
import type { FigureSpec } from '../spec/figure.js';
import type { ExperimentResult } from '../experiments/index.js';
import { html, type SafeHtml } from './html.js';
import { formatNumber, formatValue } from './io.js';
import { renderMath, renderProse } from './reportMath.js';
import { flatConfig } from './runMarkdown.js';

/** Findings shown as the section's summary, before the figures. */
const SUMMARY_FINDINGS = 2;

export interface HtmlFigure {
  spec: FigureSpec;
  /** The figure drawn as SVG without its caption (the report sets the caption as HTML below it); serialised by a DOM. */
  svg: SafeHtml;
}

export interface HtmlRunSection {
  title: string;
  label: string;
  anchor: string;
  result: ExperimentResult;
  figures: HtmlFigure[];
  /** The code that made the run (codeStamp.stampLabel). */
  madeBy?: string;
}

export interface HtmlSweepSection {
  label: string;
  anchor: string;
  experiment: string;
  grid: string;
  rows: Array<Record<string, unknown>>;
  missing: number;
}

function table(header: string[], rows: string[][], numericFrom = 1): SafeHtml {
  const body = rows.map((r) => html`<tr>${r.map((c, j) => (j >= numericFrom ? html`<td class="num">${c}</td>` : html`<td>${c}</td>`))}</tr>\n`);
  return html`<table><thead><tr>${header.map((h) => html`<th>${h}</th>`)}</tr></thead><tbody>\n${body}</tbody></table>`;
}

/** A numbered figure: the SVG, then "Figure n." and the experiment's caption (or its title when it wrote none). */
function figureHtml(fig: HtmlFigure, n: number, anchor: string): SafeHtml {
  const caption = fig.spec.caption ? html`<strong>${renderProse(fig.spec.title)}.</strong> ${renderProse(fig.spec.caption)}` : html`${renderProse(fig.spec.title)}.`;
  return html`<figure class="fig" id="${anchor}-fig-${n}">${fig.svg}<figcaption><span class="fig-num">Figure ${n}.</span> ${caption}</figcaption></figure>\n`;
}

/** The section of one run; `firstFigure` is the number of its first figure (figures are numbered through the report). */
export function runSection(run: HtmlRunSection, firstFigure: number): SafeHtml {
  const r = run.result;
  const s = r.sections;
  const summary = r.findings.slice(0, SUMMARY_FINDINGS);
  const rest = r.findings.slice(SUMMARY_FINDINGS);
  const metrics = Object.entries(r.metrics);
  return html`<section id="${run.anchor}" class="experiment">
<h2>${run.title}</h2>
<p class="meta">Experiment <code>${r.id}</code>, seed ${r.seed}, folder <code>${run.label}</code>${run.madeBy ? html`, made by ${run.madeBy}` : ''}</p>
<p class="question">${renderProse(s.question)}</p>
${summary.length > 0 ? html`<div class="summary"><h3>In short</h3>\n${summary.map((f) => html`<p>${renderProse(f)}</p>\n`)}</div>\n` : ''}<h3>Setup</h3><p>${renderProse(s.setup)}</p>
${run.figures.map((fig, i) => figureHtml(fig, firstFigure + i, run.anchor))}${rest.length > 0 ? html`<h3>More findings</h3><ul>\n${rest.map((f) => html`<li>${renderProse(f)}</li>\n`)}</ul>\n` : ''}${
    s.math.length > 0 ? html`<h3>The math</h3>\n${s.math.map((m) => html`<div class="math">${renderMath(m, true)}</div>\n`)}` : ''
  }<h3>What it teaches</h3><p>${renderProse(s.teaches)}</p>
${s.connection ? html`<h3>Connection</h3><p>${renderProse(s.connection)}</p>\n` : ''}${
    metrics.length > 0 ? html`<details class="metrics"><summary>Metrics (${metrics.length})</summary>\n${table(['metric', 'value'], metrics.map(([k, v]) => [k, formatNumber(v)]))}\n</details>\n` : ''
  }<details class="config"><summary>Config</summary>
${table(['key', 'value'], flatConfig(r.config).map(([k, v]) => [k, formatValue(v)]), 2)}
</details>
</section>`;
}

export function sweepSection(sweep: HtmlSweepSection): SafeHtml {
  const columns = [...new Set(sweep.rows.flatMap((row) => Object.keys(row)))];
  const rows = sweep.rows.map((row) => columns.map((c) => (typeof row[c] === 'number' ? formatNumber(row[c] as number) : formatValue(row[c]))));
  return html`<section id="${sweep.anchor}" class="sweep">
<h2>Sweep of <code>${sweep.experiment}</code></h2>
<p class="meta">Folder <code>${sweep.label}</code>; grid ${sweep.grid}; ${sweep.rows.length} cells complete${sweep.missing > 0 ? `, ${sweep.missing} missing` : ''}.</p>
<details open><summary>Cells (${sweep.rows.length})</summary>
${table(columns, rows, 0)}
</details>
</section>`;
}
