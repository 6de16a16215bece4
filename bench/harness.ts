/**
 * Benchmark harness. A benchmark measures a figure together with its
 * reference in the same run, and reports the ratio, so that numbers from
 * different machines or days can be compared as ratios, never as raw times.
 */

export interface BenchRow {
  /** Benchmark id, e.g. `xor-step`. */
  bench: string;
  /** What was measured within it, e.g. `learning-dynamics` or `numpy`. */
  case: string;
  value: number;
  unit: string;
  /** Ratio to the reference row of the same bench (value / reference). */
  ratio?: number;
  note?: string;
}

export interface Bench {
  name: string;
  description: string;
  run(): Promise<BenchRow[]> | BenchRow[];
}

/**
 * Time `fn` by running it in growing batches until `minSeconds` of work has
 * been measured; returns seconds per call (median of `rounds` batches).
 */
export function timePerCall(fn: () => void, { minSeconds = 0.5, rounds = 5, warmupSeconds = 1 } = {}): number {
  // Warm-up: let the JIT tier every function of the hot path up to optimized code (a deep call
  // graph such as autograd's needs far more than the 100 ms a single loop does).
  const warmEnd = performance.now() + warmupSeconds * 1000;
  let calls = 0;
  while (performance.now() < warmEnd) {
    fn();
    calls++;
  }
  let batch = Math.max(1, Math.round((calls * (minSeconds / rounds)) / warmupSeconds));
  const samples: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    for (let i = 0; i < batch; i++) fn();
    const dt = (performance.now() - t0) / 1000;
    samples.push(dt / batch);
    if (dt < (minSeconds / rounds) * 0.5) batch *= 2;
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)]!;
}

/** Async variant of {@link timePerCall}. */
export async function timePerCallAsync(fn: () => Promise<void>, { minSeconds = 0.5, rounds = 5 } = {}): Promise<number> {
  await fn();
  const samples: number[] = [];
  for (let r = 0; r < rounds; r++) {
    let calls = 0;
    const t0 = performance.now();
    do {
      await fn();
      calls++;
    } while (performance.now() - t0 < (minSeconds / rounds) * 1000);
    samples.push((performance.now() - t0) / 1000 / calls);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)]!;
}
