/** The engine runtime, what every engine operation works with: the store, the embedder, the options and a clock. */
import type { Embedder } from "../spec/embedder.js";
import type { Store } from "../spec/store.js";
import type { EngineOptions } from "./schemas.js";

export interface EngineRuntime {
  store: Store;
  embedder: Embedder;
  options: EngineOptions;
  /** Milliseconds since the epoch; tests pass a fixed clock. */
  now: () => number;
}

export const DAY_MS = 86_400_000;
