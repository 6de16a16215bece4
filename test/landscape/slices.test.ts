import { describe, expect, it } from 'vitest';
import { binaryCrossEntropyWithLogits, isGradEnabled, mseLoss, objective, randn, tensor, type Tensor } from '../../src/autograd/index.js';
import {
  filterNormalizedDirection,
  interpolationSlice,
  lineSlice,
  mlpLoss,
  planeContourFigure,
  planeSlice,
  planeSurface,
  sliceFigure,
  surfaceGradient,
  surfaceGradients,
  surfaceHessian,
  surfaceValue,
  surfaceValues,
} from '../../src/landscape/index.js';
import { MLP } from '../../src/nn/index.js';
import { flattenParams } from '../../src/optim/index.js';

/** L(θ) = Σ cᵢ θᵢ² + θ₀θ₁: a quadratic whose slices are known parabolas. */
const weights = [1, 2, 0.5];
const quadLoss = (t: Float64Array) => weights.reduce((s, c, i) => s + c * t[i] * t[i], 0) + t[0] * t[1];

describe('slices', () => {
  it('lineSlice evaluates L(θ₀ + αd) at evenly spaced α including both ends', () => {
    const theta0 = Float64Array.from([1, -1, 2]);
    const d = Float64Array.from([0.5, 1, -1]);
    const s = lineSlice(quadLoss, theta0, d, { range: [-2, 3], num: 11 });
    expect(s.alphas[0]).toBe(-2);
    expect(s.alphas[10]).toBe(3);
    s.alphas.forEach((a, k) => {
      const p = theta0.map((v, i) => v + a * d[i]);
      expect(s.values[k]).toBeCloseTo(quadLoss(p), 13);
    });
    expect(s.cost.evaluations).toBe(11);
    expect(s.cost.seconds).toBeGreaterThanOrEqual(0);
  });

  it('interpolationSlice passes through θ_A at α = 0 and θ_B at α = 1', () => {
    const a = Float64Array.from([1, 2, 3]);
    const b = Float64Array.from([-1, 0, 4]);
    const s = interpolationSlice(quadLoss, a, b, { range: [0, 1], num: 5 });
    expect(s.values[0]).toBe(quadLoss(a));
    expect(s.values[4]).toBeCloseTo(quadLoss(b), 13);
  });

  it('planeSlice lays values out row-major (k = j·nx + i) and runs without recording a graph', () => {
    const theta0 = Float64Array.from([0.3, 0.1, -0.2]);
    const d1 = Float64Array.from([1, 0, 0]);
    const d2 = Float64Array.from([0, 0, 1]);
    let gradSeen = true;
    const plane = planeSlice(
      (t) => {
        gradSeen = gradSeen && isGradEnabled();
        return quadLoss(t);
      },
      theta0,
      d1,
      d2,
      { xRange: [-1, 1], yRange: [0, 2], nx: 5, ny: 3 },
    );
    expect(gradSeen).toBe(false);
    for (let j = 0; j < 3; j++) {
      for (let i = 0; i < 5; i++) {
        const p = Float64Array.from([0.3 + plane.grid.xs[i], 0.1, -0.2 + plane.grid.ys[j]]);
        expect(plane.values[j * 5 + i]).toBeCloseTo(quadLoss(p), 13);
      }
    }
    const fig = planeContourFigure(plane);
    expect(fig.grid.values.length).toBe(15);
    expect(sliceFigure([{ name: 'x', slice: lineSlice(quadLoss, theta0, d1) }]).series[0].points.length).toBe(51);
  });

  it('rejects mismatched directions and ranges', () => {
    const t = new Float64Array(3);
    expect(() => lineSlice(quadLoss, t, new Float64Array(2))).toThrow(/lineSlice: direction 1 must have length 3, got 2/);
    expect(() => lineSlice(quadLoss, t, t, { range: [1, 0] })).toThrow(/lineSlice: range must be \[a, b\] with finite a < b/);
    expect(() => planeSlice(quadLoss, t, t, t, { nx: 1 })).toThrow(/planeSlice: nx must be an integer/);
  });
});

describe('mlpLoss: flat-parameter MLP loss with a batched path', () => {
  const X = randn([50, 2], { seed: 3 });
  const Y = X.select(1, 0).mul(2).sin().reshape([50, 1]);
  const model = mlpLoss({ sizes: [2, 16, 8, 1], inputs: X, targets: Y });

  it('matches nn.MLP with the same parameters (torch layout [out, in] then bias, layer by layer)', () => {
    const net = new MLP([2, 16, 8, 1], { hidden: 'tanh', seed: 5 });
    const theta = flattenParams(net.parameters());
    expect(model.shapes).toEqual(net.parameters().map((p) => p.shape));
    const reference = mseLoss(net.forward(X), Y).item();
    // Same ops in the same order: equal up to summation-order rounding.
    expect(model.lossFn(theta)).toBeCloseTo(reference, 14);
  });

  it('the batched evaluation equals one-at-a-time evaluation, and a batched plane equals the plain one', () => {
    const theta0 = model.init(2);
    const shapes = model.shapes;
    const d1 = filterNormalizedDirection(theta0, shapes, { seed: 1 });
    const d2 = filterNormalizedDirection(theta0, shapes, { seed: 2 });
    const plain = planeSlice(model.lossFn, theta0, d1, d2, { nx: 7, ny: 5 });
    const batched = planeSlice(model.lossFn, theta0, d1, d2, { nx: 7, ny: 5, batchLossFn: model.batchLossFn, batchSize: 8 });
    expect(batched.cost.evaluations).toBe(35);
    // The array path runs the same kernels in the same order as the Tensor ops: the same bits.
    for (let k = 0; k < 35; k++) expect(batched.values[k]).toBe(plain.values[k]);
    // The differentiable batched form agrees too.
    const rows = new Float64Array(3 * model.n);
    [0, 1, 2].forEach((r) => rows.set(theta0.map((v, i) => v + (r - 1) * d1[i]), r * model.n));
    const viaTensor = model.lossTensorBatch(tensor(rows, { shape: [3, model.n] })).data;
    const viaKernel = model.batchLossFn(rows, 3);
    for (let r = 0; r < 3; r++) expect(Math.abs(viaTensor[r] - viaKernel[r])).toBeLessThan(1e-13 * viaKernel[r]);
  });

  it('lossTensor is differentiable and consistent with lossFn', () => {
    const theta = model.init(0);
    const t = tensor(Float64Array.from(theta), { requiresGrad: true });
    const L = model.lossTensor(t);
    L.backward();
    expect(L.item()).toBe(model.lossFn(theta));
    expect(t.grad!.shape).toEqual([model.n]);
  });

  it('the bce variant equals the library BCE-with-logits on 0/1 targets', () => {
    const labels = X.select(1, 0).gt(0).reshape([50, 1]);
    const m = mlpLoss({ sizes: [2, 4, 1], inputs: X, targets: labels, loss: binaryCrossEntropyWithLogits, activation: 'relu' });
    const theta = m.init(3);
    const [single] = m.batchLossFn(theta, 1);
    expect(single).toBeCloseTo(m.lossFn(theta), 14);
  });

  it('takes any loss function, as moduleObjective does: the batched paths then evaluate it vector by vector, bit for bit', () => {
    const l1 = (p: Tensor, y: Tensor): Tensor => p.sub(y).abs().mean();
    const m = mlpLoss({ sizes: [2, 3, 1], inputs: X, targets: Y, loss: l1 });
    const thetas = new Float64Array(2 * m.n);
    thetas.set(m.init(1), 0);
    thetas.set(m.init(2), m.n);
    const batch = m.batchLossFn(thetas, 2);
    const byTensor = m.lossTensorBatch(tensor(thetas).reshape([2, m.n])).value.data;
    for (let b = 0; b < 2; b++) {
      const single = m.lossFn(thetas.subarray(b * m.n, (b + 1) * m.n));
      expect(batch[b]).toBe(single);
      expect(byTensor[b]).toBe(single);
    }
  });

  it('rejects a loss given by name, saying what to write instead', () => {
    // @ts-expect-error — a string is not a loss function
    expect(() => mlpLoss({ sizes: [2, 1], inputs: X, targets: Y, loss: 'mse' })).toThrow(/mlpLoss: loss must be a function .* got the string 'mse' \(write e\.g\. mseLoss or binaryCrossEntropyWithLogits\)/);
  });

  it('rejects bad shapes', () => {
    expect(() => mlpLoss({ sizes: [3, 1], inputs: X, targets: Y })).toThrow(/mlpLoss: inputs must have shape \[N, 3\]/);
    expect(() => model.lossFn(new Float64Array(3))).toThrow(/mlpLoss: theta has length 3/);
  });
});

describe('planeSurface: a slice as a differentiable Surface', () => {
  it('has gradient (d₁ᵀ∇L, d₂ᵀ∇L) and Hessian [dᵢᵀAdⱼ] for L = ½θᵀAθ + bᵀθ', () => {
    const A = tensor([
      [3, 1, 0],
      [1, 2, 0.5],
      [0, 0.5, 1],
    ]);
    const bvec = tensor([0.2, -0.1, 0.4]);
    const loss = (t: Tensor) => t.matmul(A.matmul(t)).mul(0.5).add(bvec.matmul(t));
    const theta0 = Float64Array.from([0.5, -1, 2]);
    const d1 = Float64Array.from([1, 0.5, -0.5]);
    const d2 = Float64Array.from([0, 1, 1]);
    const s = planeSurface({ objective: objective(loss, 3), theta0, d1, d2 });
    const a = [
      [3, 1, 0],
      [1, 2, 0.5],
      [0, 0.5, 1],
    ];
    const quad = (u: Float64Array, v: Float64Array) => u.reduce((acc, ui, i) => acc + ui * v.reduce((s2, vj, j) => s2 + a[i][j] * vj, 0), 0);
    const [hxx, hxy, hyy] = surfaceHessian(s, 0.3, -0.7);
    // Exact quadratic: the Hessian is constant and computed with a handful of roundings.
    expect(hxx).toBeCloseTo(quad(d1, d1), 13);
    expect(hxy).toBeCloseTo(quad(d1, d2), 13);
    expect(hyy).toBeCloseTo(quad(d2, d2), 13);
    const [gx, gy] = surfaceGradient(s, 0.3, -0.7);
    const theta = theta0.map((v, i) => v + 0.3 * d1[i] - 0.7 * d2[i]);
    const gradL = [0, 1, 2].map((i) => a[i].reduce((acc, aij, j) => acc + aij * theta[j], 0) + [0.2, -0.1, 0.4][i]);
    expect(gx).toBeCloseTo(gradL.reduce((acc, g, i) => acc + g * d1[i], 0), 13);
    expect(gy).toBeCloseTo(gradL.reduce((acc, g, i) => acc + g * d2[i], 0), 13);
    // The batched [N, 2] path (row by row here) agrees with the point-wise one.
    const vals = surfaceValues(s, [0, 0.3], [0, -0.7]);
    expect(vals[1]).toBeCloseTo(surfaceValue(s, 0.3, -0.7), 14);
  });

  it("an MLP slice with the batched tensor loss matches lossFn on the plane", () => {
    const X = randn([20, 2], { seed: 9 });
    const Y = X.select(1, 1).reshape([20, 1]);
    const model = mlpLoss({ sizes: [2, 5, 1], inputs: X, targets: Y });
    const theta0 = model.init(1);
    const d1 = filterNormalizedDirection(theta0, model.shapes, { seed: 3 });
    const d2 = filterNormalizedDirection(theta0, model.shapes, { seed: 4 });
    const s = planeSurface({ objective: model.objective, lossBatch: model.lossTensorBatch, theta0, d1, d2 });
    const vals = surfaceValues(s, [0.5, -0.25], [0.1, 0.9]);
    const direct = (a: number, b: number) => model.lossFn(theta0.map((v, i) => v + a * d1[i] + b * d2[i]));
    expect(vals[0]).toBeCloseTo(direct(0.5, 0.1), 13);
    expect(vals[1]).toBeCloseTo(direct(-0.25, 0.9), 13);
    const { gx } = surfaceGradients(s, [0.5, -0.25], [0.1, 0.9]);
    const h = 1e-6;
    // Central difference: O(h²) truncation + ε·L/h rounding ≈ 1e-10.
    expect(gx[0]).toBeCloseTo((direct(0.5 + h, 0.1) - direct(0.5 - h, 0.1)) / (2 * h), 7);
  });
});
