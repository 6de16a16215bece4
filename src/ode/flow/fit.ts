/**
 * Small numerical helpers of the studies: least-squares slopes (the order p
 * of an error e ≈ C·ηᵖ is the slope of log e against log η) and vector
 * distances.
 */

/** Least-squares slope and intercept of y against x. */
export function linearFit(xs: ArrayLike<number>, ys: ArrayLike<number>): { slope: number; intercept: number } {
  const n = xs.length;
  if (n < 2 || ys.length !== n) throw new Error(`linearFit: need two arrays of equal length ≥ 2, got ${xs.length} and ${ys.length}`);
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += xs[i]!;
    my += ys[i]!;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
  }
  if (sxx === 0) throw new Error('linearFit: the x values are all equal');
  const slope = sxy / sxx;
  return { slope, intercept: my - slope * mx };
}

/** Slope of log y against log x: the exponent p of y ≈ C·xᵖ. Needs positive values. */
export function logLogSlope(xs: ArrayLike<number>, ys: ArrayLike<number>): number {
  for (let i = 0; i < xs.length; i++) {
    if (!(xs[i]! > 0) || !(ys[i]! > 0)) throw new Error(`logLogSlope: values must be > 0, got x = ${xs[i]}, y = ${ys[i]} at index ${i}`);
  }
  return linearFit(Array.from(xs, Math.log), Array.from(ys, Math.log)).slope;
}

/** Euclidean distance ‖a − b‖₂. */
export function distance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i]! - b[i]!) ** 2;
  return Math.sqrt(s);
}
