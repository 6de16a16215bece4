/**
 * Losses as objects (PyTorch's nn.MSELoss & co.) and a lookup by name; thin
 * wrappers over the autograd losses, mean-reduced.
 */
import { binaryCrossEntropy, binaryCrossEntropyWithLogits, crossEntropy, mseLoss, type Tensor } from '../autograd/index.js';

export type LossFn = (prediction: Tensor, target: Tensor) => Tensor;
export type LossName = 'mse' | 'bce' | 'bceWithLogits' | 'crossEntropy';
export const LOSS_NAMES: readonly LossName[] = ['mse', 'bce', 'bceWithLogits', 'crossEntropy'];

export abstract class Loss {
  abstract readonly name: LossName;
  abstract forward(prediction: Tensor, target: Tensor): Tensor;
  call(prediction: Tensor, target: Tensor): Tensor {
    return this.forward(prediction, target);
  }
}

/** mean((ŷ − y)²). */
export class MSELoss extends Loss {
  readonly name = 'mse' as const;
  forward(prediction: Tensor, target: Tensor): Tensor {
    return mseLoss(prediction, target);
  }
}

/** mean(−y log σ(x) − (1 − y) log(1 − σ(x))) on logits x, overflow-free. */
export class BCEWithLogitsLoss extends Loss {
  readonly name = 'bceWithLogits' as const;
  forward(prediction: Tensor, target: Tensor): Tensor {
    return binaryCrossEntropyWithLogits(prediction, target);
  }
}

/** Binary cross-entropy on probabilities (logs clamped at −100, as torch's BCELoss). */
export class BCELoss extends Loss {
  readonly name = 'bce' as const;
  forward(prediction: Tensor, target: Tensor): Tensor {
    return binaryCrossEntropy(prediction, target);
  }
}

/** −mean log softmax(x)[y] on logits [N, C] with class ids [N] (or class probabilities [N, C]). */
export class CrossEntropyLoss extends Loss {
  readonly name = 'crossEntropy' as const;
  forward(prediction: Tensor, target: Tensor): Tensor {
    return crossEntropy(prediction, target);
  }
}

export function lossByName(name: LossName | string): Loss {
  switch (name) {
    case 'mse':
      return new MSELoss();
    case 'bce':
      return new BCELoss();
    case 'bceWithLogits':
      return new BCEWithLogitsLoss();
    case 'crossEntropy':
      return new CrossEntropyLoss();
    default:
      throw new Error(`lossByName: unknown loss '${name}' (allowed: ${LOSS_NAMES.join(', ')})`);
  }
}

/** Normalize a loss given as a name, a Loss object or a function to a function. */
export function resolveLoss(loss: LossName | Loss | LossFn): LossFn {
  if (typeof loss === 'string') {
    const l = lossByName(loss);
    return (p, y) => l.forward(p, y);
  }
  if (loss instanceof Loss) return (p, y) => loss.forward(p, y);
  return loss;
}
