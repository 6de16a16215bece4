/**
 * Event location: zero crossings of g(t, y(t)) along the solution. After each
 * accepted step the event functions are evaluated at its end; a sign change
 * (in an allowed direction) brackets a root, which is then found with
 * Brent's method on the step's continuous extension — so it is located to
 * the accuracy of the dense output, at no cost in f evaluations.
 */
import type { DenseSegment } from './stepper.js';
import type { OdeEvent } from './types.js';

interface NormalizedEvent {
  g: (t: number, y: Float64Array) => number;
  terminal: boolean;
  direction: -1 | 0 | 1;
}

export function normalizeEvents(events: OdeEvent | OdeEvent[] | undefined): NormalizedEvent[] {
  if (events === undefined) return [];
  const list = Array.isArray(events) ? events : [events];
  return list.map((ev, i) => {
    const g = typeof ev === 'function' ? ev : ev?.g;
    if (typeof g !== 'function') {
      throw new Error(`solveIvp: events[${i}] must be a function g(t, y) or an object { g, terminal?, direction? }`);
    }
    const direction = ev.direction ?? 0;
    if (direction !== -1 && direction !== 0 && direction !== 1) {
      throw new Error(`solveIvp: events[${i}].direction must be -1, 0 or 1, got ${String(direction)}`);
    }
    return { g, terminal: ev.terminal === true, direction };
  });
}

/**
 * Whether g going from gOld to gNew over a step is an event. A start value of
 * exactly 0 does not count (that root was reported with the previous step, or
 * is the initial point); an end value of exactly 0 does.
 */
function isCrossing(gOld: number, gNew: number, direction: -1 | 0 | 1): boolean {
  const up = gOld < 0 && gNew >= 0;
  const down = gOld > 0 && gNew <= 0;
  if (direction > 0) return up;
  if (direction < 0) return down;
  return up || down;
}

/**
 * Brent's method (R. P. Brent, Algorithms for Minimization without
 * Derivatives, 1973, ch. 4 "zeroin"): bisection safeguarding secant and
 * inverse quadratic interpolation. Requires fa·fb ≤ 0; stops when the
 * bracket is below 2·(2ε|b| + xtol/2).
 */
export function brentRoot(
  fn: (x: number) => number,
  a: number,
  b: number,
  fa = fn(a),
  fb = fn(b),
  xtol = 4 * Number.EPSILON,
  maxIter = 200,
): number {
  if (fa === 0) return a;
  if (fb === 0) return b;
  if (fa * fb > 0) throw new Error(`brentRoot: f(a) and f(b) must differ in sign, got f(${a}) = ${fa}, f(${b}) = ${fb}`);
  let c = a;
  let fc = fa;
  let d = b - a;
  let e = d;
  for (let iter = 0; iter < maxIter; iter++) {
    if (fb * fc > 0) {
      c = a;
      fc = fa;
      d = b - a;
      e = d;
    }
    if (Math.abs(fc) < Math.abs(fb)) {
      a = b;
      b = c;
      c = a;
      fa = fb;
      fb = fc;
      fc = fa;
    }
    const tol = 2 * Number.EPSILON * Math.abs(b) + 0.5 * xtol;
    const m = 0.5 * (c - b);
    if (Math.abs(m) <= tol || fb === 0) return b;
    if (Math.abs(e) >= tol && Math.abs(fa) > Math.abs(fb)) {
      // Interpolation: secant if a = c, inverse quadratic otherwise.
      let p: number;
      let q: number;
      const s = fb / fa;
      if (a === c) {
        p = 2 * m * s;
        q = 1 - s;
      } else {
        const qa = fa / fc;
        const r = fb / fc;
        p = s * (2 * m * qa * (qa - r) - (b - a) * (r - 1));
        q = (qa - 1) * (r - 1) * (s - 1);
      }
      if (p > 0) q = -q;
      else p = -p;
      if (2 * p < Math.min(3 * m * q - Math.abs(tol * q), Math.abs(e * q))) {
        e = d;
        d = p / q;
      } else {
        d = m;
        e = m;
      }
    } else {
      d = m;
      e = m;
    }
    a = b;
    fa = fb;
    b += Math.abs(d) > tol ? d : m > 0 ? tol : -tol;
    fb = fn(b);
  }
  return b;
}

interface LocatedEvent {
  index: number;
  t: number;
  y: Float64Array;
}

/**
 * Events inside the step described by `segment` (from segment.tStart to
 * segment.tEnd), given g at both ends; returned in the order they occur
 * along the integration.
 */
export function locateEvents(
  events: NormalizedEvent[],
  gOld: Float64Array,
  gNew: Float64Array,
  segment: DenseSegment,
  n: number,
): LocatedEvent[] {
  const found: LocatedEvent[] = [];
  const scratch = new Float64Array(n);
  const { tStart, tEnd } = segment;
  for (let i = 0; i < events.length; i++) {
    const ev = events[i]!;
    if (!isCrossing(gOld[i]!, gNew[i]!, ev.direction)) continue;
    const g = (t: number): number => {
      segment.evaluate(t, scratch);
      return ev.g(t, scratch);
    };
    const tRoot = gNew[i] === 0 ? tEnd : brentRoot(g, tStart, tEnd, gOld[i]!, gNew[i]!);
    const y = new Float64Array(n);
    segment.evaluate(tRoot, y);
    found.push({ index: i, t: tRoot, y });
  }
  const dir = tEnd >= tStart ? 1 : -1;
  found.sort((p, q) => dir * (p.t - q.t));
  return found;
}
