import { describe, expect, it } from "vitest";
import { halfLifeDecay, updateStrength } from "./decay.js";

const DAY = 86_400_000;

describe("halfLifeDecay", () => {
  it("is 2^(−age / halfLife)", () => {
    // Age 0: 2⁰ = 1. One half-life: 2⁻¹ = 1/2. Two: 2⁻² = 1/4. Half of one: 2^(−1/2) = 0.70710678.
    expect(halfLifeDecay(0, DAY)).toBe(1);
    expect(halfLifeDecay(DAY, DAY)).toBe(0.5);
    expect(halfLifeDecay(2 * DAY, DAY)).toBe(0.25);
    expect(halfLifeDecay(DAY / 2, DAY)).toBeCloseTo(Math.SQRT1_2, 15);
  });

  it("counts an age below zero as now", () => {
    expect(halfLifeDecay(-DAY, DAY)).toBe(1);
  });

  it("refuses a half-life that is not positive", () => {
    expect(() => halfLifeDecay(DAY, 0)).toThrow(RangeError);
    expect(() => halfLifeDecay(DAY, -1)).toThrow(RangeError);
  });
});

describe("updateStrength", () => {
  // s' = f·s + r·(1 − f·s), f = 2^(−elapsed / halfLife), r clipped to [0, 1], s' clipped to [0, 1].

  it("leaves strength unchanged with no time and no reinforcement", () => {
    // f = 1, r = 0: s' = 1·0.6 + 0 = 0.6.
    expect(updateStrength(0.6, 0, DAY, 0)).toBe(0.6);
  });

  it("reinforces to 1 with reinforcement 1", () => {
    // f = 1, r = 1: s' = 0.6 + 1·(1 − 0.6) = 1.
    expect(updateStrength(0.6, 0, DAY, 1)).toBe(1);
    // Also after decay: f = 1/2, s' = 0.3 + 1·(1 − 0.3) = 1.
    expect(updateStrength(0.6, DAY, DAY, 1)).toBe(1);
  });

  it("halves over one half-life with no reinforcement", () => {
    // f = 1/2, r = 0: s' = 0.5·0.6 = 0.3.
    expect(updateStrength(0.6, DAY, DAY, 0)).toBeCloseTo(0.3, 15);
  });

  it("moves part of the way to 1 with partial reinforcement", () => {
    // f = 1/2, r = 0.5: s' = 0.3 + 0.5·(1 − 0.3) = 0.3 + 0.35 = 0.65.
    expect(updateStrength(0.6, DAY, DAY, 0.5)).toBeCloseTo(0.65, 15);
  });

  it("clips reinforcement to [0, 1]", () => {
    // r = 5 acts as 1: s' = 0.2 + 0.8 = 1. r = −1 acts as 0: s' = 0.2.
    expect(updateStrength(0.2, 0, DAY, 5)).toBe(1);
    expect(updateStrength(0.2, 0, DAY, -1)).toBe(0.2);
  });

  it("clips the result to [0, 1]", () => {
    // f = 1, r = 0: s' = 1.5, clipped to 1.
    expect(updateStrength(1.5, 0, DAY, 0)).toBe(1);
    expect(updateStrength(-0.5, 0, DAY, 0)).toBe(0);
  });
});
