/**
 * A recall's scores do not depend on memory ids: two stores holding the same memories under ids that sort the other
 * way round (another store, an export imported elsewhere) score every result alike. Ids order ties (equal BM25, equal
 * relevance among weak hits), so a rank or a cut read from that order once made the same recall differ by store.
 */
import { describe, expect, it } from "vitest";
import type { Engine } from "../../src/core/index.js";
import { openTestEngine } from "../helpers.js";
import { SESSIONS } from "../knowledge/conversation-script.js";

const NOW = Date.parse("2024-10-01T00:00:00Z");
const ID = /mem_[0-9a-z]{26}/g;

/** Every memory id of the export replaced by one that sorts in the opposite order. */
function reverseIds(lines: string[]): string[] {
  const ids = [...new Set(lines.flatMap((line) => line.match(ID) ?? []))].sort();
  const renamed = new Map(
    ids.map((id, i) => [id, `mem_${String(ids.length - i).padStart(10, "0")}${"0".repeat(16)}`]),
  );
  return lines.map((line) => line.replace(ID, (id) => renamed.get(id) as string));
}

async function scores(engine: Engine, query: string, user: string) {
  const { results } = await engine.recall({ query, user, k: 12 });
  return results.map((r) => ({ text: r.text, score: r.score, breakdown: r.breakdown }));
}

describe("recall and memory ids", () => {
  it("scores the same memories alike whatever their ids", async () => {
    const original = openTestEngine({ now: () => NOW }).engine;
    for (const session of SESSIONS) await original.remember(session);
    const lines: string[] = [];
    for await (const line of original.exportLines()) lines.push(line);
    const renamed = openTestEngine({ now: () => NOW }).engine;
    await renamed.importLines(reverseIds(lines));
    for (const [query, user] of [
      ["Where does Ana live?", "ana"],
      ["Where does Maria work?", "ana"],
      ["李伟在哪里工作？", "liwei"],
    ] as const) {
      const a = await scores(original, query, user);
      const b = await scores(renamed, query, user);
      expect(a.length).toBeGreaterThan(5);
      expect(b).toEqual(a);
    }
  });
});
