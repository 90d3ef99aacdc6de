/**
 * A memory's history and strength curve come from the engine, under its own strength options: an engine that sets
 * strengthHalfLifeDays, initialStrength and reinforceGain shows the strength it stored (the server once redrew the
 * curve with the default constants, 90 days, 0.5 and 0.5).
 */
import { describe, expect, it } from "vitest";
import { createEngine } from "../../src/core/index.js";
import { updateStrength } from "../../src/mechanisms/index.js";
import { createHashEmbedder } from "../../src/providers/index.js";
import { createHttpApp } from "../../src/server/http-app.js";
import { createMemoryStore } from "../../src/stores/memory/index.js";

const DAY = 86_400_000;
const T0 = Date.UTC(2025, 3, 1);
const OPTIONS = { strengthHalfLifeDays: 10, initialStrength: 0.3, reinforceGain: 0.8, deriveFacts: false };

async function toldTwice() {
  let clock = T0;
  const engine = createEngine({
    store: createMemoryStore(),
    embedder: createHashEmbedder({ dimensions: 64 }),
    options: OPTIONS,
    now: () => clock,
  });
  const first = await engine.remember({ text: "Ana moved to Lisbon", user: "ana", source: "chat 1" });
  clock = T0 + 5 * DAY;
  const again = await engine.remember({ text: "Ana moved to Lisbon", user: "ana", source: "chat 2" });
  expect(again.items[0]).toMatchObject({ id: first.items[0]?.id, action: "reinforced" });
  clock = T0 + 15 * DAY;
  return { engine, id: first.items[0]?.id as string };
}

describe("engine.memoryHistory", () => {
  it("draws the strength with the engine's half-life, initial strength and gain, through the strength it stored", async () => {
    const { engine, id } = await toldTwice();
    const history = await engine.memoryHistory({ id });
    // told at T0 with initialStrength 0.3; told again 5 days later: decay over half a half-life, then gain 0.8
    const reinforced = updateStrength(0.3, 5 * DAY, 10 * DAY, 0.8);
    expect(history.memory.strength).toBeCloseTo(reinforced, 15);
    expect(history.strength).toEqual([
      { at: T0, strength: 0.3 },
      { at: T0 + 5 * DAY, strength: history.memory.strength },
      // now, one half-life after it was last told
      { at: T0 + 15 * DAY, strength: history.memory.strength / 2 },
    ]);
    // with the defaults (90 days, 0.5, 0.5) the first point and the reinforcement would differ
    expect(updateStrength(0.5, 5 * DAY, 90 * DAY, 0.5)).not.toBeCloseTo(reinforced, 2);
    expect(history.events.map((event) => [event.at, event.event])).toEqual([
      [T0, "recorded"],
      [T0 + 5 * DAY, "reinforced"],
    ]);
    expect(history.events[1]?.detail).toBe(
      `told again (2) from chat 2, happened ${new Date(T0 + 5 * DAY).toISOString()}`,
    );
  });

  it("ends the curve at the time asked, and refuses an id the tenant does not have (not_found)", async () => {
    const { engine, id } = await toldTwice();
    const history = await engine.memoryHistory({ id, now: T0 + 25 * DAY });
    expect(history.strength.at(-1)).toEqual({ at: T0 + 25 * DAY, strength: history.memory.strength / 4 });
    await expect(engine.memoryHistory({ id, tenant: "another" })).rejects.toMatchObject({
      code: "not_found",
      where: id,
    });
  });

  it("is what the HTTP API's memory page shows (rounded to 4 decimals)", async () => {
    const { engine, id } = await toldTwice();
    const app = createHttpApp({ engine, now: () => T0 + 15 * DAY });
    const page = (await (await app.request(`/v1/memories/${id}`)).json()) as {
      strength: { at: string; strength: number }[];
      history: { event: string }[];
    };
    const strength = (await engine.memoryHistory({ id })).memory.strength;
    expect(page.strength).toEqual([
      { at: new Date(T0).toISOString(), strength: 0.3 },
      { at: new Date(T0 + 5 * DAY).toISOString(), strength: Math.round(strength * 10_000) / 10_000 },
      { at: new Date(T0 + 15 * DAY).toISOString(), strength: Math.round((strength / 2) * 10_000) / 10_000 },
    ]);
    expect(page.history.map((event) => event.event)).toEqual(["recorded", "reinforced"]);
  });
});

describe("engine.get, findByText and timeline", () => {
  it("read memories as records within a tenant: by id in the order asked, by exact text, in time order", async () => {
    let clock = T0;
    const engine = createEngine({
      store: createMemoryStore(),
      embedder: createHashEmbedder({ dimensions: 64 }),
      options: { deriveFacts: false },
      now: () => clock,
    });
    const ids: string[] = [];
    for (const text of ["Ana moved to Lisbon", "Ben plays the cello", "Ana adopted two kittens"]) {
      ids.push((await engine.remember({ text, user: "ana" })).items[0]?.id as string);
      clock += DAY;
    }
    await engine.archive({ ids: [ids[1] as string] });
    expect(
      (await engine.get({ ids: [ids[2] as string, "unknown", ids[0] as string] })).map((m) => m.text),
    ).toEqual(["Ana adopted two kittens", "Ana moved to Lisbon"]);
    expect(await engine.get({ ids: [ids[0] as string], tenant: "another" })).toEqual([]);
    expect(
      (await engine.findByText({ text: "  ana MOVED to lisbon ", user: "ana" })).map((m) => m.id),
    ).toEqual([ids[0]]);
    expect(await engine.findByText({ text: "Ana moved to Lisbon", user: "ben" })).toEqual([]);
    expect((await engine.timeline({ user: "ana" })).map((m) => m.id)).toEqual(ids);
    expect(
      (await engine.timeline({ user: "ana", statuses: ["active"], order: "desc" })).map((m) => m.id),
    ).toEqual([ids[2], ids[0]]);
    expect((await engine.timeline({ limit: 1, offset: 1 })).map((m) => m.id)).toEqual([ids[1]]);
    await expect(engine.timeline({ limit: 0 })).rejects.toMatchObject({ code: "invalid_input" });
  });
});
