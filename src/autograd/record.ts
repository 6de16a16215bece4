/**
 * Recording an op's result: wrap the forward value in a Tensor and, when
 * any input requires grad and recording is on, attach the graph node with
 * the op's VJP. Also the one place where broadcasting is undone in reverse
 * (sumToShape) and where numbers become constant tensors.
 */
import { NDArray, formatShape, reduce, shapesEqual } from '../tensor/index.js';
import { checkForwardAnomaly, isAnomalyEnabled, isGradEnabled, type GraphNode, type VjpFn } from './graph.js';
import { saveForBackward } from './saved.js';
import { Tensor } from './tensor.js';
import type { KernelCall } from '../tensor/index.js';
import { evaluate, isReplayed, isTracing, noteRead } from './trace.js';

export type TensorLike = Tensor | number;

export function asTensor(x: TensorLike): Tensor {
  if (x instanceof Tensor) return x;
  if (typeof x !== 'number') throw new Error(`expected a Tensor or a number, got ${typeof x}`);
  return new Tensor(NDArray.scalar(x));
}

/**
 * `compute` is the op's forward kernel call (a thunk, so that a compiled function can replay it, see trace.ts); a
 * view of a parent (reshape, expand, …) may pass its NDArray directly, since it shares the parent's buffer.
 * `describe` names the kernel call `compute` makes, for a specialized replay (see trace.ts).
 */
export function record(op: string, compute: NDArray | (() => NDArray), parents: readonly Tensor[], vjp: VjpFn, describe?: () => KernelCall): Tensor {
  if (isTracing()) for (let i = 0; i < parents.length; i++) noteRead(parents[i]!);
  const value = typeof compute === 'function' ? evaluate(compute, describe, op) : compute;
  if (typeof compute !== 'function' && isTracing() && !isReplayed(value) && !parents.some((p) => p.value.data === value.data)) {
    throw new Error(`compile: op '${op}' computed its value outside a thunk, so it cannot be replayed`);
  }
  if (isAnomalyEnabled()) checkForwardAnomaly(op, value, parents);
  const grad = isGradEnabled();
  let needs = false;
  // A result sharing a parent's buffer (reshape, expand, slice, …) is a view: it shares that storage's version.
  let base: Tensor | null = null;
  const d = value.data;
  for (let i = 0; i < parents.length; i++) {
    const p = parents[i]!;
    if (grad && p.requiresGrad) needs = true;
    if (base === null && p.value.data === d) base = p.base ?? p;
  }
  if (!needs) {
    const out = new Tensor(value);
    out.base = base;
    return out;
  }
  const trace = isAnomalyEnabled() ? new Error().stack?.split('\n').slice(3, 8).join('\n') : undefined;
  const node: GraphNode = { op, parents, vjp, trace, version: 0, released: false };
  const out = new Tensor(value, true, node);
  out.base = base;
  node.version = saveForBackward(parents, out);
  return out;
}

/**
 * Reduce a broadcast gradient back to `shape`: sum over the leading axes that
 * broadcasting added and over axes where `shape` has size 1. Its VJP is the
 * broadcast itself (expand), so it is differentiable to any order.
 */
export function sumToShape(g: Tensor, shape: readonly number[]): Tensor {
  if (shapesEqual(g.shape, shape)) return g;
  const lead = g.shape.length - shape.length;
  if (lead < 0) throw new Error(`sumToShape: cannot reduce ${formatShape(g.shape)} to the larger rank ${formatShape(shape)}`);
  const axes: number[] = [];
  for (let i = 0; i < g.shape.length; i++) {
    if (i < lead || (shape[i - lead] === 1 && g.shape[i] !== 1)) axes.push(i);
  }
  // keepdims leaves size-1 axes in place; dropping the `lead` ones is a relabelling of the same contiguous data.
  // (An anonymous thunk, not one bound to a name, on this per-op path: see mseWrite in losses.ts.)
  return record('sumToShape', () => new NDArray(reduce(g.value, 'sum', axes, true, 'sumToShape').data, shape), [g], (gg) => [gg.expand(g.shape)], () => ({ kind: 'sum', x: g.value, axes }));
}
