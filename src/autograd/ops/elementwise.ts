/**
 * Elementwise ops: each forward next to its VJP (g is the cotangent of the
 * output, `out` the output tensor itself). Binary ops broadcast; their
 * gradients are reduced back to each input's shape in one place (sumToShape).
 *
 * A unary op may also give its scalar derivative f′(x) (as a function of x
 * and y = f(x)). When the backward pass records no graph (first-order
 * gradients), g·f′ is then evaluated in one fused loop; when it records
 * (higher orders) the VJP written in Tensor ops is used, so it can itself be
 * differentiated. The tests check both paths against finite differences.
 */
import {
  NDArray, allocFloat64, derivativeRun, erf, mapBinary, mapUnary, normalCdf, sigmoidScalar, whereKernel,
  type BinaryCode, type BinaryFn, type DerivativeCode, type DerivativeFn, type UnaryCode, type UnaryFn,
} from '../../tensor/index.js';
import { isGradEnabled } from '../graph.js';
import { asTensor, record, sumToShape, type TensorLike } from '../record.js';
import { Tensor } from '../tensor.js';
import { evaluate } from '../trace.js';

type Derivative = DerivativeCode | DerivativeFn;

function unary(op: string, x: Tensor, f: UnaryCode | UnaryFn, vjp: (g: Tensor, x: Tensor, out: Tensor) => Tensor, derivative?: Derivative): Tensor {
  return record(op, () => mapUnary(x.value, f), [x], (g, out) => [
    derivative && !isGradEnabled() ? fusedVjp(g, x, out, derivative) ?? vjp(g, x, out) : vjp(g, x, out),
  ], () => ({ kind: 'unary', x: x.value, f }));
}

/** g·f′(x, y) in one loop, for contiguous x (and a contiguous g of its shape, or a broadcast single value); else null: use the Tensor-op VJP. */
function fusedVjp(g: Tensor, x: Tensor, out: Tensor, derivative: Derivative): Tensor | null {
  const gv = g.value;
  const xv = x.value;
  const yv = out.value;
  if (!xv.isContiguous() || gv.size !== xv.size || gv.ndim !== xv.ndim) return null;
  // A cotangent broadcast from one value (the VJP of a sum or mean) is read with stride 0.
  const sg = gv.isContiguous() ? 1 : gv.strides.every((s) => s === 0) ? 0 : -1;
  if (sg < 0) return null;
  return new Tensor(evaluate(() => {
    const r = allocFloat64(gv.size);
    derivativeRun(derivative, r, gv.data, gv.offset, sg, xv.data, xv.offset, yv.data, yv.offset, r.length);
    return new NDArray(r, xv.shape);
  }, () => ({ kind: 'derivative', d: derivative, g: gv, sg: sg === 0 ? 0 : 1, x: xv, y: yv })));
}

type Partial = (g: Tensor, a: Tensor, b: Tensor, out: Tensor) => Tensor;

/** A broadcasting binary op with its two partial VJPs; each is evaluated only for an input that requires grad. */
function binary(op: string, a: TensorLike, b: TensorLike, f: BinaryCode | BinaryFn, vjpA: Partial, vjpB: Partial): Tensor {
  const ta = asTensor(a);
  const tb = asTensor(b);
  return record(op, () => mapBinary(ta.value, tb.value, f, op), [ta, tb], (g, out) => [
    ta.requiresGrad ? sumToShape(vjpA(g, ta, tb, out), ta.shape) : null,
    tb.requiresGrad ? sumToShape(vjpB(g, ta, tb, out), tb.shape) : null,
  ], () => ({ kind: 'binary', a: ta.value, b: tb.value, f }));
}

/** A constant (non-differentiable) elementwise result, e.g. masks and comparisons. */
function constantUnary(x: Tensor, f: UnaryFn): Tensor {
  return record('constant', () => mapUnary(x.value, f), [], () => []);
}
function constantBinary(op: string, a: TensorLike, b: TensorLike, f: BinaryFn): Tensor {
  const ta = asTensor(a);
  const tb = asTensor(b);
  return record(op, () => mapBinary(ta.value, tb.value, f, op), [], () => []);
}

// ---- arithmetic --------------------------------------------------------------
// d(a+b) = da + db;  d(a−b) = da − db;  d(ab) = b·da + a·db;  d(a/b) = da/b − (a/b)·db/b.
export const add = (a: TensorLike, b: TensorLike): Tensor => binary('add', a, b, 'add', (g) => g, (g) => g);
export const sub = (a: TensorLike, b: TensorLike): Tensor => binary('sub', a, b, 'sub', (g) => g, (g) => g.neg());
export const mul = (a: TensorLike, b: TensorLike): Tensor =>
  binary('mul', a, b, 'mul', (g, _a, tb) => g.mul(tb), (g, ta) => g.mul(ta));
export const div = (a: TensorLike, b: TensorLike): Tensor =>
  binary('div', a, b, 'div', (g, _a, tb) => g.div(tb), (g, _a, tb, out) => g.mul(out).div(tb).neg());

/** aᵇ: ∂/∂a = b·a^{b−1}; ∂/∂b = aᵇ·ln a (taken as 0 where a = 0, as PyTorch does). */
export function pow(a: TensorLike, b: TensorLike): Tensor {
  if (typeof b === 'number') {
    const p = b;
    const ta = asTensor(a);
    if (p === 2) return unary('pow', ta, 'square', (g, x) => g.mul(x).mul(2));
    return unary('pow', ta, (x) => Math.pow(x, p), (g, x) => (p === 0 ? g.mul(0) : g.mul(x.pow(p - 1)).mul(p)));
  }
  return binary(
    'pow', a, b, Math.pow,
    (g, ta, tb) => g.mul(tb).mul(ta.pow(tb.sub(1))),
    (g, ta, _b, out) => g.mul(where(ta.eq(0), 0, out.mul(ta.log()))),
  );
}

/** max(a, b): the gradient goes to the larger input; on ties it is split equally (PyTorch's convention). */
export const maximum = (a: TensorLike, b: TensorLike): Tensor =>
  binary('maximum', a, b, (x, y) => (x !== x || y !== y ? NaN : Math.max(x, y)),
    (g, ta, tb) => g.mul(mapShare(ta, tb, (x, y) => (x > y ? 1 : x === y ? 0.5 : 0))),
    (g, ta, tb) => g.mul(mapShare(ta, tb, (x, y) => (y > x ? 1 : x === y ? 0.5 : 0))));
export const minimum = (a: TensorLike, b: TensorLike): Tensor =>
  binary('minimum', a, b, (x, y) => (x !== x || y !== y ? NaN : Math.min(x, y)),
    (g, ta, tb) => g.mul(mapShare(ta, tb, (x, y) => (x < y ? 1 : x === y ? 0.5 : 0))),
    (g, ta, tb) => g.mul(mapShare(ta, tb, (x, y) => (y < x ? 1 : x === y ? 0.5 : 0))));
function mapShare(a: Tensor, b: Tensor, f: BinaryFn): Tensor {
  return constantBinary('share', a, b, f);
}

// ---- comparisons (not differentiable: 1 where true, 0 where false) -----------------
export const eq = (a: TensorLike, b: TensorLike): Tensor => constantBinary('eq', a, b, (x, y) => (x === y ? 1 : 0));
export const ne = (a: TensorLike, b: TensorLike): Tensor => constantBinary('ne', a, b, (x, y) => (x !== y ? 1 : 0));
export const lt = (a: TensorLike, b: TensorLike): Tensor => constantBinary('lt', a, b, (x, y) => (x < y ? 1 : 0));
export const le = (a: TensorLike, b: TensorLike): Tensor => constantBinary('le', a, b, (x, y) => (x <= y ? 1 : 0));
export const gt = (a: TensorLike, b: TensorLike): Tensor => constantBinary('gt', a, b, (x, y) => (x > y ? 1 : 0));
export const ge = (a: TensorLike, b: TensorLike): Tensor => constantBinary('ge', a, b, (x, y) => (x >= y ? 1 : 0));
export const sign = (x: Tensor): Tensor => constantUnary(x, (v) => (v > 0 ? 1 : v < 0 ? -1 : v === 0 ? 0 : NaN));

/** where(cond, a, b) = cond ≠ 0 ? a : b; the cotangent is routed to the chosen branch. */
export function where(cond: TensorLike, a: TensorLike, b: TensorLike): Tensor {
  const tc = asTensor(cond);
  const ta = asTensor(a);
  const tb = asTensor(b);
  return record('where', () => whereKernel(tc.value, ta.value, tb.value), [ta, tb], (g) => [
    ta.requiresGrad ? sumToShape(where(tc, g, 0), ta.shape) : null,
    tb.requiresGrad ? sumToShape(where(tc, 0, g), tb.shape) : null,
  ]);
}

// ---- unary ----------------------------------------------------------------------------
export const neg = (x: Tensor): Tensor => unary('neg', x, 'neg', (g) => g.neg(), 'neg');
export const exp = (x: Tensor): Tensor => unary('exp', x, 'exp', (g, _x, out) => g.mul(out), 'exp');
export const log = (x: Tensor): Tensor => unary('log', x, 'log', (g, x) => g.div(x), 'log');
export const log1p = (x: Tensor): Tensor => unary('log1p', x, Math.log1p, (g, x) => g.div(x.add(1)));
export const expm1 = (x: Tensor): Tensor => unary('expm1', x, Math.expm1, (g, _x, out) => g.mul(out.add(1)));
export const sqrt = (x: Tensor): Tensor => unary('sqrt', x, 'sqrt', (g, _x, out) => g.div(out.mul(2)), 'sqrt');
export const square = (x: Tensor): Tensor => unary('square', x, 'square', (g, x) => g.mul(x).mul(2), 'square');
export const abs = (x: Tensor): Tensor => unary('abs', x, 'abs', (g, x) => g.mul(sign(x)));
export const sin = (x: Tensor): Tensor => unary('sin', x, 'sin', (g, x) => g.mul(x.cos()));
export const cos = (x: Tensor): Tensor => unary('cos', x, 'cos', (g, x) => g.mul(x.sin()).neg());
/** tanh' = 1 − tanh². */
export const tanh = (x: Tensor): Tensor => unary('tanh', x, 'tanh', (g, _x, out) => g.mul(out.square().neg().add(1)), 'tanh');
/** σ(x) = 1/(1+e^{−x}), evaluated without overflow; σ' = σ(1 − σ). */
export const sigmoid = (x: Tensor): Tensor =>
  unary('sigmoid', x, 'sigmoid', (g, _x, out) => g.mul(out).mul(out.neg().add(1)), 'sigmoid');
export { sigmoidScalar };
/** relu' = 1[x > 0] (0 at x = 0, as PyTorch). */
export const relu = (x: Tensor): Tensor =>
  unary('relu', x, 'relu', (g, x) => g.mul(x.gt(0)), 'relu');
export const leakyRelu = (x: Tensor, negativeSlope = 0.01): Tensor =>
  unary('leakyRelu', x, (v) => (v > 0 ? v : negativeSlope * v), (g, x) => g.mul(where(x.gt(0), 1, negativeSlope)));

/**
 * softplus(x) = (1/β)·ln(1 + e^{βx}), reverting to x where βx > threshold
 * (PyTorch's defaults β = 1, threshold = 20); derivative σ(βx) (or 1).
 */
export function softplus(x: Tensor, beta = 1, threshold = 20): Tensor {
  return unary(
    'softplus',
    x,
    (v) => (v * beta > threshold ? v : v * beta > 0 ? (v * beta + Math.log1p(Math.exp(-v * beta))) / beta : Math.log1p(Math.exp(v * beta)) / beta),
    (g, x) => g.mul(where(x.mul(beta).gt(threshold), 1, x.mul(beta).sigmoid())),
  );
}

/** clamp: gradient 1 where min ≤ x ≤ max (inclusive, as PyTorch), else 0. */
export function clamp(x: Tensor, min?: number | null, max?: number | null): Tensor {
  const lo = min ?? -Infinity;
  const hi = max ?? Infinity;
  if (lo > hi) throw new Error(`clamp: min (${lo}) must not exceed max (${hi})`);
  return unary('clamp', x, (v) => (v < lo ? lo : v > hi ? hi : v), (g, x) => g.mul(constantUnary(x, (v) => (v >= lo && v <= hi ? 1 : 0))));
}

/** erf, with d erf/dx = (2/√π) e^{−x²}. */
export const erfOp = (x: Tensor): Tensor =>
  unary('erf', x, erf, (g, x) => g.mul(x.square().neg().exp().mul(2 / Math.sqrt(Math.PI))));

/** Φ(x), the standard normal CDF, with Φ'(x) = φ(x) = e^{−x²/2}/√(2π). */
const normalCdfOp = (x: Tensor): Tensor =>
  unary('normalCdf', x, normalCdf, (g, x) => g.mul(x.square().mul(-0.5).exp().mul(1 / Math.sqrt(2 * Math.PI))));

/**
 * GELU (Hendrycks & Gimpel 2016). 'none' (PyTorch's default): x·Φ(x).
 * 'tanh': ½x(1 + tanh(√(2/π)(x + 0.044715x³))). Composites, so every order of derivative is exact.
 */
export function gelu(x: Tensor, approximate: 'none' | 'tanh' = 'none'): Tensor {
  if (approximate === 'tanh') {
    const inner = x.add(x.pow(3).mul(0.044715)).mul(Math.sqrt(2 / Math.PI));
    return x.mul(inner.tanh().add(1)).mul(0.5);
  }
  return x.mul(normalCdfOp(x));
}
