import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  ConfigError,
  describeExperiment,
  getExperiment,
  listExperiments,
  registerExperiment,
  resolveConfig,
  UnknownExperimentError,
  unregisterExperiment,
  type Experiment,
} from '../../src/experiments/index.js';
import { toyWalk } from '../fixtures/experiments.js';

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('registry', () => {
  it('finds registered experiments and lists them sorted', () => {
    expect(getExperiment('toy-walk')).toBe(toyWalk);
    const ids = listExperiments().map((e) => e.id);
    expect(ids).toEqual([...ids].sort());
    expect(ids).toContain('slow-walk');
  });

  it('names the known ids when an id is unknown', () => {
    expect(() => getExperiment('no-such')).toThrow(UnknownExperimentError);
    expect(() => getExperiment('no-such')).toThrow(/Unknown experiment "no-such".*toy-walk/);
  });

  it('accepts the same object twice but not a second experiment under one id', () => {
    expect(() => registerExperiment(toyWalk)).not.toThrow();
    expect(() => registerExperiment({ ...toyWalk })).toThrow(/already registered/);
    expect(() => registerExperiment({ ...toyWalk, id: 'Bad Id' })).toThrow(/kebab-case/);
  });

  it('refuses an experiment without all three presets', () => {
    const broken = { ...toyWalk, id: 'no-presets', presets: { quick: {}, default: {} } } as unknown as Experiment;
    expect(() => registerExperiment(broken)).toThrow(/lacks the preset "full"/);
    expect(unregisterExperiment('no-presets')).toBe(false);
  });
});

describe('resolveConfig', () => {
  it('layers defaults < preset < config file < --set', () => {
    expect(resolveConfig(toyWalk, {}).steps).toBe(50); // schema default (default preset is empty)
    expect(resolveConfig(toyWalk, { preset: 'quick' }).steps).toBe(10);
    expect(resolveConfig(toyWalk, { preset: 'quick', config: { steps: 20 } }).steps).toBe(20);
    expect(resolveConfig(toyWalk, { preset: 'quick', config: { steps: 20 }, set: ['steps=30'] }).steps).toBe(30);
  });

  it('parses --set values by the field type: numbers, booleans, enums, lists, dotted keys', () => {
    const c = resolveConfig(toyWalk, { set: ['scale=2.5', 'normalize=yes', 'mode=drift', 'tags=3,4,5.5', 'optimizer.lr=0.25'] });
    expect(c).toMatchObject({ scale: 2.5, normalize: true, mode: 'drift', tags: [3, 4, 5.5], optimizer: { lr: 0.25 } });
    expect(resolveConfig(toyWalk, { set: ['tags=[7,8]', 'normalize=0'] })).toMatchObject({ tags: [7, 8], normalize: false });
    expect(resolveConfig(toyWalk, { set: ['tags='] }).tags).toEqual([]);
  });

  it('merges nested objects from the config file without dropping defaults', () => {
    const c = resolveConfig(toyWalk, { config: { optimizer: { lr: 0.5 } } });
    expect(c.optimizer).toEqual({ lr: 0.5 });
    expect(c.scale).toBe(1);
  });

  it('names key, value and allowed range for out-of-range values', () => {
    const err = configError(() => resolveConfig(toyWalk, { set: ['scale=11'] }));
    expect(err.issues).toHaveLength(1);
    expect(err.issues[0]).toMatchObject({ key: 'scale', value: 11, allowed: 'number in [0, 10]' });
    expect(err.message).toContain('"scale": 11 (from --set scale=11). Allowed: number in [0, 10]');
  });

  it('names the enum values, the integer constraint and the open bound', () => {
    const err = configError(() => resolveConfig(toyWalk, { set: ['mode=sideways', 'steps=2.5', 'optimizer.lr=0'] }));
    const byKey = Object.fromEntries(err.issues.map((i) => [i.key, i]));
    expect(byKey.mode!.allowed).toBe('one of: walk, drift');
    expect(byKey.steps!.allowed).toBe('integer in [1, 10000]');
    expect(byKey['optimizer.lr']!.allowed).toBe('number in (0, 1]');
  });

  it('reports every problem at once: unknown keys (with a suggestion), unparsable and invalid values', () => {
    const err = configError(() => resolveConfig(toyWalk, { set: ['stpes=3', 'normalize=maybe', 'scale=abc', 'mode=x'], config: { bogus: 1 } }));
    expect(err.issues.map((i) => i.key).sort()).toEqual(['bogus', 'mode', 'normalize', 'scale', 'stpes']);
    expect(err.message).toMatch(/Unknown config key "stpes" \(--set\)\. Did you mean "steps"\?/);
    expect(err.message).toMatch(/Unknown config key "bogus" \(config file\)/);
    expect(err.message).toMatch(/"normalize": "maybe" is not a boolean/);
    expect(err.message).toMatch(/"scale": "abc" is not a number/);
  });

  it('rejects malformed --set entries and unknown presets', () => {
    expect(configError(() => resolveConfig(toyWalk, { set: ['steps'] })).message).toMatch(/--set expects key=value, got "steps"/);
    expect(configError(() => resolveConfig(toyWalk, { preset: 'huge' as never })).message).toMatch(/Unknown preset "huge".*quick, default, full/);
  });

  it('reports unknown keys inside nested objects by their dotted path', () => {
    const err = configError(() => resolveConfig(toyWalk, { config: { optimizer: { lr: 0.1, momentum: 0.9 } } }));
    expect(err.issues[0]!.key).toBe('optimizer.momentum');
  });
});

describe('describeExperiment', () => {
  it('lists every field with type, default, allowed values and description', () => {
    const rows = describeExperiment(toyWalk);
    expect(rows.map((r) => r.key)).toEqual(['steps', 'scale', 'mode', 'normalize', 'delayMs', 'figure', 'fail', 'tags', 'optimizer.lr']);
    expect(rows[0]).toEqual({ key: 'steps', type: 'integer', default: 50, allowed: 'integer in [1, 10000]', description: 'number of walk steps' });
    expect(rows.find((r) => r.key === 'mode')).toMatchObject({ type: 'enum', default: 'walk', allowed: 'one of: walk, drift' });
    expect(rows.find((r) => r.key === 'normalize')).toMatchObject({ type: 'boolean', default: false, allowed: 'true or false' });
    expect(rows.find((r) => r.key === 'tags')).toMatchObject({ type: 'number[]', default: [1, 2] });
  });

  it('describes one-sided and open ranges', () => {
    const e: Experiment = {
      ...toyWalk,
      id: 'ranges',
      schema: z.object({ a: z.number().positive(), b: z.number().max(3), c: z.number(), s: z.string().default('x') }),
      run: () => {
        throw new Error('not run');
      },
    } as Experiment;
    expect(describeExperiment(e).map((r) => r.allowed)).toEqual(['number in > 0', 'number in ≤ 3', 'any finite number', 'any text']);
  });
});
