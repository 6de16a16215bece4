/**
 * The contract every numerical experiment implements, and the shape of what
 * it produces. An experiment is a pure function of (config, seed): the
 * framework validates the config against the experiment's zod schema, hands
 * it a seeded generator, and stores the result it returns.
 */
import type { z } from 'zod';
import type { Rng } from '../tensor/rng.js';
import type { FigureSpec } from '../spec/figure.js';
import type { CostModel } from './cost.js';

/** The three standard sizes of a run: a smoke test, the report run, the thorough run. */
export type PresetName = 'quick' | 'default' | 'full';
export const PRESET_NAMES: readonly PresetName[] = ['quick', 'default', 'full'];

/** A config object as stored on disk: plain JSON values. */
export type ConfigObject = Record<string, unknown>;

/** One row of a tidy table (one observation per row, one variable per column). */
export type SeriesRow = Record<string, number | string>;

/**
 * A figure attached to a result. `spec` is a declarative, JSON-serializable
 * figure description (src/spec/figure.ts imports nothing, so this type-only
 * import keeps experiments free of any plotting library); the CLI and the web
 * app render it.
 */
export interface ExperimentFigure {
  /** File-name-safe id, e.g. `loss-curves` → loss-curves.svg. */
  id: string;
  title?: string;
  spec: FigureSpec;
}

/** The prose around the numbers: what is asked, how, with which math, and why it matters. */
export interface ExperimentSections {
  question: string;
  setup: string;
  /** LaTeX strings, each one display equation. */
  math: string[];
  teaches: string;
  connection?: string;
}

/** Everything one run produced. */
export interface ExperimentResult<C extends ConfigObject = ConfigObject> {
  id: string;
  config: C;
  seed: number;
  metrics: Record<string, number>;
  series: Record<string, SeriesRow[]>;
  figures: ExperimentFigure[];
  /** Sentences written from the measured numbers. */
  findings: string[];
  sections: ExperimentSections;
}

/**
 * What `run` returns. `id`, `config` and `seed` may be omitted: the runner
 * fills them in from the invocation (and overrides them if present). The
 * sections carry no question: the runner puts the experiment's `question`
 * there, so it is written once.
 */
export type ExperimentOutput<C extends ConfigObject = ConfigObject> = Omit<ExperimentResult<C>, 'id' | 'config' | 'seed' | 'sections'> & {
  sections: Omit<ExperimentSections, 'question'>;
} & Partial<Pick<ExperimentResult<C>, 'id' | 'config' | 'seed'>>;

/** What a running experiment may use from its environment. */
export interface ExperimentContext {
  /** Report progress; `fraction` in [0, 1]. */
  progress(fraction: number, message?: string): void;
  log(message: string): void;
  /** Generator seeded with the run's seed; the only source of randomness an experiment should use. */
  rng: Rng;
  seed: number;
  /** Aborted when the user interrupts the run (for awaiting code; loops call `checkpoint()`). */
  signal: AbortSignal;
  /**
   * Throws `Cancelled` if the run was cancelled (its signal aborted or its
   * shared cancel flag set). Every loop that can run longer than ~100 ms
   * calls it, so Ctrl-C stops a run within a fraction of a second; it costs
   * a few nanoseconds, so calling it once per step is fine.
   */
  checkpoint(): void;
}

/**
 * What a study (an experiment's computation, callable from code) takes from
 * its caller besides its config: progress reports and cancellation checks.
 * An ExperimentContext is one; from code, pass `{}` or your own.
 */
export interface StudyHooks {
  progress?(fraction: number, message?: string): void;
  /** Called in every loop that can run longer than ~100 ms; throws to stop the study (see ExperimentContext.checkpoint). */
  checkpoint?(): void;
}

/** A config schema: a zod object whose fields carry defaults, ranges and `.describe()` texts. */
export type ConfigSchema<C extends ConfigObject> = z.ZodType<C>;

export interface Experiment<C extends ConfigObject = ConfigObject, R extends ExperimentOutput<C> = ExperimentOutput<C>> {
  /** Stable identifier, kebab-case (used in paths and on the command line). */
  id: string;
  title: string;
  question: string;
  summary: string;
  schema: ConfigSchema<C>;
  presets: Record<PresetName, Partial<C>>;
  /** How the run time scales with the config (src/experiments/cost.ts); the CLI refuses runs estimated beyond its limits. */
  cost?: CostModel;
  run(config: C, ctx: ExperimentContext): R | Promise<R>;
}

/** An experiment with its config type erased, as stored in the registry. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyExperiment = Experiment<any, any>;
