/**
 * What an English clause relates its speaker to, beyond the fact it states: the named entities it mentions and the
 * thing its verb takes ("signed up for a pottery class"), as links that become relations; a rule's object as a thing
 * node ("likes pottery"); and the relatives the speaker speaks of ("my husband and kids").
 */

import { englishMentions, typeOfName } from "./english-mentions.js";
import { hasIngForm, type Token } from "./english-parse.js";
import {
  LIGHT_NOUNS,
  LINK_RELATIONS,
  namesOneThing,
  OBJECT_VERBS,
  RELATIVE_LIST_ITEM,
  RELATIVE_MENTION,
} from "./english-rules.js";
import { relationOf } from "./predicates.js";
import type { EntityType, ExtractedFact, ExtractedMention, FactLink } from "./types.js";

/** Below this confidence a name found in a fact's clause makes no relation (a capitalised common noun). */
const MIN_LINK_CONFIDENCE = 0.5;

/** The named entities a statement relates its speaker to, each with the relation the clause's verb gives. */
export function linksOf(tokens: readonly Token[], speaker: string, names: readonly string[]): FactLink[] {
  const entities = englishMentions([tokens as Token[]], names).filter(
    (m) =>
      (m.confidence ?? 1) >= MIN_LINK_CONFIDENCE &&
      !m.vocative &&
      m.name.toLowerCase() !== speaker.toLowerCase(),
  );
  if (entities.length === 0) return [];
  const verb = tokens.find((t) => t.pos === "VERB") ?? tokens.find((t) => t.pos === "AUX") ?? null;
  const lemma = verb?.lemma.replace(/[^a-z]/g, "") ?? "";
  return entities.map(({ name, entityType, mentionedOnly }) => {
    // "went to a Harry Potter conference", "reading Dune by Frank Herbert": the verb takes the conference, the book
    if (mentionedOnly) return { relation: "mentions", name, entityType };
    let rule = LINK_RELATIONS.find((r) => r.verbs.test(lemma) && r.types.includes(entityType));
    // "moved from Boston to Denver": the place moved from is no home now
    if (rule?.relation === "lives_in" && after(tokens, name, "from")) rule = undefined;
    // "is special to Tim": a form of "be" names no relation; nor does a verb no rule reads for a place ("I have
    // family in Florida" is no relation "have" to Florida)
    const relation =
      rule?.relation ??
      (entityType === "person"
        ? "knows"
        : lemma && lemma !== "be" && entityType !== "place"
          ? lemma
          : "mentions");
    return { relation, name, entityType };
  });
}

/** Whether a name's first word stands right after `word` in the clause ("from Boston"). */
function after(tokens: readonly Token[], name: string, word: string): boolean {
  const first = name.split(" ")[0];
  const at = tokens.findIndex((t) => t.text === first);
  return at > 0 && tokens[at - 1]?.lower === word;
}

/**
 * The thing a clause's verb takes as its object, as a link: "signed up for a pottery class" → sign_up_for → pottery
 * class; "I love hiking" → likes → hiking. A noun phrase of at most three words with a noun at its head; null when
 * the verb is not one whose objects are things (OBJECT_VERBS) or the noun is a light one ("a great time").
 */
export function objectLink(said: readonly Token[]): FactLink | null {
  const tokens = withHyphensJoined(said);
  const at = tokens.findIndex((t) => t.pos === "VERB" && OBJECT_VERBS.test(t.lemma));
  if (at < 0) return null;
  const verb = tokens[at] as Token;
  let i = at + 1;
  const particles: string[] = [];
  while (tokens[i] && (tokens[i]?.pos === "ADP" || tokens[i]?.pos === "PART") && particles.length < 2) {
    particles.push((tokens[i] as Token).lower);
    i++;
  }
  while (
    tokens[i] &&
    (tokens[i]?.pos === "DET" || tokens[i]?.pos === "NUM" || POSSESSIVE_WORDS.has(tokens[i]?.lower ?? ""))
  )
    i++;
  const phrase: Token[] = [];
  while (
    tokens[i] &&
    ["ADJ", "NOUN", "PROPN"].includes(tokens[i]?.pos ?? "") &&
    !TIME_WORDS.has(tokens[i]?.lower ?? "") &&
    phrase.length < 4
  )
    phrase.push(tokens[i++] as Token);
  // a gerund on its own is an activity ("I love hiking"); one with an object is a verb phrase ("helping the community")
  if (phrase.length === 0 && tokens[i]?.pos === "VERB" && hasIngForm(tokens[i] as Token)) {
    const next = tokens[i + 1];
    if (!next || next.pos === "PUNCT" || next.pos === "CCONJ") phrase.push(tokens[i] as Token);
  }
  while (phrase.length > 0 && phrase[0]?.pos === "ADJ" && phrase.length > 1 && !isCompound(phrase))
    phrase.shift();
  const head = phrase[phrase.length - 1];
  if (!head || phrase.length > 3 || LIGHT_NOUNS.has(head.lower)) return null;
  if (head.pos === "ADJ") return null;
  const name = phrase.map((t, k) => (k === 0 ? t.text : `${t.space}${t.text}`)).join("");
  const lemma = verb.lemma.replace(/[^a-z]/g, "");
  const rule = LINK_RELATIONS.find((r) => r.verbs.test(lemma) && r.types.includes("thing"));
  const relation = rule?.relation ?? [lemma, ...particles].join("_");
  return { relation, name, entityType: "thing" };
}

/**
 * The tokens with each hyphenated word made one ("sci-fi", "fire-fighting": wink reads "sci", "-", "fi"), a modifier:
 * "sci-fi movies" is a thing, "going full-time" takes none.
 */
function withHyphensJoined(tokens: readonly Token[]): Token[] {
  const joined: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const dash = tokens[i] as Token;
    const before = joined[joined.length - 1];
    const after = tokens[i + 1];
    if (
      before &&
      after &&
      dash.text === "-" &&
      dash.space === "" &&
      after.space === "" &&
      /[\p{L}\p{N}]$/u.test(before.text) &&
      /^[\p{L}\p{N}]/u.test(after.text)
    ) {
      const text = `${before.text}-${after.text}`;
      joined[joined.length - 1] = {
        ...before,
        text,
        lower: text.toLowerCase(),
        lemma: text.toLowerCase(),
        pos: "ADJ",
        known: before.known && after.known,
      };
      i++;
      continue;
    }
    joined.push(dash);
  }
  return joined;
}

/** Words of a date phrase, where an object's noun phrase ends ("a pottery class yesterday"). */
const TIME_WORDS = new Set(
  "yesterday today tonight tomorrow last next this week weekend month year morning afternoon evening night ago days weeks months years".split(
    " ",
  ),
);

const POSSESSIVE_WORDS = new Set([
  "my",
  "our",
  "your",
  "his",
  "her",
  "their",
  "its",
  "some",
  "any",
  "this",
  "that",
  "these",
  "those",
]);

/** Adjective-noun pairs that name a kind of thing ("live music", "mental health") keep their adjective. */
function isCompound(phrase: readonly Token[]): boolean {
  return (
    phrase.length === 2 &&
    phrase[0]?.known === true &&
    phrase[1]?.pos === "NOUN" &&
    phrase[0]?.lower.length > 3 &&
    !EVALUATIVE.test(phrase[0]?.lower ?? "")
  );
}

/** Adjectives that judge rather than name a kind: "a great class" is a class. */
const EVALUATIVE =
  /^(?:great|good|nice|new|old|big|small|little|amazing|awesome|cool|fun|lovely|beautiful|wonderful|special|best|favorite|favourite|first|last|next|own|real|whole|huge|tiny|local|fantastic|incredible|perfect|bad|hard|tough|long|short|few|many|much|other|same|different)$/;

/** Predicates whose object, when it is a short noun phrase, is a thing the graph keeps as a node. */
export const THING_PREDICATES = new Set([
  "likes",
  "dislikes",
  "has",
  "learns",
  "practices",
  "allergic_to",
  "speaks",
]);

/**
 * The fact's object as a node ("pottery", "a guinea pig" → "guinea pig") when it is a short noun phrase: a thing, or
 * the place or organisation its name is.
 */
export function asThing(fact: ExtractedFact): void {
  const thing = thingOf(fact.object);
  if (!thing) return;
  fact.object = thing.name;
  fact.objectType = thing.type;
}

/**
 * A phrase as a thing's node ("a guinea pig" → guinea pig, "Jackson Park" a place), or null when it is no short noun
 * phrase ("creating a safe space", "comedies and romance films").
 */
export function thingOf(phrase: string): { name: string; type: EntityType } | null {
  const words = phrase.replace(/^(?:an?|the|some|her|his|their|my own|my|our)\s+/i, "").split(/\s+/u);
  // "creating a safe space" is something done, not a thing: no article or pronoun inside a thing's name
  const inside =
    /^(?:and|or|with|to|of|for|it|them|that|this|when|who|a|an|the|my|her|his|their|our|your|called|named|me|myself|us|him|himself|herself|themselves|one|ones)$/i;
  // "rock and roll" is a thing of three words with an "and" inside
  const pair = namesOneThing(words.join(" "));
  if (
    words.length > (pair ? 4 : 3) ||
    words.some((w) => (inside.test(w) && !(pair && w === "and")) || /[,;]/u.test(w))
  )
    return null;
  const name = words.join(" ");
  // "I love Jackson Park": a name a place's or an organisation's word heads, or the lexicon knows as one, keeps its kind
  const named = words.every((w) => /^\p{Lu}/u.test(w)) ? typeOfName(name).type : null;
  return { name, type: named === "place" || named === "organization" ? named : "thing" };
}

/** The relatives a clause speaks of ("my kids", "my husband and kids"), as mentions the derivation links to the speaker. */
export function relativeMentions(clause: string): ExtractedMention[] {
  const found: ExtractedMention[] = [];
  for (const match of clause.matchAll(RELATIVE_MENTION)) {
    if (!match.groups?.relation) continue;
    found.push({ name: "", entityType: "person", relation: relationOf(match.groups.relation) });
    // "my husband and kids", "my mom, dad and sister": the possessive covers the whole list
    let rest = clause.slice((match.index ?? 0) + match[0].length);
    for (;;) {
      const next = rest.match(RELATIVE_LIST_ITEM);
      if (!next?.groups?.relation) break;
      found.push({ name: "", entityType: "person", relation: relationOf(next.groups.relation) });
      rest = rest.slice(next[0].length);
    }
  }
  return found;
}
