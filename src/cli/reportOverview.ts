/**
 * The report's opening: the four questions of the mission, each followed by
 * the runs that answer it and their headline findings (the first two
 * sentences each run wrote from its own numbers).
 */
import { MISSION } from '../experiments/index.js';
import { html, type SafeHtml } from './html.js';
import { renderProse } from './reportMath.js';

interface OverviewRun {
  id: string;
  title: string;
  anchor: string;
  findings: string[];
}

const HEADLINES = 2;

export function missionOverview(runs: OverviewRun[]): { markdown: string[]; html: SafeHtml } {
  const md: string[] = ['## What the runs answered', ''];
  const parts: SafeHtml[] = [html`<section class="overview" id="overview"><h2>What the runs answered</h2>\n`];
  for (const q of MISSION) {
    const answering = runs.filter((r) => q.experiments.includes(r.id));
    md.push(`### ${q.title}`, '', `*${q.question}*`, '');
    parts.push(html`<h3>${q.title}</h3>\n<p><em>${q.question}</em></p>\n`);
    if (answering.length === 0) {
      md.push('No run in this report answers it yet.', '');
      parts.push(html`<p class="meta">No run in this report answers it yet.</p>\n`);
      continue;
    }
    parts.push(html`<ul>\n`);
    for (const r of answering) {
      const head = r.findings.slice(0, HEADLINES);
      md.push(`- **${r.title}** (\`${r.id}\`): ${head.join(' ') || 'no findings recorded.'}`);
      parts.push(html`<li><a href="#${r.anchor}">${r.title}</a>: ${head.length > 0 ? head.map((f, i) => html`${i > 0 ? ' ' : ''}${renderProse(f)}`) : 'no findings recorded.'}</li>\n`);
    }
    md.push('');
    parts.push(html`</ul>\n`);
  }
  parts.push(html`</section>`);
  return { markdown: md, html: html`${parts}` };
}
