/**
 * The computation graph and the reverse-mode engine.
 *
 * Every differentiable op records one node: its parents and a VJP closure
 * g ↦ (∂out/∂parentᵢ)ᵀ g. Reverse mode walks the nodes in reverse
 * topological order, so each node's total cotangent is complete (summed over
 * all its uses) before its own VJP runs — which is exactly the multivariate
 * chain rule  ∂L/∂x = Σ_{uses u} (∂u/∂x)ᵀ ∂L/∂u.
 *
 * VJPs are written in Tensor ops. With `createGraph` the backward pass itself
 * records nodes, so gradients can be differentiated again (any order);
 * without it, the pass runs with recording off and builds no graph.
 */
import { formatShape, type NDArray } from '../tensor/index.js';
import type { Tensor } from './tensor.js';

export type VjpFn = (g: Tensor, out: Tensor) => readonly (Tensor | null | undefined)[];

export interface GraphNode {
  readonly op: string;
  readonly parents: readonly Tensor[];
  readonly vjp: VjpFn;
  /** Where the op was called (only recorded in anomaly mode). */
  readonly trace?: string;
}

// ---- grad mode ------------------------------------------------------------

let gradEnabled = true;

export function isGradEnabled(): boolean {
  return gradEnabled;
}

/** Run `fn` with graph recording off (like torch.no_grad). Synchronous. */
export function noGrad<T>(fn: () => T): T {
  const prev = gradEnabled;
  gradEnabled = false;
  try {
    return fn();
  } finally {
    gradEnabled = prev;
  }
}

/** Run `fn` with graph recording on (like torch.enable_grad). */
export function enableGrad<T>(fn: () => T): T {
  const prev = gradEnabled;
  gradEnabled = true;
  try {
    return fn();
  } finally {
    gradEnabled = prev;
  }
}

function withGradMode<T>(on: boolean, fn: () => T): T {
  return on ? enableGrad(fn) : noGrad(fn);
}

// ---- anomaly mode -----------------------------------------------------------

let anomaly = false;

export class AnomalyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AnomalyError';
  }
}

export function isAnomalyEnabled(): boolean {
  return anomaly;
}

export function setDetectAnomaly(on: boolean): void {
  anomaly = on;
}

/** Run `fn` with anomaly detection on (like torch.autograd.detect_anomaly): the first op whose output or gradient is NaN/±Inf throws, naming the op. */
export function detectAnomaly<T>(fn: () => T): T {
  const prev = anomaly;
  anomaly = true;
  try {
    return fn();
  } finally {
    anomaly = prev;
  }
}

function firstNonFinite(v: NDArray): number {
  const d = v.values();
  for (let i = 0; i < d.length; i++) if (!Number.isFinite(d[i]!)) return i;
  return -1;
}

/** Depth of VJP evaluation: ops run inside a VJP are judged by the VJP's own check, not as forward ops. */
let vjpDepth = 0;

export function checkForwardAnomaly(op: string, value: NDArray, parents: readonly Tensor[]): void {
  if (vjpDepth > 0) return;
  const i = firstNonFinite(value);
  if (i < 0) return;
  // Only blame this op if its inputs were finite: the first op that produced the anomaly.
  for (const p of parents) if (firstNonFinite(p.value) >= 0) return;
  const shapes = parents.map((p) => formatShape(p.shape)).join(', ');
  throw new AnomalyError(
    `anomaly: forward of '${op}' (inputs ${shapes || 'none'}) produced ${value.values()[i]} at flat index ${i} of its output ${formatShape(value.shape)}`,
  );
}

function checkBackwardAnomaly(node: GraphNode, grads: readonly (Tensor | null | undefined)[]): void {
  for (let k = 0; k < grads.length; k++) {
    const g = grads[k];
    if (!g) continue;
    const i = firstNonFinite(g.value);
    if (i >= 0) {
      throw new AnomalyError(
        `anomaly: backward of '${node.op}' produced ${g.value.values()[i]} in the gradient of its input ${k} ` +
          `(shape ${formatShape(node.parents[k]!.shape)}) at flat index ${i}` +
          (node.trace ? `\nthe forward op was called at:\n${node.trace}` : ''),
      );
    }
  }
}

// ---- the reverse-mode engine ----------------------------------------------------

/** Nodes reachable from `roots` through tensors that require grad, parents before children. */
function topologicalOrder(roots: readonly Tensor[]): Tensor[] {
  const order: Tensor[] = [];
  const visited = new Set<Tensor>();
  // Iterative post-order DFS: a 100,000-op chain must not overflow the call stack.
  const stack: [Tensor, number][] = [];
  for (const r of roots) {
    if (!r.requiresGrad || visited.has(r)) continue;
    visited.add(r);
    stack.push([r, 0]);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const parents = top[0].node?.parents ?? [];
      if (top[1] < parents.length) {
        const p = parents[top[1]++]!;
        if (p.requiresGrad && !visited.has(p)) {
          visited.add(p);
          stack.push([p, 0]);
        }
      } else {
        stack.pop();
        order.push(top[0]);
      }
    }
  }
  return order;
}

export interface BackwardOptions {
  /** Record the backward pass so its results can be differentiated again. */
  createGraph?: boolean;
}

/**
 * Propagate cotangents from `roots` (seeded with `seeds`). If `inputs` is
 * given, returns their gradients (zeros where unreached) and leaves `.grad`
 * untouched (torch.autograd.grad); otherwise accumulates into the `.grad` of
 * every leaf that requires grad (Tensor.backward).
 */
export function runBackward(
  roots: readonly Tensor[],
  seeds: readonly Tensor[],
  inputs: readonly Tensor[] | null,
  { createGraph = false }: BackwardOptions = {},
): Tensor[] {
  const order = topologicalOrder(roots);
  // Prune: with explicit inputs, only nodes on a path to an input matter.
  let relevant: Set<Tensor> | null = null;
  if (inputs) {
    const targets = new Set(inputs);
    relevant = new Set();
    for (const t of order) {
      if (targets.has(t) || (t.node?.parents.some((p) => relevant!.has(p)) ?? false)) relevant.add(t);
    }
  }
  const cot = new Map<Tensor, Tensor>();
  // Buffers already adopted as some .grad in this pass (or owned by the caller's seeds): never adopted twice.
  const adopted = new Set<Float64Array>(seeds.map((s) => s.value.data));
  for (let i = 0; i < roots.length; i++) {
    const r = roots[i]!;
    if (!r.requiresGrad) continue;
    const prev = cot.get(r);
    cot.set(r, prev ? prev.add(seeds[i]!) : seeds[i]!);
  }
  withGradMode(createGraph, () => {
    for (let k = order.length - 1; k >= 0; k--) {
      const t = order[k]!;
      const g = cot.get(t);
      if (!g) continue;
      if (relevant && !relevant.has(t)) continue;
      const node = t.node;
      if (!node) {
        if (!inputs) accumulateLeafGrad(t, g, createGraph, adopted);
        continue;
      }
      if (inputs) {
        // Inputs may be interior nodes: keep their cotangent, but still pass it on (an input can depend on another).
        if (!node.parents.some((p) => relevant!.has(p))) continue;
      } else if (t.retainsGrad) {
        accumulateLeafGrad(t, g, createGraph, adopted);
      }
      let pg: readonly (Tensor | null | undefined)[];
      if (anomaly) {
        vjpDepth++;
        try {
          pg = node.vjp(g, t);
        } finally {
          vjpDepth--;
        }
        checkBackwardAnomaly(node, pg);
      } else {
        pg = node.vjp(g, t);
      }
      for (let i = 0; i < node.parents.length; i++) {
        const p = node.parents[i]!;
        const gi = pg[i];
        if (!gi || !p.requiresGrad) continue;
        if (relevant && !relevant.has(p)) continue;
        if (gi.shape.length !== p.shape.length || gi.shape.some((d, j) => d !== p.shape[j])) {
          throw new Error(`backward: VJP of '${node.op}' returned a gradient of shape ${formatShape(gi.shape)} for an input of shape ${formatShape(p.shape)}`);
        }
        const prev = cot.get(p);
        cot.set(p, prev ? prev.add(gi) : gi);
      }
      if (!inputs) cot.delete(t);
    }
  });
  if (!inputs) return [];
  return inputs.map((x) => cot.get(x) ?? x.zerosLike());
}

/**
 * .grad += g, in place when no graph is being recorded (as torch does). A
 * first gradient is adopted without a copy when its buffer is a fresh,
 * contiguous result of this pass that no other .grad holds; otherwise copied,
 * so that later in-place accumulation can never write into a shared buffer.
 */
function accumulateLeafGrad(t: Tensor, g: Tensor, createGraph: boolean, adopted: Set<Float64Array>): void {
  if (!t.grad) {
    if (createGraph) {
      t.grad = g;
      return;
    }
    const v = g.value;
    const owned = v.isContiguous() && v.offset === 0 && v.data.length === v.size && !adopted.has(v.data);
    t.grad = owned ? g : g.clone();
    adopted.add(t.grad.value.data);
    return;
  }
  if (createGraph || t.grad.requiresGrad) {
    t.grad = t.grad.add(g);
    return;
  }
  const dst = t.grad.data;
  const src = g.data;
  for (let i = 0; i < dst.length; i++) dst[i]! += src[i]!;
}
