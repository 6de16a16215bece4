/**
 * Public types of the ODE solvers: the initial value problem
 *
 *   dy/dt = f(t, y),   y(t0) = y0,   y ∈ ℝⁿ,
 *
 * on flat Float64Array states, with options and result modelled on
 * scipy.integrate.solve_ivp.
 */

/**
 * Right-hand side f(t, y): either writes dy/dt into `dydt` (length n) in place,
 * or returns dy/dt as an array of length n (SciPy's `fun(t, y)` form; for
 * n = 1 a number), which is then copied into `dydt`. A number returned when
 * n > 1 is ignored, so that the concise form `(t, y, d) => (d[0] = y[1], d[1] = -y[0])`
 * works. f must not keep references to `y` or `dydt` (they are reused buffers).
 * solveIvp fills `dydt` with NaN before each call, so an entry neither written
 * nor returned fails the run (status 'failed', naming the entry) instead of
 * being integrated as zero; any other returned value throws.
 */
export type Rhs = (t: number, y: Float64Array, dydt: Float64Array) => void | number | ArrayLike<number>;

/** Jacobian ∂f/∂y at (t, y): an n×n matrix, row-major (entry [i*n + j] = ∂fᵢ/∂yⱼ). */
export type Jacobian = (t: number, y: Float64Array) => Float64Array;

/**
 * An event function g(t, y); an event is a zero crossing of g along the
 * solution. As in scipy, a plain function may carry the optional properties
 * `terminal` (stop the integration at the first such event) and `direction`
 * (+1: only crossings from g < 0 to g > 0, −1: only from g > 0 to g < 0,
 * 0: both).
 */
export type EventFunction = ((t: number, y: Float64Array) => number) & {
  terminal?: boolean;
  direction?: number;
};

/** Object form of an event: `{ g, terminal, direction }` (same meaning as on {@link EventFunction}). */
export interface EventSpec {
  g: (t: number, y: Float64Array) => number;
  terminal?: boolean;
  direction?: number;
}

export type OdeEvent = EventFunction | EventSpec;

/** Fixed-step explicit Runge–Kutta methods (need `step` or `nSteps`). */
export const FIXED_STEP_METHODS = ['euler', 'midpoint', 'heun', 'rk4'] as const;
/** Adaptive methods (embedded error estimate; `step`/`nSteps` turns the control off). */
export const ADAPTIVE_METHODS = ['dopri5', 'dop853', 'ros23'] as const;
export const ODE_METHODS = [...FIXED_STEP_METHODS, ...ADAPTIVE_METHODS] as const;
export type OdeMethod = (typeof ODE_METHODS)[number];

export interface SolveIvpOptions {
  /** Integration method; default 'dopri5'. 'ros23' is the implicit (Rosenbrock) method for stiff problems. */
  method?: OdeMethod;
  /** Relative tolerance (> 0), default 1e-3. Values below 100·ε are raised to 100·ε, as in scipy. */
  rtol?: number;
  /** Absolute tolerance (≥ 0), scalar or one per component; default 1e-6. */
  atol?: number | ArrayLike<number>;
  /** Initial step size (> 0); default chosen automatically (Hairer's algorithm). */
  firstStep?: number;
  /** Largest allowed step size (> 0); default Infinity. */
  maxStep?: number;
  /**
   * Fixed step size (> 0). Required (or `nSteps`) by the fixed-step methods;
   * given to an adaptive method it switches its error control off, so that it
   * takes fixed steps too. The last step is shortened to end exactly at t1.
   */
  step?: number;
  /** Number of equal fixed steps, an alternative to `step`. */
  nSteps?: number;
  /** Times at which to report the solution (inside [t0, t1], sorted along the direction of integration). */
  tEval?: ArrayLike<number>;
  /** Build `sol(t)`, a continuous solution over the whole interval. */
  denseOutput?: boolean;
  /** Event functions whose zero crossings are located on the continuous solution. */
  events?: OdeEvent | OdeEvent[];
  /**
   * Step-size control of the adaptive explicit methods. 'hairer' (default): Hairer's DOPRI5 controller, a PI
   * controller (Gustafsson; β = 0.04 for dopri5) that accepts err ≤ 1. 'scipy': scipy.integrate.solve_ivp's RK45
   * rule exactly — an I controller factor = 0.9·err^(−1/(q+1)) in [0.2, 10], accept only err < 1, no growth right
   * after a rejection — so that `method: 'dopri5', stepControl: 'scipy'` takes SciPy's RK45 step sequence and
   * function evaluations (nfev) one for one.
   */
  stepControl?: 'hairer' | 'scipy';
  /** Largest number of attempted (accepted + rejected) steps; default 1e6. */
  maxSteps?: number;
  /** Jacobian ∂f/∂y for the implicit method; without it a finite-difference Jacobian is used. */
  jac?: Jacobian;
}

/** Continuous solution: the state at time t (a new array, or written into `out`). */
export type DenseSolution = (t: number, out?: Float64Array) => Float64Array;

export interface OdeResult {
  /** Output times: every accepted step (t0 included), or the `tEval` times reached. */
  t: Float64Array;
  /** States at the output times: `y[i]` is y(t[i]), a Float64Array of length n. */
  y: Float64Array[];
  /** Right-hand side evaluations (including those of finite-difference Jacobians). */
  nfev: number;
  /** Jacobian evaluations (user-supplied or finite-difference). */
  njev: number;
  /** LU factorizations. */
  nlu: number;
  accepted: number;
  rejected: number;
  /** 'success': reached t1; 'event': stopped by a terminal event; 'failed': see `message`. */
  status: 'success' | 'event' | 'failed';
  message: string;
  /** Continuous solution (when `denseOutput` was asked for); extrapolates with the end pieces outside the integrated range. */
  sol?: DenseSolution;
  /** Per event function, the times of its located events. */
  tEvents: Float64Array[];
  /** Per event function, the states at those times. */
  yEvents: Float64Array[][];
}
