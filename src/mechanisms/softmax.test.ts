import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { softmax } from "./softmax.js";

describe("softmax", () => {
  it("turns [0, ln 3] into [1/4, 3/4]", () => {
    // e⁰ = 1 and e^(ln 3) = 3, so the weights are 1/(1+3) and 3/(1+3).
    const weights = softmax([0, Math.log(3)]);
    expect(weights).toBeInstanceOf(Float64Array);
    expect(weights[0]).toBeCloseTo(0.25, 15);
    expect(weights[1]).toBeCloseTo(0.75, 15);
  });

  it("turns [1, 2, 3] into e^(sᵢ−3) / (e⁻² + e⁻¹ + 1)", () => {
    // e⁻² = 0.135335283, e⁻¹ = 0.367879441, sum = 1.503214724:
    // [0.135335283, 0.367879441, 1] / 1.503214724 = [0.0900305732, 0.2447284711, 0.6652409558].
    const weights = softmax([1, 2, 3]);
    expect(weights[0]).toBeCloseTo(0.0900305732, 10);
    expect(weights[1]).toBeCloseTo(0.2447284711, 10);
    expect(weights[2]).toBeCloseTo(0.6652409558, 10);
  });

  it("stays finite for large scores: [1000, 1000] gives [1/2, 1/2], not NaN", () => {
    // e¹⁰⁰⁰ overflows; after subtracting the maximum both terms are e⁰ = 1.
    expect([...softmax([1000, 1000])]).toEqual([0.5, 0.5]);
    expect([...softmax([-1000, -1000])]).toEqual([0.5, 0.5]);
  });

  it("is shift-invariant: [1000, 1000 + ln 3] equals [0, ln 3]", () => {
    const weights = softmax([1000, 1000 + Math.log(3)]);
    expect(weights[0]).toBeCloseTo(0.25, 12);
    expect(weights[1]).toBeCloseTo(0.75, 12);
  });

  it("gives one score all the weight", () => {
    expect([...softmax([-7.5])]).toEqual([1]);
  });

  it("gives a score of −∞ no weight", () => {
    // e^(−∞ − 0) = 0 and e⁰ = 1.
    expect([...softmax([Number.NEGATIVE_INFINITY, 0])]).toEqual([0, 1]);
  });

  it("returns an empty array for no scores", () => {
    const weights = softmax([]);
    expect(weights).toBeInstanceOf(Float64Array);
    expect(weights.length).toBe(0);
  });

  it("sums to 1 and preserves order, for any finite scores", () => {
    const finite = fc.double({ noNaN: true, noDefaultInfinity: true });
    fc.assert(
      fc.property(fc.array(finite, { minLength: 1, maxLength: 50 }), (scores) => {
        const weights = softmax(scores);
        let sum = 0;
        for (const w of weights) {
          expect(w).toBeGreaterThanOrEqual(0);
          sum += w;
        }
        expect(Math.abs(sum - 1)).toBeLessThanOrEqual(1e-9);
        for (let i = 0; i < scores.length; i++) {
          for (let j = 0; j < scores.length; j++) {
            // Weights can underflow to equal zeros, so a higher score gives an equal or higher weight.
            if (scores[i]! < scores[j]!) expect(weights[i]!).toBeLessThanOrEqual(weights[j]!);
            if (scores[i] === scores[j]) expect(weights[i]).toBe(weights[j]);
          }
        }
      }),
    );
  });
});
