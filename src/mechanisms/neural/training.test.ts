import { describe, expect, it } from "vitest";
import { linearBackward, linearForward } from "./layers.js";
import { listwiseSoftmaxLoss, softmaxCrossEntropy } from "./losses.js";
import { createAdagrad, createAdam, createSgd } from "./optimizers.js";
import {
  createParameter,
  gradientNorm,
  loadParameters,
  type Parameter,
  saveParameters,
  zeroGradients,
} from "./parameter.js";
import { createRandom } from "./random.js";

describe("losses", () => {
  it("listwise loss is −log of the attention on the positives", () => {
    // softmax([0, ln 3, 0]) = [0.2, 0.6, 0.2]; positives {1, 2} hold 0.8
    const { loss, gradScores, weights } = listwiseSoftmaxLoss([0, Math.log(3), 0], [1, 2]);
    expect(weights[1]).toBeCloseTo(0.6, 14);
    expect(loss).toBeCloseTo(-Math.log(0.8), 14);
    // ∂sⱼ = aⱼ − [j ∈ P] aⱼ / 0.8
    expect(gradScores[0]).toBeCloseTo(0.2, 14);
    expect(gradScores[1]).toBeCloseTo(0.6 - 0.75, 14);
    expect(gradScores[2]).toBeCloseTo(0.2 - 0.25, 14);
  });

  it("stays finite when the positives' weight underflows", () => {
    const { loss, gradScores } = listwiseSoftmaxLoss([0, 2000], [0]);
    expect(loss).toBeCloseTo(2000, 9);
    expect([...gradScores].every(Number.isFinite)).toBe(true);
  });

  it("softmax cross-entropy is the one-positive case, and refuses a target out of range", () => {
    expect(softmaxCrossEntropy([0, Math.log(3)], 1).loss).toBeCloseTo(-Math.log(0.75), 14);
    expect(() => softmaxCrossEntropy([0, 1], 2)).toThrow(/target 2 is outside 0..1/);
    expect(() => listwiseSoftmaxLoss([0, 1], [])).toThrow(/at least one positive/);
  });
});

describe("optimisers", () => {
  const quadratic = (p: Parameter, target: number[]) => {
    let loss = 0;
    for (let i = 0; i < target.length; i++) {
      const d = (p.value[i] as number) - (target[i] as number);
      loss += d * d;
      p.grad[i] = (p.grad[i] as number) + 2 * d;
    }
    return loss;
  };

  for (const [name, make] of [
    ["SGD", () => createSgd({ learningRate: 0.1 })],
    ["Adam", () => createAdam({ learningRate: 0.1 })],
    ["Adagrad", () => createAdagrad({ learningRate: 0.5 })],
  ] as const) {
    it(`${name} finds the minimum of a quadratic`, () => {
      const p = createParameter("p", 2, 1, { precision: "float64" });
      const optimizer = make();
      for (let step = 0; step < 500; step++) {
        zeroGradients([p]);
        quadratic(p, [3, -2]);
        optimizer.step([p]);
      }
      expect(p.value[0]).toBeCloseTo(3, 3);
      expect(p.value[1]).toBeCloseTo(-2, 3);
    });
  }

  it("clipping rescales the gradient to the norm limit before the step", () => {
    const a = createParameter("a", 1, 1, { precision: "float64" });
    const b = createParameter("b", 1, 1, { precision: "float64" });
    a.grad[0] = 30;
    b.grad[0] = 40;
    expect(gradientNorm([a, b])).toBe(50);
    createSgd({ learningRate: 1, clipNorm: 5 }).step([a, b]);
    expect(a.value[0]).toBeCloseTo(-3, 12);
    expect(b.value[0]).toBeCloseTo(-4, 12);
  });
});

describe("training", () => {
  it("a linear scorer trained listwise learns that one feature matters and another does not", () => {
    // Each list: 5 candidates with two features; the positive is the one with the largest feature 0, feature 1 is noise.
    const random = createRandom(3);
    const lists = Array.from({ length: 200 }, () => {
      const features = Array.from({ length: 5 }, () => [random.normal(), random.normal()]);
      const best = features.reduce((bi, f, i) => (f[0]! > features[bi]![0]! ? i : bi), 0);
      return { features, best };
    });
    const w = createParameter("w", 1, 2, { precision: "float64" });
    const optimizer = createAdam({ learningRate: 0.05 });
    for (let epoch = 0; epoch < 60; epoch++) {
      zeroGradients([w]);
      for (const { features, best } of lists) {
        const scores = features.map((f) => linearForward(w, null, f)[0] as number);
        const { gradScores } = listwiseSoftmaxLoss(scores, [best]);
        for (const [i, f] of features.entries()) linearBackward(w, null, f, [gradScores[i] as number]);
      }
      optimizer.step([w]);
    }
    expect(w.value[0]).toBeGreaterThan(2);
    expect(Math.abs(w.value[1] as number)).toBeLessThan(0.3);
  });

  it("is bit-reproducible for a seed", () => {
    const draw = (seed: number) => {
      const random = createRandom(seed);
      return Array.from(createParameter("p", 4, 4, { init: { normal: 0.1, random } }).value);
    };
    expect(draw(5)).toEqual(draw(5));
    expect(draw(5)).not.toEqual(draw(6));
    expect(() => createRandom(1.5)).toThrow(/whole number/);
  });

  it("saves and loads parameters, refusing a shape that differs and changing nothing", () => {
    const random = createRandom(1);
    const w = createParameter("w", 2, 3, { init: { normal: 1, random } });
    const saved = JSON.parse(JSON.stringify(saveParameters([w])));
    const copy = createParameter("w", 2, 3);
    loadParameters([copy], saved);
    expect(Array.from(copy.value)).toEqual(Array.from(w.value));
    const wrong = createParameter("w", 3, 2);
    expect(() => loadParameters([wrong], saved)).toThrow(/is 3 × 2, the saved one is 2 × 3/);
    expect(Array.from(wrong.value)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(() => loadParameters([createParameter("v", 1, 1)], saved)).toThrow(
      /no saved values for parameter "v"/,
    );
    saved[0].values[1] = "x";
    expect(() => loadParameters([copy], saved)).toThrow(/value 1 is not a finite number/);
  });
});
