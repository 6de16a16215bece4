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
 * two requests, which the worker serves itself (it holds the session).
 */
import type { HANDLERS } from './compute/index.js';
import type { TrainConfig, TrainInit, TrainSnapshot } from './compute/trainSession.js';

export type { TrainInit } from './compute/trainSession.js';

type Handlers = typeof HANDLERS;

/** Request name → [payload, result]. */
export type Api = { [M in keyof Handlers]: [Parameters<Handlers[M]>[0], ReturnType<Handlers[M]>] } & {
  trainInit: [{ config: TrainConfig; steps: number }, TrainInit];
  trainAdvance: [{ steps: number; budgetMs: number }, TrainSnapshot];
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

export type Message = Request | Cancel;

export type Response = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string; cancelled?: boolean };

/** Sent while a long request runs (a training replay), about once a second: how far it is. */
export interface Progress {
  id: number;
  progress: { done: number; total: number };
}
