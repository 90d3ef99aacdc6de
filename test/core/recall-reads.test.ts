/**
 * A recall's store reads that do not depend on each other run at once: the tenant's stored weights beside the
 * channels' searches, and the candidates' records beside what the graph knows of them and the days they speak of. On
 * a networked store (PostgreSQL) each read is a round trip, so reads in a row add up; these tests hold one read back
 * until the others have started, which only finishes when they are in flight together.
 */
import { afterEach, describe, expect, it } from "vitest";
import { createEngine } from "../../src/core/index.js";
import { readCandidates } from "../../src/core/recall.js";
import { HAND_SET_SCORER } from "../../src/core/recall-scorer.js";
import { engineOptionsSchema, recallInputSchema } from "../../src/core/schemas.js";
import { createHashEmbedder } from "../../src/providers/index.js";
import { EngramError, ERROR_CODES } from "../../src/spec/errors.js";
import type { Store } from "../../src/spec/store.js";
import { openTestEngine } from "../helpers.js";

const MAY_WAIT_MS = 2_000;

/** Store calls seen, and a way to hold a call until others have started. */
function recorder() {
  const started = new Set<string>();
  const order: string[] = [];
  const waiters: (() => void)[] = [];
  return {
    started,
    /** Every call, in the order they started. */
    order,
    enter(name: string) {
      started.add(name);
      order.push(name);
      for (const wake of waiters.splice(0)) wake();
    },
    /** Resolves once every name has started; rejects after MAY_WAIT_MS (the reads ran one after another). */
    async until(names: string[], holder: string): Promise<void> {
      const deadline = Date.now() + MAY_WAIT_MS;
      while (!names.every((name) => started.has(name))) {
        if (Date.now() > deadline)
          throw new Error(
            `${holder} waited for ${names.filter((n) => !started.has(n)).join(", ")}: they ran after it`,
          );
        await new Promise<void>((wake) => {
          waiters.push(wake);
          setTimeout(wake, 20);
        });
      }
    },
  };
}

/**
 * `store` with each call recorded under its name (the graph's and learning's as "graph.x", "learning.x"), and
 * `hold[name]` run before the call it names.
 */
function watched(
  store: Store,
  calls: ReturnType<typeof recorder>,
  hold: Record<string, () => Promise<void>> = {},
): Store {
  const wrap = <T extends object>(target: T, prefix: string): T =>
    new Proxy(target, {
      get(inner, property, receiver) {
        const value = Reflect.get(inner, property, receiver);
        if (prefix === "" && (property === "graph" || property === "learning") && value)
          return wrap(value as object, `${property}.`);
        if (typeof value !== "function" || property === "close") return value;
        const name = `${prefix}${String(property)}`;
        return async (...args: unknown[]) => {
          calls.enter(name);
          await hold[name]?.();
          return (value as (...a: unknown[]) => unknown).apply(inner, args);
        };
      },
    });
  return wrap(store, "");
}

const TURNS = [
  { text: "I moved to Lisbon last spring.", speaker: "Ana", session: "s1" },
  { text: "Did you like the city?", speaker: "Ben", session: "s1" },
  { text: "Yes, I love the tiles and the trams.", speaker: "Ana", session: "s1" },
  { text: "My sister Maria works at the hospital in Porto.", speaker: "Ana", session: "s1" },
];

const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const engine of opened.splice(0)) await engine.close();
});

async function filledStore(): Promise<Store> {
  const { engine, path } = openTestEngine();
  await engine.remember(
    TURNS.map((turn, i) => ({ ...turn, user: "ana", at: 1_700_000_000_000 + i * 60_000 })),
  );
  await engine.close();
  return openTestEngine({ path }).store;
}

describe("a recall's independent reads", () => {
  it("reads the tenant's weights while the channels search, not before", async () => {
    const calls = recorder();
    const store = watched(await filledStore(), calls, {
      "learning.scorer": () => calls.until(["searchVectors", "searchTerms"], "the weights' read"),
    });
    const engine = createEngine({ store, embedder: createHashEmbedder() });
    opened.push(engine);
    const result = await engine.recall({ query: "Where did Ana move?", user: "ana" });
    expect(result.results[0]?.text).toBe("I moved to Lisbon last spring.");
    expect(result.scorer).toBe("default");
  });

  it("reads the candidates' records beside their facts, entities, told facts and dates", async () => {
    const calls = recorder();
    const store = watched(await filledStore(), calls, {
      get: () =>
        calls.until(["graph.facts", "graph.entities", "graph.factsFromSources", "keys"], "the records' read"),
    });
    const engine = createEngine({ store, embedder: createHashEmbedder() });
    opened.push(engine);
    const result = await engine.recall({ query: "Where does Maria work?", user: "ana" });
    expect(result.results.map((r) => r.text)).toContain("My sister Maria works at the hospital in Porto.");
  });

  it("reads the days of the turns neighbours bring in with the neighbours, not after them", async () => {
    const said = Date.UTC(2023, 4, 8, 12);
    const { engine, path } = openTestEngine({ options: { deriveFacts: false } });
    await engine.remember(
      [
        { text: "Did you travel anywhere in spring?", speaker: "Ben" },
        { text: "Yesterday I flew home from Lisbon.", speaker: "Ana" },
        { text: "What a trip that must have been!", speaker: "Ben" },
      ].map((turn, i) => ({ ...turn, user: "ana", session: "s1", at: said + i * 60_000 })),
    );
    await engine.close();
    const calls = recorder();
    const store = watched(openTestEngine({ path }).store, calls);
    // one candidate a channel: the answer after the question comes in only as its neighbour
    const options = engineOptionsSchema.parse({ candidatesPerChannel: 1 });
    const context = { store, embedder: createHashEmbedder(), options, now: () => said + 3_600_000 };
    const query = recallInputSchema.parse({ query: "Did you travel anywhere in spring?", user: "ana", k: 1 });
    const { set } = await readCandidates(context, query, HAND_SET_SCORER);
    const answer = set.candidates.find((c) => c.record.text.startsWith("Yesterday"));
    expect(answer?.neighbour).toBeDefined();
    expect(answer?.vectorHit).toBeUndefined();
    expect(answer?.dates).toEqual([Date.UTC(2023, 4, 7)]);
    expect(calls.order).toContain("adjacent");
    expect(calls.order.slice(calls.order.indexOf("adjacent"))).not.toContain("keys");
    await store.close();
  });

  it("fails the recall with the weights' read error when that read fails, and loses nothing", async () => {
    const calls = recorder();
    const inner = await filledStore();
    const store = watched(inner, calls, {
      "learning.scorer": async () => {
        throw new EngramError({
          code: ERROR_CODES.storeUnavailable,
          category: "system",
          message: "cannot reach the store (a restart)",
        });
      },
    });
    const engine = createEngine({ store, embedder: createHashEmbedder() });
    opened.push(engine);
    await expect(engine.recall({ query: "Lisbon", user: "ana" })).rejects.toMatchObject({
      code: "store_unavailable",
    });
    expect(calls.started.has("searchVectors")).toBe(true);
    expect((await inner.stats("default")).memories).toBeGreaterThanOrEqual(TURNS.length);
  });
});
