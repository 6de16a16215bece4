/**
 * The Jacobian of one training step. Training is the iteration
 *   z_{t+1} = F(z_t),   z = (θ, s),   F(z) = U(θ, s, ∇L(θ)),
 * of an optimizer update U (src/optim's `updateMap`) on the parameters θ
 * and the optimizer state s. Near a point z the deviations obey
 * δz_{t+1} ≈ J δz_t with J = ∂F/∂z, so the eigenvalues μ of J decide
 * whether the iteration contracts (|μ| < 1) or amplifies (|μ| > 1) each
 * direction, and whether it does so monotonically (μ > 0) or with
 * oscillation (μ < 0: period-2 flips; μ complex: rotation).
 *
 * The gradient g = ∇L(θ) is computed inside F with autograd, so
 * ∂g/∂θ = H (the Hessian) enters J; e.g. for gradient descent
 * J = I − ηH, for heavy ball (torch form b' = βb + g, θ' = θ − ηb')
 *   J = [[I − ηH, −ηβI], [H, βI]],
 * for torch's Nesterov (θ' = θ − η(g + βb'))
 *   J = [[I − η(1+β)H, −ηβ²I], [H, βI]].
 * For RMSprop/Adam the preconditioner P = diag(1/(√v + ε)) depends on the
 * state and (through v' = β₂v + (1−β₂)g²) on θ; `updateMap(kind,
 * { frozenPreconditioner })` chooses whether those derivatives are kept
 * (the true Jacobian) or P is held constant (the "preconditioned GD"
 * linearization I − η·c·P·H of the θ-block). See docs/dynamics.md.
 *
 * The dense path costs one reverse pass per state coordinate (n·(k+1)
 * vjps through a gradient): fine for the small models the theory is tested
 * on. For large models `updateMapJvp` gives J·v matrix-free (a jvp through
 * F, itself two reverse passes through F and its inner gradient), and
 * `updateMapSpectralRadius` runs Arnoldi on it.
 */
import { closedLoopMap, type UpdateMap } from '../optim/index.js';
import { grad, jacobian, jvp, tensor, type Objective, type Tensor } from '../autograd/index.js';
import { eigenvalues, realEigenvector, type ComplexEigenvalues } from '../linalg/index.js';
import { arnoldi } from './arnoldi.js';
import { checkInteger, checkVector } from '../tensor/validate.js';

export interface JacobianPointOptions {
  /** Optimizer state at the point (length stateSize(n)); default map.init(θ) (zeros; Adagrad: its initial accumulator). */
  state?: Float64Array;
  /**
   * Step count t ≥ 1 of the step being linearized (default 2). For SGD
   * variants every t ≥ 2 gives the same map (t = 1 is torch's special first
   * step b ← g); for Adam t sets the bias corrections.
   */
  t?: number;
}

export interface UnstableDirection {
  /** The eigenvalue μ = re + i·im of J. */
  re: number;
  im: number;
  modulus: number;
  /** Unit eigenvector: x (real μ), or x + i·y spanning the rotation plane (complex μ), normalized so ‖x‖² + ‖y‖² = 1. */
  vector: { re: Float64Array; im: Float64Array };
  /** Residual ‖J v − μ v‖. */
  residual: number;
}

export interface JacobianAnalysis {
  /** Number of parameters n and full state size (n + optimizer state). */
  n: number;
  size: number;
  /** J = ∂F/∂z, size × size, row-major; rows/cols ordered (θ, state blocks in map.blocks order). */
  matrix: Float64Array;
  eigenvalues: ComplexEigenvalues;
  spectralRadius: number;
  /** The `directions` eigen-directions of largest |μ| (a conjugate pair counts once). */
  unstable: UnstableDirection[];
  /** True if ρ(J) > 1: the linearized iteration amplifies some deviation. */
  unstableLinearization: boolean;
}

function resolveState(fn: string, map: UpdateMap, theta: Float64Array, state: Float64Array | undefined): Float64Array {
  const size = map.stateSize(theta.length);
  if (state === undefined) return Float64Array.from(map.init(tensor(Float64Array.from(theta))).data);
  checkVector(fn, 'state', state, size);
  return state;
}

/** The closed-loop map z ↦ F(z) at a fixed step count, g = ∇L(θ) differentiated inside. */
export function closedLoopStep(map: UpdateMap, objective: Objective, t: number): (z: Tensor) => Tensor {
  const gradient = (theta: Tensor): Tensor => grad(objective.loss)(theta) as Tensor;
  const F = closedLoopMap(map, objective.n, gradient);
  return (z) => F(z, t);
}

function point(fn: string, map: UpdateMap, objective: Objective, theta: Float64Array, options: JacobianPointOptions): { z: Float64Array; t: number } {
  if (!objective || typeof objective.loss !== 'function') throw new Error(`${fn}: objective must be an Objective (objective(loss, n) or moduleObjective(model, data, loss))`);
  checkVector(fn, 'theta', theta, objective.n);
  if (theta.length === 0) throw new Error(`${fn}: theta must be non-empty`);
  const t = options.t ?? 2;
  checkInteger(fn, 't', t, 1);
  const s = resolveState(fn, map, theta, options.state);
  const z = new Float64Array(theta.length + s.length);
  z.set(theta);
  z.set(s, theta.length);
  return { z, t };
}

/** Eigenvector of the dense J for μ = re + i·im by inverse iteration (complex μ through the real 2N×2N embedding). */
function eigenDirection(J: Float64Array, N: number, re: number, im: number): UnstableDirection {
  let x: Float64Array;
  let y: Float64Array;
  if (im === 0) {
    x = realEigenvector(J, N, re).vector;
    y = new Float64Array(N);
  } else {
    // K = [[J, b·I], [−b·I, J]] has K(x; y) = a(x; y) exactly when (J − (a + ib))(x + iy) = 0.
    const M = 2 * N;
    const K = new Float64Array(M * M);
    for (let i = 0; i < N; i++) {
      for (let j = 0; j < N; j++) {
        K[i * M + j] = J[i * N + j]!;
        K[(i + N) * M + j + N] = J[i * N + j]!;
      }
      K[i * M + i + N] = im;
      K[(i + N) * M + i] = -im;
    }
    const v = realEigenvector(K, M, re).vector;
    x = v.slice(0, N);
    y = v.slice(N);
  }
  let nrm = 0;
  for (let i = 0; i < N; i++) nrm += x[i]! * x[i]! + y[i]! * y[i]!;
  nrm = Math.sqrt(nrm);
  for (let i = 0; i < N; i++) {
    x[i] /= nrm;
    y[i] /= nrm;
  }
  // Residual of J(x + iy) − (re + i·im)(x + iy).
  let res = 0;
  for (let i = 0; i < N; i++) {
    let jx = 0;
    let jy = 0;
    for (let j = 0; j < N; j++) {
      jx += J[i * N + j]! * x[j]!;
      jy += J[i * N + j]! * y[j]!;
    }
    const rr = jx - (re * x[i]! - im * y[i]!);
    const ri = jy - (re * y[i]! + im * x[i]!);
    res += rr * rr + ri * ri;
  }
  return { re, im, modulus: Math.hypot(re, im), vector: { re: x, im: y }, residual: Math.sqrt(res) };
}

/**
 * The dense Jacobian of the training step at (θ, state) and its spectral analysis.
 *
 * @example
 * ```ts
 * import { dynamics, mseLoss, nn, optim } from 'learning-dynamics';
 *
 * const data = nn.regression1d({ n: 12 });
 * const model = new nn.MLP([1, 4, 1], { hidden: 'tanh', seed: 1 });
 * const L = optim.moduleObjective(model, data, mseLoss);
 * const J = dynamics.updateMapJacobian(optim.OPTIMIZERS.momentum.updateMap({ lr: 0.1, momentum: 0.9 }), L, L.theta0());
 * console.log(J.size, J.spectralRadius); // 2n = 26, ρ(J)
 * ```
 */
export function updateMapJacobian(
  map: UpdateMap,
  objective: Objective,
  theta: Float64Array,
  options: JacobianPointOptions & { directions?: number } = {},
): JacobianAnalysis {
  const fn = 'updateMapJacobian';
  const { z, t } = point(fn, map, objective, theta, options);
  const directions = options.directions ?? 1;
  checkInteger(fn, 'directions', directions, 0);
  const n = theta.length;
  const N = z.length;
  const J = jacobian(closedLoopStep(map, objective, t))(tensor(z));
  const matrix = Float64Array.from(J.contiguous().data);
  for (let i = 0; i < matrix.length; i++) {
    if (!Number.isFinite(matrix[i]!)) throw new Error(`${fn}: the Jacobian has non-finite entries at this point (is the loss finite here?)`);
  }
  const ev = eigenvalues(matrix, N);
  const order = Array.from({ length: N }, (_, i) => i).sort((a, b) => Math.hypot(ev.re[b]!, ev.im[b]!) - Math.hypot(ev.re[a]!, ev.im[a]!));
  const spectralRadius = N === 0 ? 0 : Math.hypot(ev.re[order[0]!]!, ev.im[order[0]!]!);
  const unstable: UnstableDirection[] = [];
  for (const i of order) {
    if (unstable.length >= directions) break;
    if (ev.im[i]! < 0) continue; // the conjugate partner of a pair already listed (the +im member comes first)
    unstable.push(eigenDirection(matrix, N, ev.re[i]!, ev.im[i]!));
  }
  return { n, size: N, matrix, eigenvalues: ev, spectralRadius, unstable, unstableLinearization: spectralRadius > 1 };
}

/** v ↦ J v at (θ, state), matrix-free: a jvp through F (the gradient inside F is differentiated too). */
export function updateMapJvp(map: UpdateMap, objective: Objective, theta: Float64Array, options: JacobianPointOptions = {}): (v: Float64Array) => Float64Array {
  const fn = 'updateMapJvp';
  const { z, t } = point(fn, map, objective, theta, options);
  const F = closedLoopStep(map, objective, t);
  const zT = tensor(z);
  return (v) => {
    checkVector(fn, 'v', v, z.length);
    const [, jv] = jvp(F, zT, tensor(Float64Array.from(v)));
    return Float64Array.from(jv.contiguous().data);
  };
}

/**
 * ρ(J) without forming J: Arnoldi on the jvp (see arnoldi.ts), `steps`
 * jvps. Exact (to rounding) once steps ≥ the state size; otherwise a lower
 * estimate that converges first for the outermost eigenvalues.
 */
export function updateMapSpectralRadius(
  map: UpdateMap,
  objective: Objective,
  theta: Float64Array,
  options: JacobianPointOptions & { steps?: number; seed?: number } = {},
): { spectralRadius: number; ritz: ComplexEigenvalues; matvecs: number } {
  const matvec = updateMapJvp(map, objective, theta, options);
  const N = theta.length + map.stateSize(theta.length);
  return arnoldi(matvec, N, { steps: options.steps ?? 30, seed: options.seed ?? 0 });
}
