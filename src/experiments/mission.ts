/**
 * The four questions of the project's mission, and which experiments answer
 * each. The report opens with them, in this order, with the headline
 * findings of the runs it contains.
 */
export interface MissionQuestion {
  title: string;
  question: string;
  experiments: string[];
}

export const MISSION: readonly MissionQuestion[] = [
  {
    title: '1. How does credit flow?',
    question: 'How does the learning signal travel backwards through a network, how is it shared across a population of units, and what could biology use instead of exact backprop?',
    experiments: ['xor', 'vanishing-exploding', 'credit-in-time', 'population-credit'],
  },
  {
    title: '2. How does learning unfold in time?',
    question: 'Gradient descent is a difference equation θ ← θ − η∇L(θ). What do the eigenvalues of its update map, the step size and symmetry decide about convergence, oscillation, divergence and failure?',
    experiments: ['stability', 'symmetry-breaking', 'edge-of-stability', 'edge-of-stability-mnist'],
  },
  {
    title: '3. How do geometry and optimizers shape learning?',
    question: 'How do curvature, ravines, saddles and basins, together with the optimizer’s rule, shape the path that learning takes?',
    experiments: ['optimizer-geometry', 'loss-landscape'],
  },
  {
    title: '4. How does learning become continuous-time dynamics?',
    question: 'When is gradient descent a discretization of gradient flow, what does the gap between them reveal, and how do ODE neural dynamics connect optimization to biological learning?',
    experiments: ['gradient-flow-vs-gd', 'deep-linear', 'neural-dynamics', 'rnn-fixed-points'],
  },
];

/** Position of an experiment in mission order (unknown ids last, alphabetically). */
export function missionOrder(id: string): number {
  const i = MISSION.flatMap((q) => q.experiments).indexOf(id);
  return i < 0 ? Number.MAX_SAFE_INTEGER : i;
}
