/**
 * Creation paths refuse shapes they cannot hold (one check, src/tensor's
 * checkShape, plus the kernels' allocator), instead of trying to allocate.
 */
import { describe, expect, it } from 'vitest';
import { arange, eye, full, linspace, ones, rand, randn, tensor, zeros } from '../../src/autograd/index.js';
import { init } from '../../src/nn/index.js';
import { NDArray } from '../../src/tensor/index.js';

describe('every creation path refuses shapes it cannot hold, before allocating', () => {
  // 2³¹ elements of float64 would be 16 GiB: each call must fail at once with a one-line error naming the op.
  const tooBig = /more than the largest tensor supported \(2147483647 = 2³¹ − 1 elements/;
  it.each([
    ['randn([2³¹])', () => randn([2 ** 31]), /randn: shape \[2147483648\] has 2147483648 elements/],
    ['rand(2¹⁶, 2¹⁶)', () => rand(2 ** 16, 2 ** 16), tooBig],
    ['zeros([2¹⁶, 2¹⁶])', () => zeros([2 ** 16, 2 ** 16]), tooBig],
    ['ones', () => ones([2 ** 31]), tooBig],
    ['full', () => full([2 ** 20, 2 ** 20], 1), tooBig],
    ['eye(2¹⁶)', () => eye(2 ** 16), tooBig],
    ['arange(2³¹)', () => arange(2 ** 31), /arange: shape \[2147483648\]/],
    ['linspace(0, 1, 2³¹)', () => linspace(0, 1, 2 ** 31), /linspace: shape \[2147483648\]/],
    ['NDArray.zeros', () => NDArray.zeros([2 ** 31]), tooBig],
    ['init.normal([2³¹])', () => init.normal([2 ** 31]), /init.normal: shape \[2147483648\]/],
    ['a broadcast result of 2³² elements', () => zeros([2 ** 16, 1]).add(zeros([1, 2 ** 16])), /a result of 4294967296 elements is larger than the largest tensor supported/],
  ])('%s', (_name, make, message) => {
    expect(make).toThrow(message);
  });
  it.each([
    ['randn([-1])', () => randn([-1])],
    ['zeros([2.5])', () => zeros([2.5])],
    ['tensor(data, { shape: [-1, -1] })', () => tensor([1], { shape: [-1, -1] })],
    ['linspace num = 1.5', () => linspace(0, 1, 1.5)],
    ['init.zeros([NaN])', () => init.zeros([NaN])],
  ])('%s: negative or non-integer dimensions', (_name, make) => {
    expect(make).toThrow(/invalid shape .*every dimension must be a non-negative integer/);
  });
  it('arange refuses non-finite bounds', () => {
    expect(() => arange(0, Infinity)).toThrow(/arange: start and stop must be finite numbers/);
  });
});
