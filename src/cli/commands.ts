/** The `list`, `describe` and `run` commands and the no-argument main job. */
import { mkdirSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { Cancelled, describeExperiment, getExperiment, listExperiments, resolveConfig, type ConfigObject, type PresetName } from '../experiments/index.js';
import { formatNumber, formatTable, formatValue, tableWidth, UsageError, wrapProse, type CliIO } from './io.js';
import { checkRunCost } from './limits.js';
import { readConfigFile } from './options.js';
import { installParallelMatmul } from './parallelMatmul.js';
import { createProgress, type Progress } from './progress.js';
import { replacementNotice } from './replaceNotice.js';
import { writeReport } from './report.js';
import { extraCatalogModules } from './catalogLoader.js';
import { stampOf } from './codeStamp.js';
import { runInWorker } from './pool.js';
import { assertRunFolderUsable } from './runFolder.js';
import type { RunOutcome } from './runStore.js';

function printJson(io: CliIO, value: unknown): void {
  io.stdout.write(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v), 2) + '\n');
}

export function listCommand(io: CliIO, opts: { json?: boolean }): number {
  const experiments = listExperiments();
  if (opts.json) {
    printJson(io, experiments.map((e) => ({ id: e.id, title: e.title, question: e.question, summary: e.summary })));
    return 0;
  }
  if (experiments.length === 0) {
    io.stdout.write('No experiments are registered (they are added in src/experiments/catalog.ts).\n');
    return 0;
  }
  io.stdout.write(formatTable(['id', 'title', 'question'], experiments.map((e) => [e.id, e.title, e.question]), tableWidth(io)));
  return 0;
}

export function describeCommand(io: CliIO, id: string, opts: { json?: boolean }): number {
  const e = getExperiment(id);
  const fields = describeExperiment(e);
  if (opts.json) {
    printJson(io, { id: e.id, title: e.title, question: e.question, summary: e.summary, presets: e.presets, fields });
    return 0;
  }
  const width = tableWidth(io);
  const out = [`${e.title} (${e.id})`, '', wrapProse(`Question: ${e.question}`, width), '', wrapProse(e.summary, width), '', 'Config (set with --set key=value):', ''];
  io.stdout.write(out.join('\n') + '\n');
  io.stdout.write(formatTable(['key', 'type', 'default', 'allowed', 'description'], fields.map((f) => [f.key, f.type, formatValue(f.default), f.allowed, f.description]), width));
  io.stdout.write('\nPresets:\n');
  for (const [name, preset] of Object.entries(e.presets)) {
    const entries = Object.entries(preset as Record<string, unknown>);
    // Hanging indent: continuation lines start under the first value.
    const values = wrapProse(entries.length === 0 ? '(schema defaults)' : entries.map(([k, v]) => `${k}=${formatValue(v)}`).join(' '), width - 10);
    io.stdout.write(`  ${name.padEnd(8)}${values.split('\n').join(`\n${' '.repeat(10)}`)}\n`);
  }
  return 0;
}

export interface RunCommandOptions {
  preset: PresetName;
  set: string[];
  config?: string;
  seed: number;
  out?: string;
  json?: boolean;
  force?: boolean;
  /** Run even beyond the cost limit (src/cli/limits.ts). */
  yes?: boolean;
}

function printOutcome(io: CliIO, outcome: RunOutcome): void {
  const where = relative(io.cwd, outcome.dir) || '.';
  if (outcome.status === 'skipped') {
    io.stdout.write(`${outcome.result.id}: skipped, ${where} already holds this run (hash ${outcome.hash}); use --force to recompute.\n`);
    return;
  }
  io.stdout.write(`${outcome.result.id}: done in ${outcome.seconds.toFixed(2)} s → ${where} (hash ${outcome.hash})\n`);
  const metrics = Object.entries(outcome.result.metrics);
  if (metrics.length > 0) io.stdout.write('\n' + formatTable(['metric', 'value'], metrics.map(([k, v]) => [k, formatNumber(v)]), tableWidth(io)));
  if (outcome.result.findings.length > 0) io.stdout.write('\nFindings:\n' + outcome.result.findings.map((f) => `- ${f}\n`).join(''));
}

/** One run in a worker thread (so Ctrl-C is seen while it computes), as a RunOutcome. */
async function runOneRun(
  io: CliIO,
  id: string,
  config: ConfigObject,
  seed: number,
  where: { dir: string; preset: PresetName; force?: boolean },
  progress: Progress,
): Promise<RunOutcome> {
  const cell = await runInWorker(
    { modules: extraCatalogModules(), experimentId: id, config, seed, dir: where.dir, preset: where.preset, force: Boolean(where.force), code: stampOf(io) },
    {
      inProcess: io.env.LDYN_IN_PROCESS === '1',
      signal: io.signal,
      onProgress: (f, m) => progress.update(f, m),
      onLog: (m) => io.stderr.write(`${id}: ${m}\n`),
      onNote: (m) => io.stderr.write(`${m}\n`),
    },
  );
  return { status: cell.status, dir: where.dir, hash: cell.hash, seconds: cell.seconds, result: cell.result!, warnings: cell.warnings };
}

export async function runCommand(io: CliIO, id: string, opts: RunCommandOptions): Promise<number> {
  const experiment = getExperiment(id);
  const config = resolveConfig(experiment, { preset: opts.preset, set: opts.set, config: readConfigFile(opts.config, io.cwd) });
  checkRunCost(experiment, config, Boolean(opts.yes));
  if (opts.out !== undefined && opts.out.trim() === '') throw new UsageError('--out needs a folder name, got an empty string.');
  const dir = resolve(io.cwd, opts.out ?? `runs/${id}`);
  assertRunFolderUsable(dir);
  const notice = replacementNotice(dir, { experiment: id, preset: opts.preset, config, seed: opts.seed }, io.cwd, stampOf(io));
  if (notice) io.stderr.write(`${notice}\n`);
  // One run in this process: its products from the crossover up may use the second core (bit-identical results,
  // so the run need not wait for the worker to start; sweeps do not install it, their cells occupy the cores).
  void installParallelMatmul().catch(() => false);
  const progress = createProgress(io.stderr, id);
  let outcome: RunOutcome;
  try {
    outcome = await runOneRun(io, experiment.id, config, opts.seed, { dir, preset: opts.preset, force: opts.force }, progress);
  } finally {
    progress.stop();
  }
  if (opts.json) {
    if (outcome.status === 'skipped') io.stderr.write(`${id}: skipped (already computed; --force to recompute)\n`);
    printJson(io, { status: outcome.status, dir: outcome.dir, hash: outcome.hash, seconds: outcome.seconds, result: outcome.result });
  } else {
    printOutcome(io, outcome);
  }
  return 0;
}

/**
 * The main job (`ldyn` with no command): every catalog experiment at one
 * preset (`--preset`, default `default`) into runs/<id>/, then the report
 * into report/.
 */
export async function mainJob(io: CliIO, preset: PresetName = 'default'): Promise<number> {
  const runsDir = resolve(io.cwd, 'runs');
  const reportDir = resolve(io.cwd, 'report');
  const experiments = listExperiments();
  if (experiments.length === 0) io.stderr.write('No experiments are registered yet (add them in src/experiments/catalog.ts).\n');
  mkdirSync(runsDir, { recursive: true });
  const rows: string[][] = [];
  let failed = 0;
  for (const [i, experiment] of experiments.entries()) {
    const label = `[${i + 1}/${experiments.length}] ${experiment.id}`;
    const progress = createProgress(io.stderr, label);
    try {
      const config = resolveConfig(experiment, { preset });
      const notice = replacementNotice(resolve(runsDir, experiment.id), { experiment: experiment.id, preset, config, seed: 0 }, io.cwd, stampOf(io));
      if (notice) io.stderr.write(`${notice}\n`);
      const outcome = await runOneRun(io, experiment.id, config, 0, { dir: resolve(runsDir, experiment.id), preset }, progress);
      progress.stop();
      const metrics = Object.entries(outcome.result.metrics).slice(0, 3);
      rows.push([experiment.id, outcome.status, outcome.seconds.toFixed(2), metrics.map(([k, v]) => `${k}=${formatNumber(v)}`).join(' ')]);
    } catch (err) {
      progress.stop();
      if (err instanceof Cancelled) throw err;
      failed++;
      io.stderr.write(`${experiment.id}: failed: ${(err as Error).message}\n`);
      rows.push([experiment.id, 'FAILED', '', (err as Error).message.split('\n')[0]!]);
    }
  }
  const report = await writeReport(runsDir, { out: reportDir, onWarn: (m) => io.stderr.write(`report: ${m}\n`) });
  io.stdout.write(formatTable(['experiment', 'status', 'seconds', 'metrics'], rows, tableWidth(io)));
  io.stdout.write(`\n${experiments.length - failed}/${experiments.length} experiments done. Report: ${relative(io.cwd, report.html)} (and ${relative(io.cwd, report.markdown)})\n`);
  return failed > 0 ? 1 : 0;
}
