/**
 * Saved values: versions and release.
 *
 * A VJP reads its inputs' and output's values when the backward pass runs, so
 * those values must still be the ones of the forward pass (PyTorch's saved
 * tensors). Each storage (a tensor and its views, which point to it as `base`)
 * has a version counter. `.data` hands out the live buffer, and JavaScript
 * cannot see writes into it; so the first `.data` access to a storage that a
 * live graph node saved keeps a copy of its contents (in a buffer the storage
 * reuses), and the next check compares: different contents bump the version.
 * Reads cost one copy and raise nothing; an access to a storage that no live
 * node saved (the optimizer's in-place update after backward) costs nothing.
 * Each node records the sum of the versions it saw (versions only grow, so an
 * unchanged sum means unchanged values); backward compares it before running
 * the VJP. A backward pass without `retainGraph` releases the nodes it ran,
 * and running a released node again raises, as torch does. (The check covers
 * all inputs and the output of an op, also those its VJP does not read: a
 * conservative superset of torch's saved tensors.)
 */
import { formatShape } from '../tensor/index.js';
import type { GraphNode } from './graph.js';
import type { Tensor } from './tensor.js';

/** @internal The storage that `t` shares: its base if it is a view, else itself. */
export function storageOf(t: Tensor): Tensor {
  return t.base ?? t;
}

/** @internal Compare a pending snapshot with the contents (bumping the version if they differ); the version. */
export function settleVersion(b: Tensor): number {
  if (b.snapshotTaken) {
    b.snapshotTaken = false;
    if (!sameContents(b.snapshot!, b.value.data)) b.versionCount++;
  }
  return b.versionCount;
}

function sameContents(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    // NaN equals NaN here: a NaN left in place is not a modification.
    if (x !== y && (x === x || y === y)) return false;
  }
  return true;
}

/** @internal Mark the parents' and the output's storages as saved by a live node; the sum of their versions. */
export function saveForBackward(parents: readonly Tensor[], out: Tensor): number {
  let v = 0;
  for (let i = 0; i < parents.length; i++) {
    const b = storageOf(parents[i]!);
    b.liveSaves++;
    v += b.snapshotTaken ? settleVersion(b) : b.versionCount;
  }
  const b = storageOf(out);
  b.liveSaves++;
  return v + (b.snapshotTaken ? settleVersion(b) : b.versionCount);
}

function savedVersion(node: GraphNode, out: Tensor): number {
  let v = settleVersion(storageOf(out));
  for (let i = 0; i < node.parents.length; i++) v += settleVersion(storageOf(node.parents[i]!));
  return v;
}

/** @internal Mark a node released (its VJP ran in a pass without retainGraph): its storages are no longer saved by it. */
export function release(node: GraphNode, out: Tensor): void {
  node.released = true;
  storageOf(out).liveSaves--;
  for (let i = 0; i < node.parents.length; i++) storageOf(node.parents[i]!).liveSaves--;
}

/** @internal Before a node's VJP runs: raise if it was released, or if a value it saved has changed since the forward pass. */
export function checkSaved(node: GraphNode, out: Tensor): void {
  if (node.released) {
    throw new Error(
      `backward: trying to backward through the graph a second time: the backward pass through '${node.op}' already ran ` +
        'and released it; pass { retainGraph: true } to the first backward() to run backward through the graph again',
    );
  }
  if (savedVersion(node, out) !== node.version) {
    const shapes = node.parents.map((p) => formatShape(p.shape)).join(', ');
    throw new Error(
      'backward: one of the variables needed for gradient computation has been modified by an inplace operation: ' +
        `an input or the output of '${node.op}' (inputs ${shapes || 'none'}, output ${formatShape(out.shape)}) was written ` +
        '(through .data or an in-place write) after the forward pass; recompute the forward pass after changing values',
    );
  }
}
