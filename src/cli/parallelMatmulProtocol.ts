/** The shared control words and buffers of the parallel matmul (parallelMatmul.ts ↔ matmulWorker.ts). */
export const CTRL = { job: 0, done: 1, rows: 2, k: 3, n: 4, generation: 5, ready: 6, length: 8 } as const;

/** The worker's operands: its rows of A (rows×K), all of B (K×N), its rows of C (rows×N), over SharedArrayBuffers. */
export interface Buffers {
  a: Float64Array;
  b: Float64Array;
  c: Float64Array;
}
