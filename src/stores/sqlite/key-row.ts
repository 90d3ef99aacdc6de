/** A stored key as SQLite returns it, and the conversions between keys and their columns (terms JSON, vector blob). */
import type { MemoryKey } from "../../spec/memory.js";
import { storeFailure } from "../runtime/store-errors.js";

/** A row of the keys table. */
export interface KeyRow {
  id: number;
  memory_id: string;
  kind: string;
  text: string;
  terms: string;
  vector: Buffer | null;
  scale: number;
}

/** A stored JSON column, or a store_failure that says which memory's column is damaged. */
export function parseJson(text: string, field: string, memoryId: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw storeFailure(
      `the stored ${field} of memory ${memoryId} is not valid JSON: restore the file from a backup, or forget this memory`,
      memoryId,
      error,
    );
  }
}

/** A key row as the MemoryKey it stores (its vector copied out of the driver's buffer). */
export function toKey(row: KeyRow): MemoryKey {
  const terms = parseJson(row.terms, "terms", row.memory_id);
  if (!Array.isArray(terms)) {
    throw storeFailure(`the stored terms of a key of memory ${row.memory_id} are not a JSON array`);
  }
  return {
    memoryId: row.memory_id,
    kind: row.kind,
    text: row.text,
    terms: terms as string[],
    // A copy: the driver's buffer may be a view into a pool.
    vector:
      row.vector === null
        ? null
        : Int8Array.from(new Int8Array(row.vector.buffer, row.vector.byteOffset, row.vector.length)),
    scale: row.scale,
  };
}

/** The text a key's FTS row holds: its terms joined by spaces (forget must pass the same text back). */
export function termsText(terms: readonly string[]): string {
  return terms.join(" ");
}

/** The FTS text of a stored key, from the JSON terms column. */
export function keyTermsText(json: string, memoryId: string): string {
  const terms = parseJson(json, "terms", memoryId);
  if (!Array.isArray(terms)) {
    throw storeFailure(`the stored terms of a key of memory ${memoryId} are not a JSON array`);
  }
  return termsText(terms as string[]);
}

/** An int8 vector as the blob the vector column holds (no copy). */
export function vectorBlob(vector: Int8Array): Buffer {
  return Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength);
}
