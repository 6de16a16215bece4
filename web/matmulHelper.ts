/**
 * The explorer's second matmul thread: a Web Worker started by the compute
 * worker (web/compute/parallelMatmul.ts) when the page is cross-origin
 * isolated. It receives the shared kernel memory and control words, then
 * serves the helper's side of the two-thread kernel
 * (src/tensor/wasm/parallelGemm.ts), blocking in Atomics.wait between products.
 */
import { serveGemmHelper, type GemmShared } from '../src/tensor/index.js';

self.onmessage = (event: MessageEvent<GemmShared>) => {
  self.onmessage = null;
  serveGemmHelper(event.data);
};
