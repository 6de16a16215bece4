/**
 * The training worker's end of the sharpness helper (web/sharpnessWorker.ts):
 * a second Web Worker that measures λ_max at the θ of step t (a copy) while
 * this worker trains on, so that the measurement runs on the machine's other
 * core. A plain dedicated worker and small messages: no SharedArrayBuffer,
 * so it works whether or not the page is cross-origin isolated.
 *
 * Each training session opens its own channel (a session id); closing it
 * drops the session's waiting measurements on both sides, so a control
 * change never receives a value of the old run. If the helper cannot start
 * or fails, every waiting and later measurement is refused (the promise
 * rejects) and the session measures inline instead: the same function on
 * the same θ, so the values do not depend on where they were computed.
 * A session's measurements (SharpnessMeasurements, below) are reported in
 * step order, and at most MAX_HELPER_WAITING wait for the helper at once.
 */
import type { TrainConfig } from './trainSession.js';
import type { FromHelper, ToHelper } from './sharpness.js';

/** One session's channel to the helper. */
export interface RemoteSharpness {
  /** λ_max at θ (the callee may keep θ); rejects when the helper failed or the channel was closed. */
  measure(step: number, theta: Float64Array): Promise<number>;
  /** Drop this session's waiting measurements (their promises reject). */
  close(): void;
}

/** What the client uses of the helper's Worker (a test runs the helper's service in-process behind the same messages). */
export type HelperPort = Pick<Worker, 'postMessage' | 'terminate' | 'onmessage' | 'onerror' | 'onmessageerror'>;

type Waiter = { resolve: (value: number) => void; reject: (error: Error) => void };

export class SharpnessHelper {
  private nextSession = 1;
  private broken = false;
  /** Waiting measurements by session, then step. */
  private readonly waiting = new Map<number, Map<number, Waiter>>();

  constructor(private readonly worker: HelperPort) {
    worker.onmessage = (event: MessageEvent<FromHelper>) => {
      const m = event.data;
      const w = this.waiting.get(m.session)?.get(m.step);
      if (!w) return; // a closed session's
      this.waiting.get(m.session)!.delete(m.step);
      if ('value' in m) w.resolve(m.value);
      else w.reject(new Error(m.error));
    };
    worker.onerror = () => this.fail();
    worker.onmessageerror = () => this.fail();
  }

  /** Start the helper (null where Web Workers are not available, as in Node). */
  static start(): SharpnessHelper | null {
    if (typeof Worker === 'undefined') return null;
    try {
      return new SharpnessHelper(new Worker(new URL('../sharpnessWorker.ts', import.meta.url), { type: 'module' }));
    } catch {
      return null;
    }
  }

  private fail(): void {
    this.broken = true;
    this.worker.terminate();
    for (const byStep of this.waiting.values()) for (const w of byStep.values()) w.reject(new Error('sharpness helper failed'));
    this.waiting.clear();
  }

  private post(message: ToHelper<TrainConfig>, transfer: Transferable[] = []): void {
    this.worker.postMessage(message, transfer);
  }

  /** A channel for the session of `config`, or null once the helper has failed. */
  open(config: TrainConfig): RemoteSharpness | null {
    if (this.broken) return null;
    const session = this.nextSession++;
    const byStep = new Map<number, Waiter>();
    this.waiting.set(session, byStep);
    this.post({ open: session, config });
    return {
      measure: (step, theta) =>
        new Promise<number>((resolve, reject) => {
          if (this.broken || !this.waiting.has(session)) return reject(new Error('sharpness helper unavailable'));
          byStep.set(step, { resolve, reject });
          // θ's buffer goes to the helper (transferred: the caller hands over a copy of its own).
          this.post({ session, step, theta }, [theta.buffer]);
        }),
      close: () => {
        if (!this.waiting.delete(session)) return;
        if (!this.broken) this.post({ close: session });
        for (const w of byStep.values()) w.reject(new Error('sharpness session closed'));
      },
    };
  }
}

/**
 * Measurements waiting for the helper at most; beyond, the session measures inline, so that a helper slower than
 * training (a loaded machine) holds steps back instead of falling ever further behind.
 */
export const MAX_HELPER_WAITING = 8;

/** A sharpness measurement at `step`: its value once known (null while the helper computes it). */
interface Slot {
  step: number;
  value: number | null;
  done: Promise<void> | null;
}

/**
 * A session's sharpness measurements until reported: each on the helper while fewer than MAX_HELPER_WAITING wait
 * for it, else inline; taken in step order, whichever thread made them. If the helper fails, a waiting
 * measurement is made inline at the θ it was asked for.
 */
export class SharpnessMeasurements {
  private slots: Slot[] = [];
  private waiting = 0;
  private closed = false;
  /** Measurements made on the helper so far. */
  helped = 0;

  constructor(
    private readonly inline: (theta: Float64Array) => number,
    private readonly remote: RemoteSharpness | null,
  ) {}

  /** Measure λ_max at θ (the caller's own copy), recorded as `step`. */
  measure(step: number, theta: Float64Array): void {
    if (!this.remote || this.waiting >= MAX_HELPER_WAITING) {
      this.slots.push({ step, value: this.inline(theta), done: null });
      return;
    }
    const slot: Slot = { step, value: null, done: null };
    this.waiting++;
    // The helper gets a copy (its buffer transferred); θ stays here for the fallback.
    slot.done = this.remote
      .measure(step, theta.slice())
      .then(
        (value) => {
          slot.value = value;
          this.helped++;
        },
        () => {
          if (!this.closed) slot.value = this.inline(theta);
        },
      )
      .finally(() => {
        this.waiting--;
      });
    this.slots.push(slot);
  }

  /** The known measurements before the first still waiting, in step order (removed from here). */
  take(): { step: number; value: number }[] {
    let known = 0;
    while (known < this.slots.length && this.slots[known]!.value !== null) known++;
    return this.slots.splice(0, known).map((s) => ({ step: s.step, value: s.value! }));
  }

  /** Resolves once every measurement asked for so far is known. */
  async settled(): Promise<void> {
    while (!this.closed && this.slots.some((s) => s.value === null)) await Promise.all(this.slots.map((s) => s.done));
  }

  /** Drop the measurements still on the helper (their session is gone). */
  close(): void {
    this.closed = true;
    this.remote?.close();
  }
}
