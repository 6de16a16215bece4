import { describe, expect, it } from 'vitest';
import { contextIntegration, delayedMatch, flipFlop, pulseIntegration, sineWave } from '../../src/nn/index.js';

describe('recurrent tasks as seeded datasets', () => {
  it('flip-flop: each output holds the sign of its channel’s last pulse (0 before the first)', () => {
    const d = flipFlop({ n: 8, steps: 40, bits: 3, pulseProb: 0.1, seed: 1 });
    expect(d.x.shape).toEqual([8, 40, 3]);
    const [x, y] = [d.x.data, d.y.data];
    let pulses = 0;
    for (let s = 0; s < 8; s++) {
      for (let k = 0; k < 3; k++) {
        let state = 0;
        for (let t = 0; t < 40; t++) {
          const u = x[(s * 40 + t) * 3 + k]!;
          expect([-1, 0, 1]).toContain(u);
          if (u !== 0) {
            state = u;
            pulses++;
          }
          expect(y[(s * 40 + t) * 3 + k]).toBe(state);
        }
      }
    }
    // 960 channel-steps at p = 0.1: 96 ± 9.3 pulses; 6σ either side.
    expect(pulses).toBeGreaterThan(40);
    expect(pulses).toBeLessThan(152);
  });

  it('same seed, same data; another seed, other data', () => {
    expect(Array.from(flipFlop({ seed: 3 }).x.data)).toEqual(Array.from(flipFlop({ seed: 3 }).x.data));
    expect(Array.from(flipFlop({ seed: 3 }).x.data)).not.toEqual(Array.from(flipFlop({ seed: 4 }).x.data));
  });

  it('sine wave: target sin(ω t dt) with the input ω/ω_max', () => {
    const d = sineWave({ n: 3, steps: 20, dt: 0.2, seed: 2 });
    const omegas = d.meta.omegas as number[];
    for (let s = 0; s < 3; s++) {
      for (let t = 0; t < 20; t++) {
        expect(d.x.data[s * 20 + t]).toBe(omegas[s]! / 2);
        expect(d.y.data[s * 20 + t]).toBe(Math.sin(omegas[s]! * t * 0.2));
      }
    }
  });

  it('pulse integration: the integral target is the running sum of u·dt and stays constant through the delay', () => {
    const d = pulseIntegration({ n: 4, pulse: 5, delay: 3, dt: 0.5, seed: 1 });
    for (let s = 0; s < 4; s++) {
      let acc = 0;
      for (let t = 0; t < 8; t++) {
        const u = d.x.data[s * 8 + t]!;
        if (t >= 5) expect(u).toBe(0);
        acc += u * 0.5;
        expect(d.y.data[s * 8 + t]).toBeCloseTo(acc, 15);
      }
    }
    const dec = pulseIntegration({ n: 4, pulse: 5, delay: 3, response: 2, target: 'decision', seed: 1 });
    expect(dec.y.shape).toEqual([4, 10, 1]);
    // Scored only in the response period: the last 2 of 10 steps.
    expect(Array.from(dec.mask.data.slice(0, 10))).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 1, 1]);
    expect(Math.abs(dec.y.data[9]!)).toBe(1);
  });

  it('context-dependent integration: the target is the sign of the cued stream’s coherence', () => {
    const d = contextIntegration({ n: 200, stimulus: 200, delay: 0, response: 1, noise: 0.5, seed: 5 });
    const T = 201;
    for (let s = 0; s < 200; s++) {
      const x = (t: number, i: number) => d.x.data[(s * T + t) * 4 + i]!;
      const ctx = x(0, 2) === 1 ? 0 : 1;
      expect(x(0, 2) + x(0, 3)).toBe(1);
      let mean = 0;
      for (let t = 0; t < 200; t++) mean += x(t, ctx) / 200;
      // |c| ≥ 0.1 and the mean of 200 draws has noise sd 0.5/√200 ≈ 0.035: its sign is c's except beyond 2.8σ.
      if (Math.abs(mean) > 0.1) expect(d.y.data[s * T + 200]).toBe(Math.sign(mean));
    }
  });

  it('delayed match-to-sample: +1 exactly when the test stimulus equals the sample', () => {
    const d = delayedMatch({ n: 50, stimuli: 3, sample: 2, delay: 3, test: 2, seed: 2 });
    const T = 7;
    let matches = 0;
    for (let s = 0; s < 50; s++) {
      const at = (t: number) => [0, 1, 2].findIndex((k) => d.x.data[(s * T + t) * 3 + k] === 1);
      const same = at(0) === at(5);
      matches += same ? 1 : 0;
      expect(d.y.data[s * T + 6]).toBe(same ? 1 : -1);
      expect(at(3)).toBe(-1);
    }
    // Binomial(50, ½): 25 ± 3.5; 5σ either side.
    expect(matches).toBeGreaterThan(7);
    expect(matches).toBeLessThan(43);
  });
});
