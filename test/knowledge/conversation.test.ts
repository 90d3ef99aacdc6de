/** The scripted conversation: facts derived from episodes, moves and job changes superseding, recall now and as of then. */
import { beforeEach, describe, expect, it } from "vitest";
import type { Engine, RecalledMemory } from "../../src/core/index.js";
import { checkSqliteStore } from "../../src/stores/sqlite/doctor.js";
import { queryTerms } from "../../src/text/index.js";
import { openTestEngine, type TestEngine } from "../helpers.js";
import { SESSIONS, TURNS } from "./conversation-script.js";

const NOW = Date.parse("2024-10-01T00:00:00Z");

/** The facts a recall returned: fact results, and those its results carry (a fact is a key of its episode). */
function factsOf(results: RecalledMemory[]): string[] {
  return results.flatMap((r) => (r.kind === "fact" ? [r.text] : r.facts.map((f) => f.text)));
}

async function told(): Promise<TestEngine> {
  const opened = openTestEngine({ now: () => NOW });
  for (const session of SESSIONS) await opened.engine.remember(session);
  return opened;
}

async function factId(engine: Engine, user: string, text: string): Promise<string> {
  const fact = (await engine.facts({ user, all: true })).find((f) => f.text === text);
  if (!fact) throw new Error(`no fact "${text}"`);
  return fact.id;
}

describe("a conversation in which Ana moves from Lisbon to Berlin and Li Wei from Shanghai to Beijing", () => {
  let engine: Engine;
  beforeEach(async () => {
    engine = (await told()).engine;
  });

  it("is a script of at least 30 turns in English and Chinese", () => {
    expect(TURNS.length).toBeGreaterThanOrEqual(30);
    expect(TURNS.some((turn) => /\p{Script=Han}/u.test(turn.text))).toBe(true);
  });

  it("answers where Ana lives with the new city first, and leaves the superseded fact out", async () => {
    const { results } = await engine.recall({ query: "Where does Ana live?", user: "ana", k: 5 });
    // the fact is a key of the turn that told it: one result stands for both and carries the fact
    expect(results[0]?.text).toBe("Big news: I moved to Berlin last month!");
    expect(results[0]?.facts.map((f) => f.text)).toContain("Ana lives in Berlin.");
    expect(factsOf(results)).not.toContain("Ana lives in Lisbon.");
  });

  it("keeps the old city in the history: Lisbon until the move, then Berlin", async () => {
    const berlin = await factId(engine, "ana", "Ana lives in Berlin.");
    const lisbon = await factId(engine, "ana", "Ana lives in Lisbon.");
    const { chain } = await engine.history(berlin);
    expect(chain.map((f) => [f.object, f.current])).toEqual([
      ["Lisbon", false],
      ["Berlin", true],
    ]);
    expect(chain[0]).toMatchObject({
      id: lisbon,
      validFrom: "2024-01-10T09:01:00.000Z",
      validTo: "2024-05-01T10:00:00.000Z",
      supersededBy: berlin,
      retiredAt: new Date(NOW).toISOString(),
    });
    expect(chain[1]).toMatchObject({
      validFrom: "2024-05-01T10:00:00.000Z",
      validTo: null,
      supersededBy: null,
    });
    expect((await engine.history(lisbon)).chain.map((f) => f.id)).toEqual([lisbon, berlin]);
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

  it("supersedes the job: Siemens, then Google", async () => {
    const now = await engine.facts({ user: "ana", predicate: "works_at", subject: "Ana" });
    expect(now.map((f) => f.object)).toEqual(["Google"]);
    const { chain } = await engine.history(now[0]?.id as string);
    expect(chain.map((f) => f.object)).toEqual(["Siemens", "Google"]);
    expect(chain[0]?.validTo).toBe("2024-06-01T10:01:00.000Z");
  });

  it("reads the facts told in the memories a question's words find, not every fact of the scope", async () => {
    // (terms as the lexical index cuts them: "googl", "siemen")
    const found = async (words: string, more: { all?: boolean; limit?: number } = {}) =>
      (await engine.facts({ user: "ana", terms: queryTerms(words), ...more })).map((f) => f.text).sort();
    const job = await found("Google");
    expect(job).toContain("Ana works at Google.");
    expect(job).not.toContain("Ana lives in Berlin.");
    // current ones unless all are asked for; Siemens was told beside Lisbon
    expect(await found("Siemens")).not.toContain("Ana works at Siemens.");
    expect(await found("Siemens", { all: true })).toEqual(
      expect.arrayContaining(["Ana lives in Lisbon.", "Ana works at Siemens."]),
    );
    // another user's words find none of Ana's, and a word no one said finds nothing
    expect(await engine.facts({ user: "liwei", terms: queryTerms("Google") })).toEqual([]);
    expect(await found("zeppelin")).toEqual([]);
    // an episode archived by decay still told its facts
    const told = (await engine.facts({ user: "ana", terms: queryTerms("Google") })).find(
      (f) => f.object === "Google",
    );
    await engine.archive({ ids: told?.sources ?? [], user: "ana" });
    expect(await found("Google")).toContain("Ana works at Google.");
    // words more memories hold than the limit read every fact: the newest among many are there to be found
    const every = (await engine.facts({ user: "ana" })).map((f) => f.text).sort();
    expect(await found("Berlin Google", { limit: 1 })).toEqual(every);
    expect((await found("Google", { limit: 50 })).length).toBeLessThan(every.length);
    await expect(engine.facts({ user: "ana", terms: queryTerms("Google"), limit: 0 })).rejects.toThrow(
      /limit/u,
    );
    // with `newest`, words more memories hold than the limit read what the newest episodes told instead
    const [latest] = await engine.timeline({ user: "ana", kinds: ["episode"], order: "desc", limit: 1 });
    const newest = await engine.facts({
      user: "ana",
      terms: queryTerms("Berlin Google"),
      limit: 1,
      newest: 1,
    });
    expect(newest.length).toBeGreaterThan(0);
    expect(newest.length).toBeLessThan(every.length);
    expect(newest.every((f) => f.sources.includes(latest?.id ?? ""))).toBe(true);
    // (a read the limit bounds is the same with it)
    expect(
      (await engine.facts({ user: "ana", terms: queryTerms("Google"), newest: 1 })).map((f) => f.text).sort(),
    ).toEqual(job);
    await expect(engine.facts({ user: "ana", terms: queryTerms("Google"), newest: 0 })).rejects.toThrow(
      /newest/u,
    );
  });

  it("reads the facts told in the memories named, superseded ones with all, in the scope only", async () => {
    const [old] = (await engine.facts({ user: "ana", terms: queryTerms("Siemens"), all: true })).filter(
      (f) => f.object === "Siemens",
    );
    const sources = old?.sources ?? [];
    expect(sources.length).toBeGreaterThan(0);
    const texts = async (input: { user: string; all?: boolean; sources: string[] }) =>
      (await engine.facts(input)).map((f) => f.text).sort();
    expect(await texts({ user: "ana", sources, all: true })).toContain("Ana works at Siemens.");
    expect(await texts({ user: "ana", sources })).not.toContain("Ana works at Siemens.");
    expect(await texts({ user: "liwei", sources, all: true })).toEqual([]);
    expect(await texts({ user: "ana", sources: [] })).toEqual([]);
    await expect(engine.facts({ user: "ana", sources: ["x".repeat(300)] })).rejects.toThrow(/sources/u);
    await expect(
      engine.facts({ user: "ana", sources: Array.from({ length: 1001 }, (_, i) => `m${i}`) }),
    ).rejects.toThrow(/at most 1,000/u);
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
    const work = await engine.facts({ user: "liwei", predicate: "works_at" });
    expect(work.map((f) => f.object)).toEqual(["百度"]);
  });

  it("resolves 'my sister' to Maria and names the brother Tom once told", async () => {
    const graph = await engine.graph.readGraph({ user: "ana" });
    const maria = graph.entities.find((e) => e.name === "Maria");
    expect(maria?.aliases).toContain("Ana's sister");
    const tom = graph.entities.find((e) => e.name === "Tom");
    expect(tom?.aliases).toContain("Ana's brother");
    expect(graph.entities.some((e) => e.name === "Ana's brother")).toBe(false);
    const aboutMaria = await engine.facts({ user: "ana", subject: "Maria" });
    expect(aboutMaria.map((f) => [f.predicate, f.object])).toEqual([
      ["lives_in", "Porto"],
      ["works_at", "Deloitte"],
    ]);
    const aboutTom = await engine.facts({ user: "ana", subject: "Ana's brother" });
    expect(aboutTom.map((f) => [f.subject, f.predicate, f.object])).toEqual([["Tom", "works_at", "Airbus"]]);
  });

  it("answers graph queries: neighbours one and two hops away, current relations only", async () => {
    const one = await engine.graph.neighbours({ user: "ana" }, "ana", 1);
    expect(one.entities.map((e) => e.name).sort()).toEqual([
      "Ana",
      "Berlin",
      "German",
      "Google",
      "Maria",
      "Tom",
      "hiking",
      "two cats",
      "日本",
    ]);
    // family, home, work, likes and ownership are edges; "learn German" is one too, from the plan's sentence; a plan
    // to travel (我打算明年去日本旅行) only mentions the country, as "I plan to go to Japan" would
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
    const berlin = one.relations.find((r) => r.to === "Berlin");
    expect(berlin?.validFrom).toBe("2024-05-01T10:00:00.000Z");
    expect(berlin?.sourceMemoryIds).toHaveLength(1);
  });

  it("gives memories about an entity the query names a graph bonus, and half of it one hop away", async () => {
    const { results } = await engine.recall({ query: "Where does Maria live?", user: "ana", k: 10 });
    // the graph term is its learned weight × 0.5 (graphWeight) for an entity named, × 0.25 one hop away
    const weight = (await engine.weights()).features.find((f) => f.name === "graph")?.weight ?? Number.NaN;
    // the fact is carried by the turn that told it, which takes the fact's graph term and names the fact
    const porto = results.find((r) => r.facts.some((f) => f.text === "Maria lives in Porto."));
    expect(porto?.breakdown.graph).toBeCloseTo(weight * 0.5, 3);
    expect(porto?.reasons.some((reason) => reason.includes('graph: about "Maria"'))).toBe(true);
    expect(porto?.reasons.some((reason) => reason.startsWith('fact: "Maria lives in Porto."'))).toBe(true);
    expect(factsOf(results.slice(0, 2))).toContain("Maria lives in Porto.");
    const episode = results.find((r) => r.text === "I have two cats.");
    if (episode) expect(episode.breakdown.graph).toBeCloseTo(weight * 0.25, 3);
  });
});

describe("a fact told three times", () => {
  it("exists once, with three sources", async () => {
    const { engine } = openTestEngine({ now: () => NOW });
    const tellings = ["I love hiking.", "Honestly, I love hiking!", "You know I love hiking."];
    const ids: string[] = [];
    for (const [i, text] of tellings.entries()) {
      const result = await engine.remember({
        text,
        user: "ana",
        speaker: "Ana",
        session: `s${i}`,
        at: Date.UTC(2024, i, 1),
      });
      ids.push(result.items[0]?.id as string);
      expect(result.knowledge?.facts).toEqual({
        inserted: i === 0 ? 1 : 0,
        reinforced: i === 0 ? 0 : 1,
        superseded: 0,
      });
    }
    const likes = await engine.facts({ user: "ana", predicate: "likes" });
    expect(likes).toHaveLength(1);
    expect(likes[0]).toMatchObject({ text: "Ana likes hiking.", count: 3, sources: ids });
    const [record] = await engine.store.get("default", [likes[0]?.id as string]);
    expect(record?.sources.map((s) => s.source)).toEqual(ids);
    expect(record?.sources.map((s) => s.session)).toEqual(["s0", "s1", "s2"]);
  });

  it("reads the same whoever recalls it: 'my' is her own for the speaker's fact, the speaker's name in another's", async () => {
    const { engine } = openTestEngine({ now: () => NOW });
    await engine.remember({ text: "I love camping trips with my family.", user: "mel", speaker: "Melanie" });
    await engine.remember({ text: "Tom likes my cooking.", user: "mel", speaker: "Melanie" });
    const likes = await engine.facts({ user: "mel", predicate: "likes" });
    expect(likes.map((f) => f.text).sort()).toEqual([
      "Melanie loves camping trips with her family.",
      "Tom likes Melanie's cooking.",
    ]);
  });

  it("is gated by reading only its subject's facts of its predicate, not the scope's", async () => {
    const { engine, store } = openTestEngine({ now: () => NOW });
    await engine.remember([
      { text: "I love hiking.", user: "ana", speaker: "Ana" },
      { text: "I live in Lisbon.", user: "ana", speaker: "Ana" },
      { text: "I love chess.", user: "ana", speaker: "Bo" },
    ]);
    const graph = store.graph;
    if (!graph) throw new Error("the SQLite store keeps a graph");
    const reads: unknown[] = [];
    const listFacts = graph.listFacts.bind(graph);
    graph.listFacts = (scope, options) => {
      reads.push(options);
      return listFacts(scope, options);
    };
    const result = await engine.remember({ text: "I love hiking!", user: "ana", speaker: "Ana" });
    expect(result.knowledge?.facts).toEqual({ inserted: 0, reinforced: 1, superseded: 0 });
    const [ana] = (await graph.entities({ tenant: "default", user: "ana", agent: null })).filter(
      (e) => e.name === "Ana",
    );
    expect(reads).toEqual([{ subjectId: ana?.id, predicate: "likes", includeRetired: true }]);
    // a move still supersedes across writes
    const moved = await engine.remember({ text: "I live in Berlin now.", user: "ana", speaker: "Ana" });
    expect(moved.knowledge?.facts.superseded).toBe(1);
  });

  it("is derived by no rule when fact derivation is off", async () => {
    const { engine } = openTestEngine({ now: () => NOW, options: { deriveFacts: false } });
    const result = await engine.remember({ text: "I live in Lisbon.", user: "ana", speaker: "Ana" });
    expect(result.knowledge).toBeUndefined();
    expect((await engine.stats()).byKind).toEqual({ episode: 1 });
  });
});

describe("an ending: a job quit, a home left, a marriage over", () => {
  const said = async (engine: Engine, text: string, at: string, user = "ana", speaker = "Ana") =>
    engine.remember({ text, user, speaker, at });

  it("closes the current value with a fact that it ended, kept in the history and the graph", async () => {
    const { engine } = openTestEngine({ now: () => NOW });
    await said(engine, "I work at Google as an engineer.", "2024-01-10T09:00:00Z");
    const edges = async () =>
      (await engine.graph.readGraph({ user: "ana" })).relations.map((r) => `${r.relationType} ${r.to}`);
    expect(await edges()).toContain("works_at Google");
    const ended = await said(engine, "I quit my job at Google.", "2024-06-01T09:00:00Z");
    const now = await engine.facts({ user: "ana", subject: "Ana", predicate: "works_at" });
    expect(now.map((f) => [f.object, f.text, f.validFrom])).toEqual([
      ["", "Ana no longer works at Google.", "2024-06-01T09:00:00.000Z"],
    ]);
    expect(now[0]?.sources).toEqual([ended.items[0]?.id]);
    const { chain } = await engine.history(now[0]?.id as string);
    expect(chain.map((f) => [f.object, f.validTo, f.supersededBy])).toEqual([
      ["Google", "2024-06-01T09:00:00.000Z", now[0]?.id],
      ["", null, null],
    ]);
    // the job's edge ends with it (the current graph has none); the job title is not a job left
    expect(await edges()).not.toContain("works_at Google");
    expect((await engine.facts({ user: "ana", predicate: "job_title" })).map((f) => f.object)).toEqual([
      "engineer",
    ]);
    // told again: nothing more to end; a new job is the value after the end
    await said(engine, "I quit my job.", "2024-06-02T09:00:00Z");
    expect(await engine.facts({ user: "ana", predicate: "works_at", all: true })).toHaveLength(2);
    await said(engine, "I started working at Apple.", "2024-07-01T09:00:00Z");
    expect((await engine.facts({ user: "ana", predicate: "works_at" })).map((f) => f.object)).toEqual([
      "Apple",
    ]);
  });

  it("ends only the value that is current: a place left ends no job, another city no home (it was one before)", async () => {
    const { engine } = openTestEngine({ now: () => NOW });
    await said(engine, "I left Paris.", "2024-01-01T09:00:00Z");
    expect(await engine.facts({ user: "ana", all: true })).toEqual([]);
    // Paris is the place the turn names, made no organisation by the job it could have ended
    const kinds = (await engine.graph.readGraph({ user: "ana" })).entities.map(
      (e) => `${e.name} ${e.entityType}`,
    );
    expect(kinds).toContain("Paris place");
    expect(kinds).not.toContain("Paris organization");
    await said(engine, "I live in Lisbon. I work at Siemens.", "2024-01-10T09:00:00Z");
    await said(engine, "I left Paris.", "2024-02-01T09:00:00Z");
    await said(engine, "I no longer live in Madrid.", "2024-02-02T09:00:00Z");
    const current = await engine.facts({ user: "ana", subject: "Ana" });
    expect(current.map((f) => f.object).sort()).toEqual(["Lisbon", "Siemens"]);
    // Madrid, no longer a home, was one before Lisbon: its start unknown, until Lisbon's
    expect(
      (await engine.facts({ user: "ana", predicate: "lives_in", all: true })).map((f) => [
        f.text,
        f.validFrom,
        f.validTo,
      ]),
    ).toEqual([
      ["Ana lived in Madrid.", null, "2024-01-10T09:00:00.000Z"],
      ["Ana lives in Lisbon.", "2024-01-10T09:00:00.000Z", null],
    ]);
    await said(engine, "I don't live in Lisbon anymore.", "2024-03-01T09:00:00Z");
    expect((await engine.facts({ user: "ana", predicate: "lives_in" })).map((f) => f.text)).toEqual([
      "Ana no longer lives in Lisbon.",
    ]);
  });

  it("in Chinese: 我从腾讯辞职了 ends the job, 我离婚了 the marriage, whoever it was with", async () => {
    const { engine } = openTestEngine({ now: () => NOW });
    const zh = (text: string, at: string) => said(engine, text, at, "li", "王峰");
    await zh("我在腾讯工作。我和张伟结婚了。", "2024-01-10T09:00:00Z");
    await zh("我从腾讯辞职了。", "2024-03-01T09:00:00Z");
    await zh("我离婚了。", "2024-04-01T09:00:00Z");
    const facts = await engine.facts({ user: "li", subject: "王峰" });
    expect(facts.map((f) => [f.predicate, f.text]).sort()).toEqual([
      ["married_to", "王峰和张伟离婚了。"],
      ["works_at", "王峰不再在腾讯工作。"],
    ]);
  });
});

describe("a value that held before and was never told as current: 'I no longer work at Google', 'I used to live in Boston'", () => {
  const said = async (engine: Engine, text: string, at: string, user = "ana", speaker = "Ana") =>
    engine.remember({ text, user, speaker, at });
  const chain = async (engine: Engine, predicate: string, user = "ana") =>
    (await engine.facts({ user, predicate, all: true })).map((f) => [
      f.object,
      f.current,
      f.validFrom,
      f.validTo,
    ]);

  it("joins the history with no start, ended when told, and the value after it follows", async () => {
    const { engine } = openTestEngine({ now: () => NOW });
    await said(engine, "I no longer work at Google; I work at Meta now.", "2024-05-01T09:00:00Z");
    expect(await chain(engine, "works_at")).toEqual([
      ["Google", false, null, "2024-05-01T09:00:00.000Z"],
      ["", false, "2024-05-01T09:00:00.000Z", "2024-05-01T09:00:00.000Z"],
      ["Meta", true, "2024-05-01T09:00:00.000Z", null],
    ]);
    // as of a day before the telling Google held (its start unknown), and its edge says so
    const before = await engine.facts({
      user: "ana",
      predicate: "works_at",
      asOf: Date.parse("2024-04-30T00:00:00Z"),
    });
    expect(before.map((f) => f.text)).toEqual(["Ana worked at Google."]);
    await said(engine, "I used to live in Boston.", "2024-05-02T09:00:00Z");
    await said(engine, "I live in Denver.", "2024-05-03T09:00:00Z");
    expect(await chain(engine, "lives_in")).toEqual([
      ["Boston", false, null, "2024-05-02T09:00:00.000Z"],
      ["", false, "2024-05-02T09:00:00.000Z", "2024-05-03T09:00:00.000Z"],
      ["Denver", true, "2024-05-03T09:00:00.000Z", null],
    ]);
    // told again, nothing more: the value is in the history already
    await said(engine, "I used to live in Boston.", "2024-05-04T09:00:00Z");
    expect(await chain(engine, "lives_in")).toHaveLength(3);
  });

  it("only from words that say it held: a denial, a place left or a name quit makes none", async () => {
    const { engine } = openTestEngine({ now: () => NOW });
    for (const text of ["I don't work at Google.", "I left Paris.", "I quit Facebook.", "我不在腾讯工作。"])
      await said(engine, text, "2024-05-01T09:00:00Z");
    expect(await engine.facts({ user: "ana", all: true })).toEqual([]);
    await said(engine, "我不在腾讯工作了。", "2024-05-02T09:00:00Z", "li", "王峰");
    expect((await engine.facts({ user: "li", predicate: "works_at", all: true })).map((f) => f.text)).toEqual(
      ["王峰以前在腾讯工作。", "王峰不再在腾讯工作。"],
    );
  });
});

describe("a value dated before the current one's telling, but told after it", () => {
  const said = async (engine: Engine, text: string, at: string) =>
    engine.remember({ text, user: "ana", speaker: "Ana", at });
  const homes = async (engine: Engine) =>
    (await engine.facts({ user: "ana", predicate: "lives_in", all: true })).map((f) => [
      f.object,
      f.current,
      f.validFrom,
      f.validTo,
    ]);

  it("follows a current value that gave no date: 'I live in Paris', then 'I moved to Berlin last month'", async () => {
    const { engine } = openTestEngine({ now: () => NOW });
    await said(engine, "I live in Paris.", "2024-09-01T09:00:00Z");
    await said(engine, "I moved to Berlin last month.", "2024-09-01T10:00:00Z");
    // Paris held when it was told, until Berlin was; the move keeps its month in its own sentence
    expect(await homes(engine)).toEqual([
      ["Paris", false, "2024-09-01T09:00:00.000Z", "2024-09-01T10:00:00.000Z"],
      ["Berlin", true, "2024-09-01T10:00:00.000Z", null],
    ]);
    expect((await engine.facts({ user: "ana", predicate: "event" })).map((f) => f.text)).toEqual([
      "Ana moved to Berlin in August 2024.",
    ]);
  });

  it("a new job told after an ending, dated before it, is current: the ending does not close it", async () => {
    const { engine } = openTestEngine({ now: () => NOW });
    await said(engine, "I work at Google.", "2024-09-01T09:00:00Z");
    await said(engine, "I quit my job at Google.", "2024-09-02T09:00:00Z");
    await said(engine, "I started working at Apple last month.", "2024-09-03T09:00:00Z");
    expect((await engine.facts({ user: "ana", predicate: "works_at" })).map((f) => f.object)).toEqual([
      "Apple",
    ]);
  });

  it("keeps the order of the dates when the current value gave its own", async () => {
    const { engine } = openTestEngine({ now: () => NOW });
    await said(engine, "I moved to Paris in 2022.", "2024-09-01T09:00:00Z");
    await said(engine, "I moved to Berlin in 2019.", "2024-09-01T10:00:00Z");
    expect(await homes(engine)).toEqual([
      ["Berlin", false, "2019-01-01T00:00:00.000Z", "2022-01-01T00:00:00.000Z"],
      ["Paris", true, "2022-01-01T00:00:00.000Z", null],
    ]);
  });
});

describe("one value of many ended: a partner broken up with, a pet that died", () => {
  it("closes the value from the ending, with its graph edge, says so in an event, and keeps it in the history", async () => {
    const { engine } = openTestEngine({ now: () => NOW });
    const said = async (text: string, at: string, user = "ana", speaker = "Ana") =>
      engine.remember({ text, user, speaker, at });
    await said("My boyfriend is Tom.", "2024-09-01T09:00:00Z");
    await said("I have a cat named Luna and a dog named Rex.", "2024-09-01T10:00:00Z");
    await said("I broke up with Tom.", "2024-10-01T09:00:00Z");
    await said("My new boyfriend is Mark.", "2024-11-01T09:00:00Z");
    await said("Our cat Luna passed away.", "2024-11-02T09:00:00Z");
    const current = (await engine.facts({ user: "ana" })).map((f) => f.text);
    expect(current).toEqual(
      expect.arrayContaining([
        "Mark is Ana's boyfriend.",
        "Tom is no longer Ana's boyfriend.",
        "Luna is no longer Ana's pet.",
      ]),
    );
    expect(current).not.toContain("Tom is Ana's boyfriend.");
    // (pets named in what is had are read from it; the one that died is of before)
    const luna = (await engine.facts({ user: "ana", predicate: "pet", all: true })).map((f) => [
      f.text,
      f.current,
    ]);
    expect(luna).toEqual([["Luna was Ana's pet.", false]]);
    const boyfriends = await engine.facts({ user: "ana", predicate: "boyfriend", all: true });
    expect(boyfriends.map((f) => [f.object, f.current, f.validTo])).toEqual([
      ["Tom", false, "2024-10-01T09:00:00.000Z"],
      ["Mark", true, null],
    ]);
    const asOf = Date.parse("2024-09-15T00:00:00Z");
    expect((await engine.facts({ user: "ana", predicate: "boyfriend", asOf })).map((f) => f.object)).toEqual([
      "Tom",
    ]);
    const edges = (await engine.graph.readGraph({ user: "ana" })).relations.map(
      (r) => `${r.relationType} ${r.to}`,
    );
    expect(edges).toContain("boyfriend Mark");
    expect(edges).not.toContain("boyfriend Tom");
    // a pet that died, never told before, joins the history as one of before; a break-up with no partner ends none
    await said("My dog Max died last year.", "2024-11-03T09:00:00Z");
    await said("I broke up with Sam.", "2024-11-04T09:00:00Z");
    const pets = await engine.facts({ user: "ana", predicate: "pet", all: true });
    expect(pets.filter((f) => f.object === "Max").map((f) => [f.text, f.current, f.validFrom])).toEqual([
      ["Max was Ana's pet.", false, null],
    ]);
    expect((await engine.facts({ user: "ana", predicate: "boyfriend" })).map((f) => f.object)).toEqual([
      "Mark",
    ]);
    // Chinese: 分手, a pet that died
    await said("我的男朋友叫汤姆。", "2024-09-01T09:00:00Z", "wang", "王峰");
    await said("我和汤姆分手了。", "2024-10-01T09:00:00Z", "wang", "王峰");
    expect((await engine.facts({ user: "wang" })).map((f) => f.text)).toEqual(["汤姆不再是王峰的男朋友。"]);
  });

  it("ends what was had that is the pet gone, named by its name alone, and not another pet's or a person's", async () => {
    const { engine } = openTestEngine({ now: () => NOW });
    const said = async (text: string, at: string, user = "priya", speaker = "Priya") =>
      engine.remember({ text, user, speaker, at });
    const had = async (user = "priya") =>
      (await engine.facts({ user, predicate: "has" })).map((f) => f.object).sort();
    await said("We have a cat called Mochi.", "2024-09-01T09:00:00Z");
    await said("I have two cats, Miso and Tofu.", "2024-09-01T10:00:00Z");
    await said("My friend Tom is a doctor.", "2024-09-01T11:00:00Z");
    expect(await had()).toEqual(["a cat called Mochi", "two cats"]);
    // "Sadly Mochi passed away": the pet by its name alone, and the cat had with it
    await said("Sadly Mochi passed away.", "2024-10-01T09:00:00Z");
    expect(await had()).toEqual(["two cats"]);
    const mochi = await engine.facts({ user: "priya", predicate: "pet", all: true });
    expect(mochi.map((f) => [f.text, f.current, f.validFrom, f.validTo])).toEqual([
      ["Mochi was Priya's pet.", false, "2024-09-01T09:00:00.000Z", "2024-10-01T09:00:00.000Z"],
    ]);
    // one of two cats had, told with both: the two are still had (Tofu is)
    await said("Our cat Miso passed away.", "2024-10-02T09:00:00Z");
    expect(await had()).toEqual(["two cats"]);
    // a person's death ends no value and makes no pet of before
    await said("Tom died last year.", "2024-10-03T09:00:00Z");
    const all = await engine.facts({ user: "priya", all: true });
    expect(all.filter((f) => f.object === "Tom").map((f) => [f.predicate, f.current])).toEqual([
      ["friend", true],
    ]);
    const edges = (await engine.graph.readGraph({ user: "priya" })).relations.map(
      (r) => `${r.relationType} ${r.to}`,
    );
    expect(edges.filter((edge) => /Mochi/u.test(edge))).toEqual([]);
    // told in one write (an import of a history): the cat had is not stored yet when the death is read
    await engine.remember([
      { text: "We have a cat called Nori.", user: "kim", speaker: "Kim", at: "2024-09-01T09:00:00Z" },
      { text: "Sadly Nori passed away.", user: "kim", speaker: "Kim", at: "2024-10-01T09:00:00Z" },
    ]);
    expect(await had("kim")).toEqual([]);
    // Chinese: 一只猫 told beside 咪咪 is no longer had when 咪咪 died
    await said("我有一只猫，叫咪咪。", "2024-09-01T09:00:00Z", "wang", "王峰");
    await said("我的猫咪咪去世了。", "2024-10-01T09:00:00Z", "wang", "王峰");
    expect(await had("wang")).toEqual([]);
    // by its name alone (a person's death ends nothing)
    await said("我们有一只狗，叫豆豆。我的朋友叫李明。", "2024-09-01T09:00:00Z", "zhao", "赵丽");
    await said("豆豆上个月走丢了。李明去世了。", "2024-10-01T09:00:00Z", "zhao", "赵丽");
    expect(await had("zhao")).toEqual([]);
    expect((await engine.facts({ user: "zhao", all: true })).map((f) => `${f.text} ${f.current}`)).toEqual(
      expect.arrayContaining(["豆豆不再是赵丽的宠物。 true", "李明是赵丽的朋友。 true"]),
    );
  });

  it("ends the partner who holds now when a break-up names none: 'we broke up', 'my girlfriend and I split up', 我们分手了", async () => {
    const { engine } = openTestEngine({ now: () => NOW });
    const said = async (text: string, at: string, user = "tom", speaker = "Tom") =>
      engine.remember({ text, user, speaker, at });
    const partners = async (user = "tom") =>
      (await engine.facts({ user, all: true }))
        .filter((f) => ["girlfriend", "boyfriend", "partner", "event"].includes(f.predicate))
        .map((f) => `${f.text} ${f.current}`);
    await said("My girlfriend is Jess.", "2024-09-01T09:00:00Z");
    await said("My brother Sam lives in Ohio.", "2024-09-01T10:00:00Z");
    await said("We broke up last week.", "2024-10-08T09:00:00Z");
    expect(await partners()).toEqual([
      "Jess is Tom's girlfriend. false",
      "Jess is no longer Tom's girlfriend. true",
    ]);
    const jess = (await engine.facts({ user: "tom", predicate: "girlfriend", all: true }))[0];
    expect(jess?.validTo).toBe("2024-10-01T09:00:00.000Z");
    // a relative of another kind stays
    expect((await engine.facts({ user: "tom", predicate: "brother" })).map((f) => f.object)).toEqual(["Sam"]);
    // the relation's word: only that relation's
    await said("My boyfriend is Tom.", "2024-09-01T09:00:00Z", "ana", "Ana");
    await said("My partner is Alex.", "2024-09-01T09:00:00Z", "ana", "Ana");
    await said("My boyfriend and I split up.", "2024-10-01T09:00:00Z", "ana", "Ana");
    expect((await engine.facts({ user: "ana", predicate: "partner" })).map((f) => f.object)).toEqual([
      "Alex",
    ]);
    expect(await engine.facts({ user: "ana", predicate: "boyfriend" })).toEqual([]);
    // nothing holds: nothing ends
    await said("We broke up.", "2024-10-01T09:00:00Z", "kim", "Kim");
    expect(await engine.facts({ user: "kim", all: true })).toEqual([]);
    await said("我男朋友叫汤姆。", "2024-09-01T09:00:00Z", "wang", "王芳");
    await said("我们分手了。", "2024-10-01T09:00:00Z", "wang", "王芳");
    expect((await engine.facts({ user: "wang" })).map((f) => f.text)).toEqual(["汤姆不再是王芳的男朋友。"]);
  });

  it("ends a liking with a dislike of the same thing (and back), and a state the speaker says no longer holds", async () => {
    const { engine } = openTestEngine({ now: () => NOW });
    const said = async (text: string, at: string) =>
      engine.remember({ text, user: "ana", speaker: "Ana", at });
    const facts = async () =>
      (await engine.facts({ user: "ana", all: true })).map(
        (f) => `${f.text} ${f.current}${f.validTo ? ` ${f.validTo}` : ""}`,
      );
    await said("I love sushi and pizza.", "2024-09-01T09:00:00Z");
    await said("I love sushi.", "2024-09-01T10:00:00Z");
    await said("I'm vegetarian.", "2024-09-01T11:00:00Z");
    await said("I don't like sushi anymore.", "2024-10-01T09:00:00Z");
    await said("I'm not vegetarian anymore.", "2024-10-02T09:00:00Z");
    expect(await facts()).toEqual([
      "Ana loves sushi and pizza. true",
      "Ana likes sushi. false 2024-10-01T09:00:00.000Z",
      "Ana is vegetarian. false 2024-10-02T09:00:00.000Z",
      "Ana dislikes sushi. true",
      "Ana is no longer vegetarian. true",
    ]);
    // and back: a liking told again ends the dislike
    await said("Actually I love sushi again.", "2024-11-01T09:00:00Z");
    expect((await engine.facts({ user: "ana", predicate: "dislikes" })).map((f) => f.object)).toEqual([]);
    expect((await engine.facts({ user: "ana", predicate: "likes" })).map((f) => f.object).sort()).toEqual([
      "sushi",
      "sushi and pizza",
    ]);
  });

  it("ends a pet named in a list of what was had by its name alone, its edge with it, and what was had stays", async () => {
    const { engine } = openTestEngine({ now: () => NOW });
    const said = async (text: string, at: string, user = "sara") =>
      engine.remember({ text, user, speaker: "Sara", at });
    const pets = async (user = "sara") =>
      (await engine.facts({ user, predicate: "pet", all: true })).map((f) => [f.text, f.current]);
    const edges = async (user = "sara") =>
      (await engine.graph.readGraph({ user })).relations
        .map((r) => `${r.relationType} ${r.to}`)
        .filter((edge) => /^(?:pet|brother) /u.test(edge))
        .sort();
    await said("We have two dogs, Rex and Bella.", "2024-09-01T09:00:00Z");
    await said("I have a brother, Tom.", "2024-09-01T10:00:00Z");
    expect(await edges()).toEqual(["brother Tom", "pet Bella", "pet Rex"]);
    await said("Sadly Rex died.", "2024-10-01T09:00:00Z");
    expect(await pets()).toEqual([["Rex was Sara's pet.", false]]);
    // the two dogs were had: Bella still is
    expect((await engine.facts({ user: "sara", predicate: "has" })).map((f) => f.text).sort()).toEqual([
      "Sara has a brother.",
      "Sara has two dogs, Rex and Bella.",
    ]);
    expect(await edges()).toEqual(["brother Tom", "pet Bella"]);
    // what was had told again (its fact touched) does not bring back the link the death closed
    await said("We have two dogs, Rex and Bella.", "2024-10-01T10:00:00Z");
    expect(await edges()).toEqual(["brother Tom", "pet Bella"]);
    // a person named in what was had makes no pet of before
    await said("Sadly Tom passed away.", "2024-10-02T09:00:00Z");
    expect(await pets()).toEqual([["Rex was Sara's pet.", false]]);
    // told in one write: the list's link is not stored yet when the death is read
    await engine.remember([
      { text: "We have two cats, Nori and Kiki.", user: "kim", speaker: "Kim", at: "2024-09-01T09:00:00Z" },
      { text: "Sadly Nori passed away.", user: "kim", speaker: "Kim", at: "2024-10-01T09:00:00Z" },
    ]);
    expect(await pets("kim")).toEqual([["Nori was Kim's pet.", false]]);
    expect(await edges("kim")).toEqual(["pet Kiki"]);
  });
});

describe("a value corrected: 'Mia, not Maria'", () => {
  it("retires the value named wrong, with its graph edge, and keeps it in the history", async () => {
    const { engine } = openTestEngine({ now: () => NOW });
    const said = async (text: string, at: string) =>
      engine.remember({ text, user: "ana", speaker: "Ana", at });
    await said("My sister's name is Maria.", "2024-09-01T09:00:00Z");
    await said("I like tea.", "2024-09-01T09:01:00Z");
    await said("Sorry, my sister's name is Mia, not Maria.", "2024-09-02T09:00:00Z");
    const sisters = await engine.facts({ user: "ana", predicate: "sister", all: true });
    expect(sisters.map((f) => [f.object, f.current])).toEqual([
      ["Maria", false],
      ["Mia", true],
    ]);
    const mia = sisters.find((f) => f.object === "Mia");
    expect(sisters.find((f) => f.object === "Maria")?.supersededBy).toBe(mia?.id);
    const edges = (await engine.graph.readGraph({ user: "ana" })).relations.map(
      (r) => `${r.relationType} ${r.to}`,
    );
    expect(edges).toContain("sister Mia");
    expect(edges).not.toContain("sister Maria");
    // a correction of a value never told retires nothing
    await said("I work at Meta, not Google.", "2024-09-03T09:00:00Z");
    expect((await engine.facts({ user: "ana", predicate: "works_at" })).map((f) => f.object)).toEqual([
      "Meta",
    ]);
    expect((await engine.facts({ user: "ana", predicate: "likes" })).map((f) => f.object)).toEqual(["tea"]);
  });

  it("moves what was told of the wrong name to the right one, and the wrong one never held", async () => {
    const { engine } = openTestEngine({ now: () => NOW });
    const said = async (text: string, at: string) =>
      engine.remember({ text, user: "ana", speaker: "Ana", at });
    await said("We have a daughter called Maya who just turned 5.", "2024-09-01T09:00:00Z");
    await said("My sister Maria lives in Rome and she works at Gucci.", "2024-09-01T10:00:00Z");
    await said("Sorry, my daughter's name is Mira, not Maya.", "2024-09-02T09:00:00Z");
    const current = (await engine.facts({ user: "ana" })).map((f) => f.text);
    expect(current).toEqual(
      expect.arrayContaining([
        "Mira is Ana's daughter.",
        "Mira is 5 years old.",
        "Ana and her family have a daughter called Mira who just turned 5.",
        "Maria lives in Rome.",
      ]),
    );
    expect(current.filter((text) => /\bMaya\b/u.test(text))).toEqual([
      "Ana's daughter's name is Mira, not Maya.",
    ]);
    // Mira's age from when it was told, and Maya's at no time; the history keeps both
    const ages = await engine.facts({ user: "ana", predicate: "age", all: true });
    expect(ages.map((f) => [f.subject, f.current, f.validFrom, f.validTo])).toEqual([
      ["Maya", false, "2024-09-01T09:00:00.000Z", "2024-09-01T09:00:00.000Z"],
      ["Mira", true, "2024-09-01T09:00:00.000Z", null],
    ]);
    const asOf = Date.parse("2024-09-01T12:00:00Z");
    expect((await engine.facts({ user: "ana", predicate: "daughter", asOf })).map((f) => f.object)).toEqual([
      "Mira",
    ]);
    // where the age was first told stays its source
    const mira = ages.find((f) => f.current);
    const maya = ages.find((f) => !f.current);
    expect(mira?.sources[0]).toBe(maya?.sources[0]);
    // "my daughter" is Mira from then on
    await said("My daughter is 6 now.", "2025-09-01T09:00:00Z");
    expect((await engine.facts({ user: "ana", predicate: "age" })).map((f) => f.text)).toEqual([
      "Mira is 6 years old.",
    ]);
  });

  it("retells the value a turn corrects on its own, from when it held: a home, a daughter's name, in Chinese", async () => {
    const { engine } = openTestEngine({ now: () => NOW });
    const said = async (text: string, at: string, user = "ana", speaker = "Ana") =>
      engine.remember({ text, user, speaker, at });
    await said("I just moved to Denver.", "2024-09-01T09:00:00Z");
    await said("My daughter Maya is 6.", "2024-09-01T10:00:00Z");
    await said("Actually, it was Boulder, not Denver.", "2024-09-02T09:00:00Z");
    await said("Sorry, I meant Mira, not Maya.", "2024-09-02T10:00:00Z");
    const homes = await engine.facts({ user: "ana", predicate: "lives_in", all: true });
    expect(homes.map((f) => [f.object, f.current, f.validFrom, f.validTo])).toEqual([
      ["Denver", false, "2024-09-01T09:00:00.000Z", "2024-09-01T09:00:00.000Z"],
      ["Boulder", true, "2024-09-01T09:00:00.000Z", null],
    ]);
    expect((await engine.facts({ user: "ana" })).map((f) => f.text)).toEqual(
      expect.arrayContaining(["Ana lives in Boulder.", "Mira is Ana's daughter.", "Mira is 6 years old."]),
    );
    // a value never told corrects nothing, and the turn itself is no fact
    await said("Actually, it was Rome, not Paris.", "2024-09-03T09:00:00Z");
    expect((await engine.facts({ user: "ana", all: true })).map((f) => f.predicate)).not.toContain(
      "corrects",
    );
    expect((await engine.facts({ user: "ana", predicate: "lives_in" })).map((f) => f.object)).toEqual([
      "Boulder",
    ]);
    await said("我住在丹佛。", "2024-09-01T09:00:00Z", "wang", "王峰");
    await said("不对，是博尔德，不是丹佛。", "2024-09-02T09:00:00Z", "wang", "王峰");
    expect((await engine.facts({ user: "wang" })).map((f) => f.text)).toEqual(["王峰住在博尔德。"]);
  });

  it("moves a Chinese name's facts as an English one's", async () => {
    const { engine } = openTestEngine({ now: () => NOW });
    const said = async (text: string, at: string) =>
      engine.remember({ text, user: "wang", speaker: "王峰", at });
    await said("我妹妹叫小红，她住在上海。", "2024-09-01T09:00:00Z");
    await said("我妹妹叫小美，不是小红。", "2024-09-02T09:00:00Z");
    expect((await engine.facts({ user: "wang" })).map((f) => f.text).sort()).toEqual(
      // (the word said, 妹妹, not the catalogue's 姐妹)
      ["小美住在上海。", "小美是王峰的妹妹。"].sort(),
    );
  });
});

describe("forgetting and moving knowledge", () => {
  it("forgets a fact with the only episode it came from, and the graph rows that hang on it", async () => {
    const { engine, store } = openTestEngine({ now: () => NOW });
    const written = await engine.remember({ text: "I live in Lisbon.", user: "ana", speaker: "Ana" });
    const episode = written.items[0]?.id as string;
    const [fact] = await engine.facts({ user: "ana" });
    const { removed } = await engine.forget({ ids: [episode] });
    expect(removed.sort()).toEqual([episode, fact?.id].sort());
    expect(await engine.facts({ user: "ana", all: true })).toEqual([]);
    expect((await engine.graph.readGraph({ user: "ana" })).relations).toEqual([]);
    expect(await store.countRows()).toMatchObject({ memories: 0, keys: 0, fts: 0 });
    await engine.forget({ user: "ana" });
    expect((await engine.graph.readGraph({ user: "ana" })).entities).toEqual([]);
  });

  it("forgetting the telling of a newer value makes the one it superseded hold again, with its graph edge", async () => {
    const { engine, path } = openTestEngine({ now: () => NOW });
    const say = async (text: string, at: string) =>
      (await engine.remember({ text, user: "ana", speaker: "Ana", at })).items[0]?.id as string;
    await say("I live in Lisbon.", "2024-01-01T09:00:00Z");
    const berlin = await say("I moved to Berlin.", "2024-02-01T09:00:00Z");
    const munich = await say("I moved to Munich.", "2024-03-01T09:00:00Z");
    await say("My boyfriend is Tom.", "2024-01-01T10:00:00Z");
    const brokeUp = await say("I broke up with Tom.", "2024-04-01T09:00:00Z");
    // the middle of a chain: Lisbon is followed by Munich now
    await engine.forget({ ids: [berlin] });
    const homes = await engine.facts({ user: "ana", predicate: "lives_in", all: true });
    expect(homes.map((f) => [f.object, f.current, f.validTo])).toEqual([
      ["Lisbon", false, "2024-03-01T09:00:00.000Z"],
      ["Munich", true, null],
    ]);
    // its end: Lisbon is current again; a break-up forgotten, Tom is the boyfriend again
    await engine.forget({ ids: [munich, brokeUp] });
    expect((await engine.facts({ user: "ana" })).map((f) => f.text).sort()).toEqual([
      "Ana lives in Lisbon.",
      "Tom is Ana's boyfriend.",
    ]);
    const edges = (await engine.graph.readGraph({ user: "ana" })).relations.map(
      (r) => `${r.relationType} ${r.to}`,
    );
    expect(edges).toEqual(expect.arrayContaining(["lives_in Lisbon", "boyfriend Tom"]));
    // and no fact is left superseded by one that is gone
    engine.close();
    expect(checkSqliteStore(path).findings).toEqual([]);
  });

  it("export then import into an empty store carries facts, entities, relations and mentions exactly", async () => {
    const { engine } = await told();
    const exported: string[] = [];
    for await (const line of engine.exportLines()) exported.push(line);
    const types = exported.map((line) => (JSON.parse(line) as { type: string }).type);
    expect(new Set(types)).toEqual(new Set(["header", "memory", "entity", "fact", "relation", "mention"]));

    const copy = openTestEngine({ now: () => NOW }).engine;
    const result = await copy.importLines(exported);
    expect(result.graph).toBe(
      types.filter((t) => ["entity", "fact", "relation", "mention"].includes(t)).length,
    );
    const again: string[] = [];
    for await (const line of copy.exportLines()) again.push(line);
    expect(again.slice(1)).toEqual(exported.slice(1));
    expect(await copy.facts({ user: "ana", all: true })).toEqual(
      await engine.facts({ user: "ana", all: true }),
    );
    expect(await copy.graph.readGraph({ user: "liwei" })).toEqual(
      await engine.graph.readGraph({ user: "liwei" }),
    );
    const berlin = (await copy.facts({ user: "ana", predicate: "lives_in", subject: "Ana" }))[0];
    expect((await copy.history(berlin?.id as string)).chain.map((f) => f.object)).toEqual([
      "Lisbon",
      "Berlin",
    ]);
  });

  it("refuses a graph line that does not validate, naming the line, and writes nothing", async () => {
    const { engine } = openTestEngine({ now: () => NOW });
    const lines = [
      JSON.stringify({ text: "I live in Lisbon.", user: "ana" }),
      JSON.stringify({ type: "fact", fact: { memoryId: "x" } }),
    ];
    await expect(engine.importLines(lines)).rejects.toMatchObject({ code: "invalid_input", where: "line 2" });
    expect((await engine.stats()).memories).toBe(0);
  });
});
