/** The translation memory over a real SQLite engine: lossless import and export, matches, reuse and LLM translation. */
import { describe, expect, it } from "vitest";
import { parseTmx, type TmxUnit } from "../../../src/apps/translation/tmx.js";
import { createTranslationMemory } from "../../../src/apps/translation/translation-memory.js";
import { languageModelFromEnv } from "../../../src/cli/commands/language-model-option.js";
import { openTestEngine } from "../../helpers.js";
import { serveChatFixture } from "../llm-fixture-server.js";

function unit(en: string, zh: string, tuid?: string): TmxUnit {
  return {
    attributes: tuid ? { tuid } : {},
    props: [{ type: "attribution", value: `pair ${tuid ?? en}` }],
    notes: [],
    variants: [
      { lang: "en", text: en, attributes: {}, props: [], notes: [] },
      { lang: "zh-CN", text: zh, attributes: {}, props: [], notes: [] },
    ],
  };
}

const UNITS = [
  unit("I know.", "我知道。", "1"),
  unit("I know!", "我知道！", "2"),
  unit("i know.", "我知道。", "3"),
  unit("I know the facts.", "我知道事实。", "4"),
  unit("She knows me.", "她认识我。", "5"),
  unit("Where is the station?", "车站在哪里？", "6"),
];

describe("createTranslationMemory", () => {
  it("keeps units that differ only in case or punctuation, stores an identical unit once, exports in order", async () => {
    const { engine } = openTestEngine();
    const tm = createTranslationMemory(engine, { sourceLang: "en", targetLang: "zh-CN" });
    const first = await tm.importUnits(UNITS, { source: "a.tmx" });
    expect(first).toMatchObject({ units: 6, inserted: 6, duplicates: 0, skipped: 0 });
    const second = await tm.importUnits([UNITS[0] as TmxUnit, unit("Bonjour", "你好")], { source: "b.tmx" });
    expect(second).toMatchObject({ units: 2, inserted: 1, duplicates: 1, skipped: 0 });
    const french = createTranslationMemory(engine, { sourceLang: "fr" });
    expect(await french.importUnits([unit("Hello", "你好")])).toMatchObject({ inserted: 0, skipped: 1 });

    expect(await tm.exportUnits()).toEqual([...UNITS, unit("Bonjour", "你好")]);
    expect((await engine.stats()).byKind.unit).toBe(7);
  });

  it("round-trips a TMX document through the store, header included", async () => {
    const { engine } = openTestEngine();
    const tm = createTranslationMemory(engine);
    const document = parseTmx(
      `<tmx version="1.4"><header srclang="en" creationtool="T"><note>N</note></header><body>
      <tu tuid="a"><note>n1</note><prop type="p">v</prop><tuv xml:lang="en"><seg>Good <ph x="1">&lt;br/&gt;</ph>night.</seg></tuv><tuv xml:lang="de"><seg>Gute Nacht.</seg></tuv></tu>
      </body></tmx>`,
    );
    await tm.importTmx(document, "x.tmx");
    expect(await tm.exportTmx()).toEqual(document);
  });

  it("ranks matches by fuzzy percentage, an exact match first at 100", async () => {
    const { engine } = openTestEngine();
    const tm = createTranslationMemory(engine, { targetLang: "zh-CN" });
    await tm.importUnits(UNITS);
    const result = await tm.match("I know.", { k: 4 });
    const [exact, tieA, tieB, last] = result.matches;
    expect([exact?.source, exact?.target, exact?.fuzzy]).toEqual(["I know.", "我知道。", 100]);
    // one edit each: equal fuzzy percentages, ordered by recall's weight
    expect([tieA, tieB].map((m) => [m?.source, m?.target, m?.fuzzy])).toEqual(
      expect.arrayContaining([
        ["i know.", "我知道。", 85.7],
        ["I know!", "我知道！", 85.7],
      ]),
    );
    expect(tieA?.weight).toBeGreaterThanOrEqual(tieB?.weight as number);
    expect([last?.source, last?.target, last?.fuzzy]).toEqual(["She knows me.", "她认识我。", 46.2]); // 7 edits over 13 characters
    expect(result.matches[0]?.weight).toBeGreaterThan(0);
    const edited = await tm.match("Where is the bus station?", { k: 1 });
    // "Where is the station?" (21) → "Where is the bus station?" (25): 4 insertions → 1 − 4/25 = 84
    expect(edited.matches[0]).toMatchObject({ source: "Where is the station?", fuzzy: 84 });
  });

  it("reuses an exact match with no LLM, suggests the closest otherwise", async () => {
    const { engine } = openTestEngine();
    const tm = createTranslationMemory(engine);
    await tm.importUnits(UNITS);
    expect(await tm.translate("She knows me.")).toMatchObject({
      translation: "她认识我。",
      method: "exact-match",
      suggestion: null,
    });
    const fuzzy = await tm.translate("She knows me well.");
    expect(fuzzy).toMatchObject({
      translation: null,
      method: "none",
      suggestion: { source: "She knows me.", fuzzy: 72.2 },
    });
  });

  it("translates with an LLM, the best matches as examples in the prompt", async () => {
    const server = await serveChatFixture("chat-completion-translate.json");
    const { engine } = openTestEngine();
    const tm = createTranslationMemory(engine, { targetLang: "zh-CN" });
    await tm.importUnits(UNITS);
    const model = languageModelFromEnv({
      ENGRAM_LLM_BASE_URL: server.baseUrl,
      ENGRAM_LLM_MODEL: "gpt-4o-mini",
    });
    const result = await tm.translate("I know that.", { model, k: 2 });
    expect(result).toMatchObject({ translation: "我知道那个。", method: "llm" });
    const prompt = server.requests[0]?.body.messages[0]?.content ?? "";
    expect(prompt).toContain("Translate the sentence from en to zh-CN.");
    // "I know that." → "I know the facts.": 5 edits over 17 → 70.6; → "I know.": 5 over 12 → 58.3
    expect(prompt).toContain(
      "- en (70.6%): I know the facts.\n  zh-CN: 我知道事实。\n- en (58.3%): I know.\n",
    );
    expect(prompt.endsWith("en: I know that.\nzh-CN:")).toBe(true);
    expect(server.requests[0]?.url).toBe("/v1/chat/completions");
  });

  it("refuses an empty sentence", async () => {
    const { engine } = openTestEngine();
    await expect(createTranslationMemory(engine).match("  ")).rejects.toMatchObject({
      code: "invalid_input",
    });
  });
});
