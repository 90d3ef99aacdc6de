import { describe, expect, it } from "vitest";
import { EngramError } from "../../src/spec/errors.js";
import type { MemoryRecord } from "../../src/spec/memory.js";
import {
  MEMORY_COLUMN_COUNT,
  MEMORY_COLUMNS,
  MEMORY_SELECT,
  memoryFromValues,
  memoryRowValues,
} from "../../src/stores/memory-row.js";

const record: MemoryRecord = {
  id: "mem_1",
  tenant: "acme",
  user: "ana",
  agent: null,
  session: "s1",
  kind: "episode",
  text: "Ana moved to Lisbon.",
  role: "user",
  speaker: "Ana",
  occurredAt: Date.UTC(2024, 4, 8),
  recordedAt: Date.UTC(2024, 4, 9),
  source: "chat-1",
  sources: [
    { source: "chat-1", occurredAt: Date.UTC(2024, 4, 8), recordedAt: Date.UTC(2024, 4, 9), session: "s1" },
  ],
  metadata: { topic: "moving", tags: ["city"] },
  count: 2,
  lastSeenAt: Date.UTC(2024, 5, 1),
  strength: 0.7,
  status: "active",
  textHash: "abc",
};

describe("a memories row read as values (SQLite's raw mode)", () => {
  it("gives back the record its values were written from, column for column", () => {
    const values = memoryRowValues(record);
    expect(values).toHaveLength(MEMORY_COLUMN_COUNT);
    expect(memoryFromValues(values)).toEqual(record);
  });

  it("selects the same columns, in the same order, as the inserts write", () => {
    expect(MEMORY_SELECT).toBe(
      MEMORY_COLUMNS.split(", ")
        .map((column) => `m.${column}`)
        .join(", "),
    );
  });

  it("refuses a row whose stored JSON is malformed, naming the memory", () => {
    const values = memoryRowValues(record);
    values[13] = "{not json";
    expect(() => memoryFromValues(values)).toThrowError(EngramError);
    expect(() => memoryFromValues(values)).toThrowError(/metadata of memory mem_1/);
  });
});
