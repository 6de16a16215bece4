/**
 * The explorer's worker: all of the library's computation runs here, so
 * the page stays responsive while a network trains or an ODE integrates.
 */
import { curvatureAt, landscapeRuns, surfaceGrid } from './compute/landscapeRun.js';
import { flowComparison } from './compute/flowRun.js';
import { hopfieldRun, ringAttractor } from './compute/neuroRun.js';
import { stabilityAnalysis } from './compute/stabilityRun.js';
import { TrainSession } from './compute/trainSession.js';
import type { Api, Method, Request, Response } from './protocol.js';
import { setKernelSlabBytes } from '../src/tensor/index.js';

// Chromium's fixed cost per ArrayBuffer is 25–100 µs (Node's ≈ 2 µs): carve kernel results from 1 MB slabs. This
// worker keeps few tensors alive (the model's parameters own their buffers), so the larger slabs cost little memory.
setKernelSlabBytes(1 << 20);

let session: TrainSession | null = null;

const handlers: { [M in Method]: (payload: Api[M][0]) => Api[M][1] } = {
  grid: ({ surface }) => surfaceGrid(surface),
  landscape: (p) => landscapeRuns(p),
  curvature: ({ surface, x, y }) => curvatureAt(surface, x, y),
  stability: (p) => stabilityAnalysis(p),
  trainInit: ({ config, steps }) => {
    session = new TrainSession(config);
    // Replay the steps a shared URL reached (deterministic: full-batch training from the seed).
    const snapshot = session.advance(steps);
    const params = session.run.model.parameters().reduce((s, p) => s + p.size, 0);
    return { points: session.points, snapshot, params };
  },
  trainAdvance: ({ steps, budgetMs }) => {
    if (!session) throw new Error('trainAdvance: no training run (send trainInit first)');
    return session.advance(steps, budgetMs);
  },
  flow: (p) => flowComparison(p),
  ring: (p) => ringAttractor(p),
  hopfield: (p) => hopfieldRun(p),
};

self.onmessage = (event: MessageEvent<Request>) => {
  const { id, method, payload } = event.data;
  let response: Response;
  try {
    const handler = handlers[method] as (p: unknown) => unknown;
    if (!handler) throw new Error(`worker: unknown method '${String(method)}'`);
    response = { id, ok: true, result: handler(payload) };
  } catch (e) {
    response = { id, ok: false, error: e instanceof Error ? e.message : String(e) };
  }
  (self as unknown as Worker).postMessage(response);
};
