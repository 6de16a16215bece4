/**
 * The innermost loops of elementwise kernels, with the common operations
 * written out.
 *
 * A loop that calls `f(x)` per element can only be as fast as the call: once
 * a kernel has been used with more than a handful of different functions,
 * V8 stops inlining them and each call costs ~10 ns, ten times the
 * arithmetic of an add or a tanh. The operations that training spends its
 * time in therefore get a named code that selects a loop with the
 * arithmetic inline; any other operation passes its function. Both evaluate
 * the same expression, so the results are bit-identical.
 *
 * Every run walks n elements with a stride per operand (0 broadcasts one
 * value), writing out[oo], out[oo + 1], ….
 */

export type UnaryFn = (x: number) => number;
export type BinaryFn = (a: number, b: number) => number;
/** f′ as a function of the input x and the output y = f(x). */
export type DerivativeFn = (x: number, y: number) => number;

export type UnaryCode = 'neg' | 'exp' | 'log' | 'sqrt' | 'square' | 'abs' | 'sin' | 'cos' | 'tanh' | 'sigmoid' | 'relu';
export type BinaryCode = 'add' | 'sub' | 'mul' | 'div';
export type DerivativeCode = 'neg' | 'exp' | 'log' | 'sqrt' | 'square' | 'tanh' | 'sigmoid' | 'relu';

/** σ(x) = 1/(1+e^{−x}), evaluated without overflow for either sign. */
export function sigmoidScalar(v: number): number {
  if (v >= 0) return 1 / (1 + Math.exp(-v));
  const e = Math.exp(v);
  return e / (1 + e);
}

/** RELU_PICK[0] stays +0; reluScalar writes its argument into RELU_PICK[1]. */
const RELU_PICK = new Float64Array(2);

/**
 * relu(v) = v for v > 0, +0 for v ≤ 0 (also −0 and −∞), NaN for NaN — the value of `v > 0 ? v : v === v ? 0 : NaN`
 * — without a branch on the data: it reads v or +0 back from a two-element array at index +!(v ≤ 0), which is 1
 * exactly when v > 0 or v is NaN. A pre-activation's sign is a coin flip, so the branch mispredicted about half the
 * time: ≈ 3× slower per element in Node 20 (20 vs 6.5 ns on this machine under load). The same values, bit for bit.
 */
export function reluScalar(v: number): number {
  RELU_PICK[1] = v;
  return RELU_PICK[+!(v <= 0)]!;
}

/** out[oo + i] = f(x[xo + i·sx]) for i < n. */
export function unaryRun(f: UnaryCode | UnaryFn, out: Float64Array, oo: number, xd: Float64Array, xo: number, sx: number, n: number): void {
  const end = oo + n;
  switch (f) {
    case 'neg': for (let o = oo, p = xo; o < end; o++, p += sx) out[o] = -xd[p]!; return;
    case 'exp': for (let o = oo, p = xo; o < end; o++, p += sx) out[o] = Math.exp(xd[p]!); return;
    case 'log': for (let o = oo, p = xo; o < end; o++, p += sx) out[o] = Math.log(xd[p]!); return;
    case 'sqrt': for (let o = oo, p = xo; o < end; o++, p += sx) out[o] = Math.sqrt(xd[p]!); return;
    case 'square': for (let o = oo, p = xo; o < end; o++, p += sx) { const v = xd[p]!; out[o] = v * v; } return;
    case 'abs': for (let o = oo, p = xo; o < end; o++, p += sx) out[o] = Math.abs(xd[p]!); return;
    case 'sin': for (let o = oo, p = xo; o < end; o++, p += sx) out[o] = Math.sin(xd[p]!); return;
    case 'cos': for (let o = oo, p = xo; o < end; o++, p += sx) out[o] = Math.cos(xd[p]!); return;
    case 'tanh': for (let o = oo, p = xo; o < end; o++, p += sx) out[o] = Math.tanh(xd[p]!); return;
    case 'sigmoid': for (let o = oo, p = xo; o < end; o++, p += sx) out[o] = sigmoidScalar(xd[p]!); return;
    case 'relu': for (let o = oo, p = xo; o < end; o++, p += sx) out[o] = reluScalar(xd[p]!); return;
    default: for (let o = oo, p = xo; o < end; o++, p += sx) out[o] = f(xd[p]!);
  }
}

/** out[oo + i] = f(a[ao + i·sa], b[bo + i·sb]) for i < n. */
export function binaryRun(
  f: BinaryCode | BinaryFn,
  out: Float64Array, oo: number,
  ad: Float64Array, ao: number, sa: number,
  bd: Float64Array, bo: number, sb: number,
  n: number,
): void {
  const end = oo + n;
  switch (f) {
    case 'add': for (let o = oo, p = ao, q = bo; o < end; o++, p += sa, q += sb) out[o] = ad[p]! + bd[q]!; return;
    case 'sub': for (let o = oo, p = ao, q = bo; o < end; o++, p += sa, q += sb) out[o] = ad[p]! - bd[q]!; return;
    case 'mul': for (let o = oo, p = ao, q = bo; o < end; o++, p += sa, q += sb) out[o] = ad[p]! * bd[q]!; return;
    case 'div': for (let o = oo, p = ao, q = bo; o < end; o++, p += sa, q += sb) out[o] = ad[p]! / bd[q]!; return;
    default: for (let o = oo, p = ao, q = bo; o < end; o++, p += sa, q += sb) out[o] = f(ad[p]!, bd[q]!);
  }
}

/**
 * The first-order VJP of a unary op in one loop: out[i] = g[i]·f′(x[i], y[i])
 * over n contiguous elements (a single-element g, stride 0, is broadcast).
 */
export function derivativeRun(
  d: DerivativeCode | DerivativeFn,
  out: Float64Array,
  gd: Float64Array, go: number, sg: number,
  xd: Float64Array, xo: number,
  yd: Float64Array, yo: number,
  n: number,
): void {
  switch (d) {
    case 'neg': for (let i = 0, q = go; i < n; i++, q += sg) out[i] = gd[q]! * -1; return;
    case 'exp': for (let i = 0, q = go; i < n; i++, q += sg) out[i] = gd[q]! * yd[yo + i]!; return;
    case 'log': for (let i = 0, q = go; i < n; i++, q += sg) out[i] = gd[q]! * (1 / xd[xo + i]!); return;
    case 'sqrt': for (let i = 0, q = go; i < n; i++, q += sg) out[i] = gd[q]! * (1 / (2 * yd[yo + i]!)); return;
    case 'square': for (let i = 0, q = go; i < n; i++, q += sg) out[i] = gd[q]! * (2 * xd[xo + i]!); return;
    case 'tanh': for (let i = 0, q = go; i < n; i++, q += sg) { const y = yd[yo + i]!; out[i] = gd[q]! * (1 - y * y); } return;
    case 'sigmoid': for (let i = 0, q = go; i < n; i++, q += sg) { const y = yd[yo + i]!; out[i] = gd[q]! * (y * (1 - y)); } return;
    // g·1[x > 0] with the indicator as a number, not a branch (+true = 1, +false = 0: the same factors as `? 1 : 0`).
    case 'relu': for (let i = 0, q = go; i < n; i++, q += sg) out[i] = gd[q]! * +(xd[xo + i]! > 0); return;
    default: for (let i = 0, q = go; i < n; i++, q += sg) out[i] = gd[q]! * d(xd[xo + i]!, yd[yo + i]!);
  }
}
