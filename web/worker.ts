/**
 * The explorer's worker: all of the library's computation runs here, so
 * the page stays responsive while a network trains or an ODE integrates.
 *
 * Requests run one at a time, in the order they came. A cancel message
 * (see protocol.ts) marks every request received before it: a queued one is
 * answered "cancelled" without running, and the one long task, a training
 * replay, works in slices of ≈ 30 ms and yields to the event loop between
 * them, so that a cancel arriving meanwhile stops it within a slice.
 * Playing (trainPlay, see protocol.ts) trains continuously in slices of a
 * few milliseconds and posts an update only when the page asks for one (once
 * per animation frame), with the snapshot's arrays transferred.
 *
 * The sharpness (every k steps) is measured on a second worker
 * (compute/sharpnessClient.ts) while this one trains on; an update carries
 * the values known by then, in step order, and every final answer (a step,
 * a replay, a paused play) waits for all of them, so that it holds exactly
 * what measuring inline would have given.
 */
import { HANDLERS } from './compute/index.js';
import { installWorkerParallelMatmul } from './compute/parallelMatmul.js';
import { SharpnessHelper } from './compute/sharpnessClient.js';
import { PLAY_GRID, TrainSession, snapshotBuffers, type TrainConfig, type TrainSnapshot } from './compute/trainSession.js';
import type { Api, Message, Method, Progress, Response, Update } from './protocol.js';
import { setKernelSlabBytes } from '../src/tensor/index.js';

// Chromium's fixed cost per ArrayBuffer is 25–100 µs (Node's ≈ 2 µs): carve kernel results from 1 MB slabs. This
// worker keeps few tensors alive (the model's parameters own their buffers), so the larger slabs cost little memory.
setKernelSlabBytes(1 << 20);
// Both cores for large products when the page is cross-origin isolated (one thread otherwise).
void installWorkerParallelMatmul();
/** The sharpness thread, started once with the first session that measures sharpness. */
let sharpnessHelper: SharpnessHelper | null | undefined;
function newSession(config: TrainConfig): TrainSession {
  if (config.sharpnessEvery > 0) sharpnessHelper ??= SharpnessHelper.start();
  return new TrainSession(config, config.sharpnessEvery > 0 ? (sharpnessHelper?.open(config) ?? null) : null);
}

/** Work between two cancellation checks of a replay, and between two progress reports. */
const SLICE_MS = 30;
const PROGRESS_MS = 1000;
/**
 * A play's slice: short against a 16.7 ms frame, so that an ask is answered
 * within about a third of a frame, and long against the event-loop round trip
 * between slices (tens of µs), which is the only time the worker does not train.
 */
const PLAY_SLICE_MS = 5;

interface Signal {
  /** The request's id (progress reports name it). */
  id: number;
  cancelled: boolean;
  /** A play: the page asked for an update; the play is to end (stop message or a newer request). */
  asked: boolean;
  stop: boolean;
  /** A play ended by a newer request (which may start a new run): its answer does not wait for the sharpness thread. */
  superseded: boolean;
}

class Cancelled extends Error {}

let session: TrainSession | null = null;

/** Let queued messages (a cancel) be handled: a MessageChannel round trip, without setTimeout's 4 ms clamp. */
const channel = new MessageChannel();
const waiting: (() => void)[] = [];
channel.port1.onmessage = () => waiting.shift()?.();
function yieldToEvents(): Promise<void> {
  return new Promise((resolve) => {
    waiting.push(resolve);
    channel.port2.postMessage(null);
  });
}

/** Replay `steps` steps of a new session in slices, checking for cancellation between slices and reporting progress. */
async function replay(s: TrainSession, steps: number, signal: Signal): Promise<TrainSnapshot> {
  let reported = performance.now();
  s.train(steps, SLICE_MS);
  while (s.step < steps && !s.stopped) {
    if (performance.now() - reported > PROGRESS_MS) {
      reported = performance.now();
      const message: Progress = { id: signal.id, progress: { done: s.step, total: steps } };
      post(message);
    }
    await yieldToEvents();
    if (signal.cancelled) throw new Cancelled();
    s.train(steps - s.step, SLICE_MS);
  }
  await s.settled();
  return s.snapshot();
}

/** Train until the play ends, answering each ask with one update after the slice in progress. */
async function play(s: TrainSession, signal: Signal): Promise<TrainSnapshot> {
  while (!signal.stop && !s.stopped) {
    s.train(Infinity, PLAY_SLICE_MS, false);
    if (signal.asked) {
      signal.asked = false;
      const update = s.snapshot(PLAY_GRID);
      const message: Update = { id: signal.id, update };
      post(message, snapshotBuffers(update));
    }
    await yieldToEvents();
    if (signal.cancelled) throw new Cancelled();
  }
  // A pause shows every measurement up to its step; superseded, the measurements still on the helper are the next
  // answer's (a Step) or dropped with the session (a new run).
  if (!signal.superseded) await s.settled();
  return s.snapshot();
}

function post(message: unknown, transfer: Transferable[] = []): void {
  (self as unknown as Worker).postMessage(message, transfer);
}

const handlers: { [M in Method]: (payload: Api[M][0], signal: Signal) => Api[M][1] | Promise<Api[M][1]> } = {
  // The views' requests (web/compute/index.ts), then the training session's.
  ...HANDLERS,
  trainInit: async ({ config, steps }, signal) => {
    const s = newSession(config);
    // Replay the steps a shared URL reached (deterministic: full-batch training from the seed). The session replaces
    // the previous one only once complete, so a cancelled replay leaves the page's run and the worker's in step.
    let snapshot: TrainSnapshot;
    try {
      snapshot = await replay(s, steps, signal);
    } catch (e) {
      s.close();
      throw e;
    }
    session?.close();
    session = s;
    const params = s.run.model.parameters().reduce((n, p) => n + p.size, 0);
    return { points: s.points, snapshot, params };
  },
  trainAdvance: async ({ steps, budgetMs }) => {
    if (!session) throw new Error('trainAdvance: no training run (send trainInit first)');
    const s = session;
    s.train(steps, budgetMs);
    await s.settled();
    return s.snapshot();
  },
  trainPlay: (_payload, signal) => {
    if (!session) throw new Error('trainPlay: no training run (send trainInit first)');
    return play(session, signal);
  },
};

/** Requests received and not yet answered, each with its cancellation flag. */
const unanswered = new Set<Signal>();
let queue: Promise<void> = Promise.resolve();

async function handle({ id, method, payload }: { id: number; method: Method; payload: unknown }, signal: Signal): Promise<void> {
  let response: Response;
  let transfer: ArrayBuffer[] = [];
  try {
    if (signal.cancelled) throw new Cancelled();
    if (!Object.hasOwn(handlers, method)) throw new Error(`worker: unknown method '${String(method)}'`);
    const handler = handlers[method] as (p: unknown, s: Signal) => unknown;
    const result = await handler(payload, signal);
    // A training snapshot's arrays are the worker's to give away: transfer them.
    if (method === 'trainInit') transfer = snapshotBuffers((result as Api['trainInit'][1]).snapshot);
    else if (method === 'trainAdvance' || method === 'trainPlay') transfer = snapshotBuffers(result as TrainSnapshot);
    response = { id, ok: true, result };
  } catch (e) {
    response = e instanceof Cancelled ? { id, ok: false, error: 'cancelled', cancelled: true } : { id, ok: false, error: e instanceof Error ? e.message : String(e) };
  } finally {
    unanswered.delete(signal);
  }
  post(response, transfer);
}

self.onmessage = (event: MessageEvent<Message>) => {
  const message = event.data;
  if ('cancel' in message) {
    for (const s of unanswered) s.cancelled = true;
    return;
  }
  if ('ask' in message || 'stop' in message) {
    const id = 'ask' in message ? message.ask : message.stop;
    for (const s of unanswered) if (s.id === id) s['ask' in message ? 'asked' : 'stop'] = true;
    return;
  }
  // A newer request supersedes a play in progress (it ends, answered with its last update).
  for (const s of unanswered) [s.stop, s.superseded] = [true, true];
  const signal: Signal = { id: message.id, cancelled: false, asked: false, stop: false, superseded: false };
  unanswered.add(signal);
  queue = queue.then(() => handle(message, signal));
};
