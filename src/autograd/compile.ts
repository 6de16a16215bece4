/**
 * compile(fn): trace a function of Tensors once per set of input shapes, then
 * replay it with no graph building and no allocation.
 *
 * The first call with given input shapes (and requiresGrad flags, and grad
 * mode) runs `fn` eagerly under a trace (trace.ts): every op — forward, and
 * the backward passes that `grad`, `valueAndGrad`, `vjp`, `hvp` run inside
 * `fn` — leaves a replay thunk, and every kernel result gets a buffer of its
 * own. A later call copies its inputs into the traced inputs' buffers and
 * runs the thunks in order: the same kernels read the same arrays and write
 * into the same arrays, so each result is bit for bit the one eager execution
 * would give (the tests compare them on random networks, losses and
 * optimizers, at the first and the 1000th step).
 *
 * The contract is jax.jit's: `fn` must be shape-static and pure in its
 * inputs. Tensors it reads by closure (Parameters) are read live at every
 * call, so in-place optimizer updates are seen. What `fn` computes from plain
 * JavaScript values (a `.item()` used in an `if`, a random draw, a tensor made
 * from an array) is frozen at the trace. `.backward()` cannot be compiled
 * (it accumulates into `.grad`, outside the function): return gradients.
 * The returned tensors are views of the trace's buffers, overwritten by the
 * next call; `clone()` what must be kept. Only they are kept up to date: an
 * intermediate tensor `fn` hands out by other means is not.
 *
 * The replay is made lean once, after the trace (`plan`): kernel calls that
 * could be specialized run as closures with shapes, strides and broadcasts
 * fixed (src/tensor/specialize.ts); a bias add feeding an activation runs as
 * one loop; and steps that no output depends on are dropped (the value of
 * the first gradient inside an HVP, a loss nobody returns). None of these
 * changes an operation or its order for any value still computed, so the
 * results stay bit-identical to eager execution.
 *
 * With `{ skipUnchanged: true }` a call also skips the thunks none of whose
 * sources (arguments, outside tensors read live) changed bitwise since the
 * previous call: their buffers already hold what they would write
 * (replaySkip.ts). The compiled objective's HVP uses it, so Lanczos at one θ
 * replays only the backward pass that depends on v.
 */
import { NDArray, formatShape, fuse, fuseLinear, fuseSum } from '../tensor/index.js';
import { isGradEnabled, runBackward } from './graph.js';
import { Tensor } from './tensor.js';
import { copyChanged, leavesChanged, runChanged, skipPlan, type SkipPlan } from './replaySkip.js';
import { traceSteps, type Step, type Thunk } from './trace.js';

interface Trace {
  /** The signature it was traced for (see `signature`). */
  key: string;
  gradMode: boolean;
  inputs: Tensor[];
  thunks: Thunk[];
  /** The outside tensors the steps read, and the value arrays baked into them (see trace.ts, noteRead). */
  leafTensors: { value: NDArray }[];
  leafValues: NDArray[];
  outputs: Tensor | Tensor[];
  /** With `skipUnchanged`: which thunks depend on which sources (replaySkip.ts); null: every call runs every thunk. */
  skip: SkipPlan | null;
  /** Whether the buffers hold the results of the previous replay of every thunk (false until one completes). */
  primed: boolean;
  /** Thunks run by the last replay. */
  ran: number;
}

export interface CompileOptions {
  /**
   * Replay only the steps whose inputs changed since the previous call (replaySkip.ts): each argument, and each
   * outside tensor read live, is compared bitwise with its previous value. Worth it when calls repeat some
   * arguments — an HVP at one θ with a new v each call, as Lanczos makes them; a waste when every argument changes
   * at every call (a training step), which pays the comparisons for nothing. Results are the same either way.
   */
  skipUnchanged?: boolean;
}

export interface CompiledFn<R extends Tensor | Tensor[]> {
  (...inputs: Tensor[]): R;
  /** How many traces were made (one per distinct input signature seen). */
  readonly traceCount: number;
  /** The last replay: how many thunks it ran, of how many its trace has (null after a call that traced). */
  readonly lastReplay: { ran: number; of: number } | null;
}

/** Input signatures kept at once; an older one is traced again when it comes back. */
const MAX_TRACES = 8;

function signature(inputs: readonly Tensor[]): string {
  let key = isGradEnabled() ? 'g' : 'n';
  for (const x of inputs) key += `|${x.shape.join(',')}${x.requiresGrad ? '*' : ''}`;
  return key;
}

/** Whether `inputs` have the signature of `t` (a check without building the key string, for the common repeat call). */
function matches(t: Trace, inputs: readonly Tensor[]): boolean {
  if (inputs.length !== t.inputs.length || t.gradMode !== isGradEnabled() || !leavesCurrent(t)) return false;
  for (let i = 0; i < inputs.length; i++) {
    const a = inputs[i]!;
    const b = t.inputs[i]!;
    if (a.requiresGrad !== b.requiresGrad) return false;
    const sa = a.shape;
    const sb = b.shape;
    if (sa.length !== sb.length) return false;
    for (let k = 0; k < sa.length; k++) if (sa[k] !== sb[k]) return false;
  }
  return true;
}

/**
 * The thunks to replay: the steps the outputs depend on (a backward walk over the buffers each step reads and
 * writes; a step with unknown reads, or an effect, keeps itself and everything before it), with each specialized
 * binary→unary pair where the unary op reads exactly the binary op's output merged into one loop (and a small
 * product feeding such a pair, a layer's forward pass, too; and a step with the leading-axes sum of its result).
 */
export function plan(steps: readonly Step[], outputs: readonly Tensor[]): Thunk[] {
  return planGroups(steps, outputs).thunks;
}

/** `plan`, with the steps each thunk replays (for replaySkip.ts). */
function planGroups(steps: readonly Step[], outputs: readonly Tensor[]): { thunks: Thunk[]; groups: Step[][] } {
  const live = new Set<ArrayBufferLike>(outputs.map((t) => t.value.data.buffer));
  const keep = new Array<boolean>(steps.length).fill(false);
  let all = false;
  for (let i = steps.length - 1; i >= 0; i--) {
    const s = steps[i]!;
    if (!all && s.writes !== null && s.reads !== null && !live.has(s.writes)) continue;
    keep[i] = true;
    if (s.reads === null) all = true;
    else for (const b of s.reads) live.add(b);
  }
  const thunks: Thunk[] = [];
  const groups: Step[][] = [];
  for (let i = 0; i < steps.length; i++) {
    if (!keep[i]) continue;
    const s = steps[i]!;
    const next = i + 1 < steps.length && keep[i + 1] ? steps[i + 1]! : null;
    const after = next !== null && i + 2 < steps.length && keep[i + 2] ? steps[i + 2]! : null;
    const layer = s.specialized !== null && next?.specialized && after?.specialized ? fuseLinear(s.specialized, next.specialized, after.specialized) : null;
    if (layer !== null) {
      thunks.push(layer);
      groups.push([s, next!, after!]);
      i += 2;
      continue;
    }
    const pair = s.specialized !== null && next !== null && next.specialized !== null ? [s.specialized, next.specialized] as const : null;
    const fused = pair !== null ? fuse(pair[0], pair[1]) ?? fuseSum(pair[0], pair[1]) : null;
    if (fused !== null) {
      thunks.push(fused);
      groups.push([s, next!]);
      i++;
    } else {
      thunks.push(s.run);
      groups.push([s]);
    }
  }
  return { thunks, groups };
}

/** Whether every outside tensor the trace read still holds the value array baked into its steps. */
function leavesCurrent(t: Trace): boolean {
  for (let i = 0; i < t.leafTensors.length; i++) if (t.leafTensors[i]!.value !== t.leafValues[i]) return false;
  return true;
}

/** A detached tensor showing an output's traced value (its buffer is rewritten by every replay). */
function view(t: Tensor): Tensor {
  return new Tensor(t.value);
}

/**
 * Compile `fn` (see the module comment). The compiled function takes Tensors of
 * any shapes; each new signature is traced once, then replayed.
 */
export function compile<R extends Tensor | Tensor[]>(fn: (...inputs: Tensor[]) => R, options: CompileOptions = {}): CompiledFn<R> {
  if (options.skipUnchanged !== undefined && typeof options.skipUnchanged !== 'boolean') {
    throw new Error(`compile: options.skipUnchanged must be a boolean, got ${typeof options.skipUnchanged}`);
  }
  const skipUnchanged = options.skipUnchanged === true;
  const traces = new Map<string, Trace>();
  let traceCount = 0;

  let last: Trace | null = null;
  let replayed: Trace | null = null;
  const trace = (key: string, inputs: readonly Tensor[]): Trace => {
    // The traced inputs own contiguous buffers into which every call copies its arguments.
    const own = inputs.map((x) => new Tensor(new NDArray(x.value.values().slice(), x.shape), x.requiresGrad));
    let result: Tensor | Tensor[] | undefined;
    const { steps, leaves, owned } = traceSteps(() => {
      result = fn(...own);
    }, own);
    const checked = result;
    if (!(checked instanceof Tensor) && !(Array.isArray(checked) && checked.every((t) => t instanceof Tensor))) {
      throw new Error('compile: the function must return a Tensor or an array of Tensors');
    }
    traceCount++;
    const outs = Array.isArray(checked) ? checked : [checked];
    const { thunks, groups } = planGroups(steps, outs);
    const leafTensors = [...leaves.keys()];
    return {
      key, gradMode: isGradEnabled(), inputs: own, thunks, leafTensors, leafValues: [...leaves.values()],
      outputs: Array.isArray(checked) ? checked.map(view) : view(checked),
      skip: skipUnchanged ? skipPlan(groups, own, leafTensors, owned, outs) : null, primed: false, ran: 0,
    };
  };

  const compiled = (...inputs: Tensor[]): R => {
    for (let i = 0; i < inputs.length; i++) {
      if (!(inputs[i] instanceof Tensor)) throw new Error(`compile: argument ${i} is not a Tensor`);
    }
    let t = last !== null && matches(last, inputs) ? last : undefined;
    if (t === undefined) {
      const key = signature(inputs);
      t = traces.get(key);
      if (t === undefined || !leavesCurrent(t)) {
        if (traces.size >= MAX_TRACES) traces.delete(traces.keys().next().value!);
        t = trace(key, inputs);
        traces.set(key, t);
        last = t;
        replayed = null;
        return t.outputs as R;
      }
      last = t;
    }
    replayed = t;
    const skip = t.skip;
    if (skip !== null) return replaySkipping(t, skip, inputs) as R;
    for (let i = 0; i < inputs.length; i++) {
      const src = inputs[i]!.value;
      const dst = t.inputs[i]!.value;
      if (src.size !== dst.size) throw new Error(`compile: argument ${i} has shape ${formatShape(src.shape)}, traced as ${formatShape(dst.shape)}`);
      if (src.isContiguous()) {
        // An element loop: small inputs are the common case, and subarray() would allocate a view per call.
        const sd = src.data;
        const dd = dst.data;
        const o = src.offset;
        for (let k = 0; k < dd.length; k++) dd[k] = sd[o + k]!;
      } else dst.data.set(src.values());
    }
    const thunks = t.thunks;
    for (let i = 0; i < thunks.length; i++) thunks[i]!();
    t.ran = thunks.length;
    return t.outputs as R;
  };
  Object.defineProperty(compiled, 'traceCount', { get: () => traceCount });
  Object.defineProperty(compiled, 'lastReplay', { get: () => (replayed === null ? null : { ran: replayed.ran, of: replayed.thunks.length }) });
  return compiled as CompiledFn<R>;
}

/**
 * A replay of `t` running only the thunks whose sources changed since its previous replay (replaySkip.ts); the
 * first replay after the trace runs them all. A replay that throws leaves `t` unprimed, so the next runs them all.
 */
function replaySkipping(t: Trace, skip: SkipPlan, inputs: readonly Tensor[]): Tensor | Tensor[] {
  const changed = skip.changed;
  const primed = t.primed;
  t.primed = false;
  for (let i = 0; i < inputs.length; i++) {
    const src = inputs[i]!.value;
    const dst = t.inputs[i]!.value;
    if (src.size !== dst.size) throw new Error(`compile: argument ${i} has shape ${formatShape(src.shape)}, traced as ${formatShape(dst.shape)}`);
    changed[i] = (src.isContiguous() ? copyChanged(dst.data, src.data, src.offset) : copyChanged(dst.data, src.values(), 0)) ? 1 : 0;
  }
  leavesChanged(skip, inputs.length);
  const thunks = t.thunks;
  let ran = thunks.length;
  if (primed) ran = runChanged(thunks, skip);
  else for (let i = 0; i < thunks.length; i++) thunks[i]!();
  t.primed = true;
  t.ran = ran;
  return t.outputs;
}

/**
 * The loss and its gradients with respect to `params` (torch.autograd.grad, the
 * same VJPs as `loss.backward()`), compiled as a function of the inputs: the
 * core of a compiled training step. Returns [loss, ∂loss/∂params…].
 */
export function compileLossAndGrad(loss: (...inputs: Tensor[]) => Tensor, params: readonly Tensor[]): CompiledFn<Tensor[]> {
  return compile((...inputs: Tensor[]): Tensor[] => {
    const l = loss(...inputs);
    if (l.size !== 1) throw new Error(`compileLossAndGrad: the loss must be a scalar, got shape ${formatShape(l.shape)}`);
    if (!l.requiresGrad) return [l, ...params.map((p) => p.zerosLike())];
    return [l, ...runBackward([l], [new Tensor(new NDArray(new Float64Array([1]), l.shape))], params)];
  });
}
