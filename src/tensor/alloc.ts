/**
 * Where kernel results get their memory.
 *
 * V8 stores a typed array of at most 64 bytes (8 float64) inside its JS
 * object; a larger one gets a backing store of its own, and creating one has
 * a fixed cost far above the arithmetic of a small op: ≈ 2 µs in Node 20,
 * and 25–100 µs in Chromium (measured; see docs/design.md). A training step
 * makes dozens of such intermediates, so their allocation would dominate it.
 *
 * Results are therefore carved as views out of shared slabs, the scheme Node
 * uses for small Buffers (Buffer.poolSize). Outside `kernelScope` a slab is
 * never reused: it is filled front to back, so every view starts zeroed and
 * no two views overlap, and the garbage collector frees it once no view into
 * it is alive.
 * The price is Node's too: a long-lived view keeps its whole slab alive, so
 * what is made to be kept (`Tensor.clone()`, a `Parameter`'s value) gets a
 * buffer of its own. Arrays larger than half a slab get their own buffer,
 * where the allocation is small next to the work.
 */

import { MAX_TENSOR_SIZE } from './shape.js';

const ON_HEAP_MAX = 8;
const BYTES = Float64Array.BYTES_PER_ELEMENT;

let slabLength = 1024;
let slab = new ArrayBuffer(slabLength * BYTES);
let used = 0;

/**
 * Inside `kernelScope`: the scope's slabs, kept and reused by every later
 * scope, with how much of each was handed out (to be zeroed again on exit).
 */
let inScope = false;
const scopeSlabs: ArrayBuffer[] = [];
const scopeUsed: number[] = [];
let scopeIndex = 0;

/**
 * Set the slab size in bytes (default 8 KB, Node's Buffer.poolSize). Larger slabs amortize the
 * allocation better — the explorer's worker uses 1 MB, since Chromium's
 * fixed cost per buffer is ≈ 50× Node's — at the price of more memory kept
 * alive by any long-lived view.
 */
export function setKernelSlabBytes(bytes: number): void {
  if (!Number.isInteger(bytes) || bytes < 4096 || bytes > 1 << 28) {
    throw new Error(`setKernelSlabBytes: bytes must be an integer in [4096, 268435456], got ${bytes}`);
  }
  if (inScope) throw new Error('setKernelSlabBytes: cannot change the slab size inside kernelScope');
  slabLength = Math.floor(bytes / BYTES);
  slab = new ArrayBuffer(slabLength * BYTES);
  used = 0;
  scopeSlabs.length = 0;
  scopeUsed.length = 0;
}

function nextSlab(): void {
  if (!inScope) {
    slab = new ArrayBuffer(slabLength * BYTES);
  } else {
    scopeUsed[scopeIndex] = used;
    scopeIndex++;
    if (scopeIndex === scopeSlabs.length) scopeSlabs.push(new ArrayBuffer(slabLength * BYTES));
    slab = scopeSlabs[scopeIndex]!;
  }
  used = 0;
}

// ---- the allocation tape of compiled functions (src/autograd/compile.ts) ----------
//
// While a compiled function is traced, each op's kernel results are recorded on a
// tape and get buffers of their own; when the op is replayed, its kernel receives
// exactly those buffers again, in the same order, zeroed as fresh memory is. So a
// replayed op writes into the very arrays its traced output (and every view of it)
// already points to: nothing is allocated, and no reference needs updating.

let tape: Float64Array[] | null = null;
let replay: readonly Float64Array[] | null = null;
let replayAt = 0;

/** @internal Start recording the arrays handed out by allocFloat64 (each its own buffer); the enclosing tape. */
export function beginAllocTape(): Float64Array[] | null {
  const outer = tape;
  tape = [];
  return outer;
}

/** @internal Stop recording and restore the enclosing tape; the arrays handed out since beginAllocTape, in order. */
export function endAllocTape(outer: Float64Array[] | null): Float64Array[] {
  const t = tape ?? [];
  tape = outer;
  return t;
}

/** @internal Hand out `arrays` (zeroed) to the next allocFloat64 calls, in order; null ends the replay. */
export function replayAllocTape(arrays: readonly Float64Array[] | null): void {
  if (arrays === null && replay !== null && replayAt !== replay.length) {
    replay = null;
    throw new Error('compile: a replayed op allocated fewer arrays than when it was traced (the function is not shape-static)');
  }
  replay = arrays;
  replayAt = 0;
}

function fromReplay(n: number): Float64Array {
  const a = replay![replayAt++];
  if (a === undefined || a.length !== n) {
    replay = null;
    throw new Error('compile: a replayed op allocated other arrays than when it was traced (the function is not shape-static)');
  }
  return a.fill(0);
}

/** A zero-filled Float64Array of length n, owned by the caller (no other array overlaps it). */
export function allocFloat64(n: number): Float64Array {
  if (replay !== null) return fromReplay(n);
  if (tape !== null) {
    const a = new Float64Array(n);
    tape.push(a);
    return a;
  }
  if (n <= ON_HEAP_MAX) return new Float64Array(n);
  if (n > slabLength >> 1) {
    // Kernel results of valid inputs can still be too large (a broadcast [65536, 1] + [1, 65536]): refuse, do not try.
    if (n > MAX_TENSOR_SIZE) throw new Error(`a result of ${n} elements is larger than the largest tensor supported (${MAX_TENSOR_SIZE} = 2³¹ − 1 elements)`);
    return new Float64Array(n);
  }
  if (used + n > slabLength) nextSlab();
  // The (buffer, offset, length) constructor: subarray() would look up a species constructor on every call.
  const out = new Float64Array(slab, used * BYTES, n);
  used += n;
  return out;
}

/**
 * Run `fn` with kernel results carved from memory that the next scope
 * reuses. Writing into fresh memory is what a medium-sized result mostly
 * costs (a 1600-element op: 10.6 µs fresh vs 3.2 µs reused in Node, 70 µs vs
 * 1.6 µs in Chromium, where pages are faulted in on first write), and inside
 * a synchronous loop the garbage collector cannot say when a result died —
 * the caller can. Only pooled results (up to half a slab) are reused. The contract: no tensor or array made inside `fn` is used
 * after it returns (return numbers, or copies such as `clone()`; set
 * `Parameter.grad` to null). Parameters, optimizer state and `clone()`s own
 * their buffers and are safe. A nested call is part of the enclosing scope.
 */
export function kernelScope<T>(fn: () => T): T {
  if (inScope) return fn();
  const outerSlab = slab;
  const outerUsed = used;
  inScope = true;
  scopeIndex = 0;
  if (scopeSlabs.length === 0) scopeSlabs.push(new ArrayBuffer(slabLength * BYTES));
  slab = scopeSlabs[0]!;
  used = 0;
  try {
    return fn();
  } finally {
    // Zero what was handed out, so the next scope's views start zeroed as fresh memory does.
    scopeUsed[scopeIndex] = used;
    for (let i = 0; i <= scopeIndex; i++) new Float64Array(scopeSlabs[i]!, 0, scopeUsed[i]!).fill(0);
    inScope = false;
    slab = outerSlab;
    used = outerUsed;
  }
}
