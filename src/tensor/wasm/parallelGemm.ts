/**
 * One product on two threads, isomorphic: the calling thread and a helper
 * (a Node worker thread, or a Web Worker in a cross-origin isolated page)
 * each hold an instance of the WebAssembly kernel on one shared memory. The
 * caller copies A and B into that memory once — the same copy the
 * one-thread kernel makes into its own memory, so sharing costs no extra
 * copy — then both threads take chunks of C's rows (4·c rows each) from a
 * shared counter until none is left, and the caller copies C out.
 *
 * Bit-identity: a chunk is rows [r0, r1) of the same kernel on the same
 * packed operands, and every element of C is the same sequence of IEEE
 * operations (ascending k, separate multiply and add) whichever thread
 * computes it, so the product equals the one-thread product bit for bit.
 *
 * Taking chunks from a counter, rather than handing each thread a fixed
 * half, means a helper that wakes late (a loaded machine) only takes fewer
 * chunks: the caller never waits for work that it could have done itself,
 * only for chunks already taken. The helper is woken (Atomics.notify) before
 * the caller starts copying, so the wake-up overlaps the copy, and it spins
 * briefly after each product before sleeping, since products in a training
 * step come in quick succession.
 *
 * The caller copies B, then A chunk by chunk: the job opens once B and the
 * first chunk's rows of A are in place, and PACKED counts the chunks whose
 * rows of A are, so the helper computes while the caller copies the rest of A
 * (a chunk taken before its rows are copied waits for PACKED, which the caller
 * raises within microseconds).
 *
 * The control words (an Int32Array over a SharedArrayBuffer): JOB counts
 * products (-1 stops the helper); NEXT is CLOSED or (tag << 8 | next chunk)
 * with tag = JOB mod 2^23, so a helper still holding an old job can never
 * take a chunk of a new one (its compare-exchange fails); the parameters are
 * written before NEXT opens and not again before it closes.
 */
import { gemmLayout, gemmRows, heapFor, packA, packB, sharedGemmKernel, unpackResult, SHARED_MAX_PAGES, type GemmKernel, type KernelMemory, type Panel } from './gemm.js';

const JOB = 0;
const NEXT = 1;
const DONE = 2;
const READY = 3;
const CHUNKS = 4;
const CHUNK_ROWS = 5;
const M4 = 6;
const K = 7;
const N4 = 8;
/** How many chunks have their rows of A packed (the caller opens the job after B and chunk 0's rows of A). */
const PACKED = 9;
const CTRL_WORDS = 12;
const CLOSED = -1;
/** At most this many chunks per product (the chunk index has 8 bits of NEXT). */
const MAX_CHUNKS = 255;

/** What the two threads share: the kernel's memory and the control words. Both can be posted to a worker. */
export interface GemmShared {
  memory: KernelMemory;
  ctrl: SharedArrayBuffer;
}

export function createGemmShared(memory: KernelMemory): GemmShared {
  const ctrl = new SharedArrayBuffer(CTRL_WORDS * 4);
  Atomics.store(new Int32Array(ctrl), NEXT, CLOSED);
  return { memory, ctrl };
}

/** Whether the helper has started (it sets the flag once its kernel is instantiated). */
export function gemmHelperReady(shared: GemmShared): boolean {
  return Atomics.load(new Int32Array(shared.ctrl), READY) === 1;
}

/** Ask the helper to return from `serveGemmHelper`. */
export function stopGemmHelper(shared: GemmShared): void {
  const ctrl = new Int32Array(shared.ctrl);
  Atomics.store(ctrl, JOB, -1);
  Atomics.notify(ctrl, JOB);
}

const tagOf = (job: number) => job & 0x7fffff;

/** Busy-wait budget before sleeping on a futex: about a wake-up's cost, short against a product worth sharing. */
const SPIN_MS = 0.1;

/**
 * Take chunks of the job tagged `tag` until none is left (or the job closed); returns how many this thread did,
 * and marks them in `mine` when given. The parameters are read after NEXT showed the tag and before the
 * compare-exchange that succeeds only while NEXT still holds it, so they are that job's parameters.
 */
function takeChunks(ctrl: Int32Array, tag: number, kern: GemmKernel, state: { heap?: Float64Array }, mine?: Uint8Array): number {
  let done = 0;
  for (;;) {
    const v = Atomics.load(ctrl, NEXT);
    if (v === CLOSED || v >>> 8 !== tag) return done;
    const chunk = v & 0xff;
    const chunks = ctrl[CHUNKS]!;
    if (chunk >= chunks) return done;
    const rows = ctrl[CHUNK_ROWS]!;
    const m4 = ctrl[M4]!;
    const k = ctrl[K]!;
    const n4 = ctrl[N4]!;
    if (Atomics.compareExchange(ctrl, NEXT, v, v + 1) !== v) continue;
    // The chunk is this job's, so PACKED is too (the caller reset it before opening the job): wait for its rows of A.
    let p: number;
    while ((p = Atomics.load(ctrl, PACKED)) <= chunk) Atomics.wait(ctrl, PACKED, p, 1);
    // The helper's view of a grown shared memory: `buffer` then returns a longer SharedArrayBuffer.
    const L = gemmLayout(m4, k, n4);
    state.heap = heapFor(kern.memory, 0, state.heap);
    gemmRows(kern, state.heap, L, chunk * rows, Math.min(m4, (chunk + 1) * rows));
    if (mine !== undefined) mine[chunk] = 1;
    done++;
    if (Atomics.add(ctrl, DONE, 1) + 1 === chunks) Atomics.notify(ctrl, DONE);
  }
}

/**
 * The helper's loop (runs until `stopGemmHelper`): sleep until a product is announced, take chunks of it, spin
 * briefly for the next. Blocks its thread (Atomics.wait), so it runs in a worker made for it.
 */
export function serveGemmHelper(shared: GemmShared): void {
  const ctrl = new Int32Array(shared.ctrl);
  const kern = sharedGemmKernel(shared.memory);
  if (kern === null) throw new Error('serveGemmHelper: the shared WebAssembly kernel is unavailable');
  const state: { heap?: Float64Array } = {};
  let seen = Atomics.load(ctrl, JOB);
  Atomics.store(ctrl, READY, 1);
  Atomics.notify(ctrl, READY);
  for (;;) {
    let job = Atomics.load(ctrl, JOB);
    if (job === seen) {
      const until = performance.now() + SPIN_MS;
      while ((job = Atomics.load(ctrl, JOB)) === seen && performance.now() < until);
      if (job === seen) {
        Atomics.wait(ctrl, JOB, seen);
        continue;
      }
    }
    if (job < 0) return;
    seen = job;
    // The caller announces the job before copying the operands and opens NEXT after: wait for it (or a newer job),
    // spinning briefly, then asleep (a long copy is not to be spun through: on a loaded machine, spinning takes
    // CPU time from the caller's copy).
    const tag = tagOf(job);
    const until = performance.now() + SPIN_MS;
    for (;;) {
      const v = Atomics.load(ctrl, NEXT);
      if (v !== CLOSED && v >>> 8 === tag) break;
      if (Atomics.load(ctrl, JOB) !== job) break;
      if (performance.now() > until) Atomics.wait(ctrl, NEXT, v, 1);
    }
    takeChunks(ctrl, tag, kern, state);
  }
}

/** Rows per chunk: about 8 chunks per product (enough to balance two threads), at least one row tile of 4. */
function chunkRows(m4: number): number {
  return Math.max(4, Math.ceil(m4 / 32) * 4);
}

/** Products shared, their chunks, and the chunks the helper computed (for tests and benches). */
export interface ParallelGemmStats {
  products: number;
  chunks: number;
  helperChunks: number;
}

/**
 * The default crossover, in multiply-adds M·K·N: smaller products stay on one thread. A shared product pays a
 * wake-up (overlapped with the operand copy) and the imbalance of its last chunk, so it gains from ≈ 0.2 ms of
 * one-thread work; measured on an idle machine, two threads gain ≥ 5 % from n = 64–96 on (96² ×1.30), so 96³
 * (BENCHMARKS.md, "Both cores", and `npm run bench -- matmul-parallel`).
 */
export const PARALLEL_MIN_WORK = 96 * 96 * 96;

/**
 * The calling thread's side: computes out[outOff + i·N + j] = Σ_k A(i,k)·B(k,j) on two threads, bit-identical to
 * `gemmWasm`. Returns false (nothing done) if the product does not fit the shared memory or has a single chunk.
 */
export function parallelGemmCaller(shared: GemmShared): ((a: Panel, b: Panel, out: Float64Array, outOff: number, M: number, K: number, N: number) => boolean) & { stats: ParallelGemmStats } {
  const ctrl = new Int32Array(shared.ctrl);
  const kern = sharedGemmKernel(shared.memory);
  if (kern === null) throw new Error('parallelGemmCaller: the shared WebAssembly kernel is unavailable');
  const state: { heap?: Float64Array } = {};
  let job = Atomics.load(ctrl, JOB);
  const stats: ParallelGemmStats = { products: 0, chunks: 0, helperChunks: 0 };
  const mineFlags = new Uint8Array(MAX_CHUNKS);
  const fn = (a: Panel, b: Panel, out: Float64Array, outOff: number, m: number, k: number, n: number): boolean => {
    const L = gemmLayout(m, k, n);
    const rows = chunkRows(L.M4);
    const chunks = Math.ceil(L.M4 / rows);
    if (chunks < 2 || chunks > MAX_CHUNKS || L.bytes > SHARED_MAX_PAGES * 65536) return false;
    let heap: Float64Array;
    try {
      heap = state.heap = heapFor(kern.memory, L.bytes, state.heap);
    } catch {
      return false; // the shared memory cannot grow this far: one thread, in its own memory
    }
    job = (job + 1) & 0x3fffffff;
    Atomics.store(ctrl, JOB, job);
    Atomics.notify(ctrl, JOB);
    packB(heap, L, b);
    packA(heap, L, a, 0, Math.min(L.M4, rows));
    ctrl[CHUNKS] = chunks;
    ctrl[CHUNK_ROWS] = rows;
    ctrl[M4] = L.M4;
    ctrl[K] = L.K;
    ctrl[N4] = L.N4;
    Atomics.store(ctrl, DONE, 0);
    Atomics.store(ctrl, PACKED, 1);
    Atomics.store(ctrl, NEXT, tagOf(job) << 8);
    Atomics.notify(ctrl, NEXT);
    for (let c = 1; c < chunks; c++) {
      packA(heap, L, a, c * rows, Math.min(L.M4, (c + 1) * rows));
      Atomics.store(ctrl, PACKED, c + 1);
      Atomics.notify(ctrl, PACKED);
    }
    mineFlags.fill(0, 0, chunks);
    const mine = takeChunks(ctrl, tagOf(job), kern, state, mineFlags);
    // While the helper computes the chunks it took, copy out the rows this thread computed (the helper never writes
    // them); then wait for the helper's chunks, spinning briefly, then asleep, and copy out theirs.
    if (mine < chunks) for (let c = 0; c < chunks; c++) if (mineFlags[c] === 1) unpackResult(heap, L, out, outOff, c * rows, (c + 1) * rows);
    const until = performance.now() + SPIN_MS;
    let d: number;
    while ((d = Atomics.load(ctrl, DONE)) < chunks && performance.now() < until);
    while ((d = Atomics.load(ctrl, DONE)) < chunks) Atomics.wait(ctrl, DONE, d, 10);
    Atomics.store(ctrl, NEXT, CLOSED);
    if (mine === chunks) unpackResult(heap, L, out, outOff);
    else for (let c = 0; c < chunks; c++) if (mineFlags[c] === 0) unpackResult(heap, L, out, outOff, c * rows, (c + 1) * rows);
    stats.products++;
    stats.chunks += chunks;
    stats.helperChunks += chunks - mine;
    return true;
  };
  return Object.assign(fn, { stats });
}
