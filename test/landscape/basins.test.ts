import { describe, expect, it } from 'vitest';
import { DIVERGED, NOT_CONVERGED, basinsFigure, basinsOfAttraction, fieldHeatmapFigure, hessianField, himmelblau, runTrajectory, sixHumpCamel, type OptimizerSpec } from '../../src/landscape/index.js';

describe('basins of attraction', () => {
  const surface = himmelblau();

  it('Himmelblau under GD: every start reaches one of the 4 minima, each basin is non-empty, and starts next to a minimum go to it', () => {
    const map = basinsOfAttraction(surface, { kind: 'sgd', lr: 0.01 }, { nx: 21, steps: 400 });
    expect(map.labels.length).toBe(441);
    expect(map.counts.diverged + map.counts.notConverged).toBe(0);
    expect(map.counts.minima.reduce((a, b) => a + b, 0)).toBe(441);
    for (const c of map.counts.minima) expect(c).toBeGreaterThan(40);
    // Grid point (3, 2) is minimum 0 itself: labelled 0 from step 0.
    const i = Math.round(((3 - -5) / 10) * 20);
    const j = Math.round(((2 - -5) / 10) * 20);
    expect(map.grid.xs[i]).toBeCloseTo(3, 14);
    expect(map.grid.ys[j]).toBeCloseTo(2, 14);
    expect(map.labels[j * 21 + i]).toBe(0);
    expect(map.steps[j * 21 + i]).toBe(0);
    // The corner starts (±5, ±5) descend into the minimum of their own quadrant.
    const corner = (ii: number, jj: number) => map.labels[jj * 21 + ii];
    expect(corner(20, 20)).toBe(0); // (5, 5) → (3, 2)
    expect(corner(0, 20)).toBe(1); // (−5, 5) → (−2.81, 3.13)
    expect(corner(0, 0)).toBe(2); // (−5, −5) → (−3.78, −3.28)
    expect(corner(20, 0)).toBe(3); // (5, −5) → (3.58, −1.85)
    const fig = basinsFigure(map);
    expect(fig.regimes.length).toBe(6);
    expect(fig.cells.length).toBe(441);
    expect(Math.max(...fig.cells)).toBeLessThan(4);
  });

  it('the batched run equals independent runs start by start, for GD with momentum and for Adam (element-wise optimizers)', () => {
    const specs: OptimizerSpec[] = [
      { kind: 'sgd', lr: 0.005, momentum: 0.8 },
      { kind: 'adam', lr: 0.05 },
    ];
    for (const spec of specs) {
      const steps = 300;
      const map = basinsOfAttraction(surface, spec, { nx: 5, ny: 4, steps });
      for (const k of [0, 6, 13, 19]) {
        const x = map.grid.xs[k % 5];
        const y = map.grid.ys[Math.floor(k / 5)];
        const run = runTrajectory(surface, [x, y], spec, { steps });
        const [fx, fy] = run.path[steps];
        // Same element-wise arithmetic on the same numbers: the batched end point is bit-identical
        // up to the summation order inside f (which is per row); allow 1e-12 relative.
        expect(Math.abs(map.final[2 * k] - fx)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(fx)));
        expect(Math.abs(map.final[2 * k + 1] - fy)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(fy)));
        const m = map.labels[k];
        if (m >= 0) expect(Math.hypot(fx - map.minima[m].x, fy - map.minima[m].y)).toBeLessThanOrEqual(1e-3 * Math.hypot(10, 10));
        else expect(m).toBe(NOT_CONVERGED);
      }
    }
  });

  it('η = 0.02 makes the two sharp minima (λ_max ≈ 134 and 105 > 2/η = 100) unreachable: GD is linearly unstable there', () => {
    const map = basinsOfAttraction(surface, { kind: 'sgd', lr: 0.02 }, { nx: 11, steps: 200 });
    expect(map.counts.minima[0]).toBeGreaterThan(0); // λ_max(3, 2) ≈ 82.3 < 100
    expect(map.counts.minima[1]).toBeGreaterThan(0); // λ_max ≈ 80.6 < 100
    expect(map.counts.minima[2]).toBe(0);
    expect(map.counts.minima[3]).toBe(0);
    expect(map.counts.notConverged).toBeGreaterThan(0);
  });

  it('too large a step diverges from the steep outskirts and is reported as such', () => {
    const map = basinsOfAttraction(surface, { kind: 'sgd', lr: 0.03 }, { nx: 11, steps: 200 });
    expect(map.counts.diverged).toBeGreaterThan(0);
    const k = map.labels.indexOf(DIVERGED);
    expect(map.steps[k]).toBe(-1);
    const fig = basinsFigure(map);
    expect(fig.cells[k]).toBe(4); // 'diverged' comes right after the 4 minima
    expect(fig.regimes[4]).toBe('diverged');
  });

  it('six-hump camel with a tiny step budget leaves some starts not converged', () => {
    const map = basinsOfAttraction(sixHumpCamel(), { kind: 'sgd', lr: 1e-3 }, { nx: 9, steps: 20 });
    expect(map.counts.notConverged).toBeGreaterThan(0);
    const field = hessianField(sixHumpCamel(), { nx: 9 });
    expect(fieldHeatmapFigure(field.grid, field.lambdaMin, { title: 'λ_min', label: 'λ_min', scheme: 'diverging' }).color.center).toBe(0);
  });

  it('rejects surfaces without minima and bad options', () => {
    expect(() => basinsOfAttraction(surface, { kind: 'sgd', lr: 0.01 }, { steps: 0 })).toThrow(/basinsOfAttraction: steps must be a positive integer, got 0$/);
    expect(() => basinsOfAttraction({ ...surface, minima: [] }, { kind: 'sgd', lr: 0.01 })).toThrow(/basinsOfAttraction: the surface 'himmelblau' lists no minima/);
  });
});
