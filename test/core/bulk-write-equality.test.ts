/**
 * The bulk write path's shortcuts store exactly what the plain path stores: the stored near-duplicate scan that skips
 * rows by block-norm bounds (searchVectorsMany's minSimilarity) against the full scan, on a corpus with exact and
 * near copies within a batch and across batches.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createEngine, type Engine, type RememberInput } from "../../src/core/index.js";
import { createHashEmbedder } from "../../src/providers/index.js";
import type { Store } from "../../src/spec/store.js";
import { createSqliteStore } from "../../src/stores/sqlite/index.js";
import { SESSIONS, TURNS } from "../knowledge/conversation-script.js";

const NOW = Date.parse("2024-10-01T00:00:00Z");

// Ids from a counter, so that two engines told the same things in the same order give the same ids.
const ids = vi.hoisted(() => ({ next: 0 }));
vi.mock("../../src/core/ids.js", () => ({
  newMemoryId: (now: number = Date.now()) =>
    `mem_${Math.floor(now).toString(32).padStart(10, "0")}${(ids.next++).toString(32).padStart(16, "0")}`,
}));

const engines: Engine[] = [];
afterEach(async () => {
  for (const engine of engines.splice(0)) await engine.close();
});

/** Every exported line but the header (which says when it was exported). */
async function contents(lines: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const line of lines) if (!line.includes('"type":"header"')) out.push(line);
  return out;
}

/** A store whose near-duplicate scan is the plain one: every row's dot product, no minimum similarity. */
function plainScan(store: Store): Store {
  return {
    ...store,
    searchVectorsMany: (filter, queries, limit) => store.searchVectorsMany(filter, queries, limit),
  };
}

/** Near copies of a turn: a word added, the first word dropped, punctuation (some above 0.97, some below). */
function nearCopies(turn: RememberInput): RememberInput[] {
  return [
    { ...turn, text: `${turn.text} Really.` },
    { ...turn, text: turn.text.replace(/^\S+\s/, "") },
    { ...turn, text: `${turn.text}!` },
  ];
}

async function told(wrap: (store: Store) => Store, deriveFacts: boolean) {
  ids.next = 0;
  const store = createSqliteStore({ path: join(mkdtempSync(join(tmpdir(), "engram-bulk-")), "engram.db") });
  const engine = createEngine({
    store: wrap(store),
    embedder: createHashEmbedder(),
    now: () => NOW,
    options: { deriveFacts, extractionWorkers: 0 },
  });
  engines.push(engine);
  const near: string[] = [];
  const note = (result: Awaited<ReturnType<Engine["remember"]>>) => {
    for (const item of result.items) if (item.match === "near") near.push(item.id);
  };
  // the turns and their near copies in one batch (matches within the batch), then the copies again and each session
  // with its copies (matches among stored rows), as two users
  for (const user of ["ana", "bo"]) {
    note(
      await engine.remember(
        TURNS.flatMap((turn) => [turn, ...nearCopies(turn)]).map((t) => ({ ...t, user })),
      ),
    );
    note(await engine.remember(TURNS.flatMap(nearCopies).map((t) => ({ ...t, user }))));
    for (const session of SESSIONS)
      note(await engine.remember([...session, ...session.flatMap(nearCopies)].map((t) => ({ ...t, user }))));
  }
  return { lines: await contents(engine.exportLines()), near };
}

describe("bulk write equality", () => {
  for (const deriveFacts of [false, true]) {
    it(`stores the same memories, keys${deriveFacts ? ", facts, entities and relations" : ""} with the bounded near-duplicate scan as with the plain one`, async () => {
      const plain = await told(plainScan, deriveFacts);
      const bounded = await told((store) => store, deriveFacts);
      expect(plain.near.length).toBeGreaterThan(10);
      expect(bounded.near).toEqual(plain.near);
      expect(bounded.lines).toEqual(plain.lines);
      if (deriveFacts) expect(plain.lines.some((line) => line.includes('"type":"fact"'))).toBe(true);
    });
  }
});
