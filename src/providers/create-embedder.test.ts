import { describe, expect, it } from "vitest";
import { EngramError } from "../spec/errors.js";
import { createEmbedder, embedderConfigFromEnv, parseEmbedderConfig } from "./create-embedder.js";

function thrown(action: () => unknown): EngramError {
  try {
    action();
  } catch (error) {
    expect(EngramError.isInstance(error)).toBe(true);
    return error as EngramError;
  }
  throw new Error("expected an error");
}

describe("createEmbedder", () => {
  it("makes the bilingual local model by default, and the English one alone on request, without loading them", () => {
    const embedder = createEmbedder();
    expect(embedder.id).toBe("use-lite@0.2.0+zh@1");
    expect(embedder.extends).toBe("use-lite@0.2.0");
    expect(embedder.dimensions).toBe(512);
    expect(createEmbedder({ kind: "local-en" }).id).toBe("use-lite@0.2.0");
  });

  it("makes a hash embedder of the asked size", async () => {
    const embedder = createEmbedder({ kind: "hash", dimensions: 64 });
    expect(embedder.id).toBe("hash-v1-64");
    const [vector] = await embedder.embed(["I adopted two cats"]);
    expect(vector).toHaveLength(64);
  });

  it("makes an OpenAI-compatible embedder", () => {
    const embedder = createEmbedder({
      kind: "openai",
      baseUrl: "http://127.0.0.1:11434/v1",
      model: "nomic-embed-text",
    });
    expect(embedder.id).toBe("openai:nomic-embed-text");
  });

  it("refuses an unknown kind with config_invalid, listing the valid kinds", () => {
    const error = thrown(() => createEmbedder({ kind: "bert" as "hash" }));
    expect(error.code).toBe("config_invalid");
    expect(error.category).toBe("user");
    expect(error.message).toContain("kind must be one of local, local-en, hash, openai, onnx");
  });

  it("refuses unknown fields, bad sizes and a resized local model", () => {
    expect(thrown(() => parseEmbedderConfig({ kind: "hash", dimension: 3 })).message).toContain("dimension");
    expect(thrown(() => parseEmbedderConfig({ kind: "hash", dimensions: -1 })).message).toContain(
      "dimensions",
    );
    expect(thrown(() => parseEmbedderConfig({ kind: "local", dimensions: 384 })).message).toContain("512");
    expect(thrown(() => parseEmbedderConfig({ kind: "openai", baseUrl: "not a url" })).message).toContain(
      "baseUrl",
    );
  });
});

describe("embedderConfigFromEnv", () => {
  it("defaults to the local model", () => {
    expect(embedderConfigFromEnv({})).toEqual({ kind: "local" });
    expect(embedderConfigFromEnv({ ENGRAM_EMBEDDER: " " })).toEqual({ kind: "local" });
  });

  it("reads the kind, the size and, for openai, the server settings", () => {
    expect(embedderConfigFromEnv({ ENGRAM_EMBEDDER: "hash", ENGRAM_EMBEDDINGS_DIMENSIONS: "256" })).toEqual({
      kind: "hash",
      dimensions: 256,
    });
    expect(
      embedderConfigFromEnv({
        ENGRAM_EMBEDDER: "openai",
        OPENAI_BASE_URL: "http://127.0.0.1:8000/v1",
        ENGRAM_EMBEDDINGS_MODEL: "bge-m3",
        OPENAI_API_KEY: "sk-test",
      }),
    ).toEqual({ kind: "openai", baseUrl: "http://127.0.0.1:8000/v1", model: "bge-m3", apiKey: "sk-test" });
  });

  it("reads the local model's worker threads, and refuses them for another kind or when not a whole number", () => {
    expect(embedderConfigFromEnv({ ENGRAM_EMBEDDER_WORKERS: "0" })).toEqual({ kind: "local", workers: 0 });
    const local = createEmbedder(
      embedderConfigFromEnv({ ENGRAM_EMBEDDER: "local-en", ENGRAM_EMBEDDER_WORKERS: "1" }),
    );
    expect((local as unknown as { workers: number }).workers).toBe(1);
    const notLocal = thrown(() =>
      embedderConfigFromEnv({ ENGRAM_EMBEDDER: "hash", ENGRAM_EMBEDDER_WORKERS: "2" }),
    );
    expect(notLocal.message).toContain("workers: only the local model runs on worker threads");
    const notCount = thrown(() => embedderConfigFromEnv({ ENGRAM_EMBEDDER_WORKERS: "two" }));
    expect(notCount.code).toBe("config_invalid");
    expect(notCount.where).toBe(
      "environment (ENGRAM_EMBEDDER, ENGRAM_EMBEDDER_WORKERS, ENGRAM_EMBEDDINGS_*)",
    );
    expect(notCount.message).toContain("workers:");
  });

  it("names the variable and the valid values when ENGRAM_EMBEDDER is wrong", () => {
    const error = thrown(() => embedderConfigFromEnv({ ENGRAM_EMBEDDER: "bert" }));
    expect(error.code).toBe("config_invalid");
    expect(error.message).toContain("ENGRAM_EMBEDDER");
    expect(error.message).toContain("local, local-en, hash, openai, onnx");
    expect(thrown(() => embedderConfigFromEnv({ ENGRAM_EMBEDDER: "onnx" })).message).toContain(
      "onnx:/path/to/model",
    );
    expect(embedderConfigFromEnv({ ENGRAM_EMBEDDER: "onnx:/models/e5" })).toEqual({
      kind: "onnx",
      path: "/models/e5",
    });
    expect(thrown(() => embedderConfigFromEnv({ ENGRAM_EMBEDDINGS_DIMENSIONS: "big" })).message).toContain(
      "dimensions",
    );
  });
});
