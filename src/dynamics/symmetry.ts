/**
 * Permutation symmetry of hidden units. Swapping two hidden units of an
 * MLP — unit j's incoming row W_ℓ[j, :], bias b_ℓ[j] and outgoing column
 * W_{ℓ+1}[:, j] with unit k's — leaves the function, hence the loss,
 * unchanged: L(Pθ) = L(θ) for the permutation P. Consequences:
 *  - ∇L(Pθ) = P∇L(θ): if units j and k are identical (Pθ = θ), their
 *    gradients are identical, and so is every later state under GD, SGD on
 *    shared mini-batches, or shared input noise — in floating point too,
 *    since the same operations run on the same numbers. Only something
 *    that treats units differently breaks the tie: a per-unit random
 *    quantity (random init, dropout masks) or a perturbation.
 *  - At a symmetric point H commutes with P, so the (−1)-eigenspace of P,
 *    the antisymmetric subspace {δ_j = −δ_k, everything else 0}, is
 *    invariant under the update map's Jacobian. A perturbation there
 *    evolves with J restricted to it; its growth per step is the largest
 *    |μ| of that restriction (1 − ηλ_A for GD, λ_A the antisymmetric
 *    Hessian eigenvalues). λ_A < 0 (a saddle: splitting the units lowers
 *    the loss) or λ_A > 2/η makes the symmetric state unstable.
 *
 * Layout: src/nn's MLP, flat θ = [W₀ (out×in), b₀, W₁, b₁, …] (biases
 * optional); hidden layer ℓ is the output of affine layer ℓ, ℓ < L − 1.
 */
import { checkInteger, checkNonNegativeNumber, checkVector } from '../tensor/validate.js';

interface LayerOffsets {
  weight: number;
  bias: number | null;
}

function layerOffsets(sizes: readonly number[], bias: boolean): { offsets: LayerOffsets[]; n: number } {
  const offsets: LayerOffsets[] = [];
  let o = 0;
  for (let l = 0; l + 1 < sizes.length; l++) {
    const weight = o;
    o += sizes[l]! * sizes[l + 1]!;
    const b = bias ? o : null;
    if (bias) o += sizes[l + 1]!;
    offsets.push({ weight, bias: b });
  }
  return { offsets, n: o };
}

function checkSizes(fn: string, sizes: readonly number[]): void {
  if (!Array.isArray(sizes) || sizes.length < 3 || sizes.some((s) => !Number.isInteger(s) || s < 1)) {
    throw new Error(`${fn}: sizes must list ≥ 3 positive integer widths (input, hidden…, output), got ${JSON.stringify(sizes)}`);
  }
}

/** Number of parameters of an MLP with these sizes. */
export function mlpParameterCount(sizes: readonly number[], bias = true): number {
  return layerOffsets(sizes, bias).n;
}

/** The θ-indices that belong to unit j of hidden layer ℓ: incoming row, bias, outgoing column. */
export function unitIndices(sizes: readonly number[], layer: number, unit: number, bias = true): number[] {
  const fn = 'unitIndices';
  checkSizes(fn, sizes);
  checkInteger(fn, 'layer', layer, 0, sizes.length - 3);
  checkInteger(fn, 'unit', unit, 0, sizes[layer + 1]! - 1);
  const { offsets } = layerOffsets(sizes, bias);
  const fanIn = sizes[layer]!;
  const width = sizes[layer + 1]!;
  const fanOut = sizes[layer + 2]!;
  const idx: number[] = [];
  for (let i = 0; i < fanIn; i++) idx.push(offsets[layer]!.weight + unit * fanIn + i);
  if (bias) idx.push(offsets[layer]!.bias! + unit);
  for (let r = 0; r < fanOut; r++) idx.push(offsets[layer + 1]!.weight + r * width + unit);
  return idx;
}

/** Unit vectors [incoming, bias, outgoing] of every unit of hidden layer ℓ. */
export function unitVectors(theta: Float64Array, sizes: readonly number[], layer: number, bias = true): Float64Array[] {
  checkSizes('unitVectors', sizes);
  checkVector('unitVectors', 'theta', theta, mlpParameterCount(sizes, bias));
  return Array.from({ length: sizes[layer + 1]! }, (_, j) => Float64Array.from(unitIndices(sizes, layer, j, bias), (i) => theta[i]!));
}

export interface LayerSymmetry {
  layer: number;
  units: number;
  /** Pairwise Euclidean distances between unit vectors (units × units, row-major). */
  distances: Float64Array;
  minDistance: number;
  maxDistance: number;
  meanDistance: number;
  /** Pairs at distance exactly 0 (bitwise identical units). */
  identicalPairs: number;
  /** Units that remain distinct after merging those within tol·(1 + mean unit norm). */
  distinctUnits: number;
  /** Cluster label per unit (same label: merged). */
  clusters: number[];
}

/** Symmetry metrics of every hidden layer of an MLP at θ. */
export function symmetryMetrics(theta: Float64Array, sizes: readonly number[], { tol = 1e-6, bias = true }: { tol?: number; bias?: boolean } = {}): LayerSymmetry[] {
  const fn = 'symmetryMetrics';
  checkSizes(fn, sizes);
  checkVector(fn, 'theta', theta, mlpParameterCount(sizes, bias));
  checkNonNegativeNumber(fn, 'tol', tol);
  const out: LayerSymmetry[] = [];
  for (let layer = 0; layer + 2 < sizes.length; layer++) {
    const vecs = unitVectors(theta, sizes, layer, bias);
    const h = vecs.length;
    let normSum = 0;
    for (const v of vecs) normSum += Math.hypot(...v);
    const scale = tol * (1 + normSum / h);
    const distances = new Float64Array(h * h);
    const parent = Array.from({ length: h }, (_, i) => i);
    const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
    let min = Infinity;
    let max = 0;
    let sum = 0;
    let identicalPairs = 0;
    for (let j = 0; j < h; j++) {
      for (let k = j + 1; k < h; k++) {
        let s = 0;
        for (let i = 0; i < vecs[j]!.length; i++) s += (vecs[j]![i]! - vecs[k]![i]!) ** 2;
        const d = Math.sqrt(s);
        distances[j * h + k] = distances[k * h + j] = d;
        min = Math.min(min, d);
        max = Math.max(max, d);
        sum += d;
        if (d === 0) identicalPairs++;
        if (d <= scale) parent[find(j)] = find(k);
      }
    }
    const roots = Array.from({ length: h }, (_, i) => find(i));
    const labels = new Map<number, number>();
    const clusters = roots.map((r) => labels.get(r) ?? (labels.set(r, labels.size), labels.size - 1));
    const pairs = (h * (h - 1)) / 2;
    out.push({
      layer,
      units: h,
      distances,
      minDistance: pairs ? min : 0,
      maxDistance: max,
      meanDistance: pairs ? sum / pairs : 0,
      identicalPairs,
      distinctUnits: labels.size,
      clusters,
    });
  }
  return out;
}

/** Orthonormal basis of the antisymmetric subspace of units a, b of hidden layer ℓ: (e_{a,i} − e_{b,i})/√2. */
export function antisymmetricBasis(sizes: readonly number[], layer: number, a: number, b: number, bias = true): Float64Array[] {
  if (a === b) throw new Error(`antisymmetricBasis: units a and b must differ, got ${a} and ${b}`);
  const n = mlpParameterCount(sizes, bias);
  const ia = unitIndices(sizes, layer, a, bias);
  const ib = unitIndices(sizes, layer, b, bias);
  return ia.map((i, k) => {
    const v = new Float64Array(n);
    v[i] = Math.SQRT1_2;
    v[ib[k]!] = -Math.SQRT1_2;
    return v;
  });
}

/** Bᵀ J B: the Jacobian (N×N, row-major, θ first) restricted to span(B) ⊂ θ-space (B orthonormal, invariant under J). */
export function restrictToSubspace(J: Float64Array, N: number, basis: readonly Float64Array[]): Float64Array {
  const m = basis.length;
  const out = new Float64Array(m * m);
  const JB = basis.map((b) => {
    const w = new Float64Array(N);
    for (let i = 0; i < N; i++) {
      let s = 0;
      for (let j = 0; j < b.length; j++) s += J[i * N + j]! * b[j]!;
      w[i] = s;
    }
    return w;
  });
  for (let r = 0; r < m; r++) {
    for (let c = 0; c < m; c++) {
      let s = 0;
      for (let i = 0; i < basis[r]!.length; i++) s += basis[r]![i]! * JB[c]![i]!;
      out[r * m + c] = s;
    }
  }
  return out;
}
