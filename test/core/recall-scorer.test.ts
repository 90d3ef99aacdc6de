/** Recall's trained scorer: its gradients, what training learns from a known model, and its file format. */
import { describe, expect, it } from "vitest";
import { FEATURE_COUNT, FEATURE_INDEX, RECALL_FEATURES } from "../../src/core/recall-features.js";
import {
  createScorerLayer,
  defaultScorer,
  HAND_SET_SCORER,
  parseScorerFile,
  priorWeights,
  recallScores,
  scoreFeatures,
  scorerToFile,
  scoresOf,
} from "../../src/core/recall-scorer.js";
import { scorerLoss, type TrainingList, trainScorer } from "../../src/core/train-scorer.js";
import { checkGradients, createParameter, createRandom } from "../../src/mechanisms/neural/index.js";

const A = FEATURE_INDEX.get("length") as number;
const B = FEATURE_INDEX.get("asks") as number;

/** A feature vector with only the given entries set. */
function phi(entries: Record<number, number>): Float64Array {
  const out = new Float64Array(FEATURE_COUNT);
  for (const [i, v] of Object.entries(entries)) out[Number(i)] = v;
  return out;
}

/**
 * Lists drawn from a known attention model: candidate i is the evidence with probability softmax(2·aᵢ + 0·bᵢ), so the
 * maximum-likelihood weights are 2 for feature A and 0 for feature B.
 */
function drawLists(count: number, seed: number): TrainingList[] {
  const random = createRandom(seed);
  return Array.from({ length: count }, () => {
    const features = Array.from({ length: 8 }, () => phi({ [A]: random.normal(), [B]: random.normal() }));
    const logits = features.map((f) => 2 * (f[A] as number));
    const max = Math.max(...logits);
    const weights = logits.map((l) => Math.exp(l - max));
    let u = random.next() * weights.reduce((a, b) => a + b, 0);
    let evidence = 0;
    while (u > (weights[evidence] as number) && evidence < weights.length - 1)
      u -= weights[evidence++] as number;
    return { features, groups: [[evidence]] };
  });
}

describe("the scorer's gradients", () => {
  it("match finite differences, for the linear weights and the additive layer, with rejected memories", () => {
    const random = createRandom(7);
    const lists: TrainingList[] = Array.from({ length: 4 }, (_, l) => ({
      features: Array.from({ length: 6 }, () =>
        Float64Array.from({ length: FEATURE_COUNT }, () => random.normal()),
      ),
      groups: l % 2 === 0 ? [[0], [3]] : [[2]],
      rejected: l === 1 ? [4, 5] : [],
    }));
    const weight = createParameter("weights", FEATURE_COUNT, 1, {
      precision: "float64",
      init: { normal: 0.3, random },
    });
    const layer = createScorerLayer(4, 3, "float64");
    for (const loss of ["each", "any"] as const) {
      const result = checkGradients([weight, layer.weight, layer.bias, layer.vector], () =>
        scorerLoss(lists, weight, layer, loss),
      );
      expect(result.checked).toBeGreaterThan(40);
      expect(result.maxRelativeError).toBeLessThan(1e-6);
    }
  });
});

describe("training", () => {
  it("learns that one feature matters and another does not (the weights of the model that drew the data)", () => {
    const { scorer } = trainScorer(drawLists(2000, 11), { l2: 1e-6, epochs: 200 });
    expect(scorer.weights[A]).toBeCloseTo(2, 0);
    expect(Math.abs((scorer.weights[A] as number) - 2)).toBeLessThan(0.15);
    expect(Math.abs(scorer.weights[B] as number)).toBeLessThan(0.1);
    // features the data never sets keep their prior
    const prior = priorWeights();
    RECALL_FEATURES.forEach((_, j) => {
      if (j !== A && j !== B) expect(scorer.weights[j]).toBeCloseTo(prior[j] as number, 6);
    });
  });

  it("is pulled toward the prior by L2, and is deterministic", () => {
    const lists = drawLists(300, 5);
    const loose = trainScorer(lists, { l2: 1e-6 }).scorer.weights[A] as number;
    const tight = trainScorer(lists, { l2: 1 }).scorer.weights[A] as number;
    expect(Math.abs(tight)).toBeLessThan(Math.abs(loose) / 2);
    expect(Array.from(trainScorer(lists, { l2: 0.01 }).scorer.weights)).toEqual(
      Array.from(trainScorer(lists, { l2: 0.01 }).scorer.weights),
    );
  });
});

describe("the scorer file", () => {
  it("round-trips, and the hand-set prior scores each term at its hand-set value", () => {
    const trained = trainScorer(drawLists(100, 2), { hidden: 3, epochs: 20 }).scorer;
    const copy = parseScorerFile(JSON.parse(JSON.stringify(scorerToFile(trained))), "learned");
    const features = drawLists(1, 3)[0]?.features ?? [];
    const a = scoresOf(trained, features);
    const b = scoresOf(copy, features);
    for (const [i, s] of a.entries()) expect(b[i]).toBeCloseTo(s, 4);
    const [scored] = scoreFeatures(HAND_SET_SCORER, [phi({ 0: 2.5, 1: 1.5, [A]: 3 })]);
    expect(scored?.score).toBe(4);
    expect(scored?.shares.vector).toBe(2.5);
    expect(scored?.shares.lexical).toBe(1.5);
    expect(scored?.shares.form).toBe(0);
  });

  it("ranks by the very scores it explains: recallScores equals scoreFeatures' scores to the bit, with a layer too", () => {
    const trained = trainScorer(drawLists(100, 4), { hidden: 3, epochs: 10 }).scorer;
    const random = createRandom(5);
    const features = Array.from({ length: 50 }, () =>
      // dense and sparse rows: zero features are skipped by both
      Float64Array.from({ length: FEATURE_COUNT }, () => (random.next() < 0.5 ? 0 : random.normal())),
    );
    for (const scorer of [trained, defaultScorer(), HAND_SET_SCORER]) {
      const explained = scoreFeatures(scorer, features);
      const scores = recallScores(scorer, features);
      expect(Array.from(scores)).toEqual(explained.map((s) => s.score));
      for (const s of explained) {
        const sum = Object.values(s.shares).reduce((a, b) => a + b, 0);
        expect(sum).toBeCloseTo(s.score, 9);
      }
    }
    expect(trained.layer).not.toBeNull();
  });

  it("refuses another format, a newer version and a feature it does not compute, with where and how", () => {
    const file = scorerToFile(HAND_SET_SCORER);
    expect(() => parseScorerFile({ ...file, format: "other" }, "learned")).toThrow(
      /format.*engram-recall-scorer/,
    );
    expect(() => parseScorerFile({ ...file, version: 99 }, "learned")).toThrow(
      /newer than this Engram reads/,
    );
    expect(() =>
      parseScorerFile({ ...file, features: [{ name: "shoeSize", weight: 1 }] }, "learned", "my.json"),
    ).toThrow(/my.json: feature "shoeSize" is not one this Engram computes/);
    expect(() =>
      parseScorerFile({ ...file, features: [{ name: "meaning", weight: "x" }] }, "learned"),
    ).toThrow(/features\.0\.weight/);
  });

  it("ships default weights the package can read", () => {
    const shipped = defaultScorer();
    expect(shipped.origin).toBe("default");
    expect(shipped.weights).toHaveLength(FEATURE_COUNT);
    expect([...shipped.weights].every(Number.isFinite)).toBe(true);
  });
});
