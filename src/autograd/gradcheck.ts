/**
 * Gradient checking against central differences in float64 (like
 * torch.autograd.gradcheck): for every input element, the numerical column
 * (f(x + εeⱼ) − f(x − εeⱼ)) / 2ε of the Jacobian is compared with the
 * analytic one from reverse mode, element by element:
 *   |analytic − numerical| ≤ atol + rtol·|numerical|.
 * The truncation error of the central difference is O(ε²·f‴) and its
 * round-off O(εₘ·|f|/ε); ε = 1e-6 balances them near 1e-10 relative, far
 * inside the default tolerances (atol 1e-5, rtol 1e-3, PyTorch's defaults).
 */
import { NDArray } from '../tensor/index.js';
import { jacobian, vjp } from './functional.js';
import { noGrad } from './graph.js';
import { Tensor } from './tensor.js';

export interface GradcheckOptions {
  eps?: number;
  atol?: number;
  rtol?: number;
  /** Throw a GradcheckError on failure (default, as PyTorch); if false, return false instead. */
  raiseException?: boolean;
}

export interface GradcheckReport {
  ok: boolean;
  /** Largest |analytic − numerical| over all checked entries. */
  maxAbsError: number;
  /** The entry that violated the tolerance most (or the largest error if none did). */
  worst: { input: number; outputIndex: number; inputIndex: number; analytic: number; numerical: number } | null;
  checked: number;
  message: string;
}

export class GradcheckError extends Error {
  constructor(readonly report: GradcheckReport) {
    super(report.message);
    this.name = 'GradcheckError';
  }
}

type Fn = (...xs: Tensor[]) => Tensor;

function asInputs(inputs: Tensor | Tensor[]): Tensor[] {
  return Array.isArray(inputs) ? inputs : [inputs];
}

/** Which inputs to check: those that require grad, or all if none does. */
function checkedIndices(xs: Tensor[]): number[] {
  const req = xs.map((x, i) => (x.requiresGrad ? i : -1)).filter((i) => i >= 0);
  return req.length > 0 ? req : xs.map((_, i) => i);
}

function compare(
  analytic: Float64Array,
  numerical: Float64Array,
  outSize: number,
  inSize: number,
  input: number,
  atol: number,
  rtol: number,
  acc: GradcheckReport,
): void {
  for (let o = 0; o < outSize; o++) {
    for (let j = 0; j < inSize; j++) {
      const a = analytic[o * inSize + j]!;
      const n = numerical[o * inSize + j]!;
      const err = Math.abs(a - n);
      const excess = err - (atol + rtol * Math.abs(n));
      acc.checked++;
      const bad = !(excess <= 0);
      if (err > acc.maxAbsError || Number.isNaN(err)) acc.maxAbsError = Number.isNaN(err) ? NaN : err;
      const worstExcess = acc.worst ? Math.abs(acc.worst.analytic - acc.worst.numerical) - (atol + rtol * Math.abs(acc.worst.numerical)) : -Infinity;
      if (!acc.worst || (bad && (acc.ok || excess > worstExcess || Number.isNaN(excess)))) {
        acc.worst = { input, outputIndex: o, inputIndex: j, analytic: a, numerical: n };
      }
      if (bad) acc.ok = false;
    }
  }
}

/** Full report of the first-order check. */
export function gradcheckReport(f: Fn, inputs: Tensor | Tensor[], { eps = 1e-6, atol = 1e-5, rtol = 1e-3 }: GradcheckOptions = {}): GradcheckReport {
  const xs = asInputs(inputs).map((x) => new Tensor(new NDArray(x.value.toFlat(), x.shape), x.requiresGrad));
  const report: GradcheckReport = { ok: true, maxAbsError: 0, worst: null, checked: 0, message: '' };
  for (const i of checkedIndices(xs)) {
    const x = xs[i]!;
    const fi = (xi: Tensor): Tensor => f(...xs.map((t, k) => (k === i ? xi : t.detach())));
    const J = jacobian(fi)(x.detach());
    const outSize = J.size / Math.max(1, x.size) || 0;
    const numerical = new Float64Array(outSize * x.size);
    const d = x.value.data;
    noGrad(() => {
      for (let j = 0; j < x.size; j++) {
        const orig = d[j]!;
        d[j] = orig + eps;
        const plus = fi(x.detach()).value.toFlat();
        d[j] = orig - eps;
        const minus = fi(x.detach()).value.toFlat();
        d[j] = orig;
        for (let o = 0; o < outSize; o++) numerical[o * x.size + j] = (plus[o]! - minus[o]!) / (2 * eps);
      }
    });
    compare(J.value.toFlat(), numerical, outSize, x.size, i, atol, rtol, report);
  }
  const w = report.worst;
  report.message = report.ok
    ? `gradcheck passed: ${report.checked} Jacobian entries, max |analytic − numerical| = ${report.maxAbsError.toExponential(3)}`
    : `gradcheck failed: input ${w!.input}, element ${w!.inputIndex}, output element ${w!.outputIndex}: ` +
      `analytic ${w!.analytic} vs numerical ${w!.numerical} (|diff| ${Math.abs(w!.analytic - w!.numerical).toExponential(3)} > atol ${atol} + rtol ${rtol}·|numerical|)`;
  return report;
}

/** PyTorch-style: true if analytic gradients match central differences; throws a GradcheckError (or returns false) otherwise. */
export function gradcheck(f: Fn, inputs: Tensor | Tensor[], options: GradcheckOptions = {}): boolean {
  const report = gradcheckReport(f, inputs, options);
  if (report.ok) return true;
  if (options.raiseException === false) return false;
  throw new GradcheckError(report);
}

/**
 * Second-order check: the gradient map x ↦ ⟨∇ₓ f(x), w⟩-style VJP, i.e. the
 * function (x, w) ↦ vjp_f(x)(w) with a fixed random cotangent w, is itself
 * gradchecked. This verifies that every VJP is differentiable and correct.
 */
export function gradgradcheck(f: Fn, inputs: Tensor | Tensor[], options: GradcheckOptions & { seed?: number } = {}): boolean {
  const xs = asInputs(inputs);
  const idx = checkedIndices(xs);
  const out = noGrad(() => f(...xs.map((x) => x.detach())));
  // A fixed pseudo-random cotangent (deterministic, away from zero).
  const w = new Float64Array(out.size);
  let s = (options.seed ?? 7) >>> 0;
  for (let k = 0; k < w.length; k++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    w[k] = 0.5 + s / 4294967296;
  }
  const wT = new Tensor(new NDArray(w, out.shape));
  // (x…) ↦ Σᵢ ⟨vjp_f(x)(w)ᵢ, cᵢ⟩ with fixed cᵢ: a scalar whose gradient needs the VJPs' own derivatives.
  const vjpSum = (...ys: Tensor[]): Tensor => {
    const [, back] = vjp(f, ...ys);
    const gs = back(wT);
    let total: Tensor | null = null;
    for (const i of idx) {
      const gi = gs[i]!;
      const ci = new Tensor(new NDArray(new Float64Array(gi.size).map((_, k) => 1 + 0.1 * k), gi.shape));
      const term = gi.mul(ci).sum();
      total = total ? total.add(term) : term;
    }
    return total!;
  };
  return gradcheck(vjpSum, xs, options);
}

