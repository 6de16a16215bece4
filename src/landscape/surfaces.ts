/**
 * Classic two-dimensional test surfaces for optimizers, written with Tensor
 * ops so that gradients and Hessians are exact (autodiff, not differences).
 *
 * Sources for the formulas and the critical points: Jamil & Yang, "A
 * literature survey of benchmark functions for global optimization
 * problems" (2013); Surjanovic & Bingham, Virtual Library of Simulation
 * Experiments (sfu.ca/~ssurjano); Himmelblau, "Applied Nonlinear
 * Programming" (1972). Points quoted to six decimals are literature values;
 * their gradient is ≈ 0 only to the precision of those digits.
 */
import type { Tensor } from '../autograd/index.js';
import { coordinates, type Surface } from './surface.js';
import { checkFiniteNumber, checkNonNegativeNumber, checkPositiveNumber } from '../tensor/validate.js';

export interface QuadraticOptions {
  /** Condition number κ = λ_max / λ_min ≥ 1 (default 10). */
  kappa?: number;
  /** Angle (radians) of the low-curvature eigenvector from the x axis (default 0). */
  angle?: number;
  /** λ_min, the smallest Hessian eigenvalue, > 0 (default 1). */
  scale?: number;
}

/** A quadratic bowl, with its Hessian spectrum exposed for convergence-rate theory. */
export interface QuadraticSurface extends Surface {
  /** [μ, L] = [scale, κ·scale]. */
  eigenvalues: [number, number];
  /** Unit eigenvectors of μ and L. */
  eigenvectors: [[number, number], [number, number]];
}

/**
 * f(θ) = ½ μ (uᵀθ)² + ½ L (vᵀθ)² with u = (cos a, sin a), v = (−sin a, cos a),
 * μ = scale, L = κ·scale: a bowl with Hessian H = μ uuᵀ + L vvᵀ and minimum 0 at the origin.
 */
export function quadratic({ kappa = 10, angle = 0, scale = 1 }: QuadraticOptions = {}): QuadraticSurface {
  if (!Number.isFinite(kappa) || kappa < 1) throw new Error(`quadratic: kappa must be a finite number ≥ 1, got ${kappa}`);
  checkFiniteNumber('quadratic', 'angle', angle);
  checkPositiveNumber('quadratic', 'scale', scale);
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  const mu = scale;
  const L = kappa * scale;
  return {
    id: 'quadratic',
    name: `quadratic bowl (κ = ${kappa})`,
    f: (xy: Tensor) => {
      const [x, y] = coordinates(xy, 'quadratic.f');
      const along = x.mul(c).add(y.mul(s));
      const across = x.mul(-s).add(y.mul(c));
      return along.square().mul(0.5 * mu).add(across.square().mul(0.5 * L));
    },
    domain: { x: [-2, 2], y: [-2, 2] },
    minima: [{ x: 0, y: 0, f: 0 }],
    start: [[1.5, 1]],
    note: 'Quadratic with Hessian eigenvalues μ = scale (along angle) and L = κ·scale: GD converges at max|1 − ηλ|, momentum methods at rates set by √κ.',
    eigenvalues: [mu, L],
    eigenvectors: [
      [c, s],
      [-s, c],
    ],
  };
}

/** Rosenbrock's banana, (a − x)² + b (y − x²)², minimum (a, a²); b sets the valley's narrowness. */
export function rosenbrock({ a = 1, b = 100 }: { a?: number; b?: number } = {}): Surface {
  checkFiniteNumber('rosenbrock', 'a', a);
  checkPositiveNumber('rosenbrock', 'b', b);
  return {
    id: 'rosenbrock',
    name: b === 100 && a === 1 ? 'Rosenbrock' : `Rosenbrock (a = ${a}, b = ${b})`,
    f: (xy) => {
      const [x, y] = coordinates(xy, 'rosenbrock.f');
      return x.neg().add(a).square().add(y.sub(x.square()).square().mul(b));
    },
    domain: { x: [-2, 2], y: [-1, 3] },
    minima: [{ x: a, y: a * a, f: 0 }],
    start: [[-1.2, 1]],
    note: 'Rosenbrock (1960): a narrow curved valley y = x² whose floor descends slowly towards (a, a²); the standard start is (−1.2, 1).',
  };
}

/** Beale: (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)², minimum (3, 0.5). */
export function beale(): Surface {
  return {
    id: 'beale',
    name: 'Beale',
    f: (xy) => {
      const [x, y] = coordinates(xy, 'beale.f');
      const t1 = x.mul(y).sub(x).add(1.5);
      const t2 = x.mul(y.square()).sub(x).add(2.25);
      const t3 = x.mul(y.pow(3)).sub(x).add(2.625);
      return t1.square().add(t2.square()).add(t3.square());
    },
    domain: { x: [-4.5, 4.5], y: [-4.5, 4.5] },
    minima: [{ x: 3, y: 0.5, f: 0 }],
    saddles: [
      { x: 0, y: 1, f: 14.203125 },
      { x: 0.100538, y: -2.644514, f: 9.864512 },
    ],
    start: [[1, 1.5]],
    note: 'Beale (1958): flat plateaus and sharp ridges near the corners; global minimum f(3, 0.5) = 0.',
  };
}

/** Himmelblau: (x² + y − 11)² + (x + y² − 7)², four minima of value 0, one maximum, four saddles. */
export function himmelblau(): Surface {
  return {
    id: 'himmelblau',
    name: 'Himmelblau',
    f: (xy) => {
      const [x, y] = coordinates(xy, 'himmelblau.f');
      return x.square().add(y).sub(11).square().add(x.add(y.square()).sub(7).square());
    },
    domain: { x: [-5, 5], y: [-5, 5] },
    minima: [
      { x: 3, y: 2, f: 0 },
      { x: -2.805118, y: 3.131312, f: 0 },
      { x: -3.77931, y: -3.283186, f: 0 },
      { x: 3.584428, y: -1.848126, f: 0 },
    ],
    maxima: [{ x: -0.270845, y: -0.923039, f: 181.616522 }],
    saddles: [
      { x: 3.385154, y: 0.073852, f: 13.311926 },
      { x: 0.086678, y: 2.884255, f: 67.719150 },
      { x: -3.073026, y: -0.081353, f: 104.015163 },
      { x: -0.127961, y: -1.953715, f: 178.337239 },
    ],
    start: [
      [0, 0],
      [-1, 1],
    ],
    note: 'Himmelblau (1972): four global minima of value 0, a local maximum near (−0.27, −0.92) and four saddles between them; a standard basins-of-attraction example.',
  };
}

/** Booth: (x + 2y − 7)² + (2x + y − 5)², a quadratic with minimum (1, 3). */
export function booth(): Surface {
  return {
    id: 'booth',
    name: 'Booth',
    f: (xy) => {
      const [x, y] = coordinates(xy, 'booth.f');
      return x.add(y.mul(2)).sub(7).square().add(x.mul(2).add(y).sub(5).square());
    },
    domain: { x: [-10, 10], y: [-10, 10] },
    minima: [{ x: 1, y: 3, f: 0 }],
    start: [[-8, 8]],
    note: 'Booth: a quadratic with Hessian [[10, 8], [8, 10]] (eigenvalues 2 and 18, κ = 9); minimum f(1, 3) = 0.',
  };
}

/** Goldstein–Price, global minimum f(0, −1) = 3 among several local minima. */
export function goldsteinPrice(): Surface {
  return {
    id: 'goldstein-price',
    name: 'Goldstein–Price',
    f: (xy) => {
      const [x, y] = coordinates(xy, 'goldsteinPrice.f');
      const x2 = x.square();
      const y2 = y.square();
      const xy1 = x.mul(y);
      // [1 + (x+y+1)² (19 − 14x + 3x² − 14y + 6xy + 3y²)]
      const a = x.add(y).add(1).square().mul(x.mul(-14).add(x2.mul(3)).sub(y.mul(14)).add(xy1.mul(6)).add(y2.mul(3)).add(19)).add(1);
      // [30 + (2x − 3y)² (18 − 32x + 12x² + 48y − 36xy + 27y²)]
      const b = x.mul(2).sub(y.mul(3)).square().mul(x.mul(-32).add(x2.mul(12)).add(y.mul(48)).sub(xy1.mul(36)).add(y2.mul(27)).add(18)).add(30);
      return a.mul(b);
    },
    domain: { x: [-2, 2], y: [-2, 2] },
    minima: [
      { x: 0, y: -1, f: 3 },
      { x: -0.6, y: -0.4, f: 30 },
      { x: 1.8, y: 0.2, f: 84 },
      { x: 1.2, y: 0.8, f: 840 },
    ],
    saddles: [
      { x: -0.4, y: -0.6, f: 35 },
      { x: 1.2, y: -0.2, f: 99 },
      { x: 1.4, y: 0.6, f: 980 },
      { x: 0.6, y: 0.4, f: 990 },
    ],
    maxima: [{ x: 0.8, y: 0.2, f: 1155 }],
    start: [[1, 1]],
    note: 'Goldstein & Price (1971): a steep polynomial (values up to ~10⁶ on [−2, 2]²) with global minimum f(0, −1) = 3, local minima at (−0.6, −0.4), (1.8, 0.2), (1.2, 0.8), four saddles and a maximum, all at rational points (found with findCriticalPoints, gradient < 1e-11 there).',
  };
}

/** Six-hump camel: (4 − 2.1x² + x⁴/3)x² + xy + (−4 + 4y²)y², two global and four local minima. */
export function sixHumpCamel(): Surface {
  return {
    id: 'six-hump-camel',
    name: 'six-hump camel',
    f: (xy) => {
      const [x, y] = coordinates(xy, 'sixHumpCamel.f');
      const x2 = x.square();
      const y2 = y.square();
      const first = x2.mul(-2.1).add(x2.square().div(3)).add(4).mul(x2);
      return first.add(x.mul(y)).add(y2.mul(4).sub(4).mul(y2));
    },
    domain: { x: [-2, 2], y: [-1.2, 1.2] },
    minima: [
      { x: 0.0898420131, y: -0.7126564030, f: -1.0316284535 },
      { x: -0.0898420131, y: 0.7126564030, f: -1.0316284535 },
      { x: 1.703607, y: -0.796084, f: -0.215464 },
      { x: -1.703607, y: 0.796084, f: -0.215464 },
      { x: 1.607105, y: 0.568651, f: 2.10425 },
      { x: -1.607105, y: -0.568651, f: 2.10425 },
    ],
    // Saddles and maxima: computed with findCriticalPoints (Newton, ‖∇f‖ < 1e-14), rounded to 6 decimals.
    saddles: [
      { x: 0, y: 0, f: 0 },
      { x: 1.109205, y: -0.768268, f: 0.543719 },
      { x: -1.109205, y: 0.768268, f: 0.543719 },
      { x: 1.638068, y: 0.228674, f: 2.229357 },
      { x: -1.638068, y: -0.228674, f: 2.229357 },
      { x: 1.29607, y: 0.605084, f: 2.229471 },
      { x: -1.29607, y: -0.605084, f: 2.229471 },
    ],
    maxima: [
      { x: 1.23023, y: 0.162335, f: 2.496295 },
      { x: -1.23023, y: -0.162335, f: 2.496295 },
    ],
    start: [
      [-1.5, -1],
      [1.5, 1],
    ],
    note: 'Six-hump camel back (Dixon & Szegő 1978): two global minima ±(0.0898, −0.7127), f = −1.0316, and four local minima, separated by saddles; symmetric under (x, y) → (−x, −y).',
  };
}

/** The saddle x² − y²: Hessian diag(2, −2) everywhere; the critical point (0, 0) is a strict saddle. */
export function saddle(): Surface {
  return {
    id: 'saddle',
    name: 'saddle x² − y²',
    f: (xy) => {
      const [x, y] = coordinates(xy, 'saddle.f');
      return x.square().sub(y.square());
    },
    domain: { x: [-1, 1], y: [-1, 1] },
    minima: [],
    saddles: [{ x: 0, y: 0, f: 0 }],
    start: [[1, 1e-3]],
    note: 'A strict saddle: from (1, δ₀) gradient descent approaches the origin along x and escapes along y like (1 + 2η)ᵗ δ₀, i.e. after ≈ log(1/δ₀)/(2η) steps.',
  };
}

/** The monkey saddle x³ − 3xy²: gradient and Hessian vanish at (0, 0), a degenerate critical point. */
export function monkeySaddle(): Surface {
  return {
    id: 'monkey-saddle',
    name: 'monkey saddle x³ − 3xy²',
    f: (xy) => {
      const [x, y] = coordinates(xy, 'monkeySaddle.f');
      return x.pow(3).sub(x.mul(y.square()).mul(3));
    },
    domain: { x: [-1, 1], y: [-1, 1] },
    minima: [],
    saddles: [{ x: 0, y: 0, f: 0 }],
    start: [[0.5, 0.1]],
    note: 'Monkey saddle: three descending valleys meet at the origin, where the Hessian is zero, so the second-order test is inconclusive (degenerate).',
  };
}

/** Rastrigin in 2-D: 20 + Σ (xᵢ² − 10 cos 2πxᵢ), a bowl covered with a lattice of local minima. */
export function rastrigin({ amplitude = 10 }: { amplitude?: number } = {}): Surface {
  checkNonNegativeNumber('rastrigin', 'amplitude', amplitude);
  const twoPi = 2 * Math.PI;
  return {
    id: 'rastrigin',
    name: 'Rastrigin',
    f: (xy) => {
      const [x, y] = coordinates(xy, 'rastrigin.f');
      const term = (t: Tensor) => t.square().sub(t.mul(twoPi).cos().mul(amplitude));
      return term(x).add(term(y)).add(2 * amplitude);
    },
    domain: { x: [-5.12, 5.12], y: [-5.12, 5.12] },
    minima: [{ x: 0, y: 0, f: 0 }],
    start: [[2.3, -3.4]],
    note: 'Rastrigin (1974): highly multimodal; local minima near every integer lattice point, global minimum f(0, 0) = 0.',
  };
}

/**
 * A narrow curved valley along the unit circle:
 *   f = ((x² + y² − 1)/w)² + ½((x − 1)² + y²).
 * Both terms are ≥ 0 and vanish only at (1, 0), the unique minimum, where
 * H = diag(8/w² + 1, 1): the valley is w wide and its condition number is 1 + 8/w².
 */
export function ringValley({ width = 0.1 }: { width?: number } = {}): Surface {
  checkPositiveNumber('ringValley', 'width', width);
  return {
    id: 'ring-valley',
    name: `ring valley (w = ${width})`,
    f: (xy) => {
      const [x, y] = coordinates(xy, 'ringValley.f');
      const ring = x.square().add(y.square()).sub(1).div(width).square();
      return ring.add(x.sub(1).square().add(y.square()).mul(0.5));
    },
    domain: { x: [-1.5, 1.5], y: [-1.5, 1.5] },
    minima: [{ x: 1, y: 0, f: 0 }],
    start: [[-0.8, 0.65]],
    note: 'A valley of width w bent along the unit circle, descending gently towards (1, 0): large steps bounce across it, small ones crawl along it.',
  };
}

/** Every named surface with default parameters (ids are unique). */
export function allSurfaces(): Surface[] {
  return [
    quadratic(),
    rosenbrock(),
    beale(),
    himmelblau(),
    booth(),
    goldsteinPrice(),
    sixHumpCamel(),
    saddle(),
    monkeySaddle(),
    rastrigin(),
    ringValley(),
  ];
}
