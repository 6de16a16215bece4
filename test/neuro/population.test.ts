import { describe, expect, it } from 'vitest';
import {
  angleDifference,
  decoderPrecisionStudy,
  fitAngleDecoder,
  fitLinearDecoder,
  linearAngleDecode,
  linearDecode,
  maximumLikelihoodDecode,
  PopulationCode,
  populationVectorDecode,
  samplePoisson,
  trainPopulationNetwork,
  VectorPopulationCode,
} from '../../src/neuro/index.js';
import { Rng } from '../../src/tensor/index.js';

describe('Poisson sampling', () => {
  it('has mean and variance λ', () => {
    const rng = new Rng(1);
    for (const lambda of [0.3, 4, 75]) {
      const n = 20_000;
      let s = 0;
      let s2 = 0;
      for (let i = 0; i < n; i++) {
        const k = samplePoisson(lambda, rng);
        s += k;
        s2 += k * k;
      }
      const mean = s / n;
      const variance = s2 / n - mean * mean;
      // Standard error of the mean √(λ/n); of the variance ≈ λ·√(2/n) (plus a small 1/λ term).
      expect(Math.abs(mean - lambda)).toBeLessThan(5 * Math.sqrt(lambda / n));
      expect(Math.abs(variance / lambda - 1)).toBeLessThan(5 * Math.sqrt(2 / n + 1 / (lambda * n)));
    }
  });
});

describe('decoders', () => {
  it('population vector and ML recover angles exactly from noiseless von Mises responses', () => {
    const code = new PopulationCode({ units: 24, kind: 'vonMises', width: 3, baseline: 0.2 });
    for (const theta of [-3, -1.2, 0, 0.4, 2.9]) {
      // Even tiling of symmetric tuning curves: the population vector's only bias comes from
      // Fourier modes of order ≥ N − 1 aliasing onto mode 1, of relative size
      // I₂₃(3)/I₁(3) ≈ 1e-19 for κ = 3, N = 24: exact to rounding.
      expect(Math.abs(angleDifference(populationVectorDecode(code.rates(theta), code.centers), theta))).toBeLessThan(1e-12);
      // Noiseless counts maximise the Poisson likelihood at the true angle. Near the peak
      // ll(s) ≈ ll* − ½·c·(s − s*)², and comparisons cannot resolve differences below
      // ε·|ll*|, so any comparison-based search locates s* only to ~√(2ε|ll*|/c) ≈ 1e-7.
      expect(Math.abs(angleDifference(maximumLikelihoodDecode(code, code.rates(theta)), theta))).toBeLessThan(1e-6);
    }
  });

  it('least-squares readouts decode scalars and angles', () => {
    const code = new PopulationCode({ units: 20, kind: 'gaussian', width: 0.08, range: [0, 1] });
    const train = Float64Array.from({ length: 200 }, (_, i) => (i + 0.5) / 200);
    const dec = fitLinearDecoder(code.encodeBatch(train), train, train.length, { ridge: 1e-10 });
    // 20 Gaussian bumps of width 0.08 span the identity on [0.1, 0.9] to within ~1e-3.
    for (const s of [0.15, 0.5, 0.83]) expect(Math.abs(linearDecode(dec, code.rates(s))[0] - s)).toBeLessThan(2e-3);
    const ring = new PopulationCode({ units: 16, kind: 'vonMises', width: 2 });
    const angles = Float64Array.from({ length: 100 }, (_, i) => -Math.PI + (2 * Math.PI * i) / 100);
    const angDec = fitAngleDecoder(ring.encodeBatch(angles), angles);
    // cos θ and sin θ lie in the span of von Mises curves (their first Fourier modes): nearly exact.
    for (const t of [-2.5, 0.3, 1.9]) expect(Math.abs(angleDifference(linearAngleDecode(angDec, ring.rates(t)), t))).toBeLessThan(1e-6);
  });

  it('ML under Poisson noise attains the Cramér–Rao bound 1/Σ f′²/f, which halves when N doubles', () => {
    const trials = 1000;
    const theta = 0.7;
    const variances: number[] = [];
    for (const units of [16, 32]) {
      const code = new PopulationCode({ units, kind: 'vonMises', width: 2, peakRate: 10, baseline: 0.5, noise: 'poisson' });
      const rng = new Rng(units);
      const errs = new Float64Array(trials);
      let mean = 0;
      for (let k = 0; k < trials; k++) {
        errs[k] = angleDifference(maximumLikelihoodDecode(code, code.encode(theta, rng)), theta);
        mean += errs[k] / trials;
      }
      let v = 0;
      for (const e of errs) v += (e - mean) ** 2 / (trials - 1);
      const bound = code.cramerRaoBound(theta);
      // The sample variance of `trials` errors has relative std √(2/(trials − 1)) = 0.045;
      // ML is asymptotically efficient at these counts (≈ 30 spikes in the bump), so the
      // ratio to the bound is 1 within 5 of those. The bias is O(1/I) ≪ √(1/I).
      expect(Math.abs(v / bound - 1)).toBeLessThan(5 * Math.sqrt(2 / (trials - 1)));
      expect(Math.abs(mean)).toBeLessThan(5 * Math.sqrt(bound / trials));
      variances.push(v);
    }
    // Fisher information of an even tiling is a Riemann sum: ∝ N up to exponentially small terms.
    const c16 = new PopulationCode({ units: 16, kind: 'vonMises', width: 2, peakRate: 10, baseline: 0.5, noise: 'poisson' });
    const c32 = new PopulationCode({ units: 32, kind: 'vonMises', width: 2, peakRate: 10, baseline: 0.5, noise: 'poisson' });
    expect(c32.fisherInformation(theta) / c16.fisherInformation(theta)).toBeCloseTo(2, 6);
    expect(variances[0] / variances[1]).toBeGreaterThan(1.5);
  });

  it('Gaussian-noise Fisher information is Σ f′²/σ²', () => {
    const code = new PopulationCode({ units: 5, kind: 'gaussian', width: 0.2, noise: 'gaussian', noiseStd: 0.5 });
    const d = code.rateDerivatives(0.37);
    let s = 0;
    for (const v of d) s += (v * v) / 0.25;
    expect(code.fisherInformation(0.37)).toBeCloseTo(s, 12);
    // Slopes against central differences (error O(h²) ≈ 1e-8·|f‴|).
    const h = 1e-5;
    const up = code.rates(0.37 + h);
    const dn = code.rates(0.37 - h);
    for (let i = 0; i < 5; i++) expect(Math.abs((up[i] - dn[i]) / (2 * h) - d[i])).toBeLessThan(1e-6);
  });

  it('vector codes place N = perDim^d radial bumps on a grid', () => {
    const code = new VectorPopulationCode({ dim: 2, perDim: 3, width: 0.3, range: [0, 1] });
    expect(code.units).toBe(9);
    const r = code.rates([0.5, 1]);
    // The unit centred at (0.5, 1) is index 1 + 3·2 = 7 and responds maximally.
    expect(r[7]).toBeCloseTo(1, 14);
    expect(() => new PopulationCode({ units: 0, kind: 'vonMises', width: 1 })).toThrow(/PopulationCode: units/);
  });
});

describe('population-coded network', () => {
  it('learns θ ↦ 2θ from a von Mises input code to a von Mises output code', () => {
    const result = trainPopulationNetwork({ steps: 400, hiddenUnits: 32, seed: 2 });
    // Chance level: a uniformly random angle is off by π/√3 ≈ 1.8 rad (RMS).
    expect(result.curve[0].testAngularError).toBeGreaterThan(0.5);
    expect(result.finalAngularError).toBeLessThan(0.05);
    expect(result.finalTestLoss).toBeLessThan(result.curve[0].testLoss / 20);
  });
});

describe('decoderPrecisionStudy', () => {
  it('bound falls as 1/N, ML attains it at high counts, linear and PV readouts do not beat it', () => {
    const trials = 400;
    const rows = decoderPrecisionStudy({ units: [16, 32], peakRates: [20], trials, seed: 3 });
    // I(θ) of an even tiling is ∝ N to exponentially small aliasing terms.
    expect(rows[0].cramerRao / rows[1].cramerRao).toBeCloseTo(2, 6);
    for (const r of rows) {
      // Mean of `trials` squared errors: relative std √(2/(trials − 1)) = 0.07; 5 of those.
      const tol = 5 * Math.sqrt(2 / (trials - 1));
      expect(Math.abs(r.mlEfficiency - 1)).toBeLessThan(tol);
      expect(r.linear).toBeGreaterThan(r.cramerRao * (1 - tol));
      expect(r.populationVector).toBeGreaterThan(r.cramerRao * (1 - tol));
    }
  });
});

