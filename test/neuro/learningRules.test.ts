import { describe, expect, it } from 'vitest';
import {
  compareLearningRules,
  backwardPass,
  forwardPass,
  mlpArrays,
  mseAndGrad,
  neuroMlp,
  nodePerturbationEstimate,
  ojaRule,
  perturbationBaseline,
  perturbationVarianceStudy,
  principalComponents,
  weightPerturbationEstimate,
} from '../../src/neuro/index.js';
import { Rng } from '../../src/tensor/index.js';

describe('feedback alignment (Lillicrap et al. 2016)', () => {
  const result = compareLearningRules({
    sizes: [30, 20, 10],
    rules: ['backprop', 'feedbackAlignment', 'directFeedbackAlignment'],
    steps: 300,
    recordEvery: 50,
    learningRate: 0.1,
    seed: 3,
  });
  const run = (rule: string) => result.runs.find((r) => r.rule === rule)!;

  it('FA update starts near 90° from the gradient and aligns well below 60° while learning y = Tx', () => {
    const fa = run('feedbackAlignment');
    // At initialisation B is independent of W₂: the FA and BP hidden updates are
    // nearly orthogonal random vectors in 600 dimensions.
    expect(fa.records[0].updateAngle).toBeGreaterThan(70);
    const late = fa.records.slice(-3);
    for (const r of late) {
      expect(r.updateAngle).toBeLessThan(60);
      expect(r.signalAngle).toBeLessThan(60);
      // W₂ has grown towards Bᵀ (angle between the matrices as 200-vectors).
      expect(r.weightFeedbackAngles[0]).toBeLessThan(60);
    }
    expect(fa.finalLoss).toBeLessThan(fa.initialLoss / 100);
  });

  it('backprop has zero update angle; DFA also learns', () => {
    // Same vector: cos = 1 up to a few ulps, and acos turns an error ε into √(2ε) rad ≈ 1e-6°.
    for (const r of run('backprop').records) expect(r.updateAngle).toBeLessThan(1e-5);
    const dfa = run('directFeedbackAlignment');
    expect(dfa.finalLoss).toBeLessThan(dfa.initialLoss / 100);
    expect(dfa.records.at(-1)!.updateAngle).toBeLessThan(60);
  });
});

describe('perturbation estimators', () => {
  // A small tanh network, so that many estimates are cheap.
  const rng = new Rng(9);
  const net = neuroMlp([4, 5, 3], { activation: 'tanh', init: 'lecun', rng });
  const batch = 3;
  const x = rng.fillNormal(new Float64Array(batch * 4));
  const t = rng.fillNormal(new Float64Array(batch * 3));
  const cache = forwardPass(mlpArrays(net), x, batch);
  const exact = backwardPass(mlpArrays(net), cache, mseAndGrad(cache.pre[1], t).grad);
  const g = [...exact.weights[0], ...exact.weights[1]];
  const gNorm = Math.hypot(...g);

  function checkUnbiased(sampler: () => number[], samples: number): void {
    const n = g.length;
    const mean = new Float64Array(n);
    const sq = new Float64Array(n);
    let pMean = 0;
    let pSq = 0;
    for (let k = 0; k < samples; k++) {
      const est = sampler();
      let p = 0;
      for (let i = 0; i < n; i++) {
        mean[i] += est[i] / samples;
        sq[i] += est[i] ** 2 / samples;
        p += (est[i] * g[i]) / gNorm;
      }
      pMean += p / samples;
      pSq += (p * p) / samples;
    }
    // Each component: |mean − g| < 4 standard errors (SE from the sample variance).
    // With n = 35 components the chance that any Gaussian z exceeds 4 is 35·6e-5 = 0.2%;
    // the O(σ²) bias (σ = 1e-4) is far below the standard errors.
    let worstZ = 0;
    for (let i = 0; i < n; i++) {
      const se = Math.sqrt((sq[i] - mean[i] ** 2) / samples);
      worstZ = Math.max(worstZ, Math.abs(mean[i] - g[i]) / se);
    }
    expect(worstZ).toBeLessThan(4);
    // The projection on the gradient direction has mean ‖g‖: within 4 standard errors too.
    expect(Math.abs(pMean - gNorm)).toBeLessThan(4 * Math.sqrt((pSq - pMean * pMean) / samples));
  }

  it('weight perturbation is unbiased: mean of (δL/σ²)·ξ matches the backprop gradient', () => {
    const baseline = perturbationBaseline(net, x, t, batch);
    const noise = new Rng(1);
    checkUnbiased(() => {
      const e = weightPerturbationEstimate(net, x, t, batch, 1e-4, noise, baseline);
      return [...e[0], ...e[1]];
    }, 20_000);
  });

  it('node perturbation is unbiased too', () => {
    const noise = new Rng(2);
    checkUnbiased(() => {
      const e = nodePerturbationEstimate(net, x, t, batch, 1e-4, noise);
      return [...e.weights[0], ...e.weights[1]];
    }, 20_000);
  });

  it('weight-perturbation variance grows as (n + 1)‖g‖² with the number of weights', () => {
    const samples = 3000;
    const rows = perturbationVarianceStudy({ hiddenWidths: [4, 32], samples, batch: 2, seed: 5 });
    for (const r of rows) {
      // ‖ĝ − g‖²/‖g‖² ≈ (gᵀz)²‖z‖²/‖g‖² is χ²₁-like (relative std ≈ √2, a bit more from
      // the ‖z‖² factor), so its mean over `samples` has relative std ≈ √(3/samples).
      const tol = 5 * Math.sqrt(3 / samples);
      expect(Math.abs(r.weightPerturbationVariance / r.weightPerturbationPredicted - 1)).toBeLessThan(tol);
      expect(Math.abs(r.nodePerturbationVariance / r.nodePerturbationPredicted - 1)).toBeLessThan(tol);
    }
    expect(rows[1].weights / rows[0].weights).toBe(8);
    expect(rows[1].weightPerturbationVariance / rows[0].weightPerturbationVariance).toBeGreaterThan(5);
  });
});

describe("Oja's rule", () => {
  it('converges to the top principal component with unit norm', () => {
    const rng = new Rng(4);
    const dim = 6;
    const samples = 2000;
    // Anisotropic Gaussian data along a random rotation: stds 3, 1.5, 1, 0.7, 0.5, 0.3.
    const stds = [3, 1.5, 1, 0.7, 0.5, 0.3];
    const q = principalComponents(rng.fillNormal(new Float64Array(dim * dim)), dim, dim).vectors;
    const data = new Float64Array(samples * dim);
    for (let s = 0; s < samples; s++) {
      for (let k = 0; k < dim; k++) {
        const z = rng.normal() * stds[k];
        for (let i = 0; i < dim; i++) data[s * dim + i] += z * q[k][i];
      }
    }
    const pcs = principalComponents(data, samples, dim);
    // η_t = η₀/(1 + t/200) (Robbins–Monro): Ση_t diverges (≈ 10, times the eigengap ≈ 7 → full
    // convergence), and the final η ≈ 5e-5 leaves angular fluctuations of order
    // η·λ₁λ₂/(λ₁ − λ₂) ≈ 1e-4, so |cos| ≈ 1 − 1e-4.
    const top = pcs.vectors[0];
    const result = ojaRule(data, samples, dim, { learningRate: 0.01, decaySteps: 200, epochs: 20, rng, reference: top });
    const w = result.weights;
    const norm = Math.hypot(...w);
    let cos = 0;
    for (let i = 0; i < dim; i++) cos += (w[i] * top[i]) / norm;
    expect(Math.abs(cos)).toBeGreaterThan(0.999);
    // The stochastic fixed point has ‖w‖² = 1 + O(η): within 1%.
    expect(Math.abs(norm - 1)).toBeLessThan(0.01);
    expect(result.history.at(-1)!.cosine).toBeCloseTo(Math.abs(cos), 12);
  });
});
