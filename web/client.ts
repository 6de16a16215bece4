/**
 * Promise-based calls into the worker (answers matched by id), and
 * cancellation: `cancel()` asks the worker to drop every request in flight,
 * whose promises then reject with a CancelledError (not an error to show:
 * the caller has been superseded).
 */
import type { Api, Ask, Cancel, Method, Progress, Request, Response, Stop, Update } from './protocol.js';
import type { TrainSnapshot } from './compute/trainSession.js';

/** A long request that streams updates (a play): ask for the next one, stop it; `result` settles when it ends. */
export interface Stream<R> {
  result: Promise<R>;
  /** Ask for one update (send again only after it arrived: at most one is in flight). */
  ask(): void;
  /** End the stream; `result` then resolves with what changed since the last update. */
  stop(): void;
}

export class CancelledError extends Error {
  constructor(method: string) {
    super(`${method}: cancelled by a newer request`);
    this.name = 'CancelledError';
  }
}

export function isCancelled(e: unknown): boolean {
  return e instanceof CancelledError;
}

const clients = new Set<WorkerClient>();

/** Cancel the worker requests in flight (a view's newer request supersedes them; a tab switch leaves them behind). */
export function cancelRunning(): void {
  for (const c of clients) c.cancel();
}

export class WorkerClient {
  private readonly worker: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, { method: string; resolve: (v: unknown) => void; reject: (e: Error) => void; onUpdate?: (u: TrainSnapshot) => void }>();
  /** Called with a long request's progress (the page shows it). */
  onProgress: ((method: string, done: number, total: number) => void) | null = null;

  constructor() {
    this.worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
    this.worker.onmessage = (event: MessageEvent<Response | Progress | Update>) => {
      const r = event.data;
      const p = this.pending.get(r.id);
      if (!p) return;
      if ('progress' in r) {
        this.onProgress?.(p.method, r.progress.done, r.progress.total);
        return;
      }
      if ('update' in r) {
        p.onUpdate?.(r.update);
        return;
      }
      this.pending.delete(r.id);
      if (r.ok) p.resolve(r.result);
      else p.reject(r.cancelled ? new CancelledError(p.method) : new Error(r.error));
    };
    this.worker.onerror = (event) => {
      const error = new Error(`worker failed: ${event.message}`);
      for (const p of this.pending.values()) p.reject(error);
      this.pending.clear();
    };
    clients.add(this);
  }

  call<M extends Method>(method: M, payload: Api[M][0]): Promise<Api[M][1]> {
    const id = this.nextId++;
    const request: Request<M> = { id, method, payload };
    return new Promise((resolve, reject) => {
      this.pending.set(id, { method, resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage(request);
    });
  }

  /** A play: the worker runs it until stopped, and answers each ask with one update. */
  stream(method: 'trainPlay', payload: Api['trainPlay'][0], onUpdate: (u: TrainSnapshot) => void): Stream<Api['trainPlay'][1]> {
    const id = this.nextId++;
    const request: Request<'trainPlay'> = { id, method, payload };
    const result = new Promise<Api['trainPlay'][1]>((resolve, reject) => {
      this.pending.set(id, { method, resolve: resolve as (v: unknown) => void, reject, onUpdate });
      this.worker.postMessage(request);
    });
    return {
      result,
      ask: () => this.worker.postMessage({ ask: id } satisfies Ask),
      stop: () => this.worker.postMessage({ stop: id } satisfies Stop),
    };
  }

  /** Cancel every request sent so far that has not been answered. */
  cancel(): void {
    if (this.pending.size === 0) return;
    const message: Cancel = { cancel: true };
    this.worker.postMessage(message);
  }
}
