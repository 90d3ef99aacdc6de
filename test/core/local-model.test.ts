/** Recall with the real local model (Universal Sentence Encoder lite), not the hash embedder. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLocalEmbedder } from "../../src/providers/index.js";
import type { Embedder } from "../../src/spec/embedder.js";
import { openTestEngine } from "../helpers.js";

describe("recall with the local model", () => {
  let embedder: Embedder;
  beforeAll(() => {
    embedder = createLocalEmbedder();
  });
  afterAll(async () => {
    await embedder.close?.();
  });

  it("finds a paraphrased memory and ranks it above a decoy that only shares words with the query", async () => {
    const { engine } = openTestEngine({ embedder: shared(embedder) });
    await engine.remember([
      { text: "We adopted two kittens from the shelter last weekend.", user: "ana" },
      { text: "My pet peeve is people who talk during movies.", user: "ana" }, // shares "pet" with the query
      { text: "I started a new job as a nurse at the children's hospital.", user: "ana" },
      { text: "The library is closed on Sundays.", user: "ana" },
    ]);
    // episodes only; the derived fact "ana has two kittens…" would rank first too
    const { results } = await engine.recall({
      query: "What pets does she have?",
      user: "ana",
      kinds: ["episode"],
    });
    const texts = results.map((r) => r.text);
    expect(texts[0]).toBe("We adopted two kittens from the shelter last weekend.");
    expect(texts.indexOf("My pet peeve is people who talk during movies.")).toBeGreaterThan(0);
    expect(results[0]?.match.cosine).toBeGreaterThan(0.3);
  });

  it("recalls a Chinese memory by a Chinese query, through the lexical channel", async () => {
    const { engine } = openTestEngine({ embedder: shared(embedder) });
    await engine.remember([
      { text: "我下个月要去北京参加一个医学会议。", user: "li" },
      { text: "我的妹妹住在上海，她是一名老师。", user: "li" },
      { text: "I like green tea in the morning.", user: "li" },
    ]);
    const result = await engine.recall({ query: "北京的会议是什么时候？", user: "li" });
    expect(result.channels.vector).toBe(false);
    expect(result.channels.lexical).toBe(true);
    expect(result.results[0]?.text).toBe("我下个月要去北京参加一个医学会议。");
    expect(result.results[0]?.match.cosine).toBeNull();
    const sister = await engine.recall({ query: "妹妹住在哪里", user: "li" });
    expect(sister.results[0]?.text).toBe("我的妹妹住在上海，她是一名老师。");
  });
});

/** The same loaded model for several engines; closing an engine must not unload it. */
function shared(embedder: Embedder): Embedder {
  return { id: embedder.id, dimensions: embedder.dimensions, embed: (texts) => embedder.embed(texts) };
}
