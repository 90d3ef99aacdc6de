/** Questions about time and the form of questions: write-time resolution of relative dates, asked spans, question types. */
import { describe, expect, it } from "vitest";
import type { Engine } from "../../src/core/index.js";
import { readCandidates } from "../../src/core/recall.js";
import { FEATURE_INDEX } from "../../src/core/recall-features.js";
import { HAND_SET_SCORER } from "../../src/core/recall-scorer.js";
import { engineOptionsSchema, recallInputSchema } from "../../src/core/schemas.js";
import { asksQuestion, hasNumber, namesSomething, questionForm } from "../../src/text/question-form.js";
import { mentionedDates, mentionsTime, questionTime } from "../../src/text/time-expressions.js";
import { openTestEngine } from "../helpers.js";

const SAID = Date.UTC(2023, 4, 8, 13, 56); // Monday 8 May 2023, 1:56 pm
const day = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d);

/** The hand-set scorer's read of a question as of `now`, over what an engine's store holds for user "u". */
function readAsOf(engine: Engine, question: string, now: number) {
  const context = {
    store: engine.store,
    embedder: engine.embedder,
    options: engineOptionsSchema.parse({}),
    now: () => now,
  };
  return readCandidates(
    context,
    recallInputSchema.parse({ query: question, user: "u", now }),
    HAND_SET_SCORER,
  );
}

describe("the days a turn speaks of, resolved against when it was said", () => {
  it("resolves yesterday, last week, last Friday and a named date", () => {
    expect(mentionedDates("I went to a support group yesterday.", SAID)).toEqual([day(2023, 5, 7)]);
    expect(mentionedDates("We went camping last week!", SAID)).toEqual([day(2023, 5, 1)]);
    expect(mentionedDates("Last Friday I painted a sunrise.", SAID)).toEqual([day(2023, 5, 5)]);
    expect(mentionedDates("The race was on 20 April 2023. Next month I run again.", SAID)).toEqual([
      day(2023, 4, 20),
      day(2023, 6, 8),
    ]);
    // "last March" is the March before, not the next one
    expect(mentionedDates("I moved here last March.", SAID)).toEqual([day(2023, 3, 1)]);
    expect(mentionedDates("我昨天去了北京。", SAID)).toEqual([day(2023, 5, 7)]);
  });

  it("reads a month or a weekday with no year or week in the time its verb speaks of", () => {
    const december = Date.UTC(2026, 11, 1, 10); // Tuesday 1 December 2026
    // chrono picks the nearest March (2027): a past verb says the March before
    expect(mentionedDates("I went to Rome in March.", december)).toEqual([day(2026, 3, 1)]);
    expect(mentionedDates("Tom was fired in October.", Date.UTC(2026, 5, 15))).toEqual([day(2025, 10, 1)]);
    // and a future one the coming Monday, not the one just gone
    expect(mentionedDates("I'll go hiking on Monday.", december)).toEqual([day(2026, 12, 7)]);
    expect(mentionedDates("I'm taking an exam in January.", Date.UTC(2026, 5, 15))).toEqual([
      day(2027, 1, 1),
    ]);
    // a habit's day is no date
    expect(mentionedDates("I go to church on Sunday.", december)).toEqual([]);
    expect(mentionedDates("We play football every Saturday.", december)).toEqual([]);
    expect(mentionedDates("I usually stay in on Sunday.", december)).toEqual([]);
    // what the words give whole stays as it is
    expect(mentionedDates("I went to Rome in March 2019.", december)).toEqual([day(2019, 3, 1)]);
  });

  it("finds none where no time is named, and does not take 'may' the verb for May", () => {
    expect(mentionedDates("I love painting landscapes.", SAID)).toEqual([]);
    expect(mentionsTime("You may like this book")).toBe(false);
    expect(mentionsTime("We met in May")).toBe(true);
    expect(mentionsTime("两年前我搬家了")).toBe(true);
  });

  it("is kept in a date key at write time, which recall reads and shows", async () => {
    const { engine, store } = openTestEngine({ options: { deriveFacts: false } });
    const { items } = await engine.remember({
      text: "I went to a support group yesterday.",
      user: "u",
      session: "s1",
      speaker: "Caroline",
      at: SAID,
    });
    const keys = await store.keys("default", [items[0]?.id as string], ["date"]);
    expect(keys.map((k) => [k.text, k.terms, k.vector])).toEqual([["2023-05-07", [], null]]);
    const { set, features } = await readAsOf(engine, "What did Caroline do on 7 May 2023?", SAID);
    expect(set.candidates[0]?.dates).toEqual([day(2023, 5, 7)]);
    // it happened (was said) on 8 May, and speaks of the 7th, the day asked about
    expect(features[0]?.[FEATURE_INDEX.get("speaksOfAskedSpan") as number]).toBe(1);
    expect(features[0]?.[FEATURE_INDEX.get("inAskedSpan") as number]).toBe(0);
    expect(features[0]?.[FEATURE_INDEX.get("tellsTime") as number]).toBe(1);
  });
});

describe("the span of time a question names", () => {
  const now = Date.UTC(2023, 9, 20);
  const questionTimeSpan = (question: string, at: number) => questionTime(question, at)?.span ?? null;
  it("reads a day, a month (the latest one up to now) and a year", () => {
    expect(questionTimeSpan("What painting did Melanie show on October 13, 2023?", now)).toEqual({
      from: day(2023, 10, 13),
      to: day(2023, 10, 14),
    });
    expect(questionTimeSpan("When did Melanie go camping in June?", now)).toEqual({
      from: day(2023, 6, 1),
      to: day(2023, 7, 1),
    });
    expect(questionTimeSpan("When did she go camping in December?", now)).toEqual({
      from: day(2022, 12, 1),
      to: day(2023, 1, 1),
    });
    expect(questionTimeSpan("How many times has Melanie gone to the beach in 2023?", now)).toEqual({
      from: day(2023, 1, 1),
      to: day(2024, 1, 1),
    });
    expect(questionTimeSpan("What does Melanie like?", now)).toBeNull();
  });

  it("reads a week as its seven days and a Chinese date as its own days (each was its first day alone)", () => {
    // now: Friday 20 October 2023; "last week" is the calendar week before, Monday to Sunday
    expect(questionTimeSpan("What did Melanie do last week?", now)).toEqual({
      from: day(2023, 10, 9),
      to: day(2023, 10, 16),
    });
    // "the week before 9 June" is the seven days before it
    expect(questionTimeSpan("What did Caroline do the week before 9 June 2023?", now)).toEqual({
      from: day(2023, 6, 2),
      to: day(2023, 6, 9),
    });
    expect(questionTimeSpan("What happened 3 weeks ago?", now)).toEqual({
      from: day(2023, 9, 29),
      to: day(2023, 9, 30),
    });
    expect(questionTimeSpan("我三月做了什么？", now)).toEqual({ from: day(2023, 3, 1), to: day(2023, 4, 1) });
    expect(questionTimeSpan("我上周做了什么？", now)).toEqual({
      from: day(2023, 10, 9),
      to: day(2023, 10, 16),
    });
  });

  it("gives the words that name the span", () => {
    expect(questionTime("Where did Joanna travel to in July 2022?", now)?.phrase).toBe("July 2022");
    expect(questionTime("What painting did Melanie show on October 13, 2023?", now)?.phrase).toBe(
      "October 13, 2023",
    );
    // a year alone keeps its words: the days a text speaks of miss "In 1945, the war ended."
    expect(questionTime("How many times has Melanie gone to the beach in 2023?", now)?.phrase).toBe("");
    expect(questionTime("What does Melanie like?", now)).toBeNull();
  });

  it("reads the day after a time of day, and a span between two dates", () => {
    // the parser alone reads "the evening of 7 July, 2023" as an evening of no certain day
    expect(questionTime("What did Maria plan to do later on the evening of 7 July, 2023?", now)).toEqual({
      span: { from: day(2023, 7, 7), to: day(2023, 7, 8) },
      phrase: "7 July, 2023",
    });
    // the first date takes the second's year, and the span runs to the end of the second
    expect(questionTime("Where was John between August 11 and August 15 2023?", now)).toEqual({
      span: { from: day(2023, 8, 11), to: day(2023, 8, 16) },
      phrase: "August 11 and August 15 2023",
    });
    // a range across a new year: the first date is the latest one before the second
    expect(questionTime("What did Ana do between December 20 and January 5 2024?", now)?.span).toEqual({
      from: day(2023, 12, 20),
      to: day(2024, 1, 6),
    });
    // two dates not joined as a span: the first
    expect(questionTime("Did she move on June 3, and did he visit on June 9?", now)?.span).toEqual({
      from: day(2023, 6, 3),
      to: day(2023, 6, 4),
    });
  });

  it("is matched by when memories happened and the days they speak of, not by its words", async () => {
    const { engine } = openTestEngine({ options: { deriveFacts: false } });
    const july = Date.UTC(2022, 6, 12);
    // a memory that states a date of 2022 in its words, and the turn from July 2022 that says where she went
    await engine.remember([
      {
        text: "Joanna is going to try making the cake on 17 April 2022.",
        user: "u",
        at: Date.UTC(2022, 3, 10),
      },
      { text: "I went to Woodhaven, a small town in the Midwest.", user: "u", speaker: "Joanna", at: july },
    ]);
    const { set, features } = await readAsOf(engine, "Where did Joanna travel to in July 2022?", july);
    // the query's words without "July 2022": "2022" would match the April memory, a word the July turn lacks
    expect(set.terms).toEqual(["joanna", "travel"]);
    const april = set.candidates.findIndex((c) => c.record.text.includes("April"));
    const woodhaven = set.candidates.findIndex((c) => c.record.text.includes("Woodhaven"));
    expect(features[woodhaven]?.[FEATURE_INDEX.get("inAskedSpan") as number]).toBe(1);
    expect(features[april]?.[FEATURE_INDEX.get("inAskedSpan") as number]).toBe(0);
    const result = await engine.recall({
      query: "Where did Joanna travel to in July 2022?",
      user: "u",
      now: july,
    });
    expect(result.channels.terms).toEqual(["joanna", "travel"]);
    expect(result.results[0]?.text).toContain("Woodhaven");
  });
});

describe("the form of a question and of a text", () => {
  it("tells when, who, where, how many and yes/no questions, in English and Chinese", () => {
    expect(questionForm("When did Ana move?")).toMatchObject({ when: true, who: false });
    expect(questionForm("How long ago was her birthday?").when).toBe(true);
    expect(questionForm("Who gave her the necklace?").who).toBe(true);
    expect(questionForm("Where has Melanie camped?").where).toBe(true);
    expect(questionForm("How many children does she have?").howMany).toBe(true);
    expect(questionForm("Would Caroline pursue writing?").yesNo).toBe(true);
    expect(questionForm("她什么时候搬家的？")).toMatchObject({ when: true });
    expect(questionForm("她有几个孩子？").howMany).toBe(true);
    expect(questionForm("他住在哪里？").where).toBe(true);
  });

  it("sees a question mark anywhere, full-width too, numbers in digits and words, and names past a sentence's start", () => {
    expect(asksQuestion("How long have you been married? [a photo]")).toBe(true);
    expect(asksQuestion("你结婚多久了？")).toBe(true);
    expect(asksQuestion("Five years already!")).toBe(false);
    expect(hasNumber("two kids")).toBe(true);
    expect(hasNumber("some kids")).toBe(false);
    expect(namesSomething("We drove to Lisbon.")).toBe(true);
    expect(namesSomething("Lovely day. I went out.")).toBe(false);
  });
});
