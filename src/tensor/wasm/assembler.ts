/**
 * A minimal WebAssembly binary writer: just enough (LEB128, sections, a
 * handful of opcodes including 128-bit SIMD) to emit the project's own
 * numeric kernels at load time, with no toolchain and nothing generated into
 * the repository. Opcodes follow the WebAssembly core spec (2.0) and the
 * fixed-width SIMD proposal (0xFD-prefixed).
 */

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

export const I32 = 0x7f;
export const V128 = 0x7b;

/** Instruction builders (each returns its bytes). */
export const op = {
  block: () => [0x02, 0x40],
  loop: () => [0x03, 0x40],
  if: () => [0x04, 0x40],
  end: () => [0x0b],
  br: (depth: number) => [0x0c, ...uleb(depth)],
  brIf: (depth: number) => [0x0d, ...uleb(depth)],
  localGet: (i: number) => [0x20, ...uleb(i)],
  localSet: (i: number) => [0x21, ...uleb(i)],
  localTee: (i: number) => [0x22, ...uleb(i)],
  i32Const: (v: number) => [0x41, ...sleb(v)],
  i32Add: () => [0x6a],
  i32Sub: () => [0x6b],
  i32Mul: () => [0x6c],
  i32LtS: () => [0x48],
  i32GtS: () => [0x4a],
  select: () => [0x1b],
  // SIMD (align exponent 3 for 8-byte alignment: every f64 address here is a multiple of 8)
  v128Load: (offset = 0) => [0xfd, ...uleb(0), 3, ...uleb(offset)],
  v128Store: (offset = 0) => [0xfd, ...uleb(11), 3, ...uleb(offset)],
  v128Load64Splat: (offset = 0) => [0xfd, ...uleb(10), 3, ...uleb(offset)],
  f64x2Add: () => [0xfd, ...uleb(240)],
  f64x2Mul: () => [0xfd, ...uleb(242)],
};

function section(id: number, payload: number[]): number[] {
  return [id, ...uleb(payload.length), ...payload];
}

function name(s: string): number[] {
  const bytes = Array.from(new TextEncoder().encode(s));
  return [...uleb(bytes.length), ...bytes];
}

export interface FunctionSpec {
  exportName: string;
  params: number[];
  locals: number[];
  body: number[];
}

/**
 * A module with one exported memory ("mem", `pages` 64 KiB pages to start) and the given functions (no results).
 * With `sharedMaxPages`, the memory is instead imported as "env"."mem", shared (threads proposal, limits flag 3)
 * with that maximum, so that several instances — one per thread — compute in the same memory.
 */
export function assembleModule(functions: FunctionSpec[], pages: number, sharedMaxPages?: number): Uint8Array<ArrayBuffer> {
  const types = functions.flatMap((f) => [0x60, ...uleb(f.params.length), ...f.params, 0]);
  const typeSec = section(1, [...uleb(functions.length), ...types]);
  const funcSec = section(3, [...uleb(functions.length), ...functions.flatMap((_, i) => uleb(i))]);
  const shared = sharedMaxPages !== undefined;
  const importSec = shared ? section(2, [1, ...name('env'), ...name('mem'), 0x02, 0x03, ...uleb(pages), ...uleb(sharedMaxPages)]) : [];
  const memSec = shared ? [] : section(5, [1, 0x00, ...uleb(pages)]);
  const exports = [
    ...name('mem'), 0x02, 0,
    ...functions.flatMap((f, i) => [...name(f.exportName), 0x00, ...uleb(i)]),
  ];
  const exportSec = section(7, [...uleb(functions.length + 1), ...exports]);
  const bodies = functions.map((f) => {
    // Locals as runs of equal type.
    const runs: [number, number][] = [];
    for (const t of f.locals) {
      const last = runs[runs.length - 1];
      if (last && last[1] === t) last[0]++;
      else runs.push([1, t]);
    }
    const code = [...uleb(runs.length), ...runs.flatMap(([n, t]) => [...uleb(n), t]), ...f.body, 0x0b];
    return [...uleb(code.length), ...code];
  });
  const codeSec = section(10, [...uleb(functions.length), ...bodies.flat()]);
  return new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, ...typeSec, ...importSec, ...funcSec, ...memSec, ...exportSec, ...codeSec]);
}
