/** A stored key as PostgreSQL returns it, and the conversions between int8 vectors and pgvector's float text. */
import type { MemoryKey } from "../../spec/memory.js";
import { storeFailure } from "./connection.js";

/** A row of engram_keys as the reads select it (the embedding as pgvector text). */
/** A KeyRow's columns and the SQL that reads each from a key row aliased `k`. */
const KEY_ROW_COLUMNS: readonly [name: keyof KeyRow, sql: string][] = [
  ["memory_id", "k.memory_id"],
  ["key_kind", "k.key_kind"],
  ["text", "k.text"],
  ["terms", "k.terms"],
  ["scale", "k.scale"],
  ["embedding", "k.embedding::text"],
];

/** A KeyRow as select-list columns of `k`. */
export const KEY_ROW_SELECT = KEY_ROW_COLUMNS.map(([name, sql]) => `${sql} AS ${name}`).join(", ");

/** A KeyRow as one JSON object of `k` (read back with toKey after JSON.parse). */
export const KEY_ROW_JSON = `json_build_object(${KEY_ROW_COLUMNS.map(([name, sql]) => `'${name}', ${sql}`).join(", ")})`;

export interface KeyRow {
  memory_id: string;
  key_kind: string;
  text: string;
  terms: unknown;
  scale: number;
  embedding: string | null;
}

/** A stored JSON column (the driver may already have parsed it), or a store_failure naming the memory. */
export function asJson(value: unknown, field: string, memoryId: string): unknown {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value);
  } catch (error) {
    throw storeFailure(`the stored ${field} of memory ${memoryId} is not valid JSON`, memoryId, error);
  }
}

/** The dequantised vector as pgvector text: int8 × scale, rounded to float4 by the server. */
export function vectorLiteral(values: ArrayLike<number>, scale: number): string {
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) parts[i] = String((values[i] as number) * scale);
  return `[${parts.join(",")}]`;
}

/** Back from the stored float4 vector to the exact int8 values: |q| ≤ 127, so the float error never reaches ½. */
function int8FromVector(text: string, scale: number, memoryId: string): Int8Array {
  const floats = JSON.parse(text) as number[];
  const values = new Int8Array(floats.length);
  if (scale === 0) return values;
  for (let i = 0; i < floats.length; i++) {
    const value = Math.round((floats[i] as number) / scale);
    if (value < -127 || value > 127) {
      throw storeFailure(
        `memory ${memoryId} has a vector that is not int8 × its scale: export, fix and re-import`,
      );
    }
    values[i] = value;
  }
  return values;
}

/** A key row as the MemoryKey it stores. */
export function toKey(row: KeyRow): MemoryKey {
  const terms = asJson(row.terms, "terms", row.memory_id);
  if (!Array.isArray(terms))
    throw storeFailure(`the stored terms of a key of memory ${row.memory_id} are not an array`);
  return {
    memoryId: row.memory_id,
    kind: row.key_kind,
    text: row.text,
    terms: terms as string[],
    vector: row.embedding === null ? null : int8FromVector(row.embedding, row.scale, row.memory_id),
    scale: row.scale,
  };
}
