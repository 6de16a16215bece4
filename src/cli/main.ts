#!/usr/bin/env node
/**
 * Entry point of the `ldyn` command (dist/cli/main.js). The first Ctrl-C
 * (SIGINT) or SIGTERM cancels the work in progress: the running experiment
 * stops at its next `ctx.checkpoint()` (within ~100 ms), writes no result
 * (every write is atomic, result.json last), and the process exits 130 or
 * 143; a sweep keeps its finished cells. A second signal exits at once.
 */
import { interruptedExitCode, processIO } from './io.js';
import { runCli } from './program.js';

const controller = new AbortController();
for (const name of ['SIGINT', 'SIGTERM'] as const) {
  process.on(name, () => {
    if (controller.signal.aborted) process.exit(interruptedExitCode(controller.signal));
    process.stderr.write(`\nInterrupted (${name}); stopping (${name === 'SIGINT' ? 'Ctrl-C' : 'the signal'} again to quit now).\n`);
    controller.abort(name);
  });
}

const code = await runCli(process.argv.slice(2), processIO(controller.signal));
// Leave the exit to the event loop so piped stdout is flushed completely.
process.exitCode = code;
