/**
 * Gradient flow vs GD (run in the worker). On one surface L and from one
 * start θ₀, with step size η:
 *   GD            θ_{k+1} = θ_k − η∇L(θ_k)                 (src/ode/flow gradientDescent)
 *   gradient flow dθ/dt = −∇L(θ), sampled at t = kη          (gradientFlow, dopri5)
 *   modified flow dθ/dt = −∇L̃(θ), L̃ = L + (η/4)‖∇L‖²         (gradientFlow with modifiedStep η)
 * Backward error analysis (Hairer–Lubich–Wanner; Barrett & Dherin 2021):
 * GD stays O(η²) per unit time from the modified flow but only O(η) from
 * the plain flow, so the gap to the modified flow is much smaller.
 */
import { objective, type Tensor } from '../../src/autograd/index.js';
import { gradientDescent, gradientFlow } from '../../src/ode/flow/index.js';
import { surfaceById } from './landscapeRun.js';

export interface FlowParams {
  surface: string;
  start: [number, number];
  lr: number;
  /** Number of GD steps; the flows run to T = steps·η. */
  steps: number;
}

export interface FlowResult {
  /** Positions at t = kη, k = 0…K (K ≤ steps when GD diverged). */
  gd: [number, number][];
  flow: [number, number][];
  modified: [number, number][];
  /** ‖θ_GD,k − θ_flow(kη)‖ and ‖θ_GD,k − θ̃(kη)‖. */
  gapFlow: number[];
  gapModified: number[];
  lossGd: number[];
  lossFlow: number[];
  diverged: boolean;
}

function pairs(ys: ArrayLike<number>[]): [number, number][] {
  return ys.map((y) => [y[0]!, y[1]!] as [number, number]);
}

export function flowComparison(p: FlowParams): FlowResult {
  const s = surfaceById(p.surface);
  const input = objective((theta: Tensor) => s.f(theta), 2);
  const gd = gradientDescent(input, p.start, p.lr, p.steps, { divergeAbove: 1e3 });
  const K = gd.theta.length - 1;
  const T = K * p.lr;
  const tEval = Array.from({ length: K + 1 }, (_, k) => k * p.lr);
  const span: [number, number] = [0, Math.max(T, p.lr)];
  const options = { tEval: K > 0 ? tEval : [0], rtol: 1e-8, atol: 1e-10, maxSteps: 200_000 };
  const flow = gradientFlow(input, p.start, span, options);
  const modified = gradientFlow(input, p.start, span, { ...options, modifiedStep: p.lr });
  const gdPts = pairs(gd.theta);
  const flowPts = pairs(flow.y);
  const modPts = pairs(modified.y);
  const m = Math.min(gdPts.length, flowPts.length, modPts.length);
  const gap = (a: [number, number][]) => Array.from({ length: m }, (_, k) => Math.hypot(gdPts[k]![0] - a[k]![0], gdPts[k]![1] - a[k]![1]));
  return {
    gd: gdPts.slice(0, m),
    flow: flowPts.slice(0, m),
    modified: modPts.slice(0, m),
    gapFlow: gap(flowPts),
    gapModified: gap(modPts),
    lossGd: Array.from(gd.loss).slice(0, m),
    lossFlow: Array.from(flow.loss).slice(0, m),
    diverged: gd.diverged,
  };
}

/** The worker's requests for the flow view. */
export const flowHandlers = { flow: (p: FlowParams): FlowResult => flowComparison(p) };
