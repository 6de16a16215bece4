import { rateNetwork, simulateRateNetwork } from './src/neuro/dynamics/rate-network.js';
const N = 64;
function run(J0: number, J1: number, J2: number, I: number, nl: 'threshold-linear'|'tanh'|'logistic', psi: number, T: number) {
  const th = Array.from({length: N}, (_, i) => 2*Math.PI*i/N);
  const W = new Float64Array(N*N);
  for (let i=0;i<N;i++) for (let j=0;j<N;j++) W[i*N+j] = (J0 + J1*Math.cos(th[i]-th[j]) + J2*Math.sin(th[i]-th[j]))/N;
  const net = rateNetwork({ W, input: I, nonlinearity: nl });
  const x0 = th.map(t => Math.cos(t - psi));
  const tEval = Array.from({length: 11}, (_, k) => k*T/10);
  const t0 = performance.now();
  const r = simulateRateNetwork(net, x0, [0, T], { tEval, rtol: 1e-8, atol: 1e-10 });
  const out = r.rates.map((rt) => { let c=0,s=0; for (let i=0;i<N;i++){c+=rt[i]*Math.cos(th[i]); s+=rt[i]*Math.sin(th[i]);} return [Math.atan2(s,c).toFixed(5), Math.hypot(c,s).toFixed(4), Math.max(...rt).toFixed(4), Math.min(...rt).toFixed(4)].join(' '); });
  console.log(J0,J1,J2,I,nl,psi, r.nfev, (performance.now()-t0).toFixed(0)+'ms'); console.log(out.join('\n'));
}
run(-3, 10, 0, 0, 'logistic', 1.0, 100);
run(-3, 10, 0.3, 0, 'logistic', 1.0, 20);
run(-2, 6, 0, 0.1, 'threshold-linear', 0.3, 100);
