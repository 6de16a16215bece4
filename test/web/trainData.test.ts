/**
 * The train view's data rules in Node: CSV uploads are validated (size
 * limits, numbers only, labels that make a task) with one-line errors naming
 * the line; the train/test split is the documented permutation; URL fields
 * are clamped to their declared ranges and choices.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/tensor/index.js';
import { UPLOAD_LIMITS, makeDataset, parsePointsCsv, splitDataset, uploadTask } from '../../web/compute/trainData.js';
import { DEFAULTS, FIELDS, parseState, stepKey } from '../../web/registry.js';

describe('CSV upload of 2-D points', () => {
  it('reads x1,x2,label lines (header, blank lines, ; and tab separators allowed)', () => {
    expect(parsePointsCsv('x1,x2,label\n0,1,0\n\n2;3;1\n4\t5\t1\r\n-1,-2,0\n')).toEqual({ x: [0, 1, 2, 3, 4, 5, -1, -2], y: [0, 1, 1, 0] });
  });

  it('refuses malformed lines, too few or too many points, huge values and files over the size limit', () => {
    expect(() => parsePointsCsv('0,0,0\n1,1\n2,2,1\n3,3,0')).toThrow('CSV line 2: expected three numbers "x1,x2,label", got "1,1"');
    expect(() => parsePointsCsv('0,0,0\n1,1,1\n')).toThrow(`found 2 points; at least ${UPLOAD_LIMITS.minRows}`);
    expect(() => parsePointsCsv('0,0,0\n1,1,1\n2,2,0\n3,1e9,1\n')).toThrow('CSV line 4: values must lie within');
    const many = Array.from({ length: UPLOAD_LIMITS.maxRows + 1 }, (_, i) => `${i % 7},${i % 5},${i % 2}`).join('\n');
    expect(() => parsePointsCsv(many)).toThrow(`more than ${UPLOAD_LIMITS.maxRows} points`);
    expect(() => parsePointsCsv('0,0,0\n'.repeat(UPLOAD_LIMITS.maxBytes))).toThrow('at most');
  });

  it('makes integer labels a classification and other numbers a regression', () => {
    expect(uploadTask([0, 1, 1, 0])).toEqual({ task: 'binary', classes: 2 });
    expect(uploadTask([0, 2, 1, 2])).toEqual({ task: 'multiclass', classes: 3 });
    expect(uploadTask([0.5, 1, -2, 3])).toEqual({ task: 'regression', classes: 1 });
    expect(() => uploadTask([1, 1, 1, 1])).toThrow('every label is the same');
    expect(() => uploadTask([0, 11, 1, 2])).toThrow('12 classes');
    const data = makeDataset('upload', 0, 200, 0, { x: [0, 0, 1, 1, 0, 1, 1, 0], y: [0.5, 1, -2, 3] });
    expect(data.y.shape).toEqual([4, 1]);
    expect(data.meta.task).toBe('regression');
  });
});

describe('train/test split', () => {
  it('holds out the first ⌊split·n⌋ rows of Rng(seed + 1)’s permutation, and split 0 keeps every row for training', () => {
    const data = makeDataset('moons', 4, 20, 0.1);
    const { train, test } = splitDataset(data, 0.25, 4);
    const order = new Rng(5).permutation(20);
    expect([...test!.x.data]).toEqual([...data.x.indexSelect(0, order.slice(0, 5)).data]);
    expect([...train.y.data]).toEqual([...data.y.indexSelect(0, order.slice(5)).data]);
    expect(splitDataset(data, 0, 4)).toEqual({ train: data, test: null });
  });
});

describe('URL fields from the view registry', () => {
  it('clamps numbers to their declared range, rounds integers, and refuses unknown choices', () => {
    const { state: s, notes } = parseState('?view=train&tr.lr=99&tr.split=-1&tr.batch=7.6&tr.data=nowhere&st.beta=0.5&tr.hidden=1,2,3,4,5');
    expect(notes).toHaveLength(5);
    expect(s['tr.lr']).toBe(3);
    expect(s['tr.split']).toBe(0);
    expect(s['tr.batch']).toBe(8);
    expect(s['tr.data']).toBe(DEFAULTS['tr.data']);
    expect(s['st.beta']).toBe(0.5);
    expect(s['tr.hidden']).toBe(DEFAULTS['tr.hidden']);
    expect(stepKey('train')).toBe('tr.t');
    // Every view declares a step counter, and every field has a default of its kind.
    for (const [key, field] of Object.entries(FIELDS)) expect(typeof DEFAULTS[key], key).toBe(field.kind === 'number' ? 'number' : 'string');
  });
});
