/**
 * Credit assignment without the transport of forward weights.
 *
 * Backprop sends the error down through the transposed forward weights,
 *   δ^l = φ'(h^l) ⊙ (W^{l+1})ᵀ δ^{l+1},
 * which needs each synapse's strength to be known at the other end of the
 * neuron (the "weight transport problem"). Feedback alignment (Lillicrap et
 * al. 2016) replaces (W^{l+1})ᵀ by a fixed random matrix B^{l+1}:
 *   δ^l = φ'(h^l) ⊙ B^{l+1} δ^{l+1},
 * and the forward weights then come to align with Bᵀ, so that the update
 * points within 90° of the true gradient. Direct feedback alignment (Nøkland
 * 2016) sends the output error straight to every hidden layer:
 *   δ^l = φ'(h^l) ⊙ B^l e,   e = ∂ℓ/∂y.
 * In all three, ∂W^l = δ^l (x^{l−1})ᵀ and ∂b^l = Σ_r δ^l_r.
 */
import type { Rng } from '../tensor/index.js';
import type { MLP } from '../nn/index.js';
import { backwardPass, matmulABt, matmulAtB, mlpArrays, type ForwardCache, type Gradients } from './mlpArrays.js';

export type FeedbackRule = 'backprop' | 'feedbackAlignment' | 'directFeedbackAlignment';

/** Fixed random feedback matrices for a network. */
export interface FeedbackMatrices {
  /** FA: b[l] replaces (W^{l+1})ᵀ for l = 0…L−1, shape [size_{l+1}, size_{l+2}]. */
  fa: Float64Array[];
  /** DFA: b[l] maps the output error to hidden layer l+1, shape [size_{l+1}, outputDim]. */
  dfa: Float64Array[];
}

/**
 * Random feedback with entries N(0, scale²/fanIn-of-the-feedback), i.e. of
 * the same scale as a LeCun-initialised transpose.
 */
export function randomFeedback(sizes: number[], rng: Rng, scale = 1): FeedbackMatrices {
  const L = sizes.length - 2;
  const dOut = sizes[L + 1];
  const fa: Float64Array[] = [];
  const dfa: Float64Array[] = [];
  for (let l = 0; l < L; l++) {
    const rows = sizes[l + 1];
    const cols = sizes[l + 2];
    fa.push(rng.fillNormal(new Float64Array(rows * cols), 0, scale / Math.sqrt(cols)));
    dfa.push(rng.fillNormal(new Float64Array(rows * dOut), 0, scale / Math.sqrt(dOut)));
  }
  return { fa, dfa };
}

/** Weight and bias updates (same layout as backwardPass) of `model` from a forward pass over it under a feedback rule. */
export function feedbackGradients(model: MLP, cache: ForwardCache, gradOutput: Float64Array, rule: FeedbackRule, feedback: FeedbackMatrices | null): Gradients {
  const net = mlpArrays(model);
  if (rule === 'backprop') return backwardPass(net, cache, gradOutput);
  if (!feedback) throw new Error(`feedbackGradients: rule '${rule}' needs feedback matrices`);
  const { batch, inputs, pre } = cache;
  const nLayers = net.weights.length;
  const dOut = net.sizes[nLayers];
  const dphi = net.activation.df;
  const deltas: Float64Array[] = new Array(nLayers);
  const weights: Float64Array[] = new Array(nLayers);
  const biases: Float64Array[] = new Array(nLayers);
  deltas[nLayers - 1] = gradOutput;
  for (let l = nLayers - 2; l >= 0; l--) {
    const width = net.sizes[l + 1];
    const back =
      rule === 'feedbackAlignment'
        ? // δ^{l+1} [B, size_{l+2}] times B^{l+1}ᵀ: rows of the result are B δ_r.
          matmulABt(deltas[l + 1], feedback.fa[l], batch, net.sizes[l + 2], width)
        : matmulABt(gradOutput, feedback.dfa[l], batch, dOut, width);
    const h = pre[l];
    for (let i = 0; i < back.length; i++) back[i] *= dphi(h[i]);
    deltas[l] = back;
  }
  for (let l = 0; l < nLayers; l++) {
    const fanOut = net.sizes[l + 1];
    weights[l] = matmulAtB(deltas[l], inputs[l], batch, fanOut, net.sizes[l]);
    const gb = new Float64Array(fanOut);
    for (let r = 0; r < batch; r++) for (let j = 0; j < fanOut; j++) gb[j] += deltas[l][r * fanOut + j];
    biases[l] = gb;
  }
  return { deltas, weights, biases };
}
