import { MLP } from './src/nn/index.js';
import { flatLoss } from './src/dynamics/flatLoss.js';
import { randn } from './src/autograd/index.js';
const model = new MLP([10, 96, 96, 1], { hidden: 'tanh', seed: 1 });
const x = randn([256, 10], { seed: 2 }); const y = randn([256, 1], { seed: 3 });
const fl = flatLoss(model, { x, y }, 'mse');
const th = fl.theta0();
for (let k = 0; k < 3; k++) {
let t0 = performance.now();
for (let i = 0; i < 20; i++) fl.valueAndGradient(th);
console.log('grad ms', (performance.now() - t0) / 20);
t0 = performance.now();
for (let i = 0; i < 5; i++) fl.hvp(th, th);
console.log('hvp ms', (performance.now() - t0) / 5);
}
