/**
 * Bring your own model: a sentence-embedding model folder on disk (ONNX weights + tokenizer.json + config.json,
 * as exported for multilingual-e5, bge-m3, MiniLM …), run by onnxruntime-node with @huggingface/tokenizers. Both are
 * optional peer dependencies, imported on first use; nothing is ever downloaded.
 */
import { createHash } from "node:crypto";
import { closeSync, existsSync, openSync, readFileSync, readSync, statSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import type { Embedder } from "../../spec/embedder.js";
import { EngramError } from "../../spec/errors.js";
import { toUnitVector } from "../hash-embedder.js";
import { errorMessage } from "../local-model.js";

/** Where a model folder may keep its weights, in the order they are looked for. */
export const ONNX_MODEL_FILES = ["model.onnx", "onnx/model.onnx"] as const;

export interface OnnxEmbedderOptions {
  /** The model folder: tokenizer.json, config.json, and model.onnx (or onnx/model.onnx). */
  folder: string;
  /** Texts per model call. Default 16. */
  batchSize?: number;
  /** Longest input in tokens; longer text is cut. Default: config.json's max_position_embeddings, at most 512. */
  maxTokens?: number;
  /** "mean" over the attention mask (default, or what 1_Pooling/config.json says) or "cls" (the first token). */
  pooling?: "mean" | "cls";
  /** Put before every text, for models trained with one ("query: " for e5). Default none. */
  prefix?: string;
}

interface ModelFolder {
  folder: string;
  modelFile: string;
  tokenizerJson: unknown;
  tokenizerConfig: Record<string, unknown>;
  dimensions: number;
  maxTokens: number;
  pooling: "mean" | "cls";
  fingerprint: string;
}

function configInvalid(where: string, message: string, cause?: unknown): EngramError {
  return new EngramError({ code: "config_invalid", category: "user", where, message, cause });
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw configInvalid(
      path,
      `could not read this JSON file (${errorMessage(error)}): export the model again`,
      error,
    );
  }
}

/** Checks the folder and reads its small files; a folder missing a file is refused, naming every missing one. */
export function inspectOnnxFolder(options: OnnxEmbedderOptions): ModelFolder {
  const folder = resolve(options.folder);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw configInvalid(
      folder,
      "no model folder here: pass the folder that holds model.onnx (or onnx/model.onnx), tokenizer.json and config.json, as in --embedder onnx:/path/to/model",
    );
  }
  const modelFile = ONNX_MODEL_FILES.map((file) => join(folder, file)).find((path) => existsSync(path));
  const missing = [
    ...(modelFile ? [] : [`${ONNX_MODEL_FILES.join(" or ")} (the ONNX weights)`]),
    ...["tokenizer.json", "config.json"].filter((file) => !existsSync(join(folder, file))),
  ];
  if (missing.length > 0 || !modelFile) {
    throw configInvalid(
      folder,
      `the model folder is missing ${missing.join(", ")}: a sentence-embedding model exported to ONNX (for example with Hugging Face Optimum) has all three; copy the whole folder`,
    );
  }
  const config = readJson(join(folder, "config.json")) as Record<string, unknown>;
  const hidden = Number(config.hidden_size ?? config.d_model ?? config.dim);
  if (!Number.isInteger(hidden) || hidden <= 0) {
    throw configInvalid(
      join(folder, "config.json"),
      "config.json names no hidden_size (the vector size): use the config.json exported with the model",
    );
  }
  const tokenizerConfigPath = join(folder, "tokenizer_config.json");
  const tokenizerConfig = existsSync(tokenizerConfigPath)
    ? (readJson(tokenizerConfigPath) as Record<string, unknown>)
    : {};
  const poolingPath = join(folder, "1_Pooling", "config.json");
  const poolingConfig = existsSync(poolingPath) ? (readJson(poolingPath) as Record<string, unknown>) : {};
  const positions = Number(config.max_position_embeddings);
  const tokenizerText = readFileSync(join(folder, "tokenizer.json"), "utf8");
  let tokenizerJson: unknown;
  try {
    tokenizerJson = JSON.parse(tokenizerText);
  } catch (error) {
    throw configInvalid(
      join(folder, "tokenizer.json"),
      `tokenizer.json is not JSON (${errorMessage(error)})`,
      error,
    );
  }
  // the id changes with the weights, the tokenizer or the settings, so vectors of two models never mix
  const fingerprint = createHash("sha256")
    .update(readFileSync(join(folder, "config.json")))
    .update(tokenizerText)
    .update(String(statSync(modelFile).size))
    .update(readHead(modelFile))
    .update(JSON.stringify([options.pooling, options.prefix ?? ""]))
    .digest("hex")
    .slice(0, 12);
  return {
    folder,
    modelFile,
    tokenizerJson,
    tokenizerConfig,
    dimensions: hidden,
    maxTokens:
      options.maxTokens ?? Math.min(512, Number.isInteger(positions) && positions > 0 ? positions : 512),
    pooling: options.pooling ?? (poolingConfig.pooling_mode_cls_token === true ? "cls" : "mean"),
    fingerprint,
  };
}

/** The first MiB of the weights: enough to tell two models apart without reading gigabytes. */
function readHead(path: string): Buffer {
  const head = Buffer.alloc(1 << 20);
  const descriptor = openSync(path, "r");
  try {
    return head.subarray(0, readSync(descriptor, head, 0, head.length, 0));
  } finally {
    closeSync(descriptor);
  }
}

interface Runtime {
  ort: typeof import("onnxruntime-node");
  Tokenizer: typeof import("@huggingface/tokenizers").Tokenizer;
}

async function importRuntime(): Promise<Runtime> {
  try {
    const [ort, tokenizers] = await Promise.all([
      import("onnxruntime-node"),
      import("@huggingface/tokenizers"),
    ]);
    return { ort, Tokenizer: tokenizers.Tokenizer };
  } catch (error) {
    throw new EngramError({
      code: "provider_failure",
      category: "provider",
      message: `the onnx embedder needs the optional packages onnxruntime-node and @huggingface/tokenizers (${errorMessage(error)}): install them with ONNXRUNTIME_NODE_INSTALL=skip npm install onnxruntime-node@1.30.0 @huggingface/tokenizers@0.2.0 (the flag, or onnxruntime-node-install=skip in .npmrc, stops its install script downloading GPU files)`,
      cause: error,
    });
  }
}

/**
 * The embedder over a local ONNX sentence-embedding model. The folder is checked now (missing files are refused
 * with `config_invalid`); the runtime and the model load on the first embed.
 * @example
 * const embedder = createOnnxEmbedder({ folder: "/models/multilingual-e5-small", prefix: "query: " });
 */
export function createOnnxEmbedder(options: OnnxEmbedderOptions): Embedder {
  const model = inspectOnnxFolder(options);
  const batchSize = options.batchSize ?? 16;
  type Loaded = {
    session: import("onnxruntime-node").InferenceSession;
    tokenizer: import("@huggingface/tokenizers").Tokenizer;
    ort: Runtime["ort"];
  };
  let loading: Promise<Loaded> | null = null;
  const load = (): Promise<Loaded> => {
    loading ??= (async () => {
      const { ort, Tokenizer } = await importRuntime();
      try {
        const session = await ort.InferenceSession.create(model.modelFile);
        const tokenizer = new Tokenizer(model.tokenizerJson as object, model.tokenizerConfig);
        return { session, tokenizer, ort };
      } catch (error) {
        throw new EngramError({
          code: "provider_failure",
          category: "provider",
          where: model.modelFile,
          message: `onnxruntime could not load this model (${errorMessage(error)}): check that it is a sentence-embedding model exported to ONNX`,
          cause: error,
        });
      }
    })().catch((error: unknown) => {
      loading = null;
      throw error;
    });
    return loading;
  };

  async function embedBatch(loaded: Loaded, texts: string[]): Promise<(Float32Array | null)[]> {
    const { session, tokenizer, ort } = loaded;
    const encoded = texts.map((text) => {
      const encoding = tokenizer.encode(`${options.prefix ?? ""}${text}`, { return_token_type_ids: true });
      const length = Math.min(encoding.ids.length, model.maxTokens);
      return {
        ids: encoding.ids.slice(0, length),
        mask: encoding.attention_mask.slice(0, length),
        types: (encoding.token_type_ids ?? []).slice(0, length),
      };
    });
    const width = Math.max(1, ...encoded.map((e) => e.ids.length));
    const ids = new BigInt64Array(texts.length * width);
    const mask = new BigInt64Array(texts.length * width);
    const types = new BigInt64Array(texts.length * width);
    encoded.forEach((e, row) => {
      for (let t = 0; t < e.ids.length; t++) {
        ids[row * width + t] = BigInt(e.ids[t] as number);
        mask[row * width + t] = BigInt(e.mask[t] ?? 1);
        types[row * width + t] = BigInt(e.types[t] ?? 0);
      }
    });
    const shape = [texts.length, width];
    const available: Record<string, import("onnxruntime-node").Tensor> = {
      input_ids: new ort.Tensor("int64", ids, shape),
      attention_mask: new ort.Tensor("int64", mask, shape),
      token_type_ids: new ort.Tensor("int64", types, shape),
    };
    const feeds: Record<string, import("onnxruntime-node").Tensor> = {};
    for (const name of session.inputNames) {
      const tensor = available[name];
      if (!tensor) {
        throw new EngramError({
          code: "provider_failure",
          category: "provider",
          where: model.modelFile,
          message: `the model asks for an input "${name}"; Engram gives input_ids, attention_mask and token_type_ids: use a BERT-style sentence-embedding export`,
        });
      }
      feeds[name] = tensor;
    }
    const outputs = await session.run(feeds);
    const pooledName = session.outputNames.find((name) => name === "sentence_embedding");
    const output = outputs[pooledName ?? (session.outputNames[0] as string)];
    if (!output)
      throw new EngramError({
        code: "provider_failure",
        category: "provider",
        message: "the model gave no output",
      });
    const data = output.data as Float32Array;
    const hidden = model.dimensions;
    if (pooledName || output.dims.length === 2) {
      return texts.map((_, row) => toUnitVector(data.subarray(row * hidden, (row + 1) * hidden)));
    }
    const sequence = Number(output.dims[1]);
    return encoded.map((e, row) => {
      const pooled = new Float32Array(hidden);
      if (model.pooling === "cls")
        pooled.set(data.subarray(row * sequence * hidden, row * sequence * hidden + hidden));
      else {
        let count = 0;
        for (let t = 0; t < e.ids.length; t++) {
          if ((e.mask[t] ?? 1) === 0) continue;
          count++;
          const offset = (row * sequence + t) * hidden;
          for (let d = 0; d < hidden; d++) pooled[d] = (pooled[d] as number) + (data[offset + d] as number);
        }
        if (count === 0) return null;
      }
      return toUnitVector(pooled);
    });
  }

  return {
    id: `onnx:${basename(model.folder)}@${model.fingerprint}`,
    dimensions: model.dimensions,
    async embed(texts) {
      const results: (Float32Array | null)[] = texts.map(() => null);
      const positions = texts.flatMap((text, index) => (text.trim() === "" ? [] : [index]));
      if (positions.length === 0) return results;
      const loaded = await load();
      for (let start = 0; start < positions.length; start += batchSize) {
        const batch = positions.slice(start, start + batchSize);
        const vectors = await embedBatch(
          loaded,
          batch.map((index) => texts[index] as string),
        );
        batch.forEach((index, i) => {
          results[index] = vectors[i] ?? null;
        });
      }
      return results;
    },
    async close() {
      const pending = loading;
      loading = null;
      const loaded = await pending?.catch(() => null);
      await loaded?.session.release();
    },
  };
}
