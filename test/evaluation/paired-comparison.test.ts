import { describe, expect, it } from "vitest";
import { comparePaired, signTest } from "../../src/evaluation/paired-comparison.js";

describe("paired comparison of two systems on the same questions", () => {
  it("sign test: exact two-sided binomial tails", () => {
    // 0 against 5: 2 · (1/2)^5
    expect(signTest(0, 5)).toBeCloseTo(0.0625, 10);
    // 1 against 9 of 10: 2 · (C(10,0) + C(10,1)) / 1024
    expect(signTest(9, 1)).toBeCloseTo(22 / 1024, 10);
    // an even split is as likely as it gets
    expect(signTest(4, 4)).toBe(1);
    expect(signTest(0, 0)).toBe(1);
    // large n stays finite and symmetric: 18 gained against 21 lost
    const p = signTest(18, 21);
    expect(p).toBeGreaterThan(0.7);
    expect(p).toBeLessThan(0.8);
    expect(signTest(21, 18)).toBeCloseTo(p, 12);
  });

  it("counts wins, the mean difference and a bootstrap interval that covers it", () => {
    const first = [1, 1, 0.5, 0, 1, 0.5];
    const second = [1, 0, 0.5, 0, 0.5, 1];
    const result = comparePaired(first, second, { resamples: 2000, seed: 3 });
    expect(result).toMatchObject({ questions: 6, gained: 2, lost: 1 });
    expect(result.meanDifference).toBeCloseTo(1 / 6, 12);
    expect(result.interval[0]).toBeLessThan(result.meanDifference);
    expect(result.interval[1]).toBeGreaterThan(result.meanDifference);
    // the same seed resamples the same way
    expect(comparePaired(first, second, { resamples: 2000, seed: 3 }).interval).toEqual(result.interval);
  });

  it("a system better on every question has an interval above zero and a small p", () => {
    const first = Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? 1 : 0.5));
    const second = first.map((x) => x - 0.25);
    const result = comparePaired(first, second, { resamples: 500 });
    expect(result.interval[0]).toBeGreaterThan(0);
    expect(result.signTestP).toBeLessThan(1e-9);
  });

  it("refuses scores that do not pair up", () => {
    expect(() => comparePaired([1, 0], [1])).toThrow(/2 scores against 1/);
  });
});
