/** The local-GGUF path for real: node-llama-cpp loads a tiny generated model, a grammar forces JSON, facts are written. */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createEngine } from "../../src/core/index.js";
import { LLM_EXTRACTION_JSON_SCHEMA } from "../../src/core/knowledge/llm-extraction.js";
import { createHashEmbedder } from "../../src/providers/index.js";
import { createLlamaCppLanguageModel } from "../../src/providers/llama-cpp-language-model.js";
import { createSqliteStore } from "../../src/stores/sqlite/index.js";
import { makeTinyGguf } from "../fixtures/make-tiny-gguf.js";
import { tempDir } from "../helpers.js";

describe("a local GGUF model through node-llama-cpp", () => {
  it("is a random-weight llama model of well under 1 MB", () => {
    const size = makeTinyGguf(join(tempDir(), "tiny.gguf"));
    expect(size).toBeLessThan(500_000);
  });

  it("answers in JSON of the asked schema, with token counts, and drives fact extraction", async () => {
    const modelPath = join(tempDir(), "tiny.gguf");
    makeTinyGguf(modelPath);
    const model = createLlamaCppLanguageModel({ modelPath, contextSize: 8192, threads: 1 });
    try {
      const reply = await model.complete({
        messages: [
          { role: "system", content: "Answer in JSON." },
          { role: "user", content: "I live in Lisbon." },
        ],
        jsonSchema: LLM_EXTRACTION_JSON_SCHEMA,
        maxTokens: 4096,
      });
      const parsed = JSON.parse(reply.text) as { facts: unknown[]; entities: unknown[] };
      expect(Array.isArray(parsed.facts)).toBe(true);
      expect(Array.isArray(parsed.entities)).toBe(true);
      expect(reply.usage.promptTokens).toBeGreaterThan(10);
      expect(reply.usage.completionTokens).toBeGreaterThan(5);

      const engine = createEngine({
        store: createSqliteStore({ path: join(tempDir(), "engram.db") }),
        embedder: createHashEmbedder(),
        languageModel: model,
      });
      const result = await engine.remember([{ text: "I live in Lisbon.", user: "ana", speaker: "Ana" }]);
      expect(result.inserted).toBe(1);
      expect(result.knowledge?.llm?.calls).toBe(1);
      expect(result.knowledge?.llm?.promptTokens).toBeGreaterThan(100);
      expect(result.knowledge?.llm?.completionTokens).toBeGreaterThan(5);
      await engine.store.close();
    } finally {
      await model.close?.();
    }
  }, 120_000);
});
