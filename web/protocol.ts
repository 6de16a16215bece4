/**
 * Messages between the page and the worker. Every request carries an id;
 * the worker answers { id, ok: true, result } or { id, ok: false, error }
 * (with `cancelled: true` when the request was cancelled). The worker runs
 * requests one at a time, in order; a `{ cancel: true }` message cancels
 * every request received before it that has not finished: queued ones never
 * start, a running long task (a training replay) stops at its next check.
 * A long task also reports its progress ({ id, progress }) as it goes.
 * The request names and their payload and result types derive from the
 * views' handler table (web/compute/index.ts), plus the training session's
 * requests, which the worker serves itself (it holds the session).
 *
 * Playing (trainPlay) is one long request: the worker trains in slices of a
 * few milliseconds for as long as it runs, and the page asks for an update
 * once per animation frame ({ ask: id }); after the slice in progress the
 * worker answers with one { id, update } (what changed since the previous
 * update; its arrays transferred, not copied), so at most one update is ever
 * in flight and messages never pile up, whatever the frame rate. The play
 * ends with its final update as the result when the page sends { stop: id },
 * when any newer request arrives (it supersedes the play), or when the run
 * stops (diverged); a cancel ends it as cancelled.
 */
import type { HANDLERS } from './compute/index.js';
import type { TrainConfig, TrainInit, TrainSnapshot } from './compute/trainSession.js';

export type { TrainInit } from './compute/trainSession.js';

type Handlers = typeof HANDLERS;

/** Request name → [payload, result]. */
export type Api = { [M in keyof Handlers]: [Parameters<Handlers[M]>[0], ReturnType<Handlers[M]>] } & {
  trainInit: [{ config: TrainConfig; steps: number }, TrainInit];
  trainAdvance: [{ steps: number; budgetMs: number }, TrainSnapshot];
  trainPlay: [Record<string, never>, TrainSnapshot];
};

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

/** The page drew the last update: send the next one after the slice in progress (a play's frame request). */
export interface Ask {
  ask: number;
}

/** End a play: the worker answers it with what changed since its last update. */
export interface Stop {
  stop: number;
}

export type Message = Request | Cancel | Ask | Stop;

export type Response = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string; cancelled?: boolean };

/** A play's update, answering one Ask. */
export interface Update {
  id: number;
  update: TrainSnapshot;
}

/** Sent while a long request runs (a training replay), about once a second: how far it is. */
export interface Progress {
  id: number;
  progress: { done: number; total: number };
}
