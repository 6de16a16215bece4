/**
 * The teacher–student regression task used to test trainability: inputs on
 * the sphere of radius √d (so every example starts with the same second
 * moment q⁰ = 1, as the mean-field theory assumes), targets produced by a
 * random one-hidden-layer tanh teacher and standardised to zero mean and unit
 * variance per output, so that the best constant predictor has loss 1.
 */
import { Rng } from '../tensor/index.js';
import type { MLP } from '../nn/index.js';
import { backwardPass, descendInPlace, forwardPass, mlpArrays, mseAndGrad, neuroMlp, predict } from './mlpArrays.js';
import { checkPositiveInteger } from '../tensor/validate.js';

export interface RegressionTask {
  inputDim: number;
  outputDim: number;
  samples: number;
  /** [samples, inputDim]. */
  x: Float64Array;
  /** [samples, outputDim]. */
  y: Float64Array;
}

/** Inputs drawn uniformly on the sphere ‖x‖² = d (Gaussian direction, rescaled). */
export function sphereInputs(samples: number, dim: number, rng: Rng): Float64Array {
  const x = rng.fillNormal(new Float64Array(samples * dim));
  for (let r = 0; r < samples; r++) {
    let s = 0;
    for (let j = 0; j < dim; j++) s += x[r * dim + j] ** 2;
    const scale = Math.sqrt(dim / s);
    for (let j = 0; j < dim; j++) x[r * dim + j] *= scale;
  }
  return x;
}

export function teacherStudentTask(samples: number, inputDim: number, outputDim: number, rng: Rng, teacherWidth = inputDim): RegressionTask {
  for (const [name, v] of [['samples', samples], ['inputDim', inputDim], ['outputDim', outputDim], ['teacherWidth', teacherWidth]] as const) {
    checkPositiveInteger('teacherStudentTask', name, v);
  }
  const x = sphereInputs(samples, inputDim, rng);
  const teacher = neuroMlp([inputDim, teacherWidth, outputDim], { activation: 'tanh', init: 'lecun', rng });
  const y = predict(mlpArrays(teacher), x, samples);
  for (let j = 0; j < outputDim; j++) {
    let m = 0;
    for (let r = 0; r < samples; r++) m += y[r * outputDim + j];
    m /= samples;
    let v = 0;
    for (let r = 0; r < samples; r++) v += (y[r * outputDim + j] - m) ** 2;
    const s = Math.sqrt(v / samples) || 1;
    for (let r = 0; r < samples; r++) y[r * outputDim + j] = (y[r * outputDim + j] - m) / s;
  }
  return { inputDim, outputDim, samples, x, y };
}

/** One full-batch gradient-descent step on the MSE; returns the loss before the step. */
export function gradientStep(model: MLP, task: RegressionTask, learningRate: number): number {
  const net = mlpArrays(model);
  const cache = forwardPass(net, task.x, task.samples);
  const { loss, grad } = mseAndGrad(cache.pre[cache.pre.length - 1], task.y);
  const g = backwardPass(net, cache, grad);
  descendInPlace(net, g, learningRate);
  return loss;
}

/** Training loss of `net` on the task. */
export function taskLoss(model: MLP, task: RegressionTask): number {
  return mseAndGrad(predict(mlpArrays(model), task.x, task.samples), task.y).loss;
}
