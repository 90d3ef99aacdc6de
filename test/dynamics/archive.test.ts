/** Archive and restore: archived memories are kept and exported, left out of recall unless asked for, restorable. */
import { describe, expect, it } from "vitest";
import { EngramError } from "../../src/spec/errors.js";
import { openTestEngine } from "../helpers.js";

const T0 = Date.parse("2026-01-01T00:00:00Z");
const DAY = 86_400_000;

async function recalledTexts(
  engine: ReturnType<typeof openTestEngine>["engine"],
  query: string,
  includeArchived = false,
): Promise<string[]> {
  const { results } = await engine.recall({ query, user: "ana", includeArchived, k: 10 });
  return results.map((r) => r.text).sort();
}

describe("archive and restore", () => {
  it("archives by id: not recalled by default, recalled with includeArchived, exported with its status; restore brings it back", async () => {
    const { engine, path } = openTestEngine({ now: () => T0 });
    const { items } = await engine.remember([
      { text: "Ana's locker code is 4417", user: "ana" },
      { text: "Ana's bike lock code is 9031", user: "ana" },
    ]);
    const [locker, bike] = items.map((i) => i.id) as [string, string];

    expect(await engine.archive({ ids: [locker] })).toEqual({ archived: [locker], unchanged: [] });
    expect(await recalledTexts(engine, "code")).toEqual(["Ana's bike lock code is 9031"]);
    expect(await recalledTexts(engine, "code", true)).toEqual([
      "Ana's bike lock code is 9031",
      "Ana's locker code is 4417",
    ]);
    expect(await engine.archive({ ids: [locker] })).toEqual({ archived: [], unchanged: [locker] });

    const exported: { memory?: { id: string; status: string } }[] = [];
    for await (const line of engine.exportLines()) exported.push(JSON.parse(line));
    expect(exported.flatMap((l) => (l.memory ? [[l.memory.id, l.memory.status]] : [])).sort()).toEqual(
      [
        [bike, "active"],
        [locker, "archived"],
      ].sort(),
    );
    expect((await engine.stats()).byStatus).toEqual({ active: 1, archived: 1 });

    expect(await engine.restore({ ids: [locker, bike] })).toEqual({ restored: [locker], unchanged: [bike] });
    expect(await recalledTexts(engine, "code")).toEqual([
      "Ana's bike lock code is 9031",
      "Ana's locker code is 4417",
    ]);
    expect(path).toMatch(/engram\.db$/);
  });

  it("an import of the export keeps archived memories archived", async () => {
    const source = openTestEngine({ now: () => T0 });
    const { items } = await source.engine.remember({
      text: "the old office was on Rua Augusta",
      user: "ana",
    });
    await source.engine.archive({ ids: [items[0]!.id] });
    const lines: string[] = [];
    for await (const line of source.engine.exportLines()) lines.push(line);

    const target = openTestEngine({ now: () => T0 });
    expect(await target.engine.importLines(lines)).toMatchObject({ restored: 1 });
    const [record] = await target.store.get("default", [items[0]!.id]);
    expect(record?.status).toBe("archived");
    expect(await recalledTexts(target.engine, "office Rua Augusta")).toEqual([]);
    expect(await recalledTexts(target.engine, "office Rua Augusta", true)).toEqual([
      "the old office was on Rua Augusta",
    ]);
  });

  it("refuses unknown ids with not_found and changes nothing", async () => {
    const { engine, store } = openTestEngine({ now: () => T0 });
    const { items } = await engine.remember({ text: "keep me", user: "ana" });
    const error = await engine.archive({ ids: [items[0]!.id, "mem_missing"] }).catch((e: unknown) => e);
    expect(EngramError.isInstance(error) && error.code).toBe("not_found");
    expect((error as Error).message).toContain("mem_missing");
    expect((await store.get("default", [items[0]!.id]))[0]?.status).toBe("active");
    const restoreError = await engine.restore({ ids: ["mem_missing"] }).catch((e: unknown) => e);
    expect(EngramError.isInstance(restoreError) && restoreError.code).toBe("not_found");
  });

  it("archives everything below a strength (decayed to now), within the scope only", async () => {
    let now = T0;
    const { engine } = openTestEngine({ now: () => now, options: { recallGain: 0 } });
    await engine.remember([
      { text: "an old note", user: "ana", at: T0 - 300 * DAY },
      { text: "a recent note", user: "ana", at: T0 - DAY },
      { text: "Bob's old note", user: "bob", at: T0 - 300 * DAY },
    ]);
    now = T0;
    const { archived } = await engine.archive({ below: 0.1, user: "ana" });
    expect(archived).toHaveLength(1);
    expect(await recalledTexts(engine, "note")).toEqual(["a recent note"]);
    const bob = await engine.recall({ query: "note", user: "bob" });
    expect(bob.results.map((r) => r.text)).toEqual(["Bob's old note"]);
  });

  it("restoring gives at least the initial strength, so the next maintenance pass keeps it", async () => {
    const now = T0;
    const { engine, store } = openTestEngine({ now: () => now, options: { recallGain: 0 } });
    const { items } = await engine.remember({ text: "a forgotten detail", user: "ana", at: T0 - 400 * DAY });
    expect((await engine.maintain()).archived).toEqual([items[0]!.id]);
    await engine.restore({ ids: [items[0]!.id] });
    expect((await store.get("default", [items[0]!.id]))[0]).toMatchObject({
      status: "active",
      strength: 0.5,
      lastSeenAt: T0,
    });
    expect((await engine.maintain()).archived).toEqual([]);
  });

  it("maintain archives what was never used and keeps what is recalled every week", async () => {
    let now = T0;
    const { engine } = openTestEngine({ now: () => now, options: { temperature: 1 } });
    const { items } = await engine.remember([
      { text: "Ana's dentist is Dr Silva", user: "ana" },
      { text: "Ana parks on level three", user: "ana" },
    ]);
    const [dentist, parking] = items.map((i) => i.id) as [string, string];
    for (let week = 1; week <= 52; week++) {
      now = T0 + week * 7 * DAY;
      await engine.recall({ query: "dentist Silva", user: "ana", k: 1 });
    }
    const result = await engine.maintain();
    expect(result).toMatchObject({ scanned: 2, archived: [parking], threshold: 0.05, summaries: [] });
    const kept = await engine.recall({ query: "dentist", user: "ana" });
    expect(kept.results.map((r) => r.id)).toEqual([dentist]);
    expect(kept.results[0]!.strength).toBeGreaterThan(0.5);
  });
});
