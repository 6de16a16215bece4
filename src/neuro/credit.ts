/**
 * How credit (the gradient of the loss) is shared among the units of a
 * population-coded network (./populationNetwork.ts).
 *
 * The credit of hidden unit i for example r is |∂ℓ_r/∂a_ri|, where ℓ_r is
 * example r's loss; its weight credit is ‖∂L/∂W₁[i,:]‖. For a readout
 * y = Σᵢ wᵢ aᵢ, ∂ℓ/∂aᵢ = wᵢ·∂ℓ/∂y: a unit's credit is its share of the
 * readout. If N units carry the same signal with weights w/N (so that y is
 * fixed), each gets exactly 1/N of the credit a single unit with weight w
 * would, while ∂ℓ/∂wᵢ = aᵢ·∂ℓ/∂y does not shrink at all. Duplicating a unit
 * k times with its outgoing weights divided by k leaves the output unchanged
 * and divides that unit's credit by k. Spreading credit thinly is what makes
 * population codes robust: removing a fraction of units removes only that
 * fraction of the readout.
 */
import { mseLoss, tensor, type Tensor } from '../autograd/index.js';
import { Rng } from '../tensor/index.js';
import { evenAngles, PopulationNetwork, trainPopulationNetwork, type PopulationNetworkConfig } from './populationNetwork.js';
import { checkPositiveInteger } from '../tensor/validate.js';

export interface CreditDistribution {
  /** Mean over examples of |∂ℓ_r/∂a_ri| for each hidden unit i. */
  activationCredit: Float64Array;
  /** ‖∂L/∂W₁[i,:]‖ for each hidden unit (credit reaching its incoming weights). */
  weightCredit: Float64Array;
  /** activationCredit normalised to sum to 1. */
  shares: Float64Array;
  /** (Σc)²/(N·Σc²) ∈ (0, 1]: the fraction of units that effectively share the credit. */
  participationRatio: number;
  maxShare: number;
  /** Gini coefficient of the credit (0: perfectly equal shares, → 1: one unit takes all). */
  gini: number;
}

/** Participation ratio, max share and Gini coefficient of a non-negative vector. */
export function inequality(c: Float64Array): { participationRatio: number; maxShare: number; gini: number } {
  const n = c.length;
  let s = 0;
  let s2 = 0;
  let mx = 0;
  for (const v of c) {
    s += v;
    s2 += v * v;
    mx = Math.max(mx, v);
  }
  const sorted = Float64Array.from(c).sort();
  let weighted = 0;
  for (let i = 0; i < n; i++) weighted += (2 * (i + 1) - n - 1) * sorted[i];
  return { participationRatio: s2 > 0 ? (s * s) / (n * s2) : NaN, maxShare: s > 0 ? mx / s : NaN, gini: s > 0 ? weighted / (n * s) : NaN };
}

/** Credit of every hidden unit of `net` on the given angles (default 256 evenly spaced). */
export function creditDistribution(net: PopulationNetwork, thetas: ArrayLike<number> = evenAngles(256)): CreditDistribution {
  const x = net.inputs(thetas);
  const y = net.targets(thetas);
  const batch = thetas.length;
  const h = net.hiddenUnits;
  // Activation credit: make the hidden layer a leaf and differentiate the readout.
  const hidden = net.hidden(x).detach();
  const leaf = tensor(hidden.contiguous().data.slice(), { shape: [batch, h], requiresGrad: true });
  mseLoss(net.readout(leaf), y).backward();
  const g = leaf.grad!.contiguous().data;
  const activationCredit = new Float64Array(h);
  // L is the mean of the per-example losses, so ∂ℓ_r/∂a_r = B·∂L/∂a_r and
  // the mean over r of |∂ℓ_r/∂a_ri| is Σ_r |∂L/∂a_ri|.
  for (let r = 0; r < batch; r++) for (let i = 0; i < h; i++) activationCredit[i] += Math.abs(g[r * h + i]);
  for (const p of net.parameters()) p.zeroGrad();
  mseLoss(net.forward(x), y).backward();
  const gw = net.w1.grad!.contiguous().data;
  const nIn = net.inputCode.units;
  const weightCredit = new Float64Array(h);
  for (let i = 0; i < h; i++) {
    let s = 0;
    for (let j = 0; j < nIn; j++) s += gw[i * nIn + j] ** 2;
    weightCredit[i] = Math.sqrt(s);
  }
  for (const p of net.parameters()) p.zeroGrad();
  let total = 0;
  for (const c of activationCredit) total += c;
  const shares = activationCredit.map((c) => c / total);
  return { activationCredit, weightCredit, shares, ...inequality(activationCredit) };
}

/**
 * A copy of `net` with every hidden unit replaced by `copies` identical
 * units whose outgoing weights are divided by `copies`: same function,
 * copies·H hidden units.
 */
export function duplicateHiddenUnits(net: PopulationNetwork, copies: number): PopulationNetwork {
  checkPositiveInteger('duplicateHiddenUnits', 'copies', copies);
  const h = net.hiddenUnits;
  const nIn = net.inputCode.units;
  const nOut = net.outputCode.units;
  const dup = new PopulationNetwork(net.inputCode, net.outputCode, h * copies, net.target, new Rng(0));
  const w1 = net.w1.data;
  const b1 = net.b1.data;
  const w2 = net.w2.data;
  for (let i = 0; i < h; i++) {
    for (let k = 0; k < copies; k++) {
      const u = i * copies + k;
      dup.w1.data.set(w1.subarray(i * nIn, (i + 1) * nIn), u * nIn);
      dup.b1.data[u] = b1[i];
      for (let o = 0; o < nOut; o++) dup.w2.data[o * h * copies + u] = w2[o * h + i] / copies;
    }
  }
  dup.b2.data.set(net.b2.data);
  return dup;
}

export interface RedundantReadoutCredit {
  copies: number;
  /** |∂L/∂aᵢ| of each copy (all equal). */
  activationCredit: number;
  /** |∂L/∂wᵢ| of each copy (all equal). */
  weightCredit: number;
  output: number;
}

/**
 * N redundant copies of one unit with activation a read out with weights
 * w/N each (y = Σᵢ (w/N)·aᵢ = w·a for every N), loss L = (y − t)². Computed
 * with autograd; theory: |∂L/∂aᵢ| = |2(y − t)·w|/N and |∂L/∂wᵢ| = |2(y − t)·a|.
 */
export function redundantReadoutCredit(copies: number, { activation = 0.7, weight = 1.3, target = 0.2 } = {}): RedundantReadoutCredit {
  checkPositiveInteger('redundantReadoutCredit', 'copies', copies);
  const a = tensor(new Float64Array(copies).fill(activation), { requiresGrad: true });
  const w = tensor(new Float64Array(copies).fill(weight / copies), { requiresGrad: true });
  const y = a.mul(w).sum();
  y.sub(target).square().backward();
  return { copies, activationCredit: Math.abs(a.grad!.data[0]), weightCredit: Math.abs(w.grad!.data[0]), output: y.item() };
}

export interface CreditScalingRow {
  hiddenUnits: number;
  meanCredit: number;
  totalCredit: number;
  participationRatio: number;
  finalAngularError: number;
}

/**
 * Trains population networks with each hidden size and measures how the
 * mean per-unit credit scales with N; `slope` is the least-squares slope of
 * log(mean credit) against log N (−1 if credit is split evenly at fixed total).
 */
export function creditScaling(hiddenSizes: number[], config: PopulationNetworkConfig = {}): { rows: CreditScalingRow[]; slope: number } {
  if (hiddenSizes.length < 2) throw new Error(`creditScaling: hiddenSizes needs ≥ 2 sizes, got ${hiddenSizes.length}`);
  const rows = hiddenSizes.map((n) => {
    const trained = trainPopulationNetwork({ ...config, hiddenUnits: n });
    const cd = creditDistribution(trained.network);
    let total = 0;
    for (const c of cd.activationCredit) total += c;
    return { hiddenUnits: n, meanCredit: total / n, totalCredit: total, participationRatio: cd.participationRatio, finalAngularError: trained.finalAngularError };
  });
  const xs = rows.map((r) => Math.log(r.hiddenUnits));
  const ys = rows.map((r) => Math.log(r.meanCredit));
  const mx = xs.reduce((s, v) => s + v, 0) / xs.length;
  const my = ys.reduce((s, v) => s + v, 0) / ys.length;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < xs.length; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
  }
  return { rows, slope: sxy / sxx };
}

export interface AblationRow {
  fraction: number;
  /** Mean over repeats of the test loss with that fraction of hidden units silenced at random. */
  randomLoss: number;
  randomAngularError: number;
  /** The same fraction, removing the units with the most credit first. */
  targetedLoss: number;
  targetedAngularError: number;
}

/** Loss and decoding error after silencing a fraction of the hidden units (random, and highest-credit first). */
export function ablationCurve(net: PopulationNetwork, fractions: number[], { repeats = 10, seed = 0, thetas = evenAngles(256), checkpoint }: { repeats?: number; seed?: number; thetas?: Float64Array; checkpoint?: () => void } = {}): AblationRow[] {
  const h = net.hiddenUnits;
  const rng = new Rng(seed);
  const x = net.inputs(thetas);
  const y = net.targets(thetas);
  const hidden = net.hidden(x).detach();
  const evaluate = (mask: Float64Array): { loss: number; err: number } => {
    const out: Tensor = net.readout(hidden.mul(tensor(mask, { shape: [h] }))).detach();
    return { loss: mseLoss(out, y).item(), err: net.angularError(thetas, out) };
  };
  const credit = creditDistribution(net, thetas).activationCredit;
  const byCredit = Array.from({ length: h }, (_, i) => i).sort((i, j) => credit[j] - credit[i]);
  return fractions.map((fraction) => {
    if (!(fraction >= 0 && fraction <= 1)) throw new Error(`ablationCurve: fractions must lie in [0, 1], got ${fraction}`);
    const k = Math.round(fraction * h);
    let rl = 0;
    let re = 0;
    for (let t = 0; t < repeats; t++) {
      checkpoint?.();
      const perm = rng.permutation(h);
      const mask = new Float64Array(h).fill(1);
      for (let i = 0; i < k; i++) mask[perm[i]] = 0;
      const e = evaluate(mask);
      rl += e.loss;
      re += e.err;
    }
    const mask = new Float64Array(h).fill(1);
    for (let i = 0; i < k; i++) mask[byCredit[i]] = 0;
    const targeted = evaluate(mask);
    return { fraction, randomLoss: rl / repeats, randomAngularError: re / repeats, targetedLoss: targeted.loss, targetedAngularError: targeted.err };
  });
}
