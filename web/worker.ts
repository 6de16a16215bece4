/**
 * The explorer's worker: all of the library's computation runs here, so
 * the page stays responsive while a network trains or an ODE integrates.
 *
 * Requests run one at a time, in the order they came. A cancel message
 * (see protocol.ts) marks every request received before it: a queued one is
 * answered "cancelled" without running, and the one long task, a training
 * replay, works in slices of ≈ 30 ms and yields to the event loop between
 * them, so that a cancel arriving meanwhile stops it within a slice.
 */
import { HANDLERS } from './compute/index.js';
import { TrainSession, type TrainSnapshot } from './compute/trainSession.js';
import type { Api, Message, Method, Progress, Response } from './protocol.js';
import { setKernelSlabBytes } from '../src/tensor/index.js';

// Chromium's fixed cost per ArrayBuffer is 25–100 µs (Node's ≈ 2 µs): carve kernel results from 1 MB slabs. This
// worker keeps few tensors alive (the model's parameters own their buffers), so the larger slabs cost little memory.
setKernelSlabBytes(1 << 20);

/** Work between two cancellation checks of a replay, and between two progress reports. */
const SLICE_MS = 30;
const PROGRESS_MS = 1000;

interface Signal {
  /** The request's id (progress reports name it). */
  id: number;
  cancelled: boolean;
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
  let snap = s.advance(steps, SLICE_MS);
  const losses = snap.newLosses;
  const sharpness = snap.newSharpness;
  const norms = snap.newLayerGradNorms;
  const evals = snap.newEvalLosses;
  while (s.step < steps && !snap.stopped) {
    if (performance.now() - reported > PROGRESS_MS) {
      reported = performance.now();
      const message: Progress = { id: signal.id, progress: { done: s.step, total: steps } };
      (self as unknown as Worker).postMessage(message);
    }
    await yieldToEvents();
    if (signal.cancelled) throw new Cancelled();
    snap = s.advance(steps - s.step, SLICE_MS);
    losses.push(...snap.newLosses);
    sharpness.push(...snap.newSharpness);
    norms.push(...snap.newLayerGradNorms);
    evals.push(...snap.newEvalLosses);
  }
  return { ...snap, newLosses: losses, newSharpness: sharpness, newLayerGradNorms: norms, newEvalLosses: evals };
}

const handlers: { [M in Method]: (payload: Api[M][0], signal: Signal) => Api[M][1] | Promise<Api[M][1]> } = {
  // The views' requests (web/compute/index.ts), then the training session's.
  ...HANDLERS,
  trainInit: async ({ config, steps }, signal) => {
    const s = new TrainSession(config);
    // Replay the steps a shared URL reached (deterministic: full-batch training from the seed). The session replaces
    // the previous one only once complete, so a cancelled replay leaves the page's run and the worker's in step.
    const snapshot = await replay(s, steps, signal);
    session = s;
    const params = s.run.model.parameters().reduce((n, p) => n + p.size, 0);
    return { points: s.points, snapshot, params };
  },
  trainAdvance: ({ steps, budgetMs }) => {
    if (!session) throw new Error('trainAdvance: no training run (send trainInit first)');
    return session.advance(steps, budgetMs);
  },
};

/** Requests received and not yet answered, each with its cancellation flag. */
const unanswered = new Set<Signal>();
let queue: Promise<void> = Promise.resolve();

async function handle({ id, method, payload }: { id: number; method: Method; payload: unknown }, signal: Signal): Promise<void> {
  let response: Response;
  try {
    if (signal.cancelled) throw new Cancelled();
    if (!Object.hasOwn(handlers, method)) throw new Error(`worker: unknown method '${String(method)}'`);
    const handler = handlers[method] as (p: unknown, s: Signal) => unknown;
    response = { id, ok: true, result: await handler(payload, signal) };
  } catch (e) {
    response = e instanceof Cancelled ? { id, ok: false, error: 'cancelled', cancelled: true } : { id, ok: false, error: e instanceof Error ? e.message : String(e) };
  } finally {
    unanswered.delete(signal);
  }
  (self as unknown as Worker).postMessage(response);
}

self.onmessage = (event: MessageEvent<Message>) => {
  const message = event.data;
  if ('cancel' in message) {
    for (const s of unanswered) s.cancelled = true;
    return;
  }
  const signal: Signal = { id: message.id, cancelled: false };
  unanswered.add(signal);
  queue = queue.then(() => handle(message, signal));
};
