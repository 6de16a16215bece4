/**
 * The self-contained HTML report, laid out as an article: a sticky table of
 * contents (the four questions of the mission, each with the experiments
 * that answer it, then anything else and the sweeps), an overview of the
 * headline findings, and one section per run (reportSection.ts). Math is
 * typeset by KaTeX at build time and figures are inline SVG: the page needs
 * no network and no JavaScript, its Content-Security-Policy forbids both,
 * and it prints (or exports to PDF) cleanly. Every piece of markup is built
 * with the `html` template (html.ts), which escapes each value it is given.
 */
import { MISSION } from '../experiments/index.js';
import { html, REPORT_CSP, trustedHtml, type SafeHtml } from './html.js';
import { inlinedKatexCss } from './reportMath.js';
import { runSection, sweepSection, type HtmlRunSection, type HtmlSweepSection } from './reportSection.js';
import { REPORT_STYLE } from './reportStyle.js';

export { inlinedKatexCss, renderMath, renderProse } from './reportMath.js';
export type { HtmlFigure, HtmlRunSection, HtmlSweepSection } from './reportSection.js';

/** The generator tag that marks an index.html as written by `ldyn report` (and so safe to rewrite). */
export const REPORT_GENERATOR = 'ldyn report';

export function anchorFor(dirLabel: string): string {
  return `run-${dirLabel.replace(/[^A-Za-z0-9_-]+/g, '-')}`;
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

const link = (anchor: string, text: string) => html`<a href="#${anchor}">${text}</a>`;

/** The table of contents: by question, then experiments outside the mission, then sweeps. */
function tableOfContents(runs: HtmlRunSection[], sweeps: HtmlSweepSection[], leftOut: LeftOut[] = []): SafeHtml {
  const items: SafeHtml[] = [html`<li>${link('overview', 'What the runs answered')}</li>\n`];
  const placed = new Set<HtmlRunSection>();
  for (const q of MISSION) {
    const answering = runs.filter((r) => q.experiments.includes(r.result.id));
    if (answering.length === 0) continue;
    answering.forEach((r) => placed.add(r));
    items.push(html`<li class="q">${q.title}<ol>\n${answering.map((r) => html`<li>${link(r.anchor, r.title)}</li>\n`)}</ol></li>\n`);
  }
  const others = runs.filter((r) => !placed.has(r));
  if (others.length > 0) items.push(html`<li class="q">Other runs<ol>\n${others.map((r) => html`<li>${link(r.anchor, r.title)}</li>\n`)}</ol></li>\n`);
  if (sweeps.length > 0) items.push(html`<li class="q">Sweeps<ol>\n${sweeps.map((s) => html`<li>${link(s.anchor, `Sweep of ${s.experiment}`)}</li>\n`)}</ol></li>\n`);
  if (leftOut.length > 0) items.push(html`<li>${link('left-out', 'Left out')}</li>\n`);
  return html`<nav class="toc" aria-label="Contents"><h2>Contents</h2><ol>\n${items}</ol></nav>`;
}

export function reportHtml(title: string, generated: string, runs: HtmlRunSection[], sweeps: HtmlSweepSection[], overview: SafeHtml | '' = '', leftOut: LeftOut[] = []): string {
  let figure = 1;
  const sections = runs.map((run) => {
    const section = runSection(run, figure);
    figure += run.figures.length;
    return html`${section}\n`;
  });
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">
<meta name="generator" content="${REPORT_GENERATOR}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${trustedHtml(inlinedKatexCss())}</style>
<style>${trustedHtml(REPORT_STYLE)}</style>
</head>
<body>
<div class="layout">
${tableOfContents(runs, sweeps, leftOut)}
<article>
<h1>${title}</h1>
<p class="meta">Generated ${generated}; ${runs.length} runs, ${sweeps.length} sweeps, ${figure - 1} figures${leftOut.length > 0 ? `, ${leftOut.length} folders left out` : ''}.</p>
${overview}
${sections}${sweeps.map((s) => html`${sweepSection(s)}\n`)}${leftOutSection(leftOut)}
</article>
</div>
</body>
</html>
`.markup;
}
