/**
 * People, places and organisations an English turn names, each with a type and a confidence: capitalised runs of
 * tokens, typed by compromise's lexicon (first names, countries, cities, organisations), trusted less at the start of
 * a sentence, where capitals say nothing, and least when the word is also an ordinary word ("Clay is incredible").
 * What the sentence says outweighs the lexicon: the noun a name is given to ("a cat named Bailey", "Oscar, my guinea
 * pig"), the word that heads it ("Fort Wayne", "Harvard University"), quotation marks around a title ("Charlotte's
 * Web"), a noun it modifies ("a Harry Potter party"). Names said to someone ("Thanks, Mel!") are vocatives: the
 * derivation may alias them to the addressee; an unknown word said so ("Oof, …") is no one on its own.
 */
import { createRequire } from "node:module";
import { hasIngForm, lexicalPos, type Token } from "./english-parse.js";
import {
  NAMED_NOUN_KINDS,
  ORGANIZATION_LAST_WORDS,
  PLACE_FIRST_WORDS,
  PLACE_LAST_WORDS,
} from "./english-rules.js";
import { RELATIVE_WORDS } from "./predicates.js";
import type { EntityType, ExtractedMention } from "./types.js";

const require = createRequire(import.meta.url);
type Compromise = typeof import("compromise").default;
let compromise: Compromise | undefined;

function getCompromise(): Compromise {
  if (compromise === undefined) compromise = require("compromise") as Compromise;
  return compromise;
}

/** Capitalised words that are not names: calendar words, titles of address, interjections. */
const NOT_NAMES = new Set(
  "i monday tuesday wednesday thursday friday saturday sunday january february march april june july august september october november december christmas easter halloween thanksgiving god omg lol haha hey hi hello thanks thank wow yes yeah no ok okay mr mrs ms dr sir madam mom dad mum grandma grandpa lgbtq lgbt lgbtq+ tv diy".split(
    " ",
  ),
);
/** Interjections that open a sentence with a capital and are no name. */
const INTERJECTIONS = new Set(
  "wow woah whoa yay hooray ah aw aww oh ooh ugh hmm um uh yep yup nope congrats congratulations cheers bye goodbye dear sweet cool awesome great nice".split(
    " ",
  ),
);
/** Verbs whose subject is a person: a sentence's first word before one is a name ("Tom said…", "Will thinks…"). */
const HUMAN_VERBS = new Set(
  "said says told tells asked asks thinks thought wants wanted believes believed feels felt hopes hoped knows knew decided agreed replied answered laughed cried smiled promised admitted explained married".split(
    " ",
  ),
);

/**
 * How sure a vocative is a name when no lexicon knows the word: below the confidence an entity needs, so "Oof",
 * "Awww" or "Gotcha" at a sentence's start make no person; the derivation still aliases it to the addressee when it
 * is their name or a short form of it.
 */
export const UNKNOWN_VOCATIVE_CONFIDENCE = 0.45;

/** Words that may join the parts of a name: "University of Lisbon", "Bank of America". */
const NAME_JOINERS = new Set(["of", "de", "del", "da", "van", "von", "&"]);

interface Typed {
  type: EntityType | null;
  gender: "female" | "male" | null;
  firstName: boolean;
}

const typedCache = new Map<string, Typed>();

interface CompromiseWorld {
  model: {
    one: { lexicon: Record<string, string | string[]>; tagSet: Record<string, { parents?: string[] }> };
  };
}

/** A word's tags in compromise's lexicon, with their parents ("FemaleName" → Person, FirstName, …); none if unknown. */
function lexiconTags(word: string): string[] {
  const { lexicon, tagSet } = (getCompromise().world() as unknown as CompromiseWorld).model.one;
  const entry = lexicon[word];
  if (entry === undefined) return [];
  const own = Array.isArray(entry) ? entry : [entry];
  return [...own, ...own.flatMap((tag) => tagSet[tag]?.parents ?? [])];
}

/** The tags of each word of a name: the lexicon's (a look-up), or the tagger's when the lexicon knows none of them. */
function tagsOfWords(name: string): string[][] {
  const whole = lexiconTags(name.toLowerCase());
  if (whole.length > 0) return [whole];
  const words = name.toLowerCase().split(/\s+/u);
  const looked = words.map((word) => lexiconTags(word));
  if (looked.some((tags) => tags.length > 0)) return looked;
  // an unknown name ("Jolene", "MinaLima"): compromise's tagger reads it from its shape (a few hundred µs)
  const terms = getCompromise()(name).json() as { terms: { tags?: string[] }[] }[];
  return terms.flatMap((s) => s.terms.map((t) => t.tags ?? []));
}

/** A lone lower-case "i" and its contractions ("i'm", "i've"), not "i.e.". */
const LOWER_I = /(?<![\p{L}\p{N}'’.-])i(?=(?:['’](?:m|ve|ll|d))?(?![\p{L}\p{N}'’-]|\.e\.))/gu;
/** A word of a turn typed in lower case, which may be a name ("seattle", "alex"). */
const LOWER_WORD = /(?<![\p{L}\p{N}'’-])\p{Ll}[\p{Ll}'’-]{1,30}(?![\p{L}\p{N}])/gu;
/** Most words a turn typed in lower case is searched for names among (a page of them is read as typed). */
const MAX_TRUECASED_WORDS = 400;

/**
 * A turn as a reader would case it: "i" is "I" whatever the rest; a turn typed all in lower case ("i live in
 * seattle with my boyfriend alex") has its names capitalised where the lexicons know the word only as a person's or a
 * place's name ("Seattle", "Alex"; not "rose", "mark" or "will", which are words too).
 */
export function truecase(text: string): string {
  const withI = text.replace(LOWER_I, "I");
  const typedLower = !/\p{Lu}/u.test(withI.replace(/\bI\b/gu, ""));
  return typedLower ? truecaseLower(withI) : truecaseCased(withI);
}

/** Words always capitalised in English that a turn typed in lower case writes lower: languages, most months. */
const ALWAYS_CAPITALISED = new Set(
  "english spanish french german italian portuguese russian japanese chinese mandarin cantonese korean arabic hindi dutch swedish norwegian finnish greek turkish vietnamese thai hebrew persian swahili indonesian tagalog january february april june july august september october november december monday tuesday wednesday thursday friday saturday sunday".split(
    " ",
  ),
);
/** "march 3rd", "the 5th of may", "in march", "last may": the months that are words too, next to a day or a preposition. */
const MONTH_BY_DAY =
  /\b(?:(march|may) (?=\d{1,2}(?:st|nd|rd|th)?\b)|(?<=\b\d{1,2}(?:st|nd|rd|th)? (?:of )?)(march|may)\b|(?<=\b(?:in|by|until|till|since|early|late|mid|next|last|this|every|through) )(march|may)(?![\p{L}\p{N}'’-]))/gu;
/** "im", "ive": "I'm", "I've" typed without the apostrophe. */
const LOWER_IM = /(?<![\p{L}\p{N}'’-])i(m|ve)(?![\p{L}\p{N}'’-])/gu;
/** "a dog named biscuit", "a puppy called luna": the word a naming verb names (not after a pronoun: "I called home"). */
const NAMED_THEN_WORD =
  /\b(?:named|name is|name's|(?<!\b(?:I|we|you|he|she|they|just|also|then|and) )called) (\p{Ll}[\p{Ll}'’-]{1,30})(?![\p{L}\p{N}])/gu;
/**
 * "a job at osteria nuova", "work for acme": the words of an employer after "at" or "for", when the lexicon does not know
 * them (a bank, home, the moment stay words); "a restaurant called trattoria bella": the two words of a place's name.
 */
const EMPLOYER_WORDS =
  /\b(?:(?:work|works|working|worked|job|position|internship) (?:at|for)|(?:restaurant|café|cafe|bakery|bar|pub|hotel|shop|store|company|firm|startup|agency|studio|salon|gym|clinic) (?:called|named)) (\p{Ll}[\p{Ll}'’-]{1,30})(?: (\p{Ll}[\p{Ll}'’-]{1,30}))?(?![\p{L}\p{N}])/gu;
/** "what does sam do?", "who is sam?": a first name a question asks of. */
const ASKED_THEN_WORD = /\b(?:does|did|is|was|has|about) (\p{Ll}[\p{Ll}'’-]{1,30})(?![\p{L}\p{N}])/gu;
/** Parts of speech a word a naming verb names never is ("named after", "called back" are no names; "lucky" may be). */
const NOT_GIVEN_NAME_POS = new Set(["AUX", "ADP", "DET", "PRON", "CCONJ", "SCONJ", "PART"]);
/** Parts of speech a name never is. */
const NOT_NAME_POS = new Set([
  "VERB",
  "AUX",
  "ADV",
  "ADJ",
  "ADP",
  "DET",
  "PRON",
  "CCONJ",
  "SCONJ",
  "PART",
  "NUM",
]);

/** A turn typed all in lower case, cased as a reader would (see truecase). */
function truecaseLower(text: string): string {
  let seen = 0;
  const capitalise = (word: string) => `${word.charAt(0).toUpperCase()}${word.slice(1)}`;
  // the names the words around them say: a first name after a relative's word ("my partner sam", not "my brother
  // will"), any noun after a naming verb ("a dog named biscuit")
  // (a word after a relative's is a first name the lexicon knows, or one it does not know at all: "my wife giulia")
  const named = (word: string, person: boolean) => {
    const pos = lexicalPos(word);
    if (++seen > MAX_TRUECASED_WORDS || (person ? NOT_NAME_POS : NOT_GIVEN_NAME_POS).has(pos)) return word;
    if (person && (pos !== "" || word.length < 3) && !typeOfName(capitalise(word)).firstName) return word;
    return capitalise(word);
  };
  const around = text
    .replace(LOWER_IM, (_, rest: string) => `I'${rest}`)
    .replace(MONTH_BY_DAY, (month: string) => capitalise(month))
    .replace(RELATIVE_THEN_WORD, (whole, before: string, word: string) =>
      RELATIVE_WORDS[(before.split(" ").pop() ?? "").toLowerCase()] === undefined
        ? whole
        : `${before} ${named(word, true)}`,
    )
    .replace(EMPLOYER_WORDS, (whole, first: string, second: string | undefined) => {
      // (a name's words are words no lexicon knows, or its own: "osteria nuova"; a place called by name, any word)
      const called = /\b(?:called|named) /u.test(whole);
      const unknown = (word: string) => lexicalPos(word) === "" || lexicalPos(word) === "PROPN";
      if (!called && !unknown(first)) return whole;
      const head = whole.slice(0, whole.length - first.length - (second ? second.length + 1 : 0));
      const rest =
        second && (called ? !NOT_GIVEN_NAME_POS.has(lexicalPos(second)) : unknown(second))
          ? ` ${capitalise(second)}`
          : second
            ? ` ${second}`
            : "";
      return ++seen > MAX_TRUECASED_WORDS ? whole : `${head}${capitalise(first)}${rest}`;
    })
    .replace(
      NAMED_THEN_WORD,
      (whole, word: string) => `${whole.slice(0, whole.length - word.length)}${named(word, false)}`,
    )
    .replace(
      ASKED_THEN_WORD,
      (whole, word: string) => `${whole.slice(0, whole.length - word.length)}${named(word, true)}`,
    );
  return (
    around
      .replace(LOWER_WORD, (word) => {
        if (ALWAYS_CAPITALISED.has(word)) return capitalise(word);
        return ++seen > MAX_TRUECASED_WORDS ? word : asName(word);
      })
      // "ava, ben and chloe": a first name in a list of names (one the lexicon knows as a word too)
      .replace(NAME_IN_LIST, (word: string) => named(word, true))
      // "denver health", "hyde park": a name's last word that says its kind
      .replace(NAME_THEN_KIND, (whole, name: string, kind: string) =>
        PLACE_LAST_WORDS.has(kind) || ORGANIZATION_LAST_WORDS.has(kind)
          ? `${name} ${capitalise(kind)}`
          : whole,
      )
  );
}

/** A lower-case word after a name of a list and before another ("Ava, ben and Chloe"), or last after one ("and ben"). */
const NAME_IN_LIST =
  /(?<=\p{Lu}[\p{Ll}'’-]+(?:, |,? and |,? & ))\p{Ll}[\p{Ll}'’-]{1,30}(?=,? (?:and|&) \p{Lu}|, \p{Lu}|(?<=(?:and|&) \p{Ll}+)(?![\p{L}\p{N}]))/gu;

/** A capitalised word (not "I": "I park my car") and the lower-case word after it. */
const NAME_THEN_KIND = /(?<![\p{L}\p{N}'’-])(?!I )(\p{Lu}[\p{L}'’-]*) (\p{Ll}+)(?![\p{L}\p{N}])/gu;

/** A word capitalised where the lexicons know it only as a person's or a place's name. */
function asName(word: string): string {
  const pos = lexicalPos(word);
  if (pos !== "" && pos !== "PROPN") return word;
  const capitalised = `${word.charAt(0).toUpperCase()}${word.slice(1)}`;
  const { type } = typeOfName(capitalised);
  return type === "person" || type === "place" ? capitalised : word;
}

/** A turn with capitals cases its names itself, but for a first name right after a relative ("my sister emily"). */
function truecaseCased(withI: string): string {
  let seen = 0;
  return withI.replace(RELATIVE_THEN_WORD, (whole, before: string, word: string) =>
    RELATIVE_WORDS[(before.split(" ").pop() ?? "").toLowerCase()] === undefined ||
    ++seen > MAX_TRUECASED_WORDS
      ? whole
      : `${before} ${asName(word)}`,
  );
}

/** "my sister emily": a relative's word and the lower-case word after it. */
const RELATIVE_THEN_WORD = /\b([Mm]y \p{Ll}+) (\p{Ll}[\p{Ll}'’-]{1,30})(?![\p{L}\p{N}])/gu;

/**
 * What a name is: a place or an organisation when a word of its kind heads it ("Fort Wayne", "Jackson Park", "Harvard
 * University"), else what compromise's lexicon says; cached, since names repeat across a conversation.
 */
export function typeOfName(name: string): Typed {
  const typed = typedCache.get(name);
  if (typed) return typed;
  const words = name.toLowerCase().split(/\s+/u);
  const first = words[0] ?? "";
  const last = words[words.length - 1] ?? "";
  if (words.length > 1 && (PLACE_FIRST_WORDS.has(first) || PLACE_LAST_WORDS.has(last)))
    return cacheType(name, { type: "place", gender: null, firstName: false });
  if (words.length > 1 && ORGANIZATION_LAST_WORDS.has(last))
    return cacheType(name, { type: "organization", gender: null, firstName: false });
  const perWord = tagsOfWords(name);
  const tags = new Set(perWord.flat());
  // "Minnesota Wolves": a place names a team, not a place, when it is not the name's last word
  const head = new Set(perWord[perWord.length - 1] ?? []);
  if (perWord.length > 1 && tags.has("Place") && !head.has("Place")) {
    tags.add("Organization");
    tags.delete("Place");
  }
  const firstTags = new Set(perWord[0] ?? []);
  const type: EntityType | null = tags.has("Place")
    ? "place"
    : tags.has("Organization")
      ? "organization"
      : tags.has("Person") || firstTags.has("FirstName")
        ? "person"
        : null;
  return cacheType(name, {
    type,
    gender: firstTags.has("FemaleName") ? "female" : firstTags.has("MaleName") ? "male" : null,
    firstName: firstTags.has("FirstName"),
  });
}

function cacheType(name: string, typed: Typed): Typed {
  if (typedCache.size > 10_000) typedCache.clear();
  typedCache.set(name, typed);
  return typed;
}

/** Parts of speech a capitalised word can have and still be (part of) a name: "Red Cross" has a "Cross" read as VERB. */
const NAME_POS = new Set(["PROPN", "NOUN", "ADJ", "VERB", "X", "NUM"]);
const capitalised = (t: Token | undefined): t is Token =>
  t !== undefined && /^\p{Lu}/u.test(t.text) && NAME_POS.has(t.pos);

/**
 * Whether the capitalised first word of a sentence at `i` opens it before a name rather than being part of it: it
 * is a gerund ("Adding NYC to my list"), or no name the lexicon knows before a known speaker's name or a first name
 * ("Go Jon", "Yo Tim"); "Will Smith" and "Mary Jane" stay whole.
 */
function opensBeforeName(
  sentence: readonly Token[],
  i: number,
  end: number,
  knownNames: ReadonlySet<string>,
): boolean {
  const word = sentence[i] as Token;
  // "Adding NYC to my list": a sentence's opening gerund is a verb, whatever follows it
  if (hasIngForm(word) && lexicalPos(word.lower) === "VERB") return true;
  if (typeOfName(word.text).type !== null) return false;
  const rest = joinSpan(sentence.slice(i + 1, end));
  return knownNames.has(rest.toLowerCase()) || typeOfName(rest.split(" ")[0] ?? rest).firstName;
}

const KIND_OF_NOUN = new Map<string, EntityType>([
  ...Object.keys(RELATIVE_WORDS).map((word) => [word, "person"] as const),
  ...Object.entries(NAMED_NOUN_KINDS).flatMap(([type, words]) =>
    words.map((w) => [w, type as EntityType] as const),
  ),
]);
const POSSESSIVE_PRONOUNS = new Set(["his", "her", "its", "their"]);
const APPOSITION_OPENERS = new Set(["my", "our", "his", "her", "their", "a", "an", "the"]);

/** The kind of a noun of one word or two ("guinea pig") ending at `j`, when it is a relative's or a named noun's. */
function kindAt(sentence: readonly Token[], j: number): EntityType | undefined {
  const t = sentence[j];
  if (!t) return undefined;
  const before = sentence[j - 1];
  return (
    (before ? KIND_OF_NOUN.get(`${before.lower} ${t.lower}`) : undefined) ??
    KIND_OF_NOUN.get(t.lower) ??
    KIND_OF_NOUN.get(t.lemma)
  );
}

/** Words that make a noun one of its kind, not one the listener knows: "a son", "two kids", "another puppy". */
const INDEFINITES = new Set(["a", "an", "another", "one", "two", "three", "four", "five"]);

/**
 * The kind of an indefinite noun a name at `start` is set beside after a comma ("I have a son, Max", "we got a little
 * puppy, Luna"): the noun's name, not someone spoken to ("I miss my son, Mel" may well be said to Mel).
 */
export function appositionKind(sentence: readonly Token[], start: number): EntityType | null {
  if (sentence[start - 1]?.text !== ",") return null;
  const kind = kindAt(sentence, start - 2);
  if (!kind) return null;
  // the determiner, past at most two adjectives or the first word of a two-word noun
  for (let k = start - 3; k >= Math.max(0, start - 5); k--) {
    const t = sentence[k] as Token;
    if (INDEFINITES.has(t.lower)) return kind;
    if (t.pos !== "ADJ" && t.pos !== "NOUN") return null;
  }
  return null;
}

/**
 * The kind of what a name at `start` names when the sentence says ("another cat named Bailey", "a location called
 * Whispering Falls", "the game was called Counter-Strike", "a puppy, her name is Luna"); null when it does not.
 */
function namedKind(sentence: readonly Token[], start: number, end: number): EntityType | null {
  const kindOf = (j: number) => kindAt(sentence, j);
  // "Oscar, my guinea pig.": an apposition of the speaker's (or someone's) noun after the name, closed by punctuation
  // ("Today, my friend and I went…" is no apposition, and "Today" no name)
  const only = end - start === 1 ? sentence[start] : undefined;
  const ordinaryWord = only?.known === true && typeOfName(only.text).type === null;
  if (
    !ordinaryWord &&
    sentence[end]?.text === "," &&
    APPOSITION_OPENERS.has(sentence[end + 1]?.lower ?? "")
  ) {
    for (let j = end + 2; j <= end + 4 && sentence[j]?.pos !== "PUNCT"; j++) {
      const kind = kindOf(j);
      const next = sentence[j + 1];
      if (kind && (next === undefined || next.pos === "PUNCT")) return kind;
    }
  }
  const beside = appositionKind(sentence, start);
  if (beside) return beside;
  let k = start - 1;
  const word = sentence[k]?.lower;
  if (word === "named" || word === "called") {
    k--;
    while (sentence[k]?.pos === "PUNCT" || sentence[k]?.pos === "AUX") k--;
    return kindOf(k) ?? null;
  }
  // "…, her name is Luna": the nearest noun of a kind before it, a few words back
  if ((word === "is" || word === "'s") && sentence[k - 1]?.lower === "name") {
    if (!POSSESSIVE_PRONOUNS.has(sentence[k - 2]?.lower ?? "")) return null;
    for (let j = k - 3; j >= Math.max(0, k - 12); j--) {
      const kind = kindOf(j);
      if (kind) return kind;
    }
  }
  return null;
}

const DETERMINERS = new Set(["a", "an", "the", "this", "that", "these", "those", "another", "some"]);
/** Nouns of time the tagger gives after a name ("I met Sarah yesterday"): no noun the name modifies. */
const TIME_NOUNS = new Set([
  "yesterday",
  "today",
  "tonight",
  "tomorrow",
  "morning",
  "evening",
  "week",
  "weekend",
]);

/** Whether the name at start..end stands between a determiner (and adjectives) and a common noun it modifies. */
function modifiesNoun(sentence: readonly Token[], start: number, end: number): boolean {
  const after = sentence[end];
  if (after?.pos !== "NOUN" || after.text !== after.lower || TIME_NOUNS.has(after.lower)) return false;
  let k = start - 1;
  while (sentence[k]?.pos === "ADJ" || sentence[k]?.pos === "ADV") k--;
  return DETERMINERS.has(sentence[k]?.lower ?? "");
}

const QUOTES = new Set(['"', "“", "”"]);
const WORKS = new Set(NAMED_NOUN_KINDS.thing);

/**
 * Whether the name at `start` is who made a work just named: "a book by Amy Ellis Nutt", '"Becoming Nicole" by …',
 * "Dune by Frank Herbert" ("inspired by Maria" is not).
 */
function madeBy(sentence: readonly Token[], start: number): boolean {
  if (sentence[start - 1]?.lower !== "by") return false;
  const work = sentence[start - 2];
  return (
    work !== undefined &&
    (QUOTES.has(work.text) || work.pos === "PROPN" || WORKS.has(work.lower) || WORKS.has(work.lemma))
  );
}
const MAX_TITLE_WORDS = 8;
const TITLE_SMALL_WORDS = new Set([
  "a",
  "an",
  "the",
  "of",
  "and",
  "or",
  "in",
  "on",
  "at",
  "to",
  "for",
  "with",
  "'s",
  ":",
  "-",
]);

/**
 * Where a title whose opening quotation mark is at `i` closes (the index of the closing mark), or -1 when the words
 * after the mark are not a short title in title case.
 */
function quotedTitleEnd(sentence: readonly Token[], i: number): number {
  if (!QUOTES.has(sentence[i]?.text ?? "") || !/^\p{Lu}/u.test(sentence[i + 1]?.text ?? "")) return -1;
  for (let j = i + 2; j <= i + 1 + MAX_TITLE_WORDS && j < sentence.length; j++) {
    const t = sentence[j] as Token;
    if (QUOTES.has(t.text)) return j;
    // title case: every word capitalised but the small ones ("The Name of the Wind"); a quoted sentence is no title
    if (!/^\p{Lu}/u.test(t.text) && !TITLE_SMALL_WORDS.has(t.lower)) return -1;
  }
  return -1;
}

function joinSpan(span: readonly Token[]): string {
  return span.map((t, k) => (k === 0 ? t.text : `${t.space}${t.text}`)).join("");
}

/** The names in a turn's sentences (tokens from parseEnglish), with how sure each is. */
export function englishMentions(sentences: readonly Token[][], known: readonly string[]): ExtractedMention[] {
  const found = new Map<string, ExtractedMention>();
  const knownNames = new Set(known.map((n) => n.toLowerCase()));
  for (const sentence of sentences) {
    // the first word that is not punctuation or an opener is where a sentence's capital falls
    const firstWord = sentence.findIndex((t) => t.pos !== "PUNCT" && t.pos !== "SYM");
    for (let i = 0; i < sentence.length; i++) {
      // "Charlotte's Web", "The Name of the Wind": a title in quotation marks is one thing, whatever its words
      const title = quotedTitleEnd(sentence, i);
      if (title > 0) {
        const name = joinSpan(sentence.slice(i + 1, title));
        const key = name.toLowerCase();
        if (!found.has(key)) found.set(key, { name, entityType: "thing", confidence: 0.8 });
        i = title;
        continue;
      }
      if (!capitalised(sentence[i])) continue;
      let end = i + 1;
      while (
        capitalised(sentence[end]) ||
        (NAME_JOINERS.has(sentence[end]?.lower ?? "") && capitalised(sentence[end + 1]))
      )
        end++;
      // "Thanks Mel", "Woah Caroline": an interjection before a name is not part of it; nor is a sentence's first
      // word that is no name before one that is ("Go Jon!", "Yo Tim!", "Anytime Nate!")
      while (
        i < end - 1 &&
        (NOT_NAMES.has(sentence[i]?.lower ?? "") ||
          sentence[i]?.pos === "INTJ" ||
          INTERJECTIONS.has(sentence[i]?.lower ?? "") ||
          (i === firstWord && opensBeforeName(sentence, i, end, knownNames)))
      )
        i++;
      // a run of capitalised words longer than a title's is a heading or shouting, no name ("MR. MR. MR. …" was read
      // as one name thousands of words long, and compromise took seconds to tag it)
      if (end - i > MAX_TITLE_WORDS) {
        i = end - 1;
        continue;
      }
      const span = sentence.slice(i, end);
      const name = joinSpan(span).replace(/['’]s$/u, "");
      const start = i;
      i = end - 1;
      if (NOT_NAMES.has(name.toLowerCase()) || INTERJECTIONS.has(name.toLowerCase())) continue;
      if (name.length < 2 || /^\p{Lu}+$/u.test(name)) continue;
      const before = sentence[start - 1];
      const after = sentence[end];
      // what the sentence says the name names ("a cat named Bailey", "Anna, my sister"), unless it is a speaker's
      const named = knownNames.has(name.toLowerCase()) ? null : namedKind(sentence, start, end);
      // said to someone: "Mel, …", "Hey Mel!", "Thanks, Mel!"; a name between commas is an item of a list ("cities
      // like Madrid, Barcelona, and Granada"), not someone spoken to
      const closes = after === undefined || (after.pos === "PUNCT" && after.text !== ",");
      const vocative =
        named === null &&
        (((start === firstWord || before?.pos === "INTJ") &&
          (after === undefined || after.pos === "PUNCT")) ||
          (before?.text === "," && closes));
      const initial = start === firstWord || (before?.pos === "PUNCT" && before.text !== ",");
      // "Anthony and I…", "…with Anthony and me": named beside the speaker, so a person
      const besideSpeaker =
        after?.lower === "and" && ["i", "me", "my"].includes(sentence[end + 1]?.lower ?? "");
      const typed = typeOfName(name);
      const isKnown = knownNames.has(name.toLowerCase());
      let entityType = typed.type;
      let confidence: number;
      const modifier = modifiesNoun(sentence, start, end);
      if (named) {
        entityType = named;
        confidence = 0.9;
      } else if (isKnown) {
        entityType = "person";
        confidence = 0.95;
      } else if (vocative && typed.type === "person") {
        entityType = "person";
        confidence = 0.9;
      } else if (vocative && !span.some((t) => t.known)) {
        // a word no lexicon knows, said to someone ("Awww, Nate", "Oof, that hurts"): their name when it is the
        // addressee's or a short form of it, else too unsure to make a person of
        entityType = "person";
        confidence = UNKNOWN_VOCATIVE_CONFIDENCE;
      } else if (entityType !== "place" && entityType !== "organization" && modifier) {
        // "a Harry Potter fan", "the coolest Harry Potter party": a name between a determiner and a noun names a
        // title, a brand or a series, not someone
        entityType = "thing";
        confidence = 0.7;
      } else if (entityType === "place") confidence = 0.9;
      else if (entityType === "organization") confidence = 0.7;
      else if (entityType === "person") {
        // a vocabulary word at a sentence's start ("Clay is…", "Hope helps") is more likely the word than a name
        const word = span.length === 1 ? (span[0] as Token) : null;
        // …unless it does what only people do: "Tom said he loved me", "Will thinks so" (not "Clay is incredible")
        const humanSubject = HUMAN_VERBS.has(after?.lower ?? "");
        const ordinary =
          word !== null &&
          ["NOUN", "VERB"].includes(lexicalPos(word.lower)) &&
          !besideSpeaker &&
          !humanSubject;
        confidence = initial ? (ordinary ? 0.3 : 0.7) : ordinary ? 0.6 : 0.85;
      } else continue;
      if (!entityType) continue;
      const key = name.toLowerCase();
      const previous = found.get(key);
      if (previous && (previous.confidence ?? 0) >= confidence) continue;
      found.set(key, {
        name,
        entityType,
        confidence,
        ...(vocative ? { vocative: true } : {}),
        ...(modifier || madeBy(sentence, start) ? { mentionedOnly: true } : {}),
      });
    }
  }
  return [...found.values()];
}
