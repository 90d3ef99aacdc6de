/**
 * Rule-based English fact extraction. Each sentence (wink-nlp) splits into clauses; a clause that is asserted (not a
 * question, negated or hypothetical) and speaks of its speaker gives facts: structured ones from the rule table (home,
 * work, family, likes, plans, pets, places visited, groups joined) and, for what no rule reads, a statement: the
 * clause in the third person with its relative date made absolute ("I went yesterday" → "Caroline went … on 7 May
 * 2023"). People, places and organisations come with a type and a confidence (english-mentions.ts).
 */
import { escapeRegExp } from "../whole-word.js";
import { contentTermCount } from "./content-words.js";
import {
  asThing,
  linksOf,
  objectLink,
  relativeMentions,
  THING_PREDICATES,
  thingOf,
} from "./english-links.js";
import { englishMentions, truecase, typeOfName } from "./english-mentions.js";
import { hasIngForm, joinTokens, parseEnglish, type Token } from "./english-parse.js";
import {
  aboutSpeaker,
  clauseStart,
  clausesOf,
  clauseTense,
  isVerbal,
  joinBackReferences,
  notAsserted,
  nounSubjectOf,
  obligationOrPromise,
  type Person,
  type Perspective,
  presentsOnly,
  type Relative,
  relativeHad,
  relativeOpening,
  resolveAnaphor,
  resolvePerson,
  restoreSubject,
  sharedBySpeaker,
  toThirdPerson,
  trimClause,
  withoutConversationFrame,
  withoutHedge,
} from "./english-rewrite.js";
import {
  ANNIVERSARY,
  ANY_RULE,
  BIRTHDAY,
  BROKE_UP,
  BROKE_UP_ANY,
  CALL_ME,
  CLAUSE_SUBJECT,
  CONSEQUENCE_ADVERBS,
  CONSEQUENCE_VERBS,
  DATE_AS_SUBJECT,
  DATE_CONTRACTION,
  ENDS_ANY,
  englishNumber,
  FAMILY_IS,
  FAMILY_NAMED,
  FAMILY_WORDS,
  FIRST_PERSON,
  HAD_RELATIVE_NAMED,
  INTRODUCED,
  LASTING_PHRASE,
  LASTING_TRAITS,
  LEAVE_TAKING,
  LIST_CLOSER,
  LIST_ITEM,
  LIST_KINDS,
  LIST_PREDICATES,
  LIST_SEPARATOR,
  MIN_CONTENT_WORDS,
  NAMED_GONE,
  NEXT_NAME,
  NOT_NAMES,
  namesOneThing,
  OTHERS_FAMILY_NAMED,
  PET_GONE,
  PET_HAD,
  PET_IS,
  PET_NAMED,
  PET_NAMED_ANY,
  PRONOUN_OBJECT,
  PRONOUNS,
  RULES,
  SECOND_PERSON,
  TRAILING_FILLER,
  VALUE_CORRECTED,
  VERB_OBJECT,
  WHO_SAYS,
} from "./english-rules.js";
import { absoluteDate, dateAsNoun, type FoundDate, findEnglishDates, inTense } from "./extract-dates.js";
import {
  ENDED,
  factSentence,
  isGroupRelation,
  isSingleValued,
  PARTNER_RELATIONS,
  RELATIVE_WORDS,
  relationOf,
  valueCorrection,
} from "./predicates.js";
import type { ExtractedFact, ExtractedMention, Extraction, Speakers, SubjectReference } from "./types.js";

/** A person's third-person forms, from the gender compromise's lexicon gives their first name. */
export function personOf(name: string): Person {
  const first = name.split(/\s+/u)[0] ?? name;
  const gender = typeOfName(first).gender;
  return { name, pronouns: PRONOUNS[gender ?? "unknown"] };
}

/** Square-bracketed text is an aside (an editor's note, a description of an attachment), not what was said. */
function withoutAsides(text: string): string {
  return text.replace(/\s*\[[^\]]*\]/gu, " ").trim();
}

function expandContractions(clause: string): string {
  return clause
    .replaceAll("’", "'")
    .replace(/\bI'm\b/g, "I am")
    .replace(/\bI've\b/g, "I have")
    .replace(/\bI'll\b/g, "I will")
    .replace(/\bI'd\b/g, "I would")
    .replace(/\b([Ww]e)'ve\b/g, "$1 have")
    .replace(/\b([Ww]e)'re\b/g, "$1 are")
    .replace(/\b(she|he|it)'s\b/gi, "$1 is")
    .replace(/\b([Mm]y name)'s\b/g, "$1 is");
}

/** Whether a date belongs to the clause of a match: inside it, or right after it with no clause break between. */
function dateIsNear(sentence: string, start: number, end: number, dateText: string): boolean {
  const index = sentence.indexOf(dateText.trim(), Math.max(0, start - 40));
  if (index < 0) return false;
  if (index >= start && index < end) return true;
  const between = index >= end ? sentence.slice(end, index) : sentence.slice(index + dateText.length, start);
  return between.length <= 40 && !/[,;]|\b(?:and|but|because)\b/.test(between);
}

function cleanObject(object: string, dateText: string | null): string {
  let result = object.trim();
  // chrono's date text may carry the punctuation after it ("last weekend,") where the object was cut before it
  const date = dateText?.replace(/[\s.,;:!?]+$/u, "");
  if (date && result.includes(date)) result = result.replace(date, "").replace(/\s+/gu, " ").trim();
  else if (date) {
    // "Tokyo on March 3": a name's pattern took the date's first words ("on March"), not its number
    const words = date.split(" ");
    for (let n = words.length - 1; n >= 1; n--) {
      const head = ` ${words.slice(0, n).join(" ")}`;
      if (result.endsWith(head)) {
        result = result.slice(0, -head.length);
        break;
      }
    }
  }
  for (let i = 0; i < 3; i++) result = result.replace(TRAILING_FILLER, "").trim();
  result = result.replace(/^(?:the )(?=[A-Z])/, "");
  result = result.replace(/[\s.,;:!?]+$/, "");
  result = result.replace(/\s+(?:in|on|at|from|of|to|for|last|next|this|a|an|the|my|and|or)$/i, "").trim();
  return result.replace(/[\s,]+$/, "");
}

/** At most this many items go on a list after its first, each of at most MAX_ITEM_WORDS words. */
const MAX_LIST_ITEMS = 8;
const MAX_ITEM_WORDS = 5;
/** Parts of speech an item of a list of things may open on ("the mountains", "romance films", "Dune", "two cats"). */
const ITEM_OPENINGS = new Set(["NOUN", "PROPN", "ADJ", "NUM", "DET"]);
/** Possessives an item may open on too ("my dog and my cat"; not "your": what is the listener's is no liking). */
const ITEM_POSSESSIVES = new Set(["my", "our", "his", "her", "their"]);
/** Words that open a clause of its own after a separator ("…and I hate olives", "…, it's relaxing", "…, that was…"). */
const CLAUSE_OPENINGS = new Set(["i", "you", "he", "she", "it", "we", "they", "there", "this", "that"]);
/** Subjects that make a clause of an item anywhere in it ("…and my kids love it too" has its verb too). */
const CLAUSE_SUBJECTS = new Set(["i", "you", "he", "she", "it", "we", "they"]);

/**
 * A list that goes on after its first item, read from what follows it in the clause (`tail`): each item after a
 * comma, "and" or "or", a short phrase of nouns, adjectives or gerunds ("painting", "playing the guitar") with no
 * finite verb and no subject of its own. `said`: the list's words as written after the first item; `items`: every
 * item, the first included ("rock and roll" one of them); null when the first item stands alone ("I like pizza, but I
 * hate olives", "I love hiking, especially in spring").
 */
function listGoesOn(
  first: string,
  tail: string,
  tokens: readonly Token[],
): { said: string; items: string[] } | null {
  const byWord = new Map<string, Token>();
  for (const token of tokens) if (!byWord.has(token.lower)) byWord.set(token.lower, token);
  const tokenOf = (word: string) => byWord.get(word.toLowerCase().split(/[^\p{L}\p{N}]+/u)[0] ?? "");
  let rest = tail;
  let said = "";
  const items = [first];
  // a list ends on "and", "or" or "especially" ("climbing, sliding, and playing games"): items after a bare comma
  // with none to follow go on the sentence, not the list ("experimenting in the kitchen, coming up with something tasty")
  let closed = { said: "", count: 1 };
  let firstSeparator = "";
  for (let read = 0; read < MAX_LIST_ITEMS; read++) {
    const separator = LIST_SEPARATOR.exec(rest);
    if (!separator) break;
    if (read === 0) firstSeparator = separator[0];
    const match = LIST_ITEM.exec(rest.slice(separator[0].length));
    if (!match) break;
    const item = match[0].trim();
    const words = item.split(" ");
    const opening = tokenOf(words[0] ?? "");
    // after "especially" a word alone names a kind, however the tagger reads it ("music, especially jazz": jazz/VERB)
    const kindWord =
      words.length === 1 &&
      LIST_KINDS.test(separator[0]) &&
      ["NOUN", "PROPN", "VERB", "ADJ"].includes(opening?.pos ?? "");
    const opens =
      opening !== undefined &&
      !CLAUSE_OPENINGS.has(opening.lower) &&
      (kindWord ||
        ITEM_OPENINGS.has(opening.pos) ||
        ITEM_POSSESSIVES.has(opening.lower) ||
        (opening.pos === "VERB" && hasIngForm(opening)));
    const finite =
      !kindWord &&
      words.some((word) => {
        const token = tokenOf(word);
        return (
          token !== undefined &&
          (token.pos === "AUX" ||
            (token.pos === "VERB" && !hasIngForm(token)) ||
            CLAUSE_SUBJECTS.has(token.lower))
        );
      });
    if (!opens || finite || words.length > MAX_ITEM_WORDS) break;
    said += separator[0] + match[0];
    rest = rest.slice(separator[0].length + match[0].length);
    const last = items.length - 1;
    // "rock and roll" is one item, and so is a head with modifiers joined before it ("sunny and warm weather",
    // "the inspirational and profound literary style"): the item joins the one before
    const modifiers = (items[last] ?? "")
      .split(" ")
      .every((word) => ["ADJ", "DET"].includes(tokenOf(word)?.pos ?? "") || word === "");
    if (/\band\b/u.test(separator[0]) && (modifiers || namesOneThing(`${items[last]} and ${item}`)))
      items[last] = `${items[last]}${separator[0]}${item}`;
    else items.push(item);
    if (LIST_CLOSER.test(separator[0])) closed = { said, count: items.length };
  }
  const listed = items.slice(0, closed.count);
  // "two kittens, Miso and Tofu", "my kids, Anna and Tom": names after a comma name the first item, no more of the list
  const named = (item: string) => item.split(" ").every((word) => /^\p{Lu}/u.test(word));
  if (/^\s*,\s*$/u.test(firstSeparator) && !named(first) && listed.slice(1).every(named)) return null;
  return closed.said === "" ? null : { said: closed.said, items: listed };
}

/** Children had, said as boys or girls ("we have twin boys", "a little girl named Emma"). */
const KIDS_HAD: Readonly<Record<string, string>> = {
  boy: "son",
  girl: "daughter",
  boys: "children",
  girls: "children",
};

/** The relation of a relative had, by its word: a relative's, or a child's said as a boy or a girl. */
function kinHad(word: string): string {
  return KIDS_HAD[word.toLowerCase()] ?? relationOf(word);
}

/** Whether a capitalised word is a person's name as far as the turn and the lexicon tell: not "Family" or "Pottery". */
function plausiblePerson(name: string, names: readonly string[]): boolean {
  if (names.includes(name.toLowerCase())) return true;
  return typeOfName(name).type === "person";
}

function subjectOf(
  groups: Record<string, string | undefined>,
  names: readonly string[],
): SubjectReference | null {
  // "we" includes the speaker: "we adopted two kittens" says the speaker has them.
  const word = groups.subject?.toLowerCase();
  if (word === "i" || word === "we" || word === "my name" || groups.favourite) return { kind: "speaker" };
  if (groups.relation) {
    const relation = relationOf(groups.relation);
    // "my parents, John and Mary, live…": what a group said together does is the group's, not its first name's
    // "my sister Maria and Tom went…": the sister by her name (Tom's part is his own fact, subjectsBeside)
    return groups.relativeName && (!groups.moreNames || !isGroupRelation(relation))
      ? { kind: "named", name: groups.relativeName }
      : { kind: "relative", relation };
  }
  if (groups.name && !NOT_NAMES.has(groups.name.split(" ")[0] ?? "") && plausiblePerson(groups.name, names))
    return { kind: "named", name: groups.name };
  // "our dog Bella is 3 years old": the pet named
  if (groups.petName && !NOT_NAMES.has(groups.petName)) return { kind: "named", name: groups.petName };
  return null;
}

/** "Mia, not Maria", "Madrid, not Barcelona": a name right after a rule's match that the value corrects. */
const CORRECTION =
  /^\s*,?\s*(?:and\s+)?not\s+(?<wrong>\p{Lu}[\p{L}'’-]*(?:\s\p{Lu}[\p{L}'’-]*)?)(?=\s*[,.;!?]|\s*$)/u;

/** The value a fact's words say it corrects, right after the rule's match ("…is Mia, not Maria"); none when none. */
function correctionAfter(clause: string, match: RegExpMatchArray): string | undefined {
  return clause.slice((match.index ?? 0) + match[0].length).match(CORRECTION)?.groups?.wrong;
}

/**
 * The people named beside a relative who is one person ("my sister Maria and Tom"), each the subject of what the clause
 * says too; none beside a group ("my parents, John and Mary": the group's fact is theirs).
 */
function subjectsBeside(groups: Record<string, string | undefined>): string[] {
  if (!groups.relation || !groups.relativeName || !groups.moreNames) return [];
  if (isGroupRelation(relationOf(groups.relation))) return [];
  return namesIn(groups.moreNames);
}

/** The names of a list's rest (", Bella and Max"): none that is not a name. */
function namesIn(list: string): string[] {
  return list
    .split(/,? and |, /u)
    .map((name) => name.trim())
    .filter((name) => name.length > 0 && !NOT_NAMES.has(name.split(" ")[0] ?? ""));
}

/** At most this many names a list of pets goes on with after its first ("Miso, Tofu and …"), or a clause names after kinds. */
const MAX_MORE_NAMES = 8;

/** The names a list goes on with after the one a match ended on ("Miso and Tofu", "Rex, Bella and Max"). */
function namesAfter(clause: string, match: RegExpMatchArray): string[] {
  return namesFrom(clause, (match.index ?? 0) + match[0].length);
}

/** What a list says of a name before its next one: its age (", 8"), or a clause of "who" (" who is 8"). */
const NAME_ASIDE = /^(?:,? who(?:(?! and \p{Lu})[^,;.!?()]){1,80}|, \d{1,2}(?=,|\s+and\b|\s*[.;!?]|\s*$))/u;

/** The names a list goes on with from a place in a clause (", Emma and Liam" after "two kids"). */
function namesFrom(clause: string, from: number): string[] {
  const names: string[] = [];
  let at = from;
  while (names.length < MAX_MORE_NAMES) {
    // ("Owen who is 8 and Lily who is 5", "Owen, 8, and Lily, 5": what is said of one is not the list's end)
    if (names.length > 0) at += clause.slice(at).match(NAME_ASIDE)?.[0].length ?? 0;
    const next = clause.slice(at).match(NEXT_NAME);
    const name = next?.groups?.name;
    if (!next || !name || NOT_NAMES.has(name.split(" ")[0] ?? "")) break;
    names.push(name);
    at += next[0].length;
  }
  return names;
}

/** "anymore", "any more", "any longer": what is denied held until now. */
const ANY_MORE = /\bany ?(?:more|longer)\b/u;

/** Facts of a rule that reads as said (Rule.asSaid): their sentence is the clause's, in the third person. */
const readAsSaid = new WeakSet<ExtractedFact>();

/** Words that open an embedded question ("I wonder whether…", "I asked if…"): what follows them is asked, not said. */
const EMBEDDED_QUESTION = /\b(?:whether|if)\b/iu;

/** A clause that says when something else happened ("when I turned ten, …"): what it says held then, not now. */
const TIME_CLAUSE = /^(?:when|since|after|before|until|once|by the time|as soon as)\b/iu;

/** At most this many verb phrases after "and" a clause's rules read with its subject. */
const MAX_SHARED_SUBJECT = 3;
/** Words after "and" that start no verb phrase of the clause's subject ("and my sister…", "and Tom…", "and the kids…"). */
const NOT_A_VERB_PHRASE = new Set(["DET", "PRON", "PROPN", "NUM", "PUNCT", "CCONJ", "SCONJ", "ADP"]);

/**
 * "I live in Lisbon and work at Siemens": each verb phrase after "and" with no subject of its own, said with the
 * clause's subject ("I work at Siemens"), for the rules to read. The tagger often reads such a verb as a noun ("work",
 * "lives"), so a phrase is any that does not open on a determiner, a pronoun, a name or a number.
 */
function sharedSubjectClauses(clause: string, tokens: readonly Token[]): string[] {
  const subject = clause.match(CLAUSE_SUBJECT)?.[0];
  if (!subject) return [];
  const found: string[] = [];
  for (let i = 1; i < tokens.length - 1 && found.length < MAX_SHARED_SUBJECT; i++) {
    if (tokens[i]?.lower !== "and") continue;
    let next = i + 1;
    if (tokens[next]?.pos === "ADV") next++;
    const word = tokens[next];
    if (!word || NOT_A_VERB_PHRASE.has(word.pos) || !/^\p{Ll}/u.test(word.text)) continue;
    found.push(`${subject} ${joinTokens(tokens.slice(i + 1)).trim()}`);
  }
  return found;
}

/** The structured facts one clause (in the speaker's words) gives. */
function structuredFacts(
  clause: string,
  tokens: readonly Token[],
  date: FoundDate | null,
  negated: boolean,
  names: readonly string[],
  shared = false,
): ExtractedFact[] {
  const facts: ExtractedFact[] = [];
  /** A fact of the clause, pushed and returned (for its marks: read as said, an ending, its links). */
  const fact = (
    subject: SubjectReference,
    predicate: string,
    object: string,
    objectType: ExtractedFact["objectType"],
    at: number | null = null,
  ): ExtractedFact => {
    const made: ExtractedFact = { subject, predicate, object, objectType, at, language: "en" };
    facts.push(made);
    return made;
  };
  if (!negated) {
    // "my wife Giulia and our son Luca": each relative named (at most MAX_MORE_NAMES)
    const byName: RegExpMatchArray[] = [...clause.matchAll(FAMILY_NAMED)].slice(0, MAX_MORE_NAMES);
    for (const match of [...byName, clause.match(FAMILY_IS)]) {
      const groups = match?.groups;
      if (!match || !groups?.relation || !groups.name || NOT_NAMES.has(groups.name.split(" ")[0] ?? ""))
        continue;
      if (groups.is && !typeOfName(groups.name.split(" ")[0] ?? "").firstName) continue;
      const relation = relationOf(groups.relation);
      const named = fact({ kind: "speaker" }, relation, groups.name, "person");
      const wrong = correctionAfter(clause, match);
      if (wrong) named.replaces = wrong;
      // "my kids Emma and Liam": each name of a group's list is one of them ("my sister Maria and Tom" is not)
      if (byName.includes(match) && isGroupRelation(relation))
        for (const more of namesAfter(clause, match)) fact({ kind: "speaker" }, relation, more, "person");
    }
    // "Giulia's sister Sara", "my friend Luca's wife is called Anna": another's relative, of someone the turn or the
    // lexicon knows as a person
    for (const match of [...clause.matchAll(OTHERS_FAMILY_NAMED)].slice(0, MAX_MORE_NAMES)) {
      const { owner, relation, name, is } = match.groups ?? {};
      if (!owner || !relation || !name || NOT_NAMES.has(owner) || NOT_NAMES.has(name.split(" ")[0] ?? ""))
        continue;
      if (!plausiblePerson(owner, names) || (is && !typeOfName(name.split(" ")[0] ?? "").firstName)) continue;
      if (name.toLowerCase() === owner.toLowerCase()) continue;
      fact({ kind: "named", name: owner }, relationOf(relation), name, "person");
    }
    const born = clause.match(BIRTHDAY)?.groups;
    if (born?.date) {
      const whose: SubjectReference = born.relation
        ? { kind: "relative", relation: relationOf(born.relation) }
        : { kind: "speaker" };
      fact(whose, "birthday", born.date.replace(/^the /u, ""), null);
    }
    const wed = clause.match(ANNIVERSARY)?.groups;
    if (wed?.date)
      fact(
        wed.relation ? { kind: "relative", relation: relationOf(wed.relation) } : { kind: "speaker" },
        "anniversary",
        wed.date.replace(/^the /u, ""),
        null,
      );
    // "Hi, I'm Daniel": the name the speaker goes by, when it is a first name ("I'm Catholic" is none)
    const introducing = clause.match(INTRODUCED);
    const introduced = introducing?.groups?.name;
    // (or the speaker's own name, whatever the lexicon knows: "I'm Raj, a backend developer")
    if (
      introduced &&
      (typeOfName(introduced.split(" ")[0] ?? "").firstName || names.includes(introduced.toLowerCase()))
    ) {
      fact({ kind: "speaker" }, "name", introduced, null);
      // "I'm Lucas, 34, a software engineer from Brazil, living in Berlin": each part after the name is said of the
      // speaker ("I am 34", "I am a software engineer from Brazil", "I am living in Berlin")
      if (!shared)
        for (const part of introductionParts(
          clause.slice((introducing?.index ?? 0) + (introducing?.[0].length ?? 0)),
        ))
          for (const theirs of structuredFacts(`I am ${part}`, tokens, date, negated, names, true))
            if (!facts.some((f) => f.predicate === theirs.predicate && f.object === theirs.object))
              facts.push(theirs);
    }
    const goesBy = clause.match(CALL_ME)?.groups?.name;
    if (goesBy && !NOT_NAMES.has(goesBy.split(" ")[0] ?? "")) fact({ kind: "speaker" }, "name", goesBy, null);
    const byKind = clause.match(PET_NAMED);
    const named = byKind ?? clause.match(PET_IS);
    const pet = named?.groups?.name;
    if (pet && !NOT_NAMES.has(pet)) {
      fact({ kind: "speaker" }, "pet", pet, "animal");
      // "our cats are called Miso and Tofu": each name of the list
      for (const more of byKind ? namesAfter(clause, byKind) : [])
        fact({ kind: "speaker" }, "pet", more, "animal");
    }
  }
  const rules = ANY_RULE.test(clause) ? RULES : [];
  for (const {
    predicate,
    pattern,
    objectType,
    firstPersonOnly,
    negated: ruleNegated,
    asSaid,
    ends,
    held,
    place,
  } of rules) {
    if (negated && !ruleNegated) continue;
    const match = clause.match(pattern);
    const groups = match?.groups;
    if (!match || !groups?.object) continue;
    const subject = subjectOf(groups, names);
    if (!subject || (firstPersonOnly && subject.kind !== "speaker")) continue;
    // "I wonder whether Tom works at Google": what an embedded question asks is not said
    if (EMBEDDED_QUESTION.test(clause.slice(0, match.index ?? 0))) continue;
    // "When I turned ten, …" is an age then, not now
    if (predicate === "age" && TIME_CLAUSE.test(clause)) continue;
    // an age in words is the number ("five" → 5)
    const said = predicate === "age" && /^\p{L}/u.test(groups.object) ? englishNumber(groups.object) : null;
    // "my kids Leo and Theo are 3": an age said of several is each one's, by name ("we are 5" is no age)
    if (predicate === "age" && /\bare\s/u.test(match[0])) {
      const each =
        groups.relativeName && groups.moreNames ? [groups.relativeName, ...namesIn(groups.moreNames)] : [];
      for (const name of each) fact({ kind: "named", name }, predicate, String(said ?? groups.object), null);
      continue;
    }
    // "three kids: Ethan, Sophie and Leo": what is had ends where the colon lists its names
    const matched = predicate === "has" ? groups.object.replace(/\s*:\s.*$/u, "") : groups.object;
    const first = said !== null ? String(said) : cleanObject(matched, date?.text ?? null);
    if (
      first.length === 0 ||
      // ("learning to swim" is something learned, where "love to" takes no object)
      (PRONOUN_OBJECT.test(first) && !(predicate === "learns" && /^to \p{L}/u.test(first))) ||
      VERB_OBJECT.test(first) ||
      first.split(" ").length > 8
    )
      continue;
    // "I love hiking, painting and playing the guitar": a liking's object is the whole list, each item a thing
    const list =
      LIST_PREDICATES.has(predicate) && matched === groups.object
        ? listGoesOn(first, clause.slice((match.index ?? 0) + match[0].length), tokens)
        : null;
    const object = list ? cleanObject(first + list.said, date?.text ?? null) : first;
    if (objectType && NOT_NAMES.has(object.split(" ")[0] ?? "")) continue;
    if (place && typeOfName(object).type !== "place") continue;
    // one rule per object: a group joined is not also an employer, a pet not also a possession
    if (facts.some((f) => f.object === object)) continue;
    const near =
      date && dateIsNear(clause, match.index ?? 0, (match.index ?? 0) + match[0].length, date.text);
    const made = fact(subject, predicate, object, objectType ?? null, near ? date.at : null);
    if (asSaid) readAsSaid.add(made);
    if (ends) made.ends = true;
    // "I don't work at Google anymore" held until now, as "I no longer work at Google" does
    if (ends && (held || ANY_MORE.test(clause))) made.held = true;
    const wrong = correctionAfter(clause, match);
    if (wrong && !ends) made.replaces = wrong;
    // "my sister Maria and Tom went to Rome": Tom went too
    for (const name of subjectsBeside(groups))
      fact({ kind: "named", name }, predicate, object, objectType ?? null, near ? date.at : null);
    // "two cats, Miso and Tofu": each name of the list is a pet
    if (predicate === "pet")
      for (const more of namesAfter(clause, match)) fact(subject, predicate, more, objectType ?? null);
    // a list of things ("comedies and romance films") links each; items are things only after a first that is one
    // ("spending time with my family and friends" likes no friends)
    const things = list?.items.map((item) => thingOf(cleanObject(item, date?.text ?? null))) ?? [];
    if (things.length > 1 && things[0] && THING_PREDICATES.has(predicate))
      made.links = things.flatMap((thing) =>
        thing ? [{ relation: predicate, name: thing.name, entityType: thing.type }] : [],
      );
  }
  // "I live in Lisbon and work at Siemens": the rules read each verb phrase the subject shares, for a state (home,
  // work, school…); a liking or a possession there is as often a noun's ("I love the self-acceptance and love theme")
  if (!shared)
    for (const more of sharedSubjectClauses(clause, tokens))
      for (const found of structuredFacts(more, tokens, date, negated, names, true))
        if (
          isSingleValued(found.predicate) &&
          !facts.some((f) => f.predicate === found.predicate && f.object === found.object)
        )
          facts.push(found);
  // "I quit my job", "we got divorced": the speaker's value ends, whatever it is
  if (!negated)
    for (const { predicate, pattern } of ENDS_ANY)
      if (!facts.some((f) => f.ends && f.predicate === predicate) && pattern.test(clause))
        fact({ kind: "speaker" }, predicate, ENDED, null, date?.at ?? null).ends = true;
  // "I broke up with Tom": whichever partner he was; "our cat Luna passed away": a pet had until then
  const broke = negated ? undefined : clause.match(BROKE_UP)?.groups;
  const partner = broke?.name ?? broke?.first;
  if (partner && !NOT_NAMES.has(partner))
    for (const relation of PARTNER_RELATIONS)
      fact({ kind: "speaker" }, relation, partner, "person", date?.at ?? null).ends = true;
  // "my girlfriend and I broke up", "we split up": the partner who holds now, whoever they are
  const anyPartner = partner || negated ? undefined : clause.match(BROKE_UP_ANY)?.groups;
  const said = anyPartner?.relation ?? anyPartner?.with;
  if (anyPartner)
    for (const relation of PARTNER_RELATIONS)
      if (said === undefined || said === relation)
        fact({ kind: "speaker" }, relation, ENDED, null, date?.at ?? null).ends = true;
  const gone = negated ? undefined : clause.match(PET_GONE)?.groups?.name;
  if (gone && !NOT_NAMES.has(gone)) {
    const ended = fact({ kind: "speaker" }, "pet", gone, "animal", date?.at ?? null);
    ended.ends = true;
    ended.held = true;
  }
  // "Sadly Mochi passed away": ends the pet Mochi if there is one (no former one is made of a name alone)
  const named = gone || negated ? undefined : clause.match(NAMED_GONE)?.groups?.name;
  if (named && !NOT_NAMES.has(named) && !NOT_NAMES.has(named.split(" ")[0] ?? ""))
    fact({ kind: "speaker" }, "pet", named, "animal", date?.at ?? null).ends = true;
  // "I have two kids, Emma and Liam": the names after relatives had are those relatives
  for (const had of facts.filter((f) => f.predicate === "has" && f.subject.kind === "speaker")) {
    // "a sister named Maria", "two kids called Emma and Liam"
    const named = had.object.match(HAD_RELATIVE_NAMED);
    if (named?.groups?.relation && named.groups.name && !NOT_NAMES.has(named.groups.name)) {
      const relation = kinHad(named.groups.relation);
      fact({ kind: "speaker" }, relation, named.groups.name, "person");
      const at = clause.indexOf(named.groups.name, clause.indexOf(had.object));
      if (at >= 0 && isGroupRelation(relation))
        for (const more of namesFrom(clause, at + named.groups.name.length).filter((n) => !NOT_NAMES.has(n)))
          fact({ kind: "speaker" }, relation, more, "person");
      continue;
    }
    const head = had.object.split(" ").pop() ?? "";
    const relation = kinHad(head);
    if (!(relation in RELATIVE_WORDS)) continue;
    const at = clause.indexOf(had.object);
    if (at < 0) continue;
    for (const name of namesFrom(clause, at + had.object.length).filter((n) => !NOT_NAMES.has(n)))
      fact({ kind: "speaker" }, relation, name, "person");
  }
  // "two kids: Owen, 8, and Lily, 5": the age said after a relative's name is theirs
  for (const kin of facts.filter((f) => f.objectType === "person" && f.predicate in RELATIVE_WORDS)) {
    const after = clause.match(
      new RegExp(`(?<!\\p{L})${escapeRegExp(kin.object)}, (\\d{1,2})(?=,|\\s+and\\b|\\s*[.;!?]|\\s*$)`, "u"),
    )?.[1];
    if (
      after &&
      !facts.some((f) => f.predicate === "age" && f.subject.kind === "named" && f.subject.name === kin.object)
    )
      fact({ kind: "named", name: kin.object }, "age", after, null);
  }
  // "a son, Jake, who is 10", "a brother named Taro who's studying at Kyoto University": what a clause of "who" says
  // of the one named is read as their own clause ("Taro is studying at Kyoto University")
  if (!negated && !shared) {
    let read = 0;
    for (const found of clause.matchAll(WHO_SAYS)) {
      const { name, verb, rest } = found.groups ?? {};
      if (!name || !verb || !rest || NOT_NAMES.has(name) || ++read > MAX_MORE_NAMES) continue;
      const said = `${name} ${/^['’]s$/u.test(verb) ? "is" : verb.trim()}${rest}`;
      // (the one a clause of "who" is about is a person, whatever the lexicon says of the name)
      for (const theirs of structuredFacts(said, tokens, date, negated, [...names, name.toLowerCase()], true))
        if (
          theirs.subject.kind === "named" &&
          theirs.subject.name === name &&
          !facts.some((f) => f.predicate === theirs.predicate && f.object === theirs.object)
        )
          facts.push(theirs);
    }
  }
  // "I have a dog named Rex and two cats, Miso and Tofu": the names after pets had are those pets
  for (const had of facts.filter((f) => f.predicate === "has" && f.subject.kind === "speaker")) {
    const at = clause.indexOf(had.object);
    if (at < 0) continue;
    let kinds = 0;
    for (const found of clause.matchAll(PET_HAD)) {
      // pets the thing had names ("two cats: Miso and Tofu" names them after it)
      const index = found.index ?? 0;
      if (index < at || index > at + had.object.length) continue;
      // (a page of pets had names at most as many as a list does)
      if (++kinds > MAX_MORE_NAMES) break;
      const first = found.groups?.name;
      if (!first || NOT_NAMES.has(first)) continue;
      const listed = [first, ...namesFrom(clause, index + found[0].length)];
      for (const name of listed.filter((n) => !NOT_NAMES.has(n)))
        if (!facts.some((f) => f.predicate === "pet" && f.object === name))
          fact({ kind: "speaker" }, "pet", name, "animal");
    }
  }
  // "two dogs, Rex and Bella, and a cat named Luna": a clause with a pet names the others after their kind
  if (facts.some((f) => f.predicate === "pet")) {
    let more = 0;
    for (const found of clause.matchAll(PET_NAMED_ANY)) {
      const name = found.groups?.name;
      if (name && !NOT_NAMES.has(name) && !facts.some((f) => f.predicate === "pet" && f.object === name))
        fact({ kind: "speaker" }, "pet", name, "animal");
      if (++more >= MAX_MORE_NAMES) break;
    }
  }
  // "I adopted a kitten called Miso": one fact (has), and the pet is a link of it rather than a second fact
  for (const pet of facts.filter((f) => f.predicate === "pet")) {
    // ("two cats, Miso and Tofu": the names after what is had are of it)
    const holder = facts.find((f) => {
      if (f === pet) return false;
      if (f.object.includes(pet.object)) return true;
      const at = f.predicate === "has" ? clause.indexOf(f.object) : -1;
      return at >= 0 && clause.indexOf(pet.object, at) > at;
    });
    if (!holder) continue;
    // one link to the pet: a link the clause's verb gave the same name ("adopted … named Luna") is this one
    const others = (holder.links ?? []).filter((l) => l.name !== pet.object);
    holder.links = [...others, { relation: "pet", name: pet.object, entityType: "animal" }];
    facts.splice(facts.indexOf(pet), 1);
  }
  return facts;
}

/**
 * Whether an object speaks of the listener ("I love your turtles", "I like your idea"): a compliment or a remark to
 * them, not something the speaker likes, has or plans on their own.
 */
function toListener(object: string): boolean {
  return object
    .toLowerCase()
    .split(/[^\p{L}']+/u)
    .some((word) => word in SECOND_PERSON);
}

/**
 * The clause's text with its relative date made absolute: a phrase with its preposition ("in the week of 1 May 2023")
 * where the words told when, a noun where they were the subject or a possessive ("The week of 1 May 2023 has been…",
 * "20 June 2023 is going to be…", "the week of 1 May 2023's scrimmage"); a sentence opening on it starts capitalised.
 */
function withAbsoluteDate(text: string, date: FoundDate | null): string {
  if (!date?.relative && !date?.implied) return text;
  const phrase = date.text.trim().replace(/[\s.,;:!?]+$/u, "");
  let at = text.toLowerCase().indexOf(phrase.toLowerCase());
  if (at < 0) return text;
  let rest = text.slice(at + phrase.length);
  // "in June and July": the absolute date would give the year to one month of two
  if (!date.relative && /^\s*(?:and|or|to|through|-|–)\s*\p{Lu}/u.test(rest)) return text;
  const contraction = DATE_CONTRACTION.exec(rest);
  // "in March", "March 3" (the parser's words without their preposition): the absolute date brings its own
  const preposition = /\b(?:in|on)\s+$/iu.exec(text.slice(0, at));
  let words: string;
  if (preposition && !contraction) {
    at = preposition.index;
    words = absoluteDate(date);
  } else if (/\b(?:by|until|till|since|before|after|from|through|during|of)\s+$/iu.test(text.slice(0, at))) {
    words = dateAsNoun(date);
  } else if (contraction) {
    words = dateAsNoun(date);
    rest = ` ${contraction[1] ? "has" : "is"}${rest.slice(2)}`;
  } else if (rest.startsWith("'s") || (at === 0 && DATE_AS_SUBJECT.test(rest))) {
    words = dateAsNoun(date);
  } else {
    words = absoluteDate(date);
  }
  const made = `${text.slice(0, at)}${words}${rest}`.replace(/\s+/gu, " ");
  return `${made.charAt(0).toUpperCase()}${made.slice(1)}`;
}

/**
 * "Kenji is moving to Tokyo in January": the name a clause opens on when it is a person's (one the lexicon or the
 * memory knows, not the speaker or to whom they speak) and a verb follows; null for any other clause. Told with a
 * date, what it says is an event of that person's.
 */
function personOpening(
  tokens: readonly Token[],
  talking: readonly string[],
  people: readonly string[],
): string | null {
  const at = clauseStart(tokens);
  const name = tokens[at];
  const verb = tokens[at + 1];
  if (!name || !verb || !/^\p{Lu}/u.test(name.text) || NOT_NAMES.has(name.text)) return null;
  if (!isVerbal(verb) || hasIngForm(verb)) return null;
  if (tokens.some((t) => t.pos === "PRON" && (t.lower in SECOND_PERSON || t.lower in FIRST_PERSON)))
    return null;
  // (what the speaker or the addressee does, said by name, is not another's)
  if (talking.includes(name.lower)) return null;
  return people.includes(name.lower) || typeOfName(name.text).type === "person" ? name.text : null;
}

/** Whether an obligation's verb is one of leaving ("I have to go now", "gotta run"). */
function takesLeave(tokens: readonly Token[]): boolean {
  const at = tokens.findIndex((t) => t.lower === "gotta" || (t.lower === "to" && t.pos !== "ADP"));
  const from = tokens.slice(at + 1);
  const verb = from.findIndex((t) => t.pos !== "ADV");
  const lemma = from[verb]?.lemma ?? "";
  // ("we need to get going", "I have to get back")
  return (
    LEAVE_TAKING.has(lemma) ||
    (lemma === "get" && ["going", "moving", "back", "home"].includes(from[verb + 1]?.lower ?? ""))
  );
}

/**
 * Whether a clause opens on a relative of the speaker's as its subject ("My sister is moving…", "our kids loved…"),
 * the speaker not among them ("My kids and I went…" is the speaker's too; "my family" is the speaker's own).
 */
function opensOnRelative(tokens: readonly Token[]): boolean {
  const at = clauseStart(tokens);
  if (!["my", "our"].includes(tokens[at]?.lower ?? "")) return false;
  const verb = tokens.findIndex((t, i) => i > at && isVerbal(t));
  const subject = tokens.slice(at + 1, verb < 0 ? undefined : verb);
  if (subject.some((t) => t.lower === "i" || t.lower === "me")) return false;
  return subject.some((t) => {
    const relation = relationOf(t.lower);
    return relation !== "family" && relation in RELATIVE_WORDS;
  });
}

/** The statement a clause makes about its speaker, or null when it says too little or speaks to nobody named. */
function statementOf(
  tokens: Token[],
  perspective: Perspective,
  date: FoundDate | null,
  minContentWords: number,
  speakerNamed = false,
): ExtractedFact | null {
  // a statement is a sentence: it needs a verb that is not only a gerund ("Caroline's guinea pig." is not one)
  if (!tokens.some((t) => t.pos === "AUX" || (t.pos === "VERB" && !hasIngForm(t)))) return null;
  // …and a subject: a clause still opening on its verb left out one no rule could put back ("Made me proud…",
  // "Really made me think…", "Check out this picture…"); a gerund may open it ("Seeing them happy made my day",
  // "Being with them…")
  const head = tokens.find((t) => t.pos !== "ADV");
  if (head && (head.pos === "AUX" || head.pos === "VERB") && !hasIngForm(head)) return null;
  const rewritten = toThirdPerson(tokens, perspective, speakerNamed);
  if (!rewritten) return null;
  const names = [perspective.speaker.name, perspective.addressee?.name ?? ""];
  // a lasting trait is a fact in a word or two ("Ana is vegetarian."), a habit in two ("Ana usually wakes up at
  // 6am."); else a clause needs minContentWords
  const trait = tokens.some((t) => LASTING_TRAITS.has(t.lower)) || LASTING_PHRASE.test(rewritten);
  const habit = tokens.some((t) => HABIT_WORDS.has(t.lower) || HABIT_DAYS.test(t.lower));
  if (contentTermCount(rewritten, names) < (trait ? 1 : habit ? 2 : minContentWords)) return null;
  // a title's own full stop goes outside its closing quotation mark: called "Finding Home".
  const text = `${withAbsoluteDate(rewritten, date)
    .replace(/[\s,;:.!?…]+$/u, "")
    .replace(/[\s,;:.!?…]+(["”])$/u, "$1")}.`;
  return {
    subject: { kind: "speaker" },
    predicate: date ? "event" : "statement",
    object: statementObject(text, perspective.speaker.name),
    objectType: null,
    at: date?.at ?? null,
    language: "en",
    text,
  };
}

/** A denial of eating, drinking or smoking, said as a habit ("I don't eat meat", "I can't drink milk"). */
const DIET_DENIED =
  /\b(?:do not|don't|don’t|does not|doesn't|doesn’t|can not|cannot|can't|can’t|never|no longer)\s+(?:eat|drink|smoke)\b(?!\s+(?:it|that|this|them|those|these|anything|much|enough|as|so|too|more|less|well|right|here|there|now|again)\b)/iu;

/**
 * "I am not vegetarian anymore", "I am no longer a smoker" (contractions expanded): a state of the speaker's that no
 * longer holds, said of a word or two (not "I am not sure anymore").
 */
const NO_LONGER_STATE =
  /^I am (?:(?<no>no longer)|not) (?<rest>(?:an? )?(?!sure\b|going\b|doing\b|able\b|allowed\b|here\b|there\b|your?\b|the\b|that\b|this\b|it\b)[a-z][a-z-]*(?: (?!any ?more\b)[a-z][a-z-]*)?)(?<more> any ?more)?\s*[.!]*$/u;

/** Adverbs that make a clause a habit, a lasting thing about the one it tells of ("I usually wake up at 6am"). */
const HABIT_WORDS: ReadonlySet<string> = new Set(["usually", "normally", "typically", "regularly"]);
/** The days a habit is kept on ("I do yoga on Sundays", "on weekends"): a habit too. */
const HABIT_DAYS = /^(?:(?:mon|tues|wednes|thurs|fri|satur|sun)days|weekends)$/u;

/** At most this many parts of an introduction are read ("I'm Lucas, 34, a nurse, from Ohio, …"). */
const MAX_INTRODUCTION_PARTS = 4;

/**
 * The parts of an introduction after the name, each what the speaker is ("34", "a software engineer from Brazil",
 * "living in Berlin since 2021"): comma-separated, each an age, a noun phrase, or a place or state; none when the
 * name is not followed by a comma.
 */
function introductionParts(rest: string): string[] {
  if (!/^\s*,/u.test(rest)) return [];
  return rest
    .split(/\s*,\s*/u)
    .slice(1, MAX_INTRODUCTION_PARTS + 1)
    .map((part) => part.replace(/^(?:and|but)\s+/u, "").replace(/[.!;]+$/u, ""))
    .filter((part) =>
      /^(?:\d{1,3}(?: years? old)?|(?:an?|the) \p{Ll}.*|(?:originally )?from \p{Lu}.*|(?:living|working|studying|based) \p{Ll}.*)$/u.test(
        part,
      ),
    );
}

/**
 * A structured fact's object in the third person: "my" is the speaker's pronoun when the fact is about the speaker
 * ("camping with her family"), the speaker's name when it is about someone else ("Tom likes Melanie's cooking").
 */
function inThirdPerson(fact: ExtractedFact, perspective: Perspective): ExtractedFact {
  if (fact.objectType !== null || !/\b(?:my|me|mine|myself|our|us)\b/i.test(fact.object)) return fact;
  const { name, pronouns } = perspective.speaker;
  const own = fact.subject.kind === "speaker";
  const object = fact.object
    .replace(/\bmy\b/gi, own ? pronouns.possessive : `${name}'s`)
    .replace(/\bmine\b/gi, own ? pronouns.possessivePronoun : `${name}'s`)
    .replace(/\bmyself\b/gi, own ? pronouns.reflexive : name)
    .replace(/\bme\b/gi, own ? pronouns.object : name)
    .replace(/\bour\b/gi, own ? "their" : `${name}'s`)
    .replace(/\bus\b/gi, own ? "them" : name);
  return { ...fact, object };
}

export interface EnglishExtractionOptions {
  /** How many content words a statement needs (default MIN_CONTENT_WORDS); bench/facts.ts --loo tunes it. */
  minContentWords?: number;
}

/** A clause as read: its tokens (subject restored, anaphor resolved) and whether and why it is not asserted. */
interface ClauseReading {
  tokens: Token[];
  why: ReturnType<typeof notAsserted>;
}

/** Whom a clause opened on or named, and what the speaker said they have: each one a pronoun after it may stand for. */
function peopleOf(clause: readonly Token[]): Relative | null {
  const opening = relativeOpening(clause);
  const had = relativeHad(clause);
  if (!opening || !had) return opening ?? had;
  return { ...opening, also: [...(opening.also ?? []), had] };
}

/**
 * The relative a sentence's pronouns may stand for, from the one before: a pet's "it" stands for it in the sentence
 * that had it only ("I have a dog named Biscuit. It's raining."), "he" and "she" after it too.
 */
function inNextSentence(person: Relative | null): Relative | null {
  return person?.pronoun === "pet" ? { tokens: person.tokens, pronoun: "either" } : person;
}

/** Every clause of the turn, read once: the statements' filter looks at the whole turn before any is made. */
function readClauses(sentences: readonly Token[][], names: readonly string[]): ClauseReading[] {
  const readings: ClauseReading[] = [];
  // the speaker's relative a clause of the turn opened on, whom a "he" or "she" after it stands for
  let previousPerson: Relative | null = null;
  for (const sentence of sentences) {
    let previousSubject: Token[] | null = null;
    previousPerson = inNextSentence(previousPerson);
    for (const clause of joinBackReferences(clausesOf(sentence))) {
      const trimmed = withoutHedge(trimClause(withoutConversationFrame(clause), names));
      if (trimmed.length === 0) continue;
      const why = notAsserted(trimmed, sentence);
      const resolved = resolvePerson(resolveAnaphor(trimmed, previousSubject), previousPerson);
      previousSubject = nounSubjectOf(resolved) ?? previousSubject;
      previousPerson = peopleOf(resolved) ?? previousPerson;
      const shown = sharedBySpeaker(resolved);
      if (!shown && presentsOnly(resolved)) continue;
      const tokens = shown ?? restoreSubject(resolved);
      // "Gotta check the floor" is "I have to check…" once its subject is back
      readings.push({ tokens, why: why ?? obligationOrPromise(tokens) });
    }
  }
  return readings;
}

/**
 * The first date an English sentence gives, in the time its verb puts it: "I went to Rome in March", said in
 * December, is the March before; null for none, or for a habit's day ("I go to church on Sunday"). Parses the
 * sentence only when its date left a year or a week to the tense.
 */
export function findTensedEnglishDate(sentence: string, reference: number): FoundDate | null {
  const date = findEnglishDates(sentence, reference)[0] ?? null;
  if (!date?.implied) return date;
  const tokens = parseEnglish(sentence).find((s) => joinTokens(s).includes(date.text.trim())) ?? [];
  return inTense(date, clauseTense(tokens), reference);
}

/**
 * Facts and mentions in one English turn said by `speakers.speaker` at `at` (ms). Without a speaker's name only the
 * structured facts are given (a statement needs a name to be about).
 */
export function extractEnglish(
  said: string,
  at: number,
  speakers: Speakers = {},
  options: EnglishExtractionOptions = {},
): Extraction {
  // a run of blanks reads as one ("I like such⎵⎵⎵…as cats"): the rules' patterns rescan a long run at every word
  // they try, which made a turn of 100,000 spaces take minutes
  // ("i live in seattle" is typed as "I live in Seattle" would be)
  const text = truecase(said.replace(/[^\S\n]+/gu, " ").replace(/ ?\n[\s]*/gu, "\n"));
  // "Actually, it was Boulder, not Denver.": whichever value was told as Denver is Boulder
  const corrected = text.trim().match(VALUE_CORRECTED)?.groups;
  if (corrected?.right && corrected.wrong && !NOT_NAMES.has(corrected.right.split(" ")[0] ?? ""))
    return { facts: [valueCorrection(corrected.right, corrected.wrong, "en")], mentions: [] };
  const sentences = parseEnglish(withoutAsides(text));
  const speaker = speakers.speaker ? personOf(speakers.speaker) : null;
  const addressee = speakers.addressee ? personOf(speakers.addressee) : null;
  const family = FAMILY_WORDS.test(text);
  const perspective: Perspective | null = speaker ? { speaker, addressee, family } : null;
  const names = [speakers.speaker, speakers.addressee].flatMap((n) => (n ? [n.toLowerCase()] : []));
  // the people the memory knows are people as a fact's subject ("Tiago is 7"); only those in the talk are ones a
  // clause may end on addressing ("…, not Maya." names no one addressed)
  const people = [...names, ...(speakers.people ?? [])];
  const readings = readClauses(sentences, names);
  // one date parse for the turn; each clause takes the first date whose words it holds
  const dates = findEnglishDates(expandContractions(withoutAsides(text)), at);
  const facts: ExtractedFact[] = [];
  const relatives: ExtractedMention[] = [];
  const seen = new Set<string>();
  const push = (fact: ExtractedFact) => {
    const key = JSON.stringify([fact.subject, fact.predicate, fact.object.toLowerCase()]);
    // (an ending's object may be ENDED: whatever the value is)
    if (seen.has(key) || (fact.object.length === 0 && !fact.ends)) return;
    seen.add(key);
    facts.push(fact);
  };
  // the statement the previous clause made, which an "It made me…" clause goes on
  let previous: { statement: ExtractedFact; reading: number } | null = null;
  for (const [reading, { tokens, why }] of readings.entries()) {
    if (["question", "hypothetical", "thanks", "reaction", "reported"].includes(why ?? "")) continue;
    const words = expandContractions(joinTokens(tokens));
    const found = dates.find((d) => words.includes(d.text.trim().replace(/[\s.,;:!?]+$/u, ""))) ?? null;
    // "in March" said in December: the March the clause's tense speaks of
    const date = found && inTense(found, clauseTense(tokens), at);
    // "I have to renew my passport by May", "I need to call my mom tomorrow": what the speaker must do, told with a
    // time, is an event of theirs, as a promise with one is a plan; without one, or a leave-taking ("I have to go
    // now", "gotta run"), it is no fact yet
    if (why === "obligation") {
      const owed =
        date && perspective && aboutSpeaker(tokens, family) && !takesLeave(tokens)
          ? statementOf(tokens, perspective, date, MIN_CONTENT_WORDS)
          : null;
      if (owed) push(owed);
      continue;
    }
    // a promise with a time is a plan ("I'll be in Paris next week"); without one it is said to the listener
    if (why === "future" && !date) continue;
    const structured = structuredFacts(words, tokens, date, why === "negated", people)
      .filter((fact) => !toListener(fact.object))
      .map((fact) => (perspective ? inThirdPerson(fact, perspective) : fact));
    if (why === "negated") {
      for (const fact of structured) push(fact);
      // "I don't eat meat", "I can't eat gluten": what one does not eat or drink is a lasting thing about them, told
      // with its negation
      if (perspective && DIET_DENIED.test(words) && aboutSpeaker(tokens, family)) {
        const habit = statementOf(tokens, perspective, date, 1);
        if (habit) push(habit);
      }
      // "I'm not vegetarian anymore", "I'm no longer a smoker": what the speaker was ends
      const was = perspective ? words.match(NO_LONGER_STATE)?.groups : undefined;
      const state = was?.rest?.trim();
      if (perspective && was && state && (was.no || was.more)) {
        const { name } = perspective.speaker;
        push({
          subject: { kind: "speaker" },
          predicate: "statement",
          object: `is no longer ${state}`,
          objectType: null,
          at: date?.at ?? null,
          language: "en",
          text: `${name} is no longer ${state}.`,
          denies: `is ${state}`,
        });
      }
      continue;
    }
    relatives.push(...relativeMentions(words));
    const minContentWords = options.minContentWords ?? MIN_CONTENT_WORDS;
    const ofSpeaker = perspective !== null && aboutSpeaker(tokens, family);
    // "Tom is moving to Tokyo in January": another's doing, an event of theirs, which relates the speaker to nothing
    const another =
      ofSpeaker || speakers.assistant || date === null ? null : personOpening(tokens, names, people);
    const ofAnother = another !== null;
    const said =
      perspective && (ofSpeaker || ofAnother)
        ? statementOf(tokens, perspective, date, minContentWords)
        : null;
    const statement: ExtractedFact | null =
      said?.text && another !== null
        ? { ...said, subject: { kind: "named", name: another }, object: statementObject(said.text, another) }
        : said;
    // a state (home, work, name…) reads best as the catalogue's sentence; anything else as the speaker said it
    for (const fact of structured) {
      if (fact.objectType !== null || !THING_PREDICATES.has(fact.predicate)) continue;
      // the sentence keeps the words as said ("the piano"); the thing's node drops the article ("piano")
      if (perspective && fact.subject.kind === "speaker")
        fact.text ??= factSentence(fact.predicate, perspective.speaker.name, fact.object, "en");
      asThing(fact);
    }
    // "graduated from MIT in 2015": a past told as it was said, however few its words
    for (const fact of structured)
      if (readAsSaid.has(fact) && perspective)
        fact.text = (statement ?? statementOf(tokens, perspective, date, 0))?.text ?? fact.text;
    const readsAsSaid = structured.find(
      (f) => !isSingleValued(f.predicate) && (f.objectType === null || f.objectType === "thing"),
    );
    if (statement && readsAsSaid && statement.text) readsAsSaid.text = statement.text;
    const carrier = statement && readsAsSaid ? readsAsSaid : statement;
    if (carrier && perspective) {
      // what another does, or a relative ("My sister is moving to Tokyo", "My kids loved the museum"), relates the
      // speaker to none of the names it holds: they are mentioned
      const theirs = ofAnother || opensOnRelative(tokens);
      const named = linksOf(tokens, perspective.speaker.name, names).map((link) =>
        theirs ? { ...link, relation: link.entityType === "person" ? "knows" : "mentions" } : link,
      );
      const thing = theirs ? null : objectLink(tokens);
      const links = [
        ...named,
        ...(thing && !named.some((l) => thing.name.includes(l.name)) ? [thing] : []),
      ].filter(
        (link) =>
          !structured.some(
            (f) => f.objectType !== null && (f.object.includes(link.name) || link.name.includes(f.object)),
          ),
      );
      const had = carrier.links ?? [];
      // one edge a name: a list's item ("learns Spanish", "classic rock and roll") is not also the verb's object
      // ("learn Spanish", "classic rock")
      const added = links.filter(
        (l) => !had.some((h) => h.name === l.name || (l.entityType === "thing" && h.name.includes(l.name))),
      );
      if (added.length > 0) carrier.links = [...had, ...added];
    }
    for (const fact of structured) push(fact);
    const told = structured.some((f) => f.text !== undefined);
    if (statement && !told && !coveredBy(statement, structured, names)) {
      const on = previous && describesSame(readings, previous.reading, reading) ? previous.statement : null;
      // a consequence goes on that statement, told with its speaker already named ("…, and it made him…")
      const consequence =
        on && perspective && CONSEQUENCE.test(statement.text ?? "")
          ? statementOf(tokens, perspective, date, minContentWords, true)
          : null;
      if (on && consequence?.text && perspective) {
        goOn(on, consequence.text, perspective.speaker.name);
        continue;
      }
      push(statement);
      previous = { statement, reading };
    }
  }
  const mentions = englishMentions(sentences, names);
  return { facts, mentions: [...mentions, ...dedupeRelatives(relatives)] };
}

/**
 * Whether the clauses between a statement and a later one only go on describing what it told ("Last Friday I went to a
 * council meeting. It was inspiring and emotional. It made me…"): each starts with "it", so a consequence's "it" is
 * still that event.
 */
function describesSame(readings: readonly ClauseReading[], from: number, to: number): boolean {
  for (let between = from + 1; between < to; between++) {
    if (readings[between]?.tokens[0]?.lower !== "it") return false;
  }
  return true;
}

/** "It made me…", "It reminded me…" (CONSEQUENCE_VERBS): a clause whose "it" is what the clause before it told. */
const CONSEQUENCE = new RegExp(
  `^It (?:(?:${[...CONSEQUENCE_ADVERBS].join("|")}) )?(?:${[...CONSEQUENCE_VERBS].join("|")})\\b`,
  "u",
);

/**
 * Joins a consequence ("It made him appreciate…", told with the speaker named before) to the statement of the clause
 * whose event its "it" stands for: "John visited a veteran's hospital, and it made him appreciate…".
 */
function goOn(before: ExtractedFact, consequence: string, name: string): void {
  if (!before.text) return;
  before.text = `${before.text.replace(/[.!?]+$/u, "")}, and ${consequence.replace(/^It\b/u, "it")}`;
  before.object = statementObject(before.text, name);
}

/** A statement's object: its sentence without the speaker's name in front and without its full stop. */
function statementObject(text: string, name: string): string {
  // (a sentence opens on the name capitalised: "eve" is "Eve is vegetarian.")
  return text.toLowerCase().startsWith(`${name.toLowerCase()} `)
    ? text.slice(name.length + 1, -1)
    : text.slice(0, -1);
}

/** How many content words a statement must tell beyond its clause's structured facts to stay beside them. */
const MIN_WORDS_BEYOND = 2;

/**
 * Whether a statement says little beyond the structured facts of its clause ("I live in Lisbon" and lives_in): fewer
 * than two content words more ("My daughter Emma just started kindergarten" tells "started kindergarten" beyond the
 * daughter's name, and stays).
 */
function coveredBy(statement: ExtractedFact, structured: ExtractedFact[], names: string[]): boolean {
  if (structured.length === 0) return false;
  const said = structured.map((f) => `${f.predicate.replaceAll("_", " ")} ${f.object}`).join(" ");
  return contentTermCount(statement.text ?? "", [...names, ...said.split(/\s+/u)]) < MIN_WORDS_BEYOND;
}

function dedupeRelatives(relatives: ExtractedMention[]): ExtractedMention[] {
  return [...new Map(relatives.map((r) => [r.relation, r])).values()];
}
