/**
 * `ldyn report <dir>`: gather every run folder (config.json + result.json)
 * and sweep folder (sweep.json) under a directory, and write report.md and a
 * self-contained index.html with one section per run.
 *
 * Folders come from anywhere, so one bad folder never stops the report: a
 * run or sweep that fails a check (src/cli/runStore.ts inspectRun), whose
 * figures cannot be drawn, a dangling symbolic link or a link loop is left
 * out with a one-line warning naming the folder and the reason, and listed
 * at the end of the report. The report never overwrites a file it did not
 * write (a run's own report.md included).
 */
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { getExperiment, missionOrder } from '../experiments/index.js';
import { writeFileAtomic } from './fsAtomic.js';
import { figureFileStem } from './figuresBridge.js';
import { trustedHtml } from './html.js';
import { formatNumber, formatValue, UsageError } from './io.js';
import { MANIFEST_FILE, OutputPathError } from './runFolder.js';
import { stampLabel } from './codeStamp.js';
import { inspectRun, type StoredRun } from './runStore.js';
import { inspectSweep, sweepRows, type SweepManifest } from './sweep.js';
import { anchorFor, REPORT_GENERATOR, reportHtml, type HtmlFigure, type HtmlRunSection, type HtmlSweepSection, type LeftOut } from './reportHtml.js';
import { missionOverview } from './reportOverview.js';
import { runMarkdown } from './runMarkdown.js';

/** Figure size in the report: the reading column's width (52rem ≈ 832 px), 8:5 (a panels figure grows taller with its rows). */
export const REPORT_FIGURE_SIZE = { width: 832, height: 520 };

export interface ReportOptions {
  /** Folder for report.md and index.html; defaults to the scanned folder (its report/ subfolder if it is itself a run folder). */
  out?: string;
  title?: string;
  /** Called once per folder left out, with a one-line message. */
  onWarn?: (message: string) => void;
}

export interface ReportSummary {
  html: string;
  markdown: string;
  runs: number;
  sweeps: number;
  leftOut: LeftOut[];
}

interface Collected {
  runs: StoredRun[];
  sweeps: Array<{ dir: string; manifest: SweepManifest }>;
  leftOut: LeftOut[];
}

function label(root: string, dir: string): string {
  const rel = relative(root, dir);
  return rel === '' ? '.' : rel.split(sep).join('/');
}

const LINK_PROBLEMS: Record<string, string> = { ENOENT: 'dangling symbolic link', ELOOP: 'symbolic link loop', EACCES: 'permission denied' };

/** Depth-first, in sorted order; sweep cells are summarised by their sweep, not listed as runs. `seen` holds real paths (symbolic links may lead back up). */
function collect(root: string, dir: string, found: Collected, seen: Set<string>): void {
  const leaveOut = (path: string, reason: string): void => void found.leftOut.push({ label: label(root, path), reason });
  const real = realpathSync(dir);
  if (seen.has(real)) return leaveOut(dir, 'symbolic link loop (this folder was already scanned)');
  seen.add(real);
  const run = inspectRun(dir);
  if (run.status === 'ok') found.runs.push(run.run);
  else if (run.status !== 'absent') leaveOut(dir, run.reason);
  const sweep = inspectSweep(dir);
  if (sweep.status === 'ok') found.sweeps.push({ dir, manifest: sweep.manifest });
  else if (sweep.status === 'invalid') leaveOut(dir, sweep.reason);
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch (err) {
    return leaveOut(dir, `cannot be listed (${(err as NodeJS.ErrnoException).code})`);
  }
  for (const name of names) {
    if (name.startsWith('.') || name === 'node_modules' || (sweep.status === 'ok' && name === 'cells')) continue;
    const child = join(dir, name);
    let isDir: boolean;
    try {
      isDir = statSync(child).isDirectory();
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? 'error';
      const isLink = lstatSync(child, { throwIfNoEntry: false })?.isSymbolicLink() ?? false;
      leaveOut(child, isLink ? (LINK_PROBLEMS[code] ?? `unreadable symbolic link (${code})`) : `unreadable (${code})`);
      continue;
    }
    if (isDir) collect(root, child, found, seen);
  }
}

/** A folder that holds a run (its report.md is the run's own page). */
function holdsRun(dir: string): boolean {
  return existsSync(join(dir, MANIFEST_FILE)) || existsSync(join(dir, 'config.json')) || existsSync(join(dir, 'result.json'));
}

const MARKDOWN_MARK = '<!-- written by ldyn report; rewritten by every report -->';
/** report.md's figure copies, in a folder marked as the report's own by FIGURES_MARK. */
const FIGURES_DIR = 'report-figures';
const FIGURES_MARK = '.written-by-ldyn-report';

/**
 * Refuse to write where the report would replace a file it did not write:
 * `out` must be a folder (or not exist), and an existing report.md or
 * index.html there must carry the report's own mark.
 */
function assertReportTarget(out: string): void {
  let stats;
  try {
    stats = statSync(out, { throwIfNoEntry: false });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOTDIR') throw new OutputPathError(`report --out ${out}: a parent of this path is a file, not a folder.`);
    throw err;
  }
  if (stats && !stats.isDirectory()) throw new OutputPathError(`report --out ${out} is a file, not a folder.`);
  // Reports written before these marks existed are recognised by their opening lines.
  const checks: Array<[string, (text: string) => boolean]> = [
    ['report.md', (t) => t.startsWith(MARKDOWN_MARK) || /^# learning-dynamics report\n\nGenerated /.test(t)],
    ['index.html', (t) => t.includes(`<meta name="generator" content="${REPORT_GENERATOR}">`) || t.includes('<title>learning-dynamics report</title>')],
  ];
  const figures = join(out, FIGURES_DIR);
  if (existsSync(figures) && !existsSync(join(figures, FIGURES_MARK))) {
    throw new UsageError(`report: ${figures} exists and was not written by ldyn report; choose another --out.`);
  }
  for (const [name, ours] of checks) {
    const path = join(out, name);
    if (!existsSync(path)) continue;
    let text = '';
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      /* unreadable: not ours */
    }
    if (!ours(text)) {
      throw new UsageError(`report: ${path} exists and was not written by ldyn report${holdsRun(out) ? " (it is this run's own page)" : ''}; choose another --out.`);
    }
  }
}

/** Collect the runs under `dir` and write report.md + index.html. */
export async function writeReport(dir: string, options: ReportOptions = {}): Promise<ReportSummary> {
  const root = resolve(dir);
  if (!existsSync(root)) throw new UsageError(`report: folder ${root} does not exist.`);
  const out = resolve(options.out ?? (holdsRun(root) ? join(root, 'report') : root));
  assertReportTarget(out);
  const title = options.title ?? 'learning-dynamics report';
  const found: Collected = { runs: [], sweeps: [], leftOut: [] };
  collect(root, root, found, new Set());
  // Mission order: the runs that answer question 1 first, … (then anything else by folder).
  found.runs.sort((a, b) => missionOrder(a.result.id) - missionOrder(b.result.id) || a.dir.localeCompare(b.dir));
  // Figures at the reading column's width; the caption goes below as HTML, typeset with its math.
  const figures = found.runs.some((r) => r.result.figures.length > 0) ? await import('./figures.js') : null;

  // Draw every run's figures first: a run whose figures cannot be drawn is left out like any other bad folder.
  // Each figure at the column's width without its caption, which both pages set below it as text (typeset in HTML).
  const runs: Array<{ run: StoredRun; title: string; figures: HtmlFigure[] }> = [];
  for (const run of found.runs) {
    try {
      // SVG serialised by the renderer's DOM, which escapes every text node and attribute value.
      const drawn = figures ? run.result.figures.map((f) => ({ spec: f.spec, svg: trustedHtml(figures.renderSvgNode({ ...f.spec, caption: undefined }, REPORT_FIGURE_SIZE)) })) : [];
      runs.push({ run, title: getExperiment(run.result.id).title, figures: drawn });
    } catch (err) {
      found.leftOut.push({ label: label(root, run.dir), reason: `a figure cannot be drawn (${(err as Error).message.split('\n')[0]})` });
    }
  }
  const sweeps: Array<{ dir: string; manifest: SweepManifest; rows: Array<Record<string, unknown>>; missing: string[] }> = [];
  for (const sweep of found.sweeps) {
    try {
      sweeps.push({ ...sweep, ...sweepRows(sweep.dir, sweep.manifest) });
    } catch (err) {
      found.leftOut.push({ label: label(root, sweep.dir), reason: (err as Error).message.split('\n')[0]! });
    }
  }
  for (const l of found.leftOut) options.onWarn?.(`left out ${l.label}: ${l.reason}`);
  const generated = new Date().toISOString();

  const md: string[] = [MARKDOWN_MARK, `# ${title}`, '', `Generated ${generated} from \`${root}\`: ${runs.length} runs, ${sweeps.length} sweeps.`, ''];
  const overview = missionOverview(runs.map(({ run, title: t }) => ({ id: run.result.id, title: t, anchor: anchorFor(label(root, run.dir)), findings: run.result.findings })));
  md.push(...overview.markdown);
  const htmlRuns: HtmlRunSection[] = [];
  for (const { run, title: runTitle, figures: drawn } of runs) {
    const runLabel = label(root, run.dir);
    const linkPrefix = `${relative(out, run.dir).split(sep).join('/') || '.'}/`;
    // Both pages show the figures drawn above from this result.json: index.html inlines them, report.md links
    // copies under <out>/report-figures/ (not the run folder's SVGs, which a later `ldyn run` may replace).
    const snapshotDir = join(FIGURES_DIR, ...runLabel.split('/').map((part) => part.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^\.+$/, '_')));
    const figureFiles = run.result.figures.map((f, i) => {
      const file = join(snapshotDir, `${figureFileStem(f.id)}.svg`);
      mkdirSync(join(out, snapshotDir), { recursive: true });
      if (!existsSync(join(out, FIGURES_DIR, FIGURES_MARK))) writeFileSync(join(out, FIGURES_DIR, FIGURES_MARK), '');
      writeFileAtomic(join(out, file), drawn[i]!.svg.markup);
      return { id: f.id, title: f.title, file: file.split(sep).join('/'), caption: f.spec.caption };
    });
    md.push(runMarkdown(run.result, { title: runTitle, figureFiles, linkPrefix, level: 2 }));
    htmlRuns.push({ title: runTitle, label: runLabel, anchor: anchorFor(runLabel), result: run.result, figures: drawn, madeBy: stampLabel(run.code) });
  }
  const htmlSweeps: HtmlSweepSection[] = [];
  for (const { dir: sweepDir, manifest, rows, missing } of sweeps) {
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
  if (found.leftOut.length > 0) {
    md.push('## Left out', '', 'These folders hold no usable run or sweep and were not included.', '');
    for (const l of found.leftOut) md.push(`- \`${l.label}\`: ${l.reason}`);
    md.push('');
  }
  const markdownPath = join(out, 'report.md');
  const htmlPath = join(out, 'index.html');
  writeFileAtomic(markdownPath, md.join('\n'));
  writeFileAtomic(htmlPath, reportHtml(title, generated, htmlRuns, htmlSweeps, overview.html, found.leftOut));
  return { html: htmlPath, markdown: markdownPath, runs: runs.length, sweeps: sweeps.length, leftOut: found.leftOut };
}
