/**
 * The experiment registry: one map from id to experiment, filled by
 * src/experiments/catalog.ts (and, in tests, by fixture modules).
 */
import type { AnyExperiment } from './types.js';

const registry = new Map<string, AnyExperiment>();

const ID_PATTERN = /^[a-z0-9][a-z0-9-]*$/;

/** Thrown when an id names no registered experiment. */
export class UnknownExperimentError extends Error {
  constructor(
    readonly experimentId: string,
    readonly knownIds: string[],
  ) {
    super(
      `Unknown experiment "${experimentId}". ` +
        (knownIds.length > 0 ? `Known experiments: ${knownIds.join(', ')}.` : 'No experiments are registered.'),
    );
    this.name = 'UnknownExperimentError';
  }
}

/**
 * Add an experiment. Registering the same object twice is a no-op (modules may
 * be imported from several places); a different experiment under an existing
 * id is an error.
 */
export function registerExperiment(experiment: AnyExperiment): void {
  if (!ID_PATTERN.test(experiment.id)) {
    throw new Error(`registerExperiment: id must be kebab-case (${ID_PATTERN}), got "${experiment.id}"`);
  }
  const existing = registry.get(experiment.id);
  if (existing === experiment) return;
  if (existing) throw new Error(`registerExperiment: an experiment with id "${experiment.id}" is already registered`);
  for (const preset of ['quick', 'default', 'full'] as const) {
    if (!experiment.presets || typeof experiment.presets[preset] !== 'object') {
      throw new Error(`registerExperiment: experiment "${experiment.id}" lacks the preset "${preset}"`);
    }
  }
  registry.set(experiment.id, experiment);
}

/** The experiment with this id, or an UnknownExperimentError listing the known ids. */
export function getExperiment(id: string): AnyExperiment {
  const experiment = registry.get(id);
  if (!experiment) throw new UnknownExperimentError(id, [...registry.keys()].sort());
  return experiment;
}

/** All registered experiments, sorted by id. */
export function listExperiments(): AnyExperiment[] {
  return [...registry.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Remove an experiment (for tests that register temporary fixtures). Returns whether it existed. */
export function unregisterExperiment(id: string): boolean {
  return registry.delete(id);
}
