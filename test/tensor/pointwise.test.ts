import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  NDArray, derivativeRun, mapBinary, mapUnary, sigmoidScalar, sizeOf,
  type BinaryCode, type BinaryFn, type DerivativeCode, type DerivativeFn, type UnaryCode, type UnaryFn,
} from '../../src/tensor/index.js';

/**
 * The named loops are the same expressions as these functions, written inline;
 * the results must agree bit for bit (NaN included) on every layout.
 */
const unaryRefs: Record<UnaryCode, UnaryFn> = {
  neg: (v) => -v, exp: Math.exp, log: Math.log, sqrt: Math.sqrt, square: (v) => v * v, abs: Math.abs,
  sin: Math.sin, cos: Math.cos, tanh: Math.tanh, sigmoid: sigmoidScalar, relu: (v) => (v > 0 ? v : v === v ? 0 : NaN),
};
const binaryRefs: Record<BinaryCode, BinaryFn> = { add: (a, b) => a + b, sub: (a, b) => a - b, mul: (a, b) => a * b, div: (a, b) => a / b };
const derivativeRefs: Record<DerivativeCode, DerivativeFn> = {
  neg: () => -1, exp: (_x, y) => y, log: (x) => 1 / x, sqrt: (_x, y) => 1 / (2 * y), square: (x) => 2 * x,
  tanh: (_x, y) => 1 - y * y, sigmoid: (_x, y) => y * (1 - y), relu: (x) => (x > 0 ? 1 : 0),
};

const special = [0, -0, 1, -1, 0.5, 40, -40, 800, -800, NaN, Infinity, -Infinity, 1e-300, -1e-310, 1e-310];
const valueArb = fc.oneof(fc.double({ min: -50, max: 50, noNaN: true }), fc.constantFrom(...special));
const shapeArb = fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 });

function filled(shape: number[], values: number[]): NDArray {
  const d = new Float64Array(sizeOf(shape));
  for (let i = 0; i < d.length; i++) d[i] = values[i % values.length]!;
  return new NDArray(d, shape);
}

/** The same values seen through a reversed-axes view (strided, not contiguous). */
function transposedView(x: NDArray): NDArray {
  return x.permute(x.shape.map((_, i) => x.ndim - 1 - i));
}

/** Bit for bit: Object.is per element, so −0 differs from +0 and NaN equals NaN. */
const same = (a: Float64Array, b: Float64Array) => expect(Array.from(a).map((v, i) => Object.is(v, b[i]))).toEqual(Array.from(a, () => true));

describe('named pointwise loops', () => {
  it('relu (branch-free) is +0 for −0, negatives and −∞, NaN for NaN, and x for x > 0', () => {
    const x = Float64Array.from([-0, 0, -1e-310, 1e-310, -3, 2.5, -Infinity, Infinity, NaN]);
    const y = mapUnary(new NDArray(x, [x.length]), 'relu').values();
    same(y, Float64Array.from([0, 0, 0, 1e-310, 0, 2.5, 0, Infinity, NaN]));
    // Its VJP g·1[x > 0]: g where x > 0, else g·0 (so −0 for negative g, NaN for infinite g).
    const g = Float64Array.from([-2, 3, -1, 4, Infinity, -5, 6, -7, 8]);
    const out = new Float64Array(x.length);
    derivativeRun('relu', out, g, 0, 1, x, 0, y, 0, x.length);
    same(out, Float64Array.from([-0, 0, -0, 4, NaN, -5, 0, -7, 0]));
  });

  it('unary codes equal their functions on contiguous and strided inputs', () => {
    fc.assert(
      fc.property(shapeArb, fc.array(valueArb, { minLength: 1, maxLength: 20 }), (shape, values) => {
        const x = filled(shape, values);
        for (const input of [x, transposedView(x)]) {
          for (const [code, fn] of Object.entries(unaryRefs) as [UnaryCode, UnaryFn][]) {
            same(mapUnary(input, code).values(), mapUnary(input, fn).values());
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it('binary codes equal their functions in every broadcasting path', () => {
    fc.assert(
      fc.property(shapeArb, fc.array(valueArb, { minLength: 1, maxLength: 20 }), fc.array(valueArb, { minLength: 1, maxLength: 20 }), (shape, va, vb) => {
        const a = filled(shape, va);
        const pairs: [NDArray, NDArray][] = [
          [a, filled(shape, vb)], // same shape
          [a, filled([1], vb)], // scalar right
          [filled([], vb), a], // scalar left
          [a, filled(shape.slice(1).length ? shape.slice(1) : [1], vb)], // trailing broadcast
          [transposedView(a), filled([...shape].reverse(), vb)], // strided
          [a, filled([shape[0]!, ...shape.slice(1).map(() => 1)], vb)], // general broadcast
        ];
        for (const [x, y] of pairs) {
          for (const [code, fn] of Object.entries(binaryRefs) as [BinaryCode, BinaryFn][]) {
            const viaCode = mapBinary(x, y, code, code);
            expect(viaCode.shape).toEqual(mapBinary(x, y, fn, code).shape);
            same(viaCode.values(), mapBinary(x, y, fn, code).values());
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it('derivative codes equal their functions, with a full or a broadcast cotangent', () => {
    fc.assert(
      fc.property(fc.array(valueArb, { minLength: 1, maxLength: 16 }), fc.array(valueArb, { minLength: 1, maxLength: 16 }), (xs, gs) => {
        const n = xs.length;
        const x = Float64Array.from(xs);
        const g = Float64Array.from({ length: n }, (_, i) => gs[i % gs.length]!);
        for (const [code, fn] of Object.entries(derivativeRefs) as [DerivativeCode, DerivativeFn][]) {
          const y = mapUnary(new NDArray(x, [n]), unaryRefs[code]).values();
          for (const sg of [1, 0]) {
            const viaCode = new Float64Array(n);
            const viaFn = new Float64Array(n);
            derivativeRun(code, viaCode, g, 0, sg, x, 0, y, 0, n);
            derivativeRun(fn, viaFn, g, 0, sg, x, 0, y, 0, n);
            same(viaCode, viaFn);
          }
        }
      }),
      { numRuns: 60 },
    );
  });
});
