/**
 * The train view's data: the built-in 2-D datasets from src/nn at a chosen
 * noise level, a regression task (a random tanh teacher network on Gaussian
 * inputs, src/nn's teacherStudent), the user's own points from a CSV file
 * (validated: size limits, numbers only, labels that make a task), and the
 * train/test split.
 *
 * The split is documented so that anyone can rebuild it: a permutation of
 * the n rows drawn from `new Rng(seed + 1)`; its first ⌊split·n⌋ rows are
 * the test set and the rest, in permutation order, the training set.
 */
import { z } from 'zod';
import { tensor } from '../../src/autograd/index.js';
import { circles, gaussianBlobs, noisyXor, spirals, teacherStudent, twoMoons, type Dataset } from '../../src/nn/index.js';
import { Rng } from '../../src/tensor/index.js';

export const DATASETS = ['xor', 'moons', 'circles', 'spirals', 'blobs', 'regression', 'upload'] as const;

/** Limits on uploaded points (the worker trains on every point at every full-batch step). */
export const UPLOAD_LIMITS = { maxBytes: 256 * 1024, maxRows: 2000, minRows: 4, maxAbs: 1e6, maxClasses: 10 };

/** Points as plain arrays (a worker message), validated again in the worker. */
export const pointsSchema = z
  .object({
    x: z.array(z.number().finite().min(-UPLOAD_LIMITS.maxAbs).max(UPLOAD_LIMITS.maxAbs)),
    y: z.array(z.number().finite().min(-UPLOAD_LIMITS.maxAbs).max(UPLOAD_LIMITS.maxAbs)),
  })
  .refine((p) => p.x.length === 2 * p.y.length, 'x must hold two coordinates per label')
  .refine((p) => p.y.length >= UPLOAD_LIMITS.minRows && p.y.length <= UPLOAD_LIMITS.maxRows, `between ${UPLOAD_LIMITS.minRows} and ${UPLOAD_LIMITS.maxRows} points`);

export type Points = z.infer<typeof pointsSchema>;

/**
 * Parse a CSV of 2-D points: one point per line as `x1,x2,label` (a header
 * line of non-numbers is skipped; blank lines are ignored). Throws a one-line
 * error naming the line and what is wrong.
 */
export function parsePointsCsv(text: string): Points {
  if (text.length > UPLOAD_LIMITS.maxBytes) throw new Error(`CSV: the file has ${text.length} characters; at most ${UPLOAD_LIMITS.maxBytes} are accepted`);
  const x: number[] = [];
  const y: number[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    const cells = line.split(/[,;\t]/).map((c) => c.trim());
    if (i === 0 && cells.some((c) => c !== '' && !Number.isFinite(Number(c)))) continue; // header
    const values = cells.map(Number);
    if (cells.length !== 3 || cells.some((c) => c === '') || values.some((v) => !Number.isFinite(v))) {
      throw new Error(`CSV line ${i + 1}: expected three numbers "x1,x2,label", got "${line.slice(0, 40)}"`);
    }
    if (values.some((v) => Math.abs(v) > UPLOAD_LIMITS.maxAbs)) throw new Error(`CSV line ${i + 1}: values must lie within ±${UPLOAD_LIMITS.maxAbs}`);
    if (y.length === UPLOAD_LIMITS.maxRows) throw new Error(`CSV: more than ${UPLOAD_LIMITS.maxRows} points; at most ${UPLOAD_LIMITS.maxRows} are accepted`);
    x.push(values[0]!, values[1]!);
    y.push(values[2]!);
  }
  if (y.length < UPLOAD_LIMITS.minRows) throw new Error(`CSV: found ${y.length} points; at least ${UPLOAD_LIMITS.minRows} are needed`);
  uploadTask(y);
  return { x, y };
}

/**
 * The task of uploaded labels: integers 0…k−1 with k ≥ 2 classes are a
 * classification (binary for k = 2), anything else a regression.
 */
export function uploadTask(y: readonly number[]): { task: 'binary' | 'multiclass' | 'regression'; classes: number } {
  const integers = y.every((v) => Number.isInteger(v) && v >= 0);
  if (!integers) return { task: 'regression', classes: 1 };
  const k = Math.max(...y) + 1;
  if (k > UPLOAD_LIMITS.maxClasses) throw new Error(`CSV: labels 0…${k - 1} make ${k} classes; at most ${UPLOAD_LIMITS.maxClasses} (or use non-integer labels for a regression)`);
  if (new Set(y).size < 2) throw new Error('CSV: every label is the same; a classification needs at least two classes');
  return k === 2 ? { task: 'binary', classes: 2 } : { task: 'multiclass', classes: k };
}

/**
 * The dataset of a config: n points (default 200) from the seed, at the
 * given noise (xor, moons, circles, spirals: the generator's noise std;
 * blobs: cluster std 0.5 + 2·noise; regression: label noise std).
 */
export function makeDataset(name: string, seed: number, n = 200, noise = 0.1, points?: Points): Dataset {
  switch (name) {
    case 'xor':
      return noisyXor({ n, noise, signed: true, seed });
    case 'moons':
      return twoMoons({ n, noise, seed });
    case 'circles':
      return circles({ n, noise, seed });
    case 'spirals':
      return spirals({ n, arms: 2, turns: 1, noise, seed });
    case 'blobs':
      return gaussianBlobs({ n, centers: 3, box: 3, std: 0.5 + 2 * noise, seed });
    case 'regression': {
      // A random 2-8-1 tanh teacher; y standardized by the teacher's scale is not needed: its outputs are O(1).
      const data = teacherStudent({ n, sizes: [2, 8, 1], noise, seed });
      return { ...data, y: data.y.reshape([n, 1]) };
    }
    case 'upload': {
      if (!points) throw new Error('makeDataset: the uploaded points are missing (choose a CSV file again; uploads are not part of the URL)');
      const p = pointsSchema.parse(points);
      const { task, classes } = uploadTask(p.y);
      const m = p.y.length;
      const x = tensor(Float64Array.from(p.x), { shape: [m, 2] });
      // Targets as src/nn's datasets shape them: [m, 1] for a binary label or a regression value, [m] class ids.
      const y = tensor(Float64Array.from(p.y), { shape: task === 'multiclass' ? [m] : [m, 1] });
      return { x, y, meta: { name: 'upload', task, nSamples: m, nFeatures: 2, ...(task === 'regression' ? {} : { nClasses: classes }), seed } };
    }
    default:
      throw new Error(`makeDataset: name must be one of ${DATASETS.join(', ')}, got '${name}'`);
  }
}

/** The documented train/test split (see the file comment); split = 0 keeps every row for training and an empty test set. */
export function splitDataset(data: Dataset, split: number, seed: number): { train: Dataset; test: Dataset | null } {
  const n = data.x.shape[0]!;
  const k = Math.floor(split * n);
  if (k <= 0) return { train: data, test: null };
  if (n - k < 2) throw new Error(`splitDataset: a test share of ${split} leaves ${n - k} training points; lower the split`);
  const order = new Rng(seed + 1).permutation(n);
  const pick = (idx: Int32Array): Dataset => ({ x: data.x.indexSelect(0, idx), y: data.y.indexSelect(0, idx), meta: { ...data.meta, nSamples: idx.length } });
  return { test: pick(order.slice(0, k)), train: pick(order.slice(k)) };
}
