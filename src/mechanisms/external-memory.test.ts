import { describe, expect, it } from "vitest";
import { memoryRead, memoryWrite } from "./external-memory.js";

describe("memoryRead", () => {
  it("is rₜ = Σ aᵢ vᵢ", () => {
    // 0.25·[4, 0] + 0.75·[0, 8] = [1, 0] + [0, 6] = [1, 6].
    const read = memoryRead(
      [0.25, 0.75],
      [
        [4, 0],
        [0, 8],
      ],
    );
    expect([...read]).toEqual([1, 6]);
  });

  it("refuses a different number of weights and values", () => {
    expect(() => memoryRead([1], [[1], [2]])).toThrow(RangeError);
  });
});

describe("memoryWrite", () => {
  it("moves each slot by aᵢ Δv", () => {
    // Δv = [2, −4]. Slot 1: [1, 1] + 0.5·[2, −4] = [2, −1]. Slot 2: a = 0, unchanged [2, 2].
    // Slot 3: [0, 0] + 0.25·[2, −4] = [0.5, −1].
    const values = [
      [1, 1],
      [2, 2],
      [0, 0],
    ];
    const written = memoryWrite(values, [0.5, 0, 0.25], [2, -4]);
    expect(written.map((slot) => [...slot])).toEqual([
      [2, -1],
      [2, 2],
      [0.5, -1],
    ]);
  });

  it("returns new arrays and leaves the stored values alone", () => {
    const slot = new Float64Array([1, 1]);
    const [written] = memoryWrite([slot], [1], [1, 1]);
    expect([...written!]).toEqual([2, 2]);
    expect([...slot]).toEqual([1, 1]);
    expect(written).not.toBe(slot);
  });

  it("refuses mismatched weights or a Δv of another length", () => {
    expect(() => memoryWrite([[1]], [0.5, 0.5], [1])).toThrow(RangeError);
    expect(() => memoryWrite([[1, 2]], [1], [1])).toThrow(RangeError);
  });
});
