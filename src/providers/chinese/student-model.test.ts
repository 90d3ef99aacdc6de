import { describe, expect, it } from "vitest";
import { parseStudent, quantizeRows, readRow, serializeStudent, studentEmbed } from "./student-model.js";

const RANK = 6;
const DIMS = 6;

function table(rows: number): Float32Array {
  return Float32Array.from({ length: rows * RANK }, (_, i) => Math.sin(i * 1.7) * (1 + (i % 5)));
}

function model(values: Float32Array, bits: 8 | 4) {
  const { table: quantized, scales } = quantizeRows(values, RANK, bits);
  const rows = values.length / RANK;
  const bytes = serializeStudent({
    header: {
      version: "t",
      dims: DIMS,
      rank: RANK,
      rows,
      bits,
      studentWeight: 0.6,
      training: { note: "test" },
    },
    features: Array.from({ length: rows }, (_, i) => `w:词${i}`),
    scales,
    basis: new Float32Array(0),
    table: quantized,
  });
  return { bytes, parsed: parseStudent(bytes, "test") };
}

describe("the student's weight file", () => {
  for (const bits of [8, 4] as const) {
    it(`round-trips an int${bits} table within half a step per value`, () => {
      const values = table(7);
      const { parsed } = model(values, bits);
      expect(parsed.header.rows).toBe(7);
      expect(parsed.rows.get("w:词3")).toBe(3);
      const row = new Float32Array(RANK);
      for (let r = 0; r < 7; r++) {
        readRow(parsed, r, row);
        const scale = parsed.scales[r] as number;
        let max = 0;
        for (let c = 0; c < RANK; c++) max = Math.max(max, Math.abs(values[r * RANK + c] as number));
        expect(scale).toBeCloseTo(max / (bits === 8 ? 127 : 7), 6);
        for (let c = 0; c < RANK; c++) {
          expect(Math.abs((row[c] as number) - (values[r * RANK + c] as number))).toBeLessThanOrEqual(
            scale / 2 + 1e-6,
          );
        }
      }
    });
  }

  it("embeds the mean of the known features' rows, normalised, and null when none is known", () => {
    const { parsed } = model(table(4), 8);
    const vector = studentEmbed(parsed, ["w:词1", "w:词2", "w:unknown"]);
    const a = new Float32Array(RANK);
    const b = new Float32Array(RANK);
    readRow(parsed, 1, a);
    readRow(parsed, 2, b);
    const sum = a.map((value, i) => value + (b[i] as number));
    const norm = Math.hypot(...sum);
    expect(Array.from(vector ?? [])).toEqual(Array.from(sum).map((value) => expect.closeTo(value / norm, 5)));
    expect(studentEmbed(parsed, ["w:unknown"])).toBeNull();
  });

  it("refuses a file that is not a student, or that is cut short", () => {
    const { bytes } = model(table(3), 8);
    expect(() => parseStudent(Buffer.from("hello world, not a model"), "x.bin")).toThrow(
      /not a Chinese student/,
    );
    expect(() => parseStudent(bytes.subarray(0, bytes.length - 5), "x.bin")).toThrow(/damaged/);
  });
});
