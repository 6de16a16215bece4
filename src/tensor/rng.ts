/**
 * A seeded random number generator whose streams are identical on every
 * platform and JavaScript engine.
 *
 * Integer core: xoshiro128** (Blackman & Vigna 2018), 32-bit words only, so
 * every step is exact integer arithmetic (Math.imul, shifts, xor). It is
 * seeded through splitmix32 so that nearby seeds give unrelated streams.
 *
 * Uniforms take 53 random bits (two 32-bit draws) → a double in [0, 1).
 * Normals use Marsaglia's polar method, which needs only +, ×, √ (all
 * correctly rounded by IEEE 754) and a logarithm. Math.log is not required
 * to be correctly rounded, so engines may differ in the last bit; we use our
 * own port of fdlibm's log (below), which is a fixed sequence of IEEE
 * operations and therefore gives the same bits everywhere.
 */

function splitmix32(state: number): [number, number] {
  const s = (state + 0x9e3779b9) | 0;
  let z = s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  z ^= z >>> 16;
  return [s, z >>> 0];
}

export interface RngState {
  s: [number, number, number, number];
  spareNormal: number | null;
}

export class Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private spare: number | null = null;

  constructor(seed = 0) {
    if (!Number.isFinite(seed)) throw new Error(`Rng: seed must be a finite number, got ${seed}`);
    // Fold the seed (possibly > 2^32) into 32 bits without losing the high part.
    const lo = seed >>> 0;
    const hi = Math.floor(Math.abs(seed) / 4294967296) >>> 0;
    let st = (lo ^ Math.imul(hi, 0x27d4eb2d)) | 0;
    let w: number;
    [st, w] = splitmix32(st);
    this.s0 = w;
    [st, w] = splitmix32(st);
    this.s1 = w;
    [st, w] = splitmix32(st);
    this.s2 = w;
    [, w] = splitmix32(st);
    this.s3 = w;
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** Next 32-bit unsigned integer (xoshiro128**). */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform double in [0, 1) with 53 random bits. */
  random(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Uniform double in [low, high). */
  uniform(low = 0, high = 1): number {
    return low + (high - low) * this.random();
  }

  /** Standard normal N(0, 1), Marsaglia's polar method. */
  normal(mean = 0, std = 1): number {
    if (this.spare !== null) {
      const z = this.spare;
      this.spare = null;
      return mean + std * z;
    }
    let u: number, v: number, s: number;
    do {
      u = 2 * this.random() - 1;
      v = 2 * this.random() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const m = Math.sqrt((-2 * fdlibmLog(s)) / s);
    this.spare = v * m;
    return mean + std * (u * m);
  }

  /** Integer uniform in [0, n), unbiased (rejection sampling). */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0 || n > 4294967296) {
      throw new Error(`Rng.int: n must be an integer in [1, 2^32], got ${n}`);
    }
    const limit = 4294967296 - (4294967296 % n);
    let x: number;
    do x = this.nextUint32();
    while (x >= limit);
    return x % n;
  }

  /** Fisher–Yates shuffle of [0, n) → a permutation. */
  permutation(n: number): Int32Array {
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = p[i]!;
      p[i] = p[j]!;
      p[j] = t;
    }
    return p;
  }

  /** Fill with N(mean, std²). */
  fillNormal(out: Float64Array, mean = 0, std = 1): Float64Array {
    for (let i = 0; i < out.length; i++) out[i] = this.normal(mean, std);
    return out;
  }

  /** Fill with U[low, high). */
  fillUniform(out: Float64Array, low = 0, high = 1): Float64Array {
    for (let i = 0; i < out.length; i++) out[i] = this.uniform(low, high);
    return out;
  }

  /** An independent generator derived from this one (for sub-streams). */
  fork(): Rng {
    return new Rng(this.nextUint32() * 4294967296 + this.nextUint32());
  }

  getState(): RngState {
    return { s: [this.s0, this.s1, this.s2, this.s3], spareNormal: this.spare };
  }

  setState(state: RngState): void {
    [this.s0, this.s1, this.s2, this.s3] = state.s;
    this.spare = state.spareNormal;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

// ---- fdlibm e_log.c, ported: log(x) = k·ln2 + log(1+f), with a minimax
// polynomial R(s) for log(1+f) = 2s + 2s³/3 + … where s = f/(2+f).
const ln2_hi = 6.93147180369123816490e-1;
const ln2_lo = 1.90821492927058770002e-10;
const Lg1 = 6.666666666666735130e-1;
const Lg2 = 3.999999999940941908e-1;
const Lg3 = 2.857142874366239149e-1;
const Lg4 = 2.222219843214978396e-1;
const Lg5 = 1.818357216161805012e-1;
const Lg6 = 1.531383769920937332e-1;
const Lg7 = 1.479819860511658591e-1;
const two54 = 2 ** 54;

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
// Little-endian is universal on the platforms JavaScript runs on today; we
// still detect it so the port is correct everywhere.
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;
const LO = 1 - HI;

/** Natural logarithm with bit-identical results on every engine (fdlibm). */
export function fdlibmLog(x: number): number {
  f64[0] = x;
  let hx = u32[HI]! | 0;
  const lx = u32[LO]!;
  let k = 0;
  if (hx < 0x00100000) {
    if (((hx & 0x7fffffff) | lx) === 0) return -Infinity;
    if (hx < 0) return NaN;
    k -= 54;
    x *= two54;
    f64[0] = x;
    hx = u32[HI]! | 0;
  }
  if (hx >= 0x7ff00000) return x + x;
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  const i = (hx + 0x95f64) & 0x100000;
  f64[0] = x;
  u32[HI] = hx | (i ^ 0x3ff00000);
  x = f64[0];
  k += i >> 20;
  const f = x - 1.0;
  if ((0x000fffff & (2 + hx)) < 3) {
    if (f === 0) return k === 0 ? 0 : k * ln2_hi + k * ln2_lo;
    const R = f * f * (0.5 - 0.3333333333333333 * f); // fdlibm writes 0.33333333333333333 (the same double)
    return k === 0 ? f - R : k * ln2_hi - (R - k * ln2_lo - f);
  }
  const s = f / (2.0 + f);
  const z = s * s;
  const w = z * z;
  const t1 = w * (Lg2 + w * (Lg4 + w * Lg6));
  const t2 = z * (Lg1 + w * (Lg3 + w * (Lg5 + w * Lg7)));
  const ii = (hx - 0x6147a) | (0x6b851 - hx);
  const R = t2 + t1;
  if (ii > 0) {
    const hfsq = 0.5 * f * f;
    return k === 0 ? f - (hfsq - s * (hfsq + R)) : k * ln2_hi - (hfsq - (s * (hfsq + R) + k * ln2_lo) - f);
  }
  return k === 0 ? f - s * (f - R) : k * ln2_hi - (s * (f - R) - k * ln2_lo - f);
}

/** Resolve an `{ seed }` / `{ rng }` option pair to a generator. */
export function resolveRng(opts: { seed?: number; rng?: Rng } | undefined, fallback: () => Rng): Rng {
  if (opts?.rng) return opts.rng;
  if (opts?.seed !== undefined) return new Rng(opts.seed);
  return fallback();
}
