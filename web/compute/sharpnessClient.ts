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
