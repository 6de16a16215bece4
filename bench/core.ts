/**
 * Core engine benchmarks (issue "Tensor core…"): each figure is measured in
 * the same run as its reference, and reported with the ratio.
 */
import { Parameter, Tensor, compile, compileLossAndGrad, crossEntropy, hvp, mseLoss, optim, randn, tensor, grad, noGrad } from '../src/index.js';
import { Rng, matmulKernel, NDArray } from '../src/tensor/index.js';
import type { Bench, BenchRow } from './harness.js';
import { timePaired, timePerCall } from './harness.js';
import { numpyReference } from './numpy.js';

// ---- xor-step: 2-4-1, tanh hidden, sigmoid output, MSE, SGD, the 4 XOR points ----

const XOR_X = [0, 0, 0, 1, 1, 0, 1, 1];
const XOR_Y = [0, 1, 1, 0];

/** The 2-4-1 network's parameters (seeded like the hand-written loop's), the 4 XOR points and plain SGD. */
function xorSetup() {
  const rng = new Rng(1);
  const params = [randn([2, 4], { rng }), randn([4], { rng }), randn([4, 1], { rng }), randn([1], { rng })].map((t) => new Parameter(t));
  const X = tensor(Float64Array.from(XOR_X), { shape: [4, 2] });
  const Y = tensor(Float64Array.from(XOR_Y), { shape: [4, 1] });
  return { params, X, Y, opt: new optim.SGD(params, { lr: 0.5 }) };
}

function xorPublicApi(): () => void {
  const { params: [W1, b1, W2, b2], X, Y, opt } = xorSetup();
  return () => {
    opt.zeroGrad();
    const h = X.matmul(W1!).add(b1!).tanh();
    const p = h.matmul(W2!).add(b2!).sigmoid();
    mseLoss(p, Y).backward();
    opt.step();
  };
}

/** The same step with the loss and gradients compiled (traced once, then replayed; bit-identical to the eager step). */
function xorCompiled(): () => void {
  const { params, X, Y, opt } = xorSetup();
  const [W1, b1, W2, b2] = params;
  const lossAndGrad = compileLossAndGrad((x, y) => mseLoss(x.matmul(W1!).add(b1!).tanh().matmul(W2!).add(b2!).sigmoid(), y), params);
  return () => {
    const out = lossAndGrad(X, Y);
    for (let i = 0; i < 4; i++) params[i]!.grad = out[i + 1]!;
    opt.step();
  };
}

/** The same network and update as hand-written, allocation-free Float64Array loops: the speed limit. */
function xorHandWritten(): () => void {
  const rng = new Rng(1);
  const W1 = rng.fillNormal(new Float64Array(8));
  const b1 = rng.fillNormal(new Float64Array(4));
  const W2 = rng.fillNormal(new Float64Array(4));
  const b2 = rng.fillNormal(new Float64Array(1));
  const H = new Float64Array(16);
  const P = new Float64Array(4);
  const gW1 = new Float64Array(8);
  const gb1 = new Float64Array(4);
  const gW2 = new Float64Array(4);
  const lr = 0.5;
  return () => {
    gW1.fill(0);
    gb1.fill(0);
    gW2.fill(0);
    let gb2 = 0;
    for (let n = 0; n < 4; n++) {
      let z = b2[0]!;
      for (let j = 0; j < 4; j++) {
        const a = Math.tanh(XOR_X[2 * n]! * W1[j]! + XOR_X[2 * n + 1]! * W1[4 + j]! + b1[j]!);
        H[4 * n + j] = a;
        z += a * W2[j]!;
      }
      P[n] = 1 / (1 + Math.exp(-z));
    }
    for (let n = 0; n < 4; n++) {
      const p = P[n]!;
      const dz = ((2 * (p - XOR_Y[n]!)) / 4) * p * (1 - p);
      gb2 += dz;
      for (let j = 0; j < 4; j++) {
        const a = H[4 * n + j]!;
        gW2[j]! += a * dz;
        const dh = dz * W2[j]! * (1 - a * a);
        gb1[j]! += dh;
        gW1[j]! += XOR_X[2 * n]! * dh;
        gW1[4 + j]! += XOR_X[2 * n + 1]! * dh;
      }
    }
    for (let i = 0; i < 8; i++) W1[i]! -= lr * gW1[i]!;
    for (let i = 0; i < 4; i++) {
      b1[i]! -= lr * gb1[i]!;
      W2[i]! -= lr * gW2[i]!;
    }
    b2[0]! -= lr * gb2;
  };
}

const xorStep: Bench = {
  name: 'xor-step',
  description: '2-4-1 tanh/sigmoid MLP, 4 XOR points, MSE, SGD: training steps per second',
  run(): BenchRow[] {
    // Alternating batches: the ratio of steps/s is hand-time / api-time per round.
    const t = timePaired(xorHandWritten(), xorPublicApi(), { minSeconds: 2, rounds: 11 });
    const c = timePaired(xorHandWritten(), xorCompiled(), { minSeconds: 2, rounds: 11 });
    return [
      { bench: 'xor-step', case: 'hand-written Float64Array loop (reference)', value: 1 / t.a, unit: 'steps/s' },
      { bench: 'xor-step', case: 'learning-dynamics public API', value: 1 / t.b, unit: 'steps/s', ratio: t.ratio, note: 'target ≥ 0.10 (median of 11 alternating rounds)' },
      { bench: 'xor-step', case: 'learning-dynamics compiled (compileLossAndGrad + SGD.step)', value: 1 / c.b, unit: 'steps/s', ratio: c.ratio, note: 'target ≥ 0.5 (median of 11 alternating rounds against its own reference batches)' },
    ];
  },
};

// ---- mlp-step: 784-256-256-10 ReLU, softmax cross-entropy, batch 128, SGD ----

function mlpSetup() {
  const rng = new Rng(2);
  const sizes = [784, 256, 256, 10];
  const Ws: Parameter[] = [];
  const bs: Parameter[] = [];
  for (let i = 0; i < 3; i++) {
    const W = randn([sizes[i]!, sizes[i + 1]!], { rng });
    const s = Math.sqrt(2 / sizes[i]!);
    W.data.forEach((v, k) => (W.data[k] = v * s));
    Ws.push(new Parameter(W));
    bs.push(new Parameter(new Tensor(new NDArray(new Float64Array(sizes[i + 1]!), [sizes[i + 1]!]))));
  }
  const X = randn([128, 784], { rng });
  const y = Array.from({ length: 128 }, () => rng.int(10));
  return { Ws, bs, X, y, params: [...Ws, ...bs] };
}

function mlpForward(Ws: readonly Parameter[], bs: readonly Parameter[], x: Tensor): Tensor {
  let h = x;
  for (let i = 0; i < 3; i++) {
    h = h.matmul(Ws[i]!).add(bs[i]!);
    if (i < 2) h = h.relu();
  }
  return h;
}

function mlpPublicApi(): () => void {
  const { Ws, bs, X, y, params } = mlpSetup();
  return () => {
    crossEntropy(mlpForward(Ws, bs, X), y).backward();
    for (const w of params) {
      const d = w.data;
      const g = w.grad!.data;
      for (let i = 0; i < d.length; i++) d[i]! -= 0.01 * g[i]!;
      w.grad = null;
    }
  };
}

/** The same step with the loss and gradients compiled (what `nn.train` runs; bit-identical to the eager step). */
function mlpCompiled(): () => void {
  const { Ws, bs, X, y, params } = mlpSetup();
  const ids = tensor(Float64Array.from(y));
  const lossAndGrad = compileLossAndGrad((x, t) => crossEntropy(mlpForward(Ws, bs, x), t), params);
  return () => {
    const out = lossAndGrad(X, ids);
    for (let k = 0; k < params.length; k++) {
      const d = params[k]!.data;
      const g = out[k + 1]!.data;
      for (let i = 0; i < d.length; i++) d[i]! -= 0.01 * g[i]!;
    }
  };
}

const MLP_NUMPY = `
import numpy as np, time
rng = np.random.default_rng(2)
sizes = [784, 256, 256, 10]
Ws = [rng.standard_normal((sizes[i], sizes[i+1])) * np.sqrt(2/sizes[i]) for i in range(3)]
bs = [np.zeros(sizes[i+1]) for i in range(3)]
X = rng.standard_normal((128, 784)); y = rng.integers(0, 10, 128)
def step():
    hs = [X]; h = X
    for i in range(3):
        h = h @ Ws[i] + bs[i]
        if i < 2: h = np.maximum(h, 0)
        hs.append(h)
    z = h - h.max(1, keepdims=True); p = np.exp(z); p /= p.sum(1, keepdims=True)
    g = p; g[np.arange(128), y] -= 1; g /= 128
    for i in (2, 1, 0):
        gW = hs[i].T @ g; gb = g.sum(0)
        if i > 0: g = (g @ Ws[i].T) * (hs[i] > 0)
        Ws[i] -= 0.01 * gW; bs[i] -= 0.01 * gb
for _ in range(5): step()
n = 0; t0 = time.perf_counter()
while time.perf_counter() - t0 < 2.0: step(); n += 1
print(n / (time.perf_counter() - t0))
`;

const mlpStep: Bench = {
  name: 'mlp-step',
  description: '784-256-256-10 ReLU MLP, softmax cross-entropy, batch 128, SGD: steps per second',
  async run(): Promise<BenchRow[]> {
    const rows: BenchRow[] = [];
    const numpy = numpyReference(MLP_NUMPY);
    const api = 1 / timePerCall(mlpPublicApi(), { minSeconds: 2, rounds: 3 });
    // Both cores: the same step with the two-thread matmul installed at its default crossover, alternating with one thread.
    const { installParallelMatmul, setParallelMatmulMinWork, uninstallParallelMatmul, PARALLEL_MIN_WORK } = await import('../src/cli/parallelMatmul.js');
    const two = (await installParallelMatmul())
      ? (() => {
          const step = mlpPublicApi();
          const t = timePaired(() => { setParallelMatmulMinWork(PARALLEL_MIN_WORK); step(); }, () => { setParallelMatmulMinWork(Infinity); step(); }, { minSeconds: 4, rounds: 5, warmupSeconds: 0.5 });
          // The compiled step on two threads, alternating with the eager one (both at the default crossover).
          setParallelMatmulMinWork(PARALLEL_MIN_WORK);
          const c = timePaired(mlpCompiled(), step, { minSeconds: 2, rounds: 5, warmupSeconds: 0.5 });
          return { two: 1 / t.a, one: 1 / t.b, speedup: 1 / t.ratio, compiled: (1 / t.a) / c.ratio };
        })()
      : null;
    await uninstallParallelMatmul();
    if (numpy !== null) rows.push({ bench: 'mlp-step', case: 'NumPy/OpenBLAS float64 (reference)', value: numpy, unit: 'steps/s' });
    rows.push({
      bench: 'mlp-step',
      case: 'learning-dynamics public API',
      value: api,
      unit: 'steps/s',
      ...(numpy !== null ? { ratio: api / numpy } : {}),
      note: numpy !== null ? 'target ≥ 0.10' : 'python3 with NumPy not found: figure alone',
    });
    if (two !== null) {
      rows.push({ bench: 'mlp-step', case: 'one thread, alternating with two (reference)', value: two.one, unit: 'steps/s' });
      rows.push({ bench: 'mlp-step', case: 'two threads (installParallelMatmul)', value: two.two, unit: 'steps/s', ratio: two.speedup, note: 'speed-up over one thread (median of alternating rounds)' });
      if (numpy !== null) rows.push({ bench: 'mlp-step', case: 'two threads vs NumPy', value: two.two, unit: 'steps/s', ratio: two.two / numpy, note: 'target ≥ 0.5' });
      if (numpy !== null) rows.push({ bench: 'mlp-step', case: 'two threads, compiled (compileLossAndGrad, as nn.train) vs NumPy', value: two.compiled, unit: 'steps/s', ratio: two.compiled / numpy, note: 'steps/s: the two-thread eager figure times the median compiled/eager ratio of alternating rounds' });
    }
    return rows;
  },
};

// ---- matmul GFLOP/s ----

const matmulBench: Bench = {
  name: 'matmul',
  description: 'square float64 matmul, GFLOP/s',
  run(): BenchRow[] {
    const rows: BenchRow[] = [];
    for (const n of [256, 1024]) {
      const rng = new Rng(n);
      const A = new NDArray(rng.fillNormal(new Float64Array(n * n)), [n, n]);
      const B = new NDArray(rng.fillNormal(new Float64Array(n * n)), [n, n]);
      const sec = timePerCall(() => void matmulKernel(A, B), { minSeconds: n > 500 ? 3 : 1, rounds: 3 });
      const ours = (2 * n ** 3) / sec / 1e9;
      const numpy = numpyReference(
        `import numpy as np, time\nn=${n}\na=np.random.rand(n,n); b=np.random.rand(n,n); a@b\nk=0; t0=time.perf_counter()\nwhile time.perf_counter()-t0<1.5: a@b; k+=1\nprint(2*n**3*k/(time.perf_counter()-t0)/1e9)`,
      );
      if (numpy !== null) rows.push({ bench: 'matmul', case: `${n}² NumPy/OpenBLAS (reference)`, value: numpy, unit: 'GFLOP/s' });
      rows.push({ bench: 'matmul', case: `${n}² learning-dynamics`, value: ours, unit: 'GFLOP/s', ...(numpy !== null ? { ratio: ours / numpy } : {}) });
    }
    return rows;
  },
};

// ---- hvp vs one gradient ----

const hvpBench: Bench = {
  name: 'hvp',
  description: 'Hessian-vector product of a 2-16-16-1 tanh MLP loss vs one gradient',
  run(): BenchRow[] {
    const rng = new Rng(3);
    const X = randn([64, 2], { rng });
    const Y = randn([64, 1], { rng });
    const shapes = [[2, 16], [16], [16, 16], [16], [16, 1], [1]];
    const params = shapes.map((s) => randn(s, { rng }).mul(0.5));
    const loss = (...ps: Tensor[]): Tensor => {
      let h = X.matmul(ps[0]!).add(ps[1]!).tanh();
      h = h.matmul(ps[2]!).add(ps[3]!).tanh();
      return mseLoss(h.matmul(ps[4]!).add(ps[5]!), Y);
    };
    const vs = shapes.map((s) => randn(s, { rng }));
    const argnums = params.map((_, i) => i);
    // Alternating batches, as many rounds as xor-step: on a shared machine the ratio's spread comes from the load.
    const opts = { minSeconds: 2, rounds: 11 };
    const t = timePaired(() => void hvp(loss, params, vs), () => void noGrad(() => grad(loss, { argnums })(...params)), opts);
    // Compiled: both traced once, then replayed (bit-identical to the eager calls above; src/autograd/compile.ts).
    // The HVP is compiled as the compiled objective compiles it (skipUnchanged: steps whose inputs did not change
    // since the previous call are skipped), so the target row alternates two parameter sets: every call is a full
    // HVP at a new θ (and the gradient alternates the same way).
    const hvpC = compile((...a: Tensor[]) => hvp(loss, a.slice(0, 6), a.slice(6)) as Tensor[], { skipUnchanged: true });
    const gradC = compile((...a: Tensor[]) => noGrad(() => grad(loss, { argnums })(...a)) as Tensor[]);
    const params2 = params.map((p) => p.add(randn(p.shape, { rng }).mul(0.01)));
    const vs2 = shapes.map((s) => randn(s, { rng }));
    const thetas = [params, params2];
    const hvpArgs = [[...params, ...vs], [...params2, ...vs2]];
    let turn = 0;
    let turnGrad = 0;
    const c = timePaired(() => void hvpC(...hvpArgs[turn ^= 1]!), () => void gradC(...thetas[turnGrad ^= 1]!), opts);
    // As Lanczos calls it: one θ, a new v at every call; only the steps that depend on v (the second backward
    // pass) are replayed, the forward pass and ∇L(θ) are not.
    const fixed = [[...params, ...vs], [...params, ...vs2]];
    const f = timePaired(() => void hvpC(...fixed[turn ^= 1]!), () => void gradC(...thetas[turnGrad ^= 1]!), opts);
    return [
      { bench: 'hvp', case: 'one gradient (reference)', value: t.b * 1e6, unit: 'µs' },
      { bench: 'hvp', case: 'one Hessian-vector product', value: t.a * 1e6, unit: 'µs', ratio: t.ratio, note: 'cost in gradients' },
      { bench: 'hvp', case: 'one gradient, compiled (reference)', value: c.b * 1e6, unit: 'µs' },
      { bench: 'hvp', case: 'one Hessian-vector product, compiled (a new θ each call)', value: c.a * 1e6, unit: 'µs', ratio: c.ratio, note: 'cost in compiled gradients; target ≤ 2.5' },
      { bench: 'hvp', case: 'HVP at a fixed θ, new v each call (as Lanczos calls it), compiled', value: f.a * 1e6, unit: 'µs', ratio: f.ratio, note: 'cost in compiled gradients' },
    ];
  },
};

export const benches: Bench[] = [xorStep, mlpStep, matmulBench, hvpBench];
