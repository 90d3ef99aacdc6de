/** The LoCoMo harness on a small file in LoCoMo's format: lenient evidence, the report's shape, and what the harness counts. */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  defaultScorer,
  firstReadScorer,
  parseScorerFile,
  scorerToFile,
} from "../../src/core/recall-scorer.js";
import { ingestConversation, recalledTurns, runLocomo } from "../../src/evaluation/locomo.js";
import {
  type LocomoConversation,
  loadLocomo,
  parseEvidence,
  parseLocomoDate,
} from "../../src/evaluation/locomo-data.js";
import { type LocomoList, locomoLists, rankedTurns } from "../../src/evaluation/locomo-lists.js";
import { trainOnLocomo } from "../../src/evaluation/locomo-training.js";
import { createHashEmbedder } from "../../src/providers/index.js";
import { createSqliteStore } from "../../src/stores/sqlite/index.js";
import { openTestEngine, tempDir } from "../helpers.js";

const sample = [
  {
    sample_id: "conv-test",
    conversation: {
      speaker_a: "Ana",
      speaker_b: "Bo",
      session_1_date_time: "1:56 pm on 8 May, 2023",
      session_1: [
        { speaker: "Ana", dia_id: "D1:1", text: "Hey Bo! How have you been lately?" },
        { speaker: "Bo", dia_id: "D1:2", text: "Great! What did you do this weekend?" },
        { speaker: "Ana", dia_id: "D1:3", text: "I went to a pottery class and made a bowl." },
        {
          speaker: "Bo",
          dia_id: "D1:4",
          text: "Look at my new guitar!",
          blip_caption: "a photo of a red electric guitar",
        },
      ],
      session_2_date_time: "10:00 am on 1 June, 2023",
      session_2: [
        { speaker: "Bo", dia_id: "D2:1", text: "How long have you been married?" },
        { speaker: "Ana", dia_id: "D2:2", text: "Five years already! Time flies." },
      ],
    },
    qa: [
      {
        question: "What did Ana make at the pottery class?",
        answer: "a bowl",
        evidence: ["D1:3"],
        category: 4,
      },
      { question: "What colour is Bo's guitar?", answer: "red", evidence: ["D1:4"], category: 4 },
      { question: "How long has Ana been married?", answer: "five years", evidence: ["D:2:2"], category: 2 },
      {
        question: "What did Ana do on the weekend and when?",
        answer: "pottery",
        evidence: ["D1:3; D1:2"],
        category: 1,
      },
      { question: "Who is the president?", adversarial_answer: "unknown", evidence: [], category: 5 },
      { question: "Where is Ana's cat?", answer: "x", evidence: ["D9:9"], category: 5 },
    ],
  },
];

function writeSample(): string {
  const file = join(tempDir(), "locomo.json");
  writeFileSync(file, JSON.stringify(sample));
  return file;
}

describe("LoCoMo harness", () => {
  it("reads session dates and repairs malformed evidence ids", () => {
    expect(parseLocomoDate("1:56 pm on 8 May, 2023")).toBe(Date.UTC(2023, 4, 8, 13, 56));
    expect(parseLocomoDate("12:05 am on 1 January, 2024")).toBe(Date.UTC(2024, 0, 1, 0, 5));
    expect(parseEvidence(["D8:6; D9:17", "D:11:26", "D1:2", 7])).toEqual({
      ids: ["D8:6", "D9:17", "D11:26", "D1:2"],
      repaired: 2,
      bad: ["7"],
    });
  });

  it("reads an evidence id with a leading zero as the dialogue id it names", () => {
    expect(parseEvidence(["D30:05", "D07:10"])).toEqual({ ids: ["D30:5", "D7:10"], repaired: 2, bad: [] });
  });

  it("reports recall@k per category, counts skipped questions, and runs both baselines", async () => {
    const dir = tempDir();
    const file = join(dir, "locomo.json");
    writeFileSync(file, JSON.stringify(sample));
    const report = await runLocomo({
      path: file,
      ks: [1, 5],
      embedder: createHashEmbedder(),
      createStore: (label) => createSqliteStore({ path: join(dir, `${label}.db`) }),
    });
    expect(report.questions).toBe(4);
    expect(report.skipped).toBe(2);
    expect(report.skippedReasons.map((s) => s.reason)).toEqual([
      "no evidence",
      "evidence not in the conversation: D9:9",
    ]);
    expect(report.byCategory).toEqual({ "4": 2, "2": 1, "1": 1 });
    expect(Object.keys(report.recall).sort()).toEqual(["1", "2", "4", "all"]);
    expect(Object.keys(report.recall.all ?? {})).toEqual(["1", "5"]);
    // six turns: with k=5 nearly everything is found; recall can never exceed 100
    for (const table of [report.recall, report.baselines.lexical, report.baselines.dense]) {
      for (const row of Object.values(table))
        for (const value of Object.values(row)) expect(value).toBeLessThanOrEqual(100);
    }
    expect(report.recall["4"]?.["5"]).toBe(100);
    // the photo's caption belongs to its turn: "red" is only in the caption
    expect(report.baselines.lexical["4"]?.["5"]).toBe(100);
    expect(report.ingest.turns).toBe(6);
  });

  it("measures evidence inside the context block at each budget, for Engram and the three baselines", async () => {
    const dir = tempDir();
    const file = join(dir, "locomo.json");
    writeFileSync(file, JSON.stringify(sample));
    const report = await runLocomo({
      path: file,
      ks: [1, 5],
      embedder: createHashEmbedder(),
      budgets: [20, 2000],
      compareHandSet: true,
      createStore: (label) => createSqliteStore({ path: join(dir, `${label}.db`) }),
    });
    const budget = report.budget;
    if (!budget) throw new Error("expected a budget table");
    expect(budget.budgets).toEqual([20, 2000]);
    for (const table of [budget.engram, budget.lexical, budget.dense, budget.denseSpeaker]) {
      expect(Object.keys(table.all ?? {})).toEqual(["20", "2000"]);
      // 20 tokens hold a header and at most one short line
      expect(table.all?.["20"]).toBeLessThan(table.all?.["2000"] ?? 0);
    }
    // 2000 tokens hold every turn a system returns: all of them, but for BM25 only those sharing a word
    for (const table of [budget.engram, budget.dense, budget.denseSpeaker])
      expect(table.all?.["2000"]).toBe(100);
    expect(budget.lexical.all?.["2000"]).toBe(report.baselines.lexical.all?.["5"]);
    expect(Object.keys(report.baselines.denseSpeaker)).toEqual(Object.keys(report.baselines.dense));
    expect(report.handSet?.recall.all?.["5"]).toBeGreaterThan(0);
    expect(report.handSet?.budget?.all?.["2000"]).toBe(100);
  });

  it("ranks a question's candidates as engine.recall does, by any weights", async () => {
    const conversation = loadLocomo(writeSample()).conversations[0] as LocomoConversation;
    const { engine, store } = openTestEngine({ options: { recallGain: 0 } });
    await ingestConversation(engine, conversation);
    const lists = await locomoLists(store, engine.embedder, conversation);
    expect(lists).toHaveLength(conversation.questions.length);
    for (const [i, q] of conversation.questions.entries()) {
      const { results } = await engine.recall({
        query: q.question,
        user: conversation.id,
        k: 50,
        now: conversation.lastSessionAt,
      });
      // one read (the default) is scored by the shipped file's first-read weights
      const ranked = rankedTurns(lists[i] as LocomoList, firstReadScorer(defaultScorer()));
      expect(ranked.slice(0, results.length)).toEqual(await recalledTurns(store, "default", results));
    }
  });

  it("trains in two stages with first-read weights, each held-out conversation read without its own", async () => {
    const data = loadLocomo(writeSample());
    const base = data.conversations[0] as LocomoConversation;
    const stores = [];
    for (const id of ["c1", "c2"]) {
      const conversation = { ...base, id };
      const { engine, store } = openTestEngine({ options: { recallGain: 0 } });
      await ingestConversation(engine, conversation);
      stores.push({ conversation, store });
    }
    const result = await trainOnLocomo(stores, createHashEmbedder(), { ks: [1, 5], l2Grid: [0.01, 0.1] });
    expect(result).toMatchObject({ hops: 2, l2: 0.1, questions: 8 });
    expect(result.oneReadLoco.map((r) => r.l2)).toEqual([0.01, 0.1]);
    expect(result.scorer.firstRead).toHaveLength(result.scorer.weights.length);
    expect(Object.keys(result.loco.all ?? {})).toEqual(["1", "5"]);
    // the file keeps the first read, and recall reads behind it
    const copy = parseScorerFile(JSON.parse(JSON.stringify(scorerToFile(result.scorer))), "default");
    expect(Array.from(copy.firstRead ?? [])).toEqual(
      Array.from(result.scorer.firstRead ?? [], (w) => Math.round(w * 1e6) / 1e6),
    );
  });

  it("counts a derived fact for the turns it was derived from (its provenance), and an episode for its own", async () => {
    const turn = (diaId: string, speaker: string, text: string, minute: number) => ({
      diaId,
      speaker,
      text,
      caption: null,
      session: 1,
      at: Date.UTC(2023, 4, 8, 13, minute),
    });
    const conversation: LocomoConversation = {
      id: "conv-provenance",
      speakers: ["Ana", "Bo"],
      turns: [
        turn("D1:1", "Bo", "What do you do on weekends?", 0),
        turn("D1:2", "Ana", "I love camping with my family.", 1),
      ],
      questions: [],
      lastSessionAt: Date.UTC(2023, 4, 8, 14, 0),
    };
    const { engine } = openTestEngine();
    await ingestConversation(engine, conversation);
    const recall = (kinds: ("fact" | "episode")[]) =>
      engine.recall({ query: "Does Ana like camping?", user: conversation.id, k: 20, kinds });
    // a fact stands alone only where its episode is no candidate (here: filtered out by kind)
    const fact = (await recall(["fact"])).results.find((r) => r.text.includes("camping"));
    const episode = (await recall(["episode"])).results.find((r) => r.text.includes("camping"));
    if (!fact || !episode) throw new Error("expected a fact and an episode about camping");
    // the fact's own source is the episode's id, not a dialogue id
    expect(fact.sources.map((s) => s.source)).toEqual([episode.id]);
    // with both candidates, the episode stands for both: one result, one place in the top k for the turn
    const both = (await recall(["fact", "episode"])).results;
    expect(both.map((r) => r.id)).not.toContain(fact.id);
    expect(both.find((r) => r.id === episode.id)?.facts.map((f) => f.id)).toEqual([fact.id]);
    expect(await recalledTurns(engine.store, "default", [fact, episode])).toEqual([["D1:2"], ["D1:2"]]);
  });
});
