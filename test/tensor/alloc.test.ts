import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocFloat64 } from '../../src/tensor/index.js';

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
});
