/**
 * Regression test for issue 14's "every later write failed until the run ended" after a PostgreSQL restart: the
 * engine bound the store to its embedder once, on the first vector, and kept that promise; when the store was
 * unreachable at that moment, the rejected promise failed every later write and recall of the process.
 */
import { describe, expect, it } from "vitest";
import { createEngine } from "../../src/core/index.js";
import { createHashEmbedder } from "../../src/providers/index.js";
import { EngramError, ERROR_CODES } from "../../src/spec/errors.js";
import type { Store } from "../../src/spec/store.js";
import { openTestEngine } from "../helpers.js";

describe("a store unreachable at the first write", () => {
  it("fails that write only: the next write and recall bind the embedder again and succeed", async () => {
    const { store } = openTestEngine();
    let outage = true;
    const flaky = new Proxy(store, {
      get(target, property, receiver) {
        if (property === "bindEmbedder" && outage) {
          return async () => {
            throw new EngramError({
              code: ERROR_CODES.storeUnavailable,
              category: "system",
              message: "cannot reach the store (a restart)",
            });
          };
        }
        return Reflect.get(target, property, receiver);
      },
    }) as Store;
    const engine = createEngine({ store: flaky, embedder: createHashEmbedder() });
    await expect(engine.remember({ text: "Ana moved to Lisbon", user: "ana" })).rejects.toMatchObject({
      code: "store_unavailable",
    });
    outage = false;
    const written = await engine.remember({ text: "Ana moved to Lisbon", user: "ana" });
    expect(written.inserted).toBe(1);
    const recalled = await engine.recall({ query: "Lisbon", user: "ana", kinds: ["episode"] });
    expect(recalled.results.map((r) => r.text)).toEqual(["Ana moved to Lisbon"]);
  });
});
