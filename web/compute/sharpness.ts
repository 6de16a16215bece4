/**
 * The train view's sharpness measurement, λ_max of the training loss's
 * Hessian (full training set) at θ by Lanczos on exact Hessian-vector
 * products (src/dynamics' `sharpness`), and the service that runs it on a
 * second thread (web/sharpnessWorker.ts), so that the training worker keeps
 * stepping while the measurement of step t is made.
 *
 * One function computes it on either thread: L(θ) of a fixed model, loss and
 * training set is shape-static and pure, so its compiled HVP reads θ from its
 * argument, never from a model's Parameters. The training worker's model and
 * the helper's fresh one of the same config therefore give the same λ_max to
 * the bit for the same θ (the same float64 operations in the same order; a
 * test checks it).
 */
import { sharpness } from '../../src/dynamics/index.js';
import type { Tensor } from '../../src/autograd/index.js';
import { resolveLoss, type Module } from '../../src/nn/index.js';
import { moduleObjective, type ModuleObjective } from '../../src/optim/index.js';

/** Lanczos steps at most (≤ n): a cold start from seed 0 converges in ≈ 6–11 HVPs at tol 1e-6 on the explorer's networks. */
const STEPS = 20;
const TOL = 1e-6;

export type SharpnessObjective = ModuleObjective;

/** The objective L(θ) whose λ_max is measured: the training loss of the model on the full training set. */
export function sharpnessObjective(model: Module, data: { x: Tensor; y: Tensor }, loss: Parameters<typeof resolveLoss>[0]): SharpnessObjective {
  return moduleObjective(model, data, resolveLoss(loss));
}

/** λ_max(∇²L(θ)) (Lanczos from seed 0's start vector, ≤ 20 HVPs, residual ≤ 1e-6 of the spectrum's scale). */
export function measureSharpness(objective: SharpnessObjective, theta: Float64Array): number {
  return sharpness(objective, theta, { steps: Math.min(objective.n, STEPS), tol: TOL, seed: 0 });
}

/** Training worker → helper: a session's objective (its config), a measurement at step t, a session dropped. */
export type ToHelper<Config> = { open: number; config: Config } | { close: number } | { session: number; step: number; theta: Float64Array };

/** Helper → training worker: one measurement's value, or why it failed. */
export type FromHelper = { session: number; step: number; value: number } | { session: number; step: number; error: string };

/**
 * The helper's side: objectives of the open sessions, and the measurements
 * asked for, run oldest first. Measurements of a session closed meanwhile (a
 * control changed, a replay was cancelled) are dropped unrun.
 */
export class SharpnessService<Config> {
  private readonly objectives = new Map<number, SharpnessObjective>();
  private readonly queue: { session: number; step: number; theta: Float64Array }[] = [];

  constructor(
    private readonly build: (config: Config) => SharpnessObjective,
    private readonly reply: (message: FromHelper) => void,
  ) {}

  /** Take one message (cheap: building an objective does not trace it; measuring is runNext's). */
  receive(message: ToHelper<Config>): void {
    if ('open' in message) this.objectives.set(message.open, this.build(message.config));
    else if ('close' in message) {
      this.objectives.delete(message.close);
      for (let i = this.queue.length - 1; i >= 0; i--) if (this.queue[i]!.session === message.close) this.queue.splice(i, 1);
    } else this.queue.push(message);
  }

  /** Measurements waiting. */
  get waiting(): number {
    return this.queue.length;
  }

  /** Run the oldest waiting measurement and reply with its value (or the error). */
  runNext(): void {
    const m = this.queue.shift();
    if (!m) return;
    const objective = this.objectives.get(m.session);
    try {
      if (!objective) throw new Error(`sharpness helper: no session ${m.session}`);
      this.reply({ session: m.session, step: m.step, value: measureSharpness(objective, m.theta) });
    } catch (e) {
      this.reply({ session: m.session, step: m.step, error: e instanceof Error ? e.message : String(e) });
    }
  }
}
