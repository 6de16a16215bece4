/**
 * A 2-D slice of a high-dimensional loss as a `Surface`:
 *   f(α, β) = L(θ₀ + α d₁ + β d₂),
 * differentiable through the autodiff, so that every surface tool (gradient
 * and Hessian fields, critical points, basins, optimizer trajectories)
 * applies to slices of networks too. By the chain rule
 *   ∇f = (d₁ᵀ∇L, d₂ᵀ∇L),   ∇²f = [dᵢᵀ ∇²L dⱼ]ᵢⱼ,
 * the projected gradient and the Hessian restricted to the plane.
 */
import { stack, tensor, type Objective, type Tensor } from '../autograd/index.js';
import { coordinates, type Surface } from './surface.js';

export interface PlaneSurfaceOptions {
  /** The loss of the flat parameters (its differentiable `loss` is sliced). */
  objective: Objective;
  /** Optional batched loss [B, n] → [B] (e.g. MlpLoss.lossTensorBatch); rows are otherwise evaluated one by one. */
  lossBatch?: (thetas: Tensor) => Tensor;
  theta0: Float64Array;
  d1: Float64Array;
  d2: Float64Array;
  /** Plotting domain in (α, β) (default [−1, 1]²). */
  domain?: { x: [number, number]; y: [number, number] };
  id?: string;
  name?: string;
}

/** The plane θ₀ + α d₁ + β d₂ through a loss, as a Surface (no known critical points: find them with findCriticalPoints). */
export function planeSurface({ objective, lossBatch, theta0, d1, d2, domain = { x: [-1, 1], y: [-1, 1] }, id = 'plane', name = 'loss on a plane' }: PlaneSurfaceOptions): Surface {
  if (!objective || typeof objective.loss !== 'function') throw new Error('planeSurface: objective must be an Objective (objective(loss, n), moduleObjective or mlpLoss(...).objective)');
  const loss = objective.loss;
  const n = theta0.length;
  if (n === 0) throw new Error('planeSurface: theta0 must not be empty');
  if (d1.length !== n || d2.length !== n) throw new Error(`planeSurface: d1 and d2 must have the length of theta0 (${n}), got ${d1.length} and ${d2.length}`);
  const base = tensor(Float64Array.from(theta0));
  // D = [d₁; d₂] (2 × n): θ(xy) = θ₀ + xy·D for xy of shape [2] or [N, 2].
  const D = tensor(Float64Array.from([...d1, ...d2]), { shape: [2, n] });
  return {
    id,
    name,
    f: (xy: Tensor) => {
      coordinates(xy, 'planeSurface.f');
      const thetas = base.add(xy.matmul(D));
      if (xy.ndim === 1) return loss(thetas);
      if (lossBatch) return lossBatch(thetas);
      return stack(Array.from({ length: xy.shape[0] }, (_, i) => loss(thetas.select(0, i))), 0);
    },
    domain,
    minima: [],
    note: 'L(θ₀ + α d₁ + β d₂): gradient and Hessian are the projections of ∇L and ∇²L onto the plane.',
  };
}
