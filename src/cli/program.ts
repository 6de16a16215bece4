/**
 * The `ldyn` command line, as a function of argv and an IO object so that
 * tests run it in-process. Exit codes: 0 done, 1 the run failed, 2 bad usage
 * (unknown command/experiment, bad option, ConfigError — all detected
 * before any work starts, so nothing is written).
 */
import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError, Option } from 'commander';
import { Cancelled, ConfigError, UnknownExperimentError, type PresetName } from '../experiments/index.js';
import { loadCatalog, packageVersion } from './catalogLoader.js';
import { describeCommand, listCommand, mainJob, runCommand, type RunCommandOptions } from './commands.js';
import { startStaticServer } from './explore.js';
import { Failure, interruptedExitCode, UsageError, type CliIO } from './io.js';
import { collect, parseNonNegativeInt, parsePort, parsePositiveInt } from './options.js';
import { writeReport } from './report.js';
import { mergeCommand, sweepCommand, type SweepCommandOptions } from './sweepCommands.js';

const presetOption = () => new Option('--preset <name>', 'size of the run').choices(['quick', 'default', 'full']).default('default');
const setOption = () => new Option('--set <key=value>', 'override one config value (repeatable; dotted keys reach nested values)').argParser(collect).default([]);
const configOption = () => new Option('--config <file>', 'JSON file of config values (layered between the preset and --set)');

async function explore(io: CliIO, opts: { port: number; host: string; root?: string }): Promise<number> {
  const root = opts.root ? resolve(io.cwd, opts.root) : fileURLToPath(new URL('../../web/dist', import.meta.url));
  if (!existsSync(resolve(root, 'index.html'))) {
    // A checkout has the explorer's sources beside web/dist; an installed package ships web/dist built (prepack).
    const checkout = existsSync(resolve(root, '..', 'index.html'));
    const fix = checkout ? 'run npm run build:web first' : opts.root ? 'point --root at a built explorer' : 'reinstall learning-dynamics (its package ships web/dist)';
    io.stderr.write(`The web explorer is not built (${relative(io.cwd, root) || root}/index.html is missing): ${fix}.\n`);
    return 1;
  }
  let started;
  try {
    started = await startStaticServer(root, opts.port, opts.host);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new Failure(`port ${opts.port} on ${opts.host} is in use; choose another with --port (0 picks a free one).`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new Failure(`cannot listen on --host ${opts.host} (${code}).`);
    throw err;
  }
  const { server, url } = started;
  io.stdout.write(`Serving the explorer at ${url} (Ctrl-C to stop)\n`);
  await new Promise<void>((done) => {
    if (io.signal?.aborted) done();
    io.signal?.addEventListener('abort', () => done(), { once: true });
  });
  await new Promise<void>((done) => server.close(() => done()));
  return 0;
}

function buildProgram(io: CliIO, setExit: (code: number) => void): Command {
  const program = new Command('ldyn');
  program
    .description('Learning dynamics experiments: run, sweep and report.\nWith no command: run every experiment (at --preset, default "default") into runs/ and write report/.')
    .version(packageVersion())
    .addOption(new Option('--catalog <module>', 'testing hook: import an extra experiment module').argParser(collect).default([]).hideHelp())
    .addOption(presetOption().default('default', 'default; quick: every experiment in seconds'))
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .showHelpAfterError('(add --help for usage)')
    .hook('preAction', async () => {
      await loadCatalog(program.opts<{ catalog: string[] }>().catalog, io.env, io.cwd);
    })
    .usage('[command] [options]')
    .argument('[command]')
    .action(async (command: string | undefined, opts: { preset: PresetName }) => {
      if (command !== undefined) {
        const known = program.commands.map((c) => c.name()).join(', ');
        throw new UsageError(`Unknown command "${command}". Commands: ${known} (or none, to run every experiment and write the report).`);
      }
      setExit(await mainJob(io, opts.preset));
    });

  program
    .command('list')
    .description('list the registered experiments')
    .option('--json', 'print JSON only')
    .action((opts: { json?: boolean }) => setExit(listCommand(io, opts)));

  program
    .command('describe')
    .description("show an experiment's question, config keys (type, default, allowed values) and presets")
    .argument('<id>', 'experiment id')
    .option('--json', 'print JSON only')
    .action((id: string, opts: { json?: boolean }) => setExit(describeCommand(io, id, opts)));

  program
    .command('run')
    .description('run one experiment into a run folder (skipped if that exact run is already there)')
    .argument('<id>', 'experiment id')
    .addOption(presetOption())
    .addOption(setOption())
    .addOption(configOption())
    .option('--seed <n>', 'random seed', parseNonNegativeInt('--seed'), 0)
    .option('--out <dir>', 'run folder (default runs/<id>)')
    .option('--json', 'print the result as JSON on stdout (progress stays on stderr)')
    .option('--force', 'recompute even if the folder holds this run')
    .option('--yes', 'run even if the estimated compute exceeds the limit (1 h)')
    .action(async (id: string, opts: RunCommandOptions) => setExit(await runCommand(io, id, opts)));

  program
    .command('sweep')
    .description('run a grid of configs × seeds, one run folder per cell, in parallel; resumes where it stopped')
    .argument('<id>', 'experiment id')
    .addOption(new Option('--grid <key=v1,v2,...>', 'values of one config key (repeatable; the grid is their product)').argParser(collect).default([]))
    .option('--seeds <list>', 'seeds: a..b (inclusive), a,b,c or n', '0')
    .option('--workers <n>', 'worker threads (default: CPU count; 1 runs in this process)', parsePositiveInt('--workers'))
    .option('--shard <i/N>', 'run only cells whose index mod N is i (for job arrays)')
    .option('--out <dir>', 'sweep folder (default runs/sweeps/<id>)')
    .addOption(presetOption())
    .addOption(setOption())
    .addOption(configOption())
    .option('--force', 'recompute cells that are already done')
    .option('--yes', 'run even beyond the limits (100,000 cells or 1 day of estimated compute)')
    .option('--json', 'print a JSON summary on stdout')
    .action(async (id: string, opts: SweepCommandOptions) => setExit(await sweepCommand(io, id, opts)));

  program
    .command('merge')
    .description('join the folders of sweep shards into one sweep folder')
    .argument('<dirs...>', 'shard folders')
    .requiredOption('--out <dir>', 'merged sweep folder')
    .option('--json', 'print a JSON summary on stdout')
    .action(async (dirs: string[], opts: { out: string; json?: boolean }) => setExit(await mergeCommand(io, dirs, opts)));

  program
    .command('report')
    .description('write report.md and a self-contained index.html for every run and sweep under <dir>')
    .argument('<dir>', 'folder to scan (e.g. runs)')
    .option('--out <dir>', 'where to write the report (default: <dir>)')
    .option('--pdf', 'also print the report to index.pdf (headless Chromium)')
    .action(async (dir: string, opts: { out?: string; pdf?: boolean }) => {
      const root = resolve(io.cwd, dir);
      if (!existsSync(root)) throw new UsageError(`report: folder ${root} does not exist.`);
      if (opts.out !== undefined && opts.out.trim() === '') throw new UsageError('report --out needs a folder name, got an empty string.');
      const summary = await writeReport(root, {
        out: opts.out === undefined ? undefined : resolve(io.cwd, opts.out),
        onWarn: (m) => io.stderr.write(`ldyn report: ${m}\n`),
      });
      const leftOut = summary.leftOut.length > 0 ? ` (${summary.leftOut.length} folders left out, listed in the report)` : '';
      io.stdout.write(`report of ${summary.runs} runs and ${summary.sweeps} sweeps${leftOut}: ${relative(io.cwd, summary.html)} and ${relative(io.cwd, summary.markdown)}\n`);
      if (opts.pdf) {
        const { writeReportPdf } = await import('./reportPdf.js');
        const pdfPath = summary.html.replace(/\.html$/, '.pdf');
        await writeReportPdf(summary.html, pdfPath);
        io.stdout.write(`PDF: ${relative(io.cwd, pdfPath)}\n`);
      }
      setExit(0);
    });

  program
    .command('explore')
    .description('serve the web explorer (web/dist) on localhost')
    .option('--port <n>', 'port (0 picks a free one)', parsePort, 4173)
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .addOption(new Option('--root <dir>', 'folder to serve instead of web/dist').hideHelp())
    .action(async (opts: { port: number; host: string; root?: string }) => setExit(await explore(io, opts)));

  return program;
}

/** Run the command line on `argv` (user arguments only) and return the exit code. */
export async function runCli(argv: string[], io: CliIO): Promise<number> {
  let exitCode = 0;
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      return err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help' ? 0 : 2;
    }
    if (err instanceof Cancelled) {
      io.stderr.write(`ldyn: interrupted; ${err.message}, no result was written.\n`);
      return interruptedExitCode(io.signal);
    }
    if (err instanceof ConfigError || err instanceof UnknownExperimentError || err instanceof UsageError) {
      io.stderr.write(`ldyn: ${err.message}\n`);
      return 2;
    }
    io.stderr.write(`ldyn: ${failureMessage(err)}\n`);
    if (io.env.LDYN_DEBUG === '1' && err instanceof Error && err.stack) io.stderr.write(`${err.stack}\n`);
    return 1;
  }
}

const FS_ERRORS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is exhausted',
  ENOTDIR: 'a parent of this path is a file, not a folder',
  EISDIR: 'this path is a folder, not a file',
  EEXIST: 'a file is in the way',
  ENOENT: 'no such file or folder',
  EMFILE: 'too many open files',
};

/**
 * A failure as one line: the error's first line, and for file-system errors
 * what went wrong in words and on which path (no stack trace; LDYN_DEBUG=1
 * prints it too).
 */
export function failureMessage(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  const first = (e instanceof Error ? e.message : String(err)).split('\n')[0]!.trim();
  if (e instanceof Error && e.code && FS_ERRORS[e.code] && e.syscall) {
    return `cannot ${e.syscall}${e.path ? ` ${e.path}` : ''}: ${FS_ERRORS[e.code]} (${e.code}).`;
  }
  if (err instanceof Failure) return first;
  return `the run failed: ${first}`;
}
