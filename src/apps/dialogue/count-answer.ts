/** "How many kids do I have?", 我有几个孩子？: the relatives or pets named, and the count a thing had says. */
import type { Engine, FactView } from "../../core/index.js";
import { chineseNumber, ENDED, englishNumber } from "../../text/facts/index.js";
import { hasHan, hasWholeWord } from "../../text/index.js";
import { joinEnglish, MAX_VALUES, toPerson } from "./answer-sentence.js";
import { countedPredicate, type FactQuestion } from "./fact-question.js";
import {
  type AnswerScope,
  GROUP_MEMBERS,
  groupFacts,
  type MemoryAnswer,
  newestFirst,
  sameName,
  unlessAbsent,
} from "./fact-reading.js";
import { kindTold, petKindOf, petNames } from "./pet-answer.js";

/** Counts as an answer writes them: "two kids", 两个孩子. */
const ENGLISH_COUNTS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];

const CHINESE_COUNTS = ["零", "一", "两", "三", "四", "五", "六", "七", "八", "九", "十"];

/** A count and the word it counts in a thing had: "two kids", "a sister", 两个孩子, 一只猫. */
const ENGLISH_COUNTED_THING = /\b(?<n>an?|\d{1,3}|[a-z]+(?:-[a-z]+)?) (?<word>[a-z]+)\b/giu;

const CHINESE_COUNTED_THING =
  /(?<n>[一二两三四五六七八九十\d]+)(?:个|只|条|位|名)(?<word>[\p{Script=Han}]{1,4})/gu;

/**
 * How many of what a count asks for a thing had says ("I have three kids" → 3 for "how many kids", "a sister named
 * Mia and two brothers" → 2 for "how many brothers"), or null when it names none.
 */
export function countSaid(object: string, question: FactQuestion, kind: string | null): number | null {
  // a son or a daughter counts among the kids ("两个儿子和一个女儿" is three children)
  const members = [question.predicate, ...(GROUP_MEMBERS[question.predicate] ?? [])];
  const counts = (word: string) =>
    members.includes(countedPredicate(word) ?? "") &&
    (question.predicate !== "pet" || kind === null || petKindOf(word) === kind);
  let total: number | null = null;
  const add = (n: number | null) => {
    if (n !== null && n > 0) total = (total ?? 0) + n;
  };
  if (question.language === "zh")
    for (const { groups } of object.matchAll(CHINESE_COUNTED_THING)) {
      const word = groups?.word ?? "";
      // the longest start of the words that is a word counted (两个孩子, 一个妹妹叫李娜)
      for (let end = word.length; end > 0; end--)
        if (counts(word.slice(0, end))) {
          add(chineseNumber(groups?.n ?? "") || null);
          break;
        }
    }
  else
    for (const { groups } of object.toLowerCase().matchAll(ENGLISH_COUNTED_THING)) {
      const said = groups?.n ?? "";
      const n = /^an?$/u.test(said) ? 1 : /^\d+$/u.test(said) ? Number(said) : englishNumber(said);
      if (counts(groups?.word ?? "")) add(n);
    }
  return total;
}

/**
 * How many of the pets a thing had named are gone since it was told ("two dogs, Rex and Bella", then "Rex died": one),
 * of the kind counted when a count asks for one.
 */
function goneOf(had: FactView, gone: readonly { name: string; at: number }[], kind: string | null): number {
  const told = Date.parse(had.validFrom ?? had.recordedAt);
  return gone.filter(
    ({ name, at }) =>
      at >= told && hasWholeWord(had.text, name) && (kind === null || kindTold(name, [had.text]) === kind),
  ).length;
}

/** Relations of a sibling, which "I'm an only child" answers with none. */
const SIBLING_WORDS: ReadonlySet<string> = new Set(["siblings", "sister", "brother"]);

const ONLY_CHILD = /\bonly (?:child|kid)\b|独生/u;

/** "How many siblings do I have?" after "I'm an only child": that sentence, to the asker; null when none was told. */
async function onlyChildAnswer(
  engine: Engine,
  question: FactQuestion,
  scope: AnswerScope,
  speaker: string,
): Promise<MemoryAnswer | null> {
  const told = (
    (await unlessAbsent(() => engine.facts({ ...scope, subject: speaker, predicate: "statement" }))) ?? []
  )
    .filter((fact) => ONLY_CHILD.test(fact.text))
    .sort(newestFirst);
  // (said in the question's language when it was)
  const said = told.find((fact) => hasHan(fact.text) === (question.language === "zh")) ?? told[0];
  return said ? { text: toPerson(said.text, speaker), facts: [said] } : null;
}

/**
 * "How many kids do I have?", 我有几个孩子？: the relatives (or pets) of the kind asked by name, and the count a thing
 * had said when it says more ("I have three kids" with two named: "You have three kids; you told me of Emma and
 * Noah."); null when neither is known.
 */
export async function countAnswer(
  engine: Engine,
  question: FactQuestion,
  scope: AnswerScope,
  speaker: string,
): Promise<MemoryAnswer | null> {
  let names: string[] = [];
  let evidence: FactView[] = [];
  let gone: { name: string; at: number }[] = [];
  const kind = question.predicate === "pet" && question.topic ? petKindOf(question.topic) : null;
  if (question.predicate === "pet") {
    const pets = await petNames(engine, question, scope, speaker);
    // a count of cats counts the pets told to be cats
    if (pets) {
      names = kind ? pets.names.filter((name) => kindTold(name, pets.told) === kind) : pets.names;
      evidence = pets.evidence;
      gone = pets.gone;
    }
  } else {
    const facts = (await groupFacts(engine, scope, speaker, question.predicate)) ?? [];
    evidence = facts.filter((fact) => fact.object !== ENDED);
    for (const fact of [...evidence].sort((a, b) => -newestFirst(a, b)))
      if (!names.some((name) => sameName(name, fact.object))) names.push(fact.object);
  }
  const had = (
    (await unlessAbsent(() => engine.facts({ ...scope, subject: speaker, predicate: "has" }))) ?? []
  )
    .sort(newestFirst)
    .map((fact) => ({ fact, n: countSaid(fact.object, question, kind) }))
    .map(({ fact, n }) => ({ fact, n: n === null ? null : n - goneOf(fact, gone, kind) }))
    .find((found) => found.n !== null);
  const n = Math.max(had?.n ?? 0, names.length);
  if (n === 0)
    return SIBLING_WORDS.has(question.predicate) ? onlyChildAnswer(engine, question, scope, speaker) : null;
  const facts = had ? [had.fact, ...evidence] : evidence;
  const shown = names.slice(0, MAX_VALUES * 2);
  const word = question.word ?? question.predicate;
  if (question.language === "zh") {
    const count = `${CHINESE_COUNTS[n] ?? String(n)}${question.predicate === "pet" ? "只" : "个"}${word}`;
    if (shown.length === 0) return { text: `你有${count}。`, facts };
    const list = shown.join("、");
    return {
      text: names.length === n ? `你有${count}：${list}。` : `你有${count}，你跟我说过${list}。`,
      facts,
    };
  }
  const noun = n === 1 ? (word === "children" ? "child" : word.replace(/s$/u, "")) : word;
  const count = `${ENGLISH_COUNTS[n] ?? String(n)} ${noun}`;
  if (shown.length === 0) return { text: `You have ${count}.`, facts };
  const list = joinEnglish(shown);
  return {
    text: names.length === n ? `You have ${count}: ${list}.` : `You have ${count}; you told me of ${list}.`,
    facts,
  };
}
