/**
 * A question about the asker that no predicate of the catalogue answers ("What do I do every morning?", "How long
 * have I been married?", "Is my dad alive?", 我结婚多久了？) is answered by what the asker told that says each of its
 * words: a current fact of theirs or their own's (its sentence names them) that holds every content word of the
 * question (stemmed, stop words out; a few words of a question's form, such as "how long", left out; "alive" found as
 * died or passed away), said back to the asker ("You have been married for 8 years."; "Do I like coffee?": "You prefer
 * tea over coffee."). Nothing when no fact holds them all: an unrelated sentence is no answer.
 */
import type { Engine, FactView } from "../../core/index.js";
import {
  CHINESE_RELATIVE_WORDS,
  ENDED,
  RELATIVE_SYNONYMS,
  RELATIVE_WORDS,
  verbForms,
} from "../../text/facts/index.js";
import { hasHan, hasWholeWord, normalizeText } from "../../text/index.js";
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
  // about the asker, or someone of theirs by name ("What did Leo start?": "Ana's son Leo started kindergarten")
  const person = ABOUT_ASKER.test(question) ? null : question.match(NAMED_IN_QUESTION)?.[0];
  if (person === undefined) return null;
  const terms = queryTerms(question).filter((term) => !FORM_TERMS.has(term));
  // (a question whose only words name the asker's relative, "What does my husband do?", "How is my mom?", is not
  // answered by the sentence that says who they are)
  if (terms.length > MAX_TERMS || terms.every((term) => RELATIVE_TERMS.has(term))) return null;
  // each term, said as it is, in words that say it, or in another form of its verb ("go" told as "went")
  const alternatives = new Map(terms.map((term) => [term, [...(SAID_AS[term] ?? [term])]]));
  if (!hasHan(question))
    for (const word of question.toLowerCase().split(/[^\p{L}]+/u)) {
      const term = lexicalTerms(word)[0];
      const forms = term === undefined ? undefined : alternatives.get(term);
      if (forms) forms.push(...verbForms(word).flatMap((form) => lexicalTerms(form)));
    }
  const sayings = (term: string) => [...new Set(alternatives.get(term) ?? [term])];
  // the facts told in the memories the lexical index finds by the question's words (or words that say them), not
  // every fact of the asker: the read costs what it finds (when too many memories hold them, every fact is read)
  const said = [...new Set(terms.flatMap(sayings))];
  const facts = await unlessAbsent(() => engine.facts({ ...scope, terms: said, limit: CANDIDATES }));
  if (!facts) return null;
  // each word, or a word that says it, stands in the sentence before it is read into terms (a stem less its last
  // letter is in the word it came from: "marri" of "married", "enjoi" of "enjoys")
  const looked = terms.map((term) =>
    sayings(term).map((word) => (word.length > 2 && !hasHan(word) ? word.slice(0, -1) : word)),
  );
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
  const holds = (fact: FactView): boolean => {
    const lower = fact.text.toLowerCase();
    if (!looked.every((words) => words.some((word) => lower.includes(word)))) return false;
    const told = queryTerms(fact.text);
    return terms.every((term) => sayings(term).some((word) => told.some((t) => sameTerm(t, word))));
  };
  // newest first, the few that answer: a word told in a thousand facts reads three of them into terms
  const holding: FactView[] = [];
  for (const fact of facts.sort(newestFirst)) {
    if (own(fact) && holds(fact)) holding.push(fact);
    if (holding.length === MAX_TOLD) break;
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
