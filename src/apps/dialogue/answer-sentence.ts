/**
 * Answers said to the asker: a predicate's values as a sentence in English or Chinese, and a fact's sentence in the
 * second person.
 */
import {
  chinesePractice,
  dayPhrase,
  englishNumber,
  extractFacts,
  factSentence,
  isGroupRelation,
  oneRelative,
  parseEnglish,
  pluralVerb,
  RELATIVE_WORDS,
  typeOfName,
} from "../../text/facts/index.js";
import { escapeRegExp, hasHan } from "../../text/index.js";
import type { FactQuestion, QuestionSubject } from "./fact-question.js";

/** How many values a multi-valued answer lists ("You like jazz, tea and hiking"). */
export const MAX_VALUES = 5;

export function joinEnglish(values: string[]): string {
  if (values.length <= 1) return values[0] ?? "";
  // values that are lists themselves are told apart by a comma before the last "and": "jazz and blues, and pizza"
  const last = values.some((value) => /,|\band\b/u.test(value)) ? ", and" : " and";
  return `${values.slice(0, -1).join(", ")}${last} ${values[values.length - 1]}`;
}

/** The subject as the answer names it: "You", "Your sister", "Maria"; and whether the verb takes -s. */
export function englishSubject(subject: QuestionSubject): { name: string; third: boolean } {
  if (subject.kind === "speaker") return { name: "You", third: false };
  // "my parents", "my kids" are they: "Your parents live in Ohio."
  if (subject.kind === "relative")
    return { name: `Your ${subject.word}`, third: !isGroupWord(subject.relation, subject.word) };
  return { name: subject.name, third: true };
}

/**
 * A thing had as a sentence says it: the thing's node drops its article ("son" of "I have a son"), so one said alone
 * gets "a" back; a count, a plural, a name or a word with its own determiner stays as it is.
 */
export function withArticle(thing: string): string {
  if (hasHan(thing)) return thing;
  if (/^(?:an?|the|some|my|our|your|several|many|\d+)\b/iu.test(thing)) return thing;
  if (englishNumber(thing.split(" ")[0] ?? "") !== null) return thing;
  if (/^\p{Lu}/u.test(thing) || /[^s]s$/u.test(thing)) return thing;
  return `${/^[aeiou]/iu.test(thing) ? "an" : "a"} ${thing}`;
}

/** Whether the word a relation was said with names the group ("parents", "kids", "children"), not one of it. */
function isGroupWord(relation: string, word: string): boolean {
  return isGroupRelation(relation) && (word === relation || /s$/u.test(word));
}

function englishSentence(question: FactQuestion, values: string[]): string {
  const { name, third } = englishSubject(question.subject);
  const s = third ? "s" : "";
  const be = third ? "is" : "are";
  const list = joinEnglish(values);
  const possessive = name === "You" ? "Your" : `${name}'s`;
  switch (question.predicate) {
    case "lives_in":
      return `${name} live${s} in ${list}.`;
    case "from":
      return `${name} ${be} from ${list}.`;
    case "works_at":
      // "You work in Boston.": a place worked in, not an employer
      return `${name} work${s} ${values.every(namesPlace) ? "in" : "at"} ${list}.`;
    case "job_title":
      return `${name} work${s} as ${/^[aeiou]/iu.test(list) ? "an" : "a"} ${list}.`;
    case "studies_at":
      return `${name} stud${third ? "ies" : "y"} at ${list}.`;
    case "married_to":
      return `${name} ${be} married to ${list}.`;
    case "age":
      return `${name} ${be} ${list} ${list === "1" ? "year" : "years"} old.`;
    case "birthday":
      return `${possessive} birthday is ${dayPhrase(list)}.`;
    case "anniversary":
      return `${possessive} anniversary is ${dayPhrase(list)}.`;
    case "name":
      return `${possessive} name is ${list}.`;
    case "likes":
      // "Your favorite color is blue.", "Maria's favorite books are Dune and Emma."
      if (question.favourite && question.topic)
        return `${possessive} favorite ${question.topic} ${/s$/u.test(question.topic) ? "are" : "is"} ${list}.`;
      return `${name} like${s} ${list}.`;
    case "dislikes":
      return `${name} dislike${s} ${list}.`;
    case "allergic_to":
      return `${name} ${be} allergic to ${list}.`;
    case "speaks":
      return `${name} speak${s} ${list}.`;
    case "plans":
      return `${name} plan${s} to ${list}.`;
    case "has":
      return `${name} ha${third ? "s" : "ve"} ${joinEnglish(values.map(withArticle))}.`;
    case "pet": {
      // the kind asked about, when there was one ("what are my cats called?" → "Your cats are …")
      const kind = (question.topic ?? "pet").replace(/s$/u, "");
      return values.length > 1 ? `${possessive} ${kind}s are ${list}.` : `${possessive} ${kind} is ${list}.`;
    }
    default: {
      if (question.predicate in RELATIVE_WORDS) {
        const relation = question.word ?? question.predicate;
        // "kids", "parents": the word asked with is a group's already; one of them is a child, a parent
        const group = isGroupWord(question.predicate, relation) || relation.endsWith("s");
        return values.length > 1
          ? `${possessive} ${group ? relation : `${relation}s`} are ${list}.`
          : `${possessive} ${group ? oneRelative(question.predicate) : relation}'s name is ${list}.`;
      }
      // the catalogue's sentence ("Ana is learning Japanese."), its verb in "you"'s form
      const sentence = factSentence(question.predicate, name, list, "en");
      return third || !sentence.startsWith(`${name} `)
        ? sentence
        : `${name} ${pluralVerb(sentence.slice(name.length + 1))}`;
    }
  }
}

/** A question's subject said to the asker in Chinese: 你, 你的妹妹, but 你哥, 你妈 (a one-character word takes no 的). */
export function chineseSubject(subject: QuestionSubject): string {
  if (subject.kind === "speaker") return "你";
  if (subject.kind === "relative") return `你${subject.word.length === 1 ? "" : "的"}${subject.word}`;
  return subject.name;
}

function chineseSentence(question: FactQuestion, values: string[]): string {
  const name = chineseSubject(question.subject);
  const list = values.join("、");
  switch (question.predicate) {
    case "lives_in":
      return `${name}住在${list}。`;
    case "from":
      return `${name}来自${list}。`;
    case "works_at":
      return `${name}在${list}工作。`;
    case "job_title":
      return `${name}是${list}。`;
    case "studies_at":
      return `${name}在${list}读书。`;
    case "married_to":
      return `${name}和${list}结婚了。`;
    case "age":
      return `${name}${list}岁。`;
    case "birthday":
      return `${name}的生日是${list}。`;
    case "anniversary":
      return `${name}的纪念日是${list}。`;
    case "name":
      return `${name}叫${list}。`;
    case "likes":
      // 你最喜欢的颜色是蓝色。
      if (question.favourite && question.topic) return `${name}最喜欢的${question.topic}是${list}。`;
      return `${name}喜欢${list}。`;
    case "dislikes":
      return `${name}不喜欢${list}。`;
    case "allergic_to":
      return `${name}对${list}过敏。`;
    case "speaks":
      return `${name}会说${list}。`;
    case "plans":
      return `${name}打算${list}。`;
    case "has":
      return `${name}有${list}。`;
    case "learns":
      return `${name}在学${list}。`;
    case "practices":
      return `${name}${values.map(chinesePractice).join("、")}。`;
    case "pet":
      return `${name}的${question.topic ?? "宠物"}叫${list}。`;
    default: {
      const word = question.word ?? RELATIVE_WORDS[question.predicate];
      if (word) return `${name}的${word}叫${list}。`;
      // the catalogue's sentence (你出生于1990年。)
      return factSentence(question.predicate, name, list, "zh");
    }
  }
}

/**
 * The sentence for a value that ended: "You no longer work at Google.", "Your sister is no longer married to Tom.",
 * 你不再住在北京。, 你和张伟离婚了。
 */
export function noLongerSentence(question: FactQuestion, value: string): string {
  const said = answerSentence(question, [value]);
  if (question.language === "zh") {
    if (question.predicate === "married_to") return said.replace(/结婚了。$/u, "离婚了。");
    const name = chineseSubject(question.subject);
    return `${name}不再${said.slice(name.length)}`;
  }
  // after the subject's "is"/"are", else before its verb
  const { name } = englishSubject(question.subject);
  const rest = said.slice(name.length + 1);
  const be = rest.match(/^(?:is|are) /u)?.[0];
  return be ? `${name} ${be}no longer ${rest.slice(be.length)}` : `${name} no longer ${rest}`;
}

/**
 * The sentence for a question and its values, in the question's language.
 * @example answerSentence({ language: "en", subject: { kind: "speaker" }, predicate: "lives_in" }, ["Lisbon"]) // "You live in Lisbon."
 */
export function answerSentence(question: FactQuestion, values: string[]): string {
  return question.language === "zh" ? chineseSentence(question, values) : englishSentence(question, values);
}

/** A relation as the answer names it: "husband", 丈夫, one of a group ("child", 孩子); married_to is a spouse. */
export function relationWord(predicate: string, language: "en" | "zh"): string {
  if (predicate === "married_to") return language === "zh" ? "配偶" : "spouse";
  // one of a group: 孩子, not 孩子们
  return language === "zh"
    ? (RELATIVE_WORDS[predicate] ?? predicate).replace(/们$/u, "")
    : oneRelative(predicate).replaceAll("_", " ");
}

/** Whether a value names a place the rules are sure of ("去墨西哥旅游" names 墨西哥; "Boston" is one). */
export function namesPlace(value: string): boolean {
  if (!hasHan(value) && typeOfName(value).type === "place") return true;
  return extractFacts(value, 0).mentions.some(
    (mention) => mention.entityType === "place" && (mention.confidence ?? 1) >= 0.5,
  );
}

/** Sentences one after another: a space between English ones, none between Chinese ones. */
export function joinSentences(sentences: readonly string[]): string {
  return sentences.join(sentences.every((sentence) => hasHan(sentence)) ? "" : " ");
}

/**
 * A fact's sentence said to the person it is about: "Ana went to Rome in March 2026." → "You went to Rome in March
 * 2026."; "Ana is flying to Tokyo…" → "You are flying…"; "Ana's sister…" → "Your sister…"; her or his after the name,
 * with no one else named between, is "your", him "you"; 王峰2026年3月去了罗马。 → 你2026年3月去了罗马。
 */
const MONTH = /^(?:January|February|March|April|May|June|July|August|September|October|November|December)$/u;

export function toPerson(text: string, speaker: string): string {
  if (hasHan(text))
    return text.replace(new RegExp(`${escapeRegExp(speaker)}(的)?`, "giu"), (_, of) => (of ? "你的" : "你"));
  // the name as the facts write it ("ana" the user is "Ana" in them)
  const at = text.search(new RegExp(`(?<![\\p{L}])${escapeRegExp(speaker)}(?![\\p{L}])`, "iu"));
  if (at < 0) return text;
  const before = text.slice(0, at);
  let after = text.slice(at + speaker.length);
  let you = "you";
  if (/^['’]s\s/u.test(after)) {
    you = "your";
    after = after.slice(2);
  } else {
    // the verb agrees: the first verb after the name, in "you"'s form
    // (the word after the name and its adverbs is the verb, whatever the tagger read: "usually wakes up")
    const words = parseEnglish(after)[0] ?? [];
    const next = words.find((t) => t.pos !== "ADV");
    const verb =
      next && /^\p{L}+s$/u.test(next.text) && next.pos === "NOUN"
        ? next
        : words.find((t) => t.pos === "VERB" || t.pos === "AUX");
    // (a third person's -s form, and was: "goes" → "go", "is" → "are", "has" → "have", "was" → "were")
    const form = verb && (verb.lower.endsWith("s") || verb.lower === "was") ? pluralVerb(verb.lower) : null;
    if (verb && form !== null && form !== verb.lower) {
      // ("doesn't" is read as "does" and "n't")
      const index = after.search(new RegExp(`\\b${escapeRegExp(verb.text)}(?=n['’]t\\b|\\b)`, "u"));
      if (index >= 0) after = `${after.slice(0, index)}${form}${after.slice(index + verb.text.length)}`;
    }
    // "her job", "his kids": the speaker's own, unless someone else was named between
    // (a person: "in the Rockies with her husband" is still hers)
    const other =
      [...after.matchAll(/\s(\p{Lu}\p{Ll}+)/gu)].find(
        (m) => typeOfName(m[1] as string).type === "person" && !MONTH.test(m[1] as string),
      )?.index ?? -1;
    // ("Ana and her wife are renovating their kitchen": "their" is the asker's and theirs: "your kitchen")
    const together = /^\s+and (?:her|his) \p{L}+/u.test(after);
    // ("Raj is flying to Bangalore to see their parents": a name of no known gender is "they" in the facts)
    const theirs = !together && !typeOfName(speaker.split(/\s+/u)[0] ?? speaker).gender;
    const owned = (part: string) =>
      (together
        ? part.replace(/\btheir\b/gu, "your").replace(/\bthemselves\b/gu, "yourselves")
        : theirs
          ? part.replace(/\btheir\b/gu, "your").replace(/\bthemself\b/gu, "yourself")
          : part
      )
        .replace(/\b(?:her|his)\b/gu, "your")
        .replace(/\b(?:herself|himself)\b/gu, "yourself")
        // ("no pets for him": "him" is only ever an object; "her" is read as "your" above)
        .replace(/\bhim\b/gu, "you");
    after = other < 0 ? owned(after) : `${owned(after.slice(0, other))}${after.slice(other)}`;
  }
  const said = `${before}${you}${after}`;
  return at === 0 ? `${said.charAt(0).toUpperCase()}${said.slice(1)}` : said;
}
