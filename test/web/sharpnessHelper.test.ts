/**
 * The train view's sharpness measured on a helper thread (web/compute/
 * sharpnessClient.ts → web/sharpnessWorker.ts's service) gives what the
 * session measures inline and what src/dynamics computes, bit for bit, in
 * step order; a closed session's measurements are dropped; a failed helper
 * leaves the measurements to the session. The helper's service runs here
 * in-process behind the same messages (structured clones, θ's buffer
 * transferred), its measurements run only when the test pumps them, so
 * every interleaving below is fixed.
 */
import { describe, expect, it } from 'vitest';
import { sharpness } from '../../src/dynamics/index.js';
import { MLP, binaryCrossEntropyWithLogits, train, twoMoons } from '../../src/nn/index.js';
import { SGD, moduleObjective } from '../../src/optim/index.js';
import { SharpnessService, sharpnessObjective, type FromHelper, type ToHelper } from '../../web/compute/sharpness.js';
import { MAX_HELPER_WAITING, SharpnessHelper, type HelperPort } from '../../web/compute/sharpnessClient.js';
import { TrainSession, buildRun, type TrainConfig } from '../../web/compute/trainSession.js';

const config: TrainConfig = { data: 'moons', hidden: [8, 8], activation: 'tanh', init: 'default', optimizer: 'sgd', lr: 0.1, momentum: 0.9, sharpnessEvery: 5, seed: 3 };

/** The helper's worker, in-process: messages cloned as postMessage clones them; `pump` runs the waiting measurements. */
function fakeHelper() {
  const replies: FromHelper[] = [];
  const service = new SharpnessService<TrainConfig>((c) => {
    const run = buildRun(c);
    return sharpnessObjective(run.model, run.data, run.loss);
  }, (m) => replies.push(m));
  let ran = 0;
  const port: HelperPort & { received: ToHelper<TrainConfig>[] } = {
    received: [],
    onmessage: null,
    onerror: null,
    onmessageerror: null,
    postMessage(message: unknown, transfer?: Transferable[] | StructuredSerializeOptions) {
      const copy = structuredClone(message, { transfer: Array.isArray(transfer) ? transfer : [] }) as ToHelper<TrainConfig>;
      port.received.push(copy);
      service.receive(copy);
    },
    terminate() {},
  } as HelperPort & { received: ToHelper<TrainConfig>[] };
  const deliver = () => {
    for (const m of replies.splice(0)) (port.onmessage as (e: MessageEvent) => void)({ data: structuredClone(m) } as MessageEvent);
  };
  return {
    port,
    helper: new SharpnessHelper(port),
    /** Run every waiting measurement and deliver the replies; returns how many ran. */
    pump() {
      const before = ran;
      while (service.waiting > 0) {
        service.runNext();
        ran++;
      }
      deliver();
      return ran - before;
    },
    fail() {
      (port.onerror as (e: Event) => void)(new Event('error'));
    },
  };
}

/** Train `steps` steps in play-like slices (no recordLast), then report. */
async function playTo(s: TrainSession, slices: number[]) {
  for (const n of slices) s.train(n, Infinity, false);
  await s.settled();
  return s.snapshot();
}

describe('sharpness on a helper thread', () => {
  it('measures on the helper while training goes on: the values of an inline session and of src/dynamics, bit for bit, in step order', async () => {
    const inline = new TrainSession(config);
    const reference = await playTo(inline, [3, 9, 11]);
    const f = fakeHelper();
    const s = new TrainSession(config, f.helper.open(config));
    for (const n of [3, 9, 11]) s.train(n, Infinity, false);
    // Steps 0, 5, 10, 15, 20 went to the helper, which has not run yet: nothing is reported, in or out of order.
    expect(f.port.received.filter((m) => 'step' in m).map((m) => (m as { step: number }).step)).toEqual([0, 5, 10, 15, 20]);
    const early = s.snapshot();
    expect(early.newSharpness).toEqual([]);
    expect(early.step).toBe(23);
    expect(f.pump()).toBe(5);
    await s.settled();
    const late = s.snapshot();
    expect(late.newSharpness).toEqual(reference.newSharpness);
    expect(late.sharpnessHelped).toBe(5);
    // src's own computation at step 20: train() for 20 steps, then dynamics.sharpness on moduleObjective.
    const model = new MLP([2, 8, 8, 1], { hidden: 'tanh', seed: 3 });
    const data = twoMoons({ n: 200, noise: 0.1, seed: 3 });
    train(model, data, { loss: 'bceWithLogits', optimizer: new SGD(model.parameters(), { lr: 0.1 }), steps: 20 });
    const ref20 = sharpness(moduleObjective(model, data, binaryCrossEntropyWithLogits), undefined, { steps: 20, tol: 1e-6, seed: 0 });
    expect(Object.is(late.newSharpness.at(-1)!.value, ref20)).toBe(true);
  });

  it(`keeps at most ${MAX_HELPER_WAITING} measurements waiting for the helper, measures the rest inline, and reports them in step order`, async () => {
    const every = 2;
    const cfg = { ...config, sharpnessEvery: every };
    const reference = await playTo(new TrainSession(cfg), [30]);
    const f = fakeHelper();
    const s = new TrainSession(cfg, f.helper.open(cfg));
    s.train(30, Infinity, false);
    // 16 measurements (steps 0, 2, …, 30): the first MAX_HELPER_WAITING on the helper, the others here.
    expect(f.port.received.filter((m) => 'step' in m)).toHaveLength(MAX_HELPER_WAITING);
    expect(s.snapshot().newSharpness).toEqual([]);
    f.pump();
    await s.settled();
    const snap = s.snapshot();
    expect(snap.newSharpness.map((p) => p.step)).toEqual(Array.from({ length: 16 }, (_, i) => i * every));
    expect(snap.newSharpness).toEqual(reference.newSharpness);
    expect(snap.sharpnessHelped).toBe(MAX_HELPER_WAITING);
  });

  it('drops a closed session’s waiting measurements unrun, and serves the next session', async () => {
    const f = fakeHelper();
    const old = new TrainSession(config, f.helper.open(config));
    old.train(12, Infinity, false);
    old.close();
    expect(f.pump()).toBe(0);
    const other = { ...config, lr: 0.05 };
    const s = new TrainSession(other, f.helper.open(other));
    s.train(10, Infinity, false);
    expect(f.pump()).toBe(3);
    await s.settled();
    expect(s.snapshot().newSharpness).toEqual((await playTo(new TrainSession(other), [10])).newSharpness);
  });

  it('when the helper fails, measures its waiting and later measurements inline, at the same θ', async () => {
    const reference = await playTo(new TrainSession(config), [8, 8]);
    const f = fakeHelper();
    const s = new TrainSession(config, f.helper.open(config));
    s.train(8, Infinity, false);
    f.fail();
    s.train(8, Infinity, false);
    await s.settled();
    const snap = s.snapshot();
    expect(snap.newSharpness).toEqual(reference.newSharpness);
    expect(snap.sharpnessHelped).toBe(0);
    expect(f.helper.open(config)).toBeNull();
  });
});
