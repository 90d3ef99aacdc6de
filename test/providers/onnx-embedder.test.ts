/** The onnx embedder on a tiny BERT-shaped model and WordPiece tokenizer generated here, run by onnxruntime-node. */
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createEmbedder, createOnnxEmbedder } from "../../src/providers/index.js";
import { makeTinyOnnxModel } from "../fixtures/make-tiny-onnx.js";
import { runEngram, tempDir } from "../helpers.js";

function cosine(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] as number) * (b[i] as number);
  return sum;
}

describe("onnx embedder", () => {
  it("embeds with a model folder on disk: unit vectors of the config's size, same text same vector", async () => {
    const { folder, hidden } = makeTinyOnnxModel(tempDir(), 8);
    const embedder = createOnnxEmbedder({ folder });
    try {
      expect(embedder.dimensions).toBe(hidden);
      expect(embedder.id).toMatch(/^onnx:tiny-bert@[0-9a-f]{12}$/);
      const [cat, again, painters, empty] = await embedder.embed([
        "The cat sat on the mat.",
        "The cat sat on the mat.",
        "She likes painters?",
        "  ",
      ]);
      expect(cat).toHaveLength(hidden);
      expect(Math.hypot(...(cat as Float32Array))).toBeCloseTo(1, 5);
      expect(Array.from(again as Float32Array)).toEqual(Array.from(cat as Float32Array));
      expect(cosine(cat as Float32Array, painters as Float32Array)).toBeLessThan(0.99);
      expect(empty).toBeNull();
      // batched with longer texts (padding) gives the same vector as alone: the mask keeps padding out
      const [alone] = await embedder.embed(["She likes painters?"]);
      expect(cosine(alone as Float32Array, painters as Float32Array)).toBeCloseTo(1, 5);
    } finally {
      await embedder.close?.();
    }
  });

  it("is chosen by kind onnx and path, and its id changes with the model", async () => {
    const first = makeTinyOnnxModel(tempDir(), 8);
    const second = makeTinyOnnxModel(tempDir(), 16);
    const a = createEmbedder({ kind: "onnx", path: first.folder });
    const b = createEmbedder({ kind: "onnx", path: second.folder });
    expect(a.id).not.toBe(b.id);
    expect(b.dimensions).toBe(16);
    expect(() => createEmbedder({ kind: "onnx" })).toThrow(/path names the model folder/);
  });

  it("refuses a folder missing files, naming each missing file", () => {
    const { folder } = makeTinyOnnxModel(tempDir());
    rmSync(join(folder, "tokenizer.json"));
    rmSync(join(folder, "model.onnx"));
    expect(() => createOnnxEmbedder({ folder })).toThrow(
      /missing model\.onnx or onnx\/model\.onnx \(the ONNX weights\), tokenizer\.json/,
    );
    expect(() => createOnnxEmbedder({ folder: join(folder, "nowhere") })).toThrow(/no model folder here/);
    writeFileSync(join(folder, "model.onnx"), "");
    writeFileSync(join(folder, "tokenizer.json"), "{}");
    writeFileSync(join(folder, "config.json"), "{}");
    expect(() => createOnnxEmbedder({ folder })).toThrow(/names no hidden_size/);
  });

  it("remembers and recalls through the CLI with --embedder onnx:<folder>", async () => {
    const { folder } = makeTinyOnnxModel(tempDir());
    const db = join(tempDir(), "onnx.db");
    const flags = ["--db", db, "--embedder", `onnx:${folder}`, "--json"];
    expect((await runEngram([...flags, "remember", "The cat sat on the mat."])).code).toBe(0);
    const recalled = await runEngram([...flags, "recall", "cats"]);
    expect(recalled.code).toBe(0);
    expect(recalled.json().results[0].text).toBe("The cat sat on the mat.");
    const stats = await runEngram([...flags, "stats"]);
    expect(stats.json().embedder.id).toMatch(/^onnx:tiny-bert@/);
    const missing = await runEngram(["--db", db, "--embedder", `onnx:${join(folder, "gone")}`, "stats"]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/no model folder here/);
  });
});
