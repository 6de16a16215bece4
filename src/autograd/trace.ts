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
 *
 * An op that also describes its kernel call (`describe`, a KernelCall of
 * src/tensor/specialize.ts) gets a specialized step instead: a closure with
 * shapes, strides and broadcast pattern fixed at the trace, writing straight
 * into the traced output (no allocation tape, no zero-fill, no NDArray). Its
 * reads are known, so compile.ts can also drop steps no output depends on.
 */
import { callReads, specialize, type KernelCall, type NDArray, type Specialized } from '../tensor/index.js';
import { beginAllocTape, endAllocTape, replayAllocTape } from '../tensor/alloc.js';

export type Thunk = () => void;

/** One recorded step of a trace. */
export interface Step {
  run: Thunk;
  /** The specialized form (for fusion), when there is one. */
  specialized: Specialized | null;
  /** The buffer it writes (null: an effect, or unknown). */
  writes: ArrayBufferLike | null;
  /** The buffers it reads; null when unknown (then every earlier step must be kept). */
  reads: ArrayBufferLike[] | null;
  /** The op that recorded it (record.ts's name), for diagnostics; '' for an effect or an unnamed evaluate. */
  op: string;
}

let thunks: Step[] | null = null;
/** The tensors from outside the trace (Parameters, constants) read by its ops, with the value each had. */
let leaves: Map<{ value: NDArray }, NDArray> | null = null;
/** The buffers of the values computed in the current trace: a value in one of them is replayed by its producer. */
let produced: WeakSet<ArrayBufferLike> | null = null;
/** Every buffer allocated in the current trace (see traceSteps). */
let owned: Set<ArrayBufferLike> | null = null;

/** True while a compiled function is being traced. */
export function isTracing(): boolean {
  return thunks !== null;
}

/** @internal Whether `value` (handed to record as is, not as a thunk) is refreshed on replay: a view of a traced result. */
export function isReplayed(value: NDArray): boolean {
  return produced !== null && produced.has(value.data.buffer);
}

/**
 * @internal While tracing, note that an op reads `t`: when `t` is not a result of the trace, its value array is
 * baked into the steps, so compile.ts checks at every call that `t` still holds that array (a ParamVector rebinds
 * a Parameter's value) and traces again if not.
 */
export function noteRead(t: { value: NDArray }): void {
  if (leaves !== null && !produced!.has(t.value.data.buffer) && !leaves.has(t)) leaves.set(t, t.value);
}

/** @internal Run `fn` recording the steps of every op it evaluates: the steps, and the outside tensors they read. */
export function traceSteps(fn: () => void, inputs: readonly { value: NDArray }[] = []): {
  steps: Step[];
  leaves: Map<{ value: NDArray }, NDArray>;
  /** The buffers allocated while tracing (results, and constants made by the traced code): nothing outside can write them. */
  owned: Set<ArrayBufferLike>;
} {
  if (thunks !== null) throw new Error('compile: a compiled function cannot be traced inside another one being traced');
  const list: Step[] = [];
  thunks = list;
  produced = new WeakSet();
  // The inputs' buffers are refreshed by every call (compile.ts copies the arguments in), like a traced result's.
  for (const x of inputs) produced.add(x.value.data.buffer);
  const read = new Map<{ value: NDArray }, NDArray>();
  leaves = read;
  const own = new Set<ArrayBufferLike>();
  owned = own;
  // Everything allocated while tracing gets a buffer of its own (never a reused kernelScope slab): constants made
  // during the trace live as long as the trace.
  const outer = beginAllocTape();
  try {
    fn();
  } finally {
    for (const a of endAllocTape(outer)) own.add(a.buffer);
    thunks = null;
    produced = null;
    leaves = null;
    owned = null;
  }
  return { steps: list, leaves: read, owned: own };
}

/** Copy `src` into `dst` (same size; `dst` contiguous), for kernels that return arrays of their own. */
function copyInto(dst: NDArray, src: NDArray): void {
  const s = src.values();
  dst.data.set(s.length === dst.size ? s : s.subarray(0, dst.size), dst.offset);
}

/**
 * The value `compute()` returns; while tracing, also its replay step — specialized when `describe` tells which
 * kernel call `compute` makes (it is called only while tracing, so eager execution pays nothing for it).
 */
export function evaluate(compute: () => NDArray, describe?: () => KernelCall, op = ''): NDArray {
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
  for (const a of arrays) owned!.add(a.buffer);
  const call = describe?.();
  const reads = call ? callReads(call).map((a) => a.data.buffer) : null;
  // Specialized only when the output is the kernel's own array; other arrays it took (a strided operand packed by
  // the eager kernel) were scratch, which the specialized closure does not need.
  const specialized = call && own ? specialize(call, kept) : null;
  if (specialized !== null) {
    thunks.push({ run: specialized.run, specialized, writes: kept.data.buffer, reads, op });
    return kept;
  }
  const pending = arrays.length > 0 ? arrays : null;
  const run = () => {
    replayAllocTape(pending);
    const v = compute();
    replayAllocTape(null);
    if (v.data !== kept.data) copyInto(kept, v);
  };
  thunks.push({ run, specialized: null, writes: kept.data.buffer, reads, op });
  return kept;
}

/** While tracing, record an effect (an in-place update) to be replayed as it is; run it now. */
export function effect(fn: Thunk): void {
  fn();
  if (thunks !== null) thunks.push({ run: fn, specialized: null, writes: null, reads: null, op: '' });
}
