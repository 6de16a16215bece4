#!/usr/bin/env node
/**
 * Entry point of the `ldyn` command (dist/cli/main.js). The first Ctrl-C
 * aborts the work in progress (no partial files are left: every write is
 * atomic); a second one exits at once.
 */
import { processIO } from './io.js';
import { runCli } from './program.js';

const controller = new AbortController();
process.on('SIGINT', () => {
  if (controller.signal.aborted) process.exit(130);
  process.stderr.write('\nInterrupted; stopping (Ctrl-C again to quit now).\n');
  controller.abort();
});

const code = await runCli(process.argv.slice(2), processIO(controller.signal));
// Leave the exit to the event loop so piped stdout is flushed completely.
process.exitCode = code;
