/**
 * Recall's scorer: sᵢ = wᵀφᵢ over the candidate features, optionally plus the guide's additive attention layer
 * vᵀ tanh(W φᵢ + b), and the versioned JSON it is shipped and stored in. The hand-set scorer is w = w₀ (the prior);
 * the shipped default is trained from it (`npm run train:recall`); a tenant may hold weights refit from its feedback.
 */
import { createRequire } from "node:module";
import { z } from "zod";
import {
  type AdditiveAttention,
  additiveAttentionForward,
  createAdditiveAttention,
  createRandom,
  loadParameters,
  saveParameters,
} from "../mechanisms/neural/index.js";
import { invalidInput } from "../spec/errors.js";
import {
  FEATURE_COUNT,
  FEATURE_INDEX,
  RECALL_FEATURES,
  SCORE_TERMS,
  type ScoreTerm,
} from "./recall-features.js";

export const SCORER_FORMAT = "engram-recall-scorer";
export const SCORER_VERSION = 1;

export interface RecallScorer {
  /** Where the weights come from: "hand-set", "default" (shipped) or "learned" (a tenant's feedback). */
  origin: "hand-set" | "default" | "learned";
  /** One weight per feature, in RECALL_FEATURES order. */
  weights: Float64Array;
  /** The optional additive layer over the features. */
  layer: AdditiveAttention | null;
  /**
   * The weights of the first read when recall reads twice (`hops: 2`): those the two-read weights were trained
   * behind, so a recall reads exactly as training did. Null: the first read uses `weights`.
   */
  firstRead: Float64Array | null;
  /** How it was trained, as the file says. */
  training: Record<string, unknown>;
}

const savedParameterSchema = z.strictObject({
  name: z.string(),
  rows: z.number().int().min(1),
  cols: z.number().int().min(1),
  values: z.array(z.number().finite()),
});

export const scorerFileSchema = z.strictObject({
  format: z.literal(SCORER_FORMAT, `must be "${SCORER_FORMAT}"`),
  version: z
    .number()
    .int()
    .min(1)
    .max(SCORER_VERSION, `is newer than this Engram reads (${SCORER_VERSION}): upgrade Engram`),
  features: z
    .array(z.strictObject({ name: z.string(), weight: z.number().finite() }))
    .min(1, "must name at least one feature"),
  layer: z
    .strictObject({ hidden: z.number().int().min(1).max(64), parameters: z.array(savedParameterSchema) })
    .nullable(),
  firstRead: z.array(z.strictObject({ name: z.string(), weight: z.number().finite() })).optional(),
  training: z.record(z.string(), z.unknown()),
});
export type ScorerFile = z.output<typeof scorerFileSchema>;

/** The prior w₀: the hand-set recall. */
export function priorWeights(): Float64Array {
  return Float64Array.from(RECALL_FEATURES, (f) => f.prior);
}

export const HAND_SET_SCORER: RecallScorer = Object.freeze({
  origin: "hand-set",
  weights: priorWeights(),
  layer: null,
  firstRead: null,
  training: {},
});

/** A layer's parameters, named as in the file. */
export function createScorerLayer(
  hidden: number,
  seed: number,
  precision?: "float32" | "float64",
): AdditiveAttention {
  return createAdditiveAttention("layer", FEATURE_COUNT, hidden, {
    random: createRandom(seed),
    std: 0.05,
    precision,
  });
}

/**
 * Reads a scorer file (already JSON-parsed). Refuses, with what is wrong and where, a file of another format or a
 * newer version, a feature this Engram does not compute, or a layer of the wrong shape. A feature the file does not
 * name keeps its prior weight.
 */
export function parseScorerFile(
  value: unknown,
  origin: RecallScorer["origin"],
  where = "scorer",
): RecallScorer {
  const parsed = scorerFileSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalidInput(
      `${where}: ${issue?.path.join(".") || "the file"} ${issue?.message ?? "is not a scorer file"}`,
      where,
    );
  }
  const read = (features: { name: string; weight: number }[]) => {
    const weights = priorWeights();
    for (const { name, weight } of features) {
      const index = FEATURE_INDEX.get(name);
      if (index === undefined)
        throw invalidInput(
          `${where}: feature "${name}" is not one this Engram computes (${RECALL_FEATURES.map((f) => f.name).join(", ")})`,
          where,
        );
      weights[index] = weight;
    }
    return weights;
  };
  const weights = read(parsed.data.features);
  const firstRead = parsed.data.firstRead ? read(parsed.data.firstRead) : null;
  let layer: AdditiveAttention | null = null;
  if (parsed.data.layer) {
    layer = createScorerLayer(parsed.data.layer.hidden, 1);
    try {
      loadParameters([layer.weight, layer.bias, layer.vector], parsed.data.layer.parameters);
    } catch (error) {
      throw invalidInput(`${where}: the layer does not fit: ${(error as Error).message}`, where);
    }
  }
  return { origin, weights, layer, firstRead, training: parsed.data.training };
}

/** The scorer as its JSON file. */
export function scorerToFile(
  scorer: Pick<RecallScorer, "weights" | "layer" | "training"> & { firstRead?: Float64Array | null },
): ScorerFile {
  const named = (weights: Float64Array) =>
    RECALL_FEATURES.map((f, i) => ({ name: f.name, weight: round(weights[i] as number) }));
  return {
    format: SCORER_FORMAT,
    version: SCORER_VERSION,
    features: named(scorer.weights),
    ...(scorer.firstRead ? { firstRead: named(scorer.firstRead) } : {}),
    layer: scorer.layer
      ? {
          hidden: scorer.layer.weight.rows,
          parameters: saveParameters([scorer.layer.weight, scorer.layer.bias, scorer.layer.vector]).map(
            (p) => ({
              ...p,
              values: p.values.map(round),
            }),
          ),
        }
      : null,
    training: scorer.training,
  };
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

let shipped: RecallScorer | undefined;

/** The default weights the package ships (src/core/recall-weights.json, written by `npm run train:recall`). */
export function defaultScorer(): RecallScorer {
  if (!shipped) {
    const require = createRequire(import.meta.url);
    shipped = parseScorerFile(require("./recall-weights.json"), "default", "recall-weights.json");
  }
  return shipped;
}

export interface ScoredCandidate {
  score: number;
  /** Each term's share of the score; they add up to it. */
  shares: Record<ScoreTerm, number>;
}

/** Every term's share at 0, copied for each scored candidate. */
const NO_SHARES = Object.freeze(
  Object.fromEntries(SCORE_TERMS.map((term) => [term, 0])) as Record<ScoreTerm, number>,
);
/** Each feature's term, by feature index. */
const FEATURE_TERMS: readonly ScoreTerm[] = RECALL_FEATURES.map((f) => f.term);

/** sᵢ = wᵀφᵢ (+ the layer), with each term's share. */
export function scoreFeatures(scorer: RecallScorer, features: readonly Float64Array[]): ScoredCandidate[] {
  const layerScores = scorer.layer ? additiveAttentionForward(scorer.layer, features).scores : null;
  return features.map((phi, i) => {
    const shares = { ...NO_SHARES };
    let score = 0;
    for (let j = 0; j < FEATURE_COUNT; j++) {
      const value = phi[j] as number;
      if (value === 0) continue;
      const share = (scorer.weights[j] as number) * value;
      shares[FEATURE_TERMS[j] as ScoreTerm] += share;
      score += share;
    }
    if (layerScores) {
      shares.interaction = layerScores[i] as number;
      score += shares.interaction;
    }
    return { score, shares };
  });
}

/**
 * The scores scoreFeatures gives, to the last bit (the same sums in the same order), without the shares: a recall
 * ranks all its candidates by these and explains only the ones it returns.
 */
export function recallScores(scorer: RecallScorer, features: readonly Float64Array[]): Float64Array {
  const layerScores = scorer.layer ? additiveAttentionForward(scorer.layer, features).scores : null;
  const out = new Float64Array(features.length);
  for (let i = 0; i < features.length; i++) {
    const phi = features[i] as Float64Array;
    let score = 0;
    for (let j = 0; j < FEATURE_COUNT; j++) {
      const value = phi[j] as number;
      if (value !== 0) score += (scorer.weights[j] as number) * value;
    }
    out[i] = layerScores ? score + (layerScores[i] as number) : score;
  }
  return out;
}

/** Only the scores, for training and evaluation loops. */
export function scoresOf(scorer: RecallScorer, features: readonly Float64Array[]): Float64Array {
  const out = new Float64Array(features.length);
  const layerScores = scorer.layer ? additiveAttentionForward(scorer.layer, features).scores : null;
  for (let i = 0; i < features.length; i++) {
    const phi = features[i] as Float64Array;
    let score = layerScores ? (layerScores[i] as number) : 0;
    for (let j = 0; j < FEATURE_COUNT; j++) score += (scorer.weights[j] as number) * (phi[j] as number);
    out[i] = score;
  }
  return out;
}

/** The learned weight of each term's main feature (the hand-set term itself), for reasons: "× 0.31". */
export function termWeight(scorer: RecallScorer, term: ScoreTerm): number | null {
  const main = RECALL_FEATURES.findIndex((f) => f.term === term && f.prior === 1);
  return main < 0 ? null : (scorer.weights[main] as number);
}

/** The scorer of a recall's first read when it reads twice. */
export function firstReadScorer(scorer: RecallScorer): RecallScorer {
  return scorer.firstRead ? { ...scorer, weights: scorer.firstRead, layer: null, firstRead: null } : scorer;
}
