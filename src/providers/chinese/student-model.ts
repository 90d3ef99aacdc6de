/**
 * The Chinese student's weights: a file format (header, feature list, per-row scales, basis, quantised rows) that
 * is written by `npm run train:zh` and read at run time, and the student's forward pass (mean of the sentence's
 * feature rows, through the basis into the local model's space, normalised).
 */
import { createHash } from "node:crypto";
import { EngramError } from "../../spec/errors.js";

const MAGIC = "EGZHSTU1";

export interface StudentHeader {
  /** The weights' version: part of the embedder's id, so that vectors of two versions never mix. */
  version: string;
  /** Size of the output space (the local model's: 512). */
  dims: number;
  /** Size of the table's rows; the basis maps them to `dims`. Equal to dims means no basis. */
  rank: number;
  rows: number;
  /** 8: one int8 per value; 4: two values per byte, each in [-7, 7]. */
  bits: 8 | 4;
  /** The weight of the student against the gloss bridge in the fused vector (validated at training). */
  studentWeight: number;
  /** Free-form provenance: data, split, settings, figures. */
  training: Record<string, unknown>;
}

export interface StudentModel {
  header: StudentHeader;
  /** Feature string → row. */
  rows: ReadonlyMap<string, number>;
  features: readonly string[];
  /** One scale per row: value = q × scale. */
  scales: Float32Array;
  /** dims × rank, column-major (column c at [c·dims, (c+1)·dims)); empty when rank = dims. */
  basis: Float32Array;
  /** The quantised rows: rows × rank int8 values, or rows × rank / 2 bytes of packed 4-bit values. */
  table: Int8Array;
  /** SHA-256 (hex) of the file the model was read from, or of what serialiseStudent wrote. */
  sha256: string;
}

function fail(message: string, where?: string): EngramError {
  return new EngramError({ code: "provider_failure", category: "provider", where, message });
}

/** Symmetric per-row quantisation of a float table (rows × rank) to `bits`. */
export function quantizeRows(
  values: Float32Array,
  rank: number,
  bits: 8 | 4,
): { table: Int8Array; scales: Float32Array } {
  const rows = values.length / rank;
  const levels = bits === 8 ? 127 : 7;
  const scales = new Float32Array(rows);
  const table = new Int8Array(bits === 8 ? values.length : Math.ceil(values.length / 2));
  for (let row = 0; row < rows; row++) {
    let max = 0;
    for (let c = 0; c < rank; c++) max = Math.max(max, Math.abs(values[row * rank + c] as number));
    const scale = max / levels;
    scales[row] = scale;
    for (let c = 0; c < rank; c++) {
      const index = row * rank + c;
      const q = scale === 0 ? 0 : Math.round((values[index] as number) / scale);
      if (bits === 8) table[index] = q;
      else {
        const byte = index >> 1;
        // low nibble for even positions, high for odd; each nibble is q + 8 (1..15)
        const nibble = (q + 8) & 0x0f;
        table[byte] =
          (index & 1) === 0 ? (table[byte] as number) | nibble : (table[byte] as number) | (nibble << 4);
      }
    }
  }
  return { table, scales };
}

/** Row `row` of the model's table, dequantised into `out` (length rank). */
export function readRow(model: StudentModel, row: number, out: Float32Array): void {
  const { rank, bits } = model.header;
  const scale = model.scales[row] as number;
  const start = row * rank;
  if (bits === 8) {
    for (let c = 0; c < rank; c++) out[c] = (model.table[start + c] as number) * scale;
    return;
  }
  for (let c = 0; c < rank; c++) {
    const index = start + c;
    const byte = (model.table[index >> 1] as number) & 0xff;
    const nibble = (index & 1) === 0 ? byte & 0x0f : byte >> 4;
    out[c] = (nibble - 8) * scale;
  }
}

/**
 * The student's unit vector (dims) for a sentence's feature strings: the mean of their rows (unknown features are
 * skipped), through the basis, normalised; null when no feature is known.
 */
export function studentEmbed(model: StudentModel, features: readonly string[]): Float32Array | null {
  const { rank, dims } = model.header;
  const mean = new Float32Array(rank);
  const row = new Float32Array(rank);
  let known = 0;
  for (const feature of features) {
    const index = model.rows.get(feature);
    if (index === undefined) continue;
    readRow(model, index, row);
    for (let c = 0; c < rank; c++) mean[c] = (mean[c] as number) + (row[c] as number);
    known++;
  }
  if (known === 0) return null;
  let out = mean;
  if (rank !== dims) {
    out = new Float32Array(dims);
    for (let c = 0; c < rank; c++) {
      const value = mean[c] as number;
      const column = c * dims;
      for (let i = 0; i < dims; i++)
        out[i] = (out[i] as number) + value * (model.basis[column + i] as number);
    }
  }
  let norm = 0;
  for (const value of out) norm += value * value;
  if (norm === 0) return null;
  const scale = 1 / Math.sqrt(norm);
  for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) * scale;
  return out;
}

/** The file's bytes: magic, header length and JSON, feature list, scales, basis, table. */
export function serializeStudent(model: Omit<StudentModel, "rows" | "sha256">): Buffer {
  const header = Buffer.from(JSON.stringify(model.header));
  const features = Buffer.from(model.features.join("\n"));
  const lengths = Buffer.alloc(8);
  lengths.writeUInt32LE(header.length, 0);
  lengths.writeUInt32LE(features.length, 4);
  return Buffer.concat([
    Buffer.from(MAGIC, "latin1"),
    lengths,
    header,
    features,
    Buffer.from(model.scales.buffer, model.scales.byteOffset, model.scales.byteLength),
    Buffer.from(model.basis.buffer, model.basis.byteOffset, model.basis.byteLength),
    Buffer.from(model.table.buffer, model.table.byteOffset, model.table.byteLength),
  ]);
}

function floats(bytes: Buffer, offset: number, count: number): Float32Array {
  // a copy: the offset need not be aligned to 4 bytes
  const out = new Float32Array(count);
  Buffer.from(out.buffer).set(bytes.subarray(offset, offset + count * 4));
  return out;
}

/** Reads a student file; a file that is not one, or is cut short, fails with a clear error naming `where`. */
export function parseStudent(bytes: Buffer, where: string): StudentModel {
  if (bytes.length < 16 || bytes.toString("latin1", 0, 8) !== MAGIC) {
    throw fail(`not a Chinese student model file (no ${MAGIC} header): reinstall engram-memory`, where);
  }
  const headerLength = bytes.readUInt32LE(8);
  const featureLength = bytes.readUInt32LE(12);
  let offset = 16;
  let header: StudentHeader;
  try {
    header = JSON.parse(bytes.toString("utf8", offset, offset + headerLength)) as StudentHeader;
  } catch (error) {
    throw fail(`the student model's header is not JSON (${String(error)}): reinstall engram-memory`, where);
  }
  offset += headerLength;
  const features = bytes.toString("utf8", offset, offset + featureLength).split("\n");
  offset += featureLength;
  const { rows, rank, dims, bits } = header;
  const basisLength = rank === dims ? 0 : rank * dims;
  const tableLength = bits === 8 ? rows * rank : Math.ceil((rows * rank) / 2);
  const expected = offset + rows * 4 + basisLength * 4 + tableLength;
  if (features.length !== rows || bytes.length !== expected) {
    throw fail(
      `the student model file is ${bytes.length} bytes with ${features.length} features, expected ${expected} bytes and ${rows}: the file is damaged, reinstall engram-memory`,
      where,
    );
  }
  const scales = floats(bytes, offset, rows);
  offset += rows * 4;
  const basis = floats(bytes, offset, basisLength);
  offset += basisLength * 4;
  const table = new Int8Array(tableLength);
  Buffer.from(table.buffer).set(bytes.subarray(offset, offset + tableLength));
  return {
    header,
    features,
    rows: new Map(features.map((feature, row) => [feature, row])),
    scales,
    basis,
    table,
    sha256: createHash("sha256").update(bytes).digest("hex"),
  };
}
