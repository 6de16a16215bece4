import { describe, expect, it } from 'vitest';
import { solveIvp } from '../../src/ode/index.js';

const decay = (_t: number, y: Float64Array, dydt: Float64Array): void => {
  for (let i = 0; i < y.length; i++) dydt[i] = -0.5 * y[i]!;
};

describe("solveIvp with stepControl: 'scipy' reproduces scipy.integrate.solve_ivp's RK45", () => {
  it('dy/dt = −0.5y on [0, 10], y0 = [2, 4, 8], default tolerances: SciPy\'s documented steps and its 44 evaluations', () => {
    const r = solveIvp(decay, [0, 10], [2, 4, 8], { method: 'dopri5', stepControl: 'scipy' });
    // The times solve_ivp's documentation prints for this example (8 decimals), and its nfev:
    // 2 (f(t0) and select_initial_step's probe) + 6 per step (FSAL Dormand–Prince) × 7 steps.
    const scipyT = [0, 0.11487653, 1.26364188, 3.06061781, 4.81611105, 6.57445806, 8.33328988, 10];
    expect(r.t.length).toBe(scipyT.length);
    // Printed to 8 decimals: agreement to 5e-9 means the same steps (a different controller moves them by ≥ 1e-2).
    r.t.forEach((t, i) => expect(Math.abs(t - scipyT[i]!)).toBeLessThan(5e-9));
    expect(r.nfev).toBe(44);
    expect(r.rejected).toBe(0);
    expect(r.status).toBe('success');
  });

  it('the default (Hairer\'s PI controller) takes a different sequence on the same problem', () => {
    const r = solveIvp(decay, [0, 10], [2, 4, 8]);
    expect(r.nfev).toBe(56);
    expect(r.t[2]! - 1.26364188).not.toBeCloseTo(0, 2);
  });

  it('rejects an unknown control and the implicit method', () => {
    expect(() => solveIvp(decay, [0, 1], [1], { stepControl: 'matlab' as never })).toThrow(/solveIvp: stepControl must be one of 'hairer', 'scipy', got 'matlab'$/);
    expect(() => solveIvp(decay, [0, 1], [1], { method: 'ros23', stepControl: 'scipy' })).toThrow(/stepControl 'scipy' .* with 'dopri5'/);
  });
});
