/**
 * The report's opening: the four questions of the mission, each followed by
 * the runs that answer it and their headline findings (the first two
 * sentences each run wrote from its own numbers).
 */
import { MISSION } from '../experiments/index.js';
import { escapeHtml } from './htmlEscape.js';
import { renderProse } from './reportMath.js';

export interface OverviewRun {
  id: string;
  title: string;
  anchor: string;
  findings: string[];
}

const HEADLINES = 2;

export function missionOverview(runs: OverviewRun[]): { markdown: string[]; html: string } {
  const md: string[] = ['## What the runs answered', ''];
  const html: string[] = ['<section class="overview" id="overview"><h2>What the runs answered</h2>'];
  for (const q of MISSION) {
    const answering = runs.filter((r) => q.experiments.includes(r.id));
    md.push(`### ${q.title}`, '', `*${q.question}*`, '');
    html.push(`<h3>${escapeHtml(q.title)}</h3>`, `<p><em>${escapeHtml(q.question)}</em></p>`);
    if (answering.length === 0) {
      md.push('No run in this report answers it yet.', '');
      html.push('<p class="meta">No run in this report answers it yet.</p>');
      continue;
    }
    html.push('<ul>');
    for (const r of answering) {
      const head = r.findings.slice(0, HEADLINES);
      md.push(`- **${r.title}** (\`${r.id}\`): ${head.join(' ') || 'no findings recorded.'}`);
      html.push(`<li><a href="#${r.anchor}">${escapeHtml(r.title)}</a>: ${head.map(renderProse).join(' ') || 'no findings recorded.'}</li>`);
    }
    md.push('');
    html.push('</ul>');
  }
  html.push('</section>');
  return { markdown: md, html: html.join('\n') };
}
