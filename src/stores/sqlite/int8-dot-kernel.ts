/**
 * The hand-assembled WebAssembly SIMD kernel of the int8 vector scan: dot products of one padded query with a list of
 * rows of a matrix held in the kernel's linear memory. Compiled once per process; absent where SIMD is not supported.
 */

export const WASM_PAGE = 65_536;
const LANES = 16;

/** Rows are padded to a multiple of 16 bytes so the SIMD kernel needs no tail loop; padding is zero. */
export function strideFor(dimensions: number): number {
  return Math.max(LANES, Math.ceil(dimensions / LANES) * LANES);
}

/**
 * dots(query, matrix, stride, rowList, count, out): out[i] = Σⱼ query[j] × matrix[rowList[i] × stride + j] over
 * the padded stride, in int32, with i16x8.extmul + i32x4.extadd_pairwise. Hand-assembled; 26× less work for V8
 * than a scalar loop (about 5 ms instead of 100 ms for 100k×512).
 */
const DOTS_BODY = [
  // locals: 3 × i32 (i, rowPointer, j), 3 × v128 (accumulator, a, b)
  0x02, 0x03, 0x7f, 0x03, 0x7b,
  // block; if count == 0 break; i = 0
  0x02, 0x40, 0x20, 0x04, 0x45, 0x0d, 0x00, 0x41, 0x00, 0x21, 0x06,
  // loop over rows: rowPointer = matrix + rowList[i] × stride
  0x03, 0x40, 0x20, 0x01, 0x20, 0x03, 0x20, 0x06, 0x41, 0x02, 0x74, 0x6a, 0x28, 0x02, 0x00, 0x20, 0x02, 0x6c,
  0x6a, 0x21, 0x07,
  // accumulator = 0; j = 0
  0xfd, 0x0c, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x21, 0x09, 0x41, 0x00, 0x21, 0x08,
  // loop over 16-byte lanes: a = query[j..], b = row[j..]
  0x03, 0x40, 0x20, 0x00, 0x20, 0x08, 0x6a, 0xfd, 0x00, 0x00, 0x00, 0x21, 0x0a, 0x20, 0x07, 0x20, 0x08, 0x6a,
  0xfd, 0x00, 0x00, 0x00, 0x21, 0x0b,
  // accumulator += extadd_pairwise(extmul_low(a, b)) + extadd_pairwise(extmul_high(a, b))
  0x20, 0x09, 0x20, 0x0a, 0x20, 0x0b, 0xfd, 0x9c, 0x01, 0xfd, 0x7e, 0xfd, 0xae, 0x01, 0x20, 0x0a, 0x20, 0x0b,
  0xfd, 0x9d, 0x01, 0xfd, 0x7e, 0xfd, 0xae, 0x01, 0x21, 0x09,
  // j += 16; continue while j < stride
  0x20, 0x08, 0x41, 0x10, 0x6a, 0x22, 0x08, 0x20, 0x02, 0x49, 0x0d, 0x00, 0x0b,
  // out[i] = sum of the accumulator's four lanes
  0x20, 0x05, 0x20, 0x06, 0x41, 0x02, 0x74, 0x6a, 0x20, 0x09, 0xfd, 0x1b, 0x00, 0x20, 0x09, 0xfd, 0x1b, 0x01,
  0x6a, 0x20, 0x09, 0xfd, 0x1b, 0x02, 0x6a, 0x20, 0x09, 0xfd, 0x1b, 0x03, 0x6a, 0x36, 0x02, 0x00,
  // i += 1; continue while i < count
  0x20, 0x06, 0x41, 0x01, 0x6a, 0x22, 0x06, 0x20, 0x04, 0x49, 0x0d, 0x00, 0x0b,
  // end block, end function
  0x0b, 0x0b,
];

function leb128(value: number): number[] {
  const bytes: number[] = [];
  let rest = value;
  do {
    let byte = rest & 0x7f;
    rest >>>= 7;
    if (rest !== 0) byte |= 0x80;
    bytes.push(byte);
  } while (rest !== 0);
  return bytes;
}

function section(id: number, content: number[]): number[] {
  return [id, ...leb128(content.length), ...content];
}

function kernelBytes(): Uint8Array {
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    // type 0: (i32 × 6) -> ()
    ...section(1, [0x01, 0x60, 0x06, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x00]),
    // import env.memory, at least one page
    ...section(2, [0x01, 0x03, 0x65, 0x6e, 0x76, 0x06, 0x6d, 0x65, 0x6d, 0x6f, 0x72, 0x79, 0x02, 0x00, 0x01]),
    ...section(3, [0x01, 0x00]),
    // export "dots"
    ...section(7, [0x01, 0x04, 0x64, 0x6f, 0x74, 0x73, 0x00, 0x00]),
    ...section(10, [0x01, ...leb128(DOTS_BODY.length), ...DOTS_BODY]),
  ]);
}

export type DotsKernel = (
  query: number,
  matrix: number,
  stride: number,
  rows: number,
  count: number,
  out: number,
) => void;

/** The little of the WebAssembly API this file uses (the project's lib has no DOM, where its types live). */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, Record<string, unknown>>) => { exports: unknown };
  Memory: new (descriptor: { initial: number }) => WasmMemory;
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

let compiledKernel: object | null | undefined;

/** The compiled SIMD kernel, or null where this runtime lacks WebAssembly SIMD (then a scalar loop is used). */
function simdKernel(): object | null {
  if (compiledKernel === undefined) {
    const bytes = kernelBytes();
    compiledKernel = wasm.validate(bytes) ? new wasm.Module(bytes) : null;
  }
  return compiledKernel ?? null;
}

/**
 * A fresh linear memory (one page; grow it as rows arrive) and the SIMD dots kernel bound to it, or null dots where
 * this runtime lacks WebAssembly SIMD (the caller then runs a scalar loop over the same memory).
 * @example
 * const { memory, dots } = createDotKernel();
 * dots?.(queryOffset, 0, stride, listOffset, count, outOffset);
 */
export function createDotKernel(): { memory: WasmMemory; dots: DotsKernel | null } {
  const memory = new wasm.Memory({ initial: 1 });
  const kernel = simdKernel();
  const dots = kernel
    ? (new wasm.Instance(kernel, { env: { memory } }).exports as { dots: DotsKernel }).dots
    : null;
  return { memory, dots };
}
