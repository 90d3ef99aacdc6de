/**
 * A well-formedness check for a derived fact's sentence: a finite verb, a complete object (no dangling article,
 * preposition or possessive at the end, no "plans to a …"), and no name put where the speaker said "me" or "my" of
 * themself ("Melanie took Melanie's fam"). The extractor does not call it: it is the measure, kept apart from the
 * rules it measures.
 */
import { createRequire } from "node:module";
import { hasHan } from "../script.js";
import { escapeRegExp } from "../whole-word.js";
import { hasIngForm, parseEnglish } from "./english-parse.js";

const require = createRequire(import.meta.url);
type Compromise = typeof import("compromise").default;
let compromise: Compromise | undefined;

function getCompromise(): Compromise {
  if (compromise === undefined) compromise = require("compromise") as Compromise;
  return compromise;
}

interface TermJson {
  text: string;
  normal?: string;
  tags?: string[];
}

/** Words an English sentence cannot end on ("her" and "his" can: "helps her"). */
const DANGLING = /\b(?:a|an|the|my|your|their|our|its|and|or|but|because|than|very)$/i;
/** "likes to.", "wants to.": a verb that takes an infinitive, and no infinitive after it. */
const CATENATIVE_TO =
  /\b(?:likes?|loves?|wants?|wanted|hopes?|hoped|plans?|planned|needs?|needed|tries|tried|tr(?:y|ying)|going|has|have|had|used|ought|wishes|decided|starts?|started|begins?|began|learns?|learned)\s+to$/i;
/**
 * A preposition at the end dangles unless a verb strands it ("the project he is working on", "causes he believes
 * in"): then it belongs to a relative clause, which is English.
 */
const DANGLING_PREPOSITION = /\b(?:to|of|in|on|at|for|with|from|by|about|into)$/i;

/** A verb of intention followed by "to" and a noun phrase: the infinitive's verb is missing. */
const MISSING_INFINITIVE =
  /\b(?:plans?|planned|planning|wants?|wanted|wanting|hopes?|hoped|hoping|intends?|intended|decided|decides|tries|tried|trying|needs?|needed|aims?|aimed) to (?:a|an|the|my|his|her|their|our|some|this|that)\b/i;
/** A verb of liking with a finite "be" right after it: "Melanie likes was there", a rule read inside a relative clause. */
const VERB_AFTER_LIKING = /\b(?:likes|loves|enjoys|wants|hates) (?:is|was|are|were|has|had)\b/i;
/** Chinese function characters a clause cannot end on. */
const CHINESE_DANGLING = /[的在到和跟把被给对从向了是]$/u;

/** Why a fact's sentence is broken, or null when it is well formed. `subject` is the name it is about. */
export function factProblem(text: string, subject: string): string | null {
  const sentence = text.trim().replace(/[.!?。！？]+$/u, "");
  if (hasHan(sentence)) {
    const rest = sentence.startsWith(subject) ? sentence.slice(subject.length) : sentence;
    if (rest.length < 2) return "no object";
    if (CHINESE_DANGLING.test(rest)) return "dangling function word";
    return null;
  }
  const words = sentence.split(/\s+/u).filter((w) => w.length > 0);
  if (words.length < 3) return "too short to say anything";
  if (DANGLING.test(sentence)) return "dangling article or conjunction";
  if (CATENATIVE_TO.test(sentence)) return "infinitive without its verb";
  if (DANGLING_PREPOSITION.test(sentence) && !strandedByVerb(sentence)) return "dangling preposition";
  // "a passion of Joanna's" is English; "Joanna's." is not
  if (/['’]s?$/u.test(sentence) && !/\bof\s+\p{Lu}[\p{L}-]*['’]s$/u.test(sentence))
    return "dangling possessive";
  if (MISSING_INFINITIVE.test(sentence)) return "infinitive without its verb";
  if (VERB_AFTER_LIKING.test(sentence)) return "two finite verbs in a row";
  // a title cut at one end: 'Harry Potter and the Philosopher's Stone" is special to Tim.'
  if (((sentence.match(/["“”]/gu) ?? []).length & 1) === 1) return "unbalanced quotation mark";
  const escaped = escapeRegExp(subject);
  if (subject.length > 0 && new RegExp(`\\b${escaped}\\b[\\s\\S]*\\b${escaped}\\b`, "u").test(sentence))
    return "the subject's name where a reflexive or possessive pronoun belongs";
  const terms = (getCompromise()(sentence).json() as { terms: TermJson[] }[]).flatMap((s) => s.terms);
  const finite = terms.some((term) => {
    const tags = term.tags ?? [];
    return tags.includes("Verb") && !tags.includes("Gerund");
  });
  // compromise misses some verbs ("Nate treasures every memory"): wink-nlp's tagger is the second opinion
  if (
    !finite &&
    !parseEnglish(sentence).some((s) =>
      s.some((t) => t.pos === "AUX" || (t.pos === "VERB" && !hasIngForm(t))),
    )
  )
    return "no finite verb";
  return null;
}

/** Whether the sentence's last preposition follows a verb (with at most one word between): a stranded preposition. */
function strandedByVerb(sentence: string): boolean {
  const words = parseEnglish(sentence)
    .flat()
    .filter((t) => t.pos !== "PUNCT");
  const last = words.length - 1;
  return [words[last - 1], words[last - 2]].some((t) => t?.pos === "VERB" || t?.pos === "AUX");
}
