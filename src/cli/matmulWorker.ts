/**
 * The second thread of the parallel matmul (parallelMatmul.ts): waits on a
 * shared control word, computes its rows of C = A·B with the single-thread
 * WebAssembly kernel (so its rows are bit-identical to a one-thread product)
 * into shared memory, and signals completion. Synchronous on both sides
 * (Atomics.wait / notify), since the library's kernels are synchronous.
 */
import { receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import { gemmWasm } from '../tensor/index.js';
import { CTRL, type Buffers } from './parallelMatmulProtocol.js';

const { ctrl: ctrlBuffer, port } = workerData as { ctrl: SharedArrayBuffer; port: MessagePort };
const ctrl = new Int32Array(ctrlBuffer);
let buffers: Buffers | null = null;
let generation = -1;
let seen = 0;

ctrl[CTRL.ready] = 1;
Atomics.notify(ctrl, CTRL.ready);
for (;;) {
  Atomics.wait(ctrl, CTRL.job, seen);
  seen = Atomics.load(ctrl, CTRL.job);
  if (seen < 0) break; // shut down
  // New shared buffers are posted before the job that needs them: take them synchronously.
  while (generation !== Atomics.load(ctrl, CTRL.generation)) {
    const msg = receiveMessageOnPort(port);
    if (msg) ({ generation, buffers } = msg.message as { generation: number; buffers: Buffers });
  }
  const rows = ctrl[CTRL.rows]!;
  const K = ctrl[CTRL.k]!;
  const N = ctrl[CTRL.n]!;
  const b = buffers!;
  gemmWasm({ data: b.a, offset: 0, rs: K, cs: 1 }, { data: b.b, offset: 0, rs: N, cs: 1 }, b.c, 0, rows, K, N);
  Atomics.store(ctrl, CTRL.done, seen);
  Atomics.notify(ctrl, CTRL.done);
}
