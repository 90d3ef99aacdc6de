import { describe, expect, it } from "vitest";
import { gatedScalar, gatedUpdate, sigmoid } from "./gated-update.js";

describe("gatedUpdate", () => {
  it("is hₜ = fₜ ⊙ hₜ₋₁ + iₜ ⊙ h̃ₜ, element by element", () => {
    // Element 1: 0.5·1 + 0·10 = 0.5 (half forgotten, nothing new).
    // Element 2: 1·2 + 0.1·20 = 4 (all kept, a little new).
    // Element 3: 0·3 + 1·30 = 30 (all replaced).
    const next = gatedUpdate([1, 2, 3], [10, 20, 30], [0.5, 1, 0], [0, 0.1, 1]);
    expect(next).toBeInstanceOf(Float64Array);
    expect([...next]).toEqual([0.5, 4, 30]);
  });

  it("returns an empty state for empty inputs", () => {
    expect(gatedUpdate([], [], [], []).length).toBe(0);
  });

  it("refuses arguments of different lengths", () => {
    expect(() => gatedUpdate([1, 2], [1, 2], [1], [1, 1])).toThrow(RangeError);
    expect(() => gatedUpdate([1], [1, 2], [1], [1])).toThrow(RangeError);
    expect(() => gatedUpdate([1], [1], [1], [])).toThrow(RangeError);
  });
});

describe("gatedScalar", () => {
  it("is f·h + i·h̃", () => {
    // 0.25·4 + 0.5·10 = 1 + 5 = 6.
    expect(gatedScalar(4, 10, 0.25, 0.5)).toBe(6);
  });
});

describe("sigmoid", () => {
  it("is 1 / (1 + e⁻ˣ)", () => {
    // σ(0) = 1/2; σ(ln 3) = 1 / (1 + 1/3) = 3/4; σ(−ln 3) = 1 / (1 + 3) = 1/4.
    expect(sigmoid(0)).toBe(0.5);
    expect(sigmoid(Math.log(3))).toBeCloseTo(0.75, 15);
    expect(sigmoid(-Math.log(3))).toBeCloseTo(0.25, 15);
  });

  it("saturates without NaN", () => {
    expect(sigmoid(1000)).toBe(1);
    expect(sigmoid(-1000)).toBe(0);
  });
});
