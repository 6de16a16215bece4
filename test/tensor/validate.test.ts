import { describe, expect, it } from 'vitest';
import {
  checkFiniteNumber,
  checkInteger,
  checkNonNegativeNumber,
  checkNumberInRange,
  checkOneOf,
  checkPositiveInteger,
  checkPositiveNumber,
  checkVector,
  resolvePreset,
} from '../../src/tensor/validate.js';

/** The whole message, so a second spelling of the same constraint cannot creep back in. */
function message(f: () => void): string {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected a throw');
}

describe('one spelling per constraint: "<function>: <argument> must be <constraint>, got <value>"', () => {
  it('numbers: finite, > 0, ≥ 0, in a range with open or closed ends', () => {
    expect(message(() => checkFiniteNumber('f', 'x', NaN))).toBe('f: x must be a finite number, got NaN');
    expect(message(() => checkPositiveNumber('f', 'lr', 0))).toBe('f: lr must be a finite number > 0, got 0');
    expect(message(() => checkPositiveNumber('f', 'lr', Infinity))).toBe('f: lr must be a finite number > 0, got Infinity');
    expect(message(() => checkNonNegativeNumber('f', 'noise', -1))).toBe('f: noise must be a finite number ≥ 0, got -1');
    expect(message(() => checkNumberInRange('f', 'beta', 1, 0, 1, { hiOpen: true }))).toBe('f: beta must be a number in [0, 1), got 1');
    expect(message(() => checkNumberInRange('f', 'p', 0, 0, 1, { loOpen: true, hiOpen: true }))).toBe('f: p must be a number in (0, 1), got 0');
    expect(message(() => checkPositiveNumber('f', 'lr', '1'))).toBe("f: lr must be a finite number > 0, got '1'");
  });

  it('integers: positive, bounded below, bounded on both sides', () => {
    expect(message(() => checkPositiveInteger('f', 'n', 0))).toBe('f: n must be a positive integer, got 0');
    expect(message(() => checkPositiveInteger('f', 'n', 1.5))).toBe('f: n must be a positive integer, got 1.5');
    expect(message(() => checkInteger('f', 'steps', -1, 0))).toBe('f: steps must be an integer ≥ 0, got -1');
    expect(message(() => checkInteger('f', 'k', 7, 1, 6))).toBe('f: k must be an integer in [1, 6], got 7');
  });

  it('choices and vectors', () => {
    expect(message(() => checkOneOf('f', 'kind', 'adam', ['gd', 'momentum'] as const))).toBe("f: kind must be one of 'gd', 'momentum', got 'adam'");
    expect(message(() => checkVector('f', 'v0', [1, 2]))).toBe('f: v0 must be a Float64Array, got an array of length 2');
    expect(message(() => checkVector('f', 'v0', new Float64Array(2), 3))).toBe('f: v0 must have length 3, got 2');
  });

  it('accepts what it describes', () => {
    expect(() => checkNumberInRange('f', 'beta', 0, 0, 1, { hiOpen: true })).not.toThrow();
    expect(() => checkInteger('f', 'k', 6, 1, 6)).not.toThrow();
    expect(() => checkNonNegativeNumber('f', 'noise', 0)).not.toThrow();
  });
});

describe('resolvePreset: a study config over quick/full presets', () => {
  const presets = { quick: { steps: 10, lr: 0.1 }, full: { steps: 100, lr: 0.1 } };
  it('takes the quick preset by default, the full one by name, and every defined key over it', () => {
    expect(resolvePreset('f', {}, presets)).toEqual({ steps: 10, lr: 0.1 });
    expect(resolvePreset('f', { size: 'full', lr: 0.5, steps: undefined }, presets)).toEqual({ steps: 100, lr: 0.5 });
  });
  it('names a bad size', () => {
    expect(message(() => resolvePreset('f', { size: 'huge' as 'full' }, presets))).toBe("f: size must be one of 'quick', 'full', got 'huge'");
  });
});
