/** The Markdown page of one run: question, setup, math, findings, metrics, config, figures. */
import type { ExperimentResult } from '../experiments/index.js';
import { formatNumber, formatValue } from './io.js';

interface RunPageInfo {
  title: string;
  /** Figure files relative to the page, e.g. `loss.svg`. */
  /** A caption is written below its figure (for figures drawn without theirs, as the report's are). */
  figureFiles: Array<{ id: string; title?: string; file: string; caption?: string }>;
  /** Prefix for links from the page to the run's series files (empty inside the run folder). */
  linkPrefix?: string;
  /** Heading level of the title (1 for a run page, 2 inside a report). */
  level?: number;
}

function flatten(obj: Record<string, unknown>, prefix = ''): Array<[string, unknown]> {
  const out: Array<[string, unknown]> = [];
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) out.push(...flatten(v as Record<string, unknown>, key));
    else out.push([key, v]);
  }
  return out;
}

/** Config entries with dotted keys, for tables. */
export function flatConfig(config: Record<string, unknown>): Array<[string, unknown]> {
  return flatten(config);
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function runMarkdown(result: ExperimentResult, info: RunPageInfo): string {
  const h = '#'.repeat(info.level ?? 1);
  const sub = '#'.repeat((info.level ?? 1) + 1);
  const prefix = info.linkPrefix ?? '';
  const s = result.sections;
  const lines: string[] = [`${h} ${info.title}`, '', `*Experiment \`${result.id}\`, seed ${result.seed}.*`, ''];
  lines.push(`${sub} Question`, '', s.question, '', `${sub} Setup`, '', s.setup, '');
  if (s.math.length > 0) {
    lines.push(`${sub} Math`, '');
    for (const m of s.math) lines.push('$$', m, '$$', '');
  }
  if (result.findings.length > 0) {
    lines.push(`${sub} Findings`, '');
    for (const f of result.findings) lines.push(`- ${f}`);
    lines.push('');
  }
  const metrics = Object.entries(result.metrics);
  if (metrics.length > 0) {
    lines.push(`${sub} Metrics`, '', '| metric | value |', '| --- | ---: |');
    for (const [k, v] of metrics) lines.push(`| ${escapeCell(k)} | ${formatNumber(v)} |`);
    lines.push('');
  }
  for (const fig of info.figureFiles) {
    lines.push(`![${fig.title ?? fig.id}](${fig.file})`, '');
    if (fig.caption) lines.push(`*${fig.caption}*`, '');
  }
  lines.push(`${sub} What it teaches`, '', s.teaches, '');
  if (s.connection) lines.push(`${sub} Connection`, '', s.connection, '');
  lines.push(`${sub} Config`, '', '| key | value |', '| --- | --- |');
  for (const [k, v] of flatConfig(result.config)) lines.push(`| ${escapeCell(k)} | ${escapeCell(formatValue(v))} |`);
  lines.push('');
  const series = Object.keys(result.series);
  if (series.length > 0) lines.push(`Series: ${series.map((name) => `[${name}](${prefix}${seriesFileName(name)})`).join(', ')}.`, '');
  return lines.join('\n');
}

export function seriesFileName(name: string): string {
  return `${name.replace(/[^A-Za-z0-9._-]+/g, '_')}.csv`;
}
