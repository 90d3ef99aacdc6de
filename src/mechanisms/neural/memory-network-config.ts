/** The End-To-End Memory Network's configuration: its fields, the paper's bAbI defaults, and the check that refuses a bad one. */
import { invalidInput } from "../../spec/errors.js";
import type { PositionEncodingFormula } from "./position-encoding.js";

export interface MemoryNetworkConfig {
  /** Word ids are 0..vocabularySize − 1; id 0 is the nil word, whose rows stay zero. */
  vocabularySize: number;
  /** d: 20 per bAbI task, 50 for the joint model. */
  embeddingSize: number;
  /** K. */
  hops: number;
  /** Memory slots: only the latest `memorySize` sentences before a question are read; empty slots still take part in the softmax as zero vectors. */
  memorySize: number;
  /** Words a sentence or question holds at most (longer ones are cut); the time word comes after them. */
  sentenceLength: number;
  positionEncoding: PositionEncodingFormula;
  /** Learned time rows, one per slot, after the word rows of each memory table. */
  temporal: boolean;
  /**
   * - `adjacent`: K + 1 tables; the question reads table 0, hop k's keys table k and its values table k + 1, and the
   *   answer is scored with the last table (B = A¹, Aᵏ⁺¹ = Cᵏ, Wᵀ = Cᴷ).
   * - `layer-wise`: the same key table A and value table C at every hop, a separate question table B and answer
   *   matrix W, and a linear map H between hops: uᵏ⁺¹ = H uᵏ + oᵏ (the paper's "LW").
   */
  tying: "adjacent" | "layer-wise";
}

/** The paper's bAbI model: 3 hops, d = 20, 50 slots, the reference position encoding, time rows, adjacent tying. */
export const DEFAULT_MEMORY_NETWORK: Omit<MemoryNetworkConfig, "vocabularySize" | "sentenceLength"> = {
  embeddingSize: 20,
  hops: 3,
  memorySize: 50,
  positionEncoding: "reference",
  temporal: true,
  tying: "adjacent",
};

/** Refuses a configuration that cannot make a network, saying which field and why. */
export function checkMemoryNetworkConfig(config: MemoryNetworkConfig, where = "memory network"): void {
  const whole = (name: keyof MemoryNetworkConfig, min: number) => {
    const value = config[name];
    if (typeof value !== "number" || !Number.isInteger(value) || value < min)
      throw invalidInput(`${name} must be a whole number ≥ ${min}, not ${JSON.stringify(value)}`, where);
  };
  whole("vocabularySize", 2);
  whole("embeddingSize", 1);
  whole("hops", 1);
  whole("memorySize", 1);
  whole("sentenceLength", 1);
  if (!["reference", "paper", "none"].includes(config.positionEncoding))
    throw invalidInput(
      `positionEncoding must be "reference", "paper" or "none", not ${JSON.stringify(config.positionEncoding)}`,
      where,
    );
  if (typeof config.temporal !== "boolean")
    throw invalidInput(`temporal must be true or false, not ${JSON.stringify(config.temporal)}`, where);
  if (config.tying !== "adjacent" && config.tying !== "layer-wise")
    throw invalidInput(
      `tying must be "adjacent" or "layer-wise", not ${JSON.stringify(config.tying)}`,
      where,
    );
}
