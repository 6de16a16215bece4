/**
 * The two-thread matmul must give the one-thread product bit for bit: each row
 * of C is computed whole by one thread with the same kernel on the same packed
 * operands and the same ascending k-order, so no tolerance applies (any
 * difference is a defect).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { installParallelMatmul, parallelMatmulStats, setParallelMatmulMinWork, uninstallParallelMatmul } from '../../src/cli/parallelMatmul.js';
import { compileLossAndGrad, crossEntropy, Parameter, Tensor, tensor } from '../../src/index.js';
import { NDArray, Rng, matmulKernel, setParallelGemm } from '../../src/tensor/index.js';

function random(shape: number[], rng: Rng): NDArray {
  return new NDArray(rng.fillNormal(new Float64Array(shape.reduce((a, b) => a * b, 1))), shape);
}

function bitsEqual(x: NDArray, y: NDArray): boolean {
  const xs = x.toFlat();
  const ys = y.toFlat();
  return x.shape.join() === y.shape.join() && xs.every((v, j) => Object.is(v, ys[j]));
}

describe('parallel matmul (Node worker thread)', () => {
  afterAll(async () => {
    await uninstallParallelMatmul();
  });

  it('splits large products across two threads bit-identically to one thread: odd shapes, transposed operands, batches, and a second product larger than the first', async () => {
    const rng = new Rng(5);
    const cases: [NDArray, NDArray][] = [];
    for (const [m, k, n] of [[64, 64, 64], [131, 77, 95], [9, 300, 40], [257, 129, 3], [300, 260, 301]] as const) {
      cases.push([random([m, k], rng), random([k, n], rng)]);
      cases.push([random([k, m], rng).swapAxes(0, 1), random([n, k], rng).swapAxes(0, 1)]);
    }
    // Batched (3-D with a broadcast batch axis) and a transposed batch.
    cases.push([random([3, 67, 45], rng), random([1, 45, 70], rng)]);
    cases.push([random([2, 45, 67], rng).swapAxes(1, 2), random([45, 33], rng)]);
    const single = cases.map(([a, b]) => matmulKernel(a, b));
    expect(await installParallelMatmul({ minWork: 0 })).toBe(true);
    const before = parallelMatmulStats().products;
    // Twice: the second round reuses the shared memory after the largest product grew it.
    for (let round = 0; round < 2; round++) {
      const parallel = cases.map(([a, b]) => matmulKernel(a, b));
      for (let i = 0; i < cases.length; i++) expect(bitsEqual(single[i]!, parallel[i]!), `round ${round}, case ${i}`).toBe(true);
    }
    // Every 2-D case shares its product (each has at least two chunks of rows); each batch entry is one product.
    expect(parallelMatmulStats().products - before).toBe(2 * (10 + 3 + 2));
  });

  it('the worker takes part: over many products it computes some of the chunks', async () => {
    expect(await installParallelMatmul({ minWork: 0 })).toBe(true);
    const rng = new Rng(7);
    const a = random([256, 256], rng);
    const b = random([256, 256], rng);
    const one = matmulKernel(a, b);
    const before = parallelMatmulStats().helperChunks;
    // Whether the worker wakes in time for a given product depends on the scheduler: repeat until it has (bounded).
    for (let i = 0; i < 1000 && parallelMatmulStats().helperChunks === before; i++) expect(bitsEqual(matmulKernel(a, b), one)).toBe(true);
    expect(parallelMatmulStats().helperChunks).toBeGreaterThan(before);
  });

  it('a compiled step replays its large products on two threads, bit-identically to the eager step on one', async () => {
    const rng = new Rng(8);
    const W1 = new Parameter(new Tensor(random([50, 40], rng)));
    const W2 = new Parameter(new Tensor(random([40, 5], rng)));
    const x = new Tensor(random([64, 50], rng));
    const ids = tensor(Float64Array.from({ length: 64 }, (_, i) => i % 5));
    const loss = (xx: Tensor, t: Tensor) => crossEntropy(xx.matmul(W1).relu().matmul(W2), t);
    // The eager step on one thread: the reference.
    setParallelGemm(null);
    const l = loss(x, ids);
    l.backward();
    const expected = [l.value.toFlat(), W1.grad!.value.toFlat(), W2.grad!.value.toFlat()];
    expect(await installParallelMatmul({ minWork: 0 })).toBe(true);
    const compiled = compileLossAndGrad(loss, [W1, W2]);
    compiled(x, ids); // the trace
    const before = parallelMatmulStats().products;
    for (let call = 0; call < 2; call++) {
      const got = compiled(x, ids).map((t) => t.value.toFlat());
      expect(got.map((g, i) => g.every((v, j) => Object.is(v, expected[i]![j])))).toEqual([true, true, true]);
    }
    // Two products per replay reach the WebAssembly kernel's size: x·W1 and xᵀ·g (64·50·40); the others (·5) do not.
    expect(parallelMatmulStats().products - before).toBe(4);
  });

  it('keeps products below the crossover on one thread', async () => {
    expect(await installParallelMatmul({ minWork: 0 })).toBe(true);
    setParallelMatmulMinWork(1e9);
    const rng = new Rng(6);
    const before = parallelMatmulStats().products;
    matmulKernel(random([100, 100], rng), random([100, 100], rng));
    expect(parallelMatmulStats().products).toBe(before);
    setParallelGemm(null);
  });
});
