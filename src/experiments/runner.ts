/**
 * Running one experiment: build its context (seeded generator, progress,
 * log, abort signal), call `run`, and check that what came back has the
 * shape of an ExperimentResult. Isomorphic: the CLI, worker threads and the
 * web explorer all run experiments through this function.
 */
import type { Objective } from '../autograd/index.js';
import { Rng } from '../tensor/rng.js';
import type { AnyExperiment, ConfigObject, ExperimentContext, ExperimentOutput, ExperimentResult, StudyHooks } from './types.js';

export interface RunOptions {
  seed: number;
  /** Cancels the run when aborted (from the thread that runs it: its abort event needs that thread's event loop). */
  signal?: AbortSignal;
  /**
   * Cancels the run when its first element becomes nonzero (`Atomics.store`).
   * Backed by a SharedArrayBuffer, it can be set from another thread while
   * this one is busy in a synchronous loop, which an AbortSignal cannot.
   */
  cancelFlag?: Int32Array;
  onProgress?: (fraction: number, message?: string) => void;
  onLog?: (message: string) => void;
}

/** Thrown by `ctx.checkpoint()` (and by `runExperiment`) when a run was cancelled; nothing of the run is kept. */
export class Cancelled extends Error {
  constructor(experimentId: string) {
    super(`Experiment "${experimentId}" was cancelled`);
    this.name = 'Cancelled';
  }
}

/**
 * `fn` with a cancellation check before every call. Library routines (an
 * optimizer trajectory, Lanczos, an ODE solver, a stability diagram) loop by
 * calling back into the loss, gradient, Hessian-vector product or
 * right-hand side they are given; passing them `checked(hooks, fn)` makes
 * those loops cancellable without the library knowing about cancellation.
 */
export function checked<A extends unknown[], R>(hooks: StudyHooks, fn: (...args: A) => R): (...args: A) => R {
  const checkpoint = hooks.checkpoint;
  if (!checkpoint) return fn;
  return (...args: A): R => {
    checkpoint();
    return fn(...args);
  };
}

/**
 * An Objective whose value, gradient and Hessian-vector product each check for cancellation first: the
 * library's Lanczos, slices and flows loop over these calls, so a run stops between two of them.
 * Other members (e.g. a module objective's θ₀) come through the prototype.
 */
export function checkedObjective<O extends Objective>(hooks: StudyHooks, objective: O): O {
  const checkpoint = hooks.checkpoint;
  if (!checkpoint) return objective;
  const wrapper = Object.create(objective) as O;
  Object.defineProperties(wrapper, {
    value: { value: (theta: Float64Array) => (checkpoint(), objective.value(theta)) },
    gradient: { value: (theta: Float64Array, out?: Float64Array) => (checkpoint(), objective.gradient(theta, out)) },
    valueAndGradient: { value: (theta: Float64Array, out?: Float64Array) => (checkpoint(), objective.valueAndGradient(theta, out)) },
    hvp: { value: (theta: Float64Array, v: Float64Array, out?: Float64Array) => (checkpoint(), objective.hvp(theta, v, out)) },
  });
  return wrapper;
}

/** The context handed to `run`. Progress fractions are clamped to [0, 1]. */
export function createContext(options: RunOptions, experimentId = 'experiment'): ExperimentContext {
  const signal = options.signal ?? new AbortController().signal;
  const flag = options.cancelFlag;
  const cancelled = (): boolean => signal.aborted || (flag !== undefined && Atomics.load(flag, 0) !== 0);
  return {
    seed: options.seed,
    rng: new Rng(options.seed),
    signal,
    checkpoint() {
      if (cancelled()) throw new Cancelled(experimentId);
    },
    progress(fraction, message) {
      const f = Number.isFinite(fraction) ? Math.min(1, Math.max(0, fraction)) : 0;
      options.onProgress?.(f, message);
    },
    log(message) {
      options.onLog?.(message);
    },
  };
}

function fail(id: string, what: string): never {
  throw new Error(`runExperiment: experiment "${id}" returned an invalid result: ${what}`);
}

/** Check the parts of an experiment's output that the storage and report rely on. */
export function validateOutput(id: string, output: ExperimentOutput): void {
  if (typeof output !== 'object' || output === null) fail(id, 'expected an object');
  if (typeof output.metrics !== 'object' || output.metrics === null) fail(id, '`metrics` must be an object');
  for (const [k, v] of Object.entries(output.metrics)) {
    if (typeof v !== 'number') fail(id, `metric "${k}" must be a number, got ${typeof v}`);
  }
  if (typeof output.series !== 'object' || output.series === null) fail(id, '`series` must be an object of tables');
  for (const [name, rows] of Object.entries(output.series)) {
    if (!Array.isArray(rows)) fail(id, `series "${name}" must be an array of rows`);
    for (const row of rows) {
      for (const [col, v] of Object.entries(row)) {
        if (typeof v !== 'number' && typeof v !== 'string') fail(id, `series "${name}" column "${col}" holds a ${typeof v}`);
      }
    }
  }
  if (!Array.isArray(output.figures)) fail(id, '`figures` must be an array');
  for (const fig of output.figures) if (typeof fig?.id !== 'string') fail(id, 'every figure needs a string `id`');
  if (!Array.isArray(output.findings) || output.findings.some((f) => typeof f !== 'string')) fail(id, '`findings` must be an array of strings');
  const s = output.sections;
  if (typeof s !== 'object' || s === null) fail(id, '`sections` must be an object');
  for (const key of ['setup', 'teaches'] as const) {
    if (typeof s[key] !== 'string') fail(id, `sections.${key} must be a string`);
  }
  if (!Array.isArray(s.math) || s.math.some((m) => typeof m !== 'string')) fail(id, 'sections.math must be an array of LaTeX strings');
}

/** Run an experiment on an already resolved config. */
export async function runExperiment<C extends ConfigObject>(experiment: AnyExperiment, config: C, options: RunOptions): Promise<ExperimentResult<C>> {
  if (!Number.isSafeInteger(options.seed) || options.seed < 0) {
    throw new Error(`runExperiment: seed must be a non-negative safe integer, got ${options.seed}`);
  }
  const ctx = createContext(options, experiment.id);
  ctx.checkpoint();
  const output = (await experiment.run(config, ctx)) as ExperimentOutput<C>;
  ctx.checkpoint();
  validateOutput(experiment.id, output);
  return {
    id: experiment.id,
    config,
    seed: options.seed,
    metrics: output.metrics,
    series: output.series,
    figures: output.figures,
    findings: output.findings,
    sections: { question: experiment.question, ...output.sections },
  };
}

/** JSON with object keys sorted at every level: equal values give equal strings (for hashing). */
export function stableStringify(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) return JSON.stringify(String(value));
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
}
