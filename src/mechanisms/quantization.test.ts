import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dequantizeInt8, dotInt8, quantizeInt8 } from "./quantization.js";

describe("quantizeInt8", () => {
  it("scales by max|x| / 127 and rounds half up", () => {
    // max|x| = 1, scale = 1/127. 0.5·127 = 63.5 → Math.round → 64; −1·127 = −127; 0.25·127 = 31.75 → 32.
    const { values, scale } = quantizeInt8([0.5, -1, 0.25]);
    expect(values).toBeInstanceOf(Int8Array);
    expect([...values]).toEqual([64, -127, 32]);
    expect(scale).toBe(1 / 127);
  });

  it("maps the largest magnitude to ±127", () => {
    // scale = 4/127: 4 → 127, −2 → −63.5 → Math.round → −63 (half rounds up, towards +∞), 0 → 0.
    const { values, scale } = quantizeInt8([4, -2, 0]);
    expect([...values]).toEqual([127, -63, 0]);
    expect(scale).toBe(4 / 127);
  });

  it("gives scale 0 for an all-zero vector and an empty one", () => {
    expect(quantizeInt8([0, 0, 0])).toEqual({ values: new Int8Array(3), scale: 0 });
    expect(quantizeInt8([])).toEqual({ values: new Int8Array(0), scale: 0 });
  });
});

describe("dequantizeInt8", () => {
  it("multiplies back by the scale", () => {
    // [64, −127, 32] / 127 = [0.503937, −1, 0.251969].
    const restored = dequantizeInt8(new Int8Array([64, -127, 32]), 1 / 127);
    expect(restored).toBeInstanceOf(Float32Array);
    expect(restored[0]).toBeCloseTo(64 / 127, 6);
    expect(restored[1]).toBeCloseTo(-1, 6);
    expect(restored[2]).toBeCloseTo(32 / 127, 6);
  });

  it("is within half a step of the original, for any vector", () => {
    const component = fc.double({ min: -10, max: 10, noNaN: true });
    fc.assert(
      fc.property(fc.array(component, { minLength: 1, maxLength: 64 }), (vector) => {
        const { values, scale } = quantizeInt8(vector);
        const restored = dequantizeInt8(values, scale);
        for (let i = 0; i < vector.length; i++) {
          // Rounding costs at most scale/2; storing as float32 adds at most |x|·2⁻²⁴.
          const bound = scale / 2 + Math.abs(vector[i]!) * 2 ** -23 + 1e-12;
          expect(Math.abs(restored[i]! - vector[i]!)).toBeLessThanOrEqual(bound);
        }
      }),
    );
  });
});

describe("dotInt8", () => {
  it("handles lengths below four", () => {
    // 1·4 + 2·5 + 3·6 = 32.
    expect(dotInt8(new Int8Array([1, 2, 3]), new Int8Array([4, 5, 6]), 0)).toBe(32);
    expect(dotInt8(new Int8Array([]), new Int8Array([4, 5, 6]), 1)).toBe(0);
  });

  it("handles lengths that are not a multiple of four", () => {
    // 1² + 2² + … + 7² = 140.
    const seven = new Int8Array([1, 2, 3, 4, 5, 6, 7]);
    expect(dotInt8(seven, seven, 0)).toBe(140);
  });

  it("reads the row that starts at the offset", () => {
    const query = new Int8Array([1, 2, 3, 4, 5]);
    // Row at offset 2 is [1, 1, 1, 1, 1]: 1 + 2 + 3 + 4 + 5 = 15.
    // Row at offset 7 is [2, −1, 0, 3, −2]: 2 − 2 + 0 + 12 − 10 = 2.
    const matrix = new Int8Array([9, 9, 1, 1, 1, 1, 1, 2, -1, 0, 3, -2]);
    expect(dotInt8(query, matrix, 2)).toBe(15);
    expect(dotInt8(query, matrix, 7)).toBe(2);
  });

  it("sums extremes without int8 overflow", () => {
    // 5 · 127 · (−127) = −80645.
    const query = new Int8Array(5).fill(127);
    const row = new Int8Array(5).fill(-127);
    expect(dotInt8(query, row, 0)).toBe(-80645);
  });

  it("agrees with the plain dot product, for any row and offset", () => {
    const int8 = fc.integer({ min: -127, max: 127 });
    fc.assert(
      fc.property(fc.array(int8, { maxLength: 40 }), fc.array(int8, { maxLength: 40 }), (query, rest) => {
        const offset = rest.length;
        const matrix = Int8Array.from([...rest, ...query.map((x) => -x)]);
        const expected = query.reduce((sum, x) => sum - x * x, 0);
        expect(dotInt8(Int8Array.from(query), matrix, offset)).toBe(expected);
      }),
    );
  });
});
