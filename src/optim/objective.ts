/**
 * The Objective of a model on a batch: L(θ) = loss(f(x; θ), y), θ laid out
 * as `flattenParams(model.parameters())` (Parameters end to end in
 * `parameters()` order, each row-major). The function form and the value /
 * gradient / Hessian–vector product machinery are src/autograd's
 * `objective`; this adds the module's parameter layout.
 *
 * The loss is a function (prediction, target) ↦ scalar Tensor — e.g.
 * `mseLoss`, `binaryCrossEntropyWithLogits` — or an nn Loss object.
 */
import { checkFlatVector, objective, type FlatLossFn, type Objective, type Tensor } from '../autograd/index.js';
import { functionalCall, Loss, type LossFn, type Module } from '../nn/index.js';
import { flattenParams, unflattenInto, unflattenTensor } from './flatten.js';

export interface ModuleObjective extends Objective {
  /** The model's current parameters, flattened (a copy): the natural θ(0), or "the trained θ". */
  theta0(): Float64Array;
  /** Write θ back into the model's Parameters (in place). */
  assign(theta: Float64Array): void;
}

/**
 * L(θ) = loss(model(x; θ), y) on a full batch. Evaluating L never touches
 * the model's own Parameters (functionalCall swaps θ's pieces in for one
 * forward pass), so the objective can be probed at any θ while training goes on.
 */
export function moduleObjective(model: Module, data: { x: Tensor; y: Tensor }, loss: LossFn | Loss): ModuleObjective {
  const fn = 'moduleObjective';
  if (!model || typeof model.parameters !== 'function') throw new Error(`${fn}: model must be an nn Module`);
  if (!data || !data.x || !data.y) throw new Error(`${fn}: data must be { x: Tensor, y: Tensor }`);
  if (typeof loss === 'string') {
    throw new Error(`${fn}: loss must be a function (prediction, target) => Tensor or an nn Loss, got the string '${String(loss)}' (write e.g. mseLoss or binaryCrossEntropyWithLogits)`);
  }
  let lossFn: LossFn;
  if (loss instanceof Loss) lossFn = (p, y) => loss.forward(p, y);
  else if (typeof loss === 'function') lossFn = loss;
  else throw new Error(`${fn}: loss must be a function (prediction, target) => Tensor or an nn Loss`);
  const params = model.parameters();
  if (params.length === 0) throw new Error(`${fn}: model has no parameters`);
  const shapes = params.map((p) => [...p.shape]);
  const n = params.reduce((s, p) => s + p.size, 0);
  const flat: FlatLossFn = (theta) => {
    if (theta.ndim !== 1 || theta.size !== n) throw new Error(`${fn}: theta must have shape [${n}], got [${theta.shape.join(', ')}]`);
    return lossFn(functionalCall(model, unflattenTensor(theta, shapes), data.x), data.y);
  };
  return {
    // A fixed model and batch make L shape-static and pure: compiled (bit-identical to eager, see autograd/objective.ts).
    ...objective(flat, n, { compile: true }),
    theta0: () => flattenParams(params),
    assign: (theta) => unflattenInto(params, checkFlatVector(`${fn}.assign`, 'theta', theta, n)),
  };
}
