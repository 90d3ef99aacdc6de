import { describe, expect, it } from "vitest";
import { attentionScores, dot, scaledDotProductAttention, weightedSum } from "./attention.js";

describe("dot", () => {
  it("is the inner product", () => {
    // 1·4 + 2·5 + 3·6 = 32.
    expect(dot([1, 2, 3], [4, 5, 6])).toBe(32);
    expect(dot([], [])).toBe(0);
  });

  it("refuses vectors of different lengths", () => {
    expect(() => dot([1, 2], [1])).toThrow(RangeError);
  });
});

describe("attentionScores", () => {
  it("scales each q·kᵢ by 1/√d", () => {
    // d = 4, so 1/√d = 1/2: q·k = 2, 0, 2 → 1, 0, 1.
    const scores = attentionScores(
      [2, 0, 0, 0],
      [
        [1, 0, 0, 0],
        [0, 3, 0, 0],
        [1, 1, 1, 1],
      ],
    );
    expect([...scores]).toEqual([1, 0, 1]);
  });

  it("gives no scores for no keys", () => {
    expect(attentionScores([1, 0], []).length).toBe(0);
  });
});

describe("scaledDotProductAttention", () => {
  it("weights two orthogonal keys by σ(1/√2) and σ(−1/√2)", () => {
    // q = [1, 0], K = [[1, 0], [0, 1]], d = 2: scores [1/√2, 0] = [0.70710678, 0].
    // a₁ = e^0.70710678 / (e^0.70710678 + 1) = 2.02811498 / 3.02811498 = 0.66976155; a₂ = 1 − a₁ = 0.33023845.
    // Output = a₁·10 + a₂·20 = 6.6976155 + 6.6047690 = 13.3023845.
    const { weights, output } = scaledDotProductAttention(
      [1, 0],
      [
        [1, 0],
        [0, 1],
      ],
      [[10], [20]],
    );
    expect(weights[0]).toBeCloseTo(0.66976155, 8);
    expect(weights[1]).toBeCloseTo(0.33023845, 8);
    expect(output.length).toBe(1);
    expect(output[0]).toBeCloseTo(13.3023845, 7);
  });

  it("blends vector values element by element", () => {
    // Equal keys give equal weights ½, ½: output = ½[2, 0] + ½[0, 4] = [1, 2].
    const { weights, output } = scaledDotProductAttention(
      [3, 1],
      [
        [1, 1],
        [1, 1],
      ],
      [
        [2, 0],
        [0, 4],
      ],
    );
    expect([...weights]).toEqual([0.5, 0.5]);
    expect([...output]).toEqual([1, 2]);
  });

  it("returns empty weights and output for an empty memory", () => {
    const { weights, output } = scaledDotProductAttention([1, 0], [], []);
    expect(weights.length).toBe(0);
    expect(output.length).toBe(0);
  });

  it("refuses a different number of keys and values", () => {
    expect(() => scaledDotProductAttention([1], [[1], [2]], [[1]])).toThrow(RangeError);
  });
});

describe("weightedSum", () => {
  it("is Σ wᵢ vᵢ", () => {
    // 0.5·[2, 4] + 0.25·[8, 0] = [1, 2] + [2, 0] = [3, 2].
    expect([
      ...weightedSum(
        [0.5, 0.25],
        [
          [2, 4],
          [8, 0],
        ],
      ),
    ]).toEqual([3, 2]);
  });

  it("refuses values of different lengths", () => {
    expect(() => weightedSum([0.5, 0.5], [[1, 2], [3]])).toThrow(RangeError);
  });
});
