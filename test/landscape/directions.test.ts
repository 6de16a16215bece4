import { describe, expect, it } from 'vitest';
import { objective, Parameter, randn, tensor, type Tensor } from '../../src/autograd/index.js';
import { filterNormalize, filterNormalizedDirection, hessianDirections, mlpLoss, randomDirection, trajectoryPca } from '../../src/landscape/index.js';
import { SGD } from '../../src/optim/index.js';
import { Rng } from '../../src/tensor/index.js';

const shapes = [[32, 2], [32], [32, 32], [32], [1, 32], [1]];
const n = shapes.reduce((a, s) => a + s.reduce((x, y) => x * y, 1), 0);

function rowNorm(v: Float64Array, start: number, len: number): number {
  let s = 0;
  for (let i = start; i < start + len; i++) s += v[i] * v[i];
  return Math.sqrt(s);
}

describe('filter normalization (Li et al. 2018)', () => {
  const weights = new Rng(3).fillNormal(new Float64Array(n), 0, 0.7);

  it('gives each filter (row of an [out, in] weight) exactly the norm of the matching weight row', () => {
    const d = filterNormalizedDirection(weights, shapes, { seed: 11 });
    let offset = 0;
    let filters = 0;
    for (const shape of shapes) {
      const size = shape.reduce((a, b) => a * b, 1);
      if (shape.length === 2) {
        for (let r = 0; r < shape[0]; r++) {
          const wn = rowNorm(weights, offset + r * shape[1], shape[1]);
          const dn = rowNorm(d, offset + r * shape[1], shape[1]);
          // One scaling of a sum of ≤ 32 squares: relative error a few ulps, far below 1e-12.
          expect(Math.abs(dn - wn)).toBeLessThanOrEqual(1e-12 * wn);
          filters++;
        }
      } else {
        for (let i = offset; i < offset + size; i++) expect(d[i]).toBe(0); // biases ignored
      }
      offset += size;
    }
    expect(filters).toBe(32 + 32 + 1);
  });

  it('keeps each filter parallel to the random direction (only rescaled), and copies biases with ignoreBiases = false', () => {
    const raw = randomDirection(n, { seed: 5 });
    const d = filterNormalize(raw, weights, shapes, { ignoreBiases: false });
    // Row 7 of the second weight matrix: d = c·raw with c > 0.
    const start = 64 + 32 + 7 * 32;
    const c = d[start] / raw[start];
    expect(c).toBeGreaterThan(0);
    for (let i = start; i < start + 32; i++) expect(d[i]).toBeCloseTo(c * raw[i], 14);
    expect(Array.from(d.subarray(64, 96))).toEqual(Array.from(weights.subarray(64, 96)));
  });

  it('is seeded, and rejects inconsistent shapes', () => {
    expect(filterNormalizedDirection(weights, shapes, { seed: 2 })).toEqual(filterNormalizedDirection(weights, shapes, { seed: 2 }));
    expect(() => filterNormalize(new Float64Array(n), weights, shapes)).toThrow(/filterNormalize: filter 0 of parameter 0 .* is zero in the direction/);
    expect(() => filterNormalize(weights, weights, [[32, 2]])).toThrow(/filterNormalize: the shapes hold 64 entries but the vectors have length 1185/);
  });
});

/** A real training trajectory: SGD on the flat parameters of a small MLP. */
function trainingTrajectory(steps: number): Float64Array[] {
  const X = randn([40, 2], { seed: 1 });
  const Y = X.select(1, 0).mul(X.select(1, 1)).tanh().reshape([40, 1]);
  const model = mlpLoss({ sizes: [2, 8, 1], inputs: X, targets: Y });
  const theta = new Parameter(tensor(model.init(4)));
  const opt = new SGD([theta], { lr: 0.3, momentum: 0.5 });
  const path = [Float64Array.from(theta.data)];
  for (let t = 0; t < steps; t++) {
    opt.zeroGrad();
    model.lossTensor(theta).backward();
    opt.step();
    path.push(Float64Array.from(theta.data));
  }
  return path;
}

describe('trajectory PCA', () => {
  const path = trainingTrajectory(60);

  function checkPca(center: boolean) {
    const pca = trajectoryPca(path, { center });
    const [d1, d2] = pca.directions;
    const dot = (a: Float64Array, b: Float64Array) => a.reduce((s, v, i) => s + v * b[i], 0);
    // Gram–Schmidt (twice) leaves orthonormality at a few ulps.
    expect(Math.abs(dot(d1, d1) - 1)).toBeLessThan(1e-12);
    expect(Math.abs(dot(d2, d2) - 1)).toBeLessThan(1e-12);
    expect(Math.abs(dot(d1, d2))).toBeLessThan(1e-12);
    expect(pca.explainedVarianceRatio[0]).toBeGreaterThanOrEqual(pca.explainedVarianceRatio[1]);
    // Reconstruct every (centered) point from its plane coordinates and sum the squared residuals.
    let rss = 0;
    let tss = 0;
    const mean = pca.mean;
    for (let t = 0; t < path.length; t++) {
      const [a, b] = pca.coordinates[t];
      // Coordinates of the centered point: ⟨θ_t − θ_ref − mean, d⟩ = coordinate − ⟨mean, d⟩.
      const ca = a - dot(mean, d1);
      const cb = b - dot(mean, d2);
      for (let i = 0; i < d1.length; i++) {
        const x = path[t][i] - pca.reference[i] - mean[i];
        tss += x * x;
        const r = x - ca * d1[i] - cb * d2[i];
        rss += r * r;
      }
    }
    expect(Math.abs(tss - pca.totalSumOfSquares)).toBeLessThan(1e-12 * tss);
    // Pythagoras: RSS = (1 − ratio)·TSS. Eigenvalues of the Gram matrix carry ~T·ε·‖G‖ absolute error,
    // so relative to TSS the identity holds to ~1e-14; 1e-9 relative (to RSS) leaves a wide margin.
    const predicted = (1 - pca.explainedRatio) * pca.totalSumOfSquares;
    expect(rss).toBeGreaterThan(1e-6 * tss); // a genuinely non-planar path, or the check would be vacuous
    expect(Math.abs(rss - predicted)).toBeLessThan(1e-9 * predicted);
    return pca;
  }

  it('uncentered (plane through θ_final): orthonormal directions, residual = (1 − explained)·total, the end point at the origin', () => {
    const pca = checkPca(false);
    const last = pca.coordinates[path.length - 1];
    expect(last).toEqual([0, 0]);
  });

  it('centered (as sklearn.PCA in the paper code): the identity holds for the centered cloud', () => {
    checkPca(true);
  });

  it('n < T uses the covariance path and agrees with the Gram path on the captured variance', () => {
    // Project the same trajectory on 5 coordinates: 61 points in ℝ⁵.
    const small = path.map((p) => p.slice(0, 5));
    const pca = trajectoryPca(small);
    let rss = 0;
    for (let t = 0; t < small.length; t++) {
      const [a, b] = pca.coordinates[t];
      for (let i = 0; i < 5; i++) {
        const r = small[t][i] - pca.reference[i] - a * pca.directions[0][i] - b * pca.directions[1][i];
        rss += r * r;
      }
    }
    expect(Math.abs(rss - (1 - pca.explainedRatio) * pca.totalSumOfSquares)).toBeLessThan(1e-9 * rss);
  });

  it('rejects degenerate trajectories', () => {
    expect(() => trajectoryPca([new Float64Array(3)])).toThrow(/trajectoryPca: the trajectory needs at least 2 points/);
    const line = [0, 1, 2, 3].map((t) => Float64Array.from([t, 2 * t, 0]));
    expect(() => trajectoryPca(line)).toThrow(/trajectoryPca: the trajectory spans fewer than 2 dimensions/);
  });
});

describe('Hessian directions (Lanczos on Hessian-vector products)', () => {
  it('finds the top eigenpairs of a known quadratic loss ½θᵀAθ', () => {
    const dim = 12;
    const rng = new Rng(7);
    // A = Q diag(λ) Qᵀ with a random orthogonal Q (Gram–Schmidt of a Gaussian matrix).
    const lambdas = Array.from({ length: dim }, (_, i) => (i === 0 ? 9 : i === 1 ? 6 : 1 + 0.2 * i));
    const cols: Float64Array[] = [];
    for (let j = 0; j < dim; j++) {
      const v = rng.fillNormal(new Float64Array(dim));
      for (const c of cols) {
        const p = c.reduce((s, x, i) => s + x * v[i], 0);
        for (let i = 0; i < dim; i++) v[i] -= p * c[i];
      }
      const r = Math.hypot(...v);
      cols.push(v.map((x) => x / r));
    }
    const A = new Float64Array(dim * dim);
    for (let k = 0; k < dim; k++) for (let i = 0; i < dim; i++) for (let j = 0; j < dim; j++) A[i * dim + j] += lambdas[k] * cols[k][i] * cols[k][j];
    const At = tensor(A, { shape: [dim, dim] });
    const loss = (theta: Tensor) => theta.matmul(At.matmul(theta)).mul(0.5);
    const result = hessianDirections(objective(loss, dim), new Rng(1).fillNormal(new Float64Array(dim)), { k: 2 });
    expect(result.converged).toBe(true);
    // Lanczos with full reorthogonalization to tol 1e-10: eigenvalues to ~1e-10 relative.
    expect(result.eigenvalues[0]).toBeCloseTo(9, 9);
    expect(result.eigenvalues[1]).toBeCloseTo(6, 9);
    const align0 = Math.abs(result.directions[0].reduce((s, x, i) => s + x * cols[0][i], 0));
    const align1 = Math.abs(result.directions[1].reduce((s, x, i) => s + x * cols[1][i], 0));
    expect(align0).toBeCloseTo(1, 9);
    expect(align1).toBeCloseTo(1, 9);
  });

  it("on an MLP loss, H·d ≈ λd for the returned pair (residual of Lanczos's Ritz pair)", () => {
    const X = randn([30, 2], { seed: 2 });
    const Y = X.select(1, 0).sin().reshape([30, 1]);
    const model = mlpLoss({ sizes: [2, 6, 1], inputs: X, targets: Y });
    const theta = model.init(1);
    const { directions, eigenvalues } = hessianDirections(model.objective, theta, { k: 1, which: 'magnitude' });
    // Check with a finite difference of gradients: H d ≈ (∇L(θ + h d) − ∇L(θ − h d)) / 2h, error O(h²).
    const gradAt = (shift: number) => {
      const p = new Parameter(tensor(theta.map((v, i) => v + shift * directions[0][i])));
      model.lossTensor(p).backward();
      return p.grad!.data;
    };
    const h = 1e-4;
    const gp = gradAt(h);
    const gm = gradAt(-h);
    let res = 0;
    for (let i = 0; i < theta.length; i++) res = Math.max(res, Math.abs((gp[i] - gm[i]) / (2 * h) - eigenvalues[0] * directions[0][i]));
    expect(res).toBeLessThan(1e-6 * Math.abs(eigenvalues[0]));
  });
});
