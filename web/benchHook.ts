/**
 * The page's counters for tests and benchmarks, published as
 * window.__ldynBench (declared here so that Node-side code driving the
 * page through playwright type-checks against the same shape).
 */
import type { ViewId } from './state.js';

export interface BenchHook {
  /** Frames drawn while playing or stepping. */
  frames: number;
  /** Steps taken by the views since load. */
  steps: number;
  playing: boolean;
  /** Work in flight (worker requests, view refreshes); 0 when the page has settled. */
  busy: number;
  view: ViewId;
  /** Last numbers the views reported (e.g. the training loss at full precision). */
  values: Record<string, number>;
  /** Errors reported by the views or uncaught in the page. */
  errors: string[];
}

declare global {
  interface Window {
    __ldynBench: BenchHook;
  }
}
