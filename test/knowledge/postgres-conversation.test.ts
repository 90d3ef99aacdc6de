/** The scripted conversation on PostgreSQL: the same facts, supersession, as-of recall and graph as on SQLite. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createEngine, type Engine, type RecalledMemory } from "../../src/core/index.js";
import { createHashEmbedder } from "../../src/providers/index.js";
import { createPostgresStore } from "../../src/stores/postgres/index.js";
import { queryTerms } from "../../src/text/index.js";
import { openTestEngine } from "../helpers.js";
import {
  adminQuery,
  dropSchema,
  SKIP_REASON,
  TEST_DATABASE_URL,
  uniqueSchema,
} from "../stores/postgres-helpers.js";
import { SESSIONS } from "./conversation-script.js";

const NOW = Date.parse("2024-10-01T00:00:00Z");

/** The facts a recall returned: fact results, and those its results carry (a fact is a key of its episode). */
function factsOf(results: RecalledMemory[]): string[] {
  return results.flatMap((r) => (r.kind === "fact" ? [r.text] : r.facts.map((f) => f.text)));
}
const GRAPH_TABLES = ["entities", "facts", "fact_sources", "relations", "mentions"] as const;

if (TEST_DATABASE_URL === undefined) {
  describe("the scripted conversation on PostgreSQL", () => {
    it.skip(SKIP_REASON, () => undefined);
  });
} else {
  const url = TEST_DATABASE_URL;
  const opened: { engine: Engine; schema: string }[] = [];

  function openPostgresEngine(): { engine: Engine; schema: string } {
    const schema = uniqueSchema("conversation");
    const store = createPostgresStore({ url, schema, poolSize: 2, hnswIndex: false });
    const engine = createEngine({ store, embedder: createHashEmbedder(), now: () => NOW });
    opened.push({ engine, schema });
    return { engine, schema };
  }

  async function told(engine: Engine): Promise<Engine> {
    for (const session of SESSIONS) await engine.remember(session);
    return engine;
  }

  async function graphRows(schema: string): Promise<Record<string, number>> {
    const rows = await adminQuery<{ name: string; n: number }>(
      url,
      GRAPH_TABLES.map(
        (table) => `SELECT '${table}' AS name, count(*)::integer AS n FROM ${schema}.engram_${table}`,
      ).join(" UNION ALL "),
    );
    return Object.fromEntries(rows.map((row) => [row.name, row.n]));
  }

  async function factId(engine: Engine, user: string, text: string): Promise<string> {
    const fact = (await engine.facts({ user, all: true })).find((f) => f.text === text);
    if (!fact) throw new Error(`no fact "${text}"`);
    return fact.id;
  }

  afterEach(async () => {
    while (opened.length > 0) {
      const { engine, schema } = opened.pop() as { engine: Engine; schema: string };
      await engine.close();
      await dropSchema(url, schema);
    }
  });

  describe("on PostgreSQL: Ana moves from Lisbon to Berlin and Li Wei from Shanghai to Beijing", () => {
    let engine: Engine;
    beforeEach(async () => {
      engine = await told(openPostgresEngine().engine);
    });

    it("answers where Ana lives with the new city first, and leaves the superseded fact out", async () => {
      const { results } = await engine.recall({ query: "Where does Ana live?", user: "ana", k: 5 });
      // the fact is a key of the turn that told it: one result stands for both and carries the fact
      expect(results[0]?.text).toBe("Big news: I moved to Berlin last month!");
      expect(results[0]?.facts.map((f) => f.text)).toContain("Ana lives in Berlin.");
      expect(factsOf(results)).not.toContain("Ana lives in Lisbon.");
    });

    it("answers as of a date before the move with the old city", async () => {
      const { results } = await engine.recall({
        query: "Where does Ana live?",
        user: "ana",
        asOf: "2024-04-01T00:00:00Z",
        k: 5,
      });
      expect(factsOf(results)[0]).toBe("Ana lives in Lisbon.");
      expect([...results.map((r) => r.text), ...factsOf(results)].some((t) => t.includes("Berlin"))).toBe(
        false,
      );
      const then = await engine.facts({
        user: "ana",
        asOf: Date.parse("2024-04-01T00:00:00Z"),
        predicate: "lives_in",
        subject: "Ana",
      });
      expect(then.map((f) => f.object)).toEqual(["Lisbon"]);
    });

    it("keeps the old city in the history, and supersedes the job: Siemens, then Google", async () => {
      const berlin = await factId(engine, "ana", "Ana lives in Berlin.");
      const lisbon = await factId(engine, "ana", "Ana lives in Lisbon.");
      const { chain } = await engine.history(berlin);
      expect(chain.map((f) => [f.id, f.object, f.current])).toEqual([
        [lisbon, "Lisbon", false],
        [berlin, "Berlin", true],
      ]);
      expect(chain[0]).toMatchObject({
        validFrom: "2024-01-10T09:01:00.000Z",
        validTo: "2024-05-01T10:00:00.000Z",
        supersededBy: berlin,
        retiredAt: new Date(NOW).toISOString(),
      });
      const job = await engine.facts({ user: "ana", predicate: "works_at", subject: "Ana" });
      expect(job.map((f) => f.object)).toEqual(["Google"]);
      expect((await engine.history(job[0]?.id as string)).chain.map((f) => f.object)).toEqual([
        "Siemens",
        "Google",
      ]);
    });

    it("does the same in Chinese: Li Wei lives in Beijing now and lived in Shanghai in May", async () => {
      const now = await engine.recall({ query: "李伟住在哪里？", user: "liwei", k: 3 });
      expect(now.results[0]?.facts.map((f) => f.text)).toContain("李伟住在北京。");
      const then = await engine.recall({
        query: "李伟住在哪里？",
        user: "liwei",
        asOf: "2024-05-01T00:00:00Z",
        k: 3,
      });
      expect(then.results[0]?.facts.map((f) => f.text)).toContain("李伟住在上海。");
    });

    it("resolves relatives and answers graph queries: neighbours one and two hops away", async () => {
      const graph = await engine.graph.readGraph({ user: "ana" });
      expect(graph.entities.find((e) => e.name === "Maria")?.aliases).toContain("Ana's sister");
      expect(graph.entities.find((e) => e.name === "Tom")?.aliases).toContain("Ana's brother");
      const one = await engine.graph.neighbours({ user: "ana" }, "ana", 1);
      expect(one.relations.map((r) => `${r.from} ${r.relationType} ${r.to}`).sort()).toEqual([
        "Ana brother Tom",
        "Ana has two cats",
        "Ana learn German",
        "Ana likes hiking",
        "Ana lives_in Berlin",
        "Ana mentions 日本",
        "Ana sister Maria",
        "Ana works_at Google",
      ]);
      const two = await engine.graph.neighbours({ user: "ana" }, "Ana", 2);
      expect(two.entities.map((e) => e.name).sort()).toEqual([
        "Airbus",
        "Ana",
        "Berlin",
        "Deloitte",
        "German",
        "Google",
        "Maria",
        "Porto",
        "Tom",
        "hiking",
        "two cats",
        "日本",
      ]);
      const { results } = await engine.recall({ query: "Where does Maria live?", user: "ana", k: 10 });
      // the learned graph weight × graphWeight 0.5
      const weight = (await engine.weights()).features.find((f) => f.name === "graph")?.weight ?? Number.NaN;
      expect(
        results.find((r) => factsOf([r]).includes("Maria lives in Porto."))?.breakdown.graph,
      ).toBeCloseTo(weight * 0.5, 3);
    });
  });

  describe("on PostgreSQL and on SQLite, the same conversation", () => {
    it("derives the same facts and graph, and recalls in the same order", async () => {
      const postgres = await told(openPostgresEngine().engine);
      const sqlite = await told(openTestEngine({ now: () => NOW }).engine);
      const facts = async (engine: Engine, user: string) =>
        (await engine.facts({ user, all: true })).map(
          ({ id: _id, sources: _sources, supersededBy, ...fact }) => ({
            ...fact,
            superseded: supersededBy !== null,
          }),
        );
      const graph = async (engine: Engine, user: string) => {
        const read = await engine.graph.readGraph({ user });
        return {
          entities: read.entities.map(({ id: _id, ...entity }) => entity),
          relations: read.relations.map(({ id: _id, sourceMemoryIds, ...relation }) => ({
            ...relation,
            sources: sourceMemoryIds.length,
          })),
        };
      };
      for (const user of ["ana", "liwei"]) {
        expect(await facts(postgres, user)).toEqual(await facts(sqlite, user));
        expect(await graph(postgres, user)).toEqual(await graph(sqlite, user));
      }
      // the facts a question's words find (told answers' read) are the same facts
      for (const [words, user] of [
        ["Google Berlin", "ana"],
        ["北京", "liwei"],
      ] as const) {
        const found = async (engine: Engine) =>
          (await engine.facts({ user, terms: queryTerms(words), all: true })).map((f) => f.text).sort();
        const sqliteFound = await found(sqlite);
        expect(sqliteFound.length).toBeGreaterThan(0);
        expect(await found(postgres)).toEqual(sqliteFound);
        // and with more memories holding them than the limit: the newest episode's facts, or those of turns named
        const newest = async (engine: Engine) =>
          (await engine.facts({ user, terms: queryTerms(words), limit: 1, newest: 2, all: true }))
            .map((f) => f.text)
            .sort();
        expect(await newest(postgres)).toEqual(await newest(sqlite));
        // (each store's own ids: the first three episodes that told a fact)
        const named = async (engine: Engine) => {
          const sources = (await engine.facts({ user, all: true })).flatMap((f) => f.sources).slice(0, 3);
          return (await engine.facts({ user, sources, all: true })).map((f) => f.text).sort();
        };
        expect((await named(sqlite)).length).toBeGreaterThan(0);
        expect(await named(postgres)).toEqual(await named(sqlite));
      }
      for (const [query, user] of [
        ["Where does Ana live?", "ana"],
        ["Where does Maria work?", "ana"],
        ["李伟在哪里工作？", "liwei"],
      ] as const) {
        const texts = async (engine: Engine) =>
          (await engine.recall({ query, user, k: 8 })).results.map((r) => [r.text, ...factsOf([r])]);
        expect(await texts(postgres)).toEqual(await texts(sqlite));
      }
    });

    it("ends a job and a marriage as SQLite does, and a job told after its ending follows it", async () => {
      const endings = [
        { text: "I'm married to Tom and I work at Siemens.", at: "2024-01-10T09:00:00Z" },
        { text: "I quit my job at Siemens.", at: "2024-05-01T09:00:00Z" },
        { text: "We got divorced.", at: "2024-06-01T09:00:00Z" },
        // dated before the ending it is told after: the new job follows it
        { text: "I started working at Apple last month.", at: "2024-06-02T09:00:00Z" },
        // a home held before and never told as current: no start, before the values told with one
        { text: "I used to live in Boston.", at: "2024-06-03T09:00:00Z" },
      ];
      const postgres = openPostgresEngine().engine;
      const sqlite = openTestEngine({ now: () => NOW }).engine;
      const facts = async (engine: Engine) => {
        for (const { text, at } of endings) await engine.remember({ text, user: "ana", speaker: "Ana", at });
        return (await engine.facts({ user: "ana", all: true })).map((f) => [
          f.text,
          f.current,
          f.validFrom,
          f.validTo,
        ]);
      };
      const told = await facts(postgres);
      expect(told).toEqual(await facts(sqlite));
      expect(told.filter(([, current]) => current).map(([text]) => text)).toEqual([
        "Ana quit her job at Siemens.",
        // the ending is the value before the new job ("Ana no longer works at Siemens." until Apple was told)
        "Ana works at Apple.",
        "Ana started working at Apple in May 2024.",
        "Ana is no longer married to Tom.",
        "Ana got divorced.",
        "Ana no longer lives in Boston.",
      ]);
      const edges = (await postgres.graph.readGraph({ user: "ana" })).relations.map(
        (r) => `${r.relationType} ${r.to}`,
      );
      expect(edges).not.toContain("works_at Siemens");
      expect(edges).toContain("works_at Apple");
      expect(edges).not.toContain("married_to Tom");
      // the former home comes first, with no start
      expect(told.find(([text]) => text === "Ana lived in Boston.")).toEqual([
        "Ana lived in Boston.",
        false,
        null,
        "2024-06-03T09:00:00.000Z",
      ]);
    });

    it("moves a corrected name's facts and ends one partner of many as SQLite does", async () => {
      const turns = [
        { text: "We have a daughter called Maya who just turned 5.", at: "2024-01-10T09:00:00Z" },
        { text: "My boyfriend is Tom.", at: "2024-01-11T09:00:00Z" },
        { text: "Sorry, my daughter's name is Mira, not Maya.", at: "2024-02-01T09:00:00Z" },
        { text: "I broke up with Tom.", at: "2024-03-01T09:00:00Z" },
        { text: "Our cat Luna passed away.", at: "2024-03-02T09:00:00Z" },
      ];
      const facts = async (engine: Engine) => {
        for (const { text, at } of turns) await engine.remember({ text, user: "ana", speaker: "Ana", at });
        return (await engine.facts({ user: "ana", all: true })).map((f) => [
          f.text,
          f.current,
          f.validFrom,
          f.validTo,
        ]);
      };
      const told = await facts(openPostgresEngine().engine);
      expect(told).toEqual(await facts(openTestEngine({ now: () => NOW }).engine));
      expect(told.filter(([, current]) => current).map(([text]) => text)).toEqual(
        expect.arrayContaining([
          "Mira is 5 years old.",
          "Mira is Ana's daughter.",
          "Tom is no longer Ana's boyfriend.",
          "Luna is no longer Ana's pet.",
        ]),
      );
      expect(told.find(([text]) => text === "Maya is 5 years old.")).toEqual([
        "Maya is 5 years old.",
        false,
        "2024-01-10T09:00:00.000Z",
        "2024-01-10T09:00:00.000Z",
      ]);
    });

    it("imports a SQLite export exactly: exporting it again gives the same lines", async () => {
      const sqlite = await told(openTestEngine({ now: () => NOW }).engine);
      const exported: string[] = [];
      for await (const line of sqlite.exportLines()) exported.push(line);
      const { engine: postgres } = openPostgresEngine();
      const result = await postgres.importLines(exported);
      expect(result.graph).toBe(
        exported.filter((line) => /^\{"type":"(entity|fact|relation|mention)"/.test(line)).length,
      );
      const again: string[] = [];
      for await (const line of postgres.exportLines()) again.push(line);
      expect(again.slice(1)).toEqual(exported.slice(1));
      const berlin = (await postgres.facts({ user: "ana", predicate: "lives_in", subject: "Ana" }))[0];
      expect((await postgres.history(berlin?.id as string)).chain.map((f) => f.object)).toEqual([
        "Lisbon",
        "Berlin",
      ]);
    });
  });

  describe("forgetting on PostgreSQL", () => {
    it("makes the value a forgotten one superseded hold again, as SQLite does", async () => {
      const read = async (engine: Engine) => {
        const say = async (text: string, at: string) =>
          (await engine.remember({ text, user: "ana", speaker: "Ana", at })).items[0]?.id as string;
        await say("I live in Lisbon.", "2024-01-01T09:00:00Z");
        const berlin = await say("I moved to Berlin.", "2024-02-01T09:00:00Z");
        await say("My boyfriend is Tom.", "2024-01-01T10:00:00Z");
        const brokeUp = await say("I broke up with Tom.", "2024-04-01T09:00:00Z");
        await engine.forget({ ids: [berlin, brokeUp] });
        return (await engine.facts({ user: "ana", all: true })).map((f) => [f.text, f.current, f.validTo]);
      };
      const told = await read(openPostgresEngine().engine);
      expect(told).toEqual(await read(openTestEngine({ now: () => NOW }).engine));
      expect(told.filter(([, current]) => current).map(([text]) => text)).toEqual([
        "Ana lives in Lisbon.",
        "Tom is Ana's boyfriend.",
      ]);
    });

    it("forgets a fact with its only episode and the graph rows on it; forgetting the user empties the graph", async () => {
      const { engine, schema } = openPostgresEngine();
      const written = await engine.remember({ text: "I live in Lisbon.", user: "ana", speaker: "Ana" });
      const episode = written.items[0]?.id as string;
      const [fact] = await engine.facts({ user: "ana" });
      expect(await graphRows(schema)).toEqual({
        entities: 2,
        facts: 1,
        fact_sources: 1,
        relations: 1,
        mentions: 2,
      });
      const { removed } = await engine.forget({ ids: [episode] });
      expect(removed.sort()).toEqual([episode, fact?.id].sort());
      expect(await engine.facts({ user: "ana", all: true })).toEqual([]);
      expect(await graphRows(schema)).toEqual({
        entities: 2,
        facts: 0,
        fact_sources: 0,
        relations: 0,
        mentions: 0,
      });
      await engine.forget({ user: "ana" });
      expect(await graphRows(schema)).toEqual({
        entities: 0,
        facts: 0,
        fact_sources: 0,
        relations: 0,
        mentions: 0,
      });
    });
  });
}
