/**
 * A network with population-coded input and output that learns a nonlinear
 * map of an angle, θ ↦ g(θ) (default g(θ) = 2θ, which no single tuning
 * curve can express: every output unit must respond at two input angles).
 *
 *   input   r = f_in(θ)/A          (von Mises code, optionally Poisson counts)
 *   hidden  a = tanh(W₁ r + b₁)
 *   output  o = W₂ a + b₂          trained towards the von Mises code of g(θ)
 *   readout ĝ = population vector of o
 *
 * The network is an nn.MLP [N_in, N_h, N_out] (tanh hidden layer), trained with
 * src/optim's Adam on fresh random angles each step.
 */
import { mseLoss, tensor, type Parameter, type Tensor } from '../autograd/index.js';
import { MLP } from '../nn/index.js';
import { Adam } from '../optim/index.js';
import { Rng } from '../tensor/index.js';
import { populationVectorDecode } from './decoders.js';
import { angleDifference, PopulationCode } from './population.js';
import { checkInteger, checkNonNegativeNumber, checkPositiveInteger } from '../tensor/validate.js';

export interface PopulationNetworkConfig {
  /** Called in every long loop (the experiments runner's cancellation check: it may throw to stop). */
  checkpoint?: () => void;
  inputUnits?: number;
  hiddenUnits?: number;
  outputUnits?: number;
  /** von Mises concentration κ of the input and output codes. */
  kappa?: number;
  /** The angle map to learn (default θ ↦ 2θ). */
  target?: (theta: number) => number;
  /** Poisson input noise with this peak count (0: noiseless rates). */
  inputPeakCount?: number;
  steps?: number;
  batch?: number;
  learningRate?: number;
  seed?: number;
}

export class PopulationNetwork {
  readonly inputCode: PopulationCode;
  readonly outputCode: PopulationCode;
  readonly target: (theta: number) => number;
  /** The network: N_in → tanh hidden layer → linear readout, Glorot-normal weights, zero biases. */
  readonly model: MLP;

  constructor(inputCode: PopulationCode, outputCode: PopulationCode, hiddenUnits: number, target: (theta: number) => number, rng: Rng) {
    checkPositiveInteger('PopulationNetwork', 'hiddenUnits', hiddenUnits);
    this.inputCode = inputCode;
    this.outputCode = outputCode;
    this.target = target;
    this.model = new MLP([inputCode.units, hiddenUnits, outputCode.units], {
      hidden: 'tanh',
      output: 'identity',
      init: { weight: { kind: 'xavierNormal' }, bias: { kind: 'zeros' } },
      rng,
    });
  }

  /** Hidden weights W₁ [N_h, N_in]. */
  get w1(): Parameter {
    return this.model.layers[0]!.weight;
  }
  get b1(): Parameter {
    return this.model.layers[0]!.bias!;
  }
  /** Readout weights W₂ [N_out, N_h]. */
  get w2(): Parameter {
    return this.model.layers[1]!.weight;
  }
  get b2(): Parameter {
    return this.model.layers[1]!.bias!;
  }

  get hiddenUnits(): number {
    return this.model.sizes[1]!;
  }

  parameters(): Parameter[] {
    return this.model.parameters();
  }

  /** Network inputs for a batch of angles: [B, N_in] rates divided by the peak rate (noisy if rng and noise are given). */
  inputs(thetas: ArrayLike<number>, rng?: Rng): Tensor {
    const r = this.inputCode.encodeBatch(thetas, this.inputCode.noise === 'none' ? undefined : rng);
    const peak = this.inputCode.peakRate;
    for (let i = 0; i < r.length; i++) r[i] /= peak;
    return tensor(r, { shape: [thetas.length, this.inputCode.units] });
  }

  /** Target output codes f_out(g(θ)), [B, N_out]. */
  targets(thetas: ArrayLike<number>): Tensor {
    const mapped = Array.from(thetas, (t) => this.target(t));
    return tensor(this.outputCode.encodeBatch(mapped), { shape: [thetas.length, this.outputCode.units] });
  }

  hidden(inputs: Tensor): Tensor {
    return this.model.activations[0]!.forward(this.model.layers[0]!.forward(inputs));
  }

  readout(hidden: Tensor): Tensor {
    return this.model.layers[1]!.forward(hidden);
  }

  forward(inputs: Tensor): Tensor {
    return this.model.forward(inputs);
  }

  /** Decoded output angles (population vector of each output row). */
  decode(outputs: Tensor): Float64Array {
    const [b, n] = outputs.shape;
    const d = outputs.contiguous().data;
    const out = new Float64Array(b);
    for (let r = 0; r < b; r++) out[r] = populationVectorDecode(d.subarray(r * n, (r + 1) * n), this.outputCode.centers);
    return out;
  }

  /** Root-mean-square angular error (rad) of the decoded output against g(θ). */
  angularError(thetas: ArrayLike<number>, outputs: Tensor): number {
    const dec = this.decode(outputs);
    let s = 0;
    for (let r = 0; r < dec.length; r++) s += angleDifference(dec[r], this.target(thetas[r])) ** 2;
    return Math.sqrt(s / dec.length);
  }
}

export interface PopulationTrainingResult {
  network: PopulationNetwork;
  /** Every 50 steps: training-batch loss, and the test loss and decoded RMS error (rad). */
  curve: { step: number; loss: number; testLoss: number; testAngularError: number }[];
  /** Evenly spaced test angles on [−π, π). */
  testAngles: Float64Array;
  finalTestLoss: number;
  finalAngularError: number;
}

/** Evenly spaced angles on [−π, π). */
export function evenAngles(n: number): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => -Math.PI + (2 * Math.PI * i) / n);
}

export function trainPopulationNetwork(config: PopulationNetworkConfig = {}): PopulationTrainingResult {
  const { inputUnits = 32, hiddenUnits = 64, outputUnits = 32, kappa = 4, target = (t: number) => 2 * t, inputPeakCount = 0, steps = 1500, batch = 64, learningRate = 0.01, seed = 0, checkpoint } = config;
  checkInteger('trainPopulationNetwork', 'steps', steps, 0);
  checkPositiveInteger('trainPopulationNetwork', 'batch', batch);
  checkNonNegativeNumber('trainPopulationNetwork', 'inputPeakCount', inputPeakCount);
  const rng = new Rng(seed);
  const inputCode = new PopulationCode({
    units: inputUnits,
    kind: 'vonMises',
    width: kappa,
    peakRate: inputPeakCount > 0 ? inputPeakCount : 1,
    baseline: inputPeakCount > 0 ? 0.05 * inputPeakCount : 0,
    noise: inputPeakCount > 0 ? 'poisson' : 'none',
  });
  const outputCode = new PopulationCode({ units: outputUnits, kind: 'vonMises', width: kappa, peakRate: 1, baseline: 0 });
  const net = new PopulationNetwork(inputCode, outputCode, hiddenUnits, target, rng);
  const opt = new Adam(net.parameters(), { lr: learningRate });
  const testAngles = evenAngles(256);
  const testX = net.inputs(testAngles, rng);
  const testY = net.targets(testAngles);
  const evaluate = (): { testLoss: number; testAngularError: number } => {
    const out = net.forward(testX).detach();
    return { testLoss: mseLoss(out, testY).item(), testAngularError: net.angularError(testAngles, out) };
  };
  const curve: PopulationTrainingResult['curve'] = [];
  for (let step = 0; step < steps; step++) {
    checkpoint?.();
    const thetas = Float64Array.from({ length: batch }, () => rng.uniform(-Math.PI, Math.PI));
    opt.zeroGrad();
    const loss = mseLoss(net.forward(net.inputs(thetas, rng)), net.targets(thetas));
    loss.backward();
    opt.step();
    if (step % 50 === 0) curve.push({ step, loss: loss.item(), ...evaluate() });
  }
  const final = evaluate();
  curve.push({ step: steps, loss: NaN, ...final });
  return { network: net, curve, testAngles, finalTestLoss: final.testLoss, finalAngularError: final.testAngularError };
}
