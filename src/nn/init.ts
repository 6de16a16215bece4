/**
 * Parameter initializers with torch.nn.init's formulas. Each one takes a
 * Tensor (filled in place and returned; a Parameter keeps its identity) or a
 * shape (a new Tensor is returned), and draws from `{ seed }` / `{ rng }`
 * (the global generator of `manualSeed` otherwise).
 *
 * Fans follow torch's _calculate_fan_in_and_fan_out: for a weight of shape
 * [out, in, k₁, k₂, …], receptive = Πk, fan_in = in·receptive and
 * fan_out = out·receptive.
 */
import { defaultRng, Tensor, tensor } from '../autograd/index.js';
import { checkShape, formatShape, resolveRng, sizeOf, type Rng } from '../tensor/index.js';
import { householderQr } from './qr.js';
import { checkFiniteNumber, checkOneOf } from '../tensor/validate.js';

export interface SeedOptions {
  seed?: number;
  rng?: Rng;
}
export type FanMode = 'fanIn' | 'fanOut';
export type Nonlinearity = 'linear' | 'identity' | 'sigmoid' | 'tanh' | 'relu' | 'leakyRelu' | 'leaky_relu' | 'selu' | 'conv1d' | 'conv2d' | 'conv3d';

type Target = Tensor | readonly number[];

function targetTensor(target: Target, op: string): Tensor {
  if (target instanceof Tensor) {
    if (!target.value.isContiguous() || target.value.offset !== 0) throw new Error(`${op}: the tensor to initialize must be contiguous`);
    return target;
  }
  return tensor(new Float64Array(checkShape(target, op)), { shape: target });
}

function rngOf(opts: SeedOptions | undefined): Rng {
  return resolveRng(opts, defaultRng);
}

/** torch's _calculate_fan_in_and_fan_out. */
export function calculateFanInAndFanOut(shape: readonly number[]): { fanIn: number; fanOut: number } {
  if (shape.length < 2) {
    throw new Error(`calculateFanInAndFanOut: fan in and fan out need a shape with at least 2 dimensions, got shape ${formatShape(shape)}`);
  }
  const receptive = sizeOf(shape.slice(2));
  return { fanIn: shape[1]! * receptive, fanOut: shape[0]! * receptive };
}

/**
 * The recommended gain for a nonlinearity (torch.nn.init.calculate_gain):
 * chosen so that the nonlinearity keeps the variance of its input's signal,
 * e.g. E[relu(z)²] = Var(z)/2 ⇒ gain √2; tanh 5/3; leaky ReLU √(2/(1+slope²)); SELU 3/4.
 */
export function calculateGain(nonlinearity: Nonlinearity | string, param?: number): number {
  switch (nonlinearity) {
    case 'linear':
    case 'identity':
    case 'conv1d':
    case 'conv2d':
    case 'conv3d':
    case 'sigmoid':
      return 1;
    case 'tanh':
      return 5 / 3;
    case 'relu':
      return Math.SQRT2;
    case 'leakyRelu':
    case 'leaky_relu': {
      const slope = param ?? 0.01;
      if (!Number.isFinite(slope)) throw new Error(`calculateGain: negative slope must be a finite number, got ${slope}`);
      return Math.sqrt(2 / (1 + slope * slope));
    }
    case 'selu':
      return 3 / 4;
    default:
      throw new Error(`calculateGain: unsupported nonlinearity '${nonlinearity}' (allowed: linear, sigmoid, tanh, relu, leakyRelu, selu, conv1d/2d/3d)`);
  }
}

export function zeros(target: Target): Tensor {
  const t = targetTensor(target, 'init.zeros');
  t.data.fill(0);
  return t;
}

/** Every entry equal to `value`: all units of a layer start identical (the symmetric starting point). */
export function constant(target: Target, value: number): Tensor {
  checkFiniteNumber('init.constant', 'value', value);
  const t = targetTensor(target, 'init.constant');
  t.data.fill(value);
  return t;
}

/** U[a, b): variance (b − a)²/12. */
export function uniform(target: Target, { a = 0, b = 1, ...seed }: { a?: number; b?: number } & SeedOptions = {}): Tensor {
  if (!(a <= b) || !Number.isFinite(a) || !Number.isFinite(b)) throw new Error(`init.uniform: needs finite a ≤ b, got a = ${a}, b = ${b}`);
  const t = targetTensor(target, 'init.uniform');
  rngOf(seed).fillUniform(t.data, a, b);
  return t;
}

/** N(mean, std²). */
export function normal(target: Target, { mean = 0, std = 1, ...seed }: { mean?: number; std?: number } & SeedOptions = {}): Tensor {
  if (!(std >= 0) || !Number.isFinite(std) || !Number.isFinite(mean)) throw new Error(`init.normal: needs finite mean and std ≥ 0, got mean = ${mean}, std = ${std}`);
  const t = targetTensor(target, 'init.normal');
  rngOf(seed).fillNormal(t.data, mean, std);
  return t;
}

/** Glorot & Bengio (2010): Var = gain²·2/(fan_in + fan_out), here as U(−√3·σ, √3·σ). */
export function xavierUniform(target: Target, { gain = 1, ...seed }: { gain?: number } & SeedOptions = {}): Tensor {
  const t = targetTensor(target, 'init.xavierUniform');
  const { fanIn, fanOut } = calculateFanInAndFanOut(t.shape);
  const bound = Math.sqrt(3) * gain * Math.sqrt(2 / (fanIn + fanOut));
  rngOf(seed).fillUniform(t.data, -bound, bound);
  return t;
}

/** Glorot & Bengio (2010): N(0, gain²·2/(fan_in + fan_out)). */
export function xavierNormal(target: Target, { gain = 1, ...seed }: { gain?: number } & SeedOptions = {}): Tensor {
  const t = targetTensor(target, 'init.xavierNormal');
  const { fanIn, fanOut } = calculateFanInAndFanOut(t.shape);
  rngOf(seed).fillNormal(t.data, 0, gain * Math.sqrt(2 / (fanIn + fanOut)));
  return t;
}

export interface KaimingOptions extends SeedOptions {
  /** Negative slope of the leaky ReLU that follows (only used with nonlinearity 'leakyRelu'). */
  a?: number;
  mode?: FanMode;
  nonlinearity?: Nonlinearity;
}

/** He et al. (2015): σ = gain/√fan, gain = calculateGain(nonlinearity, a). */
function kaimingStd(shape: readonly number[], { a = 0, mode = 'fanIn', nonlinearity = 'leakyRelu' }: KaimingOptions, op: string): number {
  checkOneOf(op, 'mode', mode, ['fanIn', 'fanOut'] as const);
  const { fanIn, fanOut } = calculateFanInAndFanOut(shape);
  const fan = mode === 'fanIn' ? fanIn : fanOut;
  if (fan === 0) throw new Error(`${op}: cannot initialize a tensor with zero fan (shape ${formatShape(shape)})`);
  return calculateGain(nonlinearity, a) / Math.sqrt(fan);
}

/** U(−√3·σ, √3·σ) with σ = gain/√fan: the variance σ² of kaimingNormal. */
export function kaimingUniform(target: Target, opts: KaimingOptions = {}): Tensor {
  const t = targetTensor(target, 'init.kaimingUniform');
  const bound = Math.sqrt(3) * kaimingStd(t.shape, opts, 'init.kaimingUniform');
  rngOf(opts).fillUniform(t.data, -bound, bound);
  return t;
}

export function kaimingNormal(target: Target, opts: KaimingOptions = {}): Tensor {
  const t = targetTensor(target, 'init.kaimingNormal');
  rngOf(opts).fillNormal(t.data, 0, kaimingStd(t.shape, opts, 'init.kaimingNormal'));
  return t;
}

/** LeCun et al. (1998): N(0, 1/fan_in) (a plain normal, not JAX's truncated one). */
export function lecunNormal(target: Target, seed: SeedOptions = {}): Tensor {
  const t = targetTensor(target, 'init.lecunNormal');
  rngOf(seed).fillNormal(t.data, 0, 1 / Math.sqrt(calculateFanInAndFanOut(t.shape).fanIn));
  return t;
}

/** U(−√(3/fan_in), √(3/fan_in)): variance 1/fan_in. */
export function lecunUniform(target: Target, seed: SeedOptions = {}): Tensor {
  const t = targetTensor(target, 'init.lecunUniform');
  const bound = Math.sqrt(3 / calculateFanInAndFanOut(t.shape).fanIn);
  rngOf(seed).fillUniform(t.data, -bound, bound);
  return t;
}

/**
 * Saxe et al. (2014), torch.nn.init.orthogonal_: flatten to rows × cols,
 * draw a Gaussian matrix (transposed when rows < cols), take its QR and fix
 * the signs by sign(diag R) so that Q is Haar-distributed; scale by gain.
 * The result has orthonormal rows or columns, whichever are fewer: WᵀW = gain²·I
 * (rows ≥ cols) or WWᵀ = gain²·I.
 */
export function orthogonal(target: Target, { gain = 1, ...seed }: { gain?: number } & SeedOptions = {}): Tensor {
  const t = targetTensor(target, 'init.orthogonal');
  if (t.ndim < 2) throw new Error(`init.orthogonal: only tensors with 2 or more dimensions are supported, got shape ${formatShape(t.shape)}`);
  const rows = t.shape[0]!;
  const cols = t.size / rows;
  if (t.size === 0) return t;
  const rng = rngOf(seed);
  const flat = rng.fillNormal(new Float64Array(rows * cols));
  const [m, n] = rows < cols ? [cols, rows] : [rows, cols];
  // Row-major m×n matrix: the Gaussian itself, or its transpose when rows < cols.
  const a = rows < cols ? transposeFlat(flat, rows, cols) : flat;
  const { q, rDiag } = householderQr(a, m, n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) q[i * n + j] = q[i * n + j]! * Math.sign(rDiag[j]!) * gain;
  t.data.set(rows < cols ? transposeFlat(q, m, n) : q);
  return t;
}

function transposeFlat(a: Float64Array, rows: number, cols: number): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j * rows + i] = a[i * cols + j]!;
  return out;
}
