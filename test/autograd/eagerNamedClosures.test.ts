/**
 * The eager op path makes no closure bound to a name per call. `npm run bench` and `ldyn` run the library under tsx,
 * which compiles with esbuild's keepNames: `const f = () => …` inside a function becomes
 * `const f = __name(() => …, "f")`, an Object.defineProperty on every call. Four such closures per XOR step at
 * bd0cf83 and eight after the compiled-step merge cost the eager xor-step ≈ 20 % of its speed (BENCHMARKS.md,
 * "Idle re-run"); an op's thunks are anonymous arguments instead. The fixture counts the names defined during one
 * step of each scenario in a real tsx process, so this is a count, not a timing.
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const REPO = resolve(fileURLToPath(new URL('../..', import.meta.url)));

describe('training steps under tsx define no function name per call', () => {
  const counts = JSON.parse(
    execFileSync(process.execPath, ['--import', 'tsx', 'test/fixtures/namedClosuresPerStep.ts'], { cwd: REPO, encoding: 'utf8' }),
  ) as Record<string, Record<string, number>>;

  it.each([
    ['xor', 'the bench XOR step (matmul, add, tanh, sigmoid, mseLoss, backward, SGD)'],
    ['xorCompiled', 'the bench compiled XOR step (a replay of compileLossAndGrad, then SGD)'],
    ['classifier', 'an nn.MLP step with crossEntropy (logSoftmax, gather, mean) and Adam'],
    ['functional', 'grad and hvp through the functional API'],
    ['trainEager', 'nn.train with compile: false'],
    ['recurrent', 'RNN and GRU forward and BPTT backward (slices, stack)'],
    ['otherOps', 'softmax, logsumexp, norm, binaryCrossEntropyWithLogits, stack, slice, mean and their VJPs'],
  ])('%s: %s', (scenario) => {
    expect(counts[scenario]).toEqual({});
  });
});
