/**
 * Tracing for compiled functions (compile.ts).
 *
 * Every op computes its value through `evaluate(compute)`: eagerly that is
 * just `compute()`. While a compiled function is traced, `evaluate` also
 * appends a replay thunk to the trace: the same kernel call, reading its
 * inputs' current values (the same NDArrays as in the trace, whose buffers
 * are rewritten in place) and writing into the same output arrays (the
 * allocation tape of src/tensor/alloc.ts hands them back in order). The
 * backward pass is made of ops too (VJPs are written in Tensor ops; the fused
 * first-order loops also go through `evaluate`), so running backward under
 * the trace records it as well. Replaying the thunks runs the same kernels
 * on the same inputs in the same order, so every result is bit-identical to
 * the eager run, with no graph built and nothing allocated.
 */
import type { NDArray } from '../tensor/index.js';
import { beginAllocTape, endAllocTape, replayAllocTape } from '../tensor/alloc.js';

export type Thunk = () => void;

let thunks: Thunk[] | null = null;
/** The buffers of the values computed in the current trace: a value in one of them is replayed by its producer. */
let produced: WeakSet<ArrayBufferLike> | null = null;

/** True while a compiled function is being traced. */
export function isTracing(): boolean {
  return thunks !== null;
}

/** @internal Whether `value` (handed to record as is, not as a thunk) is refreshed on replay: a view of a traced result. */
export function isReplayed(value: NDArray): boolean {
  return produced !== null && produced.has(value.data.buffer);
}

/** @internal Run `fn` recording the thunks of every op it evaluates; the thunk list. */
export function traceThunks(fn: () => void): Thunk[] {
  if (thunks !== null) throw new Error('compile: a compiled function cannot be traced inside another one being traced');
  const list: Thunk[] = [];
  thunks = list;
  produced = new WeakSet();
  // Everything allocated while tracing gets a buffer of its own (never a reused kernelScope slab): constants made
  // during the trace live as long as the trace.
  const outer = beginAllocTape();
  try {
    fn();
  } finally {
    endAllocTape(outer);
    thunks = null;
    produced = null;
  }
  return list;
}

/** Copy `src` into `dst` (same size; `dst` contiguous), for kernels that return arrays of their own. */
function copyInto(dst: NDArray, src: NDArray): void {
  const s = src.values();
  dst.data.set(s.length === dst.size ? s : s.subarray(0, dst.size), dst.offset);
}

/** The value `compute()` returns; while tracing, also its replay thunk. */
export function evaluate(compute: () => NDArray): NDArray {
  if (thunks === null) return compute();
  const outer = beginAllocTape();
  let kept: NDArray;
  let arrays: Float64Array[];
  try {
    kept = compute();
  } finally {
    arrays = endAllocTape(outer);
  }
  // Replay writes into the traced buffers; a kernel that made its result outside allocFloat64 (a scalar, a copy)
  // gets copied into the traced one. Only a contiguous result can be refilled that way.
  const own = arrays.includes(kept.data);
  if (!own && !kept.isContiguous()) throw new Error('compile: an op returned a strided array of its own, which cannot be replayed');
  // Every array handed out while tracing has a buffer of its own, so buffers identify the traced results.
  produced!.add(kept.data.buffer);
  const pending = arrays.length > 0 ? arrays : null;
  thunks.push(() => {
    replayAllocTape(pending);
    const v = compute();
    replayAllocTape(null);
    if (v.data !== kept.data) copyInto(kept, v);
  });
  return kept;
}

/** While tracing, record an effect (an in-place update) to be replayed as it is; run it now. */
export function effect(fn: Thunk): void {
  fn();
  if (thunks !== null) thunks.push(fn);
}
