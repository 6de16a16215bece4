/**
 * The explorer's worker: all of the library's computation runs here, so
 * the page stays responsive while a network trains or an ODE integrates.
 * Requests are the handlers of web/compute/index.ts.
 */
import { HANDLERS } from './compute/index.js';
import type { Request, Response } from './protocol.js';
import { setKernelSlabBytes } from '../src/tensor/index.js';

// Chromium's fixed cost per ArrayBuffer is 25–100 µs (Node's ≈ 2 µs): carve kernel results from 1 MB slabs. This
// worker keeps few tensors alive (the model's parameters own their buffers), so the larger slabs cost little memory.
setKernelSlabBytes(1 << 20);

self.onmessage = (event: MessageEvent<Request>) => {
  const { id, method, payload } = event.data;
  let response: Response;
  try {
    const handler = (HANDLERS as Record<string, ((p: unknown) => unknown) | undefined>)[method];
    if (!Object.hasOwn(HANDLERS, method) || !handler) throw new Error(`worker: unknown method '${String(method)}'`);
    response = { id, ok: true, result: handler(payload) };
  } catch (e) {
    response = { id, ok: false, error: e instanceof Error ? e.message : String(e) };
  }
  (self as unknown as Worker).postMessage(response);
};
