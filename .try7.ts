import { heavyBallFlow, quadraticProblem, moduleObjective, gradientFlow } from './src/ode/flow/index.js';
import { tensor } from './src/autograd/index.js';
import { Linear } from './src/nn/index.js';
const quad = quadraticProblem([4]);
const omega = Math.sqrt(4 - 0.0625);
const exact = (t: number) => Math.exp(-0.25 * t) * (Math.cos(omega * t) + (0.5 / (2 * omega)) * Math.sin(omega * t));
for (const tol of [1e-7, 1e-8]) {
  const tEval = Array.from({ length: 41 }, (_, k) => k * 0.25);
  const t0 = performance.now();
  const res = heavyBallFlow(quad, [1], [0, 10], { friction: 0.5, method: 'ros23', rtol: tol, atol: tol/100, tEval });
  console.log(tol, Math.max(...tEval.map((t, k) => Math.abs(res.theta[k][0] - exact(t)))), performance.now() - t0);
}
const model = new Linear(3, 1, { seed: 4 });
const x = tensor([[1, 0, 2], [0, 1, -1], [1, 1, 1], [2, -1, 0], [0.5, 0.5, -2]]);
const y = tensor([[1], [0], [2], [1], [-1]]);
const obj = moduleObjective(model, { x, y }, 'mse');
for (const T of [200, 500, 2000]) {
const t0 = performance.now();
const res = gradientFlow(obj, obj.theta0(), [0, T], { method: 'dop853', rtol: 1e-10, atol: 1e-12 });
console.log(T, Math.hypot(...obj.gradient(res.y[res.y.length-1])), res.nfev, performance.now()-t0);
}
