/**
 * Losses, mean-reduced as PyTorch's defaults, written to be numerically
 * stable for any logits.
 */
import { NDArray, allocFloat64, broadcastShapes, formatShape, shapesEqual, sigmoidScalar } from '../tensor/index.js';
import { isGradEnabled } from './graph.js';
import { record } from './record.js';
import { tensor } from './creation.js';
import { Tensor } from './tensor.js';
import { evaluate } from './trace.js';

let warnedBroadcast = false;

/**
 * Mean squared error L = (1/n) Σᵢ (pᵢ − tᵢ)², one op like PyTorch's mse_loss:
 * ∂L/∂p = (2/n)(p − t) = −∂L/∂t. Broadcasts like PyTorch when the shapes
 * differ (with a one-time warning), through the composite sub/square/mean.
 */
export function mseLoss(pred: Tensor, target: Tensor | number): Tensor {
  if (!(target instanceof Tensor) || !shapesEqual(pred.shape, target.shape)) {
    if (target instanceof Tensor) {
      broadcastShapes(pred.shape, target.shape, 'mseLoss');
      if (!warnedBroadcast) {
        warnedBroadcast = true;
        console.warn(
          `mseLoss: prediction ${formatShape(pred.shape)} and target ${formatShape(target.shape)} differ in shape; ` +
            'they are broadcast (as PyTorch does), which is rarely intended',
        );
      }
    }
    return pred.sub(target).square().mean();
  }
  const n = pred.size;
  // Each loop writes its whole result (the form a compiled function replays in place, see src/tensor/specialize.ts).
  // The closures made per call are anonymous arguments, never bound to a name: see mseWrite.
  return record(
    'mseLoss',
    () => {
      const out = allocFloat64(1);
      mseWrite(out, pred, target, n);
      return new NDArray(out, []);
    },
    [pred, target],
    (g) => mseVjp(g, pred, target, n),
    () => ({ kind: 'write', reads: [pred.value, target.value], write: (out) => mseWrite(out, pred, target, n) }),
  );
}

/**
 * out[0] = (1/n)·Σ (p_i − t_i)². The loops are module-level functions, not closures made per call: V8 optimizes one
 * function once, while the loop inside a per-call closure ran ≈ 25 % slower on the XOR step (bench xor-step). And no
 * per-call closure here is bound to a name (`const f = () => …`): under tsx, which runs the benches and `ldyn`, esbuild's
 * keepNames turns each such binding into an Object.defineProperty call on every op, which cost the eager XOR step
 * ≈ 20 % (test/autograd/eagerNamedClosures.test.ts counts them).
 */
function mseWrite(out: Float64Array, pred: Tensor, target: Tensor, n: number): void {
  out[0] = meanSquaredDifference(pred.value.values(), target.value.values(), n);
}

/** ∂L/∂p = (2/n)·g·(p − t) = −∂L/∂t. */
function mseVjp(g: Tensor, pred: Tensor, target: Tensor, n: number): (Tensor | null)[] {
  if (isGradEnabled()) {
    // Recorded (higher orders): the same rule in Tensor ops, differentiable again.
    const dp = pred.sub(target).mul(g.mul(2 / n));
    return [pred.requiresGrad ? dp : null, target.requiresGrad ? dp.neg() : null];
  }
  // One fused loop per input (each its own replayable kernel, see trace.ts): ±(2/n)·g·(p − t).
  return [pred.requiresGrad ? mseGrad(g, pred, target, n, 1) : null, target.requiresGrad ? mseGrad(g, pred, target, n, -1) : null];
}

function mseGrad(g: Tensor, pred: Tensor, target: Tensor, n: number, sign: number): Tensor {
  return new Tensor(evaluate(
    () => {
      const d = allocFloat64(n);
      mseGradWrite(d, g, pred, target, n, sign);
      return new NDArray(d, pred.shape);
    },
    () => ({ kind: 'write', reads: [g.value, pred.value, target.value], write: (d) => mseGradWrite(d, g, pred, target, n, sign) }),
  ));
}

function mseGradWrite(d: Float64Array, g: Tensor, pred: Tensor, target: Tensor, n: number, sign: number): void {
  scaledDifference(d, sign * (2 / n) * g.item(), pred.value.values(), target.value.values(), n);
}

/** (1/n)·Σ (p_i − t_i)², the MSE forward loop. */
function meanSquaredDifference(p: Float64Array, t: Float64Array, n: number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const d = p[i]! - t[i]!;
    sum += d * d;
  }
  return sum / n;
}

/** d_i = c·(p_i − t_i), the MSE VJP loop (c = ±2g/n). */
function scaledDifference(d: Float64Array, c: number, p: Float64Array, t: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) d[i] = c * (p[i]! - t[i]!);
}

function classIndex(target: Tensor | ArrayLike<number> | number): Tensor {
  if (target instanceof Tensor) return target;
  if (typeof target === 'number') return tensor([target]);
  return tensor(Float64Array.from(target));
}

/**
 * Cross-entropy of logits against class ids (PyTorch's cross_entropy with
 * the default mean reduction): −mean_n log softmax(logits_n)[y_n].
 * Logits [N, C] (or [C] with one id, or [N, C, d…] with ids [N, d…]); the class axis is 1.
 * A target Tensor of the logits' own shape is taken as class probabilities.
 */
export function crossEntropy(logits: Tensor, target: Tensor | ArrayLike<number> | number): Tensor {
  const op = 'crossEntropy';
  if (logits.ndim === 0) throw new Error(`${op}: logits must be at least 1-d, got a scalar`);
  const classAxis = logits.ndim === 1 ? 0 : 1;
  const lsm = logits.logSoftmax(classAxis);
  if (target instanceof Tensor && shapesEqual(target.shape, logits.shape)) {
    // Soft targets: −Σ_c p_c log q_c, averaged over the batch.
    const perSample = lsm.mul(target).sum(classAxis).neg();
    return perSample.mean();
  }
  const ids = classIndex(target);
  const C = logits.shape[classAxis]!;
  const expected = logits.ndim === 1 ? [] : [logits.shape[0]!, ...logits.shape.slice(2)];
  const idShape = logits.ndim === 1 && ids.size === 1 ? [] : ids.shape;
  if (!shapesEqual(idShape, expected)) {
    throw new Error(`${op}: class ids of shape ${formatShape(ids.shape)} do not match logits ${formatShape(logits.shape)} (expected ids of shape ${formatShape(expected)})`);
  }
  const d = ids.data;
  for (let i = 0; i < d.length; i++) {
    const c = d[i]!;
    if (!Number.isInteger(c) || c < 0 || c >= C) throw new Error(`${op}: class id ${c} at position ${i} is out of range [0, ${C - 1}]`);
  }
  const idx = ids.reshape(logits.ndim === 1 ? [1] : [expected[0]!, 1, ...expected.slice(1)]);
  return lsm.gather(classAxis, idx).mean().neg();
}

/**
 * Binary cross-entropy on logits x with targets y ∈ [0, 1] (PyTorch's
 * binary_cross_entropy_with_logits, mean-reduced), one op:
 *   L = (1/n) Σ max(x, 0) − x·y + log(1 + e^{−|x|}),
 * the overflow-free form of −[y log σ(x) + (1 − y) log(1 − σ(x))].
 * ∂L/∂x = (σ(x) − y)/n (smooth everywhere, including x = 0); ∂L/∂y = −x/n.
 */
export function binaryCrossEntropyWithLogits(logits: Tensor, target: Tensor | number): Tensor {
  const op = 'binaryCrossEntropyWithLogits';
  if (target instanceof Tensor && !shapesEqual(logits.shape, target.shape)) {
    throw new Error(`${op}: logits ${formatShape(logits.shape)} and target ${formatShape(target.shape)} must have the same shape`);
  }
  const x = logits;
  const y = target instanceof Tensor ? target : new Tensor(new NDArray(allocFloat64(x.size).fill(target), x.shape));
  const n = x.size;
  // Anonymous thunks calling module-level loops, as in mseLoss (see mseWrite).
  return record(op, () => bceWithLogitsForward(x.value.values(), y.value.values(), n), [x, y], (g) => {
    if (isGradEnabled()) {
      // Recorded (higher orders): the same rule in Tensor ops.
      const c = g.div(n);
      return [x.requiresGrad ? x.sigmoid().sub(y).mul(c) : null, y.requiresGrad ? x.mul(c).neg() : null];
    }
    // ∂L/∂x = (σ(x) − y)·g/n and ∂L/∂y = −x·g/n, one fused (replayable, see trace.ts) loop each.
    return [x.requiresGrad ? bceWithLogitsGrad(g, x, y, n, true) : null, y.requiresGrad ? bceWithLogitsGrad(g, x, y, n, false) : null];
  });
}

/** (1/n) Σ max(x, 0) − x·y + log(1 + e^{−|x|}). */
function bceWithLogitsForward(xv: Float64Array, yv: Float64Array, n: number): NDArray {
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const a = xv[i]!;
    sum += Math.max(a, 0) - a * yv[i]! + Math.log1p(Math.exp(-Math.abs(a)));
  }
  return NDArray.scalar(sum / n);
}

function bceWithLogitsGrad(g: Tensor, x: Tensor, y: Tensor, n: number, wrtX: boolean): Tensor {
  return new Tensor(evaluate(() => {
    const c = g.item() / n;
    const xd = x.value.values();
    const yd = y.value.values();
    const d = allocFloat64(n);
    for (let i = 0; i < n; i++) d[i] = wrtX ? (sigmoidScalar(xd[i]!) - yd[i]!) * c : -(xd[i]! * c);
    return new NDArray(d, x.shape);
  }));
}

/** Binary cross-entropy on probabilities p (log clamped at −100, as PyTorch). */
export function binaryCrossEntropy(p: Tensor, target: Tensor | number): Tensor {
  const y = target;
  const logP = p.log().clamp(-100);
  const log1mP = p.neg().add(1).log().clamp(-100);
  const oneMinusY = y instanceof Tensor ? y.neg().add(1) : 1 - y;
  return logP.mul(y).add(log1mP.mul(oneMinusY)).mean().neg();
}
