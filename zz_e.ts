import { Parameter, Tensor } from './src/autograd/index.js';
import { Adam } from './src/optim/index.js';
import { NDArray, Rng } from './src/tensor/index.js';
const rng = new Rng(1);
function rp(count: number, size: number) { return Array.from({ length: count }, () => { const p = new Parameter(new NDArray(rng.fillNormal(new Float64Array(size)), [size])); p.grad = new Tensor(new NDArray(rng.fillNormal(new Float64Array(size)), [size])); return p; }); }
const one = new Adam(rp(1, 1e6)); const many = new Adam(rp(1000, 1000));
const mins = [Infinity, Infinity];
for (let r = 0; r < 100; r++) {
  let t0 = performance.now(); one.step(); mins[0] = Math.min(mins[0], performance.now() - t0);
  t0 = performance.now(); many.step(); mins[1] = Math.min(mins[1], performance.now() - t0);
}
console.log(mins.map((x) => x.toFixed(2)));
