/**
 * Functional transforms in the style of JAX / HIPS autograd, as small
 * compositions of one primitive, `vjp`.
 *
 *   vjp(f, x)      → f(x) and  u ↦ uᵀ ∂f/∂x                 (one reverse pass)
 *   grad(f)(x)     = vjp with u = 1 for scalar f
 *   jvp(f, x, v)   = ∂f/∂x · v via the "double-vjp" trick: the map
 *                    u ↦ uᵀJ is linear in u, so its vjp with v is Jv
 *   hvp(f, x, v)   = ∇(∇f(x)·v): reverse-over-reverse, ≈ 2–3 gradient costs
 *   jacobian(f)(x) = one vjp per output element (rows of J)
 *   hessian(f)     = jacobian(grad(f))
 *
 * They compose (grad(grad(f)), jacobian(grad(f)), …) because each transform
 * records its backward pass whenever an enclosing transform is tracing its
 * inputs (they require grad) — see `tracing` below.
 */
import { NDArray, formatShape } from '../tensor/index.js';
import { enableGrad, runBackward } from './graph.js';
import { concat } from './ops/shape.js';
import { record } from './record.js';
import { Tensor } from './tensor.js';

export type Tensors = Tensor | Tensor[];

/** An alias of x: a fresh graph node, so that gradients w.r.t. it count only its uses inside f. */
function alias(x: Tensor): Tensor {
  if (!x.requiresGrad) {
    const a = new Tensor(x.value, true);
    a.base = x.base ?? x;
    return a;
  }
  return record('alias', x.value, [x], (g) => [g]);
}

function asList(x: Tensors): Tensor[] {
  return Array.isArray(x) ? x : [x];
}

/** True when an enclosing transform is differentiating through these values. */
function tracing(...xs: (Tensor | undefined)[]): boolean {
  return xs.some((x) => x?.requiresGrad === true);
}

/**
 * vjp(f, ...primals) → [out, vjpFn]; vjpFn(cotangent) returns one gradient per primal
 * (cotangent defaults to 1 for a scalar output).
 */
export function vjp(f: (...xs: Tensor[]) => Tensor, ...primals: Tensor[]): [Tensor, (cotangent?: Tensor | number, options?: VjpOptions) => Tensor[]] {
  // Transforms work in any grad mode (inside noGrad, or inside a VJP of an outer pass): the aliases and f record regardless.
  const xs = enableGrad(() => primals.map(alias));
  const out = enableGrad(() => f(...xs));
  if (!(out instanceof Tensor)) throw new Error('vjp: the function must return a Tensor');
  const outerTracing = tracing(...primals);
  // An anonymous closure (not `const vjpFn = …`): under tsx's keepNames a named one costs a defineProperty per call.
  return [outerTracing ? out : out.detach(), (cotangent?: Tensor | number, options: VjpOptions = {}) => pullback(out, xs, outerTracing, cotangent, options)];
}

/** The vjp function of {@link vjp}: the gradients of ⟨cotangent, out⟩ with respect to the aliased primals `xs`. */
function pullback(out: Tensor, xs: Tensor[], outerTracing: boolean, cotangent: Tensor | number | undefined, options: VjpOptions): Tensor[] {
  let ct: Tensor;
  if (cotangent === undefined) {
    if (out.size !== 1) throw new Error(`vjp: the output has shape ${formatShape(out.shape)}; pass a cotangent of that shape`);
    ct = new Tensor(new NDArray(new Float64Array([1]), out.shape));
  } else if (typeof cotangent === 'number') {
    ct = new Tensor(new NDArray(new Float64Array(out.size).fill(cotangent), out.shape));
  } else {
    ct = cotangent;
    if (ct.ndim !== out.ndim || ct.shape.some((d, i) => d !== out.shape[i])) {
      throw new Error(`vjp: cotangent of shape ${formatShape(ct.shape)} does not match the output's shape ${formatShape(out.shape)}`);
    }
  }
  if (!out.requiresGrad) return xs.map((x) => x.zerosLike());
  // The vjp function may be called again (jacobian does, once per row), so by default the pass keeps the graph, as
  // functorch's vjp does; a recorded pass always keeps it (an enclosing transform differentiates through it).
  const createGraph = outerTracing || tracing(ct);
  return runBackward([out], [ct], xs, { createGraph, retainGraph: (options.retainGraph ?? true) || createGraph });
}

export interface VjpOptions {
  /** Keep the graph for further calls of the vjp function (default true); false on the last call frees it. */
  retainGraph?: boolean;
}

export interface GradOptions {
  /** Which argument(s) to differentiate with respect to (default 0). */
  argnums?: number | number[];
}

function checkScalar(out: Tensor, fn: string): void {
  if (out.size !== 1) throw new Error(`${fn}: the function must return a scalar (one element), got shape ${formatShape(out.shape)}`);
}

/** valueAndGrad(f, { argnums })(...args) → [f(args), gradient(s)]. */
export function valueAndGrad(f: (...xs: Tensor[]) => Tensor, { argnums = 0 }: GradOptions = {}) {
  return (...args: Tensor[]): [Tensor, Tensor | Tensor[]] => {
    const nums = typeof argnums === 'number' ? [argnums] : argnums;
    for (const n of nums) {
      if (!Number.isInteger(n) || n < 0 || n >= args.length) throw new Error(`grad: argnums ${n} is out of range for ${args.length} argument(s)`);
    }
    const chosen = nums.map((n) => args[n]!);
    const [out, back] = vjp((...xs) => {
      const full = [...args];
      nums.forEach((n, i) => (full[n] = xs[i]!));
      return f(...full);
    }, ...chosen);
    checkScalar(out, 'grad');
    const grads = back(undefined, { retainGraph: false });
    return [out, typeof argnums === 'number' ? grads[0]! : grads];
  };
}

/**
 * grad(f, { argnums })(...args): ∇f at args (f scalar-valued). An array of gradients if argnums is an array.
 *
 * @example
 * ```ts
 * import { grad, tensor, type Tensor } from 'learning-dynamics';
 *
 * const f = (x: Tensor) => x.square().sum(); // ‖x‖²
 * console.log((grad(f)(tensor([1, 2])) as Tensor).data); // [2, 4]
 * const g2 = grad((x: Tensor) => (grad(f)(x) as Tensor).sum()); // gradients compose to any order
 * console.log((g2(tensor([1, 2])) as Tensor).data); // [2, 2]
 * ```
 */
export function grad(f: (...xs: Tensor[]) => Tensor, options: GradOptions = {}) {
  const vg = valueAndGrad(f, options);
  return (...args: Tensor[]): Tensor | Tensor[] => vg(...args)[1];
}

/** grad for a single-argument function returning a single Tensor (convenient for composition). */
function grad1(f: (x: Tensor) => Tensor): (x: Tensor) => Tensor {
  return (x) => grad(f)(x) as Tensor;
}

/** jvp(f, primals, tangents) → [f(primals), J·tangents] (forward-mode derivative via two reverse passes). */
export function jvp(f: (...xs: Tensor[]) => Tensor, primals: Tensors, tangents: Tensors): [Tensor, Tensor] {
  const ps = asList(primals);
  const ts = asList(tangents);
  if (ps.length !== ts.length) throw new Error(`jvp: ${ps.length} primal(s) but ${ts.length} tangent(s)`);
  ps.forEach((p, i) => {
    const t = ts[i]!;
    if (t.ndim !== p.ndim || t.shape.some((d, j) => d !== p.shape[j])) {
      throw new Error(`jvp: tangent ${i} has shape ${formatShape(t.shape)}, but its primal has shape ${formatShape(p.shape)}`);
    }
  });
  const [out, back] = vjp(f, ...ps);
  // u ↦ Σᵢ ⟨back(u)ᵢ, tᵢ⟩ is linear in u with gradient J·t.
  const u = new Tensor(NDArray.zeros(out.shape), true);
  const gs = back(u);
  let inner: Tensor | null = null;
  gs.forEach((g, i) => {
    const term = g.mul(ts[i]!).sum();
    inner = inner ? inner.add(term) : term;
  });
  const [jt] = runBackward([inner!], [new Tensor(NDArray.scalar(1))], [u], { createGraph: tracing(...ps, ...ts) });
  return [out, jt!];
}

/**
 * hvp(f, xs, vs): the Hessian of scalar f at xs applied to vs, H·v = ∇ₓ(∇ₓf · v).
 * f takes the tensors of `xs` as its arguments; the result has the structure of `vs`.
 *
 * @example
 * ```ts
 * import { hvp, tensor, type Tensor } from 'learning-dynamics';
 *
 * const f = (x: Tensor) => x.pow(3).sum(); // H = diag(6x)
 * console.log((hvp(f, tensor([1, 2]), tensor([1, 1])) as Tensor).data); // [6, 12]
 * ```
 */
export function hvp(f: (...xs: Tensor[]) => Tensor, xs: Tensors, vs: Tensors): Tensor | Tensor[] {
  const px = asList(xs);
  const pv = asList(vs);
  if (px.length !== pv.length) throw new Error(`hvp: ${px.length} point tensor(s) but ${pv.length} direction(s)`);
  pv.forEach((v, i) => {
    const x = px[i]!;
    if (v.ndim !== x.ndim || v.shape.some((d, j) => d !== x.shape[j])) {
      throw new Error(`hvp: direction ${i} has shape ${formatShape(v.shape)}, but x has shape ${formatShape(x.shape)}`);
    }
  });
  const [, back] = vjp((...ys) => {
    const [out, inner] = vjp(f, ...ys);
    checkScalar(out, 'hvp');
    const gs = inner();
    let dot: Tensor | null = null;
    gs.forEach((g, i) => {
      const term = g.mul(pv[i]!).sum();
      dot = dot ? dot.add(term) : term;
    });
    return dot!;
  }, ...px);
  const hv = back(undefined, { retainGraph: false });
  return Array.isArray(vs) ? hv : hv[0]!;
}

/** jacobian(f)(x): ∂f/∂x with shape [...out.shape, ...x.shape], one reverse pass per output element. */
export function jacobian(f: (x: Tensor) => Tensor): (x: Tensor) => Tensor {
  return (x: Tensor) => {
    const [out, back] = vjp(f, x);
    const rows: Tensor[] = [];
    const m = out.size;
    for (let i = 0; i < m; i++) {
      const e = new Float64Array(m);
      e[i] = 1;
      rows.push(back(new Tensor(new NDArray(e, out.shape)), { retainGraph: i < m - 1 })[0]!.reshape([1, x.size]));
    }
    const J = rows.length === 0 ? new Tensor(NDArray.zeros([0, x.size])) : rows.length === 1 ? rows[0]! : concat(rows, 0);
    return J.reshape([...out.shape, ...x.shape]);
  };
}

/** hessian(f)(x) = jacobian(grad f)(x), shape [...x.shape, ...x.shape]. */
export function hessian(f: (x: Tensor) => Tensor): (x: Tensor) => Tensor {
  return (x: Tensor) => jacobian(grad1(f))(x);
}
