/** `engram read|ask|eval reading|eval babi` and `engram tm import|export|match|translate` end to end, in process. */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EXIT } from "../../src/cli/program.js";
import { runEngram, tempDir } from "../helpers.js";
import { serveChatFixture } from "./llm-fixture-server.js";

const engram = runEngram;

const DOC = "天坛位于北京。天坛始建于明朝永乐十八年。它是明清两代皇帝祭天的地方。天坛占地约273万平方米。";

const TMX = `<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
  <header creationtool="test" srclang="en" datatype="plaintext">
    <note>fixture</note>
  </header>
  <body>
    <tu tuid="t1">
      <prop type="attribution">#1</prop>
      <tuv xml:lang="en"><seg>I know.</seg></tuv>
      <tuv xml:lang="zh-CN"><seg>我知道。</seg></tuv>
    </tu>
    <tu tuid="t2">
      <prop type="attribution">#2</prop>
      <tuv xml:lang="en"><seg>Where is the station?</seg></tuv>
      <tuv xml:lang="zh-CN"><seg>车站在哪里？</seg></tuv>
    </tu>
  </body>
</tmx>
`;

describe("engram read / ask / eval", () => {
  it("reads a file and answers offline with the best segments and a span", async () => {
    const dir = tempDir();
    const base = ["--db", join(dir, "r.db"), "--embedder", "hash", "--json"];
    writeFileSync(join(dir, "temple.txt"), DOC);
    const read = await engram([...base, "read", join(dir, "temple.txt")]);
    expect(read.code).toBe(0);
    expect(read.json()).toMatchObject({ segments: 2, inserted: 2 });
    const asked = await engram([...base, "ask", "天坛占地多少？", "--k", "2"]);
    expect(asked.code).toBe(0);
    expect(asked.json().answer).toMatchObject({
      text: "约273万平方米",
      method: "extractive",
      citations: [1],
    });
    expect(asked.json().segments[0].source).toBe(`${join(dir, "temple.txt")}#20-47`);
    const human = await engram(["--db", join(dir, "r.db"), "--embedder", "hash", "ask", "天坛占地多少？"]);
    expect(human.stdout.split("\n")[0]).toBe("answer (extractive): 约273万平方米");
  });

  it("answers through an LLM with --llm, and says what to set when none is configured", async () => {
    const server = await serveChatFixture("chat-completion-answer.json");
    const dir = tempDir();
    const base = ["--db", join(dir, "r.db"), "--embedder", "hash", "--json"];
    writeFileSync(join(dir, "bridge.md"), "The bridge was opened in 1932. It is made of steel.");
    await engram([...base, "read", join(dir, "bridge.md")]);
    const env = { ENGRAM_LLM_BASE_URL: server.baseUrl, ENGRAM_LLM_MODEL: "gpt-4o-mini" };
    const asked = await engram([...base, "ask", "When was the bridge opened?", "--llm"], env);
    expect(asked.json().answer).toEqual({
      text: "The Harbour Bridge was opened in 1932 [1].",
      method: "llm",
      citations: [1],
    });
    const missing = await engram([...base, "ask", "When?", "--llm"]);
    expect(missing.code).toBe(EXIT.user);
    expect(JSON.parse(missing.stderr).error).toMatchObject({ code: "config_invalid", where: "--llm" });
  });

  it("evaluates a SQuAD file and a bAbI folder with the JSON shapes the issue names", async () => {
    const dir = tempDir();
    const squad = join(dir, "mini.squad.json");
    writeFileSync(
      squad,
      JSON.stringify({
        data: [
          {
            paragraphs: [
              {
                id: "P",
                context: DOC,
                qas: [
                  {
                    id: "q",
                    question: "天坛占地多少？",
                    answers: [{ text: "约273万平方米", answer_start: 36 }],
                  },
                ],
              },
            ],
          },
        ],
      }),
    );
    const reading = await engram(["--embedder", "hash", "--json", "eval", "reading", squad]);
    expect(reading.code).toBe(0);
    expect(reading.json()).toMatchObject({
      recall: { "1": 100, "5": 100, "10": 100 },
      exactMatch: 100,
      f1: 100,
      segments: 2,
      meanSegmentChars: 30.5,
    });
    expect(reading.json().perQuestion).toBeUndefined();

    writeFileSync(
      join(dir, "qa2_two-supporting-facts_test.txt"),
      "1 Mary got the milk there.\n2 John moved to the bedroom.\n3 Mary travelled to the hallway.\n4 Where is the milk? \thallway\t1 3\n",
    );
    const babi = await engram(["--embedder", "hash", "--json", "eval", "babi", dir, "--k", "1,3"]);
    expect(babi.code).toBe(0);
    const report = babi.json();
    expect(report.tasks[0]).toMatchObject({ task: "qa2_two-supporting-facts", questions: 1 });
    // Three lines before the question: the top 3 hold both supporting facts (lines 1 and 3).
    expect(report.tasks[0].recall["3"]).toBe(100);
    expect(report.mean.recall["3"]).toBe(100);
    const noFolder = await engram(["--embedder", "hash", "--json", "eval", "babi", join(dir, "nope")]);
    expect(noFolder.code).toBe(EXIT.user);
  });
});

describe("engram tm", () => {
  it("imports TMX, matches, reuses an exact match, and exports TMX and TSV", async () => {
    const dir = tempDir();
    const base = ["--db", join(dir, "tm.db"), "--embedder", "hash", "--json"];
    writeFileSync(join(dir, "in.tmx"), TMX);
    const imported = await engram([...base, "tm", "import", join(dir, "in.tmx")]);
    expect(imported.code).toBe(0);
    expect(imported.json()).toMatchObject({ units: 2, inserted: 2, duplicates: 0 });

    const match = await engram([...base, "tm", "match", "Where is the bus station?"]);
    expect(match.json().matches[0]).toMatchObject({
      source: "Where is the station?",
      target: "车站在哪里？",
      fuzzy: 84,
    });
    const exact = await engram([...base, "tm", "match", "I know.", "--k", "1"]);
    expect(exact.json().matches.map((m: { fuzzy: number }) => m.fuzzy)).toEqual([100]);

    const translated = await engram([...base, "tm", "translate", "I know."]);
    expect(translated.json()).toMatchObject({ translation: "我知道。", method: "exact-match" });
    const offline = await engram([
      "--db",
      join(dir, "tm.db"),
      "--embedder",
      "hash",
      "tm",
      "translate",
      "I know it.",
    ]);
    expect(offline.code).toBe(0);
    expect(offline.stdout).toContain("no exact match; closest (");

    const tmx = join(dir, "out.tmx");
    expect((await engram([...base, "tm", "export", "--out", tmx])).json()).toEqual({ out: tmx, units: 2 });
    expect(readFileSync(tmx, "utf8")).toBe(TMX);
    const tsv = join(dir, "out.tsv");
    await engram([...base, "tm", "export", "--out", tsv, "--columns", "source,target,prop:attribution"]);
    expect(readFileSync(tsv, "utf8")).toBe(
      "I know.\t我知道。\t#1\nWhere is the station?\t车站在哪里？\t#2\n",
    );
  });

  it("imports TSV with languages from flags, and translates through an LLM with --llm", async () => {
    const server = await serveChatFixture("chat-completion-translate.json");
    const dir = tempDir();
    const base = ["--db", join(dir, "tm.db"), "--embedder", "hash", "--json"];
    writeFileSync(join(dir, "in.tsv"), "I know the facts.\t我知道事实。\nI know.\t我知道。\n");
    const noLang = await engram([...base, "tm", "import", join(dir, "in.tsv")]);
    expect(noLang.code).toBe(EXIT.user);
    expect(JSON.parse(noLang.stderr).error.message).toMatch(/--target-lang/);
    expect(
      (await engram([...base, "tm", "import", join(dir, "in.tsv"), "--target-lang", "zh-CN"])).json(),
    ).toMatchObject({
      inserted: 2,
    });
    const env = { ENGRAM_LLM_BASE_URL: server.baseUrl };
    const translated = await engram([...base, "tm", "translate", "I know that.", "--llm"], env);
    expect(translated.json()).toMatchObject({ translation: "我知道那个。", method: "llm" });
    expect(server.requests[0]?.body.messages[0]?.content).toContain("zh-CN: 我知道事实。");
  });
});
