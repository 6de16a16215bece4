/**
 * `ldyn report <dir>`: gather every run folder (config.json + result.json)
 * and sweep folder (sweep.json) under a directory, and write report.md and a
 * self-contained index.html with one section per run.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { writeFileAtomic } from './fsAtomic.js';
import { figureFileStem } from './figuresBridge.js';
import { formatNumber, formatValue } from './io.js';
import { readRun, type StoredRun } from './runStore.js';
import { readSweepManifest, writeSweepTables, type SweepManifest } from './sweep.js';
import { missionOrder } from '../experiments/index.js';
import { anchorFor, reportHtml, type HtmlFigure, type HtmlRunSection, type HtmlSweepSection } from './reportHtml.js';
import { missionOverview } from './reportOverview.js';
import { runMarkdown } from './runMarkdown.js';

/** Figure size in the report: the reading column's width, 8:5. */
export const REPORT_FIGURE_SIZE = { width: 832, height: 520 };

export interface ReportOptions {
  /** Folder for report.md and index.html; defaults to the scanned folder. */
  out?: string;
  title?: string;
}

export interface ReportSummary {
  html: string;
  markdown: string;
  runs: number;
  sweeps: number;
}

interface Collected {
  runs: StoredRun[];
  sweeps: Array<{ dir: string; manifest: SweepManifest }>;
}

/** Depth-first, in sorted order; sweep cells are summarised by their sweep, not listed as runs. */
function collect(dir: string, found: Collected): void {
  const run = readRun(dir);
  if (run) found.runs.push(run);
  const manifest = readSweepManifest(dir);
  if (manifest) found.sweeps.push({ dir, manifest });
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return;
  }
  for (const name of names) {
    if (name.startsWith('.') || name === 'node_modules' || (manifest && name === 'cells')) continue;
    const child = join(dir, name);
    if (statSync(child).isDirectory()) collect(child, found);
  }
}

function label(root: string, dir: string): string {
  const rel = relative(root, dir);
  return rel === '' ? '.' : rel.split(sep).join('/');
}

/** Collect the runs under `dir` and write report.md + index.html. */
export async function writeReport(dir: string, options: ReportOptions = {}): Promise<ReportSummary> {
  const root = resolve(dir);
  if (!existsSync(root)) throw new Error(`writeReport: folder ${root} does not exist`);
  const out = resolve(options.out ?? root);
  const title = options.title ?? 'learning-dynamics report';
  const found: Collected = { runs: [], sweeps: [] };
  collect(root, found);
  // Mission order: the runs that answer question 1 first, … (then anything else by folder).
  found.runs.sort((a, b) => missionOrder(a.result.id) - missionOrder(b.result.id) || a.dir.localeCompare(b.dir));
  // Figures at the reading column's width (52rem ≈ 832 px); the caption goes below as HTML, typeset with its math.
  const figures = found.runs.some((r) => r.result.figures.length > 0) ? await import('./figures.js') : null;
  const generated = new Date().toISOString();

  const md: string[] = [`# ${title}`, '', `Generated ${generated} from \`${root}\`: ${found.runs.length} runs, ${found.sweeps.length} sweeps.`, ''];
  const overview = missionOverview(found.runs.map((r) => ({ id: r.result.id, title: r.config.title ?? r.result.id, anchor: anchorFor(label(root, r.dir)), findings: r.result.findings })));
  md.push(...overview.markdown);
  const htmlRuns: HtmlRunSection[] = [];
  for (const run of found.runs) {
    const runLabel = label(root, run.dir);
    const linkPrefix = `${relative(out, run.dir).split(sep).join('/') || '.'}/`;
    const figureFiles = run.result.figures
      .map((f) => ({ id: f.id, title: f.title, file: `${figureFileStem(f.id)}.svg` }))
      .filter((f) => existsSync(join(run.dir, f.file)));
    md.push(runMarkdown(run.result, { title: run.config.title ?? run.result.id, figureFiles, linkPrefix, level: 2 }));
    const htmlFigures: HtmlFigure[] = [];
    if (figures) {
      for (const f of run.result.figures) htmlFigures.push({ spec: f.spec, svg: figures.renderSvgNode({ ...f.spec, caption: undefined }, REPORT_FIGURE_SIZE) });
    }
    htmlRuns.push({ title: run.config.title ?? run.result.id, label: runLabel, anchor: anchorFor(runLabel), result: run.result, figures: htmlFigures });
  }
  const htmlSweeps: HtmlSweepSection[] = [];
  for (const { dir: sweepDir, manifest } of found.sweeps) {
    const { rows, missing } = writeSweepTables(sweepDir, manifest);
    const grid = manifest.grid.map((a) => `${a.key} ∈ {${a.values.map(formatValue).join(', ')}}`).join(' × ') + ` × seeds {${manifest.seeds.join(', ')}}`;
    const sweepLabel = label(root, sweepDir);
    htmlSweeps.push({ label: sweepLabel, anchor: anchorFor(sweepLabel), experiment: manifest.experiment, grid, rows, missing: missing.length });
    md.push(`## Sweep of \`${manifest.experiment}\` (${sweepLabel})`, '', `Grid: ${grid}. ${rows.length} cells complete, ${missing.length} missing.`, '');
    const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
    if (columns.length > 0) {
      md.push(`| ${columns.join(' | ')} |`, `| ${columns.map(() => '---').join(' | ')} |`);
      for (const row of rows) md.push(`| ${columns.map((c) => (typeof row[c] === 'number' ? formatNumber(row[c] as number) : formatValue(row[c]))).join(' | ')} |`);
      md.push('');
    }
  }
  const markdownPath = join(out, 'report.md');
  const htmlPath = join(out, 'index.html');
  writeFileAtomic(markdownPath, md.join('\n'));
  writeFileAtomic(htmlPath, reportHtml(title, generated, htmlRuns, htmlSweeps, overview.html));
  return { html: htmlPath, markdown: markdownPath, runs: found.runs.length, sweeps: found.sweeps.length };
}
