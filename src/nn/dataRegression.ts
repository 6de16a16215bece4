/**
 * Seeded regression datasets: 1-D curves, a teacher network, and a low-rank
 * linear map (the setting of Saxe et al. 2014 for deep linear networks).
 */
import { noGrad, tensor } from '../autograd/index.js';
import { Rng } from '../tensor/index.js';
import { type Dataset } from './data.js';
import * as init from './init.js';
import { MLP } from './mlp.js';
import { checkInteger, checkNonNegativeNumber, checkPositiveInteger } from '../tensor/validate.js';

export type Curve =
  | { kind: 'sin'; frequency?: number; phase?: number }
  /** Σ c_i x^i, coefficients from the constant term up. */
  | { kind: 'polynomial'; coefficients: number[] }
  /** The Chebyshev polynomial T_k: T₀ = 1, T₁ = x, T_{k+1} = 2x·T_k − T_{k−1} (so T_k(cos θ) = cos kθ). */
  | { kind: 'chebyshev'; k: number };

export function chebyshevT(k: number, x: number): number {
  checkInteger('chebyshevT', 'k', k, 0);
  let prev = 1;
  let cur = x;
  if (k === 0) return 1;
  for (let j = 1; j < k; j++) [prev, cur] = [cur, 2 * x * cur - prev];
  return cur;
}

export function evaluateCurve(curve: Curve, x: number): number {
  switch (curve.kind) {
    case 'sin':
      return Math.sin((curve.frequency ?? 1) * x + (curve.phase ?? 0));
    case 'polynomial': {
      let s = 0;
      for (let i = curve.coefficients.length - 1; i >= 0; i--) s = s * x + curve.coefficients[i]!; // Horner
      return s;
    }
    case 'chebyshev':
      return chebyshevT(curve.k, x);
    default:
      throw new Error(`evaluateCurve: unknown curve kind '${(curve as { kind: string }).kind}' (allowed: sin, polynomial, chebyshev)`);
  }
}

/**
 * y = f(x) + ε, ε ~ N(0, noise²), x [n, 1] on [lo, hi]: evenly spaced with
 * `grid`, uniform random otherwise. The default domain [−1, 1] is the natural one of T_k;
 * for sin, [−π, π].
 */
export function regression1d({
  curve = { kind: 'sin' },
  n = 100,
  noise = 0,
  domain,
  grid = false,
  seed = 0,
}: { curve?: Curve; n?: number; noise?: number; domain?: [number, number]; grid?: boolean; seed?: number } = {}): Dataset {
  checkPositiveInteger('regression1d', 'n', n);
  checkNonNegativeNumber('regression1d', 'noise', noise);
  const [lo, hi] = domain ?? (curve.kind === 'sin' ? [-Math.PI, Math.PI] : [-1, 1]);
  if (!(lo < hi)) throw new Error(`regression1d: domain must satisfy lo < hi, got [${lo}, ${hi}]`);
  const rng = new Rng(seed);
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = grid ? (n === 1 ? (lo + hi) / 2 : lo + ((hi - lo) * i) / (n - 1)) : rng.uniform(lo, hi);
    y[i] = evaluateCurve(curve, x[i]!) + (noise > 0 ? rng.normal(0, noise) : 0);
  }
  return {
    x: tensor(x, { shape: [n, 1] }),
    y: tensor(y, { shape: [n, 1] }),
    meta: { name: 'regression1d', task: 'regression', nSamples: n, nFeatures: 1, curve, noise, domain: [lo, hi], seed },
  };
}

/**
 * A random teacher MLP (sizes, tanh hidden units, init N(0, teacherStd²/fan_in)
 * for weights so that pre-activations have variance teacherStd²) labels
 * Gaussian inputs x ~ N(0, I); y = teacher(x) + noise. The teacher's
 * parameters are returned in meta.teacher (a state dict) for student–teacher overlaps.
 */
export function teacherStudent({
  n = 256,
  sizes = [10, 5, 1],
  hidden = 'tanh',
  teacherStd = 1,
  noise = 0,
  seed = 0,
}: { n?: number; sizes?: number[]; hidden?: string; teacherStd?: number; noise?: number; seed?: number } = {}): Dataset {
  checkPositiveInteger('teacherStudent', 'n', n);
  checkNonNegativeNumber('teacherStudent', 'noise', noise);
  checkNonNegativeNumber('teacherStudent', 'teacherStd', teacherStd);
  const rng = new Rng(seed);
  const teacher = new MLP(sizes, {
    hidden,
    output: 'identity',
    rng,
    init: (w, b, r) => {
      init.normal(w, { std: teacherStd / Math.sqrt(w.shape[1]!), rng: r });
      if (b) init.zeros(b);
    },
  });
  const d = sizes[0]!;
  const x = tensor(rng.fillNormal(new Float64Array(n * d)), { shape: [n, d] });
  const y = noGrad(() => teacher.forward(x));
  if (noise > 0) for (let i = 0; i < y.data.length; i++) y.data[i] = y.data[i]! + rng.normal(0, noise);
  return {
    x,
    y: y.detach(),
    meta: { name: 'teacherStudent', task: 'regression', nSamples: n, nFeatures: d, sizes: [...sizes], hidden, teacherStd, noise, seed, teacher: teacher.stateDict() },
  };
}

/**
 * A linear map A = U·diag(s)·Vᵀ (out × in) of rank r = s.length, with U, V
 * Haar-random orthonormal columns; y = x·Aᵀ. With `inputs: 'whitened'` the
 * inputs are the in standard basis vectors (n = in, Σ_xx = I, Saxe et al.'s
 * setting), otherwise n Gaussian samples. meta holds s, U and V.
 */
export function lowRankLinear({
  inDim = 8,
  outDim = 8,
  singularValues = [3, 2, 1],
  n = 64,
  inputs = 'gaussian',
  noise = 0,
  seed = 0,
}: { inDim?: number; outDim?: number; singularValues?: number[]; n?: number; inputs?: 'gaussian' | 'whitened'; noise?: number; seed?: number } = {}): Dataset {
  checkPositiveInteger('lowRankLinear', 'inDim', inDim);
  checkPositiveInteger('lowRankLinear', 'outDim', outDim);
  const r = singularValues.length;
  if (r < 1 || r > Math.min(inDim, outDim) || singularValues.some((s) => !(s >= 0) || !Number.isFinite(s))) {
    throw new Error(`lowRankLinear: singularValues must list 1…${Math.min(inDim, outDim)} finite values ≥ 0, got [${singularValues.join(', ')}]`);
  }
  checkNonNegativeNumber('lowRankLinear', 'noise', noise);
  const rng = new Rng(seed);
  const u = init.orthogonal([outDim, r], { rng }).data; // orthonormal columns
  const v = init.orthogonal([inDim, r], { rng }).data;
  const a = new Float64Array(outDim * inDim);
  for (let i = 0; i < outDim; i++) {
    for (let j = 0; j < inDim; j++) {
      let s = 0;
      for (let k = 0; k < r; k++) s += u[i * r + k]! * singularValues[k]! * v[j * r + k]!;
      a[i * inDim + j] = s;
    }
  }
  const rows = inputs === 'whitened' ? inDim : n;
  if (inputs !== 'whitened') checkPositiveInteger('lowRankLinear', 'n', n);
  const x = new Float64Array(rows * inDim);
  if (inputs === 'whitened') for (let i = 0; i < inDim; i++) x[i * inDim + i] = 1;
  else rng.fillNormal(x);
  const y = new Float64Array(rows * outDim);
  for (let p = 0; p < rows; p++) {
    for (let i = 0; i < outDim; i++) {
      let s = 0;
      for (let j = 0; j < inDim; j++) s += a[i * inDim + j]! * x[p * inDim + j]!;
      y[p * outDim + i] = s + (noise > 0 ? rng.normal(0, noise) : 0);
    }
  }
  const toRows = (m: Float64Array, nr: number, nc: number): number[][] => Array.from({ length: nr }, (_, i) => Array.from(m.subarray(i * nc, (i + 1) * nc)));
  return {
    x: tensor(x, { shape: [rows, inDim] }),
    y: tensor(y, { shape: [rows, outDim] }),
    meta: {
      name: 'lowRankLinear',
      task: 'regression',
      nSamples: rows,
      nFeatures: inDim,
      singularValues: [...singularValues],
      inputs,
      noise,
      seed,
      U: toRows(u, outDim, r),
      V: toRows(v, inDim, r),
      A: toRows(a, outDim, inDim),
    },
  };
}
