/**
 * Runs compute in worker threads, and structured cloning keeps only an
 * error's message and stack: errors cross back with their class and their
 * file-system fields, so a full disk in a worker is reported exactly as in
 * this thread.
 */
import { describe, expect, it } from 'vitest';
import { Cancelled } from '../../src/experiments/index.js';
import { UsageError } from '../../src/cli/io.js';
import { failureMessage } from '../../src/cli/program.js';
import { reviveError, serializeError } from '../../src/cli/sweepWorker.js';

describe('errors from worker threads', () => {
  it('an ENOSPC error keeps code, syscall and path, so its one-line message is the same', () => {
    const err = Object.assign(new Error("ENOSPC: no space left on device, open '/x/result.json'"), { code: 'ENOSPC', errno: -28, syscall: 'open', path: '/x/result.json' });
    const back = reviveError(structuredClone(serializeError(err)));
    expect(failureMessage(back)).toBe(failureMessage(err));
    expect(failureMessage(back)).toBe('cannot open /x/result.json: the disk is full (ENOSPC).');
  });

  it('Cancelled and UsageError keep their class (exit 130 and 2 depend on it)', () => {
    expect(reviveError(serializeError(new Cancelled('xor')))).toBeInstanceOf(Cancelled);
    const usage = reviveError(serializeError(new UsageError('bad --out')));
    expect(usage).toBeInstanceOf(UsageError);
    expect(usage.message).toBe('bad --out');
  });
});
