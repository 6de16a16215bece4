/**
 * Replaying only the steps whose inputs changed (compile's `skipUnchanged`).
 *
 * A replayed step is a pure function of the buffers it reads, so a step none
 * of whose transitive sources changed since the previous replay would write
 * the very bits its buffer already holds. The sources of a trace are its
 * arguments and the outside tensors its steps read live (Parameters, data
 * closed over: `leaves`). At plan time each thunk gets the set of sources it
 * depends on, by a forward walk over the buffers each step reads and writes;
 * at a call, each source is compared bitwise with its value at the previous
 * replay, and a thunk runs only when one of its sources changed. Lanczos calls
 * an HVP at one θ with a new v each time, so the forward pass and the first
 * gradient (functions of θ alone) run once per θ instead of once per call.
 *
 * Conservative where the analysis cannot see: a step of unknown reads, or one
 * reading a buffer from outside the trace that is no source, always runs (and
 * so does everything downstream of it, through its buffer's dependency); a
 * thunk writing an output always runs (the caller may have written into the
 * returned view); an effect, a buffer written twice, a source written by a
 * step, or a buffer read before it is written disables skipping for the trace.
 * Equality is of bits: −0 differs from 0, and a NaN always counts as changed.
 */
import type { NDArray } from '../tensor/index.js';
import type { Step } from './trace.js';

/** What a trace needs at each call to decide which thunks to run. */
export interface SkipPlan {
  /** Per thunk: the sources it depends on (arguments 0…n−1, then `leaves`), or null when it always runs. */
  deps: (Int32Array | null)[];
  /** The outside tensors read live, compared at every call. */
  leaves: { value: NDArray }[];
  /** Each leaf's values at the previous replay. */
  snapshots: Float64Array[];
  /** Per source, whether it changed at this call (scratch). */
  changed: Uint8Array;
}

/**
 * The skip plan of a trace whose thunks replay `groups` of steps (one group per thunk, in order), or null when
 * skipping cannot be proved safe or could never skip anything.
 */
export function skipPlan(
  groups: readonly (readonly Step[])[],
  inputs: readonly { value: NDArray }[],
  leafTensors: readonly { value: NDArray }[],
  owned: ReadonlySet<ArrayBufferLike>,
  outputs: readonly { value: NDArray }[],
): SkipPlan | null {
  const nIn = inputs.length;
  // A buffer's dependency: the sources its content is a function of; null: unknown (treated as always changed).
  const dep = new Map<ArrayBufferLike, number[] | null>();
  inputs.forEach((x, i) => dep.set(x.value.data.buffer, [i]));
  // Constants the trace made (owned buffers) cannot change; everything else read from outside is a source.
  const leaves = leafTensors.filter((l) => !owned.has(l.value.data.buffer) && !dep.has(l.value.data.buffer));
  leaves.forEach((l, j) => {
    const b = l.value.data.buffer;
    const d = dep.get(b);
    if (d) d.push(nIn + j);
    else dep.set(b, [nIn + j]);
  });
  const sourceBuffers = new Set(dep.keys());
  const writtenAll = new Set<ArrayBufferLike>();
  for (const g of groups) {
    for (const s of g) {
      if (s.writes === null || writtenAll.has(s.writes) || sourceBuffers.has(s.writes)) return null;
      writtenAll.add(s.writes);
    }
  }
  const outBuffers = new Set(outputs.map((o) => o.value.data.buffer));
  const deps: (Int32Array | null)[] = [];
  let skippable = false;
  for (const g of groups) {
    let always = false;
    const union = new Set<number>();
    for (const s of g) {
      let unknown = s.reads === null;
      const mine = new Set<number>();
      for (const b of s.reads ?? []) {
        const d = dep.get(b);
        if (d === undefined) {
          if (writtenAll.has(b)) return null; // read before written: the previous call's value
          if (!owned.has(b)) unknown = true; // an outside buffer nobody noted
        } else if (d === null) unknown = true;
        else for (const k of d) mine.add(k);
      }
      dep.set(s.writes!, unknown ? null : [...mine]);
      if (unknown) always = true;
      for (const k of mine) union.add(k);
      if (outBuffers.has(s.writes!)) always = true;
    }
    if (!always) skippable = true;
    deps.push(always ? null : Int32Array.from(union));
  }
  if (!skippable) return null;
  return { deps, leaves, snapshots: leaves.map((l) => l.value.values().slice()), changed: new Uint8Array(nIn + leaves.length) };
}

/**
 * Whether `src` (from offset `o`) differs bitwise from `dst`, copying it into `dst` either way: a NaN counts as a
 * difference (its payload is not compared), and so does 0 against −0.
 */
export function copyChanged(dst: Float64Array, src: Float64Array, o: number): boolean {
  const n = dst.length;
  let k = 0;
  for (; k < n; k++) {
    const a = src[o + k]!;
    const b = dst[k]!;
    if (a !== b || (a === 0 && 1 / a !== 1 / b)) break;
  }
  if (k === n) return false;
  for (; k < n; k++) dst[k] = src[o + k]!;
  return true;
}

/** Mark in `plan.changed` which leaves changed since the previous replay (and remember their values). */
export function leavesChanged(plan: SkipPlan, nIn: number): void {
  const { leaves, snapshots, changed } = plan;
  for (let j = 0; j < leaves.length; j++) {
    const v = leaves[j]!.value;
    const c = v.isContiguous() ? copyChanged(snapshots[j]!, v.data, v.offset) : copyChanged(snapshots[j]!, v.values(), 0);
    changed[nIn + j] = c ? 1 : 0;
  }
}

/** Run the thunks a call needs: those that always run, and those with a changed source; how many ran. */
export function runChanged(thunks: readonly (() => void)[], plan: SkipPlan): number {
  const { deps, changed } = plan;
  let ran = 0;
  for (let i = 0; i < thunks.length; i++) {
    const d = deps[i];
    if (!d) {
      thunks[i]!();
      ran++;
      continue;
    }
    for (let k = 0; k < d.length; k++) {
      if (changed[d[k]!] === 1) {
        thunks[i]!();
        ran++;
        break;
      }
    }
  }
  return ran;
}
