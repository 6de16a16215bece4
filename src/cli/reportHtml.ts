/**
 * The self-contained HTML report, laid out as an article: a sticky table of
 * contents (the four questions of the mission, each with the experiments
 * that answer it, then anything else and the sweeps), an overview of the
 * headline findings, and one section per run (reportSection.ts). Math is
 * typeset by KaTeX at build time and figures are inline SVG: the page needs
 * no network and no JavaScript, and prints (or exports to PDF) cleanly.
 */
import { MISSION } from '../experiments/index.js';
import { escapeHtml } from './htmlEscape.js';
import { inlinedKatexCss } from './reportMath.js';
import { runSection, sweepSection, type HtmlRunSection, type HtmlSweepSection } from './reportSection.js';
import { REPORT_STYLE } from './reportStyle.js';

export { escapeHtml } from './htmlEscape.js';
export { inlinedKatexCss, renderMath, renderProse } from './reportMath.js';
export type { HtmlFigure, HtmlRunSection, HtmlSweepSection } from './reportSection.js';

export function anchorFor(dirLabel: string): string {
  return `run-${dirLabel.replace(/[^A-Za-z0-9_-]+/g, '-')}`;
}

const link = (anchor: string, text: string) => `<a href="#${escapeHtml(anchor)}">${escapeHtml(text)}</a>`;

/** The table of contents: by question, then experiments outside the mission, then sweeps. */
export function tableOfContents(runs: HtmlRunSection[], sweeps: HtmlSweepSection[]): string {
  const items: string[] = ['<li>' + link('overview', 'What the runs answered') + '</li>'];
  const placed = new Set<HtmlRunSection>();
  for (const q of MISSION) {
    const answering = runs.filter((r) => q.experiments.includes(r.result.id));
    if (answering.length === 0) continue;
    answering.forEach((r) => placed.add(r));
    items.push(`<li class="q">${escapeHtml(q.title)}<ol>`, ...answering.map((r) => `<li>${link(r.anchor, r.title)}</li>`), '</ol></li>');
  }
  const others = runs.filter((r) => !placed.has(r));
  if (others.length > 0) items.push('<li class="q">Other runs<ol>', ...others.map((r) => `<li>${link(r.anchor, r.title)}</li>`), '</ol></li>');
  if (sweeps.length > 0) items.push('<li class="q">Sweeps<ol>', ...sweeps.map((s) => `<li>${link(s.anchor, `Sweep of ${s.experiment}`)}</li>`), '</ol></li>');
  return `<nav class="toc" aria-label="Contents"><h2>Contents</h2><ol>\n${items.join('\n')}\n</ol></nav>`;
}

export function reportHtml(title: string, generated: string, runs: HtmlRunSection[], sweeps: HtmlSweepSection[], overview = ''): string {
  let figure = 1;
  const sections = runs.map((run) => {
    const html = runSection(run, figure);
    figure += run.figures.length;
    return html;
  });
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${inlinedKatexCss()}</style>
<style>${REPORT_STYLE}</style>
</head>
<body>
<div class="layout">
${tableOfContents(runs, sweeps)}
<article>
<h1>${escapeHtml(title)}</h1>
<p class="meta">Generated ${escapeHtml(generated)}; ${runs.length} runs, ${sweeps.length} sweeps, ${figure - 1} figures.</p>
${overview}
${sections.join('\n')}
${sweeps.map(sweepSection).join('\n')}
</article>
</div>
</body>
</html>
`;
}
