import { ringAttractorStudy } from './src/neuro/dynamics/index.js';
let t = performance.now();
const r = ringAttractorStudy();
console.log(JSON.stringify(r.findings), r.persistence, performance.now()-t);
t = performance.now();
const r2 = ringAttractorStudy({ nonlinearity: 'threshold-linear', J0: -2, J1: 6, input: 0.1 });
console.log(JSON.stringify(r2.findings), r2.persistence, performance.now()-t);
