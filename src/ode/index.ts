/**
 * ode: the project's own ODE integrators on flat Float64Array states —
 * fixed-step Runge–Kutta (euler, midpoint, heun, rk4), adaptive Dormand–Prince
 * 5(4) and DOP853, and the stiff Rosenbrock method ros23 — behind a
 * solve_ivp-style driver with dense output, output times and events.
 */
export { solveIvp } from './solveIvp.js';
export type {
  DenseSolution,
  EventFunction,
  EventSpec,
  Jacobian,
  OdeEvent,
  OdeMethod,
  OdeResult,
  Rhs,
  SolveIvpOptions,
} from './types.js';
export { ADAPTIVE_METHODS, FIXED_STEP_METHODS, ODE_METHODS } from './types.js';
export { lu, luSolve } from './lu.js';
export { brentRoot } from './events.js';
export type { ButcherTableau } from './rungeKutta.js';
export { EULER, HEUN, MIDPOINT, RK4 } from './rungeKutta.js';
export { DOPRI5, DOPRI5_DENSE } from './dopri5.js';
export { DOP853, DOP853_A_EXTRA, DOP853_C_EXTRA, DOP853_D, DOP853_E3, DOP853_E5 } from './dop853.js';
export { tensorRhs } from './tensorRhs.js';
export * from './flow/index.js';
