/**
 * Every catalog experiment, at its quick preset: the same config and seed
 * give a byte-identical result.json (no wall-clock timings or other
 * run-to-run noise in metrics, series, figures, findings or sections), and a
 * cancelled run stops inside its computation with `Cancelled`.
 */
import { describe, expect, it } from 'vitest';
import { jsonReplacer } from '../../src/cli/fsAtomic.js';
import { catalog, Cancelled, resolveConfig, runExperiment } from '../../src/experiments/index.js';

/** result.json's text, as the CLI writes it. */
const resultJson = (value: unknown): string => JSON.stringify(value, jsonReplacer, 2);

/**
 * A signal that reports "aborted" from its `after`-th read on. The runner reads
 * it once before `run` and once after; every ctx.checkpoint() reads it once.
 */
function abortOnRead(after: number): { signal: AbortSignal; reads: () => number } {
  const inner = new AbortController().signal;
  let reads = 0;
  const signal = new Proxy(inner, {
    get(target, key) {
      if (key === 'aborted') return ++reads >= after;
      const value = Reflect.get(target, key, target) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { signal, reads: () => reads };
}

describe('every experiment at its quick preset', () => {
  for (const experiment of catalog) {
    it(`${experiment.id}: the same config and seed give a byte-identical result.json`, async () => {
      const config = resolveConfig(experiment, { preset: 'quick' });
      const a = resultJson(await runExperiment(experiment, config, { seed: 3 }));
      const b = resultJson(await runExperiment(experiment, config, { seed: 3 }));
      expect(b === a).toBe(true);
    }, 600_000);

    it(`${experiment.id}: checks for cancellation inside its computation and stops with Cancelled`, async () => {
      const config = resolveConfig(experiment, { preset: 'quick' });
      // The 20th read happens only if the experiment itself checks at least 19 times (the runner reads once before run).
      const { signal, reads } = abortOnRead(20);
      await expect(runExperiment(experiment, config, { seed: 0, signal })).rejects.toThrow(Cancelled);
      expect(reads()).toBe(20);
    }, 600_000);
  }
});
