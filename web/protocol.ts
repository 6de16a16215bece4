/**
 * Messages between the page and the worker. Every request carries an id;
 * the worker answers { id, ok: true, result } or { id, ok: false, error }.
 * The request names and their payload and result types derive from the
 * worker's handler table (web/compute/index.ts).
 */
import type { HANDLERS } from './compute/index.js';

export type { TrainInit } from './compute/trainSession.js';

type Handlers = typeof HANDLERS;

/** Request name → [payload, result]. */
export type Api = { [M in keyof Handlers]: [Parameters<Handlers[M]>[0], ReturnType<Handlers[M]>] };

export type Method = keyof Api;

export interface Request<M extends Method = Method> {
  id: number;
  method: M;
  payload: Api[M][0];
}

export type Response = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };
