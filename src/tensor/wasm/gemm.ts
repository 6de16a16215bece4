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

interface Kernel {
  memory: WebAssembly.Memory;
  gemm: (a: number, b: number, c: number, M: number, K: number, N: number) => void;
}

let kernel: Kernel | null | undefined;

function load(): Kernel | null {
  if (kernel !== undefined) return kernel;
  try {
    const bytes = gemmModuleBytes();
    if (typeof WebAssembly === 'undefined' || !WebAssembly.validate(bytes)) {
      kernel = null;
      return kernel;
    }
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {});
    const ex = instance.exports as unknown as { mem: WebAssembly.Memory; gemm: Kernel['gemm'] };
    kernel = { memory: ex.mem, gemm: ex.gemm };
  } catch {
    kernel = null;
  }
  return kernel;
}

export function wasmGemmAvailable(): boolean {
  return load() !== null;
}

/** A 2-D strided operand: element (r, c) at data[offset + r·rs + c·cs]. */
export interface Panel {
  data: Float64Array;
  offset: number;
  rs: number;
  cs: number;
}

const round4 = (n: number) => (n + 3) & ~3;

/** Copy an R×Cn strided panel into heap (row-major, row length `ld`, zero padding already present). */
function pack(heap: Float64Array, base: number, p: Panel, R: number, Cn: number, ld: number): void {
  const d = p.data;
  for (let r = 0; r < R; r++) {
    let src = p.offset + r * p.rs;
    const dst = base + r * ld;
    if (p.cs === 1) {
      heap.set(d.subarray(src, src + Cn), dst);
    } else {
      for (let c = 0; c < Cn; c++, src += p.cs) heap[dst + c] = d[src]!;
    }
  }
}

/** out[outOff + i·N + j] = Σ_k A(i,k)·B(k,j). Returns false if the WebAssembly kernel is unavailable. */
export function gemmWasm(a: Panel, b: Panel, out: Float64Array, outOff: number, M: number, K: number, N: number): boolean {
  const kern = load();
  if (!kern) return false;
  const M4 = round4(M);
  const N4 = round4(N);
  const need = (M4 * K + K * N4 + M4 * N4) * 8;
  const have = kern.memory.buffer.byteLength;
  if (need > have) kern.memory.grow(Math.ceil((need - have) / 65536));
  const heap = new Float64Array(kern.memory.buffer);
  const aBase = 0;
  const bBase = M4 * K;
  const cBase = bBase + K * N4;
  // Zero only what the copies leave: A's padding rows, B's padding columns, and C.
  heap.fill(0, aBase + M * K, bBase);
  if (N4 > N) for (let r = 0; r < K; r++) heap.fill(0, bBase + r * N4 + N, bBase + (r + 1) * N4);
  heap.fill(0, cBase, cBase + M4 * N4);
  pack(heap, aBase, a, M, K, K);
  pack(heap, bBase, b, K, N, N4);
  kern.gemm(aBase * 8, bBase * 8, cBase * 8, M4, K, N4);
  for (let r = 0; r < M; r++) out.set(heap.subarray(cBase + r * N4, cBase + r * N4 + N), outOff + r * N);
  return true;
}
