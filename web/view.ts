/** What the app shell needs from a view, and a helper that coalesces recomputations. */
import { cancelRunning, isCancelled, type WorkerClient } from './client.js';
import type { Host } from './controls.js';
import type { ViewId } from './state.js';

export interface ViewContext {
  host: Host;
  client: WorkerClient;
}

export interface View {
  id: ViewId;
  title: string;
  element: HTMLElement;
  /** Recompute from the state (on activation, after a control change, a reset or a new seed). */
  refresh(): Promise<void>;
  /** Advance up to n steps; false once the run cannot go further (end of a precomputed run). */
  step(n: number): Promise<boolean>;
  /** Steps per animation frame while playing (views without `play`). */
  stepsPerFrame: number;
  /**
   * Play continuously (optional): the computation runs on by itself and the
   * view draws its latest state once per animation frame (calling `drew`
   * after each redraw) until `running()` turns false or the run ends;
   * resolves with false once the run cannot go further.
   */
  play?(running: () => boolean, drew: () => void): Promise<boolean>;
  /** Redraw from the data held (e.g. after a resize). */
  draw(): void;
  /** Re-read the controls from the state. */
  sync(): void;
  /** The run's numbers as a table (the CSV export); absent when the view has none yet. */
  series?(): SeriesTable | null;
}

/** A table of numbers: one row per sample (e.g. per step). */
export interface SeriesTable {
  name: string;
  columns: string[];
  rows: (number | string)[][];
}

/**
 * Runs `task` so that at most one is in flight; calls arriving meanwhile
 * collapse into one more run afterwards (sliders fire many input events),
 * and cancel the worker requests of the run in flight, which the newer run
 * supersedes (a long training replay stops instead of finishing first).
 * A cancelled run is not an error. The returned promise rejects with the
 * last run's error (after `onError`), so that the page keeps it visible.
 */
export function coalesce(task: () => Promise<void>, onError: (e: unknown) => void): () => Promise<void> {
  let running: Promise<void> | null = null;
  let again = false;
  const run = async (): Promise<void> => {
    if (running) {
      again = true;
      cancelRunning();
      return running;
    }
    running = (async () => {
      let failure: unknown = null;
      do {
        again = false;
        failure = null;
        try {
          await task();
        } catch (e) {
          if (isCancelled(e)) {
            if (!again) throw e; // cancelled from outside (a tab switch): the caller was left behind
            continue;
          }
          onError(e);
          failure = e;
        }
      } while (again);
      if (failure !== null) throw failure;
    })();
    try {
      await running;
    } finally {
      running = null;
    }
  };
  return run;
}
