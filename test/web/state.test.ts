/**
 * The explorer's URL is untrusted input: one schema (the views' fields, gathered in web/registry.ts) clamps
 * every number to its control's range, checks every choice against its own
 * list (prototype keys are unknown values), and reports what it changed.
 */
import { describe, expect, it } from 'vitest';
import { getActivation } from '../../src/neuro/activations.js';
import { surfaceById } from '../../web/compute/landscapeRun.js';
import { DEFAULTS, FIELDS, coerce, isKey, parseState, serializeState } from '../../web/registry.js';

describe('parseState clamps and checks every value of a URL', () => {
  it('clamps the issue’s runaway values to their ranges: tr.t=1e9 → 100000, nr.patterns=1e9 → 25', () => {
    const { state, notes } = parseState('?view=train&tr.t=1e9&nr.patterns=1e9');
    expect(state['tr.t']).toBe(100_000);
    expect(state['nr.patterns']).toBe(25);
    expect(notes).toEqual([
      'tr.t="1e9" is outside 0…100000 (an integer); using 100000',
      'nr.patterns="1e9" is outside 1…25 (an integer); using 25',
    ]);
  });

  it('clamps negative rates and curvatures to the slider’s lower end: tr.lr=-1 → 1e-4, st.l2=-1 → 0.1', () => {
    const { state, notes } = parseState('?tr.lr=-1&st.l2=-1');
    expect(state['tr.lr']).toBe(1e-4);
    expect(state['st.l2']).toBe(0.1);
    expect(notes).toHaveLength(2);
  });

  it('treats prototype keys as unknown values: tr.act=__proto__, ls.surface=constructor, view=toString get the defaults', () => {
    const { state, notes } = parseState('?tr.act=__proto__&ls.surface=constructor&view=toString&tr.opt=hasOwnProperty');
    expect(state['tr.act']).toBe('tanh');
    expect(state['ls.surface']).toBe('rosenbrock');
    expect(state.view).toBe('landscape');
    expect(state['tr.opt']).toBe('sgd');
    expect(notes).toContain('tr.act="__proto__" is not one of tanh, relu, sigmoid, gelu, softplus; using tanh');
    expect(Object.getPrototypeOf(state)).toBe(Object.prototype);
  });

  it('ignores keys that are not in the schema, prototype names included', () => {
    const { state, notes } = parseState('?__proto__=1&constructor=2&toString=3&unknown=4');
    expect(state).toEqual(DEFAULTS);
    expect(notes).toEqual([]);
    expect(isKey('__proto__')).toBe(false);
    expect(isKey('toString')).toBe(false);
    expect(() => coerce('__proto__', 1)).toThrow(/unknown state key '__proto__'/);
  });

  it('rounds integer fields, and replaces non-numbers (NaN, Infinity, empty, text) by the default', () => {
    const { state } = parseState('?tr.t=12.6&seed=7.2&st.lr=NaN&fl.lr=Infinity&ls.lr=&nr.cue=abc');
    expect(state['tr.t']).toBe(13);
    expect(state.seed).toBe(7);
    expect(state['st.lr']).toBe(DEFAULTS['st.lr']);
    expect(state['fl.lr']).toBe(DEFAULTS['fl.lr']);
    expect(state['ls.lr']).toBe(DEFAULTS['ls.lr']);
    expect(state['nr.cue']).toBe(DEFAULTS['nr.cue']);
  });

  it('normalizes hidden sizes or falls back with a note (0 units, 5 layers, 65 units)', () => {
    expect(parseState('?tr.hidden= 4, 3 ').state['tr.hidden']).toBe('4,3');
    for (const bad of ['0,3', '1,1,1,1,1', '65', '__proto__']) {
      const { state, notes } = parseState(`?tr.hidden=${encodeURIComponent(bad)}`);
      expect(state['tr.hidden']).toBe('8,8');
      expect(notes[0]).toMatch(/^tr\.hidden=.* is not 1 to 4 layer sizes, each 1–64, separated by commas; using 8,8$/);
    }
  });

  it('keeps every valid value exactly (a shared URL reloads bit for bit) and reports nothing', () => {
    const state = { ...DEFAULTS, view: 'neuro', seed: 4294967295, 'ls.x': 0.1 + 0.2, 'st.lr': 1e-3, 'tr.t': 100_000, 'nr.patterns': 25 };
    const back = parseState(serializeState(state));
    expect(back.state).toEqual(state);
    expect(back.notes).toEqual([]);
  });

  it('gives every field a default inside its own range or list', () => {
    for (const [key, f] of Object.entries(FIELDS)) {
      expect(coerce(key, f.default).note, key).toBeNull();
      if (f.kind === 'number') expect(f.min, key).toBeLessThanOrEqual(f.max);
    }
  });
});

describe('lookups by name use own keys only', () => {
  it('surfaceById and getActivation refuse prototype names with their usual error', () => {
    expect(() => surfaceById('__proto__')).toThrow(/surfaceById: unknown surface '__proto__'/);
    expect(() => getActivation('__proto__' as never)).toThrow(/getActivation: name must be one of/);
    expect(() => getActivation('toString' as never)).toThrow(/getActivation: name must be one of/);
  });
});
