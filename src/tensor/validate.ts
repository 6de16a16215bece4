/**
 * Argument checks for the whole library, in its lowest layer so every layer
 * uses the same ones: each error is one line naming the function, the
 * argument, what was expected and what came. One spelling per constraint
 * ("a positive integer", "a finite number > 0", "an integer in [a, b]", …).
 */

function show(v: unknown): string {
  if (typeof v === 'number' || typeof v === 'boolean' || v === null || v === undefined) return String(v);
  if (typeof v === 'string') return `'${v}'`;
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  return typeof v;
}

/** A finite real number. */
export function checkFiniteNumber(fn: string, name: string, v: unknown): asserts v is number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`${fn}: ${name} must be a finite number, got ${show(v)}`);
}

/** A finite real number > 0. */
export function checkPositiveNumber(fn: string, name: string, v: unknown): asserts v is number {
  if (typeof v !== 'number' || !(v > 0) || !Number.isFinite(v)) throw new Error(`${fn}: ${name} must be a finite number > 0, got ${show(v)}`);
}

/** A finite real number ≥ 0. */
export function checkNonNegativeNumber(fn: string, name: string, v: unknown): asserts v is number {
  if (typeof v !== 'number' || !(v >= 0) || !Number.isFinite(v)) throw new Error(`${fn}: ${name} must be a finite number ≥ 0, got ${show(v)}`);
}

/** A number in [lo, hi], either end optionally open. */
export function checkNumberInRange(fn: string, name: string, v: unknown, lo: number, hi: number, { loOpen = false, hiOpen = false } = {}): asserts v is number {
  const ok = typeof v === 'number' && Number.isFinite(v) && (loOpen ? v > lo : v >= lo) && (hiOpen ? v < hi : v <= hi);
  if (!ok) throw new Error(`${fn}: ${name} must be a number in ${loOpen ? '(' : '['}${lo}, ${hi}${hiOpen ? ')' : ']'}, got ${show(v)}`);
}

/** An integer in [min, max] (max defaults to unbounded). */
export function checkInteger(fn: string, name: string, v: unknown, min: number, max = Number.MAX_SAFE_INTEGER): asserts v is number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new Error(`${fn}: ${name} must be ${max === Number.MAX_SAFE_INTEGER ? `an integer ≥ ${min}` : `an integer in [${min}, ${max}]`}, got ${show(v)}`);
  }
}

/** An integer ≥ 1 (a dimension, a count, a period). */
export function checkPositiveInteger(fn: string, name: string, v: unknown): asserts v is number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new Error(`${fn}: ${name} must be a positive integer, got ${show(v)}`);
}

/** A Float64Array, of length n when given. */
export function checkVector(fn: string, name: string, v: unknown, n?: number): asserts v is Float64Array {
  if (!(v instanceof Float64Array)) throw new Error(`${fn}: ${name} must be a Float64Array, got ${show(v)}`);
  if (n !== undefined && v.length !== n) throw new Error(`${fn}: ${name} must have length ${n}, got ${v.length}`);
}

/** An array-like of at least `minLength` numbers. */
export function checkSeries(fn: string, name: string, v: unknown, minLength = 1): asserts v is ArrayLike<number> {
  const arr = v as ArrayLike<number> | null;
  if (arr === null || typeof arr !== 'object' || typeof arr.length !== 'number' || arr.length < minLength) {
    throw new Error(`${fn}: ${name} must be an array of at least ${minLength} numbers`);
  }
}

/** One of the allowed string values. */
export function checkOneOf<T extends string>(fn: string, name: string, v: unknown, allowed: readonly T[]): asserts v is T {
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
    throw new Error(`${fn}: ${name} must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${show(v)}`);
  }
}

/** A dense n×n row-major matrix: a Float64Array of length n², every entry finite (the failing entry named). */
export function checkSquareMatrix(fn: string, a: unknown, n: number): asserts a is Float64Array {
  checkPositiveInteger(fn, 'n', n);
  if (!(a instanceof Float64Array)) throw new Error(`${fn}: a must be a Float64Array (n×n row-major), got ${show(a)}`);
  if (a.length !== n * n) throw new Error(`${fn}: a has length ${a.length}, expected n×n = ${n * n} for n = ${n}`);
  for (let i = 0; i < a.length; i++) {
    if (!Number.isFinite(a[i])) throw new Error(`${fn}: a[${i}] (row ${Math.floor(i / n)}, column ${i % n}) is not finite: ${a[i]}`);
  }
}

/** true or false. */
export function checkBoolean(fn: string, name: string, v: unknown): asserts v is boolean {
  if (typeof v !== 'boolean') throw new Error(`${fn}: ${name} must be a boolean, got ${show(v)}`);
}

/** Reject option keys the function does not know (a typo would otherwise be silently ignored). */
export function checkKnownKeys(fn: string, options: object, allowed: readonly string[]): void {
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) throw new Error(`${fn}: unknown option '${key}' (allowed: ${allowed.join(', ')})`);
  }
}

/**
 * An optimizer option ≥ 0 (lr, eps, weight decay, momentum, …) in torch.optim's wording, so the message is
 * recognisable ("Invalid learning rate: -1"), followed by the argument's name and range.
 */
export function checkTorchNonNegative(fn: string, what: string, name: string, v: unknown): asserts v is number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new Error(`${fn}: Invalid ${what}: ${String(v)} (${name} must be a finite number ≥ 0)`);
}

/** An optimizer option in [0, 1) (Adam's betas), in torch.optim's wording. */
export function checkTorchUnitInterval(fn: string, what: string, name: string, v: unknown): asserts v is number {
  if (typeof v !== 'number' || !(v >= 0 && v < 1)) throw new Error(`${fn}: Invalid ${what}: ${String(v)} (${name} must be in [0, 1))`);
}

/**
 * A study's config resolved against its size presets: `size` ('quick' when absent, or 'full') picks the preset and
 * every key the caller defines (not undefined) overrides it.
 */
export function resolvePreset<T extends object>(fn: string, config: { size?: 'quick' | 'full' } & Partial<T>, presets: Readonly<Record<'quick' | 'full', T>>): T {
  const size: unknown = config.size ?? 'quick';
  checkOneOf(fn, 'size', size, ['quick', 'full'] as const);
  const defined = Object.fromEntries(Object.entries(config).filter(([k, v]) => v !== undefined && k !== 'size'));
  return { ...presets[size], ...defined } as T;
}
