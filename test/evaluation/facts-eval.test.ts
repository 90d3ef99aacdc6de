/** `engram eval facts`: the measure's arithmetic, its JSON shape on a small file in LoCoMo's format, and the LLM path. */
import { readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { contentF1, type Observation, tallyFacts } from "../../src/evaluation/facts-eval.js";
import { factProblem } from "../../src/text/facts/index.js";
import { runEngram, tempDir } from "../helpers.js";

const locomo = [
  {
    sample_id: "conv-test",
    conversation: {
      speaker_a: "Caroline",
      speaker_b: "Melanie",
      session_1_date_time: "1:56 pm on 8 May, 2023",
      session_1: [
        { speaker: "Caroline", dia_id: "D1:1", text: "Hey Mel! I'm learning the piano, it's so relaxing." },
        { speaker: "Melanie", dia_id: "D1:2", text: "Wow! I signed up for a pottery class yesterday." },
        { speaker: "Caroline", dia_id: "D1:3", text: "Oof, that's great! What will you make?" },
      ],
    },
    qa: [],
  },
];
const observations = [
  {
    sample_id: "conv-test",
    observations: [
      { session: 1, speaker: "Caroline", text: "Caroline is learning the piano.", evidence: ["D1:1"] },
      { session: 1, speaker: "Melanie", text: "Melanie signed up for a pottery class.", evidence: ["D1:2"] },
      { session: 1, speaker: "Melanie", text: "Melanie has a dog named Luna.", evidence: ["D:1:3"] },
    ],
  },
];

function files(): { locomoPath: string; observationsPath: string } {
  const dir = tempDir();
  const locomoPath = join(dir, "locomo.json");
  const observationsPath = join(dir, "observations.json");
  writeFileSync(locomoPath, JSON.stringify(locomo));
  writeFileSync(observationsPath, JSON.stringify(observations));
  return { locomoPath, observationsPath };
}

const servers: Server[] = [];
afterEach(async () => {
  while (servers.length > 0) await new Promise((resolve) => servers.pop()?.close(resolve));
});

describe("the facts measure", () => {
  it("compares content words: stemmed, stop words out, names in", () => {
    expect(contentF1("Caroline is learning the piano.", "Caroline learns piano")).toBe(1);
    expect(contentF1("Melanie signed up for a class.", "Caroline is learning the piano.")).toBe(0);
    // 3 shared of 3 and 4 terms ("a" is a stop word, "painted"/"paints" and "lakes"/"lake" stem alike): 2·3/7
    expect(contentF1("Melanie painted lakes", "Melanie paints a lake sunrise")).toBeCloseTo(6 / 7);
  });

  it("counts coverage at F1 ≥ 0.5 from the same turn, precision at F1 ≥ 0.3, and broken facts", () => {
    const own: Observation[] = [
      { session: 1, speaker: "A", text: "Ana went hiking in the Alps last week.", evidence: ["D1:1"] },
      { session: 1, speaker: "A", text: "Ana adopted a cat named Luna.", evidence: ["D1:2"] },
    ];
    const tally = tallyFacts(own, [
      { text: "Ana went hiking in the Alps.", subject: "Ana", turns: ["D1:1"] },
      // the right words from the wrong turn count for nothing
      { text: "Ana adopted a cat named Luna.", subject: "Ana", turns: ["D1:1"] },
      { text: "Ana likes to.", subject: "Ana", turns: ["D1:2"] },
    ]);
    expect(tally).toMatchObject({ observations: 2, covered: 1, facts: 3, matched: 1, broken: 1 });
    expect(tally.problems).toEqual([{ text: "Ana likes to.", problem: "infinitive without its verb" }]);
  });

  it("calls a fact broken for a dangling article, a missing verb, the name where a pronoun belongs, or a cut title", () => {
    expect(factProblem("Caroline likes creating a.", "Caroline")).toBe("dangling article or conjunction");
    expect(factProblem("Caroline plans to a transgender conference.", "Caroline")).toBe(
      "infinitive without its verb",
    );
    expect(factProblem("Melanie took Melanie's fam camping.", "Melanie")).toBe(
      "the subject's name where a reflexive or possessive pronoun belongs",
    );
    expect(factProblem("Caroline's guinea pig.", "Caroline")).toBe("no finite verb");
    expect(factProblem("Melanie likes was there to celebrate them.", "Melanie")).toBe(
      "two finite verbs in a row",
    );
    expect(factProblem("Melanie likes what was there.", "Melanie")).toBeNull();
    expect(factProblem('Nate saw a movie called "Inception.', "Nate")).toBe("unbalanced quotation mark");
    expect(factProblem('Nate saw a movie called "Inception".', "Nate")).toBeNull();
    expect(factProblem("Caroline is learning the piano.", "Caroline")).toBeNull();
    expect(factProblem("Tim is working on a project he loves to talk about.", "Tim")).toBeNull();
  });
});

describe("engram eval facts", () => {
  it("prints the table's figures as JSON, overall and per conversation", async () => {
    const { locomoPath, observationsPath } = files();
    const run = await runEngram(["--json", "eval", "facts", locomoPath, observationsPath]);
    expect(run.code).toBe(0);
    const report = run.json();
    expect(Object.keys(report).sort()).toEqual(
      [
        "broken",
        "conversations",
        "coverage",
        "entitiesInObservations",
        "msPerTurn",
        "perThousandTurns",
        "precision",
      ].sort(),
    );
    expect(Object.keys(report.perThousandTurns).sort()).toEqual(["entities", "facts", "relations"]);
    // both told facts are found, in the words the observations use; the malformed evidence id is repaired
    expect(report.coverage).toBeCloseTo(66.7, 1);
    expect(report.precision).toBe(100);
    expect(report.broken).toBe(0);
    expect(report.conversations).toMatchObject([{ id: "conv-test", turns: 3, observations: 3, facts: 2 }]);
    expect(report.perThousandTurns.relations).toBeGreaterThan(0);
    // the people are the observations' Caroline and Melanie ("Mel" is her alias), and "Oof" is no one
    expect(report.entitiesInObservations).toBe(100);
  });

  it("refuses files it cannot read, saying which and how to fix it", async () => {
    const { locomoPath } = files();
    const missing = await runEngram(["eval", "facts", locomoPath, join(tempDir(), "nope.json")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("pass the observations JSON file");
    const wrong = join(tempDir(), "wrong.json");
    writeFileSync(wrong, JSON.stringify([{ sample_id: "other", observations: [] }]));
    const unrelated = await runEngram(["eval", "facts", locomoPath, wrong]);
    expect(unrelated.code).toBe(2);
    expect(unrelated.stderr).toContain("has none of the conversations");
  });

  it("with an LLM configured (recorded replies), reports its calls and tokens, one call per session", async () => {
    const reply = readFileSync(
      new URL("../fixtures/llm/chat-completion-session.json", import.meta.url),
      "utf8",
    );
    const requests: unknown[] = [];
    const server = createServer((request, response) => {
      let body = "";
      request.on("data", (chunk) => {
        body += chunk;
      });
      request.on("end", () => {
        requests.push(JSON.parse(body));
        response.writeHead(200, { "content-type": "application/json" });
        response.end(reply);
      });
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    const { locomoPath, observationsPath } = files();
    const run = await runEngram(["--json", "eval", "facts", locomoPath, observationsPath], {
      ENGRAM_LLM_BASE_URL: `http://127.0.0.1:${port}/v1`,
      ENGRAM_LLM_MODEL: "gpt-4o-mini",
      ENGRAM_LLM_API_KEY: "sk-test",
    });
    expect(run.code).toBe(0);
    const report = run.json();
    // one extraction call for the one session (other calls, such as a session summary, are not extraction's)
    const extraction = requests.filter((r) =>
      JSON.stringify((r as { messages: unknown[] }).messages[0]).includes("You extract durable facts"),
    );
    expect(extraction).toHaveLength(1);
    expect(report.llm).toEqual({ calls: 1, promptTokens: 734, completionTokens: 162 });
    // the recorded reply's first fact is the first observation, word for word
    expect(report.coverage).toBeGreaterThan(0);
  });
});
