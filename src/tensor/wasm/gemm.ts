/**
 * JavaScript side of the WebAssembly SIMD matmul: copies (and zero-pads to
 * multiples of 4) the operands into the module's memory — reading strided
 * views directly, so transposed operands cost no extra copy — runs the
 * kernel, and copies C back. Used for products large enough that the O(MK +
 * KN + MN) copies are small next to the O(MNK) arithmetic; returns false
 * where WebAssembly SIMD is unavailable, so the caller falls back to the
 * JavaScript kernel.
 */
import { gemmModuleBytes } from './gemmKernel.js';

/**
 * A WebAssembly.Memory as the kernel's callers use it, typed by its shape: the public declarations then need no
 * `WebAssembly` namespace, which a consumer compiling with `lib: ES2022` alone does not have.
 */
export interface KernelMemory {
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
  grow(delta: number): number;
}

/** One instance of the kernel and the memory it computes in. */
export interface GemmKernel {
  memory: KernelMemory;
  /** C += A·B on rows of 4 (byte addresses; M, N multiples of 4; A in panels, B rows of length ldb, C rows of length N: gemmKernel.ts). */
  gemm: (a: number, b: number, c: number, M: number, K: number, N: number, ldb: number) => void;
}

let kernel: GemmKernel | null | undefined;

function instantiate(bytes: Uint8Array<ArrayBuffer>, imports: WebAssembly.Imports): GemmKernel | null {
  if (typeof WebAssembly === 'undefined' || !WebAssembly.validate(bytes)) return null;
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), imports);
  const ex = instance.exports as unknown as { mem: WebAssembly.Memory; gemm: GemmKernel['gemm'] };
  return { memory: ex.mem, gemm: ex.gemm };
}

function load(): GemmKernel | null {
  if (kernel !== undefined) return kernel;
  try {
    kernel = instantiate(gemmModuleBytes(), {});
  } catch {
    kernel = null;
  }
  return kernel;
}

export function wasmGemmAvailable(): boolean {
  return load() !== null;
}

/**
 * The largest shared memory the kernel may use, in 64 KiB pages (1 GiB: the three packed operands of a ≈ 6000²
 * product). A shared memory reserves its maximum up front, so this bounds the address space taken, not memory used.
 */
export const SHARED_MAX_PAGES = 16384;

/** A new shared memory for `sharedGemmKernel`, or null where shared WebAssembly memory is unavailable. */
export function createSharedGemmMemory(): KernelMemory | null {
  try {
    if (typeof SharedArrayBuffer === 'undefined') return null;
    return new WebAssembly.Memory({ initial: 1, maximum: SHARED_MAX_PAGES, shared: true });
  } catch {
    return null;
  }
}

/** An instance of the kernel computing in a shared memory (one per thread, all on the same memory), or null. */
export function sharedGemmKernel(memory: KernelMemory): GemmKernel | null {
  try {
    const k = instantiate(gemmModuleBytes(SHARED_MAX_PAGES), { env: { mem: memory as WebAssembly.Memory } });
    return k === null ? null : { memory, gemm: k.gemm };
  } catch {
    return null;
  }
}

/** A 2-D strided operand: element (r, c) at data[offset + r·rs + c·cs]. */
export interface Panel {
  data: Float64Array;
  offset: number;
  rs: number;
  cs: number;
}

const round4 = (n: number) => (n + 3) & ~3;

/**
 * Where a product's operands live in the kernel's memory (Float64 indices): A (M4·K: M4/4 panels of 4 rows), B
 * (K·N4: N4/4 panels of 4 columns), C (M4×N4 row-major), padded with zeros to multiples of 4. `bytes` is the
 * memory it needs.
 */
export interface GemmLayout {
  M: number;
  K: number;
  N: number;
  M4: number;
  N4: number;
  /** Row length of B in memory: N4, or N4 + 4 where N4 is a multiple of 16 (rows 512·m bytes apart share L1 sets). */
  ldb: number;
  a: number;
  b: number;
  c: number;
  bytes: number;
}

export function gemmLayout(M: number, K: number, N: number): GemmLayout {
  const M4 = round4(M);
  const N4 = round4(N);
  const ldb = N4 % 16 === 0 ? N4 + 4 : N4;
  const b = M4 * K;
  const c = b + K * ldb;
  return { M, K, N, M4, N4, ldb, a: 0, b, c, bytes: (c + M4 * N4) * 8 };
}

/** Grow a kernel's memory to hold `bytes`; returns a view of all of it (a new one after growing). */
export function heapFor(memory: KernelMemory, bytes: number, heap?: Float64Array): Float64Array {
  const have = memory.buffer.byteLength;
  if (bytes > have) memory.grow(Math.ceil((bytes - have) / 65536));
  return heap !== undefined && heap.buffer.byteLength === memory.buffer.byteLength ? heap : new Float64Array(memory.buffer);
}

/**
 * Copy A (M×K) into panels of 4 rows stored k-major — element (r, k) at base + (r − r mod 4)·K + 4k + r mod 4 —
 * and B (K×N) row-major with row length `ldb`: the kernel's layout (gemmKernel.ts). Padding rows of A and columns
 * of B are zero. (B stays in rows so that its copy, usually the larger, is a plain memory copy per row.)
 */
export function packOperands(heap: Float64Array, L: GemmLayout, a: Panel, b: Panel): void {
  packA(heap, L, a, 0, L.M4);
  packB(heap, L, b);
}

/** Rows [r0, r1) of A into their panels (r0 a multiple of 4; r1 a multiple of 4 or M4), with the padding rows in range zeroed. */
export function packA(heap: Float64Array, L: GemmLayout, a: Panel, r0: number, r1: number): void {
  const { M, K, M4 } = L;
  if (M4 > M && r1 >= M4) heap.fill(0, L.a + (M4 - 4) * K, L.a + M4 * K);
  const end = Math.min(r1, M);
  // Four rows at a time, their elements interleaved into the panel in the order the kernel reads them.
  const ad = a.data;
  const { rs, cs } = a;
  let r = r0;
  for (; r + 4 <= end; r += 4) {
    let s0 = a.offset + r * rs;
    let dst = L.a + r * K;
    for (let k = 0; k < K; k++, s0 += cs, dst += 4) {
      heap[dst] = ad[s0]!;
      heap[dst + 1] = ad[s0 + rs]!;
      heap[dst + 2] = ad[s0 + 2 * rs]!;
      heap[dst + 3] = ad[s0 + 3 * rs]!;
    }
  }
  for (; r < end; r++) {
    let src = a.offset + r * rs;
    let dst = L.a + (r & ~3) * K + (r & 3);
    for (let k = 0; k < K; k++, src += cs, dst += 4) heap[dst] = ad[src]!;
  }
}

/** B row-major with row length ldb, zeros after column N. */
export function packB(heap: Float64Array, L: GemmLayout, b: Panel): void {
  const { K, N, ldb } = L;
  const bd = b.data;
  for (let k = 0; k < K; k++) {
    let src = b.offset + k * b.rs;
    const dst = L.b + k * ldb;
    if (b.cs === 1) heap.set(bd.subarray(src, src + N), dst);
    else for (let c = 0; c < N; c++, src += b.cs) heap[dst + c] = bd[src]!;
    if (ldb > N) heap.fill(0, dst + N, dst + ldb);
  }
}

/** Zero rows [r0, r1) of C and run the kernel on them (r0, r1 multiples of 4): C[r0:r1] = A[r0:r1]·B. */
export function gemmRows(kern: GemmKernel, heap: Float64Array, L: GemmLayout, r0: number, r1: number): void {
  heap.fill(0, L.c + r0 * L.N4, L.c + r1 * L.N4);
  kern.gemm((L.a + r0 * L.K) * 8, L.b * 8, (L.c + r0 * L.N4) * 8, r1 - r0, L.K, L.N4, L.ldb);
}

/** Copy rows [r0, r1) of C (M×N, without padding; r1 may exceed M) out of the layout into out[outOff…]. */
export function unpackResult(heap: Float64Array, L: GemmLayout, out: Float64Array, outOff: number, r0 = 0, r1 = L.M): void {
  const { M, N, N4 } = L;
  const end = Math.min(r1, M);
  if (r0 >= end) return;
  if (N4 === N) out.set(heap.subarray(L.c + r0 * N, L.c + end * N), outOff + r0 * N);
  else for (let r = r0; r < end; r++) out.set(heap.subarray(L.c + r * N4, L.c + r * N4 + N), outOff + r * N);
}

let heap1: Float64Array | undefined;

/** out[outOff + i·N + j] = Σ_k A(i,k)·B(k,j). Returns false if the WebAssembly kernel is unavailable. */
export function gemmWasm(a: Panel, b: Panel, out: Float64Array, outOff: number, M: number, K: number, N: number): boolean {
  const kern = load();
  if (!kern) return false;
  const L = gemmLayout(M, K, N);
  const heap = (heap1 = heapFor(kern.memory, L.bytes, heap1));
  packOperands(heap, L, a, b);
  gemmRows(kern, heap, L, 0, L.M4);
  unpackResult(heap, L, out, outOff);
  return true;
}
