/**
 * Where kernel results get their memory.
 *
 * V8 stores a typed array of at most 64 bytes (8 float64) inside its JS
 * object; a larger one gets a backing store of its own, and creating one has
 * a fixed cost far above the arithmetic of a small op: ≈ 2 µs in Node 20,
 * and 25–100 µs in Chromium (measured by `npm run bench -- web-train`). A
 * training step makes dozens of such intermediates, so their allocation
 * would dominate it.
 *
 * Results are therefore carved as views out of shared slabs, the scheme Node
 * uses for small Buffers (Buffer.poolSize). A slab is never reused: it is
 * filled front to back, so every view starts zeroed and no two views
 * overlap, and the garbage collector frees it once no view into it is alive.
 * The price is Node's too: a long-lived view keeps its whole slab alive, so
 * what is made to be kept (`Tensor.clone()`, a `Parameter`'s value) gets a
 * buffer of its own. Arrays larger than half a slab get their own buffer,
 * where the allocation is small next to the work.
 */

const ON_HEAP_MAX = 8;

let slabLength = 1024;
let slab = new ArrayBuffer(slabLength * Float64Array.BYTES_PER_ELEMENT);
let used = 0;

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
  slabLength = Math.floor(bytes / Float64Array.BYTES_PER_ELEMENT);
  slab = new ArrayBuffer(slabLength * Float64Array.BYTES_PER_ELEMENT);
  used = 0;
}

/** A zero-filled Float64Array of length n, owned by the caller (no other array overlaps it). */
export function allocFloat64(n: number): Float64Array {
  if (n <= ON_HEAP_MAX || n > slabLength >> 1) return new Float64Array(n);
  if (used + n > slabLength) {
    slab = new ArrayBuffer(slabLength * Float64Array.BYTES_PER_ELEMENT);
    used = 0;
  }
  // The (buffer, offset, length) constructor: subarray() would look up a species constructor on every call.
  const out = new Float64Array(slab, used * Float64Array.BYTES_PER_ELEMENT, n);
  used += n;
  return out;
}
