/**
 * Optimizer trajectories on 2-D surfaces, run with the torch-semantics
 * optimizers of src/optim: the point θ is one Parameter of shape [2] and
 * each iteration is zeroGrad → f(θ).backward() → step().
 *
 * Batched runs: src/optim's SGD, RMSprop, Adam and AdamW update every
 * entry of a Parameter from that entry's gradient and state alone, and the
 * gradient of Σᵢ f(θᵢ) with respect to a [N, 2] Parameter is ∇f(θᵢ) row by
 * row; so one optimizer on a [N, 2] Parameter runs N independent
 * trajectories at once (used for basins of attraction). This holds only for
 * such element-wise optimizers (not, e.g., for gradient clipping by global
 * norm or L-BFGS).
 */
import { Parameter, enableGrad, tensor, type Tensor } from '../autograd/index.js';
import { optimizerEntry, type OptimizerName, type OptimizerOptions } from '../optim/index.js';
import type { Surface } from './surface.js';
import { checkInteger, checkPositiveNumber } from '../tensor/validate.js';

export interface OptimizerLike {
  step(): void;
  zeroGrad(): void;
}

/** Builds an optimizer over the given Parameters (e.g. `(ps) => new SGD(ps, { lr: 0.01 })`). */
export type OptimizerFactory = (params: Parameter[]) => OptimizerLike;

/** Declarative optimizer choice: a name of src/optim's registry and its options (torch defaults for the rest). */
export type OptimizerSpec = { kind: OptimizerName; lr: number } & OptimizerOptions;

/** The factory of an OptimizerSpec (the registry builds the optimizer). */
export function optimizerFactory(spec: OptimizerSpec): OptimizerFactory {
  const { kind, ...options } = spec;
  const entry = optimizerEntry(kind); // an unknown name fails here, not at the first run
  return (ps) => entry.create(ps, options);
}

export function resolveFactory(optimizer: OptimizerFactory | OptimizerSpec): OptimizerFactory {
  return typeof optimizer === 'function' ? optimizer : optimizerFactory(optimizer);
}

export interface TrajectoryOptions {
  /** Maximum number of optimizer steps (default 500). */
  steps?: number;
  /** Tolerance of the convergence criterion (default 1e-8). */
  tol?: number;
  /**
   * 'loss': f(θ) − f* ≤ tol with f* the smallest known minimum (default when
   * the surface lists minima); 'gradNorm': ‖∇f(θ)‖ ≤ tol (default otherwise);
   * 'distance': distance to the nearest known minimum ≤ tol.
   */
  criterion?: 'loss' | 'gradNorm' | 'distance';
  /** Stop as soon as the criterion holds (default false: run all steps). */
  stopAtTolerance?: boolean;
  /** A run is diverged once ‖θ‖ exceeds this or turns non-finite (default 1e6). */
  divergeRadius?: number;
}

export interface OptimizerRun {
  name: string;
  /** θ₀ … θ_T (T = steps taken). */
  path: [number, number][];
  /** f(θ_t) and ‖∇f(θ_t)‖ for every recorded point. */
  losses: number[];
  gradNorms: number[];
  /** First t meeting the criterion, or null. */
  stepsToTolerance: number | null;
  diverged: boolean;
  /** Seconds of wall time. */
  seconds: number;
}

export interface NamedOptimizer {
  name: string;
  optimizer: OptimizerFactory | OptimizerSpec;
}

function checkStart(fn: string, start: readonly number[]): void {
  if (start.length !== 2 || !Number.isFinite(start[0]) || !Number.isFinite(start[1])) {
    throw new Error(`${fn}: start must be a finite point [x, y], got ${JSON.stringify(start)}`);
  }
}

/** Run one optimizer on `surface` from `start`. */
export function runTrajectory(surface: Surface, start: readonly number[], optimizer: OptimizerFactory | OptimizerSpec, options: TrajectoryOptions = {}, name = 'optimizer'): OptimizerRun {
  const fn = 'runTrajectory';
  checkStart(fn, start);
  const { steps = 500, tol = 1e-8, stopAtTolerance = false, divergeRadius = 1e6 } = options;
  const criterion = options.criterion ?? (surface.minima.length > 0 ? 'loss' : 'gradNorm');
  checkInteger(fn, 'steps', steps, 0);
  checkPositiveNumber(fn, 'tol', tol);
  if (criterion !== 'gradNorm' && surface.minima.length === 0) throw new Error(`${fn}: criterion '${criterion}' needs a surface with known minima`);
  const fStar = Math.min(...surface.minima.map((m) => m.f));
  const theta = new Parameter(tensor([start[0], start[1]]));
  const opt = resolveFactory(optimizer)([theta]);
  const path: [number, number][] = [];
  const losses: number[] = [];
  const gradNorms: number[] = [];
  let stepsToTolerance: number | null = null;
  let diverged = false;
  const t0 = performance.now();
  for (let t = 0; ; t++) {
    const [x, y] = theta.data;
    if (!Number.isFinite(x) || !Number.isFinite(y) || Math.hypot(x, y) > divergeRadius) {
      diverged = true;
      break;
    }
    opt.zeroGrad();
    const loss: Tensor = enableGrad(() => {
      const l = surface.f(theta);
      l.backward();
      return l;
    });
    const g = theta.grad!.data;
    const gn = Math.hypot(g[0], g[1]);
    path.push([x, y]);
    losses.push(loss.item());
    gradNorms.push(gn);
    if (stepsToTolerance === null) {
      const met =
        criterion === 'loss'
          ? loss.item() - fStar <= tol
          : criterion === 'gradNorm'
            ? gn <= tol
            : Math.min(...surface.minima.map((m) => Math.hypot(x - m.x, y - m.y))) <= tol;
      if (met) stepsToTolerance = t;
    }
    if (t === steps || (stopAtTolerance && stepsToTolerance !== null)) break;
    opt.step();
  }
  return { name, path, losses, gradNorms, stepsToTolerance, diverged, seconds: (performance.now() - t0) / 1000 };
}

/** Run several optimizers side by side from the same start (default: the surface's first suggested start). */
export function runOptimizers(surface: Surface, optimizers: readonly NamedOptimizer[], options: TrajectoryOptions & { start?: readonly number[] } = {}): OptimizerRun[] {
  const { start = surface.start?.[0], ...rest } = options;
  if (!start) throw new Error(`runOptimizers: no start given and surface '${surface.id}' suggests none`);
  if (optimizers.length === 0) throw new Error('runOptimizers: optimizers must not be empty');
  return optimizers.map(({ name, optimizer }) => runTrajectory(surface, start, optimizer, rest, name));
}
