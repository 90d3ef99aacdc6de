/**
 * The facts an offline answer reads: a subject's current facts of a predicate and of its group, newest first, and
 * the shape of an answer.
 */
import { type Engine, type FactView, normalizeName } from "../../core/index.js";
import { EngramError, ERROR_CODES } from "../../spec/errors.js";
import { escapeRegExp, hasHan } from "../../text/index.js";
import type { FactQuestion, QuestionSubject } from "./fact-question.js";

export interface MemoryAnswer {
  text: string;
  /** The facts the answer rests on, newest first. */
  facts: FactView[];
  /** The asker's own memories whose sentences the answer quotes (no fact held the question's words). */
  said?: string[];
}

export interface AnswerScope {
  tenant?: string;
  user?: string;
  agent?: string;
}

/** The relatives each of a group is ("children": a son, a daughter), whose facts answer a question of the group. */
export const GROUP_MEMBERS: Readonly<Record<string, readonly string[]>> = {
  children: ["son", "daughter", "child"],
  siblings: ["brother", "sister"],
  parents: ["mother", "father"],
  grandchildren: ["grandchild"],
  grandparents: ["grandmother", "grandfather"],
};

/** The entity name facts about the subject are stored under ("ana", "ana's sister", "Maria"). */
export function subjectName(subject: QuestionSubject, speaker: string): string {
  if (subject.kind === "speaker") return speaker;
  if (subject.kind === "relative") return `${speaker}'s ${subject.relation}`;
  return subject.name;
}

export function newestFirst(a: FactView, b: FactView): number {
  // a former value with no start ("I used to live in Boston") was before every value told with one
  const at = (fact: FactView) =>
    fact.validFrom === null ? Number.NEGATIVE_INFINITY : Date.parse(fact.validFrom);
  return at(b) - at(a) || b.count - a.count;
}

/**
 * What `read` returns, or null when the store keeps no facts (not_available) or knows no such person yet (not_found):
 * then there is nothing to answer from. Any other error is thrown.
 */
export async function unlessAbsent<T>(read: () => Promise<T>): Promise<T | null> {
  try {
    return await read();
  } catch (error) {
    if (
      EngramError.isInstance(error) &&
      (error.code === ERROR_CODES.notAvailable || error.code === ERROR_CODES.notFound)
    )
      return null;
    throw error;
  }
}

/**
 * Whether a sentence says all another says after its subject ("…loves gardening and works at Google." holds
 * "Sarah works at Google.") and more.
 */
export function restates(longer: string, sentence: string): boolean {
  const said = sentence.replace(/[.。!！]+$/u, "");
  const space = said.indexOf(" ");
  const predicate = space > 0 && !hasHan(said) ? said.slice(space + 1) : said;
  return longer.length > sentence.length && predicate.length > 0 && longer.includes(predicate);
}

/** A fact corrected as never true ("Mia, not Maria"): valid for no time. */
export function neverHeld(fact: FactView): boolean {
  return fact.validFrom !== null && fact.validTo === fact.validFrom;
}

/** Whether two names are one person's as entity resolution reads them (case, accents, a possessive). */
export function sameName(a: string, b: string): boolean {
  return normalizeName(a) === normalizeName(b);
}

/**
 * A subject's current facts of a predicate and of the members of its group ("children": a son, a daughter too), or
 * null when no facts are kept.
 */
export async function groupFacts(
  engine: Engine,
  scope: AnswerScope,
  subject: string,
  predicate: string,
): Promise<FactView[] | null> {
  return unlessAbsent(async () => {
    const found: FactView[] = [];
    for (const member of [predicate, ...(GROUP_MEMBERS[predicate] ?? [])])
      found.push(...(await engine.facts({ ...scope, subject, predicate: member })));
    return found;
  });
}

/**
 * A fact's value said back to the asker: the asker's own thing as theirs ("I love my job": "You like your job.", not
 * "job"; "I don't like my job anymore": "your job", not "her job"). The facts write the speaker's "my" as their
 * pronoun (in the object, or in the sentence beside the thing's node); an English question about the asker reads it
 * back as "your". Any other value as the fact holds it.
 */
export function valueSaid(fact: FactView, asked: FactQuestion): string {
  if (asked.language !== "en" || asked.subject.kind !== "speaker" || hasHan(fact.object)) return fact.object;
  const leading = fact.object.match(/^(?:her|his|their) (.+)$/u);
  if (leading) return `your ${leading[1]}`;
  const owned = new RegExp(`\\b(?:her|his|their) ${escapeRegExp(fact.object)}\\b`, "u");
  return owned.test(fact.text) ? `your ${fact.object}` : fact.object;
}
