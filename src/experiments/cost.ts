/**
 * Estimating how long a run takes before starting it. An experiment states
 * its cost as the measured CPU seconds of its default preset (`npm run
 * check:presets`; BENCHMARKS.md, "Cost models") split into parts, each
 * scaling as a power of the config values it loops over:
 *
 *   seconds(config) = T_default · Σ_p share_p · Π_k (m(config_k) / m(default_k))^e_{p,k},
 *
 * with m(v) = v for numbers and the length for lists. A part that loops over
 * `steps` GD steps of a network with `width²` weights has scale
 * { steps: 1, width: 2 }; a part with no scale is the share that does not
 * grow with the config (set-up, warm-up, fixed-size analyses). It is an
 * estimate (the work of adaptive solvers and early-stopping loops is not a
 * power law), meant to catch a config that asks for hours or weeks of
 * compute, not to predict seconds.
 */
import { resolveConfig } from './config.js';
import type { AnyExperiment, ConfigObject } from './types.js';

export interface CostPart {
  /** Fraction of the default preset's time spent in this part (the shares sum to 1). */
  share: number;
  /** Config key → exponent of its value (or list length) in this part's work. */
  scale: Record<string, number>;
}

export interface CostModel {
  /** CPU seconds of one run of the default preset on one core of the reference machine. */
  seconds: number;
  parts: CostPart[];
}

function measure(v: unknown): number {
  if (typeof v === 'number') return Math.abs(v);
  if (Array.isArray(v)) return v.length;
  return 1;
}

const defaults = new WeakMap<AnyExperiment, ConfigObject>();

/** Estimated seconds of one run of `experiment` on `config` (one core), or undefined if it states no cost model. */
export function estimateRunSeconds(experiment: AnyExperiment, config: ConfigObject): number | undefined {
  const model = experiment.cost;
  if (!model) return undefined;
  let reference = defaults.get(experiment);
  if (!reference) {
    reference = resolveConfig(experiment, { preset: 'default' }) as ConfigObject;
    defaults.set(experiment, reference);
  }
  let total = 0;
  for (const part of model.parts) {
    let factor = part.share;
    for (const [key, exponent] of Object.entries(part.scale)) {
      const ref = measure(reference[key]);
      if (ref > 0) factor *= (measure(config[key]) / ref) ** exponent;
    }
    total += factor;
  }
  return model.seconds * total;
}

/** A duration for messages: "40 s", "12 min", "3.5 h", "2.1 days", "31 years". */
export function formatDuration(seconds: number): string {
  const units: Array<[number, string]> = [
    [365.25 * 86400, 'years'],
    [86400, 'days'],
    [3600, 'h'],
    [60, 'min'],
  ];
  for (const [size, name] of units) if (seconds >= size) return `${Number((seconds / size).toPrecision(2))} ${name}`;
  return `${Number(seconds.toPrecision(2))} s`;
}
