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

export interface PairedTiming {
  /** Seconds per call of `a` and of `b` (medians over rounds). */
  a: number;
  b: number;
  /** Median over rounds of (time per call of a) / (time per call of b). */
  ratio: number;
}

/**
 * Time two functions in alternating batches (a, b, a, b, …), so that both see
 * the same machine load, and report the median of the per-round ratios. On a
 * shared machine whose speed drifts by tens of percent over seconds, timing
 * one function after the other skews their ratio; alternation cancels the drift.
 */
export function timePaired(a: () => void, b: () => void, { minSeconds = 1, rounds = 9, warmupSeconds = 1 } = {}): PairedTiming {
  const warm = (fn: () => void): number => {
    const end = performance.now() + warmupSeconds * 1000;
    let calls = 0;
    while (performance.now() < end) {
      fn();
      calls++;
    }
    return calls / warmupSeconds;
  };
  const perSecond = [warm(a), warm(b)];
  // Each batch takes about minSeconds / (2·rounds).
  const batch = perSecond.map((r) => Math.max(1, Math.round((r * minSeconds) / (2 * rounds))));
  const ta: number[] = [];
  const tb: number[] = [];
  const ratios: number[] = [];
  const timeBatch = (fn: () => void, n: number): number => {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) fn();
    return (performance.now() - t0) / 1000 / n;
  };
  for (let r = 0; r < rounds; r++) {
    const x = timeBatch(a, batch[0]!);
    const y = timeBatch(b, batch[1]!);
    ta.push(x);
    tb.push(y);
    ratios.push(x / y);
  }
  const median = (v: number[]) => [...v].sort((p, q) => p - q)[Math.floor(v.length / 2)]!;
  return { a: median(ta), b: median(tb), ratio: median(ratios) };
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
