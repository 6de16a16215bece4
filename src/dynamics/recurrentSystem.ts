/**
 * A trained recurrent layer seen as an autonomous dynamical system at a constant input u*:
 * the discrete map F(h) = step(u*, h), or, for the rate network, the continuous flow dh/dt = f(h, u*)
 * (τ dh/dt = −h + W φ(h) + B u* + b). Also the states its trajectories visit, from which fixed-point
 * searches start (Sussillo & Barak 2013 sample along the task's own trajectories).
 */
import { noGrad, tensor, type Tensor } from '../autograd/index.js';
import { RateRNN, type RecurrentModule } from '../nn/index.js';
import { Rng } from '../tensor/index.js';
import type { RecurrentSystem } from './fixedPoints.js';

/** The layer at constant input `input` (zeros by default); `continuous` needs a RateRNN. */
export function recurrentSystem(model: RecurrentModule, { input, continuous = false }: { input?: ArrayLike<number>; continuous?: boolean } = {}): RecurrentSystem {
  const n = model.hiddenSize;
  const u = Float64Array.from(input ?? new Float64Array(model.inputSize));
  if (u.length !== model.inputSize) throw new Error(`recurrentSystem: input has ${u.length} values, the layer takes ${model.inputSize}`);
  const rows = (h: Tensor) => {
    const m = h.shape[0]!;
    const U = new Float64Array(m * u.length);
    for (let i = 0; i < m; i++) U.set(u, i * u.length);
    return tensor(U, { shape: [m, u.length] });
  };
  if (continuous) {
    if (!(model instanceof RateRNN)) throw new Error('recurrentSystem: continuous time needs a RateRNN (a vector field dh/dt)');
    return { kind: 'continuous', n, f: (h) => model.velocity(rows(h), h) };
  }
  return { kind: 'discrete', n, f: (h) => model.step(rows(h), h) };
}

/**
 * `count` states drawn (seeded, without replacement when possible) from the layer's trajectories on the
 * input sequences x, each perturbed by N(0, noise²) per coordinate. Returns [count, H] row-major.
 */
export function sampleStates(model: RecurrentModule, x: Tensor, { count, noise = 0, seed = 0 }: { count: number; noise?: number; seed?: number }): Float64Array {
  const states = noGrad(() => model.run(x).output).contiguous().data;
  const n = model.hiddenSize;
  const total = states.length / n;
  const rng = new Rng(seed);
  const perm = rng.permutation(total);
  const out = new Float64Array(count * n);
  for (let i = 0; i < count; i++) {
    const r = perm[i % total]!;
    for (let j = 0; j < n; j++) out[i * n + j] = states[r * n + j]! + (noise > 0 ? noise * rng.normal() : 0);
  }
  return out;
}
