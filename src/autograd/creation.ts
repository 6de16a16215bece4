/**
 * Tensor creation. Shapes may be given as numbers (`zeros(2, 3)`) or one
 * array (`zeros([2, 3])`), optionally followed by an options object.
 * Random tensors are seeded: `{ seed }` or `{ rng }`; without either they
 * draw from the global generator set by `manualSeed` (default seed 0).
 */
import { NDArray, Rng, checkShape, resolveRng, sizeOf, type NestedArray } from '../tensor/index.js';
import { Tensor } from './tensor.js';

export interface CreateOptions {
  requiresGrad?: boolean;
}
export interface RandomOptions extends CreateOptions {
  seed?: number;
  rng?: Rng;
}

let globalRng = new Rng(0);

/** Reset the global generator used by random creation functions without `{ seed }` or `{ rng }`. */
export function manualSeed(seed: number): void {
  globalRng = new Rng(seed);
}
export function defaultRng(): Rng {
  return globalRng;
}

type ShapeArgs<O> = (number | readonly number[] | O | undefined)[];

function parseShapeArgs<O extends object>(args: ShapeArgs<O>, op: string): [number[], O | undefined] {
  let opts: O | undefined;
  const rest = [...args];
  const last = rest[rest.length - 1];
  if (last !== undefined && typeof last === 'object' && !Array.isArray(last)) {
    opts = last as O;
    rest.pop();
  }
  while (rest.length > 0 && rest[rest.length - 1] === undefined) rest.pop();
  const shape = rest.length === 1 && Array.isArray(rest[0]) ? [...(rest[0] as number[])] : (rest as number[]);
  checkShape(shape, op);
  return [shape, opts];
}

/**
 * tensor(data, { requiresGrad, shape }): data is a number, nested arrays, or
 * a Float64Array / number[] with an explicit `shape` (the buffer is used as is, not copied, when it is a Float64Array).
 */
export function tensor(
  data: NestedArray | Float64Array | readonly number[],
  opts: CreateOptions & { shape?: readonly number[] } = {},
): Tensor {
  let value: NDArray;
  if (data instanceof Float64Array) {
    const shape = [...(opts.shape ?? [data.length])];
    checkShape(shape, 'tensor');
    if (sizeOf(shape) !== data.length) {
      throw new Error(`tensor: a buffer of ${data.length} elements cannot have shape [${shape.join(', ')}]`);
    }
    value = new NDArray(data, shape);
  } else if (opts.shape) {
    checkShape(opts.shape, 'tensor');
    const flat = Float64Array.from((data as NestedArray[]).flat(Infinity as 1) as number[]);
    value = new NDArray(flat, [...opts.shape]);
    if (sizeOf(opts.shape) !== flat.length) throw new Error(`tensor: ${flat.length} values cannot have shape [${opts.shape.join(', ')}]`);
  } else {
    value = NDArray.fromNested(data as NestedArray);
  }
  return new Tensor(value, opts.requiresGrad ?? false);
}

function filled(shape: number[], v: number, opts?: CreateOptions): Tensor {
  const d = new Float64Array(sizeOf(shape));
  if (v !== 0) d.fill(v);
  return new Tensor(new NDArray(d, shape), opts?.requiresGrad ?? false);
}

export function zeros(...args: ShapeArgs<CreateOptions>): Tensor {
  const [shape, opts] = parseShapeArgs(args, 'zeros');
  return filled(shape, 0, opts);
}
export function ones(...args: ShapeArgs<CreateOptions>): Tensor {
  const [shape, opts] = parseShapeArgs(args, 'ones');
  return filled(shape, 1, opts);
}
export function full(shape: readonly number[], value: number, opts?: CreateOptions): Tensor {
  checkShape(shape, 'full');
  return filled([...shape], value, opts);
}
export function zerosLike(x: Tensor, opts?: CreateOptions): Tensor {
  return filled([...x.shape], 0, opts);
}
export function onesLike(x: Tensor, opts?: CreateOptions): Tensor {
  return filled([...x.shape], 1, opts);
}

/** Identity matrix n×m (m defaults to n). */
export function eye(n: number, m = n, opts?: CreateOptions): Tensor {
  checkShape([n, m], 'eye');
  const t = filled([n, m], 0, opts);
  for (let i = 0; i < Math.min(n, m); i++) t.value.data[i * m + i] = 1;
  return t;
}

/** arange(stop) or arange(start, stop, step): values start, start+step, … < stop (NumPy). */
export function arange(start: number, stop?: number, step = 1, opts?: CreateOptions): Tensor {
  if (stop === undefined) [start, stop] = [0, start];
  if (step === 0 || !Number.isFinite(step)) throw new Error(`arange: step must be a finite non-zero number, got ${step}`);
  if (!Number.isFinite(start) || !Number.isFinite(stop)) throw new Error(`arange: start and stop must be finite numbers, got ${start} and ${stop}`);
  const n = Math.max(0, Math.ceil((stop - start) / step));
  checkShape([n], 'arange');
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) d[i] = start + i * step;
  return new Tensor(new NDArray(d, [n]), opts?.requiresGrad ?? false);
}

/** `num` evenly spaced values from start to stop inclusive (NumPy linspace). */
export function linspace(start: number, stop: number, num = 50, opts?: CreateOptions): Tensor {
  checkShape([num], 'linspace');
  const d = new Float64Array(num);
  const step = num > 1 ? (stop - start) / (num - 1) : 0;
  for (let i = 0; i < num; i++) d[i] = start + i * step;
  if (num > 1) d[num - 1] = stop;
  return new Tensor(new NDArray(d, [num]), opts?.requiresGrad ?? false);
}

/** Uniform on [0, 1). */
export function rand(...args: ShapeArgs<RandomOptions>): Tensor {
  const [shape, opts] = parseShapeArgs(args, 'rand');
  const rng = resolveRng(opts, defaultRng);
  const t = filled(shape, 0, opts);
  rng.fillUniform(t.value.data);
  return t;
}

/** Standard normal N(0, 1). */
export function randn(...args: ShapeArgs<RandomOptions>): Tensor {
  const [shape, opts] = parseShapeArgs(args, 'randn');
  const rng = resolveRng(opts, defaultRng);
  const t = filled(shape, 0, opts);
  rng.fillNormal(t.value.data);
  return t;
}
