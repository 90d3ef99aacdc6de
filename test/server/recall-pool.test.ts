/** Recall on worker threads (issue 14): the same answers as in process, errors as EngramErrors, reinforcement written by the main thread, every worker taking a share. */
import { afterEach, describe, expect, it } from "vitest";
import { createRecallPool, type RecallPool } from "../../src/cli/recall-pool.js";
import { createTenantView } from "../../src/server/tenant-view.js";
import { EngramError } from "../../src/spec/errors.js";
import { openTestEngine } from "../helpers.js";

const NOW = Date.UTC(2025, 5, 1);
const pools: RecallPool[] = [];
afterEach(async () => {
  for (const pool of pools.splice(0)) await pool.close();
});

describe("recall worker pool", () => {
  it("answers what the engine answers in process, from two workers, and its reinforcement reaches the store", async () => {
    const { engine, path } = openTestEngine({ options: { recallGain: 0 } });
    await engine.remember(
      Array.from({ length: 60 }, (_, i) => ({
        text: `note ${i}: ${i % 3 === 0 ? "Ana hikes in the mountains" : "Bob plays the piano at the concert"}`,
        user: "u",
        at: NOW - i * 60_000,
      })),
    );
    const query = { query: "mountain hiking", user: "u", k: 5, now: NOW };
    const inProcess = await engine.recall(query);

    const pool = createRecallPool({
      size: 2,
      store: { kind: "sqlite", path },
      embedder: { kind: "hash" },
      engineOptions: { recallGain: 0 },
      reinforce: (tenant, patches) => engine.store.updateMemories(tenant, patches),
    });
    pools.push(pool);
    const fromPool = await pool.recall(query);
    expect(fromPool.results.map((r) => [r.id, r.weight])).toEqual(
      inProcess.results.map((r) => [r.id, r.weight]),
    );

    // both workers loaded (a loaded machine can take seconds for the second), so each can take a share
    while (pool.readyWorkers() < 2) await new Promise((done) => setTimeout(done, 50));
    const many = await Promise.all(Array.from({ length: 20 }, () => pool.recall(query)));
    expect(many.every((r) => r.results[0]?.id === inProcess.results[0]?.id)).toBe(true);
    expect(pool.answered().every((n) => n > 0)).toBe(true);

    // with reinforcement on, the workers' recalls raise the strength of what they return, written by this thread
    const reinforcing = createRecallPool({
      size: 1,
      store: { kind: "sqlite", path },
      embedder: { kind: "hash" },
      reinforce: (tenant, patches) => engine.store.updateMemories(tenant, patches),
      flushMs: 10,
    });
    pools.push(reinforcing);
    const top = inProcess.results[0]?.id as string;
    const [before] = await engine.store.get("default", [top]);
    await reinforcing.recall({ query: "mountain hiking", user: "u", k: 5 });
    await reinforcing.flush();
    const [after] = await engine.store.get("default", [top]);
    // strength is stored as of lastSeenAt: the recall moved that to now and stored the reinforced value
    expect(after?.lastSeenAt).toBeGreaterThan(before?.lastSeenAt as number);
    expect(after?.strength).not.toBe(before?.strength);
  });

  it("keeps a worker's recall id in the server's engine, so feedback by recallId reaches it", async () => {
    const { engine, path } = openTestEngine();
    const [remembered] = (await engine.remember({ text: "Ana moved to Lisbon", user: "u" })).items;
    const pool = createRecallPool({
      size: 1,
      store: { kind: "sqlite", path },
      embedder: { kind: "hash" },
      reinforce: (tenant, patches) => engine.store.updateMemories(tenant, patches),
    });
    pools.push(pool);
    const direct = await pool.recall({ query: "Lisbon", user: "u" });
    // the server's engine never saw that recall: its id is unknown there
    await expect(
      engine.feedback({ recallId: direct.recallId, used: [remembered?.id as string] }),
    ).rejects.toThrow(/no recall/);
    const view = createTenantView({ engine, tenant: "default", recall: (input) => pool.recall(input) });
    const served = await view.recall({ query: "Lisbon", user: "u" });
    expect(pool.answered().reduce((a, b) => a + b, 0)).toBe(2);
    const feedback = await view.feedback({ recallId: served.recallId, used: [remembered?.id as string] });
    expect(feedback).toMatchObject({ tenant: "default" });
    expect(await engine.store.learning.feedback("default")).toHaveLength(1);
  });

  it("answers recalls in the main thread while its workers load, then on the workers", async () => {
    const { engine, path } = openTestEngine();
    await engine.remember({ text: "Ana moved to Lisbon", user: "u" });
    let fallbacks = 0;
    const pool = createRecallPool({
      size: 1,
      store: { kind: "sqlite", path },
      embedder: { kind: "hash" },
      reinforce: (tenant, patches) => engine.store.updateMemories(tenant, patches),
      fallback: (input) => {
        fallbacks++;
        return engine.recall(input);
      },
    });
    pools.push(pool);
    // the first recall starts the worker, which needs a moment: this thread answers meanwhile
    expect((await pool.recall({ query: "Lisbon", user: "u" })).results.length).toBeGreaterThan(0);
    expect(fallbacks).toBe(1);
    await expect
      .poll(
        async () => {
          await pool.recall({ query: "Lisbon", user: "u" });
          return pool.answered()[0];
        },
        { timeout: 60_000, interval: 200 },
      )
      .toBeGreaterThan(0);
  });

  it("refuses bad input with the engine's EngramError, and stays usable", async () => {
    const { engine, path } = openTestEngine();
    await engine.remember({ text: "Ana moved to Lisbon", user: "u" });
    const pool = createRecallPool({
      size: 1,
      store: { kind: "sqlite", path },
      embedder: { kind: "hash" },
      reinforce: (tenant, patches) => engine.store.updateMemories(tenant, patches),
    });
    pools.push(pool);
    const error = await pool.recall({ query: "", user: "u" }).catch((e: unknown) => e);
    expect(EngramError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: "invalid_input" });
    const timeError = await pool.recall({ query: "x", asOf: 1e20 }).catch((e: unknown) => e);
    expect(timeError).toMatchObject({ code: "invalid_input" });
    // a recall whose client went away before a worker took it is dropped, never computed
    const answered = pool.answered()[0];
    const gone = new AbortController();
    gone.abort();
    await expect(pool.recall({ query: "Lisbon", user: "u" }, gone.signal)).rejects.toThrow(/went away/);
    expect(pool.answered()[0]).toBe(answered);
    const after = await pool.recall({ query: "Lisbon", user: "u", kinds: ["episode"] });
    expect(after.results[0]?.text).toBe("Ana moved to Lisbon");
  });
});
