/**
 * Bounded work: before anything starts, a run's and a sweep's cost is
 * estimated (src/experiments/cost.ts: the experiment's measured default time
 * scaled by its config, times the number of cells), and work beyond these
 * limits is refused with exit code 2 unless `--yes` is given. A sweep beyond
 * MAX_CELLS is refused even then: its manifest lists every cell.
 */
import { estimateRunSeconds, formatDuration, PRESET_NAMES, resolveConfig, stableStringify, type AnyExperiment } from '../experiments/index.js';
import { UsageError } from './io.js';

/** One run estimated above this (seconds on one core) needs --yes. */
const RUN_SECONDS_LIMIT = 3600;
/** A sweep estimated above this much compute in total (seconds on one core) needs --yes. */
const SWEEP_SECONDS_LIMIT = 24 * 3600;
/** A sweep with more cells than this needs --yes. */
const SWEEP_CELLS_LIMIT = 100_000;
/** No sweep may have more cells than this (split it into several sweeps or shards of smaller grids). */
const MAX_CELLS = 1_000_000;

/**
 * Refuse a run whose estimated time exceeds RUN_SECONDS_LIMIT, unless `yes`
 * or the config is exactly one of the experiment's shipped presets (those are
 * measured by `npm run check:presets` and documented in BENCHMARKS.md).
 */
export function checkRunCost(experiment: AnyExperiment, config: Record<string, unknown>, yes: boolean): void {
  const seconds = estimateRunSeconds(experiment, config);
  if (seconds === undefined || seconds <= RUN_SECONDS_LIMIT || yes) return;
  const text = stableStringify(config);
  if (PRESET_NAMES.some((preset) => stableStringify(resolveConfig(experiment, { preset })) === text)) return;
  throw new UsageError(
    `run ${experiment.id}: this config is estimated at ${formatDuration(seconds)} of compute, above the limit of ${formatDuration(RUN_SECONDS_LIMIT)}; add --yes to run it anyway.`,
  );
}

export interface SweepEstimate {
  cells: number;
  /** Total estimated compute in seconds on one core (undefined: the experiment states no cost model). */
  seconds: number | undefined;
}

/** Refuse a sweep beyond the cell or time limits unless `yes`, and beyond MAX_CELLS always. */
export function checkSweepCost(experimentId: string, estimate: SweepEstimate, yes: boolean): void {
  const { cells, seconds } = estimate;
  const what = `sweep ${experimentId}: ${cells.toLocaleString('en-US')} cells${seconds === undefined ? '' : `, estimated at ${formatDuration(seconds)} of compute`}`;
  if (cells > MAX_CELLS) {
    throw new UsageError(`${what}, more than the ${MAX_CELLS.toLocaleString('en-US')} cells one sweep may have; use fewer grid values or seeds (or several sweeps).`);
  }
  if (yes) return;
  if (cells > SWEEP_CELLS_LIMIT || (seconds !== undefined && seconds > SWEEP_SECONDS_LIMIT)) {
    throw new UsageError(
      `${what}, above the limits of ${SWEEP_CELLS_LIMIT.toLocaleString('en-US')} cells and ${formatDuration(SWEEP_SECONDS_LIMIT)} of compute; add --yes to run it anyway.`,
    );
  }
}
