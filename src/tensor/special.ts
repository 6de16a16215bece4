/**
 * Special functions needed by the ops: erf / erfc and the standard normal
 * CDF Φ(x) = ½·erfc(−x/√2) (used by GELU).
 *
 * |x| < 2: the Maclaurin series erf(x) = (2/√π) Σ (−1)ⁿ x^{2n+1} / (n!(2n+1)),
 * whose largest term at |x| = 2 is ≈ 20, so cancellation costs < 2 digits
 * (relative error ≲ 1e-14).
 * |x| ≥ 2: the continued fraction (Abramowitz & Stegun 7.1.14)
 * erfc(x) = e^{−x²}/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))),
 * evaluated by the modified Lentz method to machine precision.
 */
const TWO_OVER_SQRT_PI = 1.1283791670955126;
const INV_SQRT_PI = 0.5641895835477563;

function erfSeries(x: number): number {
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 100; n++) {
    term *= -x2 / n;
    const add = term / (2 * n + 1);
    sum += add;
    if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
  }
  return TWO_OVER_SQRT_PI * sum;
}

/** erfc(x) for x ≥ 2 by Lentz's continued fraction. */
function erfcContinuedFraction(x: number): number {
  const tiny = 1e-300;
  let f = x;
  let C = x;
  let D = 0;
  for (let n = 1; n < 500; n++) {
    const a = n / 2;
    D = x + a * D;
    if (D === 0) D = tiny;
    C = x + a / C;
    if (C === 0) C = tiny;
    D = 1 / D;
    const delta = C * D;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return (Math.exp(-x * x) * INV_SQRT_PI) / f;
}

export function erf(x: number): number {
  if (x !== x) return NaN;
  if (Math.abs(x) < 2) return erfSeries(x);
  const c = erfcContinuedFraction(Math.abs(x));
  return x > 0 ? 1 - c : c - 1;
}

export function erfc(x: number): number {
  if (x !== x) return NaN;
  if (x >= 2) return erfcContinuedFraction(x);
  if (x <= -2) return 2 - erfcContinuedFraction(-x);
  return 1 - erfSeries(x);
}

/** Standard normal CDF Φ(x). */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x * Math.SQRT1_2);
}
