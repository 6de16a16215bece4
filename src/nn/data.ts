/**
 * Seeded generated datasets (no downloads) and seeded mini-batching.
 * Binary tasks give targets y [n, 1] in {0, 1} (for BCE), multiclass tasks
 * class ids y [n], regression tasks y [n, d].
 */
import { tensor, type Tensor } from '../autograd/index.js';
import { Rng } from '../tensor/index.js';
import { checkInteger, checkNonNegativeNumber, checkNumberInRange, checkPositiveInteger } from '../tensor/validate.js';

export type Task = 'binary' | 'multiclass' | 'regression';

export interface DatasetMeta {
  name: string;
  task: Task;
  nSamples: number;
  nFeatures: number;
  nClasses?: number;
  [key: string]: unknown;
}

export interface Dataset {
  x: Tensor;
  y: Tensor;
  meta: DatasetMeta;
}


/** Apply one seeded permutation to the rows of x (d columns) and y (dy columns), so generated classes come interleaved. */
function shuffleRows(x: Float64Array, d: number, y: Float64Array, dy: number, rng: Rng): void {
  const n = x.length / d;
  const perm = rng.permutation(n);
  const x0 = Float64Array.from(x);
  const y0 = Float64Array.from(y);
  for (let i = 0; i < n; i++) {
    const j = perm[i]!;
    for (let c = 0; c < d; c++) x[i * d + c] = x0[j * d + c]!;
    for (let c = 0; c < dy; c++) y[i * dy + c] = y0[j * dy + c]!;
  }
}

function binary(name: string, x: Float64Array, y: Float64Array, extra: Record<string, unknown> = {}): Dataset {
  const n = y.length;
  return {
    x: tensor(x, { shape: [n, 2] }),
    y: tensor(y, { shape: [n, 1] }),
    meta: { name, task: 'binary', nSamples: n, nFeatures: 2, nClasses: 2, ...extra },
  };
}

/** The four XOR points: x ∈ {0, 1}² (or {−1, 1}² with `signed`), y = x₁ ⊕ x₂. */
export function xor({ signed = false }: { signed?: boolean } = {}): Dataset {
  const lo = signed ? -1 : 0;
  const x = Float64Array.from([lo, lo, lo, 1, 1, lo, 1, 1]);
  return binary('xor', x, Float64Array.from([0, 1, 1, 0]), { signed });
}

/** n points drawn from the XOR corners (uniformly) plus isotropic Gaussian noise of std `noise`. */
export function noisyXor({ n = 200, noise = 0.1, signed = false, seed = 0 }: { n?: number; noise?: number; signed?: boolean; seed?: number } = {}): Dataset {
  checkPositiveInteger('noisyXor', 'n', n);
  checkNonNegativeNumber('noisyXor', 'noise', noise);
  const rng = new Rng(seed);
  const lo = signed ? -1 : 0;
  const x = new Float64Array(2 * n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const a = rng.int(2);
    const b = rng.int(2);
    x[2 * i] = (a ? 1 : lo) + rng.normal(0, noise);
    x[2 * i + 1] = (b ? 1 : lo) + rng.normal(0, noise);
    y[i] = a ^ b;
  }
  return binary('noisyXor', x, y, { noise, signed, seed });
}

/**
 * Two interleaving half circles (sklearn's make_moons): the outer moon
 * (cos t, sin t) and the inner one (1 − cos t, 1/2 − sin t), t evenly spaced on [0, π].
 */
export function twoMoons({ n = 200, noise = 0.1, seed = 0 }: { n?: number; noise?: number; seed?: number } = {}): Dataset {
  checkInteger('twoMoons', 'n', n, 2);
  checkNonNegativeNumber('twoMoons', 'noise', noise);
  const rng = new Rng(seed);
  const nOut = Math.floor(n / 2);
  const nIn = n - nOut;
  const x = new Float64Array(2 * n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const outer = i < nOut;
    const m = outer ? nOut : nIn;
    const t = (Math.PI * (outer ? i : i - nOut)) / Math.max(1, m - 1);
    x[2 * i] = (outer ? Math.cos(t) : 1 - Math.cos(t)) + rng.normal(0, noise);
    x[2 * i + 1] = (outer ? Math.sin(t) : 0.5 - Math.sin(t)) + rng.normal(0, noise);
    y[i] = outer ? 0 : 1;
  }
  shuffleRows(x, 2, y, 1, rng);
  return binary('twoMoons', x, y, { noise, seed });
}

/** Two concentric circles (sklearn's make_circles): radius 1 (class 0) and `factor` (class 1). */
export function circles({ n = 200, noise = 0.05, factor = 0.5, seed = 0 }: { n?: number; noise?: number; factor?: number; seed?: number } = {}): Dataset {
  checkInteger('circles', 'n', n, 2);
  checkNonNegativeNumber('circles', 'noise', noise);
  checkNumberInRange('circles', 'factor', factor, 0, 1, { loOpen: true, hiOpen: true });
  const rng = new Rng(seed);
  const nOut = Math.floor(n / 2);
  const nIn = n - nOut;
  const x = new Float64Array(2 * n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const outer = i < nOut;
    const t = (2 * Math.PI * (outer ? i : i - nOut)) / (outer ? nOut : nIn);
    const r = outer ? 1 : factor;
    x[2 * i] = r * Math.cos(t) + rng.normal(0, noise);
    x[2 * i + 1] = r * Math.sin(t) + rng.normal(0, noise);
    y[i] = outer ? 0 : 1;
  }
  shuffleRows(x, 2, y, 1, rng);
  return binary('circles', x, y, { noise, factor, seed });
}

/**
 * k interleaved spiral arms: arm j has points at radius r ∈ (0, 1] and angle
 * θ = 2π·turns·r + 2πj/k, plus Gaussian noise. Class ids y [n].
 */
export function spirals({ n = 300, arms = 3, turns = 1, noise = 0.05, seed = 0 }: { n?: number; arms?: number; turns?: number; noise?: number; seed?: number } = {}): Dataset {
  checkInteger('spirals', 'arms', arms, 2);
  checkInteger('spirals', 'n', n, arms);
  checkNonNegativeNumber('spirals', 'noise', noise);
  const rng = new Rng(seed);
  const x = new Float64Array(2 * n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const arm = i % arms;
    const k = Math.floor(i / arms);
    const perArm = Math.floor(n / arms) + (arm < n % arms ? 1 : 0);
    const r = (k + 1) / perArm;
    const theta = 2 * Math.PI * turns * r + (2 * Math.PI * arm) / arms;
    x[2 * i] = r * Math.cos(theta) + rng.normal(0, noise);
    x[2 * i + 1] = r * Math.sin(theta) + rng.normal(0, noise);
    y[i] = arm;
  }
  shuffleRows(x, 2, y, 1, rng);
  return {
    x: tensor(x, { shape: [n, 2] }),
    y: tensor(y, { shape: [n] }),
    meta: { name: 'spirals', task: 'multiclass', nSamples: n, nFeatures: 2, nClasses: arms, arms, turns, noise, seed },
  };
}

/**
 * Isotropic Gaussian blobs (sklearn's make_blobs): `centers` given, or that
 * many centers drawn uniformly in [−box, box]^dim; sample i belongs to blob i mod k.
 */
export function gaussianBlobs({
  n = 300,
  centers = 3,
  dim = 2,
  std = 1,
  box = 10,
  seed = 0,
}: { n?: number; centers?: number | number[][]; dim?: number; std?: number; box?: number; seed?: number } = {}): Dataset {
  const rng = new Rng(seed);
  let mu: number[][];
  if (typeof centers === 'number') {
    checkPositiveInteger('gaussianBlobs', 'centers', centers);
    checkPositiveInteger('gaussianBlobs', 'dim', dim);
    mu = Array.from({ length: centers }, () => Array.from({ length: dim }, () => rng.uniform(-box, box)));
  } else {
    if (centers.length === 0 || centers.some((c) => c.length !== centers[0]!.length || c.length === 0)) {
      throw new Error('gaussianBlobs: centers must be a non-empty list of points of one dimension');
    }
    mu = centers.map((c) => [...c]);
  }
  const k = mu.length;
  const d = mu[0]!.length;
  checkInteger('gaussianBlobs', 'n', n, k);
  checkNonNegativeNumber('gaussianBlobs', 'std', std);
  const x = new Float64Array(n * d);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % k;
    for (let j = 0; j < d; j++) x[i * d + j] = mu[c]![j]! + rng.normal(0, std);
    y[i] = c;
  }
  shuffleRows(x, d, y, 1, rng);
  return {
    x: tensor(x, { shape: [n, d] }),
    y: tensor(y, { shape: [n] }),
    meta: { name: 'gaussianBlobs', task: 'multiclass', nSamples: n, nFeatures: d, nClasses: k, centers: mu, std, seed },
  };
}

export interface Batch {
  x: Tensor;
  y: Tensor;
  /** Row indices of this batch in the dataset. */
  indices: Int32Array;
}

/**
 * One epoch of mini-batches: rows in the order of a permutation drawn from
 * `rng` (dataset order without one), `batchSize` rows each, the last batch
 * smaller unless `dropLast`.
 */
export function* batches(
  data: { x: Tensor; y: Tensor },
  batchSize: number,
  rng?: Rng,
  { dropLast = false }: { dropLast?: boolean } = {},
): Generator<Batch> {
  const n = data.x.shape[0];
  if (n === undefined || data.y.shape[0] !== n) {
    throw new Error(`batches: x and y must have the same number of rows, got x ${JSON.stringify(data.x.shape)} and y ${JSON.stringify(data.y.shape)}`);
  }
  checkPositiveInteger('batches', 'batchSize', batchSize);
  const order = rng ? rng.permutation(n) : Int32Array.from({ length: n }, (_, i) => i);
  for (let start = 0; start < n; start += batchSize) {
    const stop = Math.min(n, start + batchSize);
    if (dropLast && stop - start < batchSize) break;
    const indices = order.slice(start, stop);
    yield { x: data.x.indexSelect(0, indices), y: data.y.indexSelect(0, indices), indices };
  }
}
