/**
 * The English rule table, in one place: how first and second person turn into third person (pronouns and verb
 * agreement), which words make a clause not asserted (negation, hypotheticals), which openers carry nothing, how a
 * subject left out is put back, and the patterns that give structured facts (home, work, family, likes, …).
 * Everything here is general English grammar and vocabulary; nothing is tuned to a data set's phrasing.
 * Longer than 400 lines on purpose: the issue asks for one readable table per language, so it is not split.
 */

import { RELATIVE_SYNONYMS, RELATIVE_WORDS } from "./predicates.js";
import type { EntityType } from "./types.js";

/** A person's third-person forms: by grammatical gender when the name tells it, "they" otherwise. */
export interface PronounSet {
  subject: string;
  object: string;
  /** Before a noun: "her kids". */
  possessive: string;
  /** Standing alone: "hers". */
  possessivePronoun: string;
  reflexive: string;
  /** Whether verbs agree in the plural ("they are"), as singular "they" does. */
  plural: boolean;
}

export const PRONOUNS: Readonly<Record<"female" | "male" | "unknown", PronounSet>> = {
  female: {
    subject: "she",
    object: "her",
    possessive: "her",
    possessivePronoun: "hers",
    reflexive: "herself",
    plural: false,
  },
  male: {
    subject: "he",
    object: "him",
    possessive: "his",
    possessivePronoun: "his",
    reflexive: "himself",
    plural: false,
  },
  unknown: {
    subject: "they",
    object: "them",
    possessive: "their",
    possessivePronoun: "theirs",
    reflexive: "themself",
    plural: true,
  },
};

/** Which role a first- or second-person word plays. */
export type PersonRole = "subject" | "object" | "possessive" | "possessivePronoun" | "reflexive";

/** The speaker's words for themself (singular) and for a group they belong to (plural). */
export const FIRST_PERSON: Readonly<Record<string, PersonRole>> = {
  i: "subject",
  me: "object",
  my: "possessive",
  mine: "possessivePronoun",
  myself: "reflexive",
};
export const FIRST_PERSON_PLURAL: Readonly<Record<string, PersonRole>> = {
  we: "subject",
  us: "object",
  our: "possessive",
  ours: "possessivePronoun",
  ourselves: "reflexive",
};
/** The addressee's words. "you" is a subject or an object: the next word decides (see rewrite). */
export const SECOND_PERSON: Readonly<Record<string, PersonRole>> = {
  you: "subject",
  your: "possessive",
  yours: "possessivePronoun",
  yourself: "reflexive",
};

/** What "we" stands for when the speaker's turn speaks of family, and otherwise. */
export const FAMILY_WORDS =
  /\b(?:family|fam|kids|children|child|son|daughter|husband|wife|partner|parents|mom|mum|dad|mother|father|brother|sister|siblings|grandma|grandpa|baby|babies)\b/i;

/** A finite verb after a singular third-person subject: "am" → "is", "have" → "has". */
export const SINGULAR_AGREEMENT: Readonly<Record<string, string>> = {
  am: "is",
  "'m": "is",
  are: "is",
  "'re": "is",
  were: "was",
  have: "has",
  "'ve": "has",
  do: "does",
  "'ll": "will",
  // casual contractions of a verb and "to", written out once agreed ("I wanna start…" → "Jon wants to start…")
  wanna: "wants to",
  gotta: "has to",
};
/** Casual contractions of a verb and "to", which the tagger reads as nouns: they agree as the verb would. */
export const CASUAL_VERBS = new Set(["wanna", "gotta"]);
/** …and after singular "they": "am" → "are", "was" → "were". */
export const PLURAL_AGREEMENT: Readonly<Record<string, string>> = {
  am: "are",
  "'m": "are",
  "'re": "are",
  was: "were",
  "'ve": "have",
  "'ll": "will",
  wanna: "want to",
  gotta: "have to",
};

/** Verbs whose third-person singular is not the regular -s / -es / -ies. */
const IRREGULAR_THIRD_PERSON: Readonly<Record<string, string>> = {
  have: "has",
  be: "is",
  do: "does",
  go: "goes",
};

/** "love" → "loves", "watch" → "watches", "try" → "tries". */
export function thirdPersonSingular(verb: string): string {
  const lower = verb.toLowerCase();
  const irregular = IRREGULAR_THIRD_PERSON[lower];
  if (irregular) return irregular;
  if (/(?:s|sh|ch|x|z|o)$/.test(lower)) return `${verb}es`;
  if (/[^aeiou]y$/.test(lower)) return `${verb.slice(0, -1)}ies`;
  return `${verb}s`;
}

/** Words that make a clause not asserted: negation, when it stands by the clause's first verb ("I don't", "I never"). */
export const NEGATION = new Set(["not", "n't", "never", "nobody", "nothing", "neither", "nor", "no", "none"]);
/** Words that make a clause hypothetical or uncertain. */
export const HYPOTHETICAL = new Set([
  "might",
  "maybe",
  "perhaps",
  "probably",
  "possibly",
  "wish",
  "suppose",
  "could",
  "should",
  "would",
  "'d",
]);
/**
 * Auxiliaries of the future: "I'll keep you posted", "I will do my best" promise or resolve something to the listener;
 * with no time given they tell nothing yet of the speaker's life (with one, "I'll be in Paris next week", it is a plan).
 */
export const FUTURE = new Set(["will", "'ll", "shall"]);
/** Verbs of obligation before "to": "I have to check the floor", "I need to try that" say what is not yet so. */
export const OBLIGATION = new Set(["have", "has", "need", "needs", "got", "gotta"]);
/** Verbs of leaving a talk ("I have to go", "gotta run", "I need to head out"): an obligation that tells nothing. */
export const LEAVE_TAKING = new Set([
  "go",
  "run",
  "leave",
  "head",
  "bounce",
  "dash",
  "jet",
  "split",
  "sleep",
  "rest",
  "sign",
  "log",
]);

// The time a date's clause speaks of (clauseTense): its auxiliaries, adverbs and verbs.
/** Auxiliaries that put a clause in the future ("I'll", "we won't", "gonna"). */
export const FUTURE_AUXILIARIES = new Set(["will", "'ll", "shall", "wo", "gonna"]);
/** "I've been", "she has visited": have before a participle, a time before now. */
export const PERFECT_AUXILIARIES = new Set(["have", "has", "'ve"]);
/** Adverbs that make a clause's day or month one of a habit ("I usually stay in on Sunday"), not a date. */
export const HABIT_ADVERBS = new Set([
  "usually",
  "often",
  "always",
  "sometimes",
  "normally",
  "typically",
  "generally",
]);
/** Verbs that, with "to", put what follows ahead ("I need to register by Monday", "we plan to go in May"). */
export const INTENT_VERBS = new Set([
  "need",
  "want",
  "plan",
  "hope",
  "intend",
  "expect",
  "mean",
  "aim",
  "promise",
]);
/** Days that come back each year: "my birthday is in June" names no one date. */
export const RECURRING_DAYS = new Set(["birthday", "anniversary"]);
/** Verbs whose past is their present ("I put", "I read"): their form tells no time. */
export const SAME_IN_PAST = new Set([
  "put",
  "read",
  "cut",
  "set",
  "hit",
  "let",
  "hurt",
  "cost",
  "quit",
  "shut",
  "spread",
]);

/** Relatives by the pronoun that stands for them ("he" for a husband, "she" for a sister). */
export const MALE_RELATIVES = new Set(
  "husband hubby brother bro son father dad daddy grandfather grandpa grandson uncle nephew boyfriend fiance stepfather stepson".split(
    " ",
  ),
);
export const FEMALE_RELATIVES = new Set(
  "wife sister sis daughter mother mom mum mommy grandmother grandma granny granddaughter aunt niece girlfriend fiancee stepmother stepdaughter".split(
    " ",
  ),
);

/**
 * Verbs of going on with what one does: after "going to" ("I'm gonna keep chasing my dreams", "I'm going to continue
 * working hard") they resolve, to the listener, to carry on; the plan says nothing that is not already so. ("I'm
 * going to start a studio" is a plan, and stays one.)
 */
export const CONTINUATION = new Set(["keep", "continue"]);
/**
 * Verbs of liking, and the words that point at what is in view: "I love that first movie", "I love the way the
 * frosting turned out", "I love how it came out" react to what the listener just showed or said; what is liked is
 * named only by pointing, so the clause is no standing preference of the speaker's ("I love hiking" is one).
 */
export const LIKING_VERBS = new Set(["love", "like", "enjoy", "adore"]);
export const POINTING = new Set(["this", "that", "these", "those", "how", "what"]);
/** Words that open a question: a clause they open asks, wherever the question mark stands. */
export const QUESTION_WORDS = new Set([
  "what",
  "why",
  "how",
  "when",
  "where",
  "who",
  "whom",
  "which",
  "whose",
]);
/**
 * Words that make a whole sentence conditional: "If I win, I'll buy a boat" asserts neither part ("whether" asks, and
 * asserts what is around it: "I asked whether they needed help").
 */
export const CONDITIONAL = new Set(["if", "unless"]);
/**
 * Verbs after which "if" means "whether" ("who knows if I'll…", "asked if they needed help", "to see if"): it opens
 * a question the clause asks, and the rest of the sentence is still asserted.
 */
export const WHETHER_VERBS = new Set([
  "know",
  "see",
  "ask",
  "wonder",
  "doubt",
  "question",
  "check",
  "say",
  "tell",
  "decide",
  "remember",
  "find",
  "figure",
]);
/** After "would" / "'d", these state a present wish ("I'd love to…"), which is asserted. */
export const WISH_VERBS = new Set(["love", "like", "prefer"]);

/**
 * Phrases that open a sentence without saying anything about anyone, stripped when a comma follows them ("By the way,
 * I went…" → "Jon went…"); each is a sequence of lower-case words.
 */
export const OPENING_PHRASES: readonly (readonly string[])[] = [
  ["by", "the", "way"],
  ["on", "another", "note"],
  ["on", "a", "different", "note"],
  ["on", "a", "side", "note"],
  ["on", "that", "note"],
  ["speaking", "of", "which"],
  ["in", "other", "news"],
  ["fun", "fact"],
  ["guess", "what"],
  ["you", "know", "what"],
  // imperatives to the listener that vouch for what follows: "Trust me, NYC is amazing!"
  ["trust", "me"],
  ["believe", "me"],
  ["to", "be", "honest"],
];

/** Openings that name what the talk turns to, stripped up to their comma: "Speaking of special moments, …". */
export const FRAMING_PHRASES: readonly (readonly string[])[] = [
  ["speaking", "of"],
  ["talking", "of"],
  ["talking", "about"],
];

/** Asides that close a clause after a comma and say nothing of anyone: "…, btw", "…, take a look", "…, speaking of". */
export const TRAILING_ASIDES: readonly (readonly string[])[] = [
  ["btw"],
  ["by", "the", "way"],
  ["speaking", "of"],
  ["take", "a", "look"],
  ["check", "it", "out"],
  ["love", "it"],
  ["lol"],
  ["haha"],
];

/** Words that open a sentence without saying anything about anyone; stripped with the comma after them. */
export const OPENERS = new Set([
  "sorry",
  "oops",
  "thanks",
  "thank",
  "congrats",
  "congratulations",
  "so",
  "well",
  "yeah",
  "yes",
  "yep",
  "yup",
  "oh",
  "ah",
  "wow",
  "whoa",
  "haha",
  "hah",
  "lol",
  "hey",
  "hi",
  "hello",
  "ok",
  "okay",
  "hmm",
  "um",
  "uh",
  "and",
  "but",
  "also",
  "plus",
  "anyway",
  "anyways",
  "actually",
  "honestly",
  "btw",
  "sure",
  "right",
  "totally",
  "definitely",
  "absolutely",
  "indeed",
  "aw",
  "aww",
  "omg",
  "then",
  "now",
]);

/**
 * Words of the conversation itself: "since we last talked", "since our last chat" date a fact by the talk, not by
 * anything in the speaker's life, and are no part of the fact.
 */
export const CONVERSATION_WORDS = new Set([
  "talk",
  "talked",
  "chat",
  "chatted",
  "spoke",
  "speak",
  "conversation",
  "convo",
  "caught",
]);

/**
 * Verbs that hedge a clause the speaker goes on to say ("I think I'm ready", "I guess it was worth it", "I feel like
 * we grew"): the fact is what follows, and it is a fact about the speaker only if what follows is.
 */
export const HEDGES = new Set([
  "think",
  "guess",
  "bet",
  "believe",
  "suppose",
  "reckon",
  "know",
  "feel",
  // "I can imagine it felt good": what the speaker pictures of someone else's experience
  "imagine",
]);
/** Adjectives that hedge the same way after "I'm": "I'm sure it'll be worth it". */
export const HEDGE_ADJECTIVES = new Set(["sure", "certain", "confident", "positive"]);
/**
 * Adjectives that thank: "I'm so grateful for all the support" is a thank-you said to the listener, like "Thanks!",
 * not a fact of the speaker's life.
 */
export const THANKING = new Set(["grateful", "thankful", "appreciative"]);

/** Words of a group acting as one ("together", "both", "all", "each other"): its "we" is not the speaker alone. */
export const COLLECTIVE = new Set(["together", "both", "all", "each"]);

/** Where a sentence splits into clauses that each can hold a fact. */
export const CLAUSE_BREAKS = new Set([";", "-", "–", "—", ":"]);
/** Coordinators that start a new clause when a subject of its own follows them. */
export const CLAUSE_COORDINATORS = new Set(["and", "but", "so"]);
/**
 * Words after which a clause goes on past a comma to what they are about: "I'm sure with my hard work, I can make it"
 * is one statement, not "I'm sure with my hard work" and "I can make it".
 */
export const COMPLEMENT_HEADS = new Set([
  "sure",
  "certain",
  "think",
  "believe",
  "know",
  "guess",
  "bet",
  "hope",
]);
/** Words that can be the subject of a new clause after a coordinator. */
export const CLAUSE_SUBJECTS = new Set([
  "i",
  "we",
  "you",
  "he",
  "she",
  "they",
  "it",
  "that",
  "this",
  "there",
  "my",
  "our",
]);

/** Verbs in "-s" a tagger may read as plural nouns ("my brother lives in Rome", "my sister works at Google"). */
export const THIRD_PERSON_VERBS = new Set([
  "lives",
  "works",
  "loves",
  "likes",
  "plays",
  "studies",
  "teaches",
  "runs",
  "owns",
  "speaks",
  "wants",
  "needs",
  "hates",
  "visits",
  "cooks",
  "paints",
  "writes",
  "drives",
]);

/** States only a person is in: "Was super nervous…" leaves out "I", where "Was so fun…" leaves out "it". */
export const PERSON_STATES = new Set([
  "nervous",
  "excited",
  "happy",
  "glad",
  "sad",
  "scared",
  "afraid",
  "worried",
  "anxious",
  "proud",
  "thrilled",
  "stoked",
  "grateful",
  "thankful",
  "tired",
  "exhausted",
  "busy",
  "sick",
  "surprised",
  "shocked",
  "relieved",
  "overwhelmed",
  "stressed",
  "bummed",
  "upset",
  "pumped",
]);

/**
 * Gerunds that take a clause of their own: "Hoping my screenplay gets noticed" leaves out "I am", and the verb after
 * is the hoped-for clause's, not one the gerund is the subject of ("Seeing them happy made my day").
 */
export const CLAUSE_GERUNDS = new Set(["hoping", "praying"]);
/** Pronouns that open a clause of their own after "but", "though" or a comma: "Trying to fix it but it's tough". */
export const SUBJECT_PRONOUNS = new Set(["i", "you", "he", "she", "it", "we", "they"]);
/** Words after which a clause may start again with a subject of its own ("…, though I assume…"). */
export const SUBJECT_AGAIN_AFTER = new Set(["but", "though", "although", "yet", ","]);
/** Object pronouns: a plural-looking noun right before one is a verb the tagger misread ("…pumps me up"). */
export const OBJECT_PRONOUNS = new Set(["me", "him", "her", "us", "them"]);

/** Informal openings that leave the subject out, and what puts it back: "Gonna continue…" → "I am going to continue…". */
export const SUBJECTLESS_OPENERS: Readonly<Record<string, string>> = {
  gonna: "I am going to",
  wanna: "I want to",
  gotta: "I have to",
  been: "I have been",
};
/** Words that open a subordinate clause, which stays with the main clause after its comma. */
export const SUBORDINATORS = new Set([
  "since",
  "when",
  "whenever",
  "while",
  "because",
  "after",
  "before",
  "as",
  "although",
  "though",
  "until",
  "once",
  "by",
]);
/**
 * Verbs of effect after "It" ("It made me appreciate…", "It reminded me…", "It really fired up my passion…"): the clause
 * tells what the event of the clause before it did to the speaker, and goes on that clause's fact. Adverbs may come
 * between (CONSEQUENCE_ADVERBS).
 */
export const CONSEQUENCE_VERBS = new Set([
  "made",
  "makes",
  "reminded",
  "reminds",
  "gave",
  "gives",
  "showed",
  "shows",
  "taught",
  "teaches",
  "inspired",
  "inspires",
  "helped",
  "helps",
  "kept",
  "keeps",
  "fired",
  "brought",
  "brings",
  "pushed",
  "pushes",
  "motivated",
  "motivates",
  "encouraged",
  "encourages",
  "opened",
  "opens",
  "changed",
  "changes",
  "bugged",
  "upset",
  "touched",
  "moved",
  "meant",
  "means",
]);
export const CONSEQUENCE_ADVERBS = new Set([
  "really",
  "also",
  "just",
  "definitely",
  "totally",
  "truly",
  "even",
  "always",
  "sure",
]);

/** After a relative date, "'s" that is "is" or "has" ("Tonight's going to be…"; "been" and "got" take "has"), not a possessive ("last week's game"). */
export const DATE_CONTRACTION =
  /^'s\s+(?:(been|got)|going|gonna|a|an|the|so|really|very|just|not|my|our|all|such)\b/iu;
/** After a relative date opening the clause, a verb that makes the date its subject ("Last week has been…"). */
export const DATE_AS_SUBJECT = /^\s+(?:is|was|has|had|will|would|could|might|can|should|must)\b/iu;
/** What may follow a person's state (PERSON_STATES) opening a clause: "Glad to…", "Excited for…", "Proud that…". */
export const STATE_COMPLEMENTS = new Set(["to", "that", "about", "for", "with", "of"]);

/** Words that open a clause that only points at something ("Here's…", "Look at…", "Take a look…"). */
export const PRESENTATIVES = new Set(["here", "look", "take", "see", "check"]);
/**
 * How a speaker shows something they made or own ("Here's a pic I took…", "Here are some photos from my trip"): each
 * opener as the words it is, the first word possibly one token with its verb as the tagger reads it ("here's").
 * With a word of the speaker's after it the clause tells what they shared: "I shared a pic I took…".
 */
export const SHOWING_OPENERS: readonly (readonly string[])[] = [
  ["here's"],
  ["here", "'s"],
  ["here", "is"],
  ["here", "are"],
  ["here're"],
];
/**
 * The pronouns that may follow a showing opener: what is shown is the speaker's ("Here's my painting"). Not "me":
 * "Here's me at the food bank" shows a picture the words do not name ("shared her at…" is not English).
 */
export const SHOWN_PRONOUNS = new Set(["my", "our"]);

/**
 * Verbs whose past tense is their base form: after "I" the parser cannot tell "I read" (now) from "I read" (then), so
 * the third person keeps the form in a clause that speaks of the past (PAST_MARKERS): "Tim recently read a book",
 * not "reads".
 */
export const PAST_AS_BASE = new Set([
  "read",
  "put",
  "cut",
  "set",
  "let",
  "hit",
  "quit",
  "hurt",
  "shut",
  "spread",
  "upset",
  "bet",
  "cast",
  "split",
]);
/** Words that open a phrase of a gerund before the clause's subject ("After losing my job, I…"). */
export const GERUND_OPENERS = new Set(["after", "before", "since", "while", "when", "by", "from"]);
/** Common irregular past forms: a clause that has one before an ambiguous verb speaks of the past. */
export const PAST_FORMS = new Set([
  "had",
  "was",
  "were",
  "did",
  "went",
  "got",
  "made",
  "took",
  "came",
  "saw",
  "felt",
  "said",
  "found",
  "gave",
  "told",
  "knew",
  "thought",
  "left",
  "ran",
  "began",
  "wrote",
  "bought",
  "brought",
  "met",
]);
/** Words that put a clause in the past ("recently", "ago", "yesterday", "last week"). */
export const PAST_MARKERS = new Set([
  "recently",
  "ago",
  "yesterday",
  "last",
  "earlier",
  "once",
  "already",
  "finally",
]);

/** Pronouns that, as a clause's subject, stand for the subject of the clause before ("Pottery… - it helps me"). */
export const ANAPHORS = new Set(["it", "this", "that", "they"]);
/** Pronouns for something said before: a clause that keeps one after anaphora does not stand on its own. */
export const UNRESOLVED_PRONOUNS = new Set([
  "it",
  "its",
  "they",
  "them",
  "their",
  "theirs",
  "themselves",
  "itself",
]);
/** Subjects that say nothing on their own: a clause that still opens with one after anaphora is not a fact. */
export const VAGUE_SUBJECTS = new Set([
  "it",
  "this",
  "that",
  "they",
  "there",
  "these",
  "those",
  "everything",
  "everyone",
]);

/** Intensifiers that add nothing to a fact's meaning, dropped from its text before an adjective, adverb or verb. */
export const FILLERS = new Set([
  "really",
  "super",
  "pretty",
  "totally",
  "so",
  "actually",
  "literally",
  "kinda",
  "basically",
  "definitely",
  "absolutely",
  "truly",
  "honestly",
  "seriously",
  "certainly",
  "surely",
  "incredibly",
  "extremely",
  "quite",
  "even",
]);

/** Informal words as a memory should read them: "my edu" → "my education", "the biz" → "the business". */
export const INFORMAL_WORDS: Readonly<Record<string, string>> = {
  biz: "business",
  edu: "education",
  fam: "family",
  pic: "picture",
  pics: "pictures",
  bday: "birthday",
  fave: "favorite",
  fav: "favorite",
  mag: "magazine",
  convo: "conversation",
  convos: "conversations",
  info: "information",
  vid: "video",
  vids: "videos",
  gonna: "going to",
  wanna: "want to",
  gotta: "have to",
  kinda: "kind of",
  sorta: "sort of",
  "'cause": "because",
  cuz: "because",
  coz: "because",
  tho: "though",
  lil: "little",
  hubby: "husband",
  bro: "brother",
  sis: "sister",
  uni: "university",
  ok: "okay",
  pls: "please",
  thx: "thanks",
  w: "with",
  b4: "before",
  bc: "because",
  rn: "right now",
  asap: "as soon as possible",
  approx: "approximately",
};

/**
 * How many content words (not names, pronouns or stop words) a clause needs to be a fact: the one constant fitted on
 * data, chosen by leave-one-conversation-out on LoCoMo dev (npm run bench:facts-tune; every held-out fold chose 3).
 */
export const MIN_CONTENT_WORDS = 3;

/**
 * Words of a lasting trait a short clause still tells (health, diet, family status, faith): "I'm allergic to peanuts",
 * "I'm vegetarian", "I'm married" are facts a reader keeps, with fewer content words than MIN_CONTENT_WORDS asks.
 * Not fitted on data: a lexicon, measured for what it changes (bench:facts).
 */
export const LASTING_TRAITS = new Set(
  "allergic allergy allergies vegetarian vegan pescatarian diabetic diabetes celiac coeliac gluten-free lactose-intolerant intolerant asthmatic asthma epileptic epilepsy pregnant married divorced widowed engaged retired left-handed colorblind colourblind deaf christian catholic muslim jewish buddhist hindu atheist sober".split(
    " ",
  ),
);

/** Lasting traits of more than one word ("I'm an only child"), which a short clause tells as LASTING_TRAITS do. */
export const LASTING_PHRASE = /\bonly (?:child|kid)\b/iu;

/** Chinese statements of a lasting trait: 我是素食者, 我吃素, 我是左撇子. */
const CHINESE_TRAIT =
  /^(?:是)?(?:素食者|素食主义者|单身|已婚|左撇子|独生子女?|基督徒|佛教徒|穆斯林)$|^吃素$/u;

/**
 * Whether a statement's object says what its subject lastingly is ("is vegetarian", "is a devout Catholic", 是素食者),
 * in a few words: what is known of someone includes it, where a state of the moment ("is so tired") it does not.
 */
export function isLastingTrait(object: string): boolean {
  if (CHINESE_TRAIT.test(object)) return true;
  const words = object.toLowerCase().split(/\s+/u);
  return (
    (words[0] === "is" || words[0] === "are") &&
    words.length <= 4 &&
    (words.slice(1).some((word) => LASTING_TRAITS.has(word) && !word.startsWith("allerg")) ||
      LASTING_PHRASE.test(object))
  );
}

// ---- Structured facts: patterns over a clause in the speaker's own words (first person), one row per predicate ----

export const RELATIVE_WORD_LIST = [...Object.keys(RELATIVE_SYNONYMS), ...Object.keys(RELATIVE_WORDS)]
  .sort((a, b) => b.length - a.length)
  .join("|");
export const NAME = String.raw`[A-Z][\p{Ll}-]+(?:['’][A-Z][\p{Ll}]+)?(?: [A-Z][\p{Ll}-]+)?(?!['’\p{L}])`;
/** A proper noun phrase: "Berlin", "New York", "University of Lisbon", "Google". */
const PROPER = String.raw`(?:the )?[A-Z][\p{L}\d'’&.-]*(?:,? (?:(?:of|de|del|da|la|le|van|von|am|on|upon|&|and) )?[A-Z][\p{L}\d'’&.-]+){0,4}`;
/** A short phrase, up to a clause break. */
const PHRASE = `[^,.;!?()]+?`;
/** A verb phrase: what follows "to" in "plans to…"; not a noun phrase ("going to a conference" is no plan to do). */
const VERB_PHRASE = String.raw`(?![A-Z])(?!(?:a|an|the|my|your|his|her|our|their|this|that|these|those|some|work|school|bed|church)\b)${PHRASE}`;
/** Nouns that make a named organisation a group one belongs to rather than an employer. */
const GROUP_NOUNS =
  "Club|Team|Society|Association|Group|Alliance|Church|Band|Choir|League|Union|Community|Network|Circle|Collective|Guild|Scouts|Chapter";
/** Animals kept as pets. */
export const PET_WORDS =
  "dog|dogs|puppy|pup|cat|cats|kitten|kitty|bird|parrot|hamster|rabbit|bunny|horse|pony|fish|turtle|tortoise|snake|lizard|guinea pig|ferret|gecko|golden retriever|retriever|labrador|poodle|beagle|husky|bulldog|corgi|terrier|dachshund|chihuahua|pug|spaniel";
const CLAUSE_END = String.raw`(?=\s+(?:and|but|because|since|so|which|who|when|while|although|though|if|(?<!\bsuch\s+)as|with whom)\b|\s*[,.;!?()]|\s*$)`;
/** The months by name, for the rules above the day patterns ("born in March 1990" is no place). */
const MONTH_NAMES =
  "(?:January|February|March|April|May|June|July|August|September|October|November|December)";
/** How often a habit is done, after what is done ("I play golf every Sunday", "twice a week"): no part of it. */
const DAYS = "(?:[Mm]on|[Tt]ues|[Ww]ednes|[Tt]hurs|[Ff]ri|[Ss]atur|[Ss]un)day";
const HOW_OFTEN = `(?: (?:every|each) (?:day|week|weekend|morning|evening|night|${DAYS})| on (?:the )?(?:weekends|${DAYS}s)| (?:once|twice|three times|four times) a (?:day|week|month)| (?:regularly|daily|weekly))?`;
/** Predicates whose object may be a list ("I love hiking, painting and playing the guitar"): its items are one object. */
export const LIST_PREDICATES = new Set([
  "likes",
  "dislikes",
  "learns",
  "plans",
  "has",
  "allergic_to",
  "speaks",
  "practices",
]);
/** Pairs joined by "and" that name one thing ("I love rock and roll" is no liking of rolls). */
const ONE_THING_PAIRS: ReadonlyArray<readonly [string, string]> = [
  "rock and roll",
  "rhythm and blues",
  "drum and bass",
  "arts and crafts",
  "fish and chips",
  "mac and cheese",
  "macaroni and cheese",
  "salt and pepper",
  "bread and butter",
  "peanut butter and jelly",
  "dungeons and dragons",
  "hide and seek",
  "trial and error",
  "pros and cons",
  "ups and downs",
  "odds and ends",
].map((pair) => pair.split(" and ") as [string, string]);

/** Whether a phrase ends in a pair that names one thing ("I love rock and roll", "classic rock and roll"). */
export function namesOneThing(phrase: string): boolean {
  const lower = phrase.toLowerCase();
  return ONE_THING_PAIRS.some(([left, right]) => {
    const ending = `${left} and ${right}`;
    return lower === ending || lower.endsWith(` ${ending}`);
  });
}

/**
 * What goes on from one item of a list to the next: ", ", ", and ", " and ", " or "; and ", especially", which goes on
 * with kinds of what came before ("listening to music, especially jazz").
 */
export const LIST_SEPARATOR =
  /^(?:\s*,\s*(?:(?:and|or|especially|particularly)\s+)?|\s+(?:and|or|especially|particularly)\s+)/u;
/** A separator after which a list goes on with kinds of what came before. */
export const LIST_KINDS = /\b(?:especially|particularly)\b/u;
/** A separator that can end a list: one before its last item. */
export const LIST_CLOSER = /\b(?:and|or|especially|particularly)\b/u;
/** The next item of a list, up to where a clause could break (the words are then read by their part of speech). */
export const LIST_ITEM = new RegExp(`^${PHRASE}${CLAUSE_END}`, "u");
/** What a preference is preferred to, where its object ends ("I prefer tea to coffee"). */
const PREFERRED_TO = String.raw`(?=\s+(?:to|over|rather than|instead of)\s)`;
/** Where a proper-noun object ends: at the next non-capitalised word or punctuation. */
const PROPER_END = String.raw`(?=[\s,.;!?)]|$)`;
const SUBJECT = `(?<subject>I|We|we|[Mm]y name(?= is)|(?<favourite>[Mm]y|[Oo]ur)(?= (?:all-time )?favou?rite )|(?:[Mm]y|[Oo]ur) (?<relation>${RELATIVE_WORD_LIST})(?:,? (?<relativeName>${NAME})(?<moreNames>(?:,? and ${NAME}|, ${NAME}){0,8}),?)?|(?:[Mm]y|[Oo]ur) (?:${PET_WORDS}) (?<petName>${NAME})|(?<name>${NAME}))`;

/** A rule's subject opening a clause ("I", "My sister", "Maria"), which a verb phrase after "and" shares. */
export const CLAUSE_SUBJECT = new RegExp(`^${SUBJECT}(?=\\s)`, "u");

/** Capitalised words that open sentences but are not names. */
export const NOT_NAMES = new Set(
  "I My She He They We You It This That There Here Yesterday Today Tomorrow Then Now Also And But So Yes No Oh Wow Hey Hi Hello Well Thanks Thank Sure Maybe Last Next What Why How When Where Who Which Our Your Their His Her Its Everyone Someone Nobody Everybody Just Really Honestly Actually Anyway Plus Lately Recently Definitely Absolutely Great Nice Cool Awesome Sounds Haha Lol Ok Okay Totally Glad Sorry Congrats Congratulations Good Love Let Did Do Does Is Are Was Were Have Has Had Can Could Would Should Will Not Some Any Every One Two Three Mine Me".split(
    " ",
  ),
);

export const TRAILING_FILLER =
  /\s+(?:now|too|as well|a lot|so much|very much|lately|these days|nowadays|anymore|instead|lol|haha+|lmao|:\)|:D|again|already|recently|right now|at the moment|for now|together|(?:for|over) (?:(?:about|almost|nearly|over|around) )?(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|a few|a couple of|several|many|\d+) (?:years?|months?|weeks?|days?|hours?)|for (?:a while|ages|years|months|weeks|a long time))$/i;
export const PRONOUN_OBJECT =
  /^(?:it|that|this|them|you|him|her|me|us|those|these|what|how|doing(?: it| that| this| so)?$|the idea|to|a lot|so|one)\b/i;
/** An object opening on a finite verb: the rule matched inside a relative clause ("Everyone we love was there"). */
export const VERB_OBJECT = /^(?:was|were|is|are|am|has|had|have|will|would|can|could|should)\b/i;

export interface Rule {
  predicate: string;
  pattern: RegExp;
  /** How to read the object out of the match. */
  object?: (groups: Record<string, string | undefined>) => string | undefined;
  objectType?: EntityType | null;
  /** For a third-person subject the verb differs; rules list both forms. */
  firstPersonOnly?: boolean;
  /** The pattern holds the negation itself ("don't like"): it applies to a negated clause. */
  negated?: boolean;
  /**
   * The fact reads as the clause said it, not as the predicate's sentence: "graduated from MIT in 2015" is a
   * studies_at fact whose sentence "studies at MIT" would move it into the present.
   */
  asSaid?: boolean;
  /** The fact ends the predicate's value ("I quit my job at Google"): ExtractedFact.ends. */
  ends?: boolean;
  /** The ending says the value held until then ("I no longer work at Google"): ExtractedFact.held. */
  held?: boolean;
  /** The object counts only when the lexicon knows it as a place ("works in Osaka", not "works in Marketing"). */
  place?: boolean;
}

/** Adverbs between subject and verb that change nothing: "I just moved", "she recently started working". */
const ADVERBS = String.raw`(?:(?:just|recently|finally|also|now|currently|still|really|actually|already|officially)\s+)*`;

/** Each rule's pattern after its subject and adverbs, by rule (for ANY_RULE). */
const tails = new Map<Rule, string>();

const rule = (predicate: string, tail: string, options: Partial<Rule> = {}): Rule => {
  const made = {
    predicate,
    pattern: new RegExp(String.raw`(?:^|[\s"'“(])${SUBJECT}\s+${ADVERBS}${tail}`, "u"),
    ...options,
  };
  tails.set(made, tail);
  return made;
};

/** Numbers said in words, one to ninety-nine: the words, and the number of each. */
const UNITS = "one two three four five six seven eight nine".split(" ");
const TEENS = "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split(" ");
const TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split(" ");
/** An age in words: "five", "twelve", "thirty-four", "forty two". */
const AGE_WORDS = `(?:(?:${TENS.join("|")})(?:[- ](?:${UNITS.join("|")}))?|${TEENS.join("|")}|${UNITS.join("|")})`;

/** A number in words (AGE_WORDS) as digits ("thirty-four" → 34); null when it is none. */
export function englishNumber(words: string): number | null {
  const [first, second] = words.toLowerCase().split(/[- ]/u);
  const unit = (word: string | undefined) => (word === undefined ? 0 : UNITS.indexOf(word) + 1);
  if (first === undefined) return null;
  if (TENS.includes(first)) {
    const more = unit(second);
    return second !== undefined && more === 0 ? null : (TENS.indexOf(first) + 2) * 10 + more;
  }
  if (second !== undefined) return null;
  if (TEENS.includes(first)) return TEENS.indexOf(first) + 10;
  return unit(first) || null;
}

/** "at a small restaurant called Trattoria Bella": a workplace by its kind, then its name. */
const PLACE_CALLED = `(?: (?:a|an|the) (?:[a-z]+ ){0,2}(?:restaurant|café|cafe|bakery|bar|pub|hotel|hospital|clinic|school|company|firm|startup|shop|store|agency|studio|bank|bookstore|gym|salon|factory|lab) (?:called|named))?`;
const OCCUPATIONS =
  "teacher|engineer|nurse|doctor|designer|developer|programmer|lawyer|accountant|chef|cook|artist|painter|writer|author|journalist|student|scientist|researcher|professor|manager|consultant|architect|pharmacist|dentist|therapist|counselor|counsellor|musician|singer|photographer|firefighter|police officer|pilot|mechanic|electrician|plumber|carpenter|farmer|baker|barista|waiter|waitress|librarian|translator|analyst|entrepreneur|veterinarian|vet|social worker|psychologist|surgeon|data scientist|software engineer|product manager|graphic designer|web developer|civil engineer";

/** The kind of an occupation said before it ("a backend developer", "a freelance photographer", "a high school teacher"). */
const JOB_KIND =
  "(?:(?:senior|junior|lead|head|chief|staff|principal|backend|back-end|frontend|front-end|full-stack|fullstack|mobile|freelance|self-employed|registered|licensed|certified|high school|middle school|primary school|elementary school|kindergarten|preschool|math|maths|english|science|history|music|art|yoga|piano|dance|ICU|ER|pediatric|paediatric) )?";

/** "Hi, I'm Daniel", "I am Daniel Lee, a nurse": the speaker introducing themself by a name (a first name the lexicon knows). */
export const INTRODUCED = new RegExp(
  String.raw`^(?:(?:hi|hello|hey)(?: there)?[,!.]? )?I am (?<name>${NAME})(?=\s*(?:[,.!;]|$)| (?:and|from|here)\b)`,
  "u",
);

export const RULES: Rule[] = [
  rule("name", String.raw`(?:is|am called|go by) (?<object>${NAME})\b`, {
    firstPersonOnly: true,
    object: (g) => g.object,
  }),
  rule(
    "lives_in",
    `(?:(?:now |currently |still )?(?:live|lives|am living|is living|have lived|has lived|have been living|has been living|am based|is based|am staying|is staying|reside|resides)(?: here)? in|(?:just |recently |finally )?(?:moved|have moved|has moved|relocated|have relocated|has relocated|moved back|have moved back|has moved back)(?: back)?(?: from ${PROPER})? to) (?<object>${PROPER})${PROPER_END}`,
    { objectType: "place" },
  ),
  rule("from", `(?:am|is|are) (?:originally )?from (?<object>${PROPER})${PROPER_END}`, {
    objectType: "place",
  }),
  // "I'm a graphic designer from Mumbai", "she's a nurse originally from Lyon": one of the occupation, from there
  rule(
    "from",
    `(?:am|is) (?:an? )(?:[a-z-]+ )?(?:${OCCUPATIONS}) (?:originally )?from (?<object>${PROPER})${PROPER_END}`,
    { objectType: "place" },
  ),
  rule(
    "member_of",
    String.raw`(?:joined|have joined|has joined|am a member of|is a member of|am part of|is part of|belong to|belongs to|volunteer (?:at|with|for)|volunteers (?:at|with|for)|volunteered (?:at|with|for)|am volunteering (?:at|with|for)) (?<object>(?:the )?(?:[A-Z][\p{L}\d'’&.-]* ){0,4}(?:${GROUP_NOUNS}))\b`,
    { objectType: "organization" },
  ),
  rule(
    "works_at",
    `(?:(?:now |currently |still )?(?:work|works|am working|is working|have been working|has been working|started working|start working|began working|work (?:remotely|full[- ]time|part[- ]time|freelance|from home)|works (?:remotely|full[- ]time|part[- ]time|freelance|from home)|got a (?:new )?job|(?:moved|relocated|came)(?: [^\\s,.;!?]+){0,4} for a (?:new )?job|landed a (?:new )?job|took a (?:new )?job|accepted a (?:new )?job|have a (?:new )?job|has a (?:new )?job|(?:started|began) (?:a|my|her|his) (?:new )?(?:job|position|role))(?: as an? [a-z ]+?)? (?:at|for|with)${PLACE_CALLED}|(?:joined|have joined|has joined|am employed by|is employed by|(?:got|was|have been|has been) hired (?:by|at))|(?:teach|teaches|am teaching|is teaching)(?: [a-z]+){0,2} at) (?<object>${PROPER})${PROPER_END}`,
    { objectType: "organization" },
  ),
  // "I'm a software engineer at Spotify", "she is a nurse at St. Mary's": an occupation at a named employer
  rule(
    "works_at",
    `(?:am|is) (?:now |currently )?(?:an? )?(?:senior |junior |lead |head |chief )?(?!student\\b)(?:${OCCUPATIONS}) (?:at|for|with)${PLACE_CALLED} (?<object>${PROPER})${PROPER_END}`,
    { objectType: "organization" },
  ),
  // "I am a student at Oxford University", "she's a PhD student at MIT"
  rule(
    "studies_at",
    `(?:am|is) (?:now |currently )?(?:an? )?(?:[a-zA-Z]+ )?student (?:at|in) (?<object>${PROPER})${PROPER_END}`,
    { objectType: "organization" },
  ),
  // what ended: a home, a job, a marriage ("I no longer live in Paris", "I quit my job at Google", "I don't work at
  // Google anymore"); the derivation ends only a value that is current ("I left Paris" ends no job)
  // (a home or a job left, or no longer had, held until then; one only denied did not: "I don't work at Google")
  rule(
    "lives_in",
    // ("Before that I lived in Madrid for five years": a home of before, said in the past tense)
    `(?:no longer live|no longer lives|used to live|lived|(?:have|has) moved (?:out of|away from)|moved (?:out of|away from))(?: in)? (?<object>${PROPER})${PROPER_END}`,
    { objectType: "place", negated: true, ends: true, held: true },
  ),
  // "I moved to Denver from Chicago", "we moved here from Ohio": the home before
  rule(
    "lives_in",
    `(?:moved|have moved|has moved) (?:(?:here|there|back|over) )?(?:to ${PROPER} )?from (?<object>${PROPER})${PROPER_END}`,
    { objectType: "place", negated: true, ends: true, held: true },
  ),
  rule(
    "lives_in",
    `(?:don't|do not|don’t|doesn't|does not|doesn’t) live(?: in)? (?<object>${PROPER})${PROPER_END}`,
    { objectType: "place", negated: true, ends: true },
  ),
  rule(
    "works_at",
    `(?:lost (?:my|her|his|their) (?:job|position) (?:at|with)|(?:quit|left|have left|has left) (?:my|her|his|their) (?:job|position|role|work) (?:at|with)|resigned from|retired from|(?:got|was|have been|has been) (?:fired|laid off|let go) from|stopped working (?:at|for)|no longer work (?:at|for)|no longer works (?:at|for)|used to work (?:at|for)) (?<object>${PROPER})${PROPER_END}`,
    { objectType: "organization", negated: true, ends: true, held: true },
  ),
  // ("I left Paris", "I quit Facebook": a name left may be a place or an app, so only a job there held ends)
  rule(
    "works_at",
    `(?:quit|left|have left|has left|(?:don't|do not|don’t|doesn't|does not|doesn’t) work (?:at|for)) (?<object>${PROPER})${PROPER_END}`,
    { objectType: "organization", negated: true, ends: true },
  ),
  // "I used to be a nurse", "my dad used to work as a teacher": a job of before
  rule(
    "job_title",
    String.raw`(?:used to (?:be|work as)|was once|retired (?:as|from being)) (?:an? )?(?<object>${OCCUPATIONS})\b`,
    { ends: true, held: true, negated: true },
  ),
  rule(
    "married_to",
    String.raw`(?:divorced|(?:am|is|got) divorced from|split up with|separated from) (?<object>${NAME})\b`,
    {
      objectType: "person",
      ends: true,
      held: true,
    },
  ),
  rule(
    "visited",
    `(?:went|have been|has been|travel(?:l)?ed|flew|drove|moved back|took a trip|went on a trip|visited|have visited|has visited|got back from|came back from|returned from)(?: back)?(?: (?:to|in|from))? (?<object>${PROPER})${PROPER_END}`,
    { objectType: "place" },
  ),
  rule(
    "pet",
    String.raw`(?:have|has|got|adopted|have adopted|has adopted|own|owns|rescued)(?: an?| two| three| my| our| a new| a little)? (?:${PET_WORDS})(?:,)? (?:named |called )?(?<object>${NAME})\b`,
    { objectType: "animal" },
  ),
  rule(
    "job_title",
    // "I work as a nurse at Santa Maria", "I work at Google as a software engineer": the employer is works_at's
    `(?:(?:now )?(?:work|works|am working|is working|have been working|has been working)(?: (?:at|for|with) ${PROPER})?(?: from home| remotely| part-time| full-time| part time| full time)? as|(?:just )?(?:became|have become|has become|got promoted to|was promoted to)) (?:an? )?(?<object>[a-z][a-z -]{2,40}?)(?:(?= (?:at|for|with|in|on) )|${CLAUSE_END})`,
    { object: (g) => g.object },
  ),
  rule("job_title", String.raw`(?:am|is) (?:now )?(?:an? )(?<object>${JOB_KIND}(?:${OCCUPATIONS}))\b`),
  // "I work in Boston", "Aiko is a teacher in Osaka": where one works, when it is a place and no employer is named
  rule(
    "works_at",
    `(?:(?:now )?(?:work|works|am working|is working|have been working|has been working)(?: as (?:an? )?[a-z][a-z -]{2,40}?)?|(?:am|is) (?:now )?an? (?:${OCCUPATIONS})) (?:here )?in (?<object>${PROPER})${PROPER_END}`,
    { objectType: "place", asSaid: true, place: true },
  ),
  rule(
    "studies_at",
    `(?:(?:study|studies|am studying|is studying|am enrolled|is enrolled)(?: [a-z ]+?)? (?:at|in)|(?:attend|attends|go to|goes to)) (?<object>${PROPER})${PROPER_END}`,
    { objectType: "organization" },
  ),
  rule(
    "studies_at",
    `(?:(?:graduated|have graduated|has graduated) from|studied at|went to (?:school|college|university) at) (?<object>${PROPER})${PROPER_END}`,
    { objectType: "organization", asSaid: true },
  ),
  rule(
    "allergic_to",
    `(?:am|is|are)(?: (?:very|severely|really|deathly|highly|mildly|slightly|so|also))* allergic to (?<object>${PHRASE})${CLAUSE_END}`,
  ),
  rule("married_to", String.raw`(?:am|is|got|have been|has been) married to (?<object>${NAME})\b`, {
    objectType: "person",
  }),
  rule("married_to", String.raw`(?:married) (?<object>${NAME})\b`, { objectType: "person" }),
  // "I speak French and Spanish", "my mom is fluent in Italian": languages, by their capitalised names
  rule(
    "speaks",
    `(?:speak|speaks|can speak|am fluent in|is fluent in|are fluent in|am bilingual in|is bilingual in)(?: (?:fluent|some|a little|basic|good|decent|native))? (?<object>[A-Z][a-z]+)(?=\\s*[,.;!?]|\\s*$|\\s+(?:and|or|but|too|as well|fluently|well|at home)\\b)`,
  ),
  rule(
    "age",
    // ("turned 3 yesterday": an age turned lately is the age now)
    String.raw`(?:am|is|are|just turned|turned) (?<object>\d{1,3}|${AGE_WORDS})(?: years? old)?(?: now| (?:yesterday|today|last (?:week|month)|this (?:week|month)|on (?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day))?(?=\s*[,.;!?]|\s*$|\s+and\s+(?!a half\b)| years?\b(?! (?:older|younger|ago|later|before|after|apart)))`,
  ),
  // "my daughter Lena was born in 2019": the year one was born, which ages them as years go by
  rule("birth_year", `(?:was born|were born) in (?:${MONTH_NAMES} )?(?<object>(?:19|20)\\d{2})(?!\\d)`),
  // "I was born in Lyon", "my mom grew up in Naples": where one is from
  rule("from", `(?:was born|were born|grew up) in (?!${MONTH_NAMES}\\b)(?<object>${PROPER})${PROPER_END}`, {
    objectType: "place",
  }),
  rule(
    "likes",
    `(?:really |also |absolutely |totally |just |mainly |mostly |especially |particularly |truly )?(?:like|likes|love|loves|enjoy|enjoys|adore|adores|am (?:(?:really|so|super|totally|very|quite|pretty|kind of|kinda) )?(?:a (?:big |huge )?fan of|into|passionate about|obsessed with)|is (?:(?:really|so|super|totally|very|quite|pretty|kind of|kinda) )?(?:a (?:big |huge )?fan of|into|passionate about|obsessed with)) (?<object>${PHRASE})${CLAUSE_END}`,
  ),
  // "My favourite dish is paella", "my favorite music genres are rock and pop": the kind stays in the sentence; a
  // favourite part or moment is of something told, no liking of the speaker's
  rule(
    "likes",
    `(?:all-time )?favou?rite (?!(?:part|parts|moment|moments|memory|memories|day|bit|time|one|ones|thing about)\\b)[a-z][a-z-]*(?: [a-z][a-z-]*){0,3} (?:is|are|has to be|have to be) (?<object>${PHRASE})${CLAUSE_END}`,
    // its sentence keeps the kind whatever the value's type ("Ana's favourite band is Coldplay.")
    { asSaid: true },
  ),
  // "I prefer Sichuan and Cantonese cuisine"; what it is preferred to is no liking ("I prefer tea to coffee")
  rule(
    "likes",
    `(?:really |also |mainly |mostly |generally |usually )?(?:prefer|prefers) (?<object>${PHRASE})(?:${PREFERRED_TO}|${CLAUSE_END})`,
  ),
  rule(
    "learns",
    `(?:am learning|is learning|have been learning|has been learning|started learning|began learning|am trying to learn|is trying to learn|am taking (?:lessons|classes) in|is taking (?:lessons|classes) in|learned|learnt|am studying|is studying) (?<object>(?!(?:to|at|in|on|for|with|from|hard|abroad)\\b)${PHRASE})${CLAUSE_END}`,
  ),
  // "I take piano lessons", "she's taking a pottery class", "my daughter takes swimming lessons": what is learnt there
  rule(
    "learns",
    String.raw`(?:take|takes|am taking|is taking|are taking|have been taking|has been taking|started taking|signed up for) (?:a |an |some |weekly |private )?(?<object>(?!(?:the|my|your|his|her|our|their|a|an|online|evening|night|morning|weekend|extra|summer|college|university)\b)[a-z][a-z-]{1,20}(?: [a-z][a-z-]{1,20})?) (?:lessons?|classes|class|courses?)\b`,
  ),
  // "I'm learning to play the guitar": a skill being learned (one "learned to" is had)
  rule(
    "learns",
    `(?:am learning|is learning|have been learning|has been learning|started learning|began learning) (?<object>to (?:play|speak|cook|code|program|draw|paint|swim|drive|dance|sing|knit|sew|bake|ski|surf|skate|ride|sail|fly)(?: ${PHRASE})?)${CLAUSE_END}`,
  ),
  rule(
    "practices",
    `(?:practice|practices|practise|practises|am practicing|is practicing|play|plays|am playing|is playing|have been playing|has been playing|do|does|am doing|is doing|have been doing|has been doing|started doing|took up|have taken up|has taken up) (?<object>(?:the )?(?:yoga|pilates|kickboxing|boxing|karate|judo|taekwondo|tennis|soccer|football|basketball|baseball|volleyball|golf|chess|piano|guitar|violin|drums|cello|flute|saxophone|trumpet|ukulele|running|swimming|climbing|surfing|skating|skiing|snowboarding|dancing|ballet|martial arts|meditation|crossfit|cycling|hiking|rowing|archery|fencing|badminton|hockey|rugby|cricket|gymnastics|video games|board games)(?: [a-z]+)?)${HOW_OFTEN}${CLAUSE_END}`,
  ),
  rule(
    "dislikes",
    `(?:really )?(?:hate|hates|dislike|dislikes|can't stand|cannot stand|can’t stand|don't like|do not like|doesn't like|does not like|don’t like|doesn’t like|(?:am|is) not (?:really )?(?:a (?:big |huge )?|much of a )fan of) (?<object>${PHRASE})${CLAUSE_END}`,
    { negated: true },
  ),
  rule(
    "plans",
    // ("trying to learn Spanish" is learning it: learns)
    `(?:am|is) (?:planning|going|hoping|about|trying(?! to learn\\b)|aiming) to (?<object>${VERB_PHRASE})${CLAUSE_END}`,
  ),
  rule(
    "plans",
    `(?:plan|plans|intend|intends|hope|hopes|want|wants) to (?<object>${VERB_PHRASE})${CLAUSE_END}`,
  ),
  rule(
    "has",
    String.raw`(?:have|has|own|owns|have got|has got|adopted|have adopted|has adopted|bought|have bought|has bought) (?<object>(?:an?|two|three|four|five|\d+|my own|a new|a little|a pet|twin) ${PHRASE})${CLAUSE_END}`,
  ),
  // "I drive a Tesla", "she drives an old Volvo": a car of a make, had
  rule(
    "has",
    `(?:drive|drives|am driving|is driving) (?<object>an? (?:(?:new|old|used|red|blue|black|white|silver|grey|gray|little) )?(?:${PROPER}))${PROPER_END}`,
  ),
];

/**
 * What every rule's pattern needs after its subject, as one expression: a clause it does not match matches no rule
 * (a rule's match holds whitespace, adverbs and its tail, and the tails' look-aheads only read what follows), so the
 * rules are tried only on the clauses it matches, about a tenth of them. Group names are dropped (no tail refers back
 * to one); the flags are the rules' own.
 */
export const ANY_RULE = new RegExp(
  String.raw`\s+${ADVERBS}(?:${RULES.map((r) => `(?:${(tails.get(r) ?? "").replace(/\(\?<[A-Za-z]\w*>/g, "(?:")})`).join("|")})`,
  "u",
);

/**
 * "My dog Max", "my cat, Luna", "our two cats, Miso and Tofu", "my cat's name is Luna": the speaker's pet, named (not
 * "your dog Rex", whose "our" made Rex the speaker's).
 */
export const PET_NAMED = new RegExp(
  String.raw`(?<![\p{L}\p{N}'’])(?:[Mm]y|[Oo]ur)(?: (?:two|three|four|five|little|new|old))? (?:${PET_WORDS})(?:,? (?:named |called )?|'s names? (?:is|are) | (?:is|are) (?:called|named) )(?<name>${NAME})\b`,
  "u",
);
/** A pet named after its kind anywhere in a clause that has one ("…, and a cat named Luna"). */
export const PET_NAMED_ANY = new RegExp(
  String.raw`\b(?:${PET_WORDS}),? (?:named|called) (?<name>${NAME})\b`,
  "gu",
);
/**
 * A person named and a clause of "who" about them: "a son, Jake, who is 10", "a brother named Taro who's studying at
 * Kyoto University", "my friend Anna, who works at Google,"; it ends where a list's next name begins ("Owen who is 8
 * and Lily who is 5").
 */
export const WHO_SAYS = new RegExp(
  String.raw`\b(?<name>${NAME}),? who(?<verb>['’]s| is| was| has| works| lives| studies| plays| loves| likes| teaches| just turned| turned| turns)(?<rest> (?:(?! and [A-Z])[^,;.!?()]){1,80})`,
  "gu",
);
/** Pets had and named: "a dog named Rex", "two cats, Miso and Tofu" (the list's next names follow with NEXT_NAME). */
export const PET_HAD = new RegExp(
  String.raw`\b(?:a|an|one|two|three|four|five|\d{1,2})(?: (?:little|new|old|rescue|adopted))? (?:${PET_WORDS})[,:]? (?:named |called )?(?<name>${NAME})\b`,
  "gu",
);
/**
 * A turn that only corrects a value told before, naming neither subject nor predicate: "Actually, it was Boulder, not
 * Denver.", "Sorry, I meant Lisbon, not Porto", "Boulder, not Denver."
 */
export const VALUE_CORRECTED =
  /^(?:(?:[Aa]ctually|[Ss]orry|[Oo]ops|[Nn]o|[Ww]ait|[Cc]orrection|[Mm]y bad|[Mm]y mistake)[,!.:]?\s+)*(?:(?:[Ii]t|[Tt]hat)(?:'s|’s| is| was)\s+|I (?:meant|mean)\s+|[Mm]ake that\s+)?(?<right>[A-Z][\p{L}-]*(?: [A-Z][\p{L}-]*){0,3}),\s+not\s+(?<wrong>[A-Z][\p{L}'’-]*(?: [A-Z][\p{L}'’-]*){0,3})\s*[.!]*$/u;
/** The next name of a list of names ("Miso and Tofu", "Rex, Bella and Max"), after one. */
export const NEXT_NAME = new RegExp(String.raw`^(?:\s*[,:]\s*(?:and\s+)?|\s+and\s+)(?<name>${NAME})\b`, "u");
/**
 * What a name is, read from the noun it names ("a cat named Bailey", "a location called Whispering Falls", "the game
 * was called Counter-Strike", "a puppy, her name is Luna"): the noun's kind outweighs what a lexicon says of the name
 * (Bailey is a first name, and here a cat). Relatives and pets come from RELATIVE_WORDS and PET_WORDS.
 */
export const NAMED_NOUN_KINDS: Readonly<Record<EntityType, readonly string[]>> = {
  person: [
    "someone",
    "somebody",
    "guy",
    "girl",
    "boy",
    "man",
    "woman",
    "lady",
    "gentleman",
    "friend",
    "veteran",
    "kid",
    "child",
    "baby",
    "one-year-old",
    "teacher",
    "coach",
    "mentor",
    "student",
    "neighbor",
    "neighbour",
    "colleague",
    "coworker",
    "artist",
    "author",
    "writer",
    "singer",
    "player",
    "character",
  ],
  animal: PET_WORDS.split("|"),
  place: [
    "place",
    "town",
    "city",
    "village",
    "spot",
    "location",
    "park",
    "lake",
    "beach",
    "island",
    "mountain",
    "trail",
    "restaurant",
    "cafe",
    "café",
    "bar",
    "hotel",
    "neighborhood",
    "neighbourhood",
    "street",
    "area",
    "country",
    "region",
    "river",
    "falls",
  ],
  organization: [
    "company",
    "band",
    "team",
    "club",
    "organization",
    "organisation",
    "charity",
    "shop",
    "store",
    "brand",
    "business",
    "agency",
    "studio",
    "gym",
    "church",
    "shelter",
    "school",
    "university",
  ],
  thing: [
    "book",
    "novel",
    "game",
    "movie",
    "film",
    "show",
    "series",
    "song",
    "album",
    "podcast",
    "app",
    "play",
    "painting",
    "website",
    "blog",
    "channel",
    "course",
    "program",
    "project",
    "campaign",
    "event",
    "festival",
    "tournament",
  ],
};

/**
 * Words that make a name a place or an organisation whatever its other words are ("Fort Wayne" is no person Wayne,
 * "Jackson Park" no person Jackson): a place's first or last word, an organisation's last.
 */
export const PLACE_FIRST_WORDS = new Set(["fort", "mount", "mt", "lake", "port", "cape"]);
export const PLACE_LAST_WORDS = new Set(
  "city falls park street avenue road beach island islands county lake river mountains valley bay hills canyon square village town springs heights harbor harbour".split(
    " ",
  ),
);
export const ORGANIZATION_LAST_WORDS = new Set(
  "university college school academy hospital clinic health bank church center centre club inc corp company foundation society association institute".split(
    " ",
  ),
);

/**
 * A job or a marriage that ended, whichever it was ("I quit my job", "I got laid off", "I retired", "we got
 * divorced"): the speaker's current value of the predicate ends (ExtractedFact.ends with the object ENDED).
 */
/**
 * "I broke up with Tom", "we split up": a partner named, whichever of boyfriend, girlfriend or partner he or she was
 * (an ending of each, which ends only the one that holds).
 */
export const BROKE_UP = new RegExp(
  String.raw`(?:^|[\s"'“(])(?:(?:I|[Ww]e)(?: have|'ve)? (?:just |recently |finally |officially )?(?:broke up|broken up|split up|separated) (?:with|from) (?<name>${NAME})|(?<first>${NAME}) and I(?: have|'ve)? (?:just |recently |finally |officially )?(?:broke up|broken up|split up|separated))\b`,
  "u",
);
/**
 * "My girlfriend and I broke up", "I broke up with my boyfriend", "we split up": whichever partner of the speaker's
 * (the relation's word, when said) holds now ends.
 */
export const BROKE_UP_ANY =
  /(?:^|[\s"'“(])(?:(?:[Mm]y|[Oo]ur) (?<relation>boyfriend|girlfriend|partner) and I|[Ww]e|I(?= (?:\w+ )?(?:broke|broken|split) up with my (?<with>boyfriend|girlfriend|partner)\b))(?: have|'ve)? (?:just |recently |finally |officially )?(?:broke up|broken up|split up)(?! with (?!my\b))\b/u;
/** "Our cat Luna passed away", "my dog Rex ran away": a pet no longer had (it was). */
export const PET_GONE = new RegExp(
  String.raw`(?:^|[\s"'“(])(?:[Mm]y|[Oo]ur) (?:(?:old|little|sweet|beloved) )?(?:${PET_WORDS}),? (?<name>${NAME}),? (?:just |sadly |finally |recently )?(?:passed away|died|was put down|was put to sleep|ran away|went missing)\b`,
  "u",
);
/**
 * "Sadly Mochi passed away": one named whom a clause opens on, gone; a pet of the speaker's no longer had only when a
 * pet of that name was (a person's death ends no value: it joins no history).
 */
export const NAMED_GONE = new RegExp(
  String.raw`^(?:(?:[Ss]adly|[Uu]nfortunately|[Ss]o|[Ww]ell|[Oo]h),? )?(?<name>${NAME}),? (?:just |sadly |finally |recently )?(?:passed away|died|was put down|was put to sleep|ran away)\b`,
  "u",
);
export const ENDS_ANY: readonly { predicate: string; pattern: RegExp }[] = [
  {
    predicate: "works_at",
    pattern:
      /(?:^|[\s"'“(])I(?: have|'ve)? (?:just |recently |finally |already )?(?:quit|lost|left) my (?:job|position)\b|(?:^|[\s"'“(])I (?:just |recently |finally )?(?:got|was|have been|'ve been) (?:fired|laid off|let go)\b|(?:^|[\s"'“(])I(?:'m| am) (?:now )?unemployed\b|(?:^|[\s"'“(])I (?:just |recently |finally |officially )?retired\b/u,
  },
  {
    predicate: "married_to",
    pattern:
      /(?:^|[\s"'“(])(?:I|[Ww]e) (?:just |recently |finally |officially )?got divorced\b|(?:^|[\s"'“(])I(?:'m| am) (?:now )?divorced\b/u,
  },
];

const MONTHS =
  "January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec";
/** A day of the year as said: "March 3rd", "March 3, 1990", "3 March", "the 3rd of March", or a month alone ("June"). */
const BIRTH_DATE = String.raw`(?:(?:${MONTHS})\.? \d{1,2}(?:st|nd|rd|th)?(?:,? \d{4})?|(?:the )?\d{1,2}(?:st|nd|rd|th)? (?:of )?(?:${MONTHS})(?:,? \d{4})?|(?:${MONTHS}))`;
/**
 * "My birthday is on March 3rd", "my son's birthday is in June", "I was born on March 3, 1990": a birthday, as said
 * (the year, when said, stays with it).
 */
export const BIRTHDAY = new RegExp(
  String.raw`(?:^|[\s"'“(])(?:(?<mine>[Mm]y) (?:(?<relation>${RELATIVE_WORD_LIST})(?:'s|’s) )?birthday (?:is|was|falls) (?:on |in )?|(?<born>I) was born on )(?<date>${BIRTH_DATE})\b`,
  "u",
);

/**
 * "Our anniversary is on June 12th", "my parents' wedding anniversary is in May": the day a couple's anniversary falls
 * on, as said ("our" is the speaker's: the anniversary is theirs and their partner's).
 */
export const ANNIVERSARY = new RegExp(
  String.raw`(?:^|[\s"'“(])(?:[Mm]y|[Oo]ur) (?:(?<relation>${RELATIVE_WORD_LIST})(?:'s|’s|') )?(?:wedding |dating )?anniversary (?:is|was|falls) (?:on |in )?(?<date>${BIRTH_DATE})\b`,
  "u",
);

/** "Call me Annie", "you can call me Annie", "everyone calls me Annie": the name the speaker goes by. */
export const CALL_ME = new RegExp(
  String.raw`(?:^|[\s"'“(])(?:(?:[Yy]ou can|[Yy]ou may|[Pp]lease|[Jj]ust) call|[Cc]all|(?:[Ee]veryone|[Ee]verybody|[Pp]eople|[Mm]y friends|[Mm]ost people) calls?) me (?<name>${NAME})\b`,
  "u",
);

/** "Oscar is my dog". */
export const PET_IS = new RegExp(String.raw`(?<name>${NAME}) is (?:my|our) (?:${PET_WORDS})\b`, "u");
/**
 * "My sister Maria", "my brother's name is Tom", "my mom, Linda", "my mom is Ann": a relative, named (global: each
 * of a clause's, read with matchAll). After a bare "is" (`is`) the name must be a first name a lexicon knows ("my mom
 * is Italian", "my dad is Frank about it" name no one).
 */
export const FAMILY_NAMED = new RegExp(
  String.raw`(?<![\p{L}\p{N}'’])(?:[Mm]y|[Oo]ur) (?:(?:new|current) )?(?<relation>${RELATIVE_WORD_LIST})(?:'s name is|,? who is called|,? (?:is )?(?:called|named)|(?<is> is)|,)? (?<name>${NAME})\b`,
  "gu",
);
/**
 * "Giulia's sister Sara", "Sam's boss is Priya", "Luca's wife is called Anna": another person's relative, named (global,
 * as FAMILY_NAMED; after a bare "is" the name must be a first name a lexicon knows).
 */
export const OTHERS_FAMILY_NAMED = new RegExp(
  String.raw`(?<![\p{L}\p{N}'’])(?<owner>[A-Z][\p{Ll}-]+)['’]s (?:(?:new|current|younger|older|little|big|baby|twin|elder) )?(?<relation>${RELATIVE_WORD_LIST})(?:'s name is|,? who is called|,? (?:is )?(?:called|named)|(?<is> is)|,)? (?<name>${NAME})\b`,
  "gu",
);
/** "a sister named Maria", "two kids called Emma and Liam": what a speaker has, a relative with a name. */
export const HAD_RELATIVE_NAMED = new RegExp(
  String.raw`^(?:(?:an?|another|one|two|three|four|five|\d+) )?(?:(?:younger|older|little|big|baby|twin|elder|half|step) )?(?<relation>${RELATIVE_WORD_LIST}|boys?|girls?),? (?:named|called) (?<name>${NAME})\b`,
  "u",
);
/** "Maria is my sister". */
export const FAMILY_IS = new RegExp(
  String.raw`(?<name>${NAME}) is my (?<relation>${RELATIVE_WORD_LIST})\b`,
  "u",
);
/** Any relative the speaker speaks of: "my kids", "my husband". */
export const RELATIVE_MENTION = new RegExp(String.raw`\b[Mm]y (?<relation>${RELATIVE_WORD_LIST})\b`, "gu");

/**
 * The relation a fact's verb gives to a named entity it mentions, by the verb's lemma and the entity's type: family,
 * work, place, ownership, likes and membership; any other verb names the relation itself ("read", "watch").
 */
export const LINK_RELATIONS: readonly { verbs: RegExp; types: readonly EntityType[]; relation: string }[] = [
  { verbs: /^(?:work|intern|employ|hire|job)$/, types: ["organization"], relation: "works_at" },
  {
    verbs: /^(?:join|belong|volunteer|member|enrol|enroll)$/,
    types: ["organization"],
    relation: "member_of",
  },
  { verbs: /^(?:live|move|relocate|settle|grow)$/, types: ["place"], relation: "lives_in" },
  {
    verbs: /^(?:go|visit|travel|fly|drive|return|come|head|tour|trip|explore|be|spend|stay|take)$/,
    types: ["place"],
    relation: "visited",
  },
  // a named animal the speaker has is their pet ("we got another cat named Bailey"), as "my dog Max" says
  { verbs: /^(?:have|own|buy|adopt|get|receive|rescue|keep)$/, types: ["animal"], relation: "pet" },
  { verbs: /^(?:have|own|buy|adopt|get|receive|rescue|keep)$/, types: ["thing"], relation: "owns" },
  { verbs: /^(?:join)$/, types: ["thing"], relation: "member_of" },
  {
    verbs: /^(?:love|like|enjoy|adore|admire|prefer|fancy)$/,
    types: ["person", "place", "organization", "animal", "thing"],
    relation: "likes",
  },
];

/**
 * Verbs whose object is a thing a memory graph keeps as a node ("Melanie signed up for a pottery class", "I adopted a
 * puppy", "I love hiking"); light verbs ("have", "get", "make") are left out: their objects are rarely things ("have
 * fun", "get a chance").
 */
export const OBJECT_VERBS =
  /^(?:love|like|enjoy|adore|prefer|own|buy|adopt|rescue|join|volunteer|visit|go|travel|learn|study|play|practice|practise|read|watch|write|paint|bake|cook|build|start|sign|collect|attend|teach|coach|train|grow|plant|knit|draw|sing|record|run|open|launch|win|finish|explore|hike|ride|fix|design|create|organize|organise|host|lead|perform|compete)$/;
/** Nouns too light to be a node of their own: "a great time", "a lot", "the way". */
export const LIGHT_NOUNS = new Set(
  "time times lot lots way ways thing things stuff fun blast chance bit day days moment moments idea ideas sense part kind sort one something anything everything nothing break rest look sure deal point end start step steps care note place world life people person someone".split(
    " ",
  ),
);
/** The next relative of a list after "my …": ", dad", " and kids", " & sister". */
export const RELATIVE_LIST_ITEM = new RegExp(
  String.raw`^(?:,\s*and\s+|,\s*|\s+(?:and|&|or)\s+)(?<relation>${RELATIVE_WORD_LIST})\b`,
  "u",
);
