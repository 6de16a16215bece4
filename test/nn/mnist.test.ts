import { describe, expect, it } from 'vitest';
import { loadMnist, MNIST_PIXELS } from '../../src/nn/index.js';

/** A stand-in package: digit d's image i has every pixel equal to (d·100 + i)/1000, so each row names its source. */
const fake = async (d: number) => Float64Array.from({ length: 30 * MNIST_PIXELS }, (_, k) => (d * 100 + Math.floor(k / MNIST_PIXELS)) / 1000);

describe('loadMnist', () => {
  it('splits each class into disjoint train [0, nTrain) and test [nTrain, nTrain + nTest) images, relabelled to the class subset', async () => {
    const m = await loadMnist({ classes: [7, 2], trainPerClass: 4, testPerClass: 3, normalize: 'none', seed: 1 }, fake);
    expect(m.train.x.shape).toEqual([8, MNIST_PIXELS]);
    expect(m.test.x.shape).toEqual([6, MNIST_PIXELS]);
    const source = (x: Float64Array, r: number) => Math.round(x[r * MNIST_PIXELS]! * 1000);
    const seen = (set: typeof m.train) => Array.from({ length: set.y.size }, (_, r) => [set.y.data[r]!, source(set.x.data, r)] as const);
    for (const [label, src] of seen(m.train)) {
      expect(Math.floor(src / 100)).toBe([7, 2][label]);
      expect(src % 100).toBeLessThan(4);
    }
    for (const [, src] of seen(m.test)) expect(src % 100).toBeGreaterThanOrEqual(4);
    expect(new Set(seen(m.train).map(([, s]) => s)).size).toBe(8);
  });

  it('z-scores both sets with the training set’s scalar mean and standard deviation', async () => {
    const m = await loadMnist({ classes: [0, 1], trainPerClass: 5, testPerClass: 2 }, fake);
    const x = m.train.x.data;
    const mean = x.reduce((s, v) => s + v, 0) / x.length;
    const variance = x.reduce((s, v) => s + (v - mean) ** 2, 0) / x.length;
    // Σ of 7840 standardized values: cancellation leaves ~√n·εₘ·max|x| ≈ 1e-13.
    expect(Math.abs(mean)).toBeLessThan(1e-12);
    expect(variance).toBeCloseTo(1, 12);
    // Training pixels (d·100 + i)/1000 for d ∈ {0, 1}, i < 5: mean 0.052.
    expect(m.mean).toBeCloseTo(0.052, 14);
    // The test set is standardized with the training statistics: undoing them gives back a held-out raw pixel.
    const raw = (m.test.x.data[0]! * m.std + m.mean) * 1000;
    expect(Math.abs(raw - Math.round(raw))).toBeLessThan(1e-9);
    expect(Math.round(raw) % 100).toBeGreaterThanOrEqual(5);
  });

  it('center: subtracts each pixel’s training mean, so every pixel column of the training set sums to 0', async () => {
    const m = await loadMnist({ classes: [0, 4], trainPerClass: 3, testPerClass: 1, normalize: 'center' }, fake);
    for (let p = 0; p < MNIST_PIXELS; p += 97) {
      let s = 0;
      for (let r = 0; r < 6; r++) s += m.train.x.data[r * MNIST_PIXELS + p]!;
      expect(Math.abs(s)).toBeLessThan(1e-12);
    }
    // Pixel means of the stand-in: digit 0 rows 0–2 and digit 4 rows 0–2 → (0 + 1 + 2 + 400 + 401 + 402)/6/1000.
    expect(m.pixelMean![0]).toBeCloseTo(1206 / 6000, 14);
  });

  it('gives [n, 1, 28, 28] unflattened, the same rows for the same seed, and one-line errors', async () => {
    const a = await loadMnist({ classes: [3], trainPerClass: 2, testPerClass: 0, flatten: false, seed: 4 }, fake);
    expect(a.train.x.shape).toEqual([2, 1, 28, 28]);
    const b = await loadMnist({ trainPerClass: 3, seed: 9, testPerClass: 1 }, fake);
    const c = await loadMnist({ trainPerClass: 3, seed: 9, testPerClass: 1 }, fake);
    expect(Array.from(b.train.y.data)).toEqual(Array.from(c.train.y.data));
    await expect(loadMnist({ classes: [1, 1] }, fake)).rejects.toThrow(/classes must be distinct digits 0–9/);
    await expect(loadMnist({ trainPerClass: 25, testPerClass: 10 }, fake)).rejects.toThrow(/digit 0 has 30 images, fewer than trainPerClass \+ testPerClass = 35/);
  });

  it('reads real digits from the installed npm package: grey levels in [0, 1], every image inked, a ‘1’ carrying less ink than a ‘0’', async () => {
    const m = await loadMnist({ classes: [0, 1], trainPerClass: 5, testPerClass: 2, normalize: 'none' });
    const x = m.train.x.data;
    expect(Math.min(...x)).toBe(0);
    expect(Math.max(...x)).toBeLessThanOrEqual(1);
    const ink = [0, 0];
    for (let r = 0; r < 10; r++) {
      let s = 0;
      for (let p = 0; p < MNIST_PIXELS; p++) s += x[r * MNIST_PIXELS + p]!;
      expect(s).toBeGreaterThan(10);
      ink[m.train.y.data[r]!]! += s / 5;
    }
    // A '0' is a ring, a '1' a stroke: on MNIST the mean ink of 0s is about twice that of 1s (≈ 0.17 vs 0.08 per pixel).
    expect(ink[0]!).toBeGreaterThan(1.3 * ink[1]!);
  });
});
