/** The End-To-End Memory Network on bAbI: files refused with file and line, runs reproducible, the CLI's shapes, and (with the data) the calibration's quick checks. */
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseBabi } from "../../../src/apps/reading/babi-eval.js";
import { answerStory, parseStoryFile } from "../../../src/apps/reading/memn2n-answer.js";
import { selectRun, summarise } from "../../../src/apps/reading/memn2n-eval.js";
import { type Memn2nJob, type Memn2nJobResult, runMemn2nJob } from "../../../src/apps/reading/memn2n-job.js";
import { memn2nModelFromJson, readMemn2nModel } from "../../../src/apps/reading/memn2n-model-file.js";
import { runMemn2nJobs } from "../../../src/apps/reading/memn2n-runner.js";
import { EXIT } from "../../../src/cli/program.js";
import { BABI_SCHEDULE, createRandom } from "../../../src/mechanisms/index.js";
import { runEngram, tempDir } from "../../helpers.js";

const DATA =
  process.env.ENGRAM_DATA_DIR ?? join(import.meta.dirname, "..", "..", "..", "..", "shared", "data");
const BABI_1K = join(DATA, "babi-en-1k");
const HAVE_BABI = existsSync(join(BABI_1K, "qa1_single-supporting-fact_train.txt"));

const PEOPLE = ["Mary", "John", "Sandra", "Daniel"];
const PLACES = ["kitchen", "garden", "office", "hallway", "bathroom"];

/** A small task-1-like file: people move about; "Where is X?" asks for the last place named for X. */
function syntheticTask(stories: number, seed: number): string {
  const random = createRandom(seed);
  const lines: string[] = [];
  for (let s = 0; s < stories; s++) {
    const where = new Map<string, { place: string; id: number }>();
    let id = 0;
    for (let q = 0; q < 2; q++) {
      for (let n = 0; n < 2; n++) {
        const person = PEOPLE[random.int(PEOPLE.length)] as string;
        const place = PLACES[random.int(PLACES.length)] as string;
        id++;
        lines.push(`${id} ${person} went to the ${place}.`);
        where.set(person, { place, id });
      }
      const known = [...where.keys()];
      const asked = known[random.int(known.length)] as string;
      const fact = where.get(asked) as { place: string; id: number };
      id++;
      lines.push(`${id} Where is ${asked}? \t${fact.place}\t${fact.id}`);
    }
  }
  return `${lines.join("\n")}\n`;
}

function syntheticFolder(): string {
  const dir = tempDir("engram-babi-");
  writeFileSync(join(dir, "qa1_synthetic_train.txt"), syntheticTask(150, 1));
  writeFileSync(join(dir, "qa1_synthetic_test.txt"), syntheticTask(40, 2));
  return dir;
}

const SHORT = { ...BABI_SCHEDULE, linearStartEpochs: 10, epochs: 20, halveEvery: 25 };

describe("bAbI files are refused with the file, the line and what to fix", () => {
  const cases: [string, string, RegExp][] = [
    ["no number", "Mary went home.\n", /f\.txt:1: the line does not start with "ID "/],
    ["a story not starting at 1", "2 Mary went home.\n", /f\.txt:1: line id 2 starts the file/],
    [
      "a skipped id",
      "1 Mary went home.\n3 John left.\n",
      /f\.txt:2: line id 3 follows 1: within a story, ids count up by one/,
    ],
    [
      "a new story not at 1",
      "1 Mary went home.\n2 John left.\n2 Sandra came.\n",
      /f\.txt:3: line id 2 follows 2/,
    ],
    [
      "a question without supporting ids",
      "1 Mary went home.\n2 Where is Mary?\thome\n",
      /f\.txt:2: a question line needs three tab-separated fields/,
    ],
    ["an empty answer", "1 Mary went home.\n2 Where is Mary?\t\t1\n", /with an empty answer/],
    [
      "a supporting id that is not a statement",
      "1 Mary went home.\n2 Where is Mary?\thome\t2\n",
      /f\.txt:2: supporting fact "2" is not the id of an earlier statement/,
    ],
    ["an empty file", "\n\n", /f\.txt: no stories: the file is empty/],
  ];
  for (const [what, text, message] of cases)
    it(what, () => {
      expect(() => parseBabi(text, "f.txt")).toThrow(message);
      try {
        parseBabi(text, "f.txt");
      } catch (error) {
        expect((error as { code: string }).code).toBe("invalid_input");
      }
    });
});

describe("choosing the run to keep", () => {
  const run = (
    trainError: number,
    trainLoss: number,
    validationError: number,
    test: number,
    lastEpochTrainError = 0,
  ) =>
    ({
      tasks: [2],
      seed: 1,
      cpuSeconds: 1,
      trainError,
      trainLoss,
      lastEpochTrainError,
      lastEpochTrainLoss: 0.3,
      validationError,
      validationLoss: 0.5,
      testError: { "2": test },
    }) as unknown as Memn2nJobResult;

  it("keeps the lowest training error, then the lowest training loss, never looking at the test error", () => {
    const runs = [run(1, 0.1, 5, 3), run(0, 0.02, 9, 20), run(0, 0.01, 12, 30), run(0, 0.01, 4, 1)];
    expect(selectRun(runs, "training")).toBe(2); // the earlier of two equal runs
    expect(selectRun(runs, "validation")).toBe(3);
  });

  it("by the last epoch as trained, reads that epoch's error, not the clean pass after training", () => {
    const runs = [run(0, 0.01, 5, 3, 4.5), run(2, 0.2, 9, 20, 1.5), run(1, 0.1, 12, 30, 2)];
    expect(selectRun(runs, "training")).toBe(0);
    expect(selectRun(runs, "last-epoch")).toBe(1);
  });

  it("summarises the kept run's test error per task, beside the paper", () => {
    const runs = [run(1, 0.1, 5, 3), run(0, 0.02, 9, 20), run(0, 0.01, 12, 30), run(0, 0.01, 4, 1)];
    const summary = summarise([{ tasks: [2], selected: 2, runs }], "training", false);
    expect(summary.tasks).toEqual([{ task: 2, error: 30, cpuSeconds: 4, paper: 8.3 }]);
    expect(summary).toMatchObject({ mean: 30, failed: 1, paperMean: 8.3 });
  });
});

describe("memory network runs on bAbI", () => {
  it("are bit-reproducible for a seed, on a worker thread as in this one, and differ between seeds", async () => {
    const folder = syntheticFolder();
    const job = (seed: number): Memn2nJob => ({
      folder,
      tasks: [1],
      seed,
      model: {},
      schedule: { ...SHORT, linearStartEpochs: 2, epochs: 3 },
    });
    const here = runMemn2nJob(job(7));
    const [threaded, other] = await runMemn2nJobs([job(7), job(8)], { workers: 2 });
    const values = (r: typeof here) => r.model.network.parameters.flatMap((p) => p.values);
    expect(values(threaded as typeof here)).toEqual(values(here));
    expect(threaded?.testError).toEqual(here.testError);
    expect(values(other as typeof here)).not.toEqual(values(here));
    expect(here.cpuSeconds).toBeGreaterThan(0);
    // the last epoch as trained is recorded for the authors' selection rule
    expect(here.lastEpochTrainError).toBeGreaterThanOrEqual(0);
    expect(here.lastEpochTrainError).toBeLessThanOrEqual(100);
    expect(Number.isFinite(here.lastEpochTrainLoss)).toBe(true);
  });

  it("a saved model answers exactly as the trained one, and a story shows each hop's attention", () => {
    const folder = syntheticFolder();
    const result = runMemn2nJob({ folder, tasks: [1], seed: 1, model: {}, schedule: SHORT });
    // learned: the synthetic task is task 1 in small
    expect(result.testError["1"]).toBeLessThan(10);
    const dir = tempDir();
    const path = join(dir, "model.json");
    writeFileSync(path, JSON.stringify(result.model));
    const loaded = readMemn2nModel(path);
    const inMemory = memn2nModelFromJson(JSON.parse(JSON.stringify(result.model)), "memory");
    const story = parseStoryFile(
      "1 Mary went to the kitchen.\n2 John went to the garden.\n3 Mary went to the office.\n4 Where is Mary?\toffice\t3\n5 Where is John?\n",
      "story.txt",
    );
    const a = answerStory(loaded, story);
    expect(answerStory(inMemory, story)).toEqual(a);
    expect(a).toHaveLength(2);
    expect(a[0]?.sentences.map((s) => s.line)).toEqual([1, 2, 3]);
    expect(a[0]?.hops).toHaveLength(3);
    for (const hop of a[0]?.hops ?? []) {
      expect(hop.weights).toHaveLength(3);
      expect(hop.weights.reduce((s, w) => s + w, 0) + hop.empty).toBeCloseTo(1, 9);
    }
    expect(a[1]?.expected).toBeUndefined();
    expect(a[1]?.sentences).toHaveLength(3);
  });

  it("refuses a damaged or foreign model file with what and where", () => {
    const dir = tempDir();
    const file = (name: string, text: string) => {
      writeFileSync(join(dir, name), text);
      return join(dir, name);
    };
    expect(() => readMemn2nModel(join(dir, "none.json"))).toThrow(
      /none\.json: no model file here \(ENOENT\)/,
    );
    expect(() =>
      readMemn2nModel(file("cut.json", '{"format": "engram-memn2n",\n  "version": 1,\n  "tasks": [')),
    ).toThrow(/cut\.json: not valid JSON at line 3/);
    expect(() => readMemn2nModel(file("other.json", '{"format": "tmx"}'))).toThrow(
      /other\.json: not a memory network model file \("format" is "tmx"/,
    );
    expect(() => readMemn2nModel(file("new.json", '{"format": "engram-memn2n", "version": 9}'))).toThrow(
      /version 9 is not the version 1 this Engram reads: upgrade Engram/,
    );
    const folder = syntheticFolder();
    const { model } = runMemn2nJob({
      folder,
      tasks: [1],
      seed: 1,
      model: {},
      schedule: { ...SHORT, linearStartEpochs: 0, epochs: 1 },
    });
    expect(() =>
      readMemn2nModel(
        file("short.json", JSON.stringify({ ...model, vocabulary: model.vocabulary.slice(0, -1) })),
      ),
    ).toThrow(/the vocabulary has \d+ words but the network reads \d+/);
    const damaged = JSON.parse(JSON.stringify(model));
    damaged.network.parameters[0].values.pop();
    expect(() => readMemn2nModel(file("damaged.json", JSON.stringify(damaged)))).toThrow(
      /damaged\.json, network: .*memn2n\.T0.*the file does not fit its own config/,
    );
  });

  it("engram eval babi --model memn2n --json and engram babi answer, end to end", async () => {
    const folder = syntheticFolder();
    const models = join(tempDir(), "models");
    const run = await runEngram([
      "--json",
      "eval",
      "babi",
      folder,
      "--model",
      "memn2n",
      "--tasks",
      "1",
      "--runs",
      "2",
      "--workers",
      "1",
      "--epochs",
      "3",
      "--linear-start-epochs",
      "1",
      "--save",
      models,
    ]);
    expect(run.code).toBe(0);
    const report = run.json();
    expect(Object.keys(report)).toEqual(["model", "tasks", "mean", "failed"]);
    expect(report.model).toBe("memn2n");
    expect(Object.keys(report.tasks)).toEqual(["1"]);
    expect(Object.keys(report.tasks["1"])).toEqual(["error", "cpuSeconds"]);
    expect(report.mean).toBe(report.tasks["1"].error);
    expect(report.failed).toBe(report.tasks["1"].error > 5 ? 1 : 0);

    const storyPath = join(tempDir(), "story.txt");
    writeFileSync(storyPath, "Mary went to the kitchen.\nWhere is Mary?\n");
    const answered = await runEngram([
      "--json",
      "babi",
      "answer",
      join(models, "memn2n-qa1.json"),
      storyPath,
    ]);
    expect(answered.code).toBe(0);
    expect(answered.json().answers[0]).toMatchObject({ line: 2, question: "Where is Mary?", skipped: 0 });

    const text = await runEngram(["babi", "answer", join(models, "memn2n-qa1.json"), storyPath]);
    expect(text.stdout).toMatch(/hop 1 +hop 2 +hop 3 +sentence/);

    const wrongFlag = await runEngram(["eval", "babi", folder, "--model", "memn2n", "--k", "1"]);
    expect(wrongFlag.code).toBe(EXIT.user);
    expect(wrongFlag.stderr).toMatch(/--k is for --model recall/);
    const recallFlag = await runEngram(["eval", "babi", folder, "--joint"]);
    expect(recallFlag.stderr).toMatch(/--joint is for --model memn2n/);
    const badNoise = await runEngram(["eval", "babi", folder, "--model", "memn2n", "--noise-blanks", "all"]);
    expect(badNoise.code).toBe(EXIT.user);
    expect(badNoise.stderr).toMatch(/--noise-blanks must be to-ceiling or below-ceiling, got "all"/);
    const noiseForRecall = await runEngram(["eval", "babi", folder, "--noise-blanks", "to-ceiling"]);
    expect(noiseForRecall.stderr).toMatch(/--noise-blanks is for --model memn2n/);
    const badTasks = await runEngram(["eval", "babi", folder, "--model", "memn2n", "--tasks", "3-1"]);
    expect(badTasks.stderr).toMatch(/--tasks must list task numbers and ranges such as 1-20/);
    const missing = await runEngram(["eval", "babi", folder, "--model", "memn2n", "--tasks", "2"]);
    expect(missing.stderr).toMatch(/no training file for task 2/);
    const noQuestion = join(tempDir(), "q.txt");
    writeFileSync(noQuestion, "Mary went to the kitchen.\n");
    const asked = await runEngram(["babi", "answer", join(models, "memn2n-qa1.json"), noQuestion]);
    expect(asked.code).toBe(EXIT.user);
    expect(asked.stderr).toMatch(/q\.txt: no question in the story/);
  });
});

describe.skipIf(!HAVE_BABI)("memory network on bAbI en-1k (the calibration's quick checks)", () => {
  const errorOf = (task: number, seed: number, schedule = BABI_SCHEDULE) =>
    runMemn2nJob({ folder: BABI_1K, tasks: [task], seed, model: {}, schedule }).testError[
      String(task)
    ] as number;

  // 10 + 30 epochs: with the authors' noise draw (blanks in short stories too) seed 1 needs more than the notes'
  // 10 + 20 on task 20 (11.6 % there; 0 % at 10 + 30 for seeds 1–3 of both tasks)
  const quick = { ...BABI_SCHEDULE, linearStartEpochs: 10, epochs: 30, halveEvery: 25 };
  it("task 1 and task 20 with a short schedule (10 + 30 epochs): under 2% error", () => {
    expect(errorOf(1, 1, quick)).toBeLessThan(2);
    expect(errorOf(20, 1, quick)).toBeLessThan(2);
  }, 600_000);

  it("task 16 with a pinned seed and the full schedule: under 5% (guards the position-encoding formula)", () => {
    expect(errorOf(16, 1)).toBeLessThan(5);
  }, 600_000);
});

if (!HAVE_BABI)
  describe("memory network on bAbI en-1k", () => {
    it.skip(`skipped: no bAbI data at ${BABI_1K} (set ENGRAM_DATA_DIR to the folder holding babi-en-1k)`, () =>
      undefined);
  });
