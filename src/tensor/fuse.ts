/**
 * Fusion of specialized steps (specialize.ts) for compiled functions: a
 * layer's chain of elementwise runs, replayed as one loop.
 *
 * `fuse` merges a unary op into the binary op that feeds it when both walk
 * the same contiguous elements (a bias add followed by an activation): one
 * loop computes t = a ∘ b, stores t (it may be read later, e.g. saved for
 * the backward pass) and stores f(t). `fuseLinear` does the same for a small
 * product feeding that pair (a layer's forward pass): each entry's dot
 * product, then its bias and activation, all three results stored.
 * `fuseSum` runs a step and the sum over leading axes that reads its result
 * (a bias gradient after its activation's VJP) as one closure. Each
 * element sees the same operations in the same order as in the separate
 * loops (the expressions are those of pointwise.ts's runs and matmul.ts's
 * strided product), so fusion changes nothing but the number of loops.
 */
import type { KernelCall, Elementwise, Specialized } from './specialize.js';
import { reluScalar, sigmoidScalar } from './pointwise.js';

/**
 * One loop for a small product followed by a bias add and an activation reading exactly its output (a layer's
 * forward pass): per entry s = 0, s += A(i,k)·B(k,j) for k ascending (gemmStrided's operations), then
 * t = s + bias, y = f(t) as `fuse` computes them; s, t and y are all stored. Null where it does not apply.
 */
export function fuseLinear(product: Specialized, add: Specialized, act: Specialized): (() => void) | null {
  const p = product.product;
  const e1 = add.elementwise;
  if (!p || !e1 || e1.call.kind !== 'binary' || e1.call.f !== 'add') return null;
  const x = e1.call.a;
  if (x.data !== p.out || x.offset !== 0 || e1.n !== p.M * p.N) return null;
  // The bias is read at bo + j·bCol: a row of N repeated down the rows, or one value.
  if (!((e1.m === p.N && e1.bRow === 0) || e1.bCol === 0)) return null;
  const y = actOutput(e1, act);
  if (y === null) return null;
  const g = (act.elementwise!.call as KernelCall & { kind: 'unary' }).f;
  const { ad, ao, as0, as1, bd, bo, bs0, bs1, out: o, M, K, N } = p;
  const t = e1.out, cd = e1.call.b.data, co = e1.call.b.offset, cs = e1.bCol;
  // One loop per activation, written out: the activation inlined in each loop, where a function value called per
  // element would make the call site megamorphic (the reason for src/tensor/pointwise.ts's named loops too).
  switch (g) {
    case 'tanh': return () => {
      for (let i = 0, pa = ao, c = 0; i < M; i++, pa += as0) {
        for (let j = 0, pb = bo, q = co; j < N; j++, pb += bs1, q += cs, c++) {
          let s = 0;
          for (let k = 0, u = pa, w = pb; k < K; k++, u += as1, w += bs0) s += ad[u]! * bd[w]!;
          o[c] = s;
          const v = s + cd[q]!;
          t[c] = v;
          y[c] = Math.tanh(v);
        }
      }
    };
    case 'sigmoid': return () => {
      for (let i = 0, pa = ao, c = 0; i < M; i++, pa += as0) {
        for (let j = 0, pb = bo, q = co; j < N; j++, pb += bs1, q += cs, c++) {
          let s = 0;
          for (let k = 0, u = pa, w = pb; k < K; k++, u += as1, w += bs0) s += ad[u]! * bd[w]!;
          o[c] = s;
          const v = s + cd[q]!;
          t[c] = v;
          y[c] = sigmoidScalar(v);
        }
      }
    };
    default: return () => {
      for (let i = 0, pa = ao, c = 0; i < M; i++, pa += as0) {
        for (let j = 0, pb = bo, q = co; j < N; j++, pb += bs1, q += cs, c++) {
          let s = 0;
          for (let k = 0, u = pa, w = pb; k < K; k++, u += as1, w += bs0) s += ad[u]! * bd[w]!;
          o[c] = s;
          const v = s + cd[q]!;
          t[c] = v;
          y[c] = reluScalar(v);
        }
      }
    };
  }
}

/** The output of `act` when it is tanh, sigmoid or relu reading exactly the add's output; else null. */
function actOutput(e1: Elementwise, act: Specialized): Float64Array | null {
  const e2 = act.elementwise;
  if (!e2 || e2.call.kind !== 'unary') return null;
  const g = e2.call.f;
  if (g !== 'tanh' && g !== 'sigmoid' && g !== 'relu') return null;
  const x = e2.call.x;
  return x.data === e1.out && x.offset === 0 && e2.n === e1.n ? e2.out : null;
}

/**
 * One loop for `first` (a binary op over n contiguous elements) followed by `second` (a unary op reading exactly
 * first's output): per element t = a ∘ b; out1 = t; out2 = f(t). Null where no fused loop is written out.
 */
export function fuse(first: Specialized, second: Specialized): (() => void) | null {
  const e1 = first.elementwise;
  const e2 = second.elementwise;
  if (!e1 || !e2 || e1.call.kind !== 'binary' || e2.call.kind !== 'unary') return null;
  const x = e2.call.x;
  if (x.data !== e1.out || x.offset !== 0 || e2.n !== e1.n) return null;
  const { a, b, f } = e1.call;
  const g = e2.call.f;
  if (f !== 'add' || (g !== 'tanh' && g !== 'sigmoid' && g !== 'relu')) return null;
  const { n, m, bRow, bCol } = e1;
  const t = e1.out, y = e2.out, ad = a.data, ao = a.offset, bd = b.data, bo = b.offset;
  // The same expressions as binaryRun's 'add' and unaryRun's activations, element by element in the same order.
  switch (g) {
    case 'tanh': return () => {
      for (let s = 0, r = bo; s < n; s += m, r += bRow) {
        for (let j = 0, q = r; j < m; j++, q += bCol) { const v = ad[ao + s + j]! + bd[q]!; t[s + j] = v; y[s + j] = Math.tanh(v); }
      }
    };
    case 'sigmoid': return () => {
      for (let s = 0, r = bo; s < n; s += m, r += bRow) {
        for (let j = 0, q = r; j < m; j++, q += bCol) { const v = ad[ao + s + j]! + bd[q]!; t[s + j] = v; y[s + j] = sigmoidScalar(v); }
      }
    };
    case 'relu': return () => {
      for (let s = 0, r = bo; s < n; s += m, r += bRow) {
        for (let j = 0, q = r; j < m; j++, q += bCol) { const v = ad[ao + s + j]! + bd[q]!; t[s + j] = v; y[s + j] = reluScalar(v); }
      }
    };
  }
}

/**
 * `first` and then `sum`, a sum over leading axes of exactly first's result (reduce.ts's leading-axes loop: o[j]
 * from +0, adding the rows in order), as one closure. Null where it does not apply.
 */
export function fuseSum(first: Specialized, sum: Specialized): (() => void) | null {
  const c = sum.columnSum;
  if (!c || first.out === undefined || first.out !== c.x || c.x.length < c.R * c.M) return null;
  const run = first.run;
  const { x, R, M, out: o } = c;
  return () => {
    run();
    for (let j = 0; j < M; j++) o[j] = 0;
    for (let i = 0, p = 0; i < R; i++) for (let j = 0; j < M; j++, p++) o[j]! += x[p]!;
  };
}
