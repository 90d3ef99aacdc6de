/**
 * A speaker's clause as a fact about them: split into clauses, openers and vocatives stripped, negated and
 * hypothetical clauses refused, the subject put back where casual speech drops it, and first and second person
 * turned into third ("I'm learning the piano" → "Caroline is learning the piano"; "my kids" → "Melanie's kids", and
 * "her" after the name is given once), with the verb agreeing. Just under 1,000 lines: the steps share the token
 * helpers and are read in order, so they stay in one file.
 */
import { appositionKind, typeOfName } from "./english-mentions.js";
import { hasIngForm, joinTokens, type Token } from "./english-parse.js";
import {
  ANAPHORS,
  CASUAL_VERBS,
  CLAUSE_BREAKS,
  CLAUSE_COORDINATORS,
  CLAUSE_GERUNDS,
  CLAUSE_SUBJECTS,
  COLLECTIVE,
  COMPLEMENT_HEADS,
  CONDITIONAL,
  CONTINUATION,
  CONVERSATION_WORDS,
  FEMALE_RELATIVES,
  FILLERS,
  FIRST_PERSON,
  FIRST_PERSON_PLURAL,
  FRAMING_PHRASES,
  FUTURE,
  FUTURE_AUXILIARIES,
  GERUND_OPENERS,
  HABIT_ADVERBS,
  HEDGE_ADJECTIVES,
  HEDGES,
  HYPOTHETICAL,
  INFORMAL_WORDS,
  INTENT_VERBS,
  LEAVE_TAKING,
  LIKING_VERBS,
  MALE_RELATIVES,
  NEGATION,
  OBJECT_PRONOUNS,
  OBLIGATION,
  OPENERS,
  OPENING_PHRASES,
  PAST_AS_BASE,
  PAST_FORMS,
  PAST_MARKERS,
  PERFECT_AUXILIARIES,
  PERSON_STATES,
  PET_WORDS,
  type PersonRole,
  PLURAL_AGREEMENT,
  POINTING,
  PRESENTATIVES,
  type PronounSet,
  QUESTION_WORDS,
  RECURRING_DAYS,
  SAME_IN_PAST,
  SECOND_PERSON,
  SHOWING_OPENERS,
  SHOWN_PRONOUNS,
  SINGULAR_AGREEMENT,
  STATE_COMPLEMENTS,
  SUBJECT_AGAIN_AFTER,
  SUBJECT_PRONOUNS,
  SUBJECTLESS_OPENERS,
  SUBORDINATORS,
  THANKING,
  THIRD_PERSON_VERBS,
  TRAILING_ASIDES,
  thirdPersonSingular,
  UNRESOLVED_PRONOUNS,
  VAGUE_SUBJECTS,
  WHETHER_VERBS,
  WISH_VERBS,
} from "./english-rules.js";
import { isGroupRelation, RELATIVE_SYNONYMS, RELATIVE_WORDS } from "./predicates.js";

/** Someone a clause speaks of in the first or second person. */
export interface Person {
  name: string;
  pronouns: PronounSet;
}

export interface Perspective {
  speaker: Person;
  /** Whom the speaker addresses; clauses about "you" are left out when unknown. */
  addressee: Person | null;
  /** Whether the turn speaks of family (then "we" is the speaker and their family). */
  family: boolean;
}

const VERBAL = new Set(["VERB", "AUX"]);
/** "so much", "so many": the intensifier is part of the quantity. */
const QUANTITIES = new Set(["much", "many", "far", "long", "little", "few"]);

function token(text: string, space = " ", pos = "X"): Token {
  return { text, lower: text.toLowerCase(), pos, lemma: text.toLowerCase(), space, known: true };
}

export function isVerbal(t: Token | undefined): boolean {
  return t !== undefined && VERBAL.has(t.pos);
}

/**
 * A verb, or a verb in "-s" the tagger read as a plural noun after a subject ("my brother lives in Rome": "lives"
 * NOUN): a new clause's verb after "and".
 */
function isClauseVerb(t: Token | undefined): boolean {
  return isVerbal(t) || (t !== undefined && t.pos === "NOUN" && THIRD_PERSON_VERBS.has(t.lower));
}

/**
 * Where the words to the sentence's end are names alone ("Ethan, Sophie and Leo."): for each index, whether the
 * words from it on are names, commas and "and" with a name among them (read once from the end: a sentence of colons
 * asks it at every one).
 */
function namesToEnd(sentence: readonly Token[]): boolean[] {
  const only = new Array<boolean>(sentence.length + 1).fill(false);
  let names = true;
  let named = false;
  for (let i = sentence.length - 1; i >= 0; i--) {
    const t = sentence[i] as Token;
    // (an age after a name is part of the list: "Owen, 8, and Lily, 5")
    names &&=
      t.pos === "PROPN" || t.pos === "NUM" || t.text === "," || t.lower === "and" || /^[.!]+$/u.test(t.text);
    named ||= t.pos === "PROPN";
    only[i] = names && named;
  }
  return only;
}

/**
 * Whether a name (one or two capitalised words) at `i` is followed by its verb: a clause of its own, unless a name
 * before "and" makes the two one subject of a verb that is not singular ("Tom and Mary were crazy", "the friendship
 * Tom and Mary have"; "…at Google and Tom works at Meta" is two).
 */
function namedSubjectVerb(sentence: readonly Token[], i: number): boolean {
  const name = (t: Token | undefined) => t?.pos === "PROPN" && isCapitalisedWord(t);
  if (!name(sentence[i])) return false;
  const verb = name(sentence[i + 1]) ? sentence[i + 2] : sentence[i + 1];
  if (!isClauseVerb(verb)) return false;
  return !name(sentence[i - 2]) || SINGULAR_VERB.test(verb?.lower ?? "");
}

/** A verb of one subject: "is", "was", "has", "works". */
const SINGULAR_VERB = /^(?:is|was|has|does|'s|’s|[a-z]+[^s\W]s)$/u;

/** A word that starts with a capital and is not "I". */
function isCapitalisedWord(t: Token | undefined): boolean {
  return t !== undefined && t.lower !== "i" && /^\p{Lu}/u.test(t.text);
}

/** Whether a question starts at `i`: an auxiliary before its subject ("have you…", "do you?") or a question word. */
function startsQuestion(sentence: readonly Token[], i: number): boolean {
  const first = sentence[i];
  const second = sentence[i + 1];
  if (!first) return false;
  if (QUESTION_WORDS.has(first.lower)) return true;
  return first.pos === "AUX" && (second?.pos === "PRON" || second?.pos === "PROPN");
}

/** A clause splits off at ";", a dash or a colon, and at "and"/"but"/"so" or a comma followed by a subject and its verb. */
export function clausesOf(sentence: readonly Token[]): Token[][] {
  const clauses: Token[][] = [];
  let current: Token[] = [];
  const asks = sentence.findLast((t) => t.pos === "PUNCT")?.text.includes("?") === true;
  const listsNames = sentence.some((t) => t.text === ":") ? namesToEnd(sentence) : [];
  for (let i = 0; i < sentence.length; i++) {
    const t = sentence[i] as Token;
    const next = sentence[i + 1];
    // a dash between words ("self-care") joins them; one set apart by spaces breaks the clause
    const dash = /^[-–—]+$/u.test(t.text);
    // a colon between two capitalised words is inside a title ("Counter-Strike: Global Offensive")
    const title = t.text === ":" && isCapitalisedWord(sentence[i - 1]) && isCapitalisedWord(next);
    // "we have three kids: Ethan, Sophie and Leo": a colon before names alone lists what the clause named
    const listed = t.text === ":" && listsNames[i + 1] === true;
    if (
      t.pos === "PUNCT" &&
      CLAUSE_BREAKS.has(t.text) &&
      !title &&
      !listed &&
      (!dash || t.space !== "" || next?.space !== "")
    ) {
      if (current.length > 0) clauses.push(current);
      current = [];
      continue;
    }
    // a subordinate clause ("since we last chatted, …", "when I look after myself, …") stays with its main clause
    const subordinate = SUBORDINATORS.has(current[0]?.lower ?? "") && t.text === ",";
    // "I went to Paris, have you been to Rome?", "I love hiking, what about you?": the question after the comma
    // asks only itself
    if (!subordinate && asks && t.text === "," && current.length > 0 && startsQuestion(sentence, i + 1)) {
      clauses.push(current);
      current = [];
      continue;
    }
    // "Anthony and I went…": "and" joins the subject's names until the clause has a verb
    // (the clause so far is scanned for a verb last: at every word it would make a long clause's reading quadratic)
    const startsClause =
      !subordinate &&
      (CLAUSE_COORDINATORS.has(t.lower) || t.text === ",") &&
      next !== undefined &&
      ((CLAUSE_SUBJECTS.has(next.lower) &&
        (isClauseVerb(sentence[i + 2]) || isClauseVerb(sentence[i + 3]))) ||
        // "I have a sister, her name is Maria" (whose name, when the clause had someone: "I met a guy, his name…" is
        // one statement)
        (next.lower in POSSESSIVE_OF &&
          sentence[i + 2]?.lower === "name" &&
          isClauseVerb(sentence[i + 3]) &&
          relativeHad(current) !== null) ||
        // "…and Noah is 4", "…and Mary Ann works at Meta": a name and its verb after "and"
        (t.lower === "and" && namedSubjectVerb(sentence, i + 1))) &&
      (t.text === "," || current.some((c) => isClauseVerb(c)));
    if (startsClause && t.text === "," && awaitsComplement(current)) {
      current.push(t);
      continue;
    }
    if (startsClause && current.length > 0) {
      // "…, and my teammates and I were thrilled": the subject "my teammates and I" goes with its verb
      const subject = t.lower === "and" ? coordinatedSubjectStart(current) : -1;
      if (subject > 0) {
        let end = subject;
        while (
          end > 0 &&
          (current[end - 1]?.text === "," || CLAUSE_COORDINATORS.has(current[end - 1]?.lower ?? ""))
        )
          end--;
        if (end > 0) clauses.push(current.slice(0, end));
        current = current.slice(subject);
      } else {
        clauses.push(current);
        current = [];
      }
      if (t.text === ",") continue;
    }
    current.push(t);
  }
  if (current.length > 0) clauses.push(current);
  return clauses;
}

/** A clause whose last verb-like head takes what follows the comma as its object: "I'm sure with my hard work, …". */
function awaitsComplement(current: readonly Token[]): boolean {
  const head = current.findLastIndex((t) => COMPLEMENT_HEADS.has(t.lower));
  return (
    head > 0 &&
    current.slice(0, head).some((t) => FIRST_PERSON[t.lower] === "subject") &&
    !current.slice(head + 1).some(isVerbal)
  );
}

/**
 * Where a subject "my/our …" that "and I" goes on ends the clause before it: "The atmosphere was electric, and my
 * teammates" → 6 ("my"), or a "me" / "I" that "and my …" goes on ("…, and me and my team had…"); -1 when the words
 * before "and" are no such subject after a break.
 */
function coordinatedSubjectStart(current: readonly Token[]): number {
  // "…, and me and my team had a blast": the subject starts at "me"
  const last = current.length - 1;
  const speakerWord = current[last]?.lower;
  if ((speakerWord === "me" || speakerWord === "i") && last > 0) {
    const before = current[last - 1] as Token;
    if (before.text === "," || CLAUSE_COORDINATORS.has(before.lower)) return last;
  }
  const at = current.findLastIndex((t) => t.lower === "my" || t.lower === "our");
  if (at <= 0 || current.length - at > 4) return -1;
  if (current.slice(at + 1).some((t) => isVerbal(t) || t.pos === "PUNCT")) return -1;
  const before = current[at - 1] as Token;
  return before.text === "," || CLAUSE_COORDINATORS.has(before.lower) ? at : -1;
}

/**
 * Clauses that point back with a pronoun ("I'm doing kickboxing and it's giving me energy") stay with the clause they
 * point into, so each fact stands on its own; a pronoun subject the clause before can resolve ("Clay is incredible,
 * it brings me joy"; "they" after relatives had) leaves the clause apart, for resolveAnaphor and resolvePerson.
 */
/** Where a clause's own words begin, after the "and", "but" or comma that joined it (-1 when none do). */
export function clauseStart(clause: readonly Token[]): number {
  return clause.findIndex((t) => !CLAUSE_COORDINATORS.has(t.lower) && t.pos !== "PUNCT");
}

export function joinBackReferences(clauses: readonly Token[][]): Token[][] {
  const joined: Token[][] = [];
  for (const clause of clauses) {
    const previous = joined[joined.length - 1];
    const start = clauseStart(clause);
    const resolvable =
      previous !== undefined &&
      !clause.slice(start + 1).some(refersBack) &&
      ((ANAPHORS.has(clause[start]?.lower ?? "") && nounSubjectOf(previous) !== null) ||
        // "I have twin boys, Leo and Theo, they're 3", "we have a dog, his name is Rocky": whom was had (resolvePerson)
        standsForHad(clause.slice(start), previous));
    if (previous && !resolvable && clause.some(refersBack)) {
      const glue = CLAUSE_COORDINATORS.has(clause[0]?.lower ?? "") ? [] : [token(",", "", "PUNCT")];
      previous.push(...glue, ...clause);
    } else joined.push([...clause]);
  }
  return joined;
}

/** Whether a clause opens on a pronoun, or a possessive and "name", of the relative or pet the clause before had. */
function standsForHad(clause: readonly Token[], previous: readonly Token[]): boolean {
  const first = clause[0]?.lower ?? "";
  const pronoun = clause[1]?.lower === "name" ? POSSESSIVE_OF[first] : first;
  if (pronoun === undefined || (!isVerbal(clause[1]) && clause[1]?.lower !== "name")) return false;
  const had = relativeHad(previous);
  return had !== null && stands(had, pronoun);
}

function refersBack(t: Token): boolean {
  return t.pos === "PRON" && UNRESOLVED_PRONOUNS.has(t.lower);
}

/** A dash written with no space before it joins two words ("self-care", "Dairy-free"). */
function joinsWords(t: Token): boolean {
  return /^[-–]$/u.test(t.text) && t.space === "";
}

/** Whether a token is a name (a proper noun, or one of the turn's names), capitalised. */
function isName(t: Token | undefined, names: readonly string[]): boolean {
  return t !== undefined && (t.pos === "PROPN" || names.includes(t.lower)) && /^\p{Lu}/u.test(t.text);
}

/** The length of the opening phrase (OPENING_PHRASES) at `start` when a comma follows it, else 0. */
function openingPhraseAt(clause: readonly Token[], start: number): number {
  for (const phrase of OPENING_PHRASES) {
    if (
      phrase.every((word, i) => clause[start + i]?.lower === word) &&
      clause[start + phrase.length]?.text === ","
    )
      return phrase.length;
  }
  // "Speaking of special moments, …": a frame naming what the talk turns to, up to its comma (the whole clause when
  // the comma split it off)
  for (const phrase of FRAMING_PHRASES) {
    if (!phrase.every((word, i) => clause[start + i]?.lower === word)) continue;
    const after = start + phrase.length;
    const comma = clause.findIndex((t, i) => i > after && t.text === ",");
    const end = comma > 0 ? comma : clause.length;
    if (end - after <= 5 && !clause.slice(after, end).some(isVerbal)) return end - start;
  }
  return 0;
}

/** The length of an aside (TRAILING_ASIDES) ending the clause at `end` with its comma ("…, btw"), else 0. */
function trailingAsideAt(clause: readonly Token[], start: number, end: number): number {
  for (const aside of TRAILING_ASIDES) {
    const at = end - aside.length;
    if (
      at - 1 > start &&
      clause[at - 1]?.text === "," &&
      aside.every((word, i) => clause[at + i]?.lower === word)
    )
      return aside.length + 1;
  }
  return 0;
}

function isQuote(t: Token): boolean {
  return t.text === '"' || t.text === "“" || t.text === "”";
}

/** Quotation marks among clause[from…to). */
function quotesIn(clause: readonly Token[], from: number, to: number): number {
  let count = 0;
  for (let i = from; i < to; i++) if (isQuote(clause[i] as Token)) count++;
  return count;
}

/** The clause without leading openers, commas and vocatives, and without a trailing vocative or punctuation. */
export function trimClause(clause: readonly Token[], names: readonly string[]): Token[] {
  let start = 0;
  let end = clause.length;
  for (;;) {
    const t = clause[start];
    if (t === undefined) break;
    const next = clause[start + 1];
    // a quotation mark that opens a title the clause closes stays ("\"Inception\" is…")
    if (isQuote(t) && quotesIn(clause, start + 1, end) % 2 === 1) break;
    if (t.pos === "PUNCT" || t.pos === "INTJ" || OPENERS.has(t.lower)) start++;
    else if (t.lower === "no" && next?.text === ",") start++;
    // a name set apart by punctuation is a vocative ("Mel, …"); one joined by a hyphen is a word ("Dairy-free is…")
    else if (isName(t, names) && (next === undefined || (next.pos === "PUNCT" && !joinsWords(next)))) start++;
    else {
      const phrase = openingPhraseAt(clause, start);
      if (phrase === 0) break;
      start += phrase;
    }
  }
  for (;;) {
    const t = clause[end - 1];
    if (end <= start || t === undefined) break;
    // …and one that closes a title the clause opened (…called "Inception")
    if (isQuote(t) && quotesIn(clause, start, end - 1) % 2 === 1) break;
    // (a symbol the tagger made of a time, "6am.", is words)
    if (t.pos === "PUNCT" || (t.pos === "SYM" && !/[\p{L}\p{N}]/u.test(t.text))) end--;
    // …unless it names what it follows ("I have a son, Max")
    else if (
      isName(t, names) &&
      clause[end - 2]?.text === "," &&
      (names.includes(t.lower) || appositionKind(clause, end - 1) === null)
    )
      end -= 2;
    else {
      const aside = trailingAsideAt(clause, start, end);
      if (aside === 0) break;
      end -= aside;
    }
  }
  return clause.slice(start, end);
}

/**
 * The clause without a phrase that dates it by the conversation ("since we last talked", "since our last chat,"):
 * "since", then at most four words, one of them "we"/"our"/"last", ending on a word of talking.
 */
export function withoutConversationFrame(clause: readonly Token[]): Token[] {
  const start = clause.findIndex((t) => t.lower === "since");
  if (start < 0) return [...clause];
  for (let end = start + 1; end <= Math.min(clause.length - 1, start + 5); end++) {
    if (!CONVERSATION_WORDS.has(clause[end]?.lower ?? "")) continue;
    const between = clause.slice(start + 1, end);
    if (!between.some((t) => ["we", "our", "last"].includes(t.lower))) return [...clause];
    let stop = end + 1;
    if (clause[stop]?.lower === "up" || clause[stop]?.lower === "last") stop++;
    if (clause[stop]?.text === ",") stop++;
    const rest = [...clause.slice(0, start), ...clause.slice(stop)];
    // a comma left before the cut ("I've been busy, since we talked") goes with it
    while (rest[rest.length - 1]?.text === ",") rest.pop();
    return rest.map((t, i) => (i === 0 ? { ...t, space: "" } : t));
  }
  return [...clause];
}

/**
 * The clause without a hedge that opens it: "I think (that) I'm ready…" → "I'm ready…". Only where a clause with a
 * subject and a verb follows ("I believe in community" and "I feel great" keep theirs).
 */
export function withoutHedge(clause: readonly Token[]): Token[] {
  if (clause[0]?.lower !== "i") return [...clause];
  // "I can (only) imagine…": the modal of ability and its adverbs come before the hedge
  let hedge = 1;
  if (clause[1]?.lower === "can") {
    hedge = 2;
    while (clause[hedge]?.pos === "ADV") hedge++;
    if (clause[hedge]?.lemma !== "imagine") return [...clause];
  }
  let at = hedge + 1;
  if (BE.has(clause[hedge]?.lower ?? "") || clause[hedge]?.lower === "am") {
    if (!HEDGE_ADJECTIVES.has(clause[hedge + 1]?.lower ?? "")) return [...clause];
    at = hedge + 2;
  } else if (!HEDGES.has(clause[hedge]?.lemma ?? "")) return [...clause];
  else if (clause[hedge]?.lemma === "feel") {
    if (clause[hedge + 1]?.lower !== "like") return [...clause];
    at = hedge + 2;
  }
  if (clause[at]?.lower === "that" && clause[at]?.pos === "SCONJ") at++;
  const subject = clause[at];
  const verb = clause.slice(at + 1, at + 4).findIndex((t) => isVerbal(t));
  if (!subject || !["PRON", "PROPN", "NOUN", "DET"].includes(subject.pos) || verb < 0) return [...clause];
  if (
    clause.slice(at + 1, at + 1 + verb).some((t) => !["NOUN", "PROPN", "ADJ", "DET", "ADV"].includes(t.pos))
  )
    return [...clause];
  return clause.slice(at).map((t, i) => (i === 0 ? { ...t, space: "" } : t));
}

/**
 * Whether the word at `i` makes the whole sentence conditional: "if" or "unless" as a condition ("If I win, I'll…",
 * "I'll come if that's fine"); not "whether", not "if" as "whether" after a verb of knowing or asking ("…, so who
 * knows if I'll ever…", "I asked them if…"), not "even if", which concedes ("important - even if it's not easy").
 */
function conditionsSentence(sentence: readonly Token[], i: number): boolean {
  const word = sentence[i]?.lower ?? "";
  if (!CONDITIONAL.has(word)) return false;
  const before = sentence[i - 1];
  if (word === "if" && before?.lower === "even") return false;
  // the verb just before it, or before its object ("asked them if", "let me know if" is a request, read elsewhere)
  const verb = before?.pos === "PRON" ? sentence[i - 2] : before;
  return !(word === "if" && verb !== undefined && WHETHER_VERBS.has(verb.lemma));
}

/** Whether a sentence is conditional, read once per sentence (its clauses ask in turn: a long one has many). */
const conditionalSentences = new WeakMap<readonly Token[], boolean>();
const questionEnds = new WeakMap<readonly Token[], Map<Token, boolean>>();

/**
 * For each token of a sentence, whether only punctuation, names or interjections follow it ("…, Mel?", "…, huh?"):
 * a clause ending there ends the sentence's question. Read once a sentence, from its end.
 */
function endsQuestion(sentence: readonly Token[]): Map<Token, boolean> {
  let ends = questionEnds.get(sentence);
  if (ends === undefined) {
    ends = new Map();
    let only = true;
    for (let i = sentence.length - 1; i >= 0; i--) {
      const t = sentence[i] as Token;
      // the last occurrence of a token decides, as a search from the end would
      if (!ends.has(t)) ends.set(t, only);
      only &&= ["PUNCT", "PROPN", "INTJ"].includes(t.pos);
    }
    questionEnds.set(sentence, ends);
  }
  return ends;
}

const lastPunctuations = new WeakMap<readonly Token[], Token | null>();

/** A sentence's last punctuation, read once a sentence (each of its clauses asks; one with none would be read whole). */
function lastPunctuation(sentence: readonly Token[]): Token | null {
  let found = lastPunctuations.get(sentence);
  if (found === undefined) {
    found = sentence.findLast((t) => t.pos === "PUNCT") ?? null;
    lastPunctuations.set(sentence, found);
  }
  return found;
}

function isConditional(sentence: readonly Token[]): boolean {
  let conditional = conditionalSentences.get(sentence);
  if (conditional === undefined) {
    conditional = sentence.some((_, i) => conditionsSentence(sentence, i));
    conditionalSentences.set(sentence, conditional);
  }
  return conditional;
}

/** Words that open what someone asks the speaker ("asked me if…", "asked me about…"). */
const ASKED_OPENERS = new Set([
  "if",
  "whether",
  "what",
  "where",
  "when",
  "why",
  "how",
  "who",
  "which",
  "about",
]);

/**
 * Whether the clause reports what someone else asked the speaker or told them of others ("Tom asked me if I was
 * tired", "He told me his father had died"): what it says is theirs, not a fact of the speaker (as 他问我… in
 * Chinese). Not what they asked the speaker to do ("My mom asked me to help her move"), nor what they told the speaker
 * of the speaker ("My mom told me I should rest").
 */
function spokenToSpeaker(clause: readonly Token[]): boolean {
  const verb = clause.findIndex((t) => isVerbal(t));
  if (verb <= 0 || verb > 4 || clause[verb + 1]?.lower !== "me") return false;
  if (clause.slice(0, verb).some((t) => FIRST_PERSON[t.lower] === "subject" || t.lower === "we"))
    return false;
  const lemma = clause[verb]?.lemma;
  let next = verb + 2;
  if (lemma === "ask") return ASKED_OPENERS.has(clause[next]?.lower ?? "");
  if (lemma !== "tell") return false;
  if (clause[next]?.lower === "that") next++;
  const said = clause[next]?.lower ?? "";
  return said !== "" && said !== "to" && FIRST_PERSON[said] !== "subject" && said !== "we";
}

/** Words a tag question ends on after a comma: "…, right?", "…, correct?". */
const TAG_WORDS: ReadonlySet<string> = new Set(["right", "correct", "true", "yeah", "yes", "no"]);

/** Whether a sentence ends on a tag question: ", right?", ", do I?", ", don't I?", ", isn't it?". */
function endsOnTag(sentence: readonly Token[]): boolean {
  const words = sentence.filter((t) => t.pos !== "PUNCT" || t.text === ",");
  const last = words.length - 1;
  const word = (i: number) => words[i]?.lower ?? "";
  if (TAG_WORDS.has(word(last)) && word(last - 1) === ",") return true;
  // an auxiliary, "n't" perhaps, and a pronoun right after a comma
  const pronoun = words[last]?.pos === "PRON";
  const not = word(last - 1) === "n't" || word(last - 1) === "not";
  const aux = words[last - (not ? 2 : 1)];
  return pronoun && aux?.pos === "AUX" && word(last - (not ? 3 : 2)) === ",";
}

/** Why a clause is not asserted (a question, negated, hypothetical), or null when it is. */
export function notAsserted(clause: readonly Token[], sentence: readonly Token[]): string | null {
  const first = clause[0];
  const second = clause[1];
  if (first && first.pos === "AUX" && second && (second.pos === "PRON" || second.pos === "PROPN"))
    return "question";
  // a question mark asks what its own clause says, not a statement before it ("I finished a vase - want to see it?")
  const end = lastPunctuation(sentence);
  // "I don't like hiking, do I?", "I live in Paris, right?": a tag asks the whole sentence
  if (end?.text.includes("?") && endsOnTag(sentence)) return "question";
  if (end?.text.includes("?")) {
    // the clause ends the sentence when only punctuation, names or interjections ("…, Mel?", "…, huh?") follow it
    const atEnd = endsQuestion(sentence).get(clause[clause.length - 1] as Token) ?? true;
    if (atEnd || QUESTION_WORDS.has(first?.lower ?? "")) return "question";
  }
  if (isConditional(sentence)) return "hypothetical";
  if (spokenToSpeaker(clause)) return "reported";
  // a modal or hedge makes the clause hypothetical by its first verb ("I might go", "maybe I'll"), not in a clause
  // further on ("I'm starting a studio 'cause it'd be great to share")
  const head = clause.findIndex((t) => isVerbal(t));
  for (const [i, t] of clause.entries()) {
    if (i > head + 2 && head >= 0) break;
    if (HYPOTHETICAL.has(t.lower)) {
      // "I'd love to…" asserts a wish; "I would go…" does not
      const next = clause[i + 1];
      const wish = (t.lower === "would" || t.lower === "'d") && next && WISH_VERBS.has(next.lemma);
      if (!wish) return "hypothetical";
    }
    if (t.lower === "may" && t.pos === "AUX") return "hypothetical";
  }
  const promised = obligationOrPromise(clause);
  if (promised) return promised;
  if (thanks(clause)) return "thanks";
  if (likesWhatIsShown(clause)) return "reaction";
  // negation counts by the first verb ("I don't", "I'm not", "I never went"), not further on ("…, not just a hobby")
  const verb = clause.findIndex((t) => isVerbal(t));
  if (verb >= 0) {
    for (let i = Math.max(0, verb - 1); i < Math.min(clause.length, verb + 3); i++) {
      const t = clause[i] as Token;
      if (NEGATION.has(t.lower) || NEGATION.has(t.lemma)) return "negated";
    }
  }
  return null;
}

/**
 * The time a clause's first verb puts a date of it in, for a date whose year or week the parser picked (inTense):
 * "past" ("I went", "we adopted", "I've been", "I was"); "future" ("I'll go", "I'm going to", "I have to", "I need
 * to", a progressive, a present "be" or "have", which with a date tell a plan: "I'm taking an exam in January", "the
 * party is on Saturday", "I have a meeting on Monday");
 * "habit" (another verb in the present, "used to", an adverb of frequency: "I go to church on Sunday" names no
 * day); null where the form says neither ("put", "read").
 */
export function clauseTense(clause: readonly Token[]): "past" | "future" | "habit" | null {
  if (clause.some((t) => HABIT_ADVERBS.has(t.lower))) return "habit";
  const head = clause.findIndex((t) => isVerbal(t));
  const verb = clause[head];
  if (!verb) return null;
  const next = clause[head + 1];
  if (FUTURE_AUXILIARIES.has(verb.lower)) return "future";
  if (verb.lemma === "use" && next?.lower === "to") return "habit";
  if (isPast(verb)) return "past";
  // "my birthday is on March 3rd": a day each year; "the party is on Saturday": a plan
  if (verb.lemma === "be") return clause.some((t) => RECURRING_DAYS.has(t.lemma)) ? "habit" : "future";
  // "I've been", "she has visited": a participle after have; "I have a meeting on Monday", "I have to": a plan
  if (PERFECT_AUXILIARIES.has(verb.lower))
    return next && isVerbal(next) && next.lower !== next.lemma && !hasIngForm(next) ? "past" : "future";
  if (verb.pos !== "VERB" || hasIngForm(verb)) return null;
  // "I need to register by Monday", "we plan to go in May": what is to be done is ahead
  if (
    next?.lower === "to" &&
    INTENT_VERBS.has(verb.lemma) &&
    (verb.lower === verb.lemma || verb.lower.endsWith("s"))
  )
    return "future";
  // "go", "works" (the past forms were read above): a habit
  return SAME_IN_PAST.has(verb.lower) ? null : "habit";
}

/**
 * A promise ("I'll do my best") or an obligation ("I have to go"), as the clause's own first verb says, not one
 * further on; null for neither.
 */
export function obligationOrPromise(clause: readonly Token[]): "future" | "obligation" | null {
  // ("gotta" is tagged a noun)
  const head = clause.findIndex((t) => isVerbal(t) || t.lower === "gotta");
  const headWord = clause[head]?.lower ?? "";
  if (FUTURE.has(headWord)) return "future";
  if (resolvesToCarryOn(clause, head)) return "future";
  if (!OBLIGATION.has(headWord) || (clause[head + 1]?.lower !== "to" && headWord !== "gotta")) return null;
  // "I got to feed a horse", "we got to see some epic spots": a chance had, told as it happened, unless it is leave
  // taken ("I got to go"); "I've got to…" is owed
  const had = ["have", "has", "'ve", "’ve", "'s", "’s"].includes(clause[head - 1]?.lower ?? "");
  if (headWord === "got" && !had && !LEAVE_TAKING.has(clause[head + 2]?.lemma ?? "")) return null;
  return "obligation";
}

/** "I'm gonna keep chasing my dreams", "I'm going to continue working hard": be going to, then a verb of going on. */
function resolvesToCarryOn(clause: readonly Token[], head: number): boolean {
  if (head < 0 || clause[head]?.lemma !== "be") return false;
  let at = head + 1;
  if (clause[at]?.lower === "going" && clause[at + 1]?.lower === "to") at += 2;
  else if (clause[at]?.lower === "gonna") at += 1;
  else return false;
  return CONTINUATION.has(clause[at]?.lemma ?? "");
}

/**
 * "I love that first movie", "I love the way the frosting turned out": a liking whose object is only pointed at reacts
 * to what is in view (LIKING_VERBS, POINTING in the rule table).
 */
export function likesWhatIsShown(clause: readonly Token[]): boolean {
  const head = clause.findIndex((t) => isVerbal(t));
  if (head < 1 || clause[0]?.lower !== "i" || !LIKING_VERBS.has(clause[head]?.lemma ?? "")) return false;
  if (clause.slice(1, head).some((t) => t.pos !== "ADV")) return false;
  let at = head + 1;
  while (clause[at]?.pos === "ADV" && !POINTING.has(clause[at]?.lower ?? "")) at++;
  const object = clause[at];
  if (!object) return false;
  return POINTING.has(object.lower) || (object.lower === "the" && clause[at + 1]?.lower === "way");
}

/** "I'm so grateful for…", "I feel thankful…": the speaker thanks; the clause's first verb is "be" or "feel". */
function thanks(clause: readonly Token[]): boolean {
  const head = clause.findIndex((t) => isVerbal(t));
  const verb = clause[head];
  if (!verb || (verb.lemma !== "be" && verb.lemma !== "feel")) return false;
  let at = head + 1;
  while (clause[at]?.pos === "ADV") at++;
  return THANKING.has(clause[at]?.lower ?? "");
}

/**
 * "Here's a pic I took during my workout" → "I shared a pic I took during my workout": what a speaker shows of their
 * own (a word of theirs follows the opener, SHOWING_OPENERS) is something they shared; null for any other clause
 * ("Here's the thing", "Here you go" show nothing of the speaker's).
 */
export function sharedBySpeaker(clause: readonly Token[]): Token[] | null {
  const opener = SHOWING_OPENERS.find((words) => words.every((w, i) => clause[i]?.lower === w));
  if (!opener) return null;
  const rest = clause.slice(opener.length);
  if (rest.length < 2 || !rest.some((t) => t.lower in FIRST_PERSON)) return null;
  // "Here you go", "Here it is", "Here we are" show nothing of the speaker's; "Here's my painting" does
  const head = rest[0];
  if (isVerbal(head) || (head?.pos === "PRON" && !SHOWN_PRONOUNS.has(head.lower))) return null;
  return [
    token("I", "", "PRON"),
    { ...token("shared", " ", "VERB"), lemma: "share" },
    // "a photo of me" is of the one who shares it: "shared a photo of himself"
    ...rest.map((t, i) => {
      const shown = i === 0 ? { ...t, space: " " } : t;
      return t.lower === "me" && rest[i - 1]?.lower === "of"
        ? { ...shown, text: "myself", lower: "myself", lemma: "myself" }
        : shown;
    }),
  ];
}

/** Put back a subject casual speech leaves out: "Gonna continue…", "Researching agencies…", "Went hiking…". */
export function restoreSubject(clause: readonly Token[]): Token[] {
  const first = clause[0];
  if (!first) return [...clause];
  // "Glad my journey is inspiring others", "So glad I can be part of this": a state only a person is in, said of the
  // speaker with a word of theirs after it, leaves out "I am" ("Glad you like it" says nothing of them)
  // ("Happy birthday to my mom" is not a state: what follows the state is "to", "that", a preposition, or a clause)
  let stateAt = 0;
  while (clause[stateAt]?.pos === "ADV") stateAt++;
  const after = clause[stateAt + 1];
  if (
    PERSON_STATES.has(clause[stateAt]?.lower ?? "") &&
    !isVerbal(clause[stateAt]) &&
    after !== undefined &&
    (STATE_COMPLEMENTS.has(after.lower) ||
      (["PRON", "DET", "PROPN"].includes(after.pos) && clause.slice(stateAt + 2).some(isVerbal))) &&
    clause.slice(stateAt + 1).some((t) => t.lower in FIRST_PERSON)
  ) {
    return [
      token("I", "", "PRON"),
      { ...token("am", " ", "AUX"), lemma: "be" },
      ...clause.map((t, i) => (i === 0 ? { ...t, text: t.lower, space: " " } : t)),
    ];
  }
  // an adverb may come before the opener: "Always been interested in…" → "I have always been interested in…"
  const openerAt = first.pos === "ADV" && SUBJECTLESS_OPENERS[clause[1]?.lower ?? ""] ? 1 : 0;
  const openerWord = clause[openerAt] as Token;
  const opener = SUBJECTLESS_OPENERS[openerWord.lower];
  // "Been busy…" leaves out "I have"; "Been a few days since…" leaves out "it has"
  if (
    opener &&
    (openerWord.lower !== "been" || ["ADJ", "VERB", "ADV"].includes(clause[openerAt + 1]?.pos ?? "")) &&
    !leavesOutIt(clause, openerAt)
  ) {
    const [, verb, ...rest] = opener.split(" ");
    const adverbs = clause.slice(0, openerAt).map((t) => ({ ...t, text: t.lower, space: " " }));
    const verbToken = token(verb ?? "", " ", verb === "want" ? "VERB" : "AUX");
    // "I have always been…", "I am definitely going to…", but "I just have to…", "I really want to…"
    const words = [
      token("I", "", "PRON"),
      ...(rest[0] === "to" ? [...adverbs, verbToken] : [verbToken, ...adverbs]),
      ...rest.map((w) => token(w, " ", "PART")),
    ];
    return [...words, ...clause.slice(openerAt + 1).map((t, i) => (i === 0 ? { ...t, space: " " } : t))];
  }
  // "Was super nervous when…": a state only a person is in leaves out "I" ("Was so fun" leaves out "it")
  if (first.lower === "was" || first.lower === "were") {
    if (personStateAt(clause, 1))
      return [
        token("I", "", "PRON"),
        { ...first, text: "was", lower: "was", space: " " },
        ...clause.slice(1).map((t, i) => (i === 0 ? { ...t, space: " " } : t)),
      ];
  }
  // an adverb may come first: "Really made me think…", "Just finished my first painting"
  const at = first.pos === "ADV" && clause[1]?.pos === "VERB" ? 1 : 0;
  const verb = clause[at] as Token;
  // "When motivating others, it's important to…": a subordinate phrase, not a clause that left out its subject
  if (verb.pos !== "VERB" || (at === 1 && GERUND_OPENERS.has(first.lower))) return [...clause];
  const lower = verb.lower;
  const gerund = lower.endsWith("ing") && lower !== verb.lemma;
  // a verb the tagger's lexicon lacks keeps its form as its lemma: "-ed" still tells its past ("Just skyped with…";
  // not "need", "succeed")
  const unknownPast = lower === verb.lemma && lower.length > 4 && /[^e]ed$/.test(lower);
  const past = !gerund && (lower !== verb.lemma || unknownPast) && !lower.endsWith("s");
  if (!gerund && !past) return [...clause];
  const rest = clause.slice(at + 1);
  // "Taking care of ourselves is vital": a gerund with a finite verb after it is the subject, not a dropped "I am"
  if (gerund && !CLAUSE_GERUNDS.has(lower) && gerundSubjectVerbIn(rest)) return [...clause];
  // "Made me think…", "Gave me a sense of peace": the speaker is the object, so what was left out is not "I"
  // ("Made a tattoo to remind myself" is: its object comes first)
  if (past && (rest[0]?.lower === "me" || rest[0]?.lower === "myself")) return [...clause];
  const words = gerund ? [token("I", "", "PRON"), token("am", " ", "AUX")] : [token("I", "", "PRON")];
  return [
    ...words,
    ...clause.slice(0, at).map((t) => ({ ...t, text: t.lower, space: " " })),
    // its lemma without the ending, so that agreeing with the subject does not take it for a base form
    { ...verb, text: lower, space: " ", lemma: unknownPast ? lower.slice(0, -2) : verb.lemma },
    ...rest,
  ];
}

/**
 * Whether the words after an opening gerund hold a finite verb the gerund is the subject of ("Trying new things takes
 * guts", "Giving people a place to dance is important", "Thinking about it pumps me up", where the tagger reads
 * "pumps" as a noun). An infinitive's own verbs are not ("Trying to get it fixed", "to raise awareness and start
 * conversations"), and neither is a verb after "but", "though" or a comma with a subject pronoun of its own: "Trying
 * to get it fixed but it's tough" leaves out "I am".
 */
function gerundSubjectVerbIn(rest: readonly Token[]): boolean {
  let infinitive = false;
  for (let i = 0; i < rest.length; i++) {
    const t = rest[i] as Token;
    if (SUBJECT_AGAIN_AFTER.has(t.lower)) {
      if (SUBJECT_PRONOUNS.has(rest[i + 1]?.lower ?? "") && isVerbal(rest[i + 2])) return false;
      infinitive = false;
      continue;
    }
    if (t.lower === "to" && isVerbal(rest[i + 1])) {
      infinitive = true;
      i++;
      continue;
    }
    // a form of "be", a modal or a verb in "-s" is finite even after an infinitive ("…to play this is awesome");
    // other verbs there are the infinitive's ("to get it fixed", "to raise awareness and start…")
    const thirdPerson = t.pos === "VERB" && t.lower.endsWith("s") && t.lower !== t.lemma;
    if (t.pos === "AUX" || thirdPerson) return true;
    if (!infinitive && t.pos === "VERB" && !hasIngForm(t)) return true;
    // a third-person verb the tagger took for a plural noun, before its object: "…pumps me up"
    if (t.pos === "NOUN" && t.lower.endsWith("s") && OBJECT_PRONOUNS.has(rest[i + 1]?.lower ?? ""))
      return true;
  }
  return false;
}

/** A clause that only presents something ("Here's a pic…", "Look at this") states no fact. */
export function presentsOnly(clause: readonly Token[]): boolean {
  return (
    PRESENTATIVES.has(clause[0]?.lower ?? "") || (clause[0]?.lower === "check" && clause[1]?.lower === "out")
  );
}

/**
 * A clause whose subject is "it", "this" or "that" takes the noun subject of the clause before it ("Pottery is a
 * huge part of my life - it helps me…" → "Pottery helps me…"). Returns the clause unchanged when there is none.
 */
export function resolveAnaphor(clause: readonly Token[], previousSubject: readonly Token[] | null): Token[] {
  const first = clause[0];
  if (!first || !previousSubject || !ANAPHORS.has(first.lower) || !isVerbal(clause[1])) return [...clause];
  const subject = previousSubject.map((t, i) => (i === 0 ? { ...t, space: "" } : t));
  return [...subject, ...clause.slice(1)];
}

/**
 * A relative a clause opens on ("my husband", "my sister Maria"), or names with a name elsewhere ("I live with my
 * roommate Chloe"), or a relative or pet the speaker says they have ("we have a dog named Biscuit"), with the pronoun
 * that stands for them after it ("either" for a word of no sex: roommate, friend).
 */
export interface Relative {
  tokens: Token[];
  /** "pet": he, she or it (only in the sentence that had it); "they": a group, or two names or more. */
  pronoun: "he" | "she" | "either" | "they" | "pet";
  /** Others the clause named ("my wife Giulia and our son Luca"): a pronoun stands for the one it alone fits. */
  also?: Relative[];
}

/** What may stand between a verb of having and the relative or pet had ("two little", "a new", "twin"). */
const HAD_BEFORE = new Set(
  "a an one two three four five another new little baby young twin rescue adopted sweet beautiful".split(" "),
);
/** Verbs a relative or a pet is had by ("I have a daughter", "we just adopted a puppy"). */
const HAVING = new Set(["have", "has", "got", "adopted", "rescued"]);
/** Children had, said as boys or girls: the word a clause about them says ("my kids Leo and Theo are 3"). */
const KIDS_WORD: Readonly<Record<string, string>> = {
  boy: "son",
  girl: "daughter",
  boys: "kids",
  girls: "kids",
};
const PETS = new Set(PET_WORDS.split("|"));

/**
 * The relative or pet a speaker says they have ("I have a daughter", "we have a dog named Biscuit", "I have twin boys,
 * Leo and Theo"), as the words a clause about them opens on ("my daughter", "my dog Biscuit", "my kids Leo and
 * Theo"): a "she's 6", "he's 4", "they're 3" after it is theirs. Null when the clause has none, or pets by two names.
 */
export function relativeHad(clause: readonly Token[]): Relative | null {
  // the speaker has it: "I have…", "we just adopted…", "my girlfriend Emma and I adopted…"
  const speaking = (t: Token | undefined) =>
    FIRST_PERSON[t?.lower ?? ""] === "subject" || FIRST_PERSON_PLURAL[t?.lower ?? ""] === "subject";
  const verb = clause
    .slice(0, 7)
    .findIndex(
      (t, i) =>
        HAVING.has(t.lower) &&
        (speaking(clause[i - 1]) || (clause[i - 1]?.pos === "ADV" && speaking(clause[i - 2]))),
    );
  if (verb < 1) return null;
  let at = verb + 1;
  while (at < verb + 4 && HAD_BEFORE.has(clause[at]?.lower ?? "")) at++;
  const kin = clause[at];
  if (!kin) return null;
  const word = KIDS_WORD[kin.lower] ?? kin.lower;
  const pet = PETS.has(word);
  if (!pet && !(word in RELATIVE_WORDS) && !(word in RELATIVE_SYNONYMS)) return null;
  // its names: "named Biscuit", ", Leo and Theo"
  let next = at + 1;
  if (clause[next]?.text === ",") next++;
  if (clause[next]?.lower === "named" || clause[next]?.lower === "called") next++;
  const names: Token[] = [];
  while (clause[next]?.pos === "PROPN") {
    names.push(clause[next] as Token);
    next++;
    if (clause[next]?.lower === "and" || (clause[next]?.text === "," && clause[next + 1]?.pos === "PROPN")) {
      names.push(clause[next] as Token);
      next++;
    }
  }
  if (names.at(-1)?.pos !== "PROPN") names.pop();
  const many = names.filter((t) => t.pos === "PROPN").length;
  // ("two cats, Miso and Tofu": which "it" is which is not said)
  if (pet && many > 1) return null;
  const my = { ...kin, text: "my", lower: "my", pos: "PRON" };
  const tokens = [my, { ...kin, text: word, lower: word }, ...names];
  if (pet) return { tokens, pronoun: "pet" };
  const group = many > 1 || isGroupRelation(RELATIVE_SYNONYMS[word] ?? word);
  const pronoun = group
    ? "they"
    : MALE_RELATIVES.has(word)
      ? "he"
      : FEMALE_RELATIVES.has(word)
        ? "she"
        : "either";
  return { tokens, pronoun };
}

export function relativeOpening(clause: readonly Token[]): Relative | null {
  let opening: Relative | null = null;
  if (clause[0]?.lower === "my" || clause[0]?.lower === "our") {
    const word = clause[1]?.lower ?? "";
    const pronoun = MALE_RELATIVES.has(word) ? "he" : FEMALE_RELATIVES.has(word) ? "she" : null;
    // "my sister Maria": the name goes with the word
    if (pronoun) opening = { tokens: clause.slice(0, clause[2]?.pos === "PROPN" ? 3 : 2), pronoun };
  }
  // "Tom is a doctor and he lives in Paris": a person the clause opens on by their first name
  const name = clause[0];
  if (!opening && name?.pos === "PROPN" && isVerbal(clause[1])) {
    const { type, firstName, gender } = typeOfName(name.text);
    if (type === "person" && firstName)
      opening = {
        tokens: [name],
        pronoun: gender === "male" ? "he" : gender === "female" ? "she" : "either",
      };
  }
  // "…with my roommate Chloe": the relatives named, whoever the clause opened on ("My sister Maria and my friend
  // Tom came over, he…": Tom)
  const named: Relative[] = opening ? [opening] : [];
  for (let i = 1; i + 2 < clause.length; i++) {
    const word = clause[i + 1]?.lower ?? "";
    const own = clause[i]?.lower === "my" || clause[i]?.lower === "our";
    if (!own || !(word in RELATIVE_WORDS) || clause[i + 2]?.pos !== "PROPN") continue;
    const pronoun = MALE_RELATIVES.has(word) ? "he" : FEMALE_RELATIVES.has(word) ? "she" : "either";
    named.push({ tokens: clause.slice(i, i + 3), pronoun });
  }
  const [first, ...rest] = named;
  return first ? (rest.length > 0 ? { ...first, also: rest } : first) : null;
}

/**
 * "My husband's name is Mark and he works at Microsoft", "My sister lives in Rome. She works at Fiat.": a clause that
 * opens on the pronoun of the relative a clause before it opened on is about them ("my husband works at Microsoft");
 * any other clause as it is ("my sister met Tom and he…" names no relative "he").
 */
export function resolvePerson(clause: Token[], named: Relative | null): Token[] {
  const [first, verb] = clause;
  if (!named || !first || !verb) return clause;
  // of several named, the one the pronoun alone fits ("…my wife Giulia and our son Luca, he's 7": Luca)
  // ("her name is Pixel" names one not named yet: the cat adopted, not "my girlfriend Emma")
  const naming = first.lower in POSSESSIVE_OF && verb.lower === "name";
  const fitting = [named, ...(named.also ?? [])].filter(
    (one) =>
      stands(one, POSSESSIVE_OF[first.lower] ?? first.lower) &&
      !(naming && one.tokens.some((t) => t.pos === "PROPN")),
  );
  if (fitting.length !== 1) return clause;
  const person = fitting[0] as Relative;
  // "his name is Rocky", "her name is Maria": the name of whom was had ("my dog's name is Rocky")
  if (naming) {
    // ("her name's Coco": is)
    const is =
      clause[2] && /^['’]s$/u.test(clause[2].text)
        ? [{ ...clause[2], text: "is", lower: "is", space: " " }]
        : [];
    return [
      ...person.tokens.map((t, i) => (i === 0 ? { ...t, space: first.space } : t)),
      { ...first, text: "'s", lower: "'s", pos: "PART", space: "" },
      verb,
      ...is,
      ...clause.slice(is.length > 0 ? 3 : 2),
    ];
  }
  if (!isVerbal(verb)) return clause;
  const pronoun = first.lower;
  if (!stands(person, pronoun)) return clause;
  // "she's a chef" → "my roommate Chloe is a chef" (after a name "'s" would read as a possessive); "they're 3" → "my
  // kids Leo and Theo are 3"
  const is = /^['’]s$/u.test(verb.text)
    ? { ...verb, text: "is", lower: "is", space: " " }
    : /^['’]re$/u.test(verb.text)
      ? { ...verb, text: "are", lower: "are", space: " " }
      : verb;
  return [
    ...person.tokens.map((t, i) => (i === 0 ? { ...t, space: first.space } : t)),
    is,
    ...clause.slice(2),
  ];
}

/** The subject pronoun a possessive stands for ("his" → he). */
const POSSESSIVE_OF: Readonly<Record<string, string>> = { his: "he", her: "she", its: "it", their: "they" };

/** Whether a subject pronoun may stand for a relative or pet ("either" is he or she; a pet is he, she or it). */
function stands(person: Relative, pronoun: string): boolean {
  if (person.pronoun === "either") return pronoun === "he" || pronoun === "she";
  if (person.pronoun === "pet") return pronoun === "he" || pronoun === "she" || pronoun === "it";
  return pronoun === person.pronoun;
}

/** A clause's subject when it is a short noun phrase (no pronoun): the words before its first verb. */
export function nounSubjectOf(clause: readonly Token[]): Token[] | null {
  const verb = clause.findIndex((t) => isVerbal(t));
  if (verb < 1 || verb > 4) return null;
  const subject = clause.slice(0, verb);
  // possessives may stand in it ("my friends, family and mentors"), other pronouns not
  if (
    subject.some(
      (t) => (t.pos === "PRON" && !POSSESSIVES.has(t.lower)) || (t.pos === "PUNCT" && t.text !== ","),
    )
  )
    return null;
  if (!subject.some((t) => t.pos === "NOUN" || t.pos === "PROPN")) return null;
  return subject;
}

const POSSESSIVES = new Set(["my", "your", "our", "his", "her", "their"]);

/** A verb in the past tense: "went", "held", "had" (not the base form, not a gerund, not "-s"). */
function isPast(t: Token | undefined): boolean {
  return (
    t !== undefined &&
    (t.pos === "VERB" || t.pos === "AUX") &&
    (t.lower === "was" ||
      t.lower === "were" ||
      t.lower === "had" ||
      t.lower === "did" ||
      (t.pos === "VERB" && t.lower !== t.lemma && !hasIngForm(t) && !t.lower.endsWith("s")))
  );
}

/**
 * Whether a clause is something the speaker says of themself: a first-person word ("we" only with family about), no
 * word for the addressee (then it is about them), and a subject that is not a bare "it" or "they".
 */
export function aboutSpeaker(clause: readonly Token[], family: boolean): boolean {
  const first = clause[0];
  if (!first) return false;
  // "It helps me relax", "It's my favorite": the speaker's own experience of what the talk is about
  const experienced =
    DUMMY_SUBJECTS.has(first.lower) && clause.some((t) => t.lower in FIRST_PERSON && t.pos === "PRON");
  if (VAGUE_SUBJECTS.has(first.lower) && !experienced) return false;
  // "Feels like…", "Sounds great": a verb in the third person with its "it" left out
  if (first.pos === "VERB" && first.lower !== first.lemma && first.lower.endsWith("s")) return false;
  // "Tell me a story", "Take care of yourself": an imperative asks; it tells nothing of the speaker
  if (first.pos === "VERB" && first.lower === first.lemma && !hasIngForm(first)) return false;
  if (clause.some((t) => t.lower in SECOND_PERSON && t.pos === "PRON")) return false;
  // "we" with no family about is the speaker's group when it tells what happened ("we held some events") or what the
  // group does ("we have regular meetings"); "we can do it" (a modal) and "we're both…" speak of the speaker and the
  // listener, and are left out
  const group =
    family ||
    (first.lower === "we" &&
      (isPast(clause[1]) ||
        (isVerbal(clause[1]) && !MODALS.has(clause[1]?.lower ?? "") && clause[2]?.lower !== "both")));
  if (first.lower === "we" && !group) return false;
  return clause.some((t) => t.lower in FIRST_PERSON || (group && t.lower in FIRST_PERSON_PLURAL));
}

/** "edu" → "education", keeping a capital. */
function formalWord(t: Token): Token {
  const formal = INFORMAL_WORDS[t.lower];
  if (!formal) return t;
  const text = /^\p{Lu}/u.test(t.text) ? `${formal.charAt(0).toUpperCase()}${formal.slice(1)}` : formal;
  return { ...t, text, lower: formal };
}

/** "We played together", "we're both…", "we all…", "each other": what a group does as one, not each of its members. */
function isCollective(t: Token): boolean {
  return COLLECTIVE.has(t.lower);
}

const MODALS = new Set(["can", "could", "will", "'ll", "should", "would", "must", "might", "may", "shall"]);
const DUMMY_SUBJECTS = new Set(["it", "this"]);

const BE = new Set(["is", "was", "'s", "are", "were", "been", "be"]);

/**
 * A closing comment that only evaluates what was said (", which is pretty exciting", "and it was so powerful") is
 * no part of the fact.
 */
function withoutEvaluativeTail(tokens: Token[]): Token[] {
  for (let i = tokens.length - 2; i > 0; i--) {
    const t = tokens[i] as Token;
    if (t.text !== "," && t.lower !== "and" && !/^[-–—]+$/u.test(t.text)) continue;
    let j = i + 1;
    if (["which", "it", "that", "this"].includes(tokens[j]?.lower ?? "")) j++;
    if (!BE.has(tokens[j]?.lower ?? "")) continue;
    j++;
    while (tokens[j]?.pos === "ADV") j++;
    if (tokens[j]?.pos !== "ADJ") continue;
    j++;
    while (tokens[j]?.pos === "PUNCT") j++;
    if (j >= tokens.length) return tokens.slice(0, i);
  }
  return tokens;
}

type Agreement = "singular" | "plural";

/** What joins a second verb to the first: "and", "or". */
const AND_OR = new Set(["and", "or"]);

/** Verbs whose past is their base that a speaker says of themself in the past far more often than as a habit. */
const SAID_OF_THE_PAST = new Set(["quit"]);

/** A verb in the past tense: a regular "-ed" form of another lemma, or a common irregular past (PAST_FORMS). */
function isPastVerb(t: Token): boolean {
  if (t.pos !== "VERB" && t.pos !== "AUX") return false;
  return PAST_FORMS.has(t.lower) || (t.lower.endsWith("ed") && t.lemma !== t.lower);
}

function agree(t: Token, agreement: Agreement, past = false): Token {
  // "I recently read a book" is a past "read": a verb whose past is its base keeps its form in a clause about the past
  // ("I quit my job" is a job left, said of the past whatever the clause says)
  if ((past || SAID_OF_THE_PAST.has(t.lower)) && PAST_AS_BASE.has(t.lower)) return t;
  const map = agreement === "singular" ? SINGULAR_AGREEMENT : PLURAL_AGREEMENT;
  const replaced = map[t.lower];
  if (replaced)
    return { ...t, text: replaced, lower: replaced, space: t.text.startsWith("'") ? " " : t.space };
  if (t.lower === "'d") return { ...t, text: "would", lower: "would", space: " " };
  const base = t.pos === "VERB" && t.lower === t.lemma && !hasIngForm(t);
  if (agreement === "singular" && base) {
    const text = thirdPersonSingular(t.text);
    return { ...t, text, lower: text.toLowerCase() };
  }
  return t;
}

/**
 * A reflexive that stands for the speaker before any name of theirs: an infinitive it belongs to gets the name ("It's
 * freeing to express herself and have people back Caroline up" → "It's freeing for Caroline to express herself and
 * have people back her up"); else a name further on is enough ("Taking care of herself… helps Maria"); else the name
 * stands in the reflexive's place ("A moment to Maria": rare, and what the rewrite gave before).
 */
function nameBeforeReflexive(
  out: Token[],
  reflexive: number,
  namedAfter: { at: number; as: PersonRole } | null,
  speaker: Person,
): void {
  for (let j = reflexive - 1; j >= 0; j--) {
    let verb = j + 1;
    while (out[verb]?.pos === "ADV") verb++;
    if (out[j]?.lower !== "to" || out[verb]?.pos !== "VERB") continue;
    const at = out[j] as Token;
    out.splice(j, 1, token("for", at.space, "ADP"), token(speaker.name, " ", "PROPN"), { ...at, space: " " });
    if (namedAfter) {
      const later = out[namedAfter.at + 2] as Token;
      const pronoun = speaker.pronouns[namedAfter.as];
      out[namedAfter.at + 2] = { ...later, text: pronoun, lower: pronoun.toLowerCase() };
    }
    return;
  }
  if (namedAfter) return;
  const at = out[reflexive] as Token;
  out[reflexive] = { ...at, text: speaker.name, lower: speaker.name.toLowerCase(), pos: "PROPN" };
}

/**
 * Where "I" is the subject after an opening phrase of a gerund that speaks of the speaker's things ("After losing my
 * job, I wanted…", "After finishing my screenplay I got…"): that "I" takes the name and the "my" before it the
 * pronoun ("After losing her job, Gina wanted…"). -1 when the clause has no such opening.
 */
function openingPhraseSubject(clause: readonly Token[]): number {
  if (!GERUND_OPENERS.has(clause[0]?.lower ?? "") || !hasIngForm(clause[1] ?? { lower: "" })) return -1;
  const subject = clause.findIndex((t) => t.lower === "i");
  if (subject < 3) return -1;
  const before = clause.slice(0, subject);
  const own = before.filter((t) => FIRST_PERSON[t.lower] !== undefined);
  if (own.length === 0 || own.some((t) => FIRST_PERSON[t.lower] !== "possessive")) return -1;
  return before.some((t) => isVerbal(t) && !hasIngForm(t)) ? -1 : subject;
}

/**
 * "Gonna be awesome!", "Gotta be a rush": what is going to be so is "it" (the night, the show), not the speaker,
 * unless what follows "be" is a state only a person is in ("Gonna be busy this week"), as "Was so fun" against "Was
 * super nervous".
 */
function leavesOutIt(clause: readonly Token[], openerAt: number): boolean {
  const opener = clause[openerAt]?.lower;
  if ((opener !== "gonna" && opener !== "gotta") || clause[openerAt + 1]?.lower !== "be") return false;
  return !personStateAt(clause, openerAt + 2);
}

/** Whether the word at `from`, past adverbs and fillers ("super", "kinda"), is a state only a person is in. */
function personStateAt(clause: readonly Token[], from: number): boolean {
  let at = from;
  while (clause[at]?.pos === "ADV" || FILLERS.has(clause[at]?.lower ?? "")) at++;
  return PERSON_STATES.has(clause[at]?.lower ?? "");
}

/**
 * "My wife and I hosted a party" → "I and my wife hosted a party", so that the name goes to the speaker and the verb
 * keeps the plural: "John and his wife hosted…" (was "John's wife and he hosted…"). Only a short noun phrase after
 * "my"/"our" with no verb in it, and an "I" followed by a verb.
 */
function speakerFirst(clause: readonly Token[]): readonly Token[] {
  const first = clause[0];
  if (first?.lower !== "my" && first?.lower !== "our") return clause;
  const and = clause.findIndex((t, i) => i > 1 && t.lower === "and");
  if (and < 2 || and > 5 || clause[and + 1]?.lower !== "i") return clause;
  if (clause.slice(1, and).some((t) => isVerbal(t) || t.pos === "PUNCT")) return clause;
  let verb = and + 2;
  while (clause[verb]?.pos === "ADV") verb++;
  if (!clause[verb] || !isVerbal(clause[verb] as Token)) return clause;
  const i = clause[and + 1] as Token;
  return [
    { ...i, text: "I", space: first.space },
    { ...(clause[and] as Token), space: " " },
    { ...first, text: first.lower, space: " " },
    ...clause.slice(1, and),
    ...clause.slice(and + 2),
  ];
}

/**
 * The clause in the third person. Returns null when it speaks to an addressee nobody named. The first mention of
 * each person is their name; later ones are pronouns, so a fact never reads "Melanie took Melanie's fam". With
 * `speakerNamed` the speaker was named before the clause (a clause joined to another): every mention is a pronoun.
 */
export function toThirdPerson(
  said: readonly Token[],
  perspective: Perspective,
  speakerNamed = false,
): string | null {
  const clause = speakerFirst(said);
  const { speaker, addressee } = perspective;
  const out: Token[] = [];
  const named = { speaker: speakerNamed, addressee: false };
  // a clause about the past: a word that says so, or a verb in the past before the one agreeing ("I had a major
  // challenge when I hurt my ankle")
  const firstPast = clause.some((word) => PAST_MARKERS.has(word.lower)) ? 0 : clause.findIndex(isPastVerb);
  const pastBefore = (at: number) => firstPast >= 0 && firstPast < at;
  const namedSubjectAt = openingPhraseSubject(clause);
  let pending: Agreement | null = null;
  let coordinated: Agreement | null = null;
  /** Where a reflexive stands for the speaker before any name of theirs, and where the name came after it. */
  let unnamedReflexive: number | null = null;
  let namedAfter: { at: number; as: PersonRole } | null = null;
  const group = () =>
    perspective.family
      ? `${speaker.name} and ${speaker.pronouns.possessive} family`
      : `${speaker.name} and others`;

  // the pronoun or name that stands for token `t`; with an agreement, the verb after it agrees
  let t = clause[0] as Token;
  const push = (text: string, agreement: Agreement | null = null) => {
    out.push({ ...t, text, lower: text.toLowerCase(), pos: "PRON" });
    if (agreement) {
      pending = agreement;
      coordinated = null;
    }
  };

  // read once: a pronoun asks it in turn, and a long clause has many
  const collective = clause.some(isCollective);
  for (let i = 0; i < clause.length; i++) {
    t = clause[i] as Token;
    const next = clause[i + 1];
    // "we" of a group that is not the family (a team, friends) opening the clause: what it did the speaker did ("we
    // won" → "John won"); a "we" further on is everyone ("…, which is great since we all need friends")
    const ownGroup =
      !perspective.family &&
      t.pos === "PRON" &&
      (i === 0 || FIRST_PERSON_PLURAL[t.lower] !== "subject") &&
      !collective;
    const first = FIRST_PERSON[t.lower] ?? (ownGroup ? FIRST_PERSON_PLURAL[t.lower] : undefined);
    const plural = first ? undefined : FIRST_PERSON_PLURAL[t.lower];
    const second = SECOND_PERSON[t.lower];
    if (first && (t.pos === "PRON" || t.lower === "i")) {
      const p = speaker.pronouns;
      const was = named.speaker;
      named.speaker = true;
      // the first name after a reflexive that came before any: where it stands and as what
      if (!was && unnamedReflexive !== null && first !== "reflexive")
        namedAfter = { at: out.length, as: first };
      // "me and my dog swam…": a "me" that opens a subject joined by "and" before its verb is a subject
      const openingSubject =
        first === "object" &&
        next?.lower === "and" &&
        (i === 0 || clause[i - 1]?.text === "," || CLAUSE_COORDINATORS.has(clause[i - 1]?.lower ?? "")) &&
        clause.slice(i + 2, i + 6).some(isVerbal);
      if (openingSubject) push(was ? p.subject : speaker.name);
      else if (first === "subject")
        push(was ? p.subject : speaker.name, was && p.plural ? "plural" : "singular");
      // "I can be me" is "I can be myself": after a form of "be" once the speaker is named, the reflexive
      else if (first === "object" && was && out[out.length - 1]?.lemma === "be") push(p.reflexive);
      else if (first === "object") push(was ? p.object : speaker.name);
      else if (first === "possessive" && !was && i < namedSubjectAt) {
        // "After losing my job, I…": the opening phrase's "my" is "her", the subject after it the name
        push(p.possessive);
        named.speaker = false;
      } else if (first === "possessive" || first === "possessivePronoun")
        push(was ? p[first] : `${speaker.name}'s`);
      else {
        // "myself" is always a reflexive ("express herself", "take care of herself"); before any name, the next
        // mention is still the name ("Taking care of herself helps Maria"), and with none the end names them
        push(p.reflexive);
        if (!was) {
          named.speaker = false;
          unnamedReflexive ??= out.length - 1;
        }
      }
      continue;
    }
    if (plural && t.pos === "PRON") {
      const was = named.speaker;
      named.speaker = true;
      if (plural === "subject") push(was ? "they" : group(), "plural");
      else if (plural === "object") push(was ? "them" : group());
      else if (plural === "possessive") push(was ? "their" : `${speaker.name}'s`);
      else if (plural === "possessivePronoun") push(was ? "theirs" : `${speaker.name}'s`);
      else push("themselves");
      continue;
    }
    if (second && t.pos === "PRON") {
      if (!addressee) return null;
      const p = addressee.pronouns;
      const was = named.addressee;
      named.addressee = true;
      // "you" is the subject when a verb follows it (with adverbs between), else an object
      const asSubject =
        second === "subject" && (isVerbal(next) || (next?.pos === "ADV" && isVerbal(clause[i + 2])));
      if (second === "subject" && asSubject)
        push(was ? p.subject : addressee.name, was && p.plural ? "plural" : "singular");
      else if (second === "subject") push(was ? p.object : addressee.name);
      else if (second === "possessive" || second === "possessivePronoun")
        push(was ? p[second] : `${addressee.name}'s`);
      else push(was ? p.reflexive : addressee.name);
      continue;
    }
    if (
      FILLERS.has(t.lower) &&
      next &&
      ["ADJ", "ADV", "VERB"].includes(next.pos) &&
      !QUANTITIES.has(next.lower)
    )
      continue;
    if (pending) {
      if (isVerbal(t) || CASUAL_VERBS.has(t.lower)) {
        const agreed = agree(t, pending, pastBefore(i));
        out.push(agreed);
        // "I love painting and enjoy running": a second verb in the same form agrees too; after "I am" it does not
        coordinated = t.pos === "VERB" && agreed.text !== t.text ? pending : null;
        pending = null;
        continue;
      }
      if (t.pos !== "ADV" && t.pos !== "PART") pending = null;
    } else if (
      coordinated &&
      t.pos === "VERB" &&
      AND_OR.has(
        (out[out.length - 1]?.pos === "ADV" ? out[out.length - 2] : out[out.length - 1])?.lower ?? "",
      )
    ) {
      // ("…and also love techno": an adverb between)
      out.push(agree(t, coordinated, pastBefore(i)));
      continue;
    } else if (coordinated && t.lower === "to" && isVerbal(next)) {
      // "wants to be herself and live her life": a verb after an infinitive's "and" is the infinitive's, not agreed
      coordinated = null;
    } else if (coordinated && (t.pos === "PRON" || t.pos === "PROPN" || t.pos === "NOUN") && isVerbal(next)) {
      coordinated = null;
    }
    out.push(t);
  }
  if (unnamedReflexive !== null) nameBeforeReflexive(out, unnamedReflexive, namedAfter, speaker);
  const kept = withoutEvaluativeTail(out).map(formalWord);
  if (kept.length === 0) return null;
  const text = joinTokens(kept).replace(/\s+([,.;!?])/gu, "$1");
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
}
