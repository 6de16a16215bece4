/**
 * Module: a differentiable function together with the learning state it owns.
 *
 * As in PyTorch, a module's state is discovered from its own fields: every
 * field holding a Parameter is a parameter, every field holding a Module is a
 * child, and a field holding an array of Modules is a list of children
 * (named `field.0`, `field.1`, …). Fields are visited in declaration order,
 * so `namedParameters()` is deterministic: `layers.0.weight`, `layers.0.bias`, ….
 */
import { Parameter, tensor, type Tensor } from '../autograd/index.js';
import { formatShape } from '../tensor/index.js';

/** A parameter in a state dict: its shape and its values, row-major. */
export interface StateEntry {
  shape: number[];
  data: number[];
}
/** Plain-JSON snapshot of a module's parameters, keyed by dotted name. */
export type StateDict = Record<string, StateEntry>;

export abstract class Module {
  /** Training-mode flag (PyTorch's `training`); no layer here behaves differently, but models may. */
  training = true;

  abstract forward(x: Tensor): Tensor;

  /** Calls forward (so a module can be used like a function: `model.call(x)`). */
  call(x: Tensor): Tensor {
    return this.forward(x);
  }

  /** Direct children with their field names (arrays of modules give `field.i`). */
  namedChildren(): [string, Module][] {
    const out: [string, Module][] = [];
    for (const [key, value] of Object.entries(this)) {
      if (value instanceof Module) out.push([key, value]);
      else if (Array.isArray(value) && value.length > 0 && value.every((v) => v instanceof Module)) {
        value.forEach((m: Module, i) => out.push([`${key}.${i}`, m]));
      }
    }
    return out;
  }

  children(): Module[] {
    return this.namedChildren().map(([, m]) => m);
  }

  /** This module and all its descendants, depth first, with dotted names ('' for this one); a module reachable twice is listed once (as torch). */
  namedModules(prefix = '', seen: Set<Module> = new Set()): [string, Module][] {
    if (seen.has(this)) return [];
    seen.add(this);
    const out: [string, Module][] = [[prefix, this]];
    for (const [name, child] of this.namedChildren()) out.push(...child.namedModules(prefix ? `${prefix}.${name}` : name, seen));
    return out;
  }

  /** Parameters owned directly (not through children). */
  private ownParameters(): [string, Parameter][] {
    const out: [string, Parameter][] = [];
    for (const [key, value] of Object.entries(this)) if (value instanceof Parameter) out.push([key, value]);
    return out;
  }

  /** All parameters, recursively, with dotted names; a parameter shared by two paths is listed once. */
  namedParameters(prefix = ''): [string, Parameter][] {
    const seen = new Set<Parameter>();
    const out: [string, Parameter][] = [];
    for (const [modName, mod] of this.namedModules(prefix)) {
      for (const [key, p] of mod.ownParameters()) {
        if (seen.has(p)) continue;
        seen.add(p);
        out.push([modName ? `${modName}.${key}` : key, p]);
      }
    }
    return out;
  }

  parameters(): Parameter[] {
    return this.namedParameters().map(([, p]) => p);
  }

  /** Total number of scalar parameters. */
  numParameters(): number {
    return this.parameters().reduce((s, p) => s + p.size, 0);
  }

  /** Set the training flag on this module and every descendant. */
  train(mode = true): this {
    for (const [, m] of this.namedModules()) m.training = mode;
    return this;
  }

  eval(): this {
    return this.train(false);
  }

  /** Clear every parameter's accumulated gradient (sets `.grad` to null, as torch's set_to_none). */
  zeroGrad(): void {
    for (const p of this.parameters()) p.zeroGrad();
  }

  /** A JSON-safe copy of every parameter; float64 → JSON number → float64 round-trips exactly. */
  stateDict(): StateDict {
    const out: StateDict = {};
    for (const [name, p] of this.namedParameters()) out[name] = { shape: [...p.shape], data: Array.from(p.data) };
    return out;
  }

  /**
   * Copy values from a state dict into the parameters, in place (optimizers
   * holding references to the parameters keep working). With `strict`, the
   * set of names must match exactly.
   */
  loadStateDict(state: StateDict, { strict = true }: { strict?: boolean } = {}): void {
    const named = this.namedParameters();
    const names = new Set(named.map(([n]) => n));
    if (strict) {
      const missing = [...names].filter((n) => !(n in state));
      const unexpected = Object.keys(state).filter((n) => !names.has(n));
      if (missing.length || unexpected.length) {
        throw new Error(
          `Module.loadStateDict: state does not match the module (missing: [${missing.join(', ')}], unexpected: [${unexpected.join(', ')}])`,
        );
      }
    }
    for (const [name, p] of named) {
      const entry = state[name];
      if (!entry) continue;
      if (entry.shape.length !== p.ndim || entry.shape.some((d, i) => d !== p.shape[i]) || entry.data.length !== p.size) {
        throw new Error(
          `Module.loadStateDict: '${name}' has shape ${formatShape(entry.shape)} with ${entry.data.length} values, the parameter has shape ${formatShape(p.shape)}`,
        );
      }
      const bad = entry.data.findIndex((v) => typeof v !== 'number');
      if (bad >= 0) {
        // JSON has no NaN/Infinity: JSON.stringify writes them as null.
        throw new Error(`Module.loadStateDict: '${name}' value ${bad} is ${JSON.stringify(entry.data[bad])}, not a number (a non-finite value does not survive JSON)`);
      }
      p.data.set(entry.data);
    }
  }

  /** An independent copy of the parameters as Tensors (no graph), keyed by name. */
  snapshot(): Record<string, Tensor> {
    const out: Record<string, Tensor> = {};
    for (const [name, p] of this.namedParameters()) out[name] = tensor(Float64Array.from(p.data), { shape: p.shape });
    return out;
  }
}

/** Modules applied one after another. Children are named `layers.0`, `layers.1`, …. */
export class Sequential extends Module {
  readonly layers: Module[];
  constructor(...layers: Module[]) {
    super();
    if (layers.length === 0) throw new Error('Sequential: needs at least one module');
    this.layers = layers;
  }
  forward(x: Tensor): Tensor {
    let h = x;
    for (const layer of this.layers) h = layer.forward(h);
    return h;
  }
  /** The output of every layer in order (the last one is the network's output). */
  forwardAll(x: Tensor): Tensor[] {
    const outs: Tensor[] = [];
    let h = x;
    for (const layer of this.layers) {
      h = layer.forward(h);
      outs.push(h);
    }
    return outs;
  }
}

/**
 * Evaluate `module.forward(x)` with its parameters replaced by `params`
 * (torch.func.functional_call): a list in `namedParameters()` order, or a
 * record by name. The module's own parameters are restored afterwards. This
 * makes the network a function of its parameters, θ ↦ f(θ; x), for
 * gradcheck, Hessian-vector products and loss-landscape slices.
 */
export function functionalCall(module: Module, params: readonly Tensor[] | Record<string, Tensor>, x: Tensor): Tensor {
  const named = module.namedParameters();
  const list: readonly Tensor[] | null = Array.isArray(params) ? (params as readonly Tensor[]) : null;
  if (list && list.length !== named.length) {
    throw new Error(`functionalCall: got ${list.length} tensors for ${named.length} parameters (${named.map(([n]) => n).join(', ')})`);
  }
  const owners = new Map<string, [Module, string]>();
  for (const [modName, mod] of module.namedModules()) {
    for (const [key, value] of Object.entries(mod)) if (value instanceof Parameter) owners.set(modName ? `${modName}.${key}` : key, [mod, key]);
  }
  const swaps: [Module, string, Parameter][] = [];
  try {
    named.forEach(([name, p], i) => {
      const sub: Tensor | undefined = list ? list[i] : (params as Record<string, Tensor>)[name];
      if (!sub) return;
      if (sub.ndim !== p.ndim || sub.shape.some((d, k) => d !== p.shape[k])) {
        throw new Error(`functionalCall: '${name}' must have shape ${formatShape(p.shape)}, got ${formatShape(sub.shape)}`);
      }
      const [owner, key] = owners.get(name)!;
      swaps.push([owner, key, p]);
      (owner as unknown as Record<string, Tensor>)[key] = sub;
    });
    return module.forward(x);
  } finally {
    for (const [owner, key, p] of swaps) (owner as unknown as Record<string, Tensor>)[key] = p;
  }
}
