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
import { checkSaved, release } from './saved.js';
import type { Tensor } from './tensor.js';
import { isTracing } from './trace.js';

export type VjpFn = (g: Tensor, out: Tensor) => readonly (Tensor | null | undefined)[];

export interface GraphNode {
  readonly op: string;
  readonly parents: readonly Tensor[];
  readonly vjp: VjpFn;
  /** Where the op was called (only recorded in anomaly mode). */
  readonly trace?: string | undefined;
  /** Σ of the storage versions of the parents and the output when the op ran (see saved.ts). */
  version: number;
  /** Set once a backward pass without `retainGraph` has run this node's VJP (torch frees its buffers then). */
  released: boolean;
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

/**
 * Each pass stamps the tensors it orders with its own epoch and their
 * position (slot) in the order, so that marking "visited" and finding a
 * tensor's cotangent cost a field read instead of a hash lookup. A VJP that
 * itself runs a backward pass (a nested transform) restamps shared tensors;
 * `slotOf` notices and falls back to a search, so nesting stays correct.
 */
let lastEpoch = 0;

/** Nodes reachable from `roots` through tensors that require grad, parents before children. */
function topologicalOrder(roots: readonly Tensor[], epoch: number): Tensor[] {
  const order: Tensor[] = [];
  // Iterative post-order DFS: a 100,000-op chain must not overflow the call stack.
  const stack: Tensor[] = [];
  const next: number[] = [];
  for (const r of roots) {
    if (!r.requiresGrad || r.epoch === epoch) continue;
    r.epoch = epoch;
    stack.push(r);
    next.push(0);
    while (stack.length > 0) {
      const top = stack.length - 1;
      const t = stack[top]!;
      const parents = t.node?.parents;
      const i = next[top]!;
      if (parents && i < parents.length) {
        next[top] = i + 1;
        const p = parents[i]!;
        if (p.requiresGrad && p.epoch !== epoch) {
          p.epoch = epoch;
          stack.push(p);
          next.push(0);
        }
      } else {
        stack.pop();
        next.pop();
        t.slot = order.length;
        order.push(t);
      }
    }
  }
  return order;
}

function slotOf(t: Tensor, order: readonly Tensor[], epoch: number): number {
  return t.epoch === epoch && order[t.slot] === t ? t.slot : order.lastIndexOf(t);
}

export interface BackwardOptions {
  /** Record the backward pass so its results can be differentiated again. */
  createGraph?: boolean;
  /** Keep the graph for another backward pass through it (default: `createGraph`, as in torch). */
  retainGraph?: boolean;
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
  { createGraph = false, retainGraph = createGraph }: BackwardOptions = {},
): Tensor[] {
  if (!inputs && isTracing()) {
    // Accumulating into .grad is state outside the compiled function's inputs and outputs: return gradients instead.
    throw new Error('compile: .backward() cannot be compiled (it accumulates into .grad); return the gradients of grad() or valueAndGrad() from the compiled function');
  }
  const epoch = ++lastEpoch;
  const order = topologicalOrder(roots, epoch);
  const n = order.length;
  // Prune: with explicit inputs, only nodes on a path to an input matter.
  let relevant: boolean[] | null = null;
  if (inputs) {
    relevant = new Array<boolean>(n).fill(false);
    for (const x of inputs) {
      const k = slotOf(x, order, epoch);
      if (k >= 0) relevant[k] = true;
    }
    for (let k = 0; k < n; k++) {
      const parents = order[k]!.node?.parents;
      if (!relevant[k] && parents) relevant[k] = parents.some((p) => p.requiresGrad && relevant![slotOf(p, order, epoch)] === true);
    }
  }
  const cot = new Array<Tensor | undefined>(n);
  // Buffers already adopted as some .grad in this pass (or owned by the caller's seeds): never adopted twice.
  const adopted = new AdoptedBuffers(seeds);
  for (let i = 0; i < roots.length; i++) {
    const r = roots[i]!;
    if (!r.requiresGrad) continue;
    const k = slotOf(r, order, epoch);
    const prev = cot[k];
    cot[k] = prev ? prev.add(seeds[i]!) : seeds[i]!;
  }
  // The nodes whose VJP ran, released once the whole pass has succeeded (a failed pass leaves the graph as it was).
  const ran: number[] = [];
  const prevMode = gradEnabled;
  gradEnabled = createGraph;
  try {
    for (let k = n - 1; k >= 0; k--) {
      const g = cot[k];
      if (!g) continue;
      if (relevant && !relevant[k]) continue;
      const t = order[k]!;
      const node = t.node;
      if (!node) {
        if (!inputs) accumulateLeafGrad(t, g, createGraph, adopted);
        continue;
      }
      if (relevant) {
        // Inputs may be interior nodes: keep their cotangent, and pass it on only if an input lies further up.
        if (!node.parents.some((p) => p.requiresGrad && relevant![slotOf(p, order, epoch)] === true)) continue;
      } else if (t.retainsGrad) {
        accumulateLeafGrad(t, g, createGraph, adopted);
      }
      checkSaved(node, t);
      if (!retainGraph) ran.push(k);
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
      const parents = node.parents;
      for (let i = 0; i < parents.length; i++) {
        const p = parents[i]!;
        const gi = pg[i];
        if (!gi || !p.requiresGrad) continue;
        const j = slotOf(p, order, epoch);
        if (relevant && !relevant[j]) continue;
        if (!sameShape(gi.shape, p.shape)) {
          throw new Error(`backward: VJP of '${node.op}' returned a gradient of shape ${formatShape(gi.shape)} for an input of shape ${formatShape(p.shape)}`);
        }
        const prev = cot[j];
        cot[j] = prev ? prev.add(gi) : gi;
      }
      if (!inputs) cot[k] = undefined;
    }
  } finally {
    gradEnabled = prevMode;
  }
  for (const k of ran) release(order[k]!.node!, order[k]!);
  if (!inputs) return [];
  return inputs.map((x) => {
    const k = slotOf(x, order, epoch);
    return (k >= 0 ? cot[k] : undefined) ?? x.zerosLike();
  });
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The set of buffers handed out as .grad in one pass: a short list, a hash set once it grows. */
class AdoptedBuffers {
  private list: Float64Array[];
  private set: Set<Float64Array> | null = null;
  constructor(seeds: readonly Tensor[]) {
    this.list = seeds.map((s) => s.value.data);
  }
  has(d: Float64Array): boolean {
    return this.set ? this.set.has(d) : this.list.includes(d);
  }
  add(d: Float64Array): void {
    if (this.set) this.set.add(d);
    else if (this.list.push(d) > 32) this.set = new Set(this.list);
  }
}

/**
 * .grad += g, in place when no graph is being recorded (as torch does). A
 * first gradient is adopted without a copy when its buffer is a fresh,
 * contiguous result of this pass that no other .grad holds; otherwise copied,
 * so that later in-place accumulation can never write into a shared buffer.
 */
function accumulateLeafGrad(t: Tensor, g: Tensor, createGraph: boolean, adopted: AdoptedBuffers): void {
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
