/**
 * Training-loop throughput: the full nn + optim + train path against the
 * raw engine on the same network (plain Tensor ops and a hand-written SGD
 * update on Parameter.data, no Module / optimizer / train abstractions).
 * ratio = (nn path steps/s) / (raw steps/s): the price of the abstractions.
 */
import { binaryCrossEntropyWithLogits, crossEntropy, Parameter, tensor, type Tensor } from '../src/autograd/index.js';
import { MLP, train, xor } from '../src/nn/index.js';
import { SGD } from '../src/optim/index.js';
import { NDArray, Rng } from '../src/tensor/index.js';
import { timePerCall, type Bench, type BenchRow } from './harness.js';

/** Parameters with the same shapes and values as the MLP's, for the raw path. */
function rawCopy(model: MLP): Parameter[] {
  return model.parameters().map((p) => new Parameter(new NDArray(Float64Array.from(p.data), [...p.shape])));
}

/** x·W₁ᵀ + b₁ → φ → … → logits, written with bare Tensor ops. */
function rawForward(params: Parameter[], x: Tensor, hidden: (z: Tensor) => Tensor): Tensor {
  let h = x;
  const L = params.length / 2;
  for (let l = 0; l < L; l++) {
    const z = h.matmul(params[2 * l]!.T).add(params[2 * l + 1]!);
    h = l < L - 1 ? hidden(z) : z;
  }
  return h;
}

function rawSgdStep(params: Parameter[], lr: number): void {
  for (const p of params) {
    const d = p.data;
    const g = p.grad!.data;
    for (let i = 0; i < d.length; i++) d[i] = d[i]! - lr * g[i]!;
    p.zeroGrad();
  }
}

/**
 * Time both paths three times, alternating, and keep each one's fastest
 * figure: the first timing of whichever runs first also pays for JIT warm-up
 * of code the two paths share (the autograd engine), and on a shared machine
 * a burst of other load can slow down any single timing.
 */
function timeBoth(nnFn: () => void, rawFn: () => void, opts?: { minSeconds?: number; rounds?: number }): { nnSeconds: number; rawSeconds: number } {
  let nnSeconds = Infinity;
  let rawSeconds = Infinity;
  for (let r = 0; r < 3; r++) {
    rawSeconds = Math.min(rawSeconds, timePerCall(rawFn, opts));
    nnSeconds = Math.min(nnSeconds, timePerCall(nnFn, opts));
  }
  return { nnSeconds, rawSeconds };
}

function rows(bench: string, stepsPerCall: number, nnSeconds: number, rawSeconds: number, note: string): BenchRow[] {
  const nn = stepsPerCall / nnSeconds;
  const raw = 1 / rawSeconds;
  return [
    { bench, case: 'raw-engine', value: raw, unit: 'steps/s', note: 'Tensor ops + manual SGD on Parameter.data' },
    { bench, case: 'nn+optim+train', value: nn, unit: 'steps/s', ratio: nn / raw, note },
  ];
}

const trainXor: Bench = {
  name: 'train-xor',
  description: '2-4-1 tanh network on the 4 XOR points, BCE with logits, full-batch SGD (lr 0.5): steps per second',
  run() {
    const data = xor();
    const steps = 200;
    const model = new MLP([2, 4, 1], { hidden: 'tanh', seed: 0 });
    const raw = rawCopy(model);
    const optimizer = new SGD(model.parameters(), { lr: 0.5 });
    const { nnSeconds, rawSeconds } = timeBoth(
      () => {
        train(model, data, { loss: 'bceWithLogits', optimizer, steps, recordEvery: 0 });
      },
      () => {
        binaryCrossEntropyWithLogits(rawForward(raw, data.x, (z) => z.tanh()), data.y).backward();
        rawSgdStep(raw, 0.5);
      },
    );
    return rows('train-xor', steps, nnSeconds, rawSeconds, `train() with recordEvery 0, ${steps} steps per call (+1 final-loss forward)`);
  },
};

const trainMlp: Bench = {
  name: 'train-mlp',
  description: '784-256-256-10 ReLU MLP, cross-entropy, batch 128 of random data, SGD (lr 0.01): steps per second',
  run() {
    const rng = new Rng(1);
    const batch = 128;
    const x = tensor(rng.fillNormal(new Float64Array(batch * 784)), { shape: [batch, 784] });
    const y = tensor(Float64Array.from({ length: batch }, () => rng.int(10)), { shape: [batch] });
    const data = { x, y };
    const steps = 10;
    const model = new MLP([784, 256, 256, 10], { hidden: 'relu', seed: 0 });
    const raw = rawCopy(model);
    const optimizer = new SGD(model.parameters(), { lr: 0.01 });
    const { nnSeconds, rawSeconds } = timeBoth(
      () => {
        train(model, data, { loss: 'crossEntropy', optimizer, steps, recordEvery: 0 });
      },
      () => {
        crossEntropy(rawForward(raw, x, (z) => z.relu()), y).backward();
        rawSgdStep(raw, 0.01);
      },
      { minSeconds: 1, rounds: 3 },
    );
    return rows('train-mlp', steps, nnSeconds, rawSeconds, `train() full batch of 128 with recordEvery 0, ${steps} steps per call (+1 final-loss forward, ~3% of a call)`);
  },
};

export const benches: Bench[] = [trainXor, trainMlp];
