/**
 * Where kernel results get their memory.
 *
 * V8 stores a typed array of at most 64 bytes (8 float64) inside its JS
 * object; a larger one gets an off-heap backing store, and creating one costs
 * about 2 µs on Node 20 — some 50× a small object, and more than the whole
 * arithmetic of a 4×4 op. A training step on a tiny network makes dozens of
 * such intermediates, so their allocation would dominate it.
 *
 * Medium results are therefore carved as views out of shared 8 KB slabs,
 * the scheme Node itself uses for small Buffers (Buffer.poolSize = 8 KB,
 * requests under half of it are pooled). A slab is never reused: it is filled
 * front to back, so every view starts zeroed and no two views overlap, and
 * the garbage collector frees the slab once no view into it is alive. The
 * price is the same as Node's: a long-lived view keeps its whole slab (at
 * most 8 KB) alive. Tiny arrays stay on V8's heap and large ones get their
 * own buffer, where allocation is cheap relative to the work.
 */

const SLAB_BYTES = 8192;
const SLAB_LENGTH = SLAB_BYTES / Float64Array.BYTES_PER_ELEMENT;
/** Up to this length V8 keeps the elements on its own heap: nothing to gain. */
const ON_HEAP_MAX = 8;
/** Longer arrays get a buffer of their own (as Node pools only requests under poolSize / 2). */
const POOLED_MAX = SLAB_LENGTH / 2;

let slab = new ArrayBuffer(SLAB_BYTES);
let used = 0;

/** A zero-filled Float64Array of length n, owned by the caller (no other array overlaps it). */
export function allocFloat64(n: number): Float64Array {
  if (n <= ON_HEAP_MAX || n > POOLED_MAX) return new Float64Array(n);
  if (used + n > SLAB_LENGTH) {
    slab = new ArrayBuffer(SLAB_BYTES);
    used = 0;
  }
  const out = new Float64Array(slab, used * Float64Array.BYTES_PER_ELEMENT, n);
  used += n;
  return out;
}
