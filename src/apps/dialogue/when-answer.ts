/** "When did I go to Rome?", "what did I do last week?": the dated facts whose words or time the question names. */
import type { Engine, FactView } from "../../core/index.js";
import {
  dateSpan,
  findChineseDate,
  findEnglishDates,
  inTense,
  parseEnglish,
} from "../../text/facts/index.js";
import { escapeRegExp, hasHan } from "../../text/index.js";
import { joinSentences, toPerson } from "./answer-sentence.js";
import type { FactQuestion } from "./fact-question.js";
import {
  type AnswerScope,
  type MemoryAnswer,
  newestFirst,
  sameName,
  subjectName,
  unlessAbsent,
} from "./fact-reading.js";

/** Verbs that say little of what happened ("when did I go to Rome?" matches "Ana flew to Rome"). */
const LIGHT_VERBS = new Set(["be", "do", "have", "go", "get", "make", "take", "come", "start", "begin"]);

/** Chinese characters a "when" topic may leave out of the fact that answers it (去的罗马 ~ 去了罗马). */
const CHINESE_FILLERS = /[的了过是在要会呢吗啊]/gu;

/** The words of an English text by kind, as lemmas: what names something (nouns, names, numbers) and the verbs. */
function lemmasOf(text: string): { names: Set<string>; verbs: Set<string> } {
  const names = new Set<string>();
  const verbs = new Set<string>();
  for (const sentence of parseEnglish(text))
    for (const token of sentence) {
      if (["NOUN", "PROPN", "NUM", "ADJ"].includes(token.pos)) names.add(token.lemma);
      else if (token.pos === "VERB" && !LIGHT_VERBS.has(token.lemma)) verbs.add(token.lemma);
    }
  return { names, verbs };
}

/** A "when" topic as it is matched: Chinese characters, or English lemmas by kind. */
type WhenTopic = { chinese: string[] } | { names: Set<string>; verbs: Set<string> };

function whenTopic(topic: string): WhenTopic {
  if (hasHan(topic))
    return { chinese: [...new Set(topic.replace(CHINESE_FILLERS, ""))].filter((c) => /\S/u.test(c)) };
  return lemmasOf(topic);
}

/**
 * How well a dated fact answers a "when" question's topic: every naming word of the topic in the fact (or, for a
 * topic of verbs only, every verb), a point for each word shared; 0 when it does not answer. A word's first four
 * letters are looked for in the sentence before it is parsed, which most sentences fail.
 */
function whenScore(topic: WhenTopic, fact: FactView): number {
  if ("chinese" in topic)
    return topic.chinese.length > 0 && topic.chinese.every((c) => fact.text.includes(c))
      ? topic.chinese.length
      : 0;
  const required = topic.names.size > 0 ? topic.names : topic.verbs;
  const lower = fact.text.toLowerCase();
  if (required.size === 0 || ![...required].every((word) => lower.includes(word.slice(0, 4)))) return 0;
  const told = lemmasOf(fact.text);
  const shared = (words: Set<string>) =>
    [...words].filter((w) => told.names.has(w) || told.verbs.has(w)).length;
  const names = shared(topic.names);
  const verbs = shared(topic.verbs);
  if (topic.names.size > 0) return names === topic.names.size ? names + verbs : 0;
  return verbs === topic.verbs.size ? verbs : 0;
}

/** A sentence that names a year: the date a fact was told with, written out ("in March 2026", 2026年3月). */
const DATED = /(?<!\d)(?:1[89]|20)\d\d(?!\d)/u;

/** At most this many dated facts answer a "when" or "what did I do" question, newest first (a parse each, at most). */
const MAX_DATED_FACTS = 500;

/**
 * A subject's dated facts, newest first, at most MAX_DATED_FACTS: its events, and facts whose sentence kept the date
 * they were told with ("Ana has a meeting with Sarah on 7 December 2026.").
 */
async function datedFacts(engine: Engine, scope: AnswerScope, subject: string): Promise<FactView[]> {
  return (await engine.facts({ ...scope, subject }))
    .filter((f) => f.predicate === "event" || DATED.test(f.text))
    .sort(newestFirst)
    .slice(0, MAX_DATED_FACTS);
}

/**
 * When what a question's topic says happened: the dated fact (an event, its date in its sentence) of the subject that
 * names the topic's words, told to the asker ("When did I go to Rome?" → "You went to Rome in March 2026."); a
 * relative's or a named person's from the speaker's facts that name them too. Null when none does.
 */
export async function whenAnswer(
  engine: Engine,
  question: FactQuestion,
  scope: AnswerScope,
  speaker: string,
): Promise<MemoryAnswer | null> {
  const topic = question.topic ?? "";
  if (topic.length === 0) return null;
  const subject = subjectName(question.subject, speaker);
  const facts = await unlessAbsent(async () => [
    ...(await datedFacts(engine, scope, speaker)),
    ...(subject === speaker ? [] : await datedFacts(engine, scope, subject)),
  ]);
  if (!facts) return null;
  // a relative's or another's: the speaker's facts that name them ("Ana's sister Maria went…")
  const mark =
    question.subject.kind === "relative"
      ? question.subject.word
      : question.subject.kind === "named"
        ? question.subject.name
        : null;
  const about = facts.filter(
    (f) =>
      mark === null || !sameName(f.subject, speaker) || f.text.toLowerCase().includes(mark.toLowerCase()),
  );
  const asked = whenTopic(topic);
  const scored = about
    .map((fact) => ({ fact, score: whenScore(asked, fact) }))
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score || newestFirst(a.fact, b.fact));
  const best = scored[0]?.fact;
  if (!best) return null;
  return { text: toPerson(best.text, speaker), facts: [best] };
}

/** At most this many events answer "what did I do…?". */
const MAX_DURING = 3;

/**
 * What the asker did, or will do, in the time a question names ("What did I do last week?" → "You visited your parents
 * in the week of 24 November 2026."): the speaker's dated facts (datedFacts) in that time, in the order they happened,
 * at most three; null when the words name no time or nothing is dated in it. A month or a weekday without its year
 * or week is the one before the asking, or after it for a question that looks ahead.
 */
export async function duringAnswer(
  engine: Engine,
  question: FactQuestion,
  scope: AnswerScope,
  speaker: string,
  now: number,
): Promise<MemoryAnswer | null> {
  const words = question.topic ?? "";
  const found =
    question.language === "zh" ? findChineseDate(words, now) : (findEnglishDates(words, now)[0] ?? null);
  const date = found && inTense(found, question.ahead ? "future" : "past", now);
  if (!date) return null;
  const { from, to } = dateSpan(date);
  const own = question.subject.kind === "speaker";
  const subject = subjectName(question.subject, speaker);
  const facts = await unlessAbsent(async () => [
    ...(await datedFacts(engine, scope, speaker)),
    ...(own ? [] : await datedFacts(engine, scope, subject)),
  ]);
  const zh = question.language === "zh";
  // the asker's own doings ("Ana's sister went to Paris" is the sister's); a relative's or another's: theirs, and
  // the asker's that name them ("Ana's sister went…", "Ana and Tom went…")
  const mark =
    question.subject.kind === "relative"
      ? `${speaker}${zh ? "的" : "'s "}${question.subject.word}`
      : question.subject.kind === "named"
        ? question.subject.name
        : null;
  const others = new RegExp(`^${escapeRegExp(speaker)}(?:['’]s |的)`, "iu");
  const whose = (fact: FactView) =>
    question.everyone === true ||
    (mark === null
      ? !others.test(fact.text)
      : !sameName(fact.subject, speaker) || fact.text.toLowerCase().includes(mark.toLowerCase()));
  // an event is dated by its validFrom; another fact by the date its sentence names
  const dates = new Map<FactView, number>();
  for (const fact of facts ?? []) {
    if (fact.predicate === "event") {
      dates.set(fact, Date.parse(fact.validFrom ?? ""));
      continue;
    }
    const told = Date.parse(fact.recordedAt);
    const said = hasHan(fact.text) ? findChineseDate(fact.text, told) : findEnglishDates(fact.text, told)[0];
    if (said) dates.set(fact, said.at);
  }
  const inSpan = [...dates].filter(([fact, at]) => at >= from && at < to && whose(fact));
  // in the question's language when any is (a turn told in the other language answers when none is)
  const same = inSpan.filter(([fact]) => hasHan(fact.text) === zh);
  const dated = (same.length > 0 ? same : inSpan)
    .sort((a, b) => a[1] - b[1])
    .slice(0, MAX_DURING)
    .map(([fact]) => fact);
  if (dated.length === 0) return null;
  return { text: joinSentences(dated.map((fact) => toPerson(fact.text, speaker))), facts: dated };
}
