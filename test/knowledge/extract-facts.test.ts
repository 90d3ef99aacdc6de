/** The rule-based extractors, English and Chinese, and the date corrections they rely on. */
import { describe, expect, it } from "vitest";
import { extractFacts, findChineseDate, findEnglishDate } from "../../src/text/facts/index.js";

const AT = Date.UTC(2024, 4, 10, 12);
const day = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString().slice(0, 10));
const facts = (text: string) =>
  extractFacts(text, AT).facts.map((f) => [
    f.subject.kind === "speaker"
      ? "I"
      : f.subject.kind === "relative"
        ? `my ${f.subject.relation}`
        : f.subject.name,
    f.predicate,
    f.object,
    day(f.at),
  ]);

describe("dates", () => {
  it('reads "last March" as the March before, not the next one (chrono resolves it forward)', () => {
    expect(day(findEnglishDate("I moved to Berlin last March", Date.UTC(2026, 10, 28))?.at ?? null)).toBe(
      "2026-03-01",
    );
    expect(findEnglishDate("I moved to Berlin last March", Date.UTC(2026, 10, 28))?.text).toBe("last March");
    expect(day(findEnglishDate("We met in 2019", AT)?.at ?? null)).toBe("2019-01-01");
    expect(findEnglishDate("See you at 3pm", AT)).toBeNull();
  });

  it("reads Chinese relative dates against the time they were said", () => {
    expect(day(findChineseDate("我去年三月搬到了上海", AT)?.at ?? null)).toBe("2023-03-01");
    expect(day(findChineseDate("我上个月搬到了北京", AT)?.at ?? null)).toBe("2024-04-10");
    expect(day(findChineseDate("2023年5月我开始工作", AT)?.at ?? null)).toBe("2023-05-01");
  });
});

describe("English rules", () => {
  it("finds name, home, work, job and family in what a speaker says about themselves", () => {
    expect(facts("Hi! My name is Ana and I live in Lisbon. I work at Siemens as an engineer.")).toEqual([
      ["I", "name", "Ana", null],
      ["I", "lives_in", "Lisbon", null],
      ["I", "works_at", "Siemens", null],
    ]);
    expect(facts("My sister Maria lives in Paris.")).toEqual([
      ["I", "sister", "Maria", null],
      ["Maria", "lives_in", "Paris", null],
    ]);
    expect(facts("My brother's name is Tom.")).toEqual([["I", "brother", "Tom", null]]);
    expect(facts("My mom is a nurse.")).toEqual([["my mother", "job_title", "nurse", null]]);
  });

  it("dates a move by the date in the sentence, and keeps dates to their own clause", () => {
    expect(facts("I moved to Berlin last month, and I'm a teacher now.")).toEqual([
      ["I", "lives_in", "Berlin", "2024-04-10"],
      ["I", "job_title", "teacher", null],
    ]);
    expect(facts("I joined Google last month.")).toEqual([["I", "works_at", "Google", "2024-04-10"]]);
    // the date leaves the object even when a comma follows it
    expect(facts("We adopted two kittens last weekend, Miso and Tofu.")).toEqual([
      ["I", "has", "two kittens", "2024-05-05"],
    ]);
  });

  it("finds likes, dislikes, plans, possessions, age, marriage and dated events", () => {
    expect(facts("I love hiking and I hate traffic.")).toEqual([
      ["I", "likes", "hiking", null],
      ["I", "dislikes", "traffic", null],
    ]);
    expect(facts("I'm planning to visit Japan.")).toEqual([["I", "plans", "visit Japan", null]]);
    expect(facts("I have two cats.")).toEqual([["I", "has", "two cats", null]]);
    expect(facts("I'm 32 years old.")).toEqual([["I", "age", "32", null]]);
    expect(facts("I'm married to John.")).toEqual([["I", "married_to", "John", null]]);
    expect(facts("Yesterday I went to a support group.")).toEqual([
      ["I", "event", "went to a support group", "2024-05-09"],
    ]);
  });

  it("takes nothing from questions or negations", () => {
    expect(facts("Where do you live?")).toEqual([]);
    expect(facts("I don't live in Paris anymore.")).toEqual([]);
  });

  it("names the people, places and organisations a turn mentions", () => {
    expect(extractFacts("Caroline works at the Red Cross in Boston.", AT).mentions).toEqual([
      { name: "Caroline", entityType: "person" },
      { name: "Boston", entityType: "place" },
      { name: "Red Cross", entityType: "organization" },
    ]);
  });
});

describe("Chinese rules", () => {
  it("finds name, home, work and family, carrying the subject into clauses without one", () => {
    expect(facts("我叫李伟。我住在上海，在阿里巴巴工作。")).toEqual([
      ["I", "name", "李伟", null],
      ["I", "lives_in", "上海", null],
      ["I", "works_at", "阿里巴巴", null],
    ]);
    expect(facts("我去年三月搬到了北京，现在在腾讯上班。")).toEqual([
      ["I", "lives_in", "北京", "2023-03-01"],
      ["I", "works_at", "腾讯", null],
    ]);
    expect(facts("我妹妹叫小芳。我妹妹住在杭州。")).toEqual([
      ["I", "sister", "小芳", null],
      ["my sister", "lives_in", "杭州", null],
    ]);
  });

  it("finds likes, dislikes, plans and jobs, and nothing in a question", () => {
    expect(facts("我很喜欢喝茶，但是我不喜欢咖啡。")).toEqual([
      ["I", "likes", "喝茶", null],
      ["I", "dislikes", "咖啡", null],
    ]);
    expect(facts("我是一名工程师。")).toEqual([["I", "job_title", "工程师", null]]);
    expect(facts("我打算去日本旅行。")).toEqual([["I", "plans", "去日本旅行", null]]);
    expect(facts("你住在哪里？")).toEqual([]);
  });
});
