import { gdVsFlowStudy } from './src/ode/flow/index.js';
const t = performance.now();
const r = gdVsFlowStudy({ size: (process.argv[2] as 'quick') ?? 'quick' });
console.log(JSON.stringify(r, null, 1));
console.log('ms', performance.now() - t);
