import { describe, expect, it } from "vitest";
import { checkGradients } from "./gradient-check.js";
import {
  createMemoryNetwork,
  DEFAULT_MEMORY_NETWORK,
  type MemoryExample,
  type MemoryNetworkConfig,
} from "./memory-network.js";
import {
  BABI_SCHEDULE,
  evaluateMemoryNetwork,
  loadMemoryNetwork,
  type MemoryNetworkSchedule,
  saveMemoryNetwork,
  trainMemoryNetwork,
} from "./memory-network-training.js";
import { createRandom, type Random } from "./random.js";

/**
 * A tiny memory task: a story of 3 sentences "key value" with distinct keys (ids 1–6) and values (ids 7–12); the
 * question is one key, the answer its value. Nothing but reading the right sentence answers it.
 */
function keyValueStories(count: number, random: Random): MemoryExample[] {
  return Array.from({ length: count }, () => {
    const keys = random.shuffle([1, 2, 3, 4, 5, 6]).slice(0, 3);
    const sentences = keys.map((key) => Int32Array.of(key, 7 + random.int(6)));
    const asked = random.int(3);
    return {
      sentences,
      question: Int32Array.of(keys[asked] as number),
      answer: (sentences[asked] as Int32Array)[1] as number,
    };
  });
}

const tiny: MemoryNetworkConfig = {
  ...DEFAULT_MEMORY_NETWORK,
  vocabularySize: 13,
  embeddingSize: 12,
  memorySize: 4,
  sentenceLength: 2,
};

const quick: MemoryNetworkSchedule = { ...BABI_SCHEDULE, epochs: 30, linearStartEpochs: 10, halveEvery: 10 };

describe("End-To-End Memory Network", () => {
  for (const tying of ["adjacent", "layer-wise"] as const)
    for (const positionEncoding of ["reference", "paper"] as const)
      for (const linear of [false, true]) {
        it(`gradients match finite differences (${tying}, ${positionEncoding} encoding, ${linear ? "linear start" : "softmax"})`, () => {
          const random = createRandom(4);
          const network = createMemoryNetwork(
            { ...tiny, embeddingSize: 5, tying, positionEncoding, memorySize: 5, sentenceLength: 3 },
            { random, std: 0.4, precision: "float64" },
          );
          // two sentences of different lengths, one cut to the sentence length, and an empty slot
          const example: MemoryExample = {
            sentences: [
              Int32Array.of(3, 4, 5, 6),
              Int32Array.of(7),
              Int32Array.of(2, 9),
              Int32Array.of(11, 1),
            ],
            question: Int32Array.of(2, 8),
            answer: 10,
          };
          const ages = Int32Array.of(4, 2, 1, 0);
          const result = checkGradients(
            network.parameters,
            () => network.backward(network.forward(example, { linear, ages })),
            { samplesPerParameter: 40 },
          );
          expect(result.maxRelativeError).toBeLessThan(1e-6);
        });
      }

  it("reads only the latest memorySize sentences and answers from the output table's rows", () => {
    const network = createMemoryNetwork(tiny, { random: createRandom(1) });
    const f = network.forward({
      sentences: [1, 2, 3, 4, 5, 6].map((k) => Int32Array.of(k, 7)),
      question: Int32Array.of(1),
      answer: 7,
    });
    expect(f.window).toBe(4);
    expect([...f.ages]).toEqual([3, 2, 1, 0]);
    expect(f.attention).toHaveLength(3);
    // adjacent tying: the answer is scored against every row of the last table, time rows included
    expect(network.outputSize).toBe(13 + 4);
    expect(f.logits).toHaveLength(17);
    expect(() =>
      network.forward({ sentences: [Int32Array.of(13)], question: Int32Array.of(1), answer: 7 }),
    ).toThrow(/word id 13 is outside 0..12/);
  });

  it("learns a tiny memory task to 100%, and the nil rows stay zero", () => {
    const random = createRandom(2);
    const train = keyValueStories(400, random);
    const test = keyValueStories(200, createRandom(99));
    const network = createMemoryNetwork(tiny, { random });
    trainMemoryNetwork(network, train, { schedule: quick, random });
    expect(evaluateMemoryNetwork(network, test).error).toBe(0);
    for (const p of network.parameters)
      expect([...p.value.slice(0, p.cols)]).toEqual(new Array(p.cols).fill(0));
  });

  it("is bit-reproducible for a seed, and a saved network answers exactly as the trained one", () => {
    const train = keyValueStories(120, createRandom(7));
    const schedule = { ...quick, epochs: 4, linearStartEpochs: 2 };
    const trained = (seed: number) => {
      const random = createRandom(seed);
      const network = createMemoryNetwork(tiny, { random });
      trainMemoryNetwork(network, train, { schedule, random });
      return network;
    };
    const a = trained(3);
    const b = trained(3);
    const c = trained(4);
    const values = (n: typeof a) => n.parameters.flatMap((p) => [...p.value]);
    expect(values(a)).toEqual(values(b));
    expect(values(a)).not.toEqual(values(c));

    const copy = loadMemoryNetwork(JSON.parse(JSON.stringify(saveMemoryNetwork(a))));
    for (const example of train.slice(0, 30)) {
      const original = a.forward(example);
      const loaded = copy.forward(example);
      expect([...loaded.logits]).toEqual([...original.logits]);
      expect(loaded.attention.map((p) => [...p])).toEqual(original.attention.map((p) => [...p]));
    }
  });

  it("refuses a saved network that does not fit its config, saying what", () => {
    const saved = JSON.parse(
      JSON.stringify(saveMemoryNetwork(createMemoryNetwork(tiny, { random: createRandom(1) }))),
    );
    expect(() => loadMemoryNetwork({ ...saved, config: { ...saved.config, hops: 0 } })).toThrow(
      /hops must be a whole number ≥ 1/,
    );
    expect(() => loadMemoryNetwork({ ...saved, config: { ...saved.config, embeddingSize: 8 } })).toThrow(
      /is 17 × 8, the saved one is 17 × 12/,
    );
    saved.parameters[1].values[5] = null;
    expect(() => loadMemoryNetwork(saved)).toThrow(/memn2n.T1" value 5 is not a finite number/);
    expect(() => loadMemoryNetwork({ config: saved.config } as never)).toThrow(/parameters/);
  });
});
