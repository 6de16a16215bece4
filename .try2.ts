import { deepLinearStudy } from './src/ode/flow/index.js';
for (const cfg of [{}, { size: 'full' as const }, { init: 'random' as const }, {lr: 0.04}, {lr:0.01}]) {
const t = performance.now();
const r = deepLinearStudy(cfg);
console.log(JSON.stringify(cfg), r.lr, r.horizon, JSON.stringify(r.findings), r.modes.map(m => [m.s, m.u0, m.predictedHalfTime, m.flowHalfTime, m.gdHalfTime, m.flowError, m.gdError].map(v=>+v.toPrecision(4))));
console.log('ms', performance.now() - t);
}
