import { describe, expect, it } from 'vitest';
import { Parameter, tensor } from '../../src/autograd/index.js';
import { NDArray } from '../../src/tensor/index.js';
import { calculateFanInAndFanOut, calculateGain, householderQr, init, Linear } from '../../src/nn/index.js';

/**
 * Sampling tolerances. For n i.i.d. draws with variance σ² and kurtosis κ,
 * the sample variance s² has Var(s²) = σ⁴(κ − (n − 3)/(n − 1))/n, so its
 * relative standard deviation is
 *   r(n, κ) = √((κ − (n − 3)/(n − 1))/n),
 * which is √(2/(n − 1)) for normal draws (κ = 3) and ≈ √(0.8/n) for uniform
 * draws (κ = 9/5). The sample mean has std σ/√n. We assert each within 5 of
 * its standard deviations: a correct initializer fails with probability
 * < 1e-6 per check (the statistics are nearly Gaussian at these n), while a
 * wrong formula (a factor √2 or 2 in the variance, say) is off by ≫ 5·r.
 */
function relStdOfVariance(n: number, kurtosis: number): number {
  return Math.sqrt((kurtosis - (n - 3) / (n - 1)) / n);
}

function moments(a: Float64Array): { mean: number; variance: number } {
  let s = 0;
  for (const v of a) s += v;
  const mean = s / a.length;
  let ss = 0;
  for (const v of a) ss += (v - mean) ** 2;
  return { mean, variance: ss / (a.length - 1) };
}

function expectMoments(a: Float64Array, expectedVariance: number, kurtosis: number, expectedMean = 0): void {
  const n = a.length;
  const { mean, variance } = moments(a);
  expect(Math.abs(mean - expectedMean)).toBeLessThan(5 * Math.sqrt(expectedVariance / n));
  expect(Math.abs(variance / expectedVariance - 1)).toBeLessThan(5 * relStdOfVariance(n, kurtosis));
}

const NORMAL = 3;
const UNIFORM = 9 / 5;

describe('fans and gains (torch semantics)', () => {
  it('computes fan_in / fan_out with a receptive field', () => {
    expect(calculateFanInAndFanOut([30, 20])).toEqual({ fanIn: 20, fanOut: 30 });
    expect(calculateFanInAndFanOut([16, 3, 5, 5])).toEqual({ fanIn: 75, fanOut: 400 });
    expect(() => calculateFanInAndFanOut([5])).toThrow(/at least 2 dimensions, got shape \[5\]/);
  });

  it('returns torch gains', () => {
    expect(calculateGain('linear')).toBe(1);
    expect(calculateGain('sigmoid')).toBe(1);
    expect(calculateGain('tanh')).toBe(5 / 3);
    expect(calculateGain('relu')).toBe(Math.SQRT2);
    expect(calculateGain('leakyRelu')).toBe(Math.sqrt(2 / (1 + 0.01 ** 2)));
    expect(calculateGain('leaky_relu', Math.sqrt(5))).toBeCloseTo(Math.sqrt(1 / 3), 15);
    expect(calculateGain('selu')).toBe(0.75);
    expect(() => calculateGain('gelu')).toThrow(/unsupported nonlinearity 'gelu'/);
  });
});

describe('initializer statistics match their formulas', () => {
  const shape = [300, 400]; // n = 120 000: r ≈ 0.0041 (normal), 0.0026 (uniform)

  it('uniform and normal', () => {
    expectMoments(init.uniform(shape, { a: -2, b: 1, seed: 1 }).data, 9 / 12, UNIFORM, -0.5);
    expectMoments(init.normal(shape, { mean: 0.3, std: 0.7, seed: 2 }).data, 0.49, NORMAL, 0.3);
  });

  it('xavier: Var = gain²·2/(fan_in + fan_out)', () => {
    const v = (2 * 2 * 2) / (400 + 300); // gain² = 4
    expectMoments(init.xavierUniform(shape, { gain: 2, seed: 3 }).data, v, UNIFORM);
    expectMoments(init.xavierNormal(shape, { gain: 2, seed: 4 }).data, v, NORMAL);
    const bound = 2 * Math.sqrt(6 / 700);
    expect(Math.max(...init.xavierUniform(shape, { gain: 2, seed: 3 }).data.map(Math.abs))).toBeLessThanOrEqual(bound);
  });

  it('kaiming: Var = gain²/fan, for both modes and nonlinearities', () => {
    expectMoments(init.kaimingNormal(shape, { nonlinearity: 'relu', seed: 5 }).data, 2 / 400, NORMAL);
    expectMoments(init.kaimingNormal(shape, { nonlinearity: 'relu', mode: 'fanOut', seed: 6 }).data, 2 / 300, NORMAL);
    expectMoments(init.kaimingUniform(shape, { nonlinearity: 'tanh', seed: 7 }).data, 25 / 9 / 400, UNIFORM);
    // torch's default: leaky ReLU with a = 0, gain² = 2.
    expectMoments(init.kaimingUniform(shape, { seed: 8 }).data, 2 / 400, UNIFORM);
    expect(() => init.kaimingNormal(shape, { mode: 'fan_in' as 'fanIn' })).toThrow(/mode must be one of 'fanIn', 'fanOut', got 'fan_in'$/);
  });

  it('lecun: Var = 1/fan_in', () => {
    expectMoments(init.lecunNormal(shape, { seed: 9 }).data, 1 / 400, NORMAL);
    expectMoments(init.lecunUniform(shape, { seed: 10 }).data, 1 / 400, UNIFORM);
  });

  it('zeros and constant fill exactly; a Parameter keeps its identity', () => {
    const p = new Parameter(NDArray.zeros([3, 2]));
    expect(init.constant(p, 0.25)).toBe(p);
    expect(Array.from(p.data)).toEqual([0.25, 0.25, 0.25, 0.25, 0.25, 0.25]);
    expect(Array.from(init.zeros(p).data)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(() => init.constant(p, NaN)).toThrow(/init.constant: value must be a finite number, got NaN$/);
    expect(() => init.uniform([2], { a: 1, b: 0 })).toThrow(/needs finite a ≤ b/);
  });

  it('is reproducible from the seed', () => {
    expect(Array.from(init.normal([5, 5], { seed: 42 }).data)).toEqual(Array.from(init.normal([5, 5], { seed: 42 }).data));
  });
});

describe('orthogonal', () => {
  /** max |(AᵀA or AAᵀ) − c·I| for row-major rows × cols. */
  function gramError(a: Float64Array, rows: number, cols: number, c: number): number {
    const [m, n] = rows >= cols ? [rows, cols] : [cols, rows];
    const at = (i: number, j: number): number => (rows >= cols ? a[i * cols + j]! : a[j * cols + i]!); // m×n view with orthonormal columns
    let worst = 0;
    for (let p = 0; p < n; p++) {
      for (let q = 0; q < n; q++) {
        let s = 0;
        for (let i = 0; i < m; i++) s += at(i, p) * at(i, q);
        worst = Math.max(worst, Math.abs(s - (p === q ? c : 0)));
      }
    }
    return worst;
  }

  // Householder QR is backward stable: ‖QᵀQ − I‖ = O(m·n·εₘ) ≈ 1e-13 at these sizes, so 1e-12 holds with margin.
  it.each([
    [[20, 20], 1],
    [[40, 7], 1.5],
    [[7, 40], 1],
    [[6, 3, 2, 2], 5 / 3],
  ])('gives WᵀW = gain²·I for shape %j', (shape, gain) => {
    const w = init.orthogonal(shape, { gain, seed: 13 });
    const rows = shape[0]!;
    const cols = w.size / rows;
    expect(gramError(w.data, rows, cols, gain * gain)).toBeLessThan(1e-12);
  });

  it('QR reproduces A = Q·R and fixes signs by diag(R)', () => {
    const m = 6;
    const n = 4;
    const a = init.normal([m, n], { seed: 21 }).data;
    const { q, rDiag } = householderQr(a, m, n);
    // R = QᵀA must be upper triangular with the returned diagonal, and Q·R = A.
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let r = 0;
        for (let k = 0; k < m; k++) r += q[k * n + i]! * a[k * n + j]!;
        if (i > j) expect(Math.abs(r)).toBeLessThan(1e-13);
        if (i === j) expect(r).toBeCloseTo(rDiag[i]!, 12);
      }
    }
    // orthogonal() flips column j by sign(R_jj): the result has the positive-diagonal QR, Wᵀ·G has a positive diagonal.
    const w = init.orthogonal([m, n], { seed: 21 }).data;
    for (let j = 0; j < n; j++) {
      let d = 0;
      for (let k = 0; k < m; k++) d += w[k * n + j]! * a[k * n + j]!;
      expect(d).toBeGreaterThan(0);
    }
  });

  it('rejects 1-d tensors', () => {
    expect(() => init.orthogonal(tensor([1, 2, 3]))).toThrow(/2 or more dimensions/);
  });
});

describe('Linear init specs', () => {
  it('applies elementwise specs to the bias too, fan-based ones give a zero bias', () => {
    const c = new Linear(3, 4, { init: { kind: 'constant', value: 0.5 } });
    expect([...c.weight.data, ...c.bias!.data].every((v) => v === 0.5)).toBe(true);
    const x = new Linear(30, 40, { init: { kind: 'xavierNormal' }, seed: 1 });
    expect(x.bias!.data.every((v) => v === 0)).toBe(true);
    const split = new Linear(3, 4, { init: { weight: { kind: 'zeros' }, bias: { kind: 'constant', value: 2 } } });
    expect(split.weight.data.every((v) => v === 0) && split.bias!.data.every((v) => v === 2)).toBe(true);
  });

  it('is seeded', () => {
    const a = new Linear(4, 4, { init: { kind: 'normal', std: 0.1 }, seed: 3 });
    const b = new Linear(4, 4, { init: { kind: 'normal', std: 0.1 }, seed: 3 });
    expect(Array.from(a.weight.data)).toEqual(Array.from(b.weight.data));
  });
});
