import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocFloat64, kernelScope, setKernelSlabBytes } from '../../src/tensor/index.js';
import { Parameter, mseLoss, nn, optim, randn } from '../../src/index.js';

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

  it('kernelScope reuses its memory in the next scope, handing it out zeroed again', () => {
    // Default 8 KB slabs (1024 values): 400 + 500 share the first, 300 more opens a second.
    const layout = () => [allocFloat64(400), allocFloat64(500), allocFloat64(300)];
    const first = kernelScope(() => {
      const arrays = layout();
      arrays.forEach((a, i) => a.fill(i + 1));
      return arrays.map((a) => [a.buffer, a.byteOffset] as const);
    });
    expect(first[0]![0]).toBe(first[1]![0]);
    expect(first[2]![0]).not.toBe(first[1]![0]);
    kernelScope(() => {
      const arrays = layout();
      arrays.forEach((a, i) => {
        expect(a.buffer).toBe(first[i]![0]);
        expect(a.byteOffset).toBe(first[i]![1]);
        expect(a.every((v) => v === 0)).toBe(true);
      });
      // A nested scope is part of this one: it takes the next free range.
      const c = kernelScope(() => allocFloat64(50));
      expect(c.buffer).toBe(arrays[2]!.buffer);
      expect(c.byteOffset).toBe(arrays[2]!.byteOffset + arrays[2]!.byteLength);
    });
    // Outside any scope, results come from slabs that are never reused.
    expect(allocFloat64(100).buffer).not.toBe(first[0]![0]);
    expect(() => kernelScope(() => setKernelSlabBytes(8192))).toThrow(/cannot change the slab size inside kernelScope/);
  });

  it('a training step inside kernelScope gives the same numbers as outside, step after step', () => {
    const run = (scoped: boolean): number[] => {
      const model = new nn.MLP([2, 16, 16, 1], { hidden: 'tanh', seed: 3 }); // pooled sizes, incl. 16-wide bias gradients (summed into zeroed memory)
      const opt = new optim.SGD(model.parameters(), { lr: 0.1 });
      const x = randn([16, 2], { seed: 4 });
      const y = x.select(1, 0).mul(x.select(1, 1)).reshape([16, 1]);
      const losses: number[] = [];
      for (let t = 0; t < 20; t++) {
        const step = () => {
          opt.zeroGrad();
          const loss = mseLoss(model.forward(x), y);
          loss.backward();
          opt.step();
          for (const p of model.parameters()) p.grad = null;
          return loss.item();
        };
        losses.push(scoped ? kernelScope(step) : step());
      }
      return losses;
    };
    expect(run(true)).toEqual(run(false));
  });
});
