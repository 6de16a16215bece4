/**
 * Feedback alignment (Lillicrap, Cownden, Tweed & Akerman 2016) and direct
 * feedback alignment (Nøkland 2016) on an nn.MLP, through autograd: the
 * forward pass is the network's own, and only the backward pass changes, so
 * `loss.backward()` leaves the rule's updates in every Parameter's `.grad`
 * and any optimizer (src/optim's registry) applies them.
 *
 * Backprop sends the error through the transposed forward weights,
 * δ_ℓ = φ′(z_ℓ) ⊙ δ_{ℓ+1} W_{ℓ+1} (row vectors, W of shape [out, in]). FA
 * replaces W_{ℓ+1} by a fixed random B_{ℓ+1} of the same shape:
 * δ_ℓ = φ′(z_ℓ) ⊙ δ_{ℓ+1} B_{ℓ+1}. DFA sends the output error e = ∂ℓ/∂ŷ
 * straight to every hidden layer: δ_ℓ = φ′(z_ℓ) ⊙ e B_ℓ with B_ℓ of shape
 * [out_L, n_ℓ]. In all three, ∂W_ℓ = δ_ℓᵀ h_{ℓ−1} and ∂b_ℓ = Σ_r δ_ℓ.
 *
 * FA is one op, a linear layer whose VJP to its input uses B instead of W;
 * DFA detaches each hidden layer from the next and taps the output: an op
 * whose value is ŷ and whose VJP hands e·B_ℓ to hidden layer ℓ.
 */
import { defaultRng, noGrad, record, Tensor } from '../autograd/index.js';
import { applyInit, type InitSpec, type MLP } from '../nn/index.js';
import { NDArray, resolveRng, type Rng } from '../tensor/index.js';

export type FeedbackRuleName = 'backprop' | 'feedbackAlignment' | 'directFeedbackAlignment';

export interface FeedbackPathways {
  rule: FeedbackRuleName;
  /** FA: B for layers 2…L, each the shape of that layer's weight. DFA: B_ℓ [out_L, n_ℓ] for hidden layers 1…L−1. Backprop: none. */
  matrices: Tensor[];
}

/**
 * Fixed feedback matrices for `model` under `rule`, drawn from any nn
 * initializer (default: the same as a fresh layer's weight, torch's
 * kaiming-uniform with a = √5, i.e. U(−1/√fan_in, 1/√fan_in)).
 */
export function feedbackPathways(model: MLP, rule: FeedbackRuleName, { init = { kind: 'default' }, seed, rng }: { init?: InitSpec; seed?: number; rng?: Rng } = {}): FeedbackPathways {
  const fn = 'feedbackPathways';
  if (rule !== 'backprop' && rule !== 'feedbackAlignment' && rule !== 'directFeedbackAlignment') {
    throw new Error(`${fn}: rule must be 'backprop', 'feedbackAlignment' or 'directFeedbackAlignment', got ${String(rule)}`);
  }
  const generator = resolveRng({ seed, rng }, defaultRng);
  const sizes = model.sizes;
  const L = sizes.length - 1;
  const draw = (rows: number, cols: number): Tensor => {
    const t = new Tensor(NDArray.zeros([rows, cols]));
    applyInit(t, init.kind === 'default' ? { kind: 'kaimingUniform', a: Math.sqrt(5) } : init, generator);
    return t;
  };
  const matrices: Tensor[] = [];
  if (rule === 'feedbackAlignment') for (let l = 1; l < L; l++) matrices.push(draw(sizes[l + 1]!, sizes[l]!));
  if (rule === 'directFeedbackAlignment') for (let l = 1; l < L; l++) matrices.push(draw(sizes[L]!, sizes[l]!));
  return { rule, matrices };
}

/** y = h Wᵀ + b whose VJP to h is g·B (not g·W); the weight and bias gradients are backprop's. */
function feedbackLinear(h: Tensor, weight: Tensor, bias: Tensor | null, B: Tensor): Tensor {
  const value = noGrad(() => {
    const z = h.matmul(weight.T);
    return bias ? z.add(bias) : z;
  }).value;
  const parents = bias ? [h, weight, bias] : [h, weight];
  return record('feedbackLinear', value, parents, (g) => {
    const grads = [g.matmul(B), g.T.matmul(h)];
    if (bias) grads.push(g.sum(0));
    return grads;
  });
}

/**
 * The network's output on `x` with the backward pass of the pathways' rule:
 * after `loss(feedbackForward(model, x, pathways), y).backward()` the
 * Parameters' `.grad` hold the FA/DFA (or backprop) updates.
 */
export function feedbackForward(model: MLP, x: Tensor, pathways: FeedbackPathways): Tensor {
  const fn = 'feedbackForward';
  const L = model.layers.length;
  const { rule, matrices } = pathways;
  if (rule === 'backprop') return model.forward(x);
  if (matrices.length !== L - 1) throw new Error(`${fn}: ${rule} needs ${L - 1} feedback matrices for this ${L}-layer network, got ${matrices.length}`);
  let h = x;
  const hidden: Tensor[] = [];
  for (let l = 0; l < L; l++) {
    const layer = model.layers[l]!;
    let z: Tensor;
    if (rule === 'feedbackAlignment' && l > 0) {
      const B = matrices[l - 1]!;
      if (B.shape[0] !== layer.weight.shape[0] || B.shape[1] !== layer.weight.shape[1]) {
        throw new Error(`${fn}: feedback matrix ${l} must have the shape of layer ${l + 1}'s weight [${layer.weight.shape.join(', ')}], got [${B.shape.join(', ')}]`);
      }
      z = feedbackLinear(h, layer.weight, layer.bias, B);
    } else {
      // DFA: each layer sees the previous one's activity but sends it no gradient.
      z = layer.forward(rule === 'directFeedbackAlignment' && l > 0 ? h.detach() : h);
    }
    h = model.activations[l]!.forward(z);
    if (l < L - 1) hidden.push(h);
  }
  if (rule === 'feedbackAlignment') return h;
  const out = h;
  matrices.forEach((B, l) => {
    if (B.shape[0] !== out.shape[out.ndim - 1] || B.shape[1] !== hidden[l]!.shape[hidden[l]!.ndim - 1]) {
      throw new Error(`${fn}: DFA matrix ${l + 1} must have shape [${out.shape[out.ndim - 1]}, ${hidden[l]!.shape[hidden[l]!.ndim - 1]}], got [${B.shape.join(', ')}]`);
    }
  });
  // The tap: value ŷ; the output error e flows on to ŷ's own graph and, through B_ℓ, to hidden layer ℓ.
  return record('directFeedback', out.value, [out, ...hidden], (g) => [g, ...matrices.map((B) => g.matmul(B))]);
}
