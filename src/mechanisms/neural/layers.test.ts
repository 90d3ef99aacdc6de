import { describe, expect, it } from "vitest";
import { checkGradients } from "./gradient-check.js";
import {
  additiveAttentionBackward,
  additiveAttentionForward,
  additiveAttentionParameters,
  attentionReadBackward,
  attentionReadForward,
  createAdditiveAttention,
  embeddingBagBackward,
  embeddingBagForward,
  linearBackward,
  linearForward,
  sigmoidBackward,
  sigmoidForward,
  tanhBackward,
  tanhForward,
} from "./layers.js";
import { l2TowardPrior, listwiseSoftmaxLoss, softmaxCrossEntropy } from "./losses.js";
import { createParameter, type Parameter } from "./parameter.js";
import { createRandom } from "./random.js";

const random = createRandom(7);
const float64 = (name: string, rows: number, cols: number): Parameter =>
  createParameter(name, rows, cols, { init: { normal: 0.5, random }, precision: "float64" });
/** A fixed random projection turns a vector into a scalar loss whose gradient is not trivial. */
const projection = (n: number) => Array.from({ length: n }, () => random.normal());
const project = (v: ArrayLike<number>, r: number[]) => r.reduce((s, ri, i) => s + ri * (v[i] as number), 0);

describe("layers: forward values", () => {
  it("linear computes W x + b", () => {
    const w = createParameter("w", 2, 3, { precision: "float64" });
    w.value.set([1, 2, 3, 4, 5, 6]);
    const b = createParameter("b", 2, 1, { precision: "float64" });
    b.value.set([0.5, -1]);
    // [1·1 + 2·0 + 3·(−1) + 0.5, 4·1 + 5·0 + 6·(−1) − 1] = [−1.5, −3]
    expect([...linearForward(w, b, [1, 0, -1])]).toEqual([-1.5, -3]);
  });

  it("attention read with one dominant key returns (almost) its value", () => {
    const read = attentionReadForward(
      [10, 0],
      [
        [1, 0],
        [0, 1],
      ],
      [
        [3, 4],
        [5, 6],
      ],
    );
    expect(read.weights[0]).toBeCloseTo(1 / (1 + Math.exp(-10)), 12);
    expect(read.output[0]).toBeCloseTo(3 * read.weights[0]! + 5 * read.weights[1]!, 12);
  });

  it("attention read without softmax (linear start) weights values by the raw scores", () => {
    const read = attentionReadForward(
      [2, 1],
      [
        [1, 0],
        [0, 1],
      ],
      [
        [1, 1],
        [1, -1],
      ],
      { normalise: "none" },
    );
    expect([...read.weights]).toEqual([2, 1]);
    expect([...read.output]).toEqual([3, 1]);
  });

  it("embedding bag sums rows weighted by the position encoding", () => {
    const table = createParameter("E", 3, 2, { precision: "float64" });
    table.value.set([0, 0, 1, 2, 3, 4]);
    // tokens 1 and 2, positions weighted [1, 1] and [0.5, 2]: [1 + 1.5, 2 + 8]
    expect([...embeddingBagForward(table, [1, 2], [1, 1, 0.5, 2])]).toEqual([2.5, 10]);
    expect(() => embeddingBagForward(table, [3])).toThrow(/token 3 is outside 0..2/);
  });

  it("the additive attention layer scores vᵀ tanh(W x + b)", () => {
    const layer = createAdditiveAttention("att", 2, 2, { random, precision: "float64" });
    layer.weight.value.set([1, 0, 0, 1]);
    layer.bias.value.set([0, 0]);
    layer.vector.value.set([1, -1]);
    const { scores } = additiveAttentionForward(layer, [[0.5, 0.25]]);
    expect(scores[0]).toBeCloseTo(Math.tanh(0.5) - Math.tanh(0.25), 14);
  });
});

describe("layers: gradients match finite differences", () => {
  it("linear (weights, bias and input)", () => {
    const w = float64("w", 3, 4);
    const b = float64("b", 3, 1);
    const x = float64("x", 4, 1);
    const r = projection(3);
    const result = checkGradients([w, b, x], () => {
      const y = linearForward(w, b, x.value);
      const dx = linearBackward(w, b, x.value, r);
      for (let i = 0; i < dx.length; i++) x.grad[i] = (x.grad[i] as number) + (dx[i] as number);
      return project(y, r);
    });
    expect(result.checked).toBe(12 + 3 + 4);
    expect(result.maxRelativeError).toBeLessThan(1e-7);
  });

  it("tanh and sigmoid", () => {
    const x = float64("x", 5, 1);
    const r = projection(5);
    for (const [forward, backward] of [
      [tanhForward, tanhBackward],
      [sigmoidForward, sigmoidBackward],
    ] as const) {
      const result = checkGradients([x], () => {
        const y = forward(x.value);
        const dx = backward(y, r);
        for (let i = 0; i < dx.length; i++) x.grad[i] = (x.grad[i] as number) + (dx[i] as number);
        return project(y, r);
      });
      expect(result.maxRelativeError).toBeLessThan(1e-7);
    }
  });

  it("the additive attention layer, through a listwise loss", () => {
    const layer = createAdditiveAttention("att", 4, 3, { random, precision: "float64" });
    const inputs = [float64("x0", 4, 1), float64("x1", 4, 1), float64("x2", 4, 1)];
    const params = [...additiveAttentionParameters(layer), ...inputs];
    const result = checkGradients(params, () => {
      const values = inputs.map((x) => x.value);
      const forward = additiveAttentionForward(layer, values);
      const { loss, gradScores } = listwiseSoftmaxLoss(forward.scores, [0, 2]);
      const dx = additiveAttentionBackward(layer, values, forward, gradScores);
      inputs.forEach((x, i) => {
        for (let k = 0; k < 4; k++) x.grad[k] = (x.grad[k] as number) + (dx[i]![k] as number);
      });
      return loss;
    });
    expect(result.maxRelativeError).toBeLessThan(1e-6);
  });

  for (const normalise of ["softmax", "none"] as const) {
    it(`attention read (${normalise}): query, keys and values`, () => {
      const q = float64("q", 3, 1);
      const keys = [float64("k0", 3, 1), float64("k1", 3, 1)];
      const values = [float64("v0", 2, 1), float64("v1", 2, 1)];
      const r = projection(2);
      const add = (p: Parameter, g: Float64Array) => {
        for (let i = 0; i < g.length; i++) p.grad[i] = (p.grad[i] as number) + (g[i] as number);
      };
      const result = checkGradients([q, ...keys, ...values], () => {
        const k = keys.map((p) => p.value);
        const v = values.map((p) => p.value);
        const forward = attentionReadForward(q.value, k, v, { normalise });
        const grads = attentionReadBackward(q.value, k, v, forward, r, { normalise });
        add(q, grads.query);
        for (const [i, p] of keys.entries()) add(p, grads.keys[i]!);
        for (const [i, p] of values.entries()) add(p, grads.values[i]!);
        return project(forward.output, r);
      });
      expect(result.maxRelativeError).toBeLessThan(1e-7);
    });
  }

  it("embedding bag with a position encoding, through softmax cross-entropy", () => {
    const table = float64("E", 5, 3);
    const encoding = Array.from({ length: 9 }, () => 1 + random.normal(0, 0.3));
    const result = checkGradients([table], () => {
      const out = embeddingBagForward(table, [1, 4, 1], encoding);
      const { loss, gradScores } = softmaxCrossEntropy(out, 2);
      embeddingBagBackward(table, [1, 4, 1], gradScores, encoding);
      return loss;
    });
    expect(result.maxRelativeError).toBeLessThan(1e-7);
  });

  it("L2 toward a prior", () => {
    const w = float64("w", 4, 1);
    const prior = [1, 2, 3, 4];
    const result = checkGradients([w], () => l2TowardPrior(w, 0.3, prior));
    expect(result.maxRelativeError).toBeLessThan(1e-7);
  });

  it("the check itself catches a wrong gradient", () => {
    const x = float64("x", 3, 1);
    const result = checkGradients([x], () => {
      let loss = 0;
      for (let i = 0; i < 3; i++) {
        const v = x.value[i] as number;
        loss += v * v;
        x.grad[i] = (x.grad[i] as number) + v; // should be 2v
      }
      return loss;
    });
    expect(result.maxRelativeError).toBeGreaterThan(0.3);
    expect(result.worst?.parameter).toBe("x");
  });
});
