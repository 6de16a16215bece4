import { describe, expect, it } from 'vitest';
import { noGrad } from '../../src/autograd/index.js';
import { Rng } from '../../src/tensor/index.js';
import {
  batches,
  chebyshevT,
  circles,
  gaussianBlobs,
  lowRankLinear,
  MLP,
  noisyXor,
  regression1d,
  spirals,
  teacherStudent,
  twoMoons,
  xor,
  type StateDict,
} from '../../src/nn/index.js';

function counts(y: Float64Array): Map<number, number> {
  const m = new Map<number, number>();
  for (const v of y) m.set(v, (m.get(v) ?? 0) + 1);
  return m;
}

describe('classification datasets', () => {
  it('xor has the 4 points and their parity', () => {
    const d = xor();
    expect(d.x.toArray()).toEqual([[0, 0], [0, 1], [1, 0], [1, 1]]);
    expect(d.y.toArray()).toEqual([[0], [1], [1], [0]]);
    expect(xor({ signed: true }).x.toArray()).toEqual([[-1, -1], [-1, 1], [1, -1], [1, 1]]);
    expect(d.meta).toMatchObject({ task: 'binary', nSamples: 4, nFeatures: 2 });
  });

  it('noisyXor labels are the parity of the corner each point was drawn around', () => {
    const d = noisyXor({ n: 500, noise: 0.05, seed: 3 });
    expect(d.x.shape).toEqual([500, 2]);
    expect(d.y.shape).toEqual([500, 1]);
    // noise 0.05: a point is nearer its own corner unless a draw exceeds 0.5 = 10σ (probability ~1e-23).
    for (let i = 0; i < 500; i++) expect(Math.round(d.x.data[2 * i]!) ^ Math.round(d.x.data[2 * i + 1]!)).toBe(d.y.data[i]);
    // Each of the 4 corners has probability 1/4: the label mean is 1/2 ± 5·√(1/4/500).
    expect(Math.abs(d.y.mean().item() - 0.5)).toBeLessThan(5 * Math.sqrt(0.25 / 500));
  });

  it('twoMoons without noise lies on the two half circles, half in each class', () => {
    const d = twoMoons({ n: 101, noise: 0, seed: 1 });
    expect(d.x.shape).toEqual([101, 2]);
    expect(counts(d.y.data)).toEqual(new Map([[0, 50], [1, 51]]));
    for (let i = 0; i < 101; i++) {
      const [a, b] = [d.x.data[2 * i]!, d.x.data[2 * i + 1]!];
      const r = d.y.data[i] === 0 ? Math.hypot(a, b) : Math.hypot(a - 1, b - 0.5);
      expect(r).toBeCloseTo(1, 14);
      expect(d.y.data[i] === 0 ? b >= -1e-15 : b <= 0.5 + 1e-15).toBe(true);
    }
  });

  it('circles have radii 1 and factor; noise spreads them by its std', () => {
    const d = circles({ n: 200, noise: 0, factor: 0.3, seed: 2 });
    for (let i = 0; i < 200; i++) expect(Math.hypot(d.x.data[2 * i]!, d.x.data[2 * i + 1]!)).toBeCloseTo(d.y.data[i] === 0 ? 1 : 0.3, 14);
    const noisy = circles({ n: 4000, noise: 0.1, factor: 0.5, seed: 2 });
    let dev = 0;
    for (let i = 0; i < 4000; i++) {
      const ideal = noisy.y.data[i] === 0 ? 1 : 0.5;
      dev += (Math.hypot(noisy.x.data[2 * i]!, noisy.x.data[2 * i + 1]!) - ideal) ** 2;
    }
    // The radial deviation is ≈ N(0, σ²) for σ ≪ r (plus O(σ²/r) curvature bias): rms ≈ 0.1 within 10%.
    expect(Math.sqrt(dev / 4000)).toBeGreaterThan(0.09);
    expect(Math.sqrt(dev / 4000)).toBeLessThan(0.11);
  });

  it('spirals have k balanced arms inside the unit disc (no noise)', () => {
    const d = spirals({ n: 300, arms: 3, noise: 0, seed: 0 });
    expect(d.y.shape).toEqual([300]);
    expect(counts(d.y.data)).toEqual(new Map([[0, 100], [1, 100], [2, 100]]));
    for (let i = 0; i < 300; i++) expect(Math.hypot(d.x.data[2 * i]!, d.x.data[2 * i + 1]!)).toBeLessThanOrEqual(1 + 1e-15);
    expect(d.meta.nClasses).toBe(3);
  });

  it('gaussianBlobs: each class has its center as mean and std² as variance', () => {
    const centers = [[0, 0], [5, -5], [-3, 4]];
    const d = gaussianBlobs({ n: 3000, centers, std: 0.5, seed: 7 });
    for (let c = 0; c < 3; c++) {
      const rows: number[][] = [];
      for (let i = 0; i < 3000; i++) if (d.y.data[i] === c) rows.push([d.x.data[2 * i]!, d.x.data[2 * i + 1]!]);
      expect(rows.length).toBe(1000);
      for (let j = 0; j < 2; j++) {
        const mean = rows.reduce((s, r) => s + r[j]!, 0) / rows.length;
        const variance = rows.reduce((s, r) => s + (r[j]! - mean) ** 2, 0) / (rows.length - 1);
        // Mean within 5·σ/√n; variance within 5·√(2/(n − 1)) relative (normal draws, see init.test.ts).
        expect(Math.abs(mean - centers[c]![j]!)).toBeLessThan((5 * 0.5) / Math.sqrt(1000));
        expect(Math.abs(variance / 0.25 - 1)).toBeLessThan(5 * Math.sqrt(2 / 999));
      }
    }
    expect(gaussianBlobs({ n: 10, centers: 4, dim: 3, seed: 1 }).x.shape).toEqual([10, 3]);
  });

  it('is reproducible from its seed and rejects bad arguments', () => {
    expect(Array.from(twoMoons({ seed: 5 }).x.data)).toEqual(Array.from(twoMoons({ seed: 5 }).x.data));
    expect(Array.from(twoMoons({ seed: 5 }).x.data)).not.toEqual(Array.from(twoMoons({ seed: 6 }).x.data));
    expect(() => twoMoons({ n: 0 })).toThrow(/twoMoons: n must be an integer ≥ 2/);
    expect(() => circles({ factor: 1.5 })).toThrow(/circles: factor must be a number in \(0, 1\), got 1.5$/);
    expect(() => spirals({ arms: 1 })).toThrow(/arms must be an integer ≥ 2/);
  });
});

describe('regression datasets', () => {
  it('Chebyshev T_k(cos θ) = cos kθ', () => {
    // The three-term recurrence is stable on [−1, 1]; error grows ~ k·εₘ.
    for (const k of [0, 1, 2, 5, 12]) for (const t of [0.1, 0.7, 2.3]) expect(chebyshevT(k, Math.cos(t))).toBeCloseTo(Math.cos(k * t), 13);
  });

  it('regression1d evaluates its curve on [n, 1] inputs', () => {
    const d = regression1d({ curve: { kind: 'polynomial', coefficients: [1, -2, 3] }, n: 11, grid: true });
    expect(d.x.shape).toEqual([11, 1]);
    for (let i = 0; i < 11; i++) {
      const x = d.x.data[i]!;
      expect(d.y.data[i]).toBeCloseTo(1 - 2 * x + 3 * x * x, 14);
    }
    expect(d.x.data[0]).toBe(-1);
    expect(d.x.data[10]).toBe(1);
    const s = regression1d({ curve: { kind: 'sin', frequency: 2 }, n: 50, seed: 4 });
    for (let i = 0; i < 50; i++) {
      expect(Math.abs(s.x.data[i]!)).toBeLessThanOrEqual(Math.PI);
      expect(s.y.data[i]).toBe(Math.sin(2 * s.x.data[i]!));
    }
  });

  it('teacherStudent labels inputs with the teacher stored in meta', () => {
    const d = teacherStudent({ n: 64, sizes: [5, 4, 2], seed: 3 });
    expect(d.x.shape).toEqual([64, 5]);
    expect(d.y.shape).toEqual([64, 2]);
    const teacher = new MLP([5, 4, 2], { hidden: 'tanh' });
    teacher.loadStateDict(d.meta.teacher as StateDict);
    const y = noGrad(() => teacher.forward(d.x));
    expect(Array.from(y.data)).toEqual(Array.from(d.y.data));
  });

  it('lowRankLinear maps v_k to s_k·u_k with orthonormal U and V', () => {
    const s = [4, 2, 0.5];
    const d = lowRankLinear({ inDim: 6, outDim: 5, singularValues: s, inputs: 'whitened', seed: 9 });
    expect(d.x.shape).toEqual([6, 6]);
    expect(d.y.shape).toEqual([6, 5]);
    const U = d.meta.U as number[][];
    const V = d.meta.V as number[][];
    // With x = I, row p of y is A·e_p, i.e. column p of A: y = Aᵀ.
    for (let k = 0; k < 3; k++) {
      for (let i = 0; i < 5; i++) {
        let av = 0;
        for (let p = 0; p < 6; p++) av += d.y.data[p * 5 + i]! * V[p]![k]!;
        // Orthogonality of V holds to ~1e-15 (Householder), so A·v_k = s_k·u_k to ~1e-14.
        expect(av).toBeCloseTo(s[k]! * U[i]![k]!, 13);
      }
    }
    expect(() => lowRankLinear({ inDim: 2, outDim: 3, singularValues: [1, 1, 1] })).toThrow(/singularValues must list 1…2/);
  });
});

describe('batches', () => {
  it('visits every row once per epoch, in a seeded order', () => {
    const d = gaussianBlobs({ n: 23, seed: 0 });
    const seen: number[] = [];
    const sizes: number[] = [];
    for (const b of batches(d, 5, new Rng(1))) {
      sizes.push(b.x.shape[0]!);
      seen.push(...b.indices);
      for (let r = 0; r < b.indices.length; r++) expect(b.y.data[r]).toBe(d.y.data[b.indices[r]!]);
    }
    expect(sizes).toEqual([5, 5, 5, 5, 3]);
    expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: 23 }, (_, i) => i));
    const again = [...batches(d, 5, new Rng(1))].flatMap((b) => [...b.indices]);
    expect(again).toEqual(seen);
    expect([...batches(d, 5, new Rng(1), { dropLast: true })].length).toBe(4);
    expect([...batches(d, 5)].flatMap((b) => [...b.indices])).toEqual(Array.from({ length: 23 }, (_, i) => i));
  });
});
