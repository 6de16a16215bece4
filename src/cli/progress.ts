/**
 * Progress on stderr: a cli-progress bar when stderr is a terminal, plain
 * lines (one per tenth of the work, plus message changes) otherwise. stdout
 * is never used, so `--json` output stays clean.
 */
import cliProgress from 'cli-progress';
import type { OutputStream } from './io.js';

export interface Progress {
  update(fraction: number, message?: string): void;
  stop(): void;
}

export function createProgress(stream: OutputStream, label: string): Progress {
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        stream: stream as NodeJS.WritableStream,
        format: `${label} [{bar}] {percentage}% {message}`,
        hideCursor: true,
        clearOnComplete: false,
        barsize: 30,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(1000, 0, { message: '' });
    return {
      update(fraction, message) {
        bar.update(Math.round(fraction * 1000), { message: message ?? '' });
      },
      stop() {
        bar.stop();
      },
    };
  }
  let lastTenth = -1;
  return {
    update(fraction, message) {
      const tenth = Math.floor(fraction * 10 + 1e-9);
      if (tenth <= lastTenth) return;
      lastTenth = tenth;
      stream.write(`${label} ${Math.round(fraction * 100)}%${message ? ` ${message}` : ''}\n`);
    },
    stop() {},
  };
}
