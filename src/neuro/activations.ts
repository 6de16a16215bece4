/**
 * Pointwise nonlinearities φ with their derivatives φ', the two functions
 * the mean-field theory of signal propagation needs: the forward map pushes
 * E[φ(h)²] through the layers and the backward map multiplies by E[φ'(h)²].
 */
import { sigmoidScalar } from '../tensor/index.js';

export type ActivationName = 'tanh' | 'sigmoid' | 'relu' | 'linear';

export const ACTIVATION_NAMES: readonly ActivationName[] = ['tanh', 'sigmoid', 'relu', 'linear'];

export interface Activation {
  name: ActivationName;
  /** φ(x). */
  f(x: number): number;
  /** φ'(x); for ReLU the derivative at 0 is taken as 0 (a set of measure zero). */
  df(x: number): number;
}

const TABLE: Record<ActivationName, Activation> = {
  tanh: {
    name: 'tanh',
    f: Math.tanh,
    df: (x) => {
      const t = Math.tanh(x);
      return 1 - t * t;
    },
  },
  sigmoid: {
    name: 'sigmoid',
    f: sigmoidScalar,
    df: (x) => {
      const s = sigmoidScalar(x);
      return s * (1 - s);
    },
  },
  relu: { name: 'relu', f: (x) => (x > 0 ? x : 0), df: (x) => (x > 0 ? 1 : 0) },
  linear: { name: 'linear', f: (x) => x, df: () => 1 },
};

/** The activation called `name`; throws for an unknown name. */
export function getActivation(name: string): Activation {
  // Own keys only: '__proto__' or 'toString' are not activations.
  const act = Object.hasOwn(TABLE, name) ? (TABLE as Record<string, Activation | undefined>)[name] : undefined;
  if (!act) throw new Error(`getActivation: name must be one of ${ACTIVATION_NAMES.join(', ')}, got '${name}'`);
  return act;
}
