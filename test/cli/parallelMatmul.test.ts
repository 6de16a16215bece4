/**
 * The two-thread matmul must give the one-thread product bit for bit: each row
 * of C is computed whole by one thread with the same kernel and the same
 * ascending k-order, so no tolerance applies (any difference is a defect).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { installParallelMatmul, parallelMatmulCalls, uninstallParallelMatmul } from '../../src/cli/parallelMatmul.js';
import { NDArray, Rng, matmulKernel, setParallelGemm } from '../../src/tensor/index.js';

function random(rows: number, cols: number, rng: Rng): NDArray {
  return new NDArray(rng.fillNormal(new Float64Array(rows * cols)), [rows, cols]);
}

describe('parallel matmul (Node worker thread)', () => {
  afterAll(async () => {
    await uninstallParallelMatmul();
  });

  it('splits large products across two threads bit-identically to one thread, for odd shapes and transposed operands', async () => {
    const rng = new Rng(5);
    const cases: [NDArray, NDArray][] = [];
    for (const [m, k, n] of [[64, 64, 64], [131, 77, 95], [5, 300, 40], [257, 129, 3]] as const) {
      cases.push([random(m, k, rng), random(k, n, rng)]);
      cases.push([random(k, m, rng).swapAxes(0, 1), random(n, k, rng).swapAxes(0, 1)]);
    }
    const single = cases.map(([a, b]) => Array.from(matmulKernel(a, b).values()));
    expect(await installParallelMatmul({ minWork: 0 })).toBe(true);
    const before = parallelMatmulCalls();
    const parallel = cases.map(([a, b]) => Array.from(matmulKernel(a, b).values()));
    expect(parallelMatmulCalls() - before).toBe(cases.length);
    for (let i = 0; i < cases.length; i++) {
      const same = single[i]!.every((v, j) => Object.is(v, parallel[i]![j]));
      expect(same, `case ${i}`).toBe(true);
    }
  });

  it('keeps products below the crossover on one thread', async () => {
    await uninstallParallelMatmul();
    expect(await installParallelMatmul({ minWork: 1e9 })).toBe(true);
    const rng = new Rng(6);
    const before = parallelMatmulCalls();
    matmulKernel(random(100, 100, rng), random(100, 100, rng));
    expect(parallelMatmulCalls()).toBe(before);
    setParallelGemm(null);
  });
});
