/**
 * The explorer's sharpness thread: a Web Worker started by the training
 * worker (web/compute/sharpnessClient.ts). It builds each training session's
 * objective from its config and measures λ_max at the θ it is sent
 * (web/compute/sharpness.ts), one measurement per task, so that a session's
 * close message, arriving between two of them, drops its waiting ones.
 */
import { SharpnessService, sharpnessObjective, type ToHelper } from './compute/sharpness.js';
import { buildRun, type TrainConfig } from './compute/trainSession.js';
import { setKernelSlabBytes } from '../src/tensor/index.js';

// As in the training worker (web/worker.ts): Chromium's fixed cost per ArrayBuffer makes larger slabs cheaper.
setKernelSlabBytes(1 << 20);

const post = (message: unknown): void => (self as unknown as Worker).postMessage(message);
const service = new SharpnessService<TrainConfig>((config) => {
  const run = buildRun(config);
  return sharpnessObjective(run.model, run.data, run.loss);
}, post);

/** One measurement per task: a MessageChannel round trip lets messages that arrived meanwhile be read first. */
const tick = new MessageChannel();
let scheduled = false;
tick.port1.onmessage = () => {
  scheduled = false;
  service.runNext();
  schedule();
};
function schedule(): void {
  if (scheduled || service.waiting === 0) return;
  scheduled = true;
  tick.port2.postMessage(null);
}

self.onmessage = (event: MessageEvent<ToHelper<TrainConfig>>) => {
  service.receive(event.data);
  schedule();
};
