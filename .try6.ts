import { gradientFlow, quadraticProblem } from './src/ode/flow/index.js';
const quad = quadraticProblem([2, 0.5, 0.1], 0.7);
for (const tol of [1e-8, 1e-9, 1e-10]) {
const t = performance.now();
const res = gradientFlow(quad, [1, -0.5, 2], [0, 3], { method: 'ros23', rtol: tol, atol: tol });
const ex = quad.exactFlow([1,-0.5,2], 3);
console.log(tol, Math.max(...ex.map((v,i)=>Math.abs(v-res.y[res.y.length-1][i]))), res.accepted, res.njev, performance.now()-t);
}
