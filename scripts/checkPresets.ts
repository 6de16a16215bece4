/**
 * `npm run check:presets [-- --presets quick,default --only xor,stability --out <dir> --json <file>]`:
 * run every preset (quick, default, full) of every catalog experiment into a
 * temporary folder (removed at the end unless --out is given), with progress
 * on stderr and a timing table on stdout. Exit 1 if any preset fails.
 *
 * Besides the wall time of each run, it reports the CPU seconds of the run
 * itself (user + system, without writing its files: the experiments' cost
 * models, src/experiments/cost.ts, are calibrated from it) and the 1-minute
 * load average when it ended, and the longest interval between
 * two cancellation checks (`ctx.checkpoint()`), measured by counting reads of
 * the run's abort signal: Ctrl-C stops a run within about that long. The gap
 * is given twice: in wall-clock time, and in the process's CPU time
 * (`process.cpuUsage`), which is the work done between two checks and does not
 * grow when a loaded machine deschedules the process.
 *
 * To find the loop behind the longest CPU gap, each row also names where that
 * gap ended: the first frames under src/ of the stack of the check that closed
 * it (captured only when a new longest gap is seen, so it costs nothing per
 * check). `--where` also records where the gap began, which captures a stack
 * at every check and so inflates the gaps it measures; use it to locate, not
 * to time.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Command, Option } from 'commander';
import { runFiles } from '../src/cli/runStore.js';
import { createProgress } from '../src/cli/progress.js';
import { writeFileAtomic } from '../src/cli/fsAtomic.js';
import { catalog, PRESET_NAMES, resolveConfig, runExperiment, type PresetName } from '../src/experiments/index.js';

interface Row {
  experiment: string;
  preset: PresetName;
  seconds: number;
  /** CPU time (user + system, all threads of the process) of the experiment's run alone, without writing its files, in s. */
  cpuSeconds: number;
  /** The machine's 1-minute load average when the run ended (other processes inflate wall time, far less CPU time). */
  load: number;
  /** Longest wall-clock gap between two cancellation checks, in ms. */
  maxCheckGapMs: number;
  /** Longest gap in CPU time (user + system) between two cancellation checks, in ms. */
  maxCheckGapCpuMs: number;
  checks: number;
  /** Where the longest CPU gap ended (and, with --where, began): `file:line` frames under src/, innermost first. */
  longestGapEndsAt?: string;
  longestGapBeginsAt?: string;
  /** The longest CPU gap ended at this check (1-based; checks + 1 = the end of the run): the first few are cold code. */
  longestGapEndsAtCheck?: number;
  error?: string;
}

/** An AbortSignal that never fires and records the time of every read of `aborted` (each ctx.checkpoint() reads it once). */
type GapStats = { maxGapMs: number; maxGapCpuMs: number; checks: number; endsAt?: string; beginsAt?: string; endsAtCheck?: number };
const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** The first `depth` frames of the current stack that lie under src/ (skipping the runner's checkpoint and wrappers), as `file:line`. */
function callSite(depth = 4): string {
  const lines = (new Error().stack ?? '').split('\n').slice(1);
  const frames: string[] = [];
  for (const line of lines) {
    const m = /(?:\(|at )(?:file:\/\/)?([^()\s]*\/src\/[^():]+):(\d+):\d+\)?$/.exec(line.trim());
    if (m) frames.push(`${m[1]!.slice(m[1]!.lastIndexOf('/src/') + 1)}:${m[2]}`);
  }
  // The runner's own frames (checkpoint, checked wrappers) say nothing unless they are all there is (its checks before and after `run`).
  const outside = frames.filter((f) => !f.startsWith('src/experiments/runner.ts:'));
  return (outside.length > 0 ? outside : frames).slice(0, depth).join(' < ');
}

function timingSignal(where: boolean): { signal: AbortSignal; stats: () => GapStats } {
  const inner = new AbortController().signal;
  let last = performance.now();
  let lastCpu = cpuMs();
  let maxGap = 0;
  let maxGapCpu = 0;
  let checks = 0;
  let endsAt: string | undefined;
  let beginsAt: string | undefined;
  let endsAtCheck: number | undefined;
  let lastSite = where ? 'start of the run' : undefined;
  const signal = new Proxy(inner, {
    get(target, key) {
      if (key === 'aborted') {
        const now = performance.now();
        const nowCpu = cpuMs();
        maxGap = Math.max(maxGap, now - last);
        const site = where ? callSite() : undefined;
        if (nowCpu - lastCpu > maxGapCpu) {
          maxGapCpu = nowCpu - lastCpu;
          endsAt = site ?? callSite();
          beginsAt = lastSite;
          endsAtCheck = checks + 1;
        }
        lastSite = site;
        last = now;
        lastCpu = cpuMs();
        checks++;
        return false;
      }
      const value = Reflect.get(target, key, target) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return {
    signal,
    stats: () => {
      maxGap = Math.max(maxGap, performance.now() - last);
      if (cpuMs() - lastCpu > maxGapCpu) {
        maxGapCpu = cpuMs() - lastCpu;
        endsAt = 'end of the run';
        beginsAt = lastSite;
        endsAtCheck = checks + 1;
      }
      return { maxGapMs: maxGap, maxGapCpuMs: maxGapCpu, checks, ...(endsAt !== undefined ? { endsAt, endsAtCheck } : {}), ...(beginsAt !== undefined ? { beginsAt } : {}) };
    },
  };
}

const program = new Command('check-presets')
  .addOption(new Option('--presets <list>', 'presets to run').default(PRESET_NAMES.join(',')))
  .option('--only <ids>', 'comma-separated experiment ids (default: all)')
  .option('--out <dir>', 'keep the run folders here (default: a temporary folder, removed at the end)')
  .option('--json <file>', 'also write the rows as JSON')
  .option('--where', 'also record where the longest gap began (a stack at every check: slower, and it inflates the gaps)')
  .parse();
const opts = program.opts<{ presets: string; only?: string; out?: string; json?: string; where?: boolean }>();
const presets = opts.presets.split(',') as PresetName[];
for (const p of presets) if (!PRESET_NAMES.includes(p)) throw new Error(`--presets: unknown preset "${p}"`);
const only = opts.only?.split(',');
const experiments = catalog.filter((e) => !only || only.includes(e.id));
const root = opts.out ? resolve(opts.out) : mkdtempSync(join(tmpdir(), 'ldyn-presets-'));

const rows: Row[] = [];
const total = experiments.length * presets.length;
for (const preset of presets) {
  for (const experiment of experiments) {
    const label = `[${rows.length + 1}/${total}] ${experiment.id} --preset ${preset}`;
    const progress = createProgress(process.stderr, label);
    const timing = timingSignal(opts.where === true);
    const started = performance.now();
    let cpuSeconds = NaN;
    let error: string | undefined;
    let gaps: GapStats | undefined;
    try {
      const config = resolveConfig(experiment, { preset });
      const cpuStart = cpuMs();
      const result = await runExperiment(experiment, config, { seed: 0, signal: timing.signal, onProgress: (f, m) => progress.update(f, m) });
      cpuSeconds = (cpuMs() - cpuStart) / 1000;
      gaps = timing.stats();
      const dir = join(root, `${experiment.id}-${preset}`);
      mkdirSync(dir, { recursive: true });
      for (const [name, data] of await runFiles(result, experiment.title)) writeFileSync(join(dir, name), data);
    } catch (err) {
      error = (err as Error).message.split('\n')[0];
    }
    progress.stop();
    const { maxGapMs, maxGapCpuMs, checks, endsAt, beginsAt, endsAtCheck } = gaps ?? timing.stats();
    const row: Row = {
      experiment: experiment.id, preset, seconds: (performance.now() - started) / 1000, cpuSeconds, load: loadavg()[0]!, maxCheckGapMs: maxGapMs, maxCheckGapCpuMs: maxGapCpuMs, checks,
      ...(endsAt !== undefined ? { longestGapEndsAt: endsAt, longestGapEndsAtCheck: endsAtCheck } : {}), ...(beginsAt !== undefined ? { longestGapBeginsAt: beginsAt } : {}), ...(error ? { error } : {}),
    };
    rows.push(row);
    process.stderr.write(`${label}: ${error ? `FAILED: ${error}` : 'ok'} in ${row.seconds.toFixed(1)} s, run ${cpuSeconds.toFixed(1)} s of CPU, load ${row.load.toFixed(1)} (longest gap between cancellation checks ${maxGapMs.toFixed(0)} ms wall, ${maxGapCpuMs.toFixed(0)} ms CPU)\n`);
    if (endsAt !== undefined) process.stderr.write(`  longest CPU gap ${beginsAt !== undefined ? `began at ${beginsAt}\n  and ` : ''}ended at ${endsAt} (check ${endsAtCheck} of ${checks})\n`);
  }
}
if (!opts.out) rmSync(root, { recursive: true, force: true });

process.stdout.write('| experiment | preset | seconds | run CPU s | load | longest gap between cancellation checks, wall (ms) | same, CPU (ms) | status |\n|---|---|---:|---:|---:|---:|---:|---|\n');
for (const r of rows) process.stdout.write(`| ${r.experiment} | ${r.preset} | ${r.seconds.toFixed(1)} | ${r.cpuSeconds.toFixed(1)} | ${r.load.toFixed(1)} | ${r.maxCheckGapMs.toFixed(0)} | ${r.maxCheckGapCpuMs.toFixed(0)} | ${r.error ? `FAILED: ${r.error}` : 'ok'} |\n`);
if (opts.json) writeFileAtomic(resolve(opts.json), JSON.stringify(rows, null, 2) + '\n');
const failed = rows.filter((r) => r.error);
process.stderr.write(`${rows.length - failed.length}/${rows.length} presets ran to completion.\n`);
process.exitCode = failed.length > 0 ? 1 : 0;
