/**
 * The second thread of the parallel matmul (parallelMatmul.ts): serves the
 * helper's side of the isomorphic protocol (src/tensor/wasm/parallelGemm.ts)
 * on the shared kernel memory and control words it was started with, until
 * stopped.
 */
import { workerData } from 'node:worker_threads';
import { serveGemmHelper, type GemmShared } from '../tensor/index.js';

serveGemmHelper(workerData as GemmShared);
