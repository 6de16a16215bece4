import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocFloat64, setKernelSlabBytes } from '../../src/tensor/index.js';
import { Parameter, randn } from '../../src/index.js';

describe('allocFloat64 (pooled kernel outputs)', () => {
  it('gives zero-filled arrays of the asked length that never overlap, across many slabs', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1200 }), { minLength: 1, maxLength: 300 }), (lengths) => {
        const arrays = lengths.map((n) => allocFloat64(n));
        arrays.forEach((a, i) => {
          expect(a.length).toBe(lengths[i]);
          expect(a.every((v) => v === 0)).toBe(true);
        });
        // Fill each with its own tag, then check no write reached another array.
        arrays.forEach((a, i) => a.fill(i + 1));
        arrays.forEach((a, i) => expect(a.every((v) => v === i + 1)).toBe(true));
        // Views sharing a slab occupy disjoint byte ranges.
        for (let i = 0; i < arrays.length; i++) {
          for (let j = i + 1; j < arrays.length; j++) {
            const [a, b] = [arrays[i]!, arrays[j]!];
            if (a.buffer !== b.buffer || a.length === 0 || b.length === 0) continue;
            expect(a.byteOffset + a.byteLength <= b.byteOffset || b.byteOffset + b.byteLength <= a.byteOffset).toBe(true);
          }
        }
      }),
      { numRuns: 50 },
    );
  });

  it('keeps tiny arrays on the heap and gives large ones their own buffer', () => {
    expect(allocFloat64(8).buffer.byteLength).toBe(64);
    expect(allocFloat64(5000).buffer.byteLength).toBe(40000);
    const medium = allocFloat64(16);
    expect(medium.buffer.byteLength).toBe(8192);
  });

  it('slab size is configurable within a checked range, and larger slabs pool larger arrays', () => {
    expect(() => setKernelSlabBytes(100)).toThrow(/setKernelSlabBytes: bytes must be an integer in \[4096, 268435456\], got 100/);
    try {
      setKernelSlabBytes(1 << 20);
      const a = allocFloat64(5000);
      const b = allocFloat64(5000);
      expect(a.buffer).toBe(b.buffer);
      expect(a.buffer.byteLength).toBe(1 << 20);
      b.fill(1);
      expect(a.every((v) => v === 0)).toBe(true);
    } finally {
      setKernelSlabBytes(8192);
    }
  });

  it('a Parameter never keeps a slab alive: it copies a pooled value into a buffer of its own', () => {
    const pooled = randn([4, 4], { seed: 1 }).mul(0.5);
    expect(pooled.data.buffer.byteLength).toBeGreaterThan(16 * 8);
    const p = new Parameter(pooled);
    expect(p.data.buffer.byteLength).toBe(16 * 8);
    expect(Array.from(p.data)).toEqual(Array.from(pooled.data));
    const own = randn([4, 4], { seed: 2 });
    expect(new Parameter(own).data).toBe(own.data);
  });
});
