/**
 * `rnn-step`: one BPTT training step of a 3-input, 64-unit tanh RNN with a linear readout to 3 outputs, on a
 * batch of 32 sequences of 100 steps (MSE against a target sequence, plain SGD), through the public API
 * (nn.RNN + nn.Linear, mseLoss, backward, optim.SGD), against an allocation-free hand-written Float64Array
 * forward/backward of the same network, timed in alternating batches.
 */
import { mseLoss, tensor } from '../src/autograd/index.js';
import { Linear, RNN, Sequential } from '../src/nn/index.js';
import { SGD } from '../src/optim/index.js';
import { Rng } from '../src/tensor/index.js';
import { timePaired, type Bench } from './harness.js';

const [I, H, O, T, B] = [3, 64, 3, 100, 32];
const LR = 0.01;

/** Hand-written BPTT for h_t = tanh(x_t Wihᵀ + bih + h_{t−1} Whhᵀ + bhh), y_t = h_t Woᵀ + bo, L = mean (y − target)². */
export function handStep(p: { wih: Float64Array; whh: Float64Array; bih: Float64Array; bhh: Float64Array; wo: Float64Array; bo: Float64Array }, x: Float64Array, target: Float64Array, ws: Float64Array[]): number {
  const [hs, gWih, gWhh, gb, gWo, gbo, dh, dz] = ws as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
  // hs[(t+1)·B·H + b·H + i] = h_{t+1}; hs[0..B·H) = h₀ = 0. x and target are [B, T, ·] (batch first).
  for (let t = 0; t < T; t++) {
    const prev = t * B * H;
    const cur = (t + 1) * B * H;
    for (let b = 0; b < B; b++) {
      for (let i = 0; i < H; i++) {
        let z = p.bih[i]! + p.bhh[i]!;
        for (let j = 0; j < I; j++) z += x[(b * T + t) * I + j]! * p.wih[i * I + j]!;
        for (let k = 0; k < H; k++) z += hs[prev + b * H + k]! * p.whh[i * H + k]!;
        hs[cur + b * H + i] = Math.tanh(z);
      }
    }
  }
  gWih.fill(0); gWhh.fill(0); gb.fill(0); gWo.fill(0); gbo.fill(0); dh.fill(0);
  const scale = 2 / (B * T * O);
  let loss = 0;
  for (let t = T - 1; t >= 0; t--) {
    const cur = (t + 1) * B * H;
    const prev = t * B * H;
    for (let b = 0; b < B; b++) {
      // readout: y = h Woᵀ + bo; dL/dy = scale·(y − target)
      for (let o = 0; o < O; o++) {
        let y = p.bo[o]!;
        for (let k = 0; k < H; k++) y += hs[cur + b * H + k]! * p.wo[o * H + k]!;
        const d = y - target[(b * T + t) * O + o]!;
        loss += d * d;
        const gy = scale * d;
        gbo[o] = gbo[o]! + gy;
        for (let k = 0; k < H; k++) {
          gWo[o * H + k] = gWo[o * H + k]! + gy * hs[cur + b * H + k]!;
          dh[b * H + k] = dh[b * H + k]! + gy * p.wo[o * H + k]!;
        }
      }
      for (let i = 0; i < H; i++) {
        const h = hs[cur + b * H + i]!;
        dz[b * H + i] = dh[b * H + i]! * (1 - h * h);
      }
    }
    for (let b = 0; b < B; b++) {
      for (let i = 0; i < H; i++) {
        const g = dz[b * H + i]!;
        gb[i] = gb[i]! + g;
        for (let j = 0; j < I; j++) gWih[i * I + j] = gWih[i * I + j]! + g * x[(b * T + t) * I + j]!;
        for (let k = 0; k < H; k++) gWhh[i * H + k] = gWhh[i * H + k]! + g * hs[prev + b * H + k]!;
      }
      // dh_{t−1} = dz Whh, accumulated row by row of Whh (contiguous reads)
      for (let k = 0; k < H; k++) dh[b * H + k] = 0;
      for (let i = 0; i < H; i++) {
        const g = dz[b * H + i]!;
        for (let k = 0; k < H; k++) dh[b * H + k] = dh[b * H + k]! + g * p.whh[i * H + k]!;
      }
    }
  }
  const upd = (w: Float64Array, g: Float64Array) => {
    for (let i = 0; i < w.length; i++) w[i] = w[i]! - LR * g[i]!;
  };
  upd(p.wih, gWih); upd(p.whh, gWhh); upd(p.bih, gb); upd(p.bhh, gb); upd(p.wo, gWo); upd(p.bo, gbo);
  return loss / (B * T * O);
}

const rnnStep: Bench = {
  name: 'rnn-step',
  description: `BPTT training step of a ${I}-${H}-${O} tanh RNN on ${B} sequences × ${T} steps (MSE, SGD): public API vs hand-written Float64Array loop`,
  run() {
    const rng = new Rng(3);
    const xData = rng.fillNormal(new Float64Array(B * T * I));
    const yData = rng.fillNormal(new Float64Array(B * T * O));
    const rnn = new RNN(I, H, { batchFirst: true, seed: 0 });
    const readout = new Linear(H, O, { seed: 1 });
    const model = new Sequential(rnn, readout);
    const opt = new SGD(model.parameters(), { lr: LR });
    const x = tensor(xData, { shape: [B, T, I] });
    const y = tensor(yData, { shape: [B, T, O] });
    const p = {
      wih: Float64Array.from(rnn.weightIh.data), whh: Float64Array.from(rnn.weightHh.data),
      bih: Float64Array.from(rnn.biasIh!.data), bhh: Float64Array.from(rnn.biasHh!.data),
      wo: Float64Array.from(readout.weight.data), bo: Float64Array.from(readout.bias!.data),
    };
    const ws = [(T + 1) * B * H, H * I, H * H, H, O * H, O, B * H, B * H].map((n) => new Float64Array(n));
    const timing = timePaired(
      () => {
        handStep(p, xData, yData, ws);
      },
      () => {
        opt.zeroGrad();
        mseLoss(model.forward(x), y).backward();
        opt.step();
      },
      { minSeconds: 4, rounds: 7 },
    );
    const ref = 1 / timing.a;
    const lib = 1 / timing.b;
    return [
      { bench: 'rnn-step', case: 'hand-written Float64Array BPTT (reference)', value: ref, unit: 'steps/s', note: `${(ref * T * B / 1e3).toFixed(0)}k sequence-steps/s` },
      { bench: 'rnn-step', case: 'nn.RNN + Linear, mseLoss, backward, SGD', value: lib, unit: 'steps/s', ratio: timing.ratio, note: `${(lib * T * B / 1e3).toFixed(0)}k sequence-steps/s; median of 7 alternating rounds` },
    ];
  },
};

export const benches: Bench[] = [rnnStep];
