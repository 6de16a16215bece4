import { describe, expect, it } from 'vitest';
import { jacobian, mseLoss, tensor, type Tensor } from '../../src/autograd/index.js';
import {
  activationMoments,
  backwardPass,
  forwardPass,
  hiddenJacobians,
  mlpArrays,
  neuroMlp,
  gaussianExpectation,
  gradientGain,
  initWeightVariance,
  initWeights,
  INIT_SCHEMES,
  jacobianSingularValues,
  measureSignalPropagation,
  meanFieldSummary,
  mseAndGrad,
  orthogonalGain,
  predictLayers,
  signalPropagationStudy,
  sphereInputs,
  varianceMap,
  type ActivationName,
  type InitScheme,
  type MlpArrays,
} from '../../src/neuro/index.js';
import { Rng } from '../../src/tensor/index.js';

/** The same network written with autograd ops, for checking the hand-written backward pass. */
function autogradForward(net: MlpArrays, x: Tensor, ws: Tensor[], bs: Tensor[]): Tensor {
  let a = x;
  for (let l = 0; l < ws.length; l++) {
    const h = a.matmul(ws[l].T).add(bs[l]);
    a = l + 1 < ws.length ? (net.activation.name === 'tanh' ? h.tanh() : net.activation.name === 'relu' ? h.relu() : net.activation.name === 'sigmoid' ? h.sigmoid() : h) : h;
  }
  return a;
}

describe('array passes over nn.MLP', () => {
  it('forward, backward and Jacobians agree with the module and with autograd', () => {
    const rng = new Rng(3);
    for (const activation of ['tanh', 'sigmoid', 'relu', 'linear'] as ActivationName[]) {
      const model = neuroMlp([5, 7, 6, 3], { activation, init: 'xavier', biasStd: 0.1, rng });
      const net = mlpArrays(model);
      const x = rng.fillNormal(new Float64Array(4 * 5));
      const t = rng.fillNormal(new Float64Array(4 * 3));
      const cache = forwardPass(net, x, 4);
      const { loss, grad } = mseAndGrad(cache.pre[2], t);
      const g = backwardPass(net, cache, grad);
      // The module's own autograd pass on the same parameters gives the same loss and weight gradients.
      const own = mseLoss(model.forward(tensor(x, { shape: [4, 5] })), tensor(t, { shape: [4, 3] }));
      own.backward();
      expect(Math.abs(own.item() - loss)).toBeLessThan(1e-14);
      for (let l = 0; l < 3; l++) {
        const a = model.layers[l].weight.grad!.data;
        for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - g.weights[l][i])).toBeLessThan(1e-14);
      }
      const ws = net.weights.map((w, l) => tensor(Float64Array.from(w), { shape: [net.sizes[l + 1], net.sizes[l]], requiresGrad: true }));
      const bs = net.biases.map((b) => tensor(Float64Array.from(b), { requiresGrad: true }));
      const ref = mseLoss(autogradForward(net, tensor(x, { shape: [4, 5] }), ws, bs), tensor(t, { shape: [4, 3] }));
      ref.backward();
      // Both compute the same sums in a different order: agreement to a few ulps of the O(1) entries.
      expect(Math.abs(ref.item() - loss)).toBeLessThan(1e-14);
      for (let l = 0; l < 3; l++) {
        const a = ws[l].grad!.data;
        for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - g.weights[l][i])).toBeLessThan(1e-14);
        const b = bs[l].grad!.data;
        for (let i = 0; i < b.length; i++) expect(Math.abs(b[i] - g.biases[l][i])).toBeLessThan(1e-14);
      }
      // Hidden-layer Jacobian J² = ∂x²/∂x⁰ at one input against autograd.jacobian.
      const x0 = x.slice(0, 5);
      const jac = jacobian((xin: Tensor) => {
        const h1 = xin.matmul(ws[0].T.detach()).add(bs[0].detach());
        const a1 = activation === 'tanh' ? h1.tanh() : activation === 'relu' ? h1.relu() : activation === 'sigmoid' ? h1.sigmoid() : h1;
        const h2 = a1.matmul(ws[1].T.detach()).add(bs[1].detach());
        return activation === 'tanh' ? h2.tanh() : activation === 'relu' ? h2.relu() : activation === 'sigmoid' ? h2.sigmoid() : h2;
      })(tensor(x0));
      const mine = hiddenJacobians(net, x0)[1];
      for (let i = 0; i < mine.length; i++) expect(Math.abs(jac.data[i] - mine[i])).toBeLessThan(1e-14);
    }
  });
});

describe('initialisations', () => {
  it('draw weights with the per-entry variance the theory uses', () => {
    const rng = new Rng(11);
    const fanOut = 200;
    const fanIn = 300;
    const n = fanOut * fanIn;
    for (const scheme of INIT_SCHEMES.filter((s) => s !== 'zeros') as InitScheme[]) {
      const w = initWeights(scheme, fanOut, fanIn, rng, 1.5);
      let ss = 0;
      for (const v of w) ss += v * v;
      const v = initWeightVariance(scheme, fanOut, fanIn, 1.5);
      // Mean of n squared Gaussians: relative std √(2/n) = 0.006; 5 of those. (Orthogonal:
      // ‖W‖_F² = gain²·min(fanIn, fanOut) exactly, so v·n matches to rounding.)
      expect(Math.abs(ss / n / v - 1)).toBeLessThan(5 * Math.sqrt(2 / n));
    }
    expect(initWeights('zeros', 3, 4, rng).every((v) => v === 0)).toBe(true);
  });
});

describe('mean-field theory', () => {
  it('Gaussian expectations are exact for polynomials and accurate for tanh at any variance', () => {
    // E[z⁴] = 3, E[z⁶] = 15: the Hermite rule (used for std ≤ 0.1) is exact up to
    // degree 255, the composite Gauss–Legendre rule to rounding.
    expect(gaussianExpectation((x) => x ** 4, 0.01)).toBeCloseTo(3e-4, 15);
    expect(gaussianExpectation((x) => x ** 4, 1)).toBeCloseTo(3, 12);
    expect(gaussianExpectation((x) => x ** 6, 2)).toBeCloseTo(15 * 8, 10);
    for (const q of [0.3, 3, 300]) {
      // Reference: composite Simpson on ±12σ with 400 000 intervals (error ~ 1e-14).
      const s = Math.sqrt(q);
      const m = 400_000;
      const hStep = (24 * s) / m;
      let ref = 0;
      for (let k = 0; k <= m; k++) {
        const h = -12 * s + k * hStep;
        const w = k === 0 || k === m ? 1 : k % 2 ? 4 : 2;
        ref += (w * Math.tanh(h) ** 2 * Math.exp(-(h * h) / (2 * q))) / Math.sqrt(2 * Math.PI * q);
      }
      ref *= hStep / 3;
      expect(Math.abs(activationMoments('tanh', q).phi2 - ref)).toBeLessThan(1e-9);
    }
  });

  it('reproduces the closed forms: ReLU gain σ_w²/2, linear σ_w², tanh χ₁ = σ_w² at q* = 0', () => {
    expect(varianceMap('relu', 1.7, 2)).toBeCloseTo(1.7, 14);
    expect(gradientGain('relu', 5, 3)).toBe(1.5);
    expect(varianceMap('linear', 2, 0.5)).toBe(1);
    const ordered = meanFieldSummary('tanh', 0.8);
    expect(ordered.qStar).toBe(0);
    expect(ordered.chi1).toBeCloseTo(0.8, 12);
    expect(ordered.regime).toBe('vanishing');
    expect(ordered.depthScale).toBeCloseTo(-1 / Math.log(0.8), 10);
    // Chaotic side (Poole et al. 2016): σ_w² = 4 has q* > 0 and χ₁ > 1.
    const chaotic = meanFieldSummary('tanh', 4);
    expect(chaotic.qStar).toBeGreaterThan(1);
    expect(chaotic.chi1).toBeGreaterThan(1);
    expect(Math.abs(varianceMap('tanh', chaotic.qStar, 4) - chaotic.qStar)).toBeLessThan(1e-9 * chaotic.qStar);
  });

  it('variance propagation at initialisation agrees with the q-map within the sampling error', () => {
    const width = 256;
    const batch = 64;
    const depth = 4;
    for (const [activation, init, nEff] of [
      ['tanh', 'lecun', width * batch],
      ['tanh', 'large', width * batch],
      ['relu', 'he', width],
      ['sigmoid', 'xavier', width],
    ] as [ActivationName, InitScheme, number][]) {
      const rng = new Rng(7);
      const gain = orthogonalGain(activation);
      const net = neuroMlp([width, ...new Array<number>(depth).fill(width), 4], { activation, init, rng, gain });
      const x = sphereInputs(batch, width, rng);
      const t = rng.fillNormal(new Float64Array(batch * 4));
      const m = measureSignalPropagation(net, x, t, batch, { jacobian: false });
      const vs = net.layers.map((_, l) => initWeightVariance(init, net.sizes[l + 1], net.sizes[l], gain));
      const p = predictLayers({ activation, sizes: net.sizes, weightVariances: vs }, 1, m.outputGradNorm);
      // A second moment estimated from n independent Gaussian-like samples has
      // relative std ≈ √(2/(n − 1)). For tanh the width·batch pre-activations of a
      // layer are close to independent (h_i(x_r) = w_iᵀx_r with spread-out inputs).
      // ReLU and sigmoid outputs have a common positive mean that correlates the
      // examples, so only the width counts there. We allow 5 such standard deviations.
      const tol = 5 * Math.sqrt(2 / (nEff - 1));
      for (let l = 0; l < depth; l++) {
        expect(Math.abs(m.layers[l].preactivationSecondMoment / p[l].preactivationSecondMoment - 1)).toBeLessThan(tol);
        expect(Math.abs(m.layers[l].activationSecondMoment / p[l].activationSecondMoment - 1)).toBeLessThan(tol);
        // Per-example ‖δ^l‖² is a sum over the width units: relative std √(2/width) = 0.09
        // per layer, shared by the batch through the common weights; 3 of those.
        expect(Math.abs(m.layers[l].activationGradNorm / p[l].activationGradNorm - 1)).toBeLessThan(3 * Math.sqrt(2 / width));
      }
    }
  });

  it('orthogonal deep linear networks are dynamically isometric: every Jacobian singular value is 1', () => {
    const width = 32;
    const depth = 60;
    const rng = new Rng(5);
    const net = neuroMlp([width, ...new Array<number>(depth).fill(width), 2], { activation: 'linear', init: 'orthogonal', rng });
    const spectra = jacobianSingularValues(net, rng.fillNormal(new Float64Array(width)));
    let worst = 0;
    for (const sv of spectra) for (const s of sv) worst = Math.max(worst, Math.abs(s - 1));
    // 60 products of orthogonal matrices (each orthonormal to ~1e-15) and an
    // eigensolver accurate to n·ε: deviations stay near 1e-14.
    expect(worst).toBeLessThan(1e-12);
    // Gaussian (LeCun) weights of the same variance are not isometric: the spectrum spreads with depth.
    const gauss = neuroMlp([width, ...new Array<number>(depth).fill(width), 2], { activation: 'linear', init: 'lecun', rng });
    const last = jacobianSingularValues(gauss, rng.fillNormal(new Float64Array(width))).at(-1)!;
    expect(last[0] / last[last.length - 1]).toBeGreaterThan(1e3);
  });
});

describe('signalPropagationStudy', () => {
  it('finds where training stops working and explains it from χ₁', () => {
    const result = signalPropagationStudy({
      activations: ['relu', 'linear'],
      inits: ['small', 'he', 'orthogonal'],
      width: 16,
      depth: 6,
      depths: [2, 6],
      samples: 16,
      trainSteps: 60,
      measureEvery: 30,
      learningRate: 0.05,
      seed: 1,
    });
    expect(result.cases).toHaveLength(6);
    const small = result.cases.find((c) => c.activation === 'relu' && c.init === 'small')!;
    // σ_w² = 16·1e-4, so χ = σ_w²/2 = 8e-4 per layer: nothing reaches the first layer.
    expect(small.chiEffective).toBeLessThan(0.01);
    expect(small.firstFailingDepth).toBe(2);
    expect(small.why).toMatch(/< 1: the squared gradient norm shrinks/);
    const he = result.cases.find((c) => c.activation === 'relu' && c.init === 'he')!;
    // He init: χ_l = 2·(1/2) = 1 for every hidden layer; the output layer's 16·(2/16)/2 = 1 too.
    for (const layer of he.atInit) expect(layer.predicted.chi).toBeCloseTo(1, 12);
    const orth = result.cases.find((c) => c.activation === 'linear' && c.init === 'orthogonal')!;
    expect(orth.maxTrainableDepth).toBe(6);
    expect(orth.firstFailingDepth).toBeNull();
    for (const layer of orth.atInit) {
      expect(layer.predicted.jacobianSingularValue).toBeCloseTo(1, 14);
      expect(Math.abs(layer.measured.jacobian!.max - 1)).toBeLessThan(1e-12);
      expect(Math.abs(layer.measured.jacobian!.min - 1)).toBeLessThan(1e-12);
    }
    expect(orth.duringTraining.map((d) => d.step)).toEqual([0, 30, 60]);
    expect(orth.duringTraining[2].loss).toBeLessThan(orth.duringTraining[0].loss);
  });

  it('rejects bad configurations with a clear message', () => {
    expect(() => signalPropagationStudy({ width: 0 })).toThrow(/signalPropagationStudy: width/);
    expect(() => signalPropagationStudy({ lossFactor: 1 })).toThrow(/lossFactor/);
  });
});
