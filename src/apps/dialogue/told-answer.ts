/**
 * A question about the asker that no predicate of the catalogue answers ("What do I do every morning?", "How long
 * have I been married?", "Is my dad alive?", 我结婚多久了？) is answered by what the asker told that says each of its
 * words: a current fact of theirs or their own's (its sentence names them) that holds every content word of the
 * question (stemmed, stop words out; a few words of a question's form, such as "how long", left out; "alive" found as
 * died or passed away), said back to the asker ("You have been married for 8 years."; "Do I like coffee?": "You prefer
 * tea over coffee."). Nothing when no fact holds them all: an unrelated sentence is no answer.
 */
import { type Engine, type FactView, splitSentences } from "../../core/index.js";
import type { MemoryRecord } from "../../spec/memory.js";
import {
  absoluteChineseDate,
  CHINESE_RELATIVE_WORDS,
  dateAsNoun,
  ENDED,
  RELATIVE_SYNONYMS,
  RELATIVE_WORDS,
  verbForms,
} from "../../text/facts/index.js";
import { escapeRegExp, hasHan, hasWholeWord, normalizeText } from "../../text/index.js";
import { lexicalTerms, queryTerms } from "../../text/terms.js";
import { joinSentences, toPerson } from "./answer-sentence.js";
import { type AnswerScope, type MemoryAnswer, newestFirst, unlessAbsent } from "./fact-reading.js";

/** Words of a question's form that the answer need not hold: "how long", "how often", "what time". */
const FORM_TERMS = new Set([
  "long",
  "often",
  "much",
  "mani",
  "time",
  "still",
  "ever",
  "usual",
  "kind",
  "sort",
  "thing",
  "anyth",
  "someth",
  "多久",
  "多长",
  "时间",
  "什么",
  "哪里",
  "做",
  "还",
  "几",
  "几点",
  "多少",
  // "What happened to Luna?"
  "happen",
]);

/** A question's word that other words of an answer say: "alive" is answered by died or passed away. */
const SAID_AS: Readonly<Record<string, readonly string[]>> = {
  aliv: ["aliv", "di", "dead", "death", "pass", "live"],
  活着: ["活着", "去世", "过世", "死", "走"],
  dead: ["dead", "di", "death", "pass", "aliv"],
  // "Do I like coffee?" after "I prefer tea over coffee"
  like: ["like", "love", "enjoi", "prefer", "favourit", "favorit", "fan", "ador", "hate", "dislik"],
  喜欢: ["喜欢", "爱", "讨厌", "最爱"],
  // "What car do I drive?" after "My car is a 2019 Honda Civic"
  drive: ["drive", "drove", "driven", "car"],
  // "Do I eat meat?" after "I'm vegetarian"
  eat: ["eat", "ate", "vegetarian", "vegan", "pescatarian"],
  meat: ["meat", "vegetarian", "vegan", "pescatarian"],
  fish: ["fish", "vegetarian", "vegan", "pescatarian"],
};

/** The asker in the question: only a question about them is answered from what they told. */
const ABOUT_ASKER = /\b(?:i|my|me|mine|we|our|us)\b|我/iu;

/** Words for a relative, as terms: a question of no other word ("What does my husband do?") asks no fact of theirs. */
const RELATIVE_TERMS: ReadonlySet<string> = new Set(
  [
    ...Object.keys(RELATIVE_WORDS),
    ...Object.keys(RELATIVE_SYNONYMS),
    ...Object.keys(CHINESE_RELATIVE_WORDS),
  ].flatMap((word) => lexicalTerms(word)),
);

/** At most this many facts answer. */
const MAX_TOLD = 3;

/** Memories holding the question's words whose facts are read; beyond it, every fact of the asker is. */
const CANDIDATES = 500;

/** Beyond CANDIDATES, the newest episodes whose facts are read first (every fact after, when they do not answer). */
const NEWEST_EPISODES = 300;

/** A question of more content words than this is no question one fact answers (and is not read word by word). */
const MAX_TERMS = 12;

/**
 * What of the speaker's a sentence tells of ("dad" of "ana's dad passed away", 老婆 of 李明的老婆在银行工作), with the name
 * after it ("leo" of "ana's son leo started kindergarten"), or null.
 */
function ownedAfter(text: string, name: string): { word: string; named: string | null } | null {
  const at = text.indexOf(name);
  const rest = text.slice(at + name.length);
  const chinese = /^的(\p{Script=Han}{2})/u.exec(rest);
  if (chinese) return { word: chinese[1] ?? "", named: null };
  const english = /^['’]s (\p{L}+)(?: (\p{L}+))?/u.exec(rest);
  return english ? { word: english[1] ?? "", named: english[2] ?? null } : null;
}

/** A person a question names after its first word ("What did Leo start?"), not "I". */
const NAMED_IN_QUESTION = /(?<=\s)(?!I\b)\p{Lu}[\p{Ll}'’-]+/u;

/**
 * Two stems of one word: the same, or one a letter longer than the other ("go" of "goes" is "goe"), or a Chinese word
 * and its denial (`a` 不吃 of `b` 吃).
 */
function sameTerm(a: string, b: string): boolean {
  if (a === b) return true;
  // a Chinese word denied is said of it (我吃辣吗？ is answered by 不吃辣)
  if (/^[不没]/u.test(a) && a.slice(1) === b && hasHan(b)) return true;
  if (Math.abs(a.length - b.length) !== 1 || Math.min(a.length, b.length) < 2) return false;
  return /^\p{Script=Latin}+$/u.test(a + b) && (a.startsWith(b) || b.startsWith(a));
}

/** A question's words as an answer must hold them: who it asks of, its terms, and the words that say each. */
interface AskedWords {
  /** The person named, or null for the asker. */
  person: string | null;
  terms: string[];
  /** The words that say a term (itself, its synonyms, its verb's forms), as terms. */
  sayings(term: string): string[];
  /** For each term, the beginnings of the words that say it, to find in a text before it is read into terms. */
  looked: string[][];
}

/**
 * The words of a question that an answer must hold; null when the question is not about the asker or someone named,
 * has too many words, or names only a relative (`relativesOnly` lets "Who is my manager?" through).
 */
function askedWords(question: string, relativesOnly = false): AskedWords | null {
  // about the asker, or someone of theirs by name ("What did Leo start?": "Ana's son Leo started kindergarten")
  const person = ABOUT_ASKER.test(question) ? null : question.match(NAMED_IN_QUESTION)?.[0];
  if (person === undefined) return null;
  const terms = queryTerms(question).filter((term) => !FORM_TERMS.has(term));
  // (a question whose only words name the asker's relative, "What does my husband do?", "How is my mom?", is not
  // answered by the sentence that says who they are)
  if (terms.length === 0 || terms.length > MAX_TERMS) return null;
  if (!relativesOnly && terms.every((term) => RELATIVE_TERMS.has(term))) return null;
  // each term, said as it is, in words that say it, or in another form of its verb ("go" told as "went")
  const alternatives = new Map(terms.map((term) => [term, [...(SAID_AS[term] ?? [term])]]));
  if (!hasHan(question))
    for (const word of question.toLowerCase().split(/[^\p{L}]+/u)) {
      const term = lexicalTerms(word)[0];
      const forms = term === undefined ? undefined : alternatives.get(term);
      if (forms) forms.push(...verbForms(word).flatMap((form) => lexicalTerms(form)));
    }
  const sayings = (term: string) => [...new Set(alternatives.get(term) ?? [term])];
  // each word, or a word that says it, stands in the sentence before it is read into terms (a stem less its last
  // letter is in the word it came from: "marri" of "married", "enjoi" of "enjoys")
  const looked = terms.map((term) =>
    sayings(term).map((word) => (word.length > 2 && !hasHan(word) ? word.slice(0, -1) : word)),
  );
  return { person, terms, sayings, looked };
}

/**
 * Whether a text holds every word of the question (or a word that says it); `exactly`, each as the word itself, not a
 * stem a letter apart ("go" is not "got"). `from`: the words stand after this place.
 */
function holdsAll(text: string, { terms, sayings, looked }: AskedWords, exactly = false, from = 0): boolean {
  const lower = text.toLowerCase();
  if (!looked.every((words) => words.some((word) => lower.indexOf(word, from) >= from))) return false;
  const told = queryTerms(exactly ? text.slice(from) : text);
  const same = exactly ? (a: string, b: string) => a === b : sameTerm;
  return terms.every((term) => sayings(term).some((word) => told.some((t) => same(t, word))));
}

/**
 * The answer from what was told that holds every word of the question; null when none does. `asked` is the question's
 * own episode, whose facts answer nothing.
 */
export async function toldAnswer(
  engine: Engine,
  question: string,
  scope: AnswerScope,
  speaker: string,
  asked: string | null = null,
): Promise<MemoryAnswer | null> {
  const words = askedWords(question);
  if (!words) return null;
  const { person, terms, sayings, looked } = words;
  // the facts told in the memories the lexical index finds by the question's words (or words that say them), not
  // every fact of the asker: the read costs what it finds (when too many memories hold them, every fact is read)
  const said = [...new Set(terms.flatMap(sayings))];
  // (when many memories hold them, first what the newest turns taught: the few newest that answer are there, at
  // the cost of a page of turns; read again, every fact, when they are not)
  const newest = await unlessAbsent(() =>
    engine.facts({ ...scope, terms: said, limit: CANDIDATES, newest: NEWEST_EPISODES }),
  );
  if (!newest) return null;
  // what the asker told of themself ("Ana usually wakes up at 6am."), or of their own that the question names ("Is my
  // dad alive?": "Ana's dad passed away…"), not of someone else ("Rafael lives in São Paulo")
  const name = normalizeText(speaker);
  const asking = normalizeText(question);
  const own = (fact: FactView): boolean => {
    const text = normalizeText(fact.text);
    // (what the question itself said, "I don't like comedies, right?", is no answer to it)
    if (fact.object === ENDED || fact.sources.every((source) => source === asked)) return false;
    // (a Chinese sentence writes a name with no space around it)
    if (!(hasHan(text) ? text.includes(name) : hasWholeWord(text, name))) return false;
    const owned = ownedAfter(text, name);
    if (person) {
      // (the one named is what the sentence tells of, before its other words: not "Ana likes Maria's cooking")
      const at = text.indexOf(normalizeText(person));
      return at >= 0 && looked.every((words) => words.some((word) => text.indexOf(word, at) >= at));
    }
    return (
      owned === null || asking.includes(owned.word) || (owned.named !== null && asking.includes(owned.named))
    );
  };
  const holds = (fact: FactView): boolean => holdsAll(fact.text, words);
  // newest first, the few that answer: a word told in a thousand facts reads three of them into terms
  const answering = (facts: FactView[]): FactView[] => {
    const found: FactView[] = [];
    for (const fact of facts.sort(newestFirst)) {
      if (own(fact) && holds(fact)) found.push(fact);
      if (found.length === MAX_TOLD) break;
    }
    return found;
  };
  let holding = answering(newest);
  if (holding.length < MAX_TOLD) {
    const every = await unlessAbsent(() => engine.facts({ ...scope, terms: said, limit: CANDIDATES }));
    holding = answering(every ?? []);
  }
  if (holding.length === 0) return null;
  // one that another says all of is not said twice ("born in 1990" beside "born in March 1990")
  const termsOf = holding.map((fact) => queryTerms(fact.text));
  const kept = holding.filter((fact, i) =>
    holding.every(
      (other, j) =>
        j === i ||
        other.text.length <= fact.text.length ||
        !(termsOf[i] ?? []).every((term) => (termsOf[j] ?? []).includes(term)),
    ),
  );
  return { text: joinSentences(kept.map((fact) => toPerson(fact.text, speaker))), facts: kept };
}

/** At most this many sentences of the asker's own are said back. */
const MAX_SAID = 2;

/** A sentence longer than this is not said back (a pasted page is no answer to a question). */
const MAX_SAID_LENGTH = 400;

/** "Who is my manager?", 我的经理是谁？: a question a sentence naming the relative answers. */
const ASKS_WHO = /^\s*who(?:'s|’s)?\b|谁/iu;

/** A name after a sentence's first word ("My manager is Priya"), which a sentence naming someone holds. */
const NAME_INSIDE = /\s(?!I\b)\p{Lu}\p{Ll}/u;

/**
 * A word of a day or time relative to the telling: said on another day it meant another day ("What did I do
 * yesterday?" is not answered by a week-old "yesterday"; when-questions have their own reading).
 */
const RELATIVE_TIME =
  /\b(?:yesterday|today|tonight|tomorrow|now|currently|week|weekend|month|year|morning|evening|afternoon|ago|last|next|recently|lately)\b|[昨今明前后]天|[上下这本]个?(?:月|星期|礼拜|周)|去年|今年|明年|最近|刚才|现在/iu;

/** "my dad" of "My dad usually gets up at 5am": the relative a sentence tells of, not the speaker. */
const OF_A_RELATIVE = /\b(?:my|our)\s+(\p{L}+)|我(?:的|们的)?(\p{Script=Han}{2})/giu;

/** The day a sentence was said on, as the facts write a day: "2 November 2026", 2026年11月2日. */
function saidOn(at: number, chinese: boolean): string {
  const day = { text: "", at, granularity: "day" } as const;
  return chinese ? absoluteChineseDate(day) : dateAsNoun(day);
}

/** Whether a sentence speaks of the asker: I, my, we (not only of a relative the question does not name); 我. */
function speaksOfAsker(sentence: string, words: AskedWords): boolean {
  if (!ABOUT_ASKER.test(sentence)) return false;
  const relatives = [...sentence.matchAll(OF_A_RELATIVE)].filter((match) =>
    RELATIVE_TERMS.has(lexicalTerms((match[1] ?? match[2] ?? "").toLowerCase())[0] ?? ""),
  );
  if (relatives.length === 0) return true;
  // ("My dad usually gets up at 5am" answers "What time does my dad get up?", not "What time do I get up?")
  const asked = new Set(words.terms);
  if (relatives.some((match) => asked.has(lexicalTerms((match[1] ?? match[2] ?? "").toLowerCase())[0] ?? "")))
    return true;
  let rest = sentence;
  for (const match of relatives) rest = rest.replace(match[0], " ");
  return ABOUT_ASKER.test(rest);
}

/**
 * A question about the asker that no fact answers ("What do I need to buy?", "Where is Kenji moving?", "Who is my
 * manager?") is answered by what they said that holds each of its words: the sentences of their own earlier turns
 * among `recalled` (the memories the turn's context holds), newest first, quoted with the day they were said ('You
 * told me on 2 November 2026: "I need to buy milk, eggs and bread."'). A sentence must speak of the asker (I, my, we;
 * 我) or name the one asked of before the words; a question is no answer; a turn one of whose facts has since changed
 * ("We have two dogs, Rex and Bella." once Bella ran away) is not said back; nor is a question of a relative time
 * (yesterday, last week: the quote's day is not the asker's). Null when no sentence holds them all.
 */
export async function saidAnswer(
  engine: Engine,
  question: string,
  recalled: readonly MemoryRecord[],
  scope: AnswerScope,
  speaker: string,
  asked: string | null = null,
): Promise<MemoryAnswer | null> {
  if (RELATIVE_TIME.test(question)) return null;
  const words = askedWords(question, ASKS_WHO.test(question));
  if (!words) return null;
  const relativesOnly = words.terms.every((term) => RELATIVE_TERMS.has(term));
  const name = normalizeText(speaker);
  const own = recalled
    .filter(
      (memory) =>
        memory.id !== asked &&
        // (what was said: not a fact's own memory, which has no speaker either)
        memory.kind === "episode" &&
        (memory.role === "user" || memory.role === null) &&
        (memory.speaker === null || normalizeText(memory.speaker) === name),
    )
    .sort((a, b) => b.occurredAt - a.occurredAt || (a.id < b.id ? 1 : -1));
  if (own.length === 0) return null;
  // the turns that told a fact since changed
  const told = await unlessAbsent(() =>
    engine.facts({ ...scope, all: true, sources: own.map((memory) => memory.id) }),
  );
  const outdated = new Set((told ?? []).filter((fact) => !fact.current).flatMap((fact) => fact.sources));
  const quotes: { text: string; at: number; id: string }[] = [];
  for (const memory of own) {
    if (outdated.has(memory.id)) continue;
    for (const sentence of splitSentences(memory.text)) {
      if (sentence.length > MAX_SAID_LENGTH || /[?？]$/u.test(sentence)) continue;
      if (quotes.some((quote) => normalizeText(quote.text) === normalizeText(sentence))) continue;
      // (the one named is what the sentence tells of, before its words: not "I love Maria's cooking")
      const from = words.person
        ? hasHan(sentence)
          ? sentence.indexOf(words.person)
          : sentence.search(new RegExp(`(?<!\\p{L})${escapeRegExp(words.person)}(?!\\p{L})`, "u"))
        : speaksOfAsker(sentence, words)
          ? 0
          : -1;
      // (a relative's word alone is held by any sentence of theirs: one that names them answers who they are)
      if (from < 0 || (relativesOnly && !NAME_INSIDE.test(sentence))) continue;
      if (holdsAll(sentence, words, true, from))
        quotes.push({ text: sentence, at: memory.occurredAt, id: memory.id });
      if (quotes.length === MAX_SAID) break;
    }
    if (quotes.length === MAX_SAID) break;
  }
  if (quotes.length === 0) return null;
  // (each quote after its own verb of saying: the words in it are the asker's, not the one who says them back)
  const text = hasHan(question)
    ? quotes.map((quote) => `你在${saidOn(quote.at, true)}说过：“${quote.text}”`).join("；")
    : quotes.map((quote) => `You told me on ${saidOn(quote.at, false)}: "${quote.text}"`).join(" ");
  return { text, facts: [], said: [...new Set(quotes.map((quote) => quote.id))] };
}
