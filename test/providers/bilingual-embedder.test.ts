/** The bilingual embedder with the real local model and the shipped Chinese weights: one space for both languages. */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { createBilingualEmbedder, createLocalEmbedder } from "../../src/providers/index.js";
import { runEngram, tempDir } from "../helpers.js";

function cosine(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] as number) * (b[i] as number);
  return sum;
}

describe("bilingual embedder", () => {
  const local = createLocalEmbedder({ workers: 0 });
  const embedder = createBilingualEmbedder({ local });
  afterAll(() => embedder.close?.());

  it("gives Chinese sentences their own vectors, not the one constant vector the English model gives them", async () => {
    const chinese = ["我养了两只猫。", "我最喜欢的画家是莫奈。", "明天北京会下雨。"];
    const vectors = await embedder.embed(chinese);
    expect(vectors.every((v) => v !== null && v.length === 512)).toBe(true);
    for (let i = 0; i < vectors.length; i++) {
      expect(Math.hypot(...(vectors[i] as Float32Array))).toBeCloseTo(1, 4);
      for (let j = i + 1; j < vectors.length; j++) {
        expect(cosine(vectors[i] as Float32Array, vectors[j] as Float32Array)).toBeLessThan(0.8);
      }
    }
    // the English model alone: no vector for Chinese (it would be the same vector for all of them)
    expect(await local.embed(chinese)).toEqual([null, null, null]);
  });

  it("keeps the local model's vector for English, and puts a translation next to its English sentence", async () => {
    const [english, translation, unrelated] = await embedder.embed([
      "My favourite painter is Monet.",
      "我最喜欢的画家是莫奈。",
      "The budget meeting moved to Monday.",
    ]);
    const [plain] = await local.embed(["My favourite painter is Monet."]);
    expect(Array.from(english as Float32Array)).toEqual(Array.from(plain as Float32Array));
    expect(cosine(english as Float32Array, translation as Float32Array)).toBeGreaterThan(
      cosine(unrelated as Float32Array, translation as Float32Array) + 0.2,
    );
    expect(embedder.id).toBe("use-lite@0.2.0+zh@1");
    expect(embedder.extends).toBe("use-lite@0.2.0");
  });

  it("routes mixed text a sentence at a time: both halves count", async () => {
    const [mixed, cats, painter] = await embedder.embed([
      "我养了两只猫。My favourite painter is Monet.",
      "I adopted two cats.",
      "My favourite painter is Monet.",
    ]);
    expect(cosine(mixed as Float32Array, cats as Float32Array)).toBeGreaterThan(0.4);
    expect(cosine(mixed as Float32Array, painter as Float32Array)).toBeGreaterThan(0.4);
  });
});

describe("engram recall across languages", () => {
  it('"她喜欢什么画家？" finds the English memory about the painters she likes', async () => {
    const db = join(tempDir(), "bilingual.db");
    const memories = [
      "Ana adopted two cats last spring.",
      "Ana loves the paintings of Monet and Van Gogh.",
      "Ana works as a nurse in Lisbon.",
      "The budget meeting moved to Monday.",
      "Ana is training for a marathon in October.",
    ];
    // one import (one model load): the memories as turns of user ana, in the model's own thread
    const file = join(tempDir(), "memories.jsonl");
    writeFileSync(file, `${memories.map((text) => JSON.stringify({ text, user: "ana" })).join("\n")}\n`);
    vi.stubEnv("ENGRAM_EMBEDDER_WORKERS", "0");
    expect((await runEngram(["--db", db, "--json", "import", file])).code).toBe(0);
    const recalled = await runEngram(["--db", db, "--json", "recall", "她喜欢什么画家？", "--user", "ana"]);
    expect(recalled.code).toBe(0);
    // first: the memory, or the fact derived from it ("Ana likes the paintings of Monet.")
    const results = recalled.json().results as {
      id: string;
      text: string;
      kind: string;
      source: string | null;
    }[];
    const painters = results.find((r) => r.text === "Ana loves the paintings of Monet and Van Gogh.");
    expect(painters).toBeDefined();
    const top = results[0];
    expect(top?.id === painters?.id || (top?.kind === "fact" && top.source === painters?.id)).toBe(true);
    vi.unstubAllEnvs();
  });
});
