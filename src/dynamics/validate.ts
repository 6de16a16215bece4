/** Argument checks shared by the dynamics module: each error names the function, the argument and the allowed range. */

export function checkPositiveNumber(fn: string, name: string, v: number): void {
  if (typeof v !== 'number' || !(v > 0) || !Number.isFinite(v)) throw new Error(`${fn}: ${name} must be a finite number > 0, got ${String(v)}`);
}

export function checkNumberInRange(fn: string, name: string, v: number, lo: number, hi: number, { loOpen = false, hiOpen = false } = {}): void {
  const ok = typeof v === 'number' && Number.isFinite(v) && (loOpen ? v > lo : v >= lo) && (hiOpen ? v < hi : v <= hi);
  if (!ok) throw new Error(`${fn}: ${name} must be a number in ${loOpen ? '(' : '['}${lo}, ${hi}${hiOpen ? ')' : ']'}, got ${String(v)}`);
}

export function checkInteger(fn: string, name: string, v: number, min: number, max = Number.MAX_SAFE_INTEGER): void {
  if (!Number.isInteger(v) || v < min || v > max) {
    throw new Error(`${fn}: ${name} must be an integer in [${min}, ${max === Number.MAX_SAFE_INTEGER ? '∞' : max}], got ${String(v)}`);
  }
}

export function checkVector(fn: string, name: string, v: unknown, n?: number): asserts v is Float64Array {
  if (!(v instanceof Float64Array)) throw new Error(`${fn}: ${name} must be a Float64Array`);
  if (n !== undefined && v.length !== n) throw new Error(`${fn}: ${name} must have length ${n}, got ${v.length}`);
}

export function checkSeries(fn: string, name: string, v: unknown, minLength = 1): asserts v is ArrayLike<number> {
  const arr = v as ArrayLike<number> | null;
  if (arr === null || typeof arr !== 'object' || typeof arr.length !== 'number' || arr.length < minLength) {
    throw new Error(`${fn}: ${name} must be an array of at least ${minLength} numbers`);
  }
}
