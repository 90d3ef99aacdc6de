import { describe, expect, it } from "vitest";
import {
  createGatedCell,
  gatedCellBackward,
  gatedCellForward,
  gatedCellParameters,
  gatedCellSequence,
  gatedCellSequenceBackward,
} from "./gated-cell.js";
import { checkGradients } from "./gradient-check.js";
import { linearBackward, linearForward } from "./layers.js";
import { softmaxCrossEntropy } from "./losses.js";
import { createAdam } from "./optimizers.js";
import { createParameter, type Parameter, zeroGradients } from "./parameter.js";
import { positionEncoding } from "./position-encoding.js";
import { createRandom } from "./random.js";
import { temporalEncodingBackward, temporalEncodingForward, timeIndices } from "./temporal-encoding.js";

const random = createRandom(11);
const float64 = (name: string, rows: number, cols: number): Parameter =>
  createParameter(name, rows, cols, { init: { normal: 0.5, random }, precision: "float64" });
const projection = (n: number) => Array.from({ length: n }, () => random.normal());
const project = (v: ArrayLike<number>, r: number[]) => r.reduce((s, ri, i) => s + ri * (v[i] as number), 0);
const addInto = (p: Parameter, g: ArrayLike<number>) => {
  for (let i = 0; i < g.length; i++) p.grad[i] = (p.grad[i] as number) + (g[i] as number);
};

describe("position encoding", () => {
  it("the authors' code's formula, one J for every sentence, against hand-computed values", () => {
    // d = 4, J = 3: lₖⱼ = 1 + 4(k − 2.5)(j − 2)/12
    const l = positionEncoding(3, 4, "reference");
    const at = (j: number, k: number) => l[(j - 1) * 4 + (k - 1)] as number;
    expect(at(1, 1)).toBeCloseTo(1.5, 14); // 1 + 4(−1.5)(−1)/12
    expect(at(1, 4)).toBeCloseTo(0.5, 14); // 1 + 4(1.5)(−1)/12
    expect(at(1, 2)).toBeCloseTo(1 + (4 * -0.5 * -1) / 12, 14);
    expect([2, 3, 4, 1].map((k) => at(2, k))).toEqual([1, 1, 1, 1]); // the middle word is unweighted
    expect(at(3, 1)).toBeCloseTo(0.5, 14);
    expect(at(3, 3)).toBeCloseTo(1 + (4 * 0.5 * 1) / 12, 14);
  });

  it("the paper's printed formula, J the sentence's own length, against hand-computed values", () => {
    // d = 4, J = 3: lₖⱼ = (1 − j/3) − (k/4)(1 − 2j/3)
    const l = positionEncoding(3, 4, "paper");
    const at = (j: number, k: number) => l[(j - 1) * 4 + (k - 1)] as number;
    expect(at(1, 1)).toBeCloseTo(7 / 12, 14); // 2/3 − 1/12
    expect(at(2, 2)).toBeCloseTo(1 / 2, 14); // 1/3 + 1/6
    expect(at(3, 4)).toBeCloseTo(1, 14); // 0 + 1
    expect(at(1, 4)).toBeCloseTo(1 / 3, 14); // 2/3 − 1/3
  });

  it("the two formulas differ, and no encoding is all ones", () => {
    expect([...positionEncoding(2, 3, "none")]).toEqual([1, 1, 1, 1, 1, 1]);
    expect([...positionEncoding(5, 6, "reference")]).not.toEqual([...positionEncoding(5, 6, "paper")]);
    expect(() => positionEncoding(0, 4)).toThrow(/whole numbers ≥ 1/);
  });
});

describe("temporal encoding", () => {
  it("ages count down to 0 for the most recent sentence", () => {
    expect([...timeIndices(4, 50)]).toEqual([3, 2, 1, 0]);
    expect([...timeIndices(0, 50)]).toEqual([]);
    expect(() => timeIndices(51, 50)).toThrow(/only 50 time rows/);
  });

  it("random noise leaves gaps between ages, strictly decreasing and below the slot count", () => {
    const r = createRandom(3);
    let gaps = 0;
    for (let trial = 0; trial < 200; trial++) {
      const ages = timeIndices(30, 50, { noise: 0.1, random: r });
      for (let i = 1; i < ages.length; i++) expect(ages[i]).toBeLessThan(ages[i - 1] as number);
      expect(ages[29]).toBeGreaterThanOrEqual(0);
      expect(ages[0]).toBeLessThanOrEqual(49);
      if ((ages[0] as number) > 29) gaps++;
    }
    // up to ⌈0.1·30⌉ − 1 = 2 blanks: most draws have at least one
    expect(gaps).toBeGreaterThan(100);
    // a short story (⌈0.1·n⌉ − 1 = 0) gets no blanks
    expect([...timeIndices(5, 50, { noise: 0.1, random: r })]).toEqual([4, 3, 2, 1, 0]);
  });

  it("up to the ceiling (the authors' randi([0, ⌈0.1·n⌉])), a short story gets a blank half the time", () => {
    const r = createRandom(5);
    const oldest = new Map<number, number>();
    for (let trial = 0; trial < 400; trial++) {
      const ages = timeIndices(5, 50, { noise: 0.1, random: r, toCeiling: true });
      for (let i = 1; i < ages.length; i++) expect(ages[i]).toBeLessThan(ages[i - 1] as number);
      oldest.set(ages[0] as number, (oldest.get(ages[0] as number) ?? 0) + 1);
    }
    // 0 or 1 blank, each half the time; with one, 5 of the 6 ages 0–5 are kept and the oldest is 5 unless the blank
    // took it (5/6): about 400 · ½ · ⅚ ≈ 167 draws reach age 5
    expect([...oldest.keys()].sort()).toEqual([4, 5]);
    expect(oldest.get(5)).toBeGreaterThan(130);
    expect(oldest.get(5)).toBeLessThan(200);
  });

  it("adds a weighted time row per memory, and its gradient matches finite differences", () => {
    const table = float64("T", 7, 3);
    const weight = [0.5, 1, 1.5];
    const r = projection(6);
    const result = checkGradients([table], () => {
      const memories = new Float64Array(6);
      temporalEncodingForward(table, 2, [4, 0], memories, weight);
      temporalEncodingBackward(table, 2, [4, 0], r, weight);
      return project(memories, r);
    });
    expect(result.maxRelativeError).toBeLessThan(1e-7);
    const m = new Float64Array(3);
    temporalEncodingForward(table, 2, [1], m);
    expect([...m]).toEqual([...table.value.slice(9, 12)]);
    expect(() => temporalEncodingForward(table, 2, [5], new Float64Array(3))).toThrow(/time row 7/);
  });
});

describe("gated cell", () => {
  it("computes hₜ = fₜ ⊙ hₜ₋₁ + iₜ ⊙ h̃ₜ", () => {
    const cell = createGatedCell("cell", 2, 3, { random, precision: "float64" });
    const step = gatedCellForward(cell, [0.5, -1, 2], [1, -1]);
    for (let k = 0; k < 3; k++) {
      const expected =
        (step.forget[k] as number) * (step.previous[k] as number) +
        (step.input[k] as number) * (step.candidate[k] as number);
      expect(step.state[k]).toBeCloseTo(expected, 14);
      expect(step.forget[k]).toBeGreaterThan(0);
      expect(step.forget[k]).toBeLessThan(1);
    }
    expect(() => gatedCellForward(cell, [0, 0], [1, 1])).toThrow(/state of 3/);
  });

  it("one step: gradients of the gates, the previous state and the input match finite differences", () => {
    const cell = createGatedCell("cell", 3, 4, { random, std: 0.7, precision: "float64" });
    const previous = float64("h", 4, 1);
    const input = float64("x", 3, 1);
    const r = projection(4);
    const result = checkGradients([...gatedCellParameters(cell), previous, input], () => {
      const step = gatedCellForward(cell, previous.value, input.value);
      const grads = gatedCellBackward(cell, step, r);
      addInto(previous, grads.previous);
      addInto(input, grads.input);
      return project(step.state, r);
    });
    expect(result.maxRelativeError).toBeLessThan(1e-6);
  });

  it("through time: four steps and a read-out of every state", () => {
    const cell = createGatedCell("cell", 2, 3, { random, std: 0.8, precision: "float64" });
    const inputs = [0, 1, 2, 3].map((t) => float64(`x${t}`, 2, 1));
    const initial = float64("h0", 3, 1);
    const reads = inputs.map(() => projection(3));
    const result = checkGradients([...gatedCellParameters(cell), ...inputs, initial], () => {
      const steps = gatedCellSequence(
        cell,
        inputs.map((x) => x.value),
        initial.value,
      );
      const grads = gatedCellSequenceBackward(cell, steps, reads);
      for (const [t, x] of inputs.entries()) addInto(x, grads.inputs[t] as Float64Array);
      addInto(initial, grads.initial);
      return steps.reduce((s, step, t) => s + project(step.state, reads[t] as number[]), 0);
    });
    expect(result.maxRelativeError).toBeLessThan(1e-6);
  });

  it("learns to keep a bit through six steps of noise (the forget gate at work)", () => {
    const r = createRandom(5);
    const cell = createGatedCell("cell", 2, 4, { random: r, std: 0.5 });
    const readout = createParameter("readout", 2, 4, { init: { normal: 0.5, random: r } });
    const params = [...gatedCellParameters(cell), readout];
    const sequence = () => {
      const bit = r.int(2);
      const inputs = [[bit === 1 ? 1 : -1, 1]];
      for (let t = 0; t < 5; t++) inputs.push([r.normal(0, 0.5), 0]);
      return { bit, inputs };
    };
    const adam = createAdam({ learningRate: 0.05 });
    for (let step = 0; step < 150; step++) {
      zeroGradients(params);
      for (let n = 0; n < 16; n++) {
        const { bit, inputs } = sequence();
        const steps = gatedCellSequence(cell, inputs);
        const last = steps[steps.length - 1]?.state as Float64Array;
        const { gradScores } = softmaxCrossEntropy(linearForward(readout, null, last), bit);
        const gradLast = linearBackward(readout, null, last, gradScores);
        gatedCellSequenceBackward(
          cell,
          steps,
          steps.map((_, t) => (t === steps.length - 1 ? gradLast : null)),
        );
      }
      adam.step(params);
    }
    let right = 0;
    for (let n = 0; n < 200; n++) {
      const { bit, inputs } = sequence();
      const steps = gatedCellSequence(cell, inputs);
      const scores = linearForward(readout, null, steps[steps.length - 1]?.state as Float64Array);
      if (((scores[1] as number) > (scores[0] as number) ? 1 : 0) === bit) right++;
    }
    expect(right).toBeGreaterThanOrEqual(196);
  });
});
