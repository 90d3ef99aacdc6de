import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { EngramError } from "../spec/errors.js";
import { createLocalEmbedder, defaultLocalEmbedderWorkers, splitForWorkers } from "./local-embedder.js";

/** ~50 texts: short and long, punctuation, numbers only, Chinese, Cyrillic, empty and blank. */
const TEXTS = [
  "I adopted two cats last year.",
  "",
  "What pets does the user have?",
  "我去年领养了两只猫",
  "The quarterly budget review is on Friday.",
  "2023 !!",
  "My sister lives in Lisbon and works as a nurse at the children's hospital near the river.",
  "   ",
  "Ok.",
  "Привет, как дела?",
  "We met in 北京 during the conference.",
  "Café au lait à Paris, s'il vous plaît.",
  "下周五讨论项目预算",
  "Remind me to call the dentist tomorrow at 9am.",
  "I've been training for the marathon since January; my knee hurts after long runs, so I switched to cycling twice a week and swimming on Sundays.",
  "yes",
  "Caroline went to the LGBTQ support group on 7 May 2023 and said it was powerful.",
  "Melanie painted a sunrise over the lake last year.",
  "The library is closed on Sundays.",
  "Do you still play the violin?",
  ...Array.from(
    { length: 30 },
    (_, i) =>
      `Sentence number ${i + 1}: ${"the garden needs water and the dog wants a walk ".repeat((i % 5) + 1)}`,
  ),
];
const NULLS = [1, 3, 7, 9, 12];

function maxDifference(a: Float32Array, b: Float32Array): number {
  let most = 0;
  for (let i = 0; i < a.length; i++) most = Math.max(most, Math.abs((a[i] as number) - (b[i] as number)));
  return most;
}

const inThread = createLocalEmbedder({ workers: 0 });
const reference = inThread.embed(TEXTS);
afterAll(() => inThread.close());

function expectSameVectors(actual: (Float32Array | null)[], expected: (Float32Array | null)[]): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((vector, index) => {
    const want = expected[index] ?? null;
    if (want === null) {
      expect(vector, `text ${index}`).toBeNull();
      return;
    }
    expect(vector, `text ${index}`).toBeInstanceOf(Float32Array);
    expect(maxDifference(vector as Float32Array, want), `text ${index}`).toBeLessThan(1e-5);
  });
}

describe("splitForWorkers", () => {
  it("cuts a large call into batches of batchSize, longest first", () => {
    expect(
      splitForWorkers(
        Array.from({ length: 100 }, (_, i) => i),
        32,
        2,
      ),
    ).toEqual([
      [96, 100],
      [64, 96],
      [32, 64],
      [0, 32],
    ]);
  });

  it("cuts a small call into one batch per worker of about equal padded cost (texts × longest)", () => {
    expect(splitForWorkers([10, 10, 10, 10], 32, 2)).toEqual([
      [2, 4],
      [0, 2],
    ]);
    // six short texts cost as much as two of the long ones
    expect(splitForWorkers([1, 1, 1, 1, 1, 1, 10, 10], 32, 2)).toEqual([
      [6, 8],
      [0, 6],
    ]);
    expect(splitForWorkers([5], 32, 2)).toEqual([[0, 1]]);
    expect(splitForWorkers([3, 4, 5], 32, 1)).toEqual([[0, 3]]);
  });
});

describe("defaultLocalEmbedderWorkers", () => {
  it("runs 2 workers from 2 cores up, and none on 1 core", () => {
    expect([1, 2, 3, 16].map((cores) => defaultLocalEmbedderWorkers(cores))).toEqual([0, 2, 2, 2]);
  });
});

describe("createLocalEmbedder({ workers }) (the real USE-lite model on worker threads)", () => {
  it("refuses a number of workers that is not a whole number from 0", () => {
    for (const workers of [-1, 1.5, Number.NaN]) {
      let caught: unknown;
      try {
        createLocalEmbedder({ workers });
      } catch (error) {
        caught = error;
      }
      expect(EngramError.isInstance(caught) && caught.code).toBe("config_invalid");
      expect((caught as EngramError).where).toBe("workers");
    }
  });

  it("gives the in-thread vectors, in input order, with nulls in place, whatever the batch size", async () => {
    const expected = await reference;
    expect(expected.flatMap((vector, index) => (vector === null ? [index] : []))).toEqual(NULLS);
    for (const batchSize of [32, 4]) {
      const embedder = createLocalEmbedder({ workers: 2, batchSize });
      expect(embedder.workers).toBe(2);
      try {
        expectSameVectors(await embedder.embed(TEXTS), expected);
      } finally {
        await embedder.close();
      }
    }
  });

  it("keeps the order for odd counts and concurrent calls, and starts its workers once", async () => {
    const expected = await reference;
    const embedder = createLocalEmbedder({ workers: 2, batchSize: 3 });
    try {
      expect(embedder.threads()).toHaveLength(0); // lazy: nothing starts before the first embed
      const counts = [1, 3, 7, 33];
      // reversed slices, so that each call's order differs from the reference's
      const calls = counts.map((count) => TEXTS.slice(0, count).reverse());
      const results = await Promise.all(calls.map((texts) => embedder.embed(texts)));
      results.forEach((vectors, call) => {
        expectSameVectors(vectors, expected.slice(0, counts[call]).reverse());
      });
      const threads = embedder.threads();
      expect(threads).toHaveLength(2);
      await embedder.embed(TEXTS.slice(0, 5));
      expect(embedder.threads()).toEqual(threads); // the same two workers serve later calls
    } finally {
      await embedder.close();
    }
  });

  it("embeds nothing, and starts no worker, when every text is null", async () => {
    const embedder = createLocalEmbedder({ workers: 2 });
    expect(await embedder.embed(["", "你好世界"])).toEqual([null, null]);
    expect(embedder.threads()).toHaveLength(0);
  });

  it("terminates its workers on close(), and a later embed starts them again", async () => {
    const expected = await reference;
    const embedder = createLocalEmbedder({ workers: 2 });
    try {
      await embedder.embed(TEXTS.slice(0, 4));
      const first = embedder.threads();
      expect(first).toHaveLength(2);
      await embedder.close();
      expect(embedder.threads()).toHaveLength(0);
      expect(first.map((worker) => worker.threadId)).toEqual([-1, -1]); // terminated
      expectSameVectors(await embedder.embed(TEXTS.slice(0, 10)), expected.slice(0, 10));
      expect(embedder.threads()).toHaveLength(2);
    } finally {
      await embedder.close();
    }
  });

  it("fails a call whose worker is killed with provider_failure, and the next call starts a fresh worker", async () => {
    const expected = await reference;
    const embedder = createLocalEmbedder({ workers: 1, batchSize: 64 });
    try {
      // the outcome is caught at once: an unhandled rejection would end the test process (TF.js's WASM glue rethrows it)
      const outcome = embedder.embed(TEXTS).then(
        () => null,
        (caught: unknown) => caught,
      );
      const [victim] = embedder.threads();
      expect(victim).toBeDefined();
      await victim?.terminate();
      const error = await outcome;
      expect(EngramError.isInstance(error) && error.code).toBe("provider_failure");
      expect((error as EngramError).message).toMatch(
        /^the local embedding worker thread \(use-lite@0\.2\.0\) stopped \(exit code \d+\) while embedding a batch of 45 texts; the next call starts a fresh worker\./,
      );
      expectSameVectors(await embedder.embed(TEXTS.slice(0, 6)), expected.slice(0, 6));
      const [fresh] = embedder.threads();
      expect(fresh).not.toBe(victim);
    } finally {
      await embedder.close();
    }
  });

  it("fails a call whose worker reports an error, and keeps serving with a fresh worker", async () => {
    const expected = await reference;
    const embedder = createLocalEmbedder({ workers: 2, batchSize: 5 });
    try {
      const outcome = embedder.embed(TEXTS).then(
        () => null,
        (caught: unknown) => caught,
      );
      const [broken] = embedder.threads();
      broken?.emit("error", new Error("out of memory in the WASM heap"));
      const error = await outcome;
      expect(EngramError.isInstance(error) && error.code).toBe("provider_failure");
      expect((error as EngramError).message).toContain(
        "the local embedding worker thread (use-lite@0.2.0) failed (out of memory in the WASM heap) while embedding a batch of 5 texts",
      );
      expectSameVectors(await embedder.embed(TEXTS.slice(0, 8)), expected.slice(0, 8));
      expect(embedder.threads()).toHaveLength(2);
      expect(embedder.threads()).not.toContain(broken);
    } finally {
      await embedder.close();
    }
  });

  it("fails calls still waiting when close() is called, instead of leaving them pending", async () => {
    const embedder = createLocalEmbedder({ workers: 1 });
    const outcome = embedder.embed(TEXTS).then(
      () => null,
      (caught: unknown) => caught,
    );
    await embedder.close();
    const error = await outcome;
    expect(EngramError.isInstance(error) && error.code).toBe("provider_failure");
    expect((error as EngramError).message).toBe(
      "the local embedder was closed while it was embedding: await every embed() call before close().",
    );
  });

  it("lets a process that never calls close() finish its embed and exit on its own", async () => {
    // If the workers were unref'd while a request is pending, Node would exit before the answer (exit code 13,
    // nothing printed); if they stayed ref'd once idle, the process would never exit (the timeout kills it).
    const script = [
      'import { createLocalEmbedder } from "./src/providers/local-embedder.ts";',
      "const embedder = createLocalEmbedder({ workers: 2 });",
      'const vectors = await embedder.embed(["I adopted two cats", "我养了两只猫", "The library is closed on Sundays."]);',
      'console.log(vectors.map((vector) => (vector ? vector.length : "null")).join(" "));',
      'console.log("threads", embedder.threads().length);',
    ].join("\n");
    const root = fileURLToPath(new URL("../../", import.meta.url));
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ["--import", "tsx", "--input-type=module", "-e", script],
      { cwd: root, timeout: 50_000 },
    );
    expect(stdout).toBe("512 null 512\nthreads 2\n");
    expect(stderr).toBe("");
  });
});
