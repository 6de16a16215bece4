/**
 * Option checks shared by the optimizers, schedules and update maps. The
 * messages keep torch.optim's wording ("Invalid learning rate: -1") so that
 * they are recognisable, prefixed with the function that rejected the value
 * and followed by the allowed range.
 */

/** A finite real number ≥ 0 (lr, eps, weight decay, momentum, …); torch's "Invalid <what>: <value>". */
export function checkNonNegative(fn: string, what: string, name: string, value: unknown): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new Error(`${fn}: Invalid ${what}: ${String(value)} (${name} must be a finite number ≥ 0)`);
  }
}

/** A real number in [0, 1) (Adam's betas). */
export function checkUnitInterval(fn: string, what: string, name: string, value: unknown): void {
  if (typeof value !== 'number' || !(value >= 0 && value < 1)) {
    throw new Error(`${fn}: Invalid ${what}: ${String(value)} (${name} must be in [0, 1))`);
  }
}

/** A finite real number (no sign constraint; e.g. SGD's dampening, Adagrad's initial accumulator). */
export function checkFinite(fn: string, name: string, value: unknown): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new Error(`${fn}: ${name} must be a finite number, got ${String(value)}`);
  }
}

export function checkBoolean(fn: string, name: string, value: unknown): void {
  if (typeof value !== 'boolean') throw new Error(`${fn}: ${name} must be a boolean, got ${String(value)}`);
}

/** A positive integer (schedule periods, iteration counts). */
export function checkPositiveInteger(fn: string, name: string, value: unknown): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw new Error(`${fn}: ${name} must be a positive integer, got ${String(value)}`);
  }
}

/** Reject option keys the function does not know (a typo would otherwise be silently ignored). */
export function checkKnownKeys(fn: string, options: object, allowed: readonly string[]): void {
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) {
      throw new Error(`${fn}: unknown option '${key}' (allowed: ${allowed.join(', ')})`);
    }
  }
}
