/** The reading app over a real SQLite engine: ingest documents as segments, ask with and without an LLM, evaluate. */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { evaluateBabi, parseBabi } from "../../../src/apps/reading/babi-eval.js";
import { createReadingApp, parseSegmentSource } from "../../../src/apps/reading/reading-app.js";
import { evaluateSquad, parseSquad } from "../../../src/apps/reading/reading-eval.js";
import { languageModelFromEnv } from "../../../src/cli/commands/language-model-option.js";
import { openTestEngine, tempDir } from "../../helpers.js";
import { serveChatFixture } from "../llm-fixture-server.js";

const BRIDGE = [
  "# The Harbour Bridge",
  "",
  "The Sydney Harbour Bridge is a steel arch bridge. It carries rail, vehicles and pedestrians.",
  "The bridge was designed by John Bradfield. Construction began in 1923. It was opened on 19 March 1932.",
  "The bridge is nicknamed the Coathanger because of its shape.",
].join("\n");

const TEMPLE = "天坛位于北京。天坛始建于明朝永乐十八年。它是明清两代皇帝祭天的地方。天坛占地约273万平方米。";

describe("createReadingApp", () => {
  it("reads a folder into overlapping segments whose sources give file and offsets", async () => {
    const { engine } = openTestEngine();
    const dir = tempDir();
    mkdirSync(join(dir, "docs"));
    writeFileSync(join(dir, "docs", "bridge.md"), BRIDGE);
    writeFileSync(join(dir, "docs", "temple.txt"), TEMPLE);
    writeFileSync(join(dir, "docs", "image.png"), "not text");
    const app = createReadingApp(engine);
    const result = await app.ingestPath(join(dir, "docs"));
    expect(result.documents.map((d) => [d.document.slice(dir.length + 1), d.segments])).toEqual([
      ["docs/bridge.md", 3],
      ["docs/temple.txt", 2],
    ]);
    expect(result.inserted).toBe(5);
    const stats = await engine.stats();
    expect(stats.byKind.segment).toBe(5);

    const asked = await app.ask("天坛占地多少？", { k: 3 });
    const top = asked.segments[0];
    expect(top?.document).toBe(join(dir, "docs", "temple.txt"));
    expect(TEMPLE.slice(top?.start ?? 0, top?.end ?? 0)).toBe(top?.text);
    expect(asked.answer).toMatchObject({ method: "extractive", text: "约273万平方米" });
    expect(TEMPLE.slice(asked.answer?.span?.start ?? 0, asked.answer?.span?.end ?? 0)).toBe("约273万平方米");
  });

  it("answers who and when from English text without an LLM", async () => {
    const { engine } = openTestEngine();
    const app = createReadingApp(engine);
    await app.ingestText(BRIDGE, "bridge.md");
    const who = await app.ask("Who designed the bridge?");
    expect(who.answer?.text).toBe("John Bradfield");
    expect(who.answer?.citations).toHaveLength(1);
    const when = await app.ask("When was the bridge opened?");
    expect(when.answer?.text).toBe("19 March 1932");
  });

  it("asks an LLM with the numbered segments and returns its answer with the segments it cites", async () => {
    const server = await serveChatFixture("chat-completion-answer.json");
    const { engine } = openTestEngine();
    const app = createReadingApp(engine);
    await app.ingestText(BRIDGE, "bridge.md");
    const model = languageModelFromEnv({
      ENGRAM_LLM_BASE_URL: server.baseUrl,
      ENGRAM_LLM_MODEL: "gpt-4o-mini",
    });
    const result = await app.ask("When was the bridge opened?", { k: 2, model });
    expect(result.answer).toEqual({
      text: "The Harbour Bridge was opened in 1932 [1].",
      method: "llm",
      citations: [1],
    });
    expect(server.requests).toHaveLength(1);
    const prompt = server.requests[0]?.body.messages[0]?.content ?? "";
    expect(server.requests[0]?.body.model).toBe("gpt-4o-mini");
    expect(prompt).toContain(`[1] (bridge.md)\n${result.segments[0]?.text}`);
    expect(prompt).toContain("Question: When was the bridge opened?");
  });

  it("names segment sources as document#start-end", () => {
    expect(parseSegmentSource("a/b.md#10-42")).toEqual({ document: "a/b.md", start: 10, end: 42 });
    expect(parseSegmentSource("no offsets")).toBeNull();
  });
});

describe("evaluations", () => {
  it("scores a small SQuAD file: recall@k, exact match and F1", async () => {
    const { engine } = openTestEngine();
    const squad = parseSquad(
      JSON.stringify({
        data: [
          {
            paragraphs: [
              {
                id: "P1",
                context: TEMPLE,
                qas: [
                  {
                    id: "q1",
                    question: "天坛占地多少？",
                    answers: [{ text: "约273万平方米", answer_start: 36 }],
                  },
                  { id: "q2", question: "", answers: [{ text: "x" }] },
                ],
              },
              {
                id: "P2",
                context: "故宫位于北京中轴线的中心。故宫是明清两代的皇家宫殿。",
                qas: [{ id: "q3", question: "故宫是哪两代的皇家宫殿？", answers: [{ text: "明清两代" }] }],
              },
            ],
          },
        ],
      }),
    );
    const report = await evaluateSquad(engine, squad, { ks: [1, 5] });
    expect(report).toMatchObject({
      recall: { "1": 100, "5": 100 },
      exactMatch: 100,
      questions: 2,
      skipped: 1,
      passages: 2,
      segments: 3,
    });
    // "哪两代": the question word's noun (两代) is part of the answer.
    expect(report.perQuestion.map((q) => q.prediction)).toEqual(["约273万平方米", "明清两代"]);
    expect(report.f1).toBe(100);
    // Segments: 天坛 sentences 1–3 (7 + 13 + 14) and 3–4 (14 + 13), 故宫 whole (26): (34 + 27 + 26) / 3 = 29.
    expect(report.meanSegmentChars).toBe(29);
  });

  it("parses bAbI stories and finds supporting facts among the lines told before each question", async () => {
    const text = [
      "1 Mary moved to the bathroom.",
      "2 John went to the hallway.",
      "3 Where is Mary? \tbathroom\t1",
      "4 Daniel went back to the hallway.",
      "5 Sandra moved to the garden.",
      "6 Where is Daniel? \thallway\t4",
      "1 Sandra travelled to the office.",
      "2 Where is Sandra? \toffice\t1",
    ].join("\n");
    const stories = parseBabi(text);
    expect(stories).toHaveLength(2);
    expect(stories[0]?.lines[2]).toEqual({
      type: "question",
      id: 3,
      question: "Where is Mary?",
      answer: "bathroom",
      supporting: [1],
    });
    const dir = tempDir();
    writeFileSync(join(dir, "qa1_single-supporting-fact_test.txt"), text);
    const { engine } = openTestEngine();
    const report = await evaluateBabi(engine, dir, { ks: [1, 3] });
    expect(report.tasks).toEqual([
      {
        task: "qa1_single-supporting-fact",
        stories: 2,
        questions: 3,
        recall: { "1": 100, "3": 100 },
        allFound: { "1": 100, "3": 100 },
      },
    ]);
    // Each story is its own scope: the second story's question never sees the first story's lines.
    const recalled = await engine.recall({ query: "Where is Sandra?", user: "qa1_single-supporting-fact/2" });
    expect(recalled.results.map((r) => r.text)).toEqual(["Sandra travelled to the office."]);
  });
});
