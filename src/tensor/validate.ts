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
    throw new Error(`${fn}: ${name} must be an integer in [${min}, ${max === Number.MAX_SAFE_INTEGER ? '∞' : max}], got ${show(v)}`);
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
