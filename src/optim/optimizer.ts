/**
 * The optimizer base class, after torch.optim.Optimizer.
 *
 * An optimizer owns `paramGroups` — lists of Parameters that share
 * hyper-parameters (lr, betas, …) — and a per-Parameter `state` (step
 * counts and buffers such as Adam's moment estimates). `step()` reads each
 * Parameter's `.grad`, updates its `.data` in place and skips Parameters
 * whose grad is null; the per-parameter state is created lazily on the
 * first step that sees a gradient, as in torch.
 *
 * `stateDict()` is a plain JSON-serializable object: buffers become number
 * arrays (JSON writes the shortest decimal that reads back to the same
 * float64, so a save/load round trip is bit-exact for finite values), and
 * Parameters are referred to by their position across all groups, in order.
 */
import type { Parameter } from '../autograd/index.js';
import { checkKnownKeys } from '../tensor/validate.js';

/** Every optimizer's options carry a learning rate (schedules write it). */
export interface BaseOptions {
  lr: number;
}

/** A parameter group: Parameters plus the options that apply to them. */
export type ParamGroup<O extends BaseOptions> = O & {
  params: Parameter[];
  /** The lr a schedule started from (set by the first LRScheduler, as torch's `initial_lr`). */
  initialLr?: number;
};

/** What a constructor accepts for one group: its Parameters and any options overriding the defaults. */
export type ParamGroupInput<O extends BaseOptions> = { params: Parameter[] } & Partial<O>;

/** Either a flat list of Parameters (one group) or a list of groups with per-group options. */
export type ParamsInput<O extends BaseOptions> = readonly Parameter[] | readonly ParamGroupInput<O>[];

/** Per-Parameter state: scalar counters and Float64Array buffers the size of the Parameter. */
export type ParamState = Record<string, number | Float64Array | undefined>;

/** Which state entries an optimizer keeps (checked by loadStateDict). */
export interface StateSpec {
  scalars: readonly string[];
  buffers: readonly string[];
  /** Buffers that exist only with some options (e.g. Adam's maxExpAvgSq with amsgrad). */
  optionalBuffers: readonly string[];
}

export interface OptimizerStateDict {
  /** Per-Parameter state keyed by the Parameter's index across all groups ("0", "1", …). */
  state: Record<string, Record<string, number | number[]>>;
  /** Each group's options, with `params` replaced by Parameter indices. */
  paramGroups: Array<Record<string, unknown> & { params: number[] }>;
}

export abstract class Optimizer<O extends BaseOptions, S extends ParamState = ParamState> {
  /** The groups, each with its options resolved against the defaults (mutable, e.g. by schedules). */
  readonly paramGroups: ParamGroup<O>[] = [];
  /** Per-Parameter state, created on the first step that sees the Parameter's gradient. */
  readonly state = new Map<Parameter, S>();
  readonly defaults: Readonly<O>;
  /** The class name, used in error messages. */
  readonly name: string;
  private readonly validateOptions: (fn: string, options: O) => void;
  private readonly stateSpec: StateSpec;

  protected constructor(
    name: string,
    params: ParamsInput<O>,
    options: Partial<O>,
    torchDefaults: O,
    validateOptions: (fn: string, options: O) => void,
    stateSpec: StateSpec,
  ) {
    this.name = name;
    this.validateOptions = validateOptions;
    this.stateSpec = stateSpec;
    if (options === null || typeof options !== 'object') throw new Error(`${name}: options must be an object`);
    checkKnownKeys(name, options, Object.keys(torchDefaults));
    const defaults = { ...copyOptions(torchDefaults), ...copyOptions(options) } as O;
    validateOptions(name, defaults);
    this.defaults = defaults;
    if (!Array.isArray(params) || params.length === 0) {
      throw new Error(`${name}: optimizer got an empty parameter list (params must be a non-empty array of Parameters or of param groups)`);
    }
    if (isGroupList(params)) {
      for (const group of params) this.addParamGroup(group);
    } else {
      this.addParamGroup({ params: [...(params as readonly Parameter[])] } as ParamGroupInput<O>);
    }
  }

  /** Append a group; options it omits come from the defaults (torch's add_param_group). */
  addParamGroup(group: ParamGroupInput<O>): void {
    const fn = `${this.name}.addParamGroup`;
    if (group === null || typeof group !== 'object' || !Array.isArray(group.params)) {
      throw new Error(`${fn}: a param group must be an object { params: Parameter[], ...options }`);
    }
    checkKnownKeys(fn, group, ['params', 'initialLr', ...Object.keys(this.defaults)]);
    if (group.params.length === 0) throw new Error(`${fn}: optimizer got an empty parameter list in a param group`);
    const seen = new Set<Parameter>();
    for (const g of this.paramGroups) for (const p of g.params) seen.add(p);
    for (const p of group.params) {
      if (p === null || typeof p !== 'object' || !(p.data instanceof Float64Array) || !p.requiresGrad) {
        throw new Error(`${fn}: params must be Parameters (tensors that require grad)`);
      }
      if (seen.has(p)) throw new Error(`${fn}: some parameters appear in more than one parameter group`);
      seen.add(p);
    }
    const resolved = { ...copyOptions(this.defaults), ...copyOptions(group), params: [...group.params] } as ParamGroup<O>;
    this.validateOptions(fn, resolved);
    this.paramGroups.push(resolved);
  }

  /** One update of every Parameter that has a gradient. */
  abstract step(): void;

  /** Set every Parameter's grad to null (torch's zero_grad with set_to_none=True). */
  zeroGrad(): void {
    for (const group of this.paramGroups) for (const p of group.params) p.grad = null;
  }

  /** The Parameters of all groups, in order (their index is their key in stateDict). */
  allParams(): Parameter[] {
    return this.paramGroups.flatMap((g) => g.params);
  }

  /** A JSON-serializable snapshot of the options and the state (deep copy). */
  stateDict(): OptimizerStateDict {
    const index = new Map<Parameter, number>();
    const paramGroups = this.paramGroups.map((group) => {
      const ids = group.params.map((p) => {
        index.set(p, index.size);
        return index.size - 1;
      });
      const { params: _params, ...options } = group;
      return { ...copyOptions(options), params: ids };
    });
    const state: OptimizerStateDict['state'] = {};
    for (const [p, s] of this.state) {
      const id = index.get(p);
      if (id === undefined) continue;
      const entry: Record<string, number | number[]> = {};
      for (const [key, value] of Object.entries(s)) {
        if (value !== undefined) entry[key] = typeof value === 'number' ? value : Array.from(value);
      }
      state[String(id)] = entry;
    }
    return { state, paramGroups };
  }

  /**
   * Restore options and state saved by stateDict() into an optimizer built
   * over the same Parameters in the same group layout.
   */
  loadStateDict(dict: OptimizerStateDict): void {
    const fn = `${this.name}.loadStateDict`;
    if (dict === null || typeof dict !== 'object' || !Array.isArray(dict.paramGroups) || typeof dict.state !== 'object') {
      throw new Error(`${fn}: expected { state, paramGroups } as produced by stateDict()`);
    }
    if (dict.paramGroups.length !== this.paramGroups.length) {
      throw new Error(`${fn}: loaded state dict has ${dict.paramGroups.length} parameter groups, the optimizer has ${this.paramGroups.length}`);
    }
    const params = this.allParams();
    const resolvedGroups = dict.paramGroups.map((saved, i) => {
      const group = this.paramGroups[i]!;
      if (!Array.isArray(saved.params) || saved.params.length !== group.params.length) {
        throw new Error(`${fn}: loaded state dict contains a parameter group that doesn't match the size of optimizer's group ${i}`);
      }
      const { params: _ids, ...options } = saved;
      checkKnownKeys(fn, options, ['initialLr', ...Object.keys(this.defaults)]);
      const resolved = { ...copyOptions(this.defaults), ...copyOptions(options), params: group.params } as ParamGroup<O>;
      this.validateOptions(fn, resolved);
      return resolved;
    });
    const newState = new Map<Parameter, S>();
    for (const [key, entry] of Object.entries(dict.state)) {
      const id = Number(key);
      const p = params[id];
      if (!Number.isInteger(id) || p === undefined) {
        throw new Error(`${fn}: state key '${key}' is not a parameter index in [0, ${params.length - 1}]`);
      }
      newState.set(p, this.restoreParamState(fn, key, entry, p.data.length));
    }
    for (let i = 0; i < resolvedGroups.length; i++) this.paramGroups[i] = resolvedGroups[i]!;
    this.state.clear();
    for (const [p, s] of newState) this.state.set(p, s);
  }

  private restoreParamState(fn: string, key: string, entry: Record<string, number | number[]>, size: number): S {
    const { scalars, buffers, optionalBuffers } = this.stateSpec;
    checkKnownKeys(`${fn} (state '${key}')`, entry, [...scalars, ...buffers, ...optionalBuffers]);
    const out: ParamState = {};
    for (const name of scalars) {
      const v = entry[name];
      if (typeof v !== 'number') throw new Error(`${fn}: state '${key}' lacks the number '${name}'`);
      out[name] = v;
    }
    for (const name of [...buffers, ...optionalBuffers]) {
      const v = entry[name];
      if (v === undefined && optionalBuffers.includes(name)) continue;
      if (!Array.isArray(v) || v.length !== size || v.some((x) => typeof x !== 'number')) {
        throw new Error(`${fn}: state '${key}'.${name} must be an array of ${size} numbers (the parameter's size)`);
      }
      out[name] = Float64Array.from(v);
    }
    return out as S;
  }

  /** The state of `p`, created by `init(size)` on first use (`init` should be a module-level function: no closure per call). */
  protected stateOf(p: Parameter, init: (size: number) => S): S {
    let s = this.state.get(p);
    if (s === undefined) {
      s = init(p.data.length);
      this.state.set(p, s);
    }
    return s;
  }
}

/**
 * The gradient buffer of `p` to read in a step, or null when the Parameter
 * has no gradient. A contiguous grad's `.data` is its live buffer (no copy).
 */
export function gradientOf(fn: string, p: Parameter): Float64Array | null {
  if (p.grad === null) return null;
  const g = p.grad.data;
  if (g.length !== p.data.length) {
    throw new Error(`${fn}: a gradient has ${g.length} entries but its parameter has ${p.data.length}`);
  }
  return g;
}

function isGroupList<O extends BaseOptions>(params: ParamsInput<O>): params is readonly ParamGroupInput<O>[] {
  const first = params[0] as unknown;
  return first !== null && typeof first === 'object' && !('value' in (first as object)) && 'params' in (first as object);
}

/** Copy of an options object without `params` and undefined entries, with array values (betas) copied too. */
function copyOptions<T extends object>(options: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(options)) {
    if (k === 'params' || v === undefined) continue;
    out[k] = Array.isArray(v) ? [...(v as unknown[])] : v;
  }
  return out as T;
}
