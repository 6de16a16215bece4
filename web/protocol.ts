/**
 * Messages between the page and the worker. Every request carries an id;
 * the worker answers { id, ok: true, result } or { id, ok: false, error }
 * (with `cancelled: true` when the request was cancelled). The worker runs
 * requests one at a time, in order; a `{ cancel: true }` message cancels
 * every request received before it that has not finished: queued ones never
 * start, a running long task (a training replay) stops at its next check.
 * A long task also reports its progress ({ id, progress }) as it goes.
 */
import type { Curvature, LandscapeParams, LandscapeResult, SurfaceGrid } from './compute/landscapeRun.js';
import type { FlowParams, FlowResult } from './compute/flowRun.js';
import type { HopfieldParams, HopfieldResult, RingParams, RingResult } from './compute/neuroRun.js';
import type { StabilityParams, StabilityResult } from './compute/stabilityRun.js';
import type { TrainConfig, TrainSnapshot } from './compute/trainSession.js';

export interface TrainInit {
  points: { x: Float64Array; y: Float64Array; classes: number };
  snapshot: TrainSnapshot;
  /** Parameter count of the network. */
  params: number;
}

/** Request name → [payload, result]. */
export interface Api {
  grid: [{ surface: string }, SurfaceGrid];
  landscape: [LandscapeParams, LandscapeResult];
  curvature: [{ surface: string; x: number; y: number }, Curvature];
  stability: [StabilityParams, StabilityResult];
  trainInit: [{ config: TrainConfig; steps: number }, TrainInit];
  trainAdvance: [{ steps: number; budgetMs: number }, TrainSnapshot];
  flow: [FlowParams, FlowResult];
  ring: [RingParams, RingResult];
  hopfield: [HopfieldParams, HopfieldResult];
}

export type Method = keyof Api;

export interface Request<M extends Method = Method> {
  id: number;
  method: M;
  payload: Api[M][0];
}

/** Cancel every request sent before this message (a newer request supersedes them). */
export interface Cancel {
  cancel: true;
}

export type Message = Request | Cancel;

export type Response = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string; cancelled?: boolean };

/** Sent while a long request runs (a training replay), about once a second: how far it is. */
export interface Progress {
  id: number;
  progress: { done: number; total: number };
}
