/** Working memory: a session's latest turns within a token budget; what overflows is consolidated, never lost. */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createEngine } from "../../src/core/engine.js";
import type { EngineRuntime } from "../../src/core/engine-runtime.js";
import { engineOptionsSchema } from "../../src/core/schemas.js";
import { extractiveSummary, splitSentences } from "../../src/core/summarize.js";
import { consolidationOf, loadWorkingMemory } from "../../src/core/working-memory.js";
import { createHashEmbedder } from "../../src/providers/hash-embedder.js";
import type { CompletionRequest, LanguageModel } from "../../src/spec/language-model.js";
import { createSqliteStore } from "../../src/stores/sqlite/index.js";
import { loadTokenCounter } from "../../src/text/tokens.js";
import { openTestEngine, tempDir } from "../helpers.js";

const T0 = Date.parse("2026-03-01T09:00:00Z");
const MINUTE = 60_000;

const CONVERSATION: [string, string][] = [
  ["Ana", "Hi! How are you today?"],
  ["Bot", "Fine, thanks. What's new?"],
  ["Ana", "My sister Marta is getting married on June 14 in Porto."],
  ["Bot", "Congratulations to Marta! Do you need help planning?"],
  ["Ana", "Yes. We booked 120 guests at Quinta da Aveleda."],
  ["Bot", "That sounds lovely."],
  ["Ana", "ok"],
  ["Ana", "The caterer is called Sabores do Norte and costs 45 euros per person."],
  ["Bot", "Noted. Anything else?"],
  ["Ana", "我下个月要去上海出差三天。"],
  ["Bot", "好的，祝你一路顺风。"],
  ["Ana", "Also, I started learning the cello last week."],
  ["Bot", "How exciting!"],
  ["Ana", "My teacher is Mr Ribeiro, lessons are every Tuesday."],
  ["Bot", "Great, I will remember that."],
  ["Ana", "Thanks, see you tomorrow."],
];

function turns(session = "s1", offset = 0) {
  return CONVERSATION.map(([speaker, text], i) => ({
    text,
    speaker,
    role: speaker === "Ana" ? "user" : "assistant",
    user: "ana",
    session,
    at: T0 + (offset + i) * MINUTE,
  }));
}

describe("working memory", () => {
  it("keeps the latest turns that fit, as a contiguous tail, and counts the rest", async () => {
    const { engine, store } = openTestEngine({ now: () => T0 });
    await engine.remember(turns());
    const tokens = await loadTokenCounter();
    const runtime: EngineRuntime = {
      store,
      embedder: engine.embedder,
      options: engineOptionsSchema.parse({}),
      now: () => T0,
    };
    const window = await loadWorkingMemory(runtime, { user: "ana", session: "s1" }, 40, tokens);
    expect(window.tokens).toBeLessThanOrEqual(40);
    expect(window.turns.map((t) => t.line).at(-1)).toBe("Ana: Thanks, see you tomorrow.");
    expect(window.turns.length + window.overflow).toBe(CONVERSATION.length);
    const times = window.turns.map((t) => t.record.occurredAt);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(times[0]).toBe(T0 + (CONVERSATION.length - window.turns.length) * MINUTE);
    const next = CONVERSATION[CONVERSATION.length - window.turns.length - 1] as [string, string];
    expect(window.tokens + tokens.count(`${next[0]}: ${next[1]}`)).toBeGreaterThan(40);
  });

  it("turns() reads a session back whole, oldest first, archived and consolidated turns included; last keeps the tail", async () => {
    const { engine } = openTestEngine({ now: () => T0, options: { workingMemoryTokens: 32 } });
    await engine.remember(turns());
    await engine.remember(turns("s2", 100).slice(0, 2));
    await engine.maintain({ user: "ana" });
    const first = (await engine.turns({ user: "ana", session: "s1" }))[0];
    await engine.archive({ ids: [first?.id as string] });

    const all = await engine.turns({ user: "ana", session: "s1" });
    expect(all.map((t) => t.text)).toEqual(CONVERSATION.map(([, text]) => text));
    expect(all.every((t) => t.kind === "episode" && t.session === "s1")).toBe(true);
    expect(all[0]?.status).toBe("archived");
    expect((await engine.turns({ user: "ana", session: "s1", last: 3 })).map((t) => t.text)).toEqual(
      CONVERSATION.slice(-3).map(([, text]) => text),
    );
    expect(await engine.turns({ user: "bob", session: "s1" })).toEqual([]);
    await expect(engine.turns({ user: "ana", session: "" })).rejects.toThrow(/session/);
  });

  it("consolidates overflow into summaries that recall finds; every turn is in the window or a summary; idempotent", async () => {
    const { engine, store } = openTestEngine({
      now: () => T0 + 60 * MINUTE,
      options: { workingMemoryTokens: 64, summaryTokens: 48 },
    });
    await engine.remember(turns());
    const first = await engine.maintain({ archive: false });
    expect(first.summaries.length).toBeGreaterThan(0);

    const summaries = await store.list({ tenant: "default", kinds: ["summary"] });
    expect(summaries.map((s) => s.id).sort()).toEqual(first.summaries.map((s) => s.id).sort());
    const covered = summaries.flatMap((s) => consolidationOf(s)?.covers ?? []);
    expect(new Set(covered).size).toBe(covered.length); // no turn summarised twice
    for (const summary of summaries) {
      expect(summary).toMatchObject({ kind: "summary", user: "ana", session: "s1", speaker: null });
      expect(summary.metadata.consolidation).toMatchObject({ session: "s1", method: "extractive" });
      const tokens = await loadTokenCounter();
      expect(tokens.count(summary.text)).toBeLessThanOrEqual(48);
    }

    // No turn is lost: all turns are still stored, and each is either covered or in the working memory window.
    const episodes = await store.list({ tenant: "default", kinds: ["episode"] });
    expect(episodes).toHaveLength(CONVERSATION.length);
    const block = await engine.context({ query: "anything", user: "ana", session: "s1", budget: 10_000 });
    const inWindow = block.sections.find((s) => s.name === "conversation")!.items.map((i) => i.id);
    for (const episode of episodes)
      expect(covered.includes(episode.id) || inWindow.includes(episode.id)).toBe(true);

    // The wedding details fell out of the window; a recall of summaries finds them.
    const { results } = await engine.recall({
      query: "Marta wedding Porto guests",
      user: "ana",
      kinds: ["summary"],
    });
    expect(results[0]?.text).toContain("Marta");
    expect(results[0]?.text).toMatch(/June 14|120 guests/);

    // Idempotent: again, nothing new.
    expect((await engine.maintain({ archive: false })).summaries).toEqual([]);

    // More turns: a new summary covers only turns not summarised before.
    await engine.remember(turns("s1", 100).map((t) => ({ ...t, text: `${t.text} (again)` })));
    const second = await engine.maintain({ archive: false });
    expect(second.summaries.length).toBeGreaterThan(0);
    const newCovers = second.summaries.flatMap((s) => s.covers);
    expect(newCovers.filter((id) => covered.includes(id))).toEqual([]);
  });

  it("the extractive summary keeps names, dates and numbers, in the order said, within its budget", async () => {
    const tokens = await loadTokenCounter();
    const summary = extractiveSummary(
      CONVERSATION.map(([speaker, text], i) => ({ speaker, text, occurredAt: i })),
      { maxTokens: 60, tokens },
    );
    expect(tokens.count(summary)).toBeLessThanOrEqual(60);
    expect(summary).toContain("Ana: My sister Marta is getting married on June 14 in Porto.");
    expect(summary).not.toMatch(/^Ana: ok$/m);
    expect(summary).not.toContain("How are you");
    const lines = summary.split("\n");
    const positions = lines.map((line) =>
      CONVERSATION.findIndex(([s, t]) => line.startsWith(s) && line.includes(t.slice(0, 12))),
    );
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  it("splits English and Chinese sentences, and never returns an empty summary", async () => {
    expect(splitSentences("我下个月要去上海。你呢？Fine. Dr. Who 3.5 ok!")).toEqual([
      "我下个月要去上海。",
      "你呢？",
      "Fine.",
      "Dr.",
      "Who 3.5 ok!",
    ]);
    const tokens = await loadTokenCounter();
    const tiny = extractiveSummary(
      [{ speaker: "Ana", text: "A very long sentence about many things in Lisbon and Porto", occurredAt: 0 }],
      {
        maxTokens: 5,
        tokens,
      },
    );
    expect(tiny.length).toBeGreaterThan(0);
    expect(tokens.count(tiny)).toBeLessThanOrEqual(5);
  });

  it("with a language model, summaries are abstractive (one call per chunk, usage reported); a failing model falls back", async () => {
    const requests: CompletionRequest[] = [];
    let fail = false;
    const model: LanguageModel = {
      id: "recorded",
      async complete(request) {
        requests.push(request);
        if (fail) throw new Error("connection refused");
        return {
          text: "Ana's sister Marta marries on June 14 in Porto, with 120 guests.",
          usage: { promptTokens: 210, completionTokens: 17 },
        };
      },
    };
    const store = createSqliteStore({ path: join(tempDir(), "llm.db") });
    const engine = createEngine({
      store,
      embedder: createHashEmbedder(),
      languageModel: model,
      now: () => T0 + 60 * MINUTE,
      // No fact extraction: the model's one job here is the summaries.
      options: { workingMemoryTokens: 64, summaryTokens: 48, deriveFacts: false },
    });
    try {
      await engine.remember(turns());
      const { summaries } = await engine.maintain({ archive: false });
      expect(requests).toHaveLength(summaries.length);
      expect(summaries.every((s) => s.method === "abstractive")).toBe(true);
      expect(summaries[0]?.usage).toEqual({ promptTokens: 210, completionTokens: 17 });
      expect(requests[0]?.messages[0]?.role).toBe("system");
      expect(requests[0]?.messages[1]?.content).toContain(
        "[2026-03-01 09:02] Ana: My sister Marta is getting married on June 14 in Porto.",
      );
      expect(requests[0]?.maxTokens).toBe(48);
      const [first] = await store.get("default", [summaries[0]!.id]);
      expect(first?.text).toBe("Ana's sister Marta marries on June 14 in Porto, with 120 guests.");
      expect(first?.metadata.consolidation).toMatchObject({ method: "abstractive" });

      fail = true;
      await engine.remember(turns("s2", 200).map((t) => ({ ...t, text: `${t.text} (later)` })));
      const fallback = await engine.maintain({ archive: false });
      expect(fallback.summaries.length).toBeGreaterThan(0);
      expect(fallback.summaries.every((s) => s.method === "extractive" && s.usage === undefined)).toBe(true);
    } finally {
      await engine.close();
    }
  });

  it("maintains inline every `maintainEveryWrites` writes", async () => {
    const { engine, store } = openTestEngine({
      now: () => T0 + 60 * MINUTE,
      options: { workingMemoryTokens: 64, summaryTokens: 48, maintainEveryWrites: 2 },
    });
    const all = turns();
    await engine.remember(all.slice(0, 8));
    expect(await store.list({ tenant: "default", kinds: ["summary"] })).toEqual([]);
    await engine.remember(all.slice(8));
    expect((await store.list({ tenant: "default", kinds: ["summary"] })).length).toBeGreaterThan(0);
  });
});
