/**
 * The WebAssembly SIMD matmul kernel, C += A·B in f64, with M and N multiples
 * of 4 (the caller pads with zeros). C is row-major (row length N); A is
 * packed in panels of 4 rows stored k-major (rows 4t…4t+3 as K groups of 4 at
 * A + 4t·K), so the four broadcasts of a k step read 32 contiguous bytes at
 * constant offsets, with no per-row address arithmetic; B is row-major with
 * row length `ldb`, which the caller pads (N + 4 when N is a multiple of 16)
 * so that the 128 rows a k-block walks do not fall into the same few L1 sets,
 * as rows 512·m bytes apart do (the cause of 1024² running at half the speed
 * of 256²).
 *
 * Register tile: 4 rows × 4 columns of C held in eight f64x2 accumulators;
 * each k step loads two f64x2 of B's row k and broadcasts A[i..i+3, k]: 16
 * multiply-adds per 6 loads. Cache blocking: a KB × JB block of B (128 × 256
 * doubles = 256 KiB) stays in L2 while all row tiles stream past it.
 *
 * Multiplication and addition are separate (no fused multiply-add) and k runs
 * in ascending order, so every element of C is the same sequence of IEEE
 * operations as the naive Σ_k a_ik·b_kj: results are bit-identical to the
 * scalar kernels.
 */
import { I32, V128, assembleModule, op } from './assembler.js';

const KB = 128;
const JB = 256;

// Parameter and local indices.
const [A, B, C, M, K, N, LDB] = [0, 1, 2, 3, 4, 5, 6];
const [kb, kEnd, jb, jEnd, i, j, paEnd, pa, pb, pc, K8, N8, N16, N24, LDB8] = Array.from({ length: 15 }, (_, t) => 7 + t) as number[];
const ACC = Array.from({ length: 8 }, (_, t) => 22 + t);
const [vb0, vb1, s] = [30, 31, 32];

const get = op.localGet;
const set = op.localSet;

/** local[dst] = min(local[x] + step, local[limit]) */
function minStep(dst: number, x: number, step: number, limit: number): number[] {
  return [
    ...get(x), ...op.i32Const(step), ...op.i32Add(),
    ...get(limit),
    ...get(x), ...op.i32Const(step), ...op.i32Add(), ...get(limit), ...op.i32LtS(),
    ...op.select(), ...set(dst),
  ];
}

function addTo(dst: number, a: number, b: number): number[] {
  return [...get(a), ...get(b), ...op.i32Add(), ...set(dst)];
}

function inc(x: number, by: number | [number]): number[] {
  return [...get(x), ...(Array.isArray(by) ? get(by[0]) : op.i32Const(by)), ...op.i32Add(), ...set(x)];
}

/** Row r of the C tile: address pc + r·N8. */
function rowAddr(r: number): number[] {
  return r === 0 ? get(pc) : [...get(pc), ...get([0, N8, N16, N24][r]!), ...op.i32Add()];
}

const loadTile = [0, 1, 2, 3].flatMap((r) => [
  ...rowAddr(r), ...op.v128Load(0), ...set(ACC[2 * r]!),
  ...rowAddr(r), ...op.v128Load(16), ...set(ACC[2 * r + 1]!),
]);

const storeTile = [0, 1, 2, 3].flatMap((r) => [
  ...rowAddr(r), ...get(ACC[2 * r]!), ...op.v128Store(0),
  ...rowAddr(r), ...get(ACC[2 * r + 1]!), ...op.v128Store(16),
]);

const kStep = [
  ...get(pb), ...op.v128Load(0), ...set(vb0),
  ...get(pb), ...op.v128Load(16), ...set(vb1),
  ...[0, 1, 2, 3].flatMap((r) => [
    ...get(pa), ...op.v128Load64Splat(8 * r), ...set(s),
    ...get(ACC[2 * r]!), ...get(s), ...get(vb0), ...op.f64x2Mul(), ...op.f64x2Add(), ...set(ACC[2 * r]!),
    ...get(ACC[2 * r + 1]!), ...get(s), ...get(vb1), ...op.f64x2Mul(), ...op.f64x2Add(), ...set(ACC[2 * r + 1]!),
  ]),
  ...inc(pa, 32), ...inc(pb, [LDB8]),
  ...get(pa), ...get(paEnd), ...op.i32LtS(), ...op.brIf(0),
];

const body = [
  ...get(K), ...op.i32Const(8), ...op.i32Mul(), ...set(K8),
  ...get(N), ...op.i32Const(8), ...op.i32Mul(), ...set(N8),
  ...addTo(N16, N8, N8), ...addTo(N24, N16, N8),
  ...get(LDB), ...op.i32Const(8), ...op.i32Mul(), ...set(LDB8),
  ...op.i32Const(0), ...set(kb),
  ...op.loop(),
  ...minStep(kEnd, kb, KB, K),
  ...op.i32Const(0), ...set(jb),
  ...op.loop(),
  ...minStep(jEnd, jb, JB, N),
  ...op.i32Const(0), ...set(i),
  ...op.loop(),
  ...get(jb), ...set(j),
  ...op.loop(),
  // pc = C + i·N8 + j·8
  ...get(C), ...get(i), ...get(N8), ...op.i32Mul(), ...op.i32Add(), ...get(j), ...op.i32Const(8), ...op.i32Mul(), ...op.i32Add(), ...set(pc),
  ...loadTile,
  // A's panel of rows i…i+3 starts at A + i·K8 (4 rows × K doubles before it per panel):
  // pa = A + i·K8 + kb·32 ; pb = B + kb·LDB8 + j·8 ; paEnd = pa + (kEnd − kb)·32
  ...get(A), ...get(i), ...get(K8), ...op.i32Mul(), ...op.i32Add(), ...get(kb), ...op.i32Const(32), ...op.i32Mul(), ...op.i32Add(), ...set(pa),
  ...get(B), ...get(kb), ...get(LDB8), ...op.i32Mul(), ...op.i32Add(), ...get(j), ...op.i32Const(8), ...op.i32Mul(), ...op.i32Add(), ...set(pb),
  ...get(pa), ...get(kEnd), ...get(kb), ...op.i32Sub(), ...op.i32Const(32), ...op.i32Mul(), ...op.i32Add(), ...set(paEnd),
  ...op.loop(), ...kStep, ...op.end(),
  ...storeTile,
  ...inc(j, 4), ...get(j), ...get(jEnd), ...op.i32LtS(), ...op.brIf(0),
  ...op.end(),
  ...inc(i, 4), ...get(i), ...get(M), ...op.i32LtS(), ...op.brIf(0),
  ...op.end(),
  ...get(jEnd), ...set(jb), ...get(jb), ...get(N), ...op.i32LtS(), ...op.brIf(0),
  ...op.end(),
  ...get(kEnd), ...set(kb), ...get(kb), ...get(K), ...op.i32LtS(), ...op.brIf(0),
  ...op.end(),
];

/** The kernel's module (gemm(A, B, C, M, K, N, ldb), byte addresses): owning its memory, or (with `sharedMaxPages`) importing a shared one as "env"."mem". */
export function gemmModuleBytes(sharedMaxPages?: number): Uint8Array<ArrayBuffer> {
  return assembleModule(
    [
      {
        exportName: 'gemm',
        params: [I32, I32, I32, I32, I32, I32, I32],
        locals: [...new Array<number>(15).fill(I32), ...new Array<number>(11).fill(V128)],
        body,
      },
    ],
    1,
    sharedMaxPages,
  );
}
