/** The predicate catalogue: which predicates hold one value at a time (a new value supersedes), and how a fact reads. */
import type { EntityType, ExtractedFact } from "./types.js";

export interface PredicateInfo {
  /** One value at a time: a new object supersedes the old one (moved city, changed job). */
  single: boolean;
  /** The type of the object when it is an entity. */
  objectType: EntityType | null;
  /** The fact as an English sentence. */
  english: (subject: string, object: string) => string;
  /** The fact as a Chinese sentence. */
  chinese: (subject: string, object: string) => string;
}

/** Relatives spoken of as a group, each with the word for one of them: "Emma and Liam are Ana's children", "Emma is Ana's child". */
const PLURAL_RELATIVES: Readonly<Record<string, string>> = {
  children: "child",
  parents: "parent",
  siblings: "sibling",
  friends: "friend",
  grandchildren: "grandchild",
  grandparents: "grandparent",
};

/** Whether a relation names a group ("children", "parents"): a list of names after its word is each of them. */
export function isGroupRelation(relation: string): boolean {
  return relation in PLURAL_RELATIVES;
}

/** The word for one of a group of relatives ("children" → "child"); the word itself for others. */
export function oneRelative(word: string): string {
  return PLURAL_RELATIVES[word] ?? word;
}

/** Whether an object names several people ("Emma and Liam", "Tom, Ann and Bo"). */
const SEVERAL = /,|\band\b|&/u;

const relative = (word: string, zh: string) => (): PredicateInfo => ({
  single: word === "mother" || word === "father",
  objectType: "person",
  english: (subject, object) => {
    const one = PLURAL_RELATIVES[word];
    if (one === undefined) return `${object} is ${subject}'s ${word}.`;
    return SEVERAL.test(object) ? `${object} are ${subject}'s ${word}.` : `${object} is ${subject}'s ${one}.`;
  },
  // one of a group is 孩子, not 孩子们
  chinese: (subject, object) =>
    `${object}是${subject}的${PLURAL_RELATIVES[word] !== undefined && !/[,，、和与]/u.test(object) ? zh.replace(/们$/u, "") : zh}。`,
});

/** Relations of kinship and friendship, by their English word, with the Chinese one. */
export const RELATIVE_WORDS: Readonly<Record<string, string>> = {
  sister: "姐妹",
  brother: "兄弟",
  mother: "母亲",
  father: "父亲",
  son: "儿子",
  daughter: "女儿",
  wife: "妻子",
  husband: "丈夫",
  partner: "伴侣",
  boyfriend: "男朋友",
  girlfriend: "女朋友",
  friend: "朋友",
  cousin: "表亲",
  aunt: "阿姨",
  uncle: "叔叔",
  grandmother: "祖母",
  grandfather: "祖父",
  boss: "老板",
  colleague: "同事",
  roommate: "室友",
  child: "孩子",
  children: "孩子们",
  parents: "父母",
  siblings: "兄弟姐妹",
  friends: "朋友们",
  grandchildren: "孙辈",
  grandparents: "祖父母",
  family: "家人",
  mentor: "导师",
  neighbor: "邻居",
};

/** Words people use for a relative, mapped to the predicate. */
export const RELATIVE_SYNONYMS: Readonly<Record<string, string>> = {
  mom: "mother",
  mum: "mother",
  mommy: "mother",
  dad: "father",
  daddy: "father",
  grandma: "grandmother",
  granny: "grandmother",
  grandpa: "grandfather",
  bff: "friend",
  "best friend": "friend",
  coworker: "colleague",
  "co-worker": "colleague",
  coworkers: "colleague",
  colleagues: "colleague",
  teammate: "colleague",
  teammates: "colleague",
  manager: "boss",
  supervisor: "boss",
  kids: "children",
  kid: "child",
  sons: "children",
  daughters: "children",
  grandkids: "grandchildren",
  fam: "family",
  sis: "sister",
  bro: "brother",
  hubby: "husband",
  spouse: "partner",
  neighbour: "neighbor",
  mentors: "mentor",
  brothers: "siblings",
  sisters: "siblings",
};

/** The relation an English word for a relative names: "mom" → mother, "sister" → sister (any case). */
export function relationOf(word: string): string {
  const lower = word.toLowerCase();
  return RELATIVE_SYNONYMS[lower] ?? lower;
}

const CATALOGUE: Record<string, PredicateInfo> = {
  name: {
    single: true,
    objectType: null,
    english: (s, o) => `${s} is called ${o}.`,
    chinese: (s, o) => `${s}叫${o}。`,
  },
  lives_in: {
    single: true,
    objectType: "place",
    english: (s, o) => `${s} lives in ${o}.`,
    chinese: (s, o) => `${s}住在${o}。`,
  },
  from: {
    single: true,
    objectType: "place",
    english: (s, o) => `${s} is from ${o}.`,
    chinese: (s, o) => `${s}来自${o}。`,
  },
  works_at: {
    single: true,
    objectType: "organization",
    english: (s, o) => `${s} works at ${o}.`,
    chinese: (s, o) => `${s}在${o}工作。`,
  },
  job_title: {
    single: true,
    objectType: null,
    english: (s, o) => `${s} works as ${/^[aeiou]/i.test(o) ? "an" : "a"} ${o}.`,
    chinese: (s, o) => `${s}是${o}。`,
  },
  studies_at: {
    single: true,
    objectType: "organization",
    english: (s, o) => `${s} studies at ${o}.`,
    chinese: (s, o) => `${s}在${o}读书。`,
  },
  married_to: {
    single: true,
    objectType: "person",
    english: (s, o) => `${s} is married to ${o}.`,
    chinese: (s, o) => `${s}和${o}结婚了。`,
  },
  birthday: {
    single: true,
    objectType: null,
    english: (s, o) => `${/s$/u.test(s) ? `${s}'` : `${s}'s`} birthday is ${dayPhrase(o)}.`,
    chinese: (s, o) => `${s}的生日是${o}。`,
  },
  birth_year: {
    single: true,
    objectType: null,
    english: (s, o) => `${s} was born in ${o}.`,
    chinese: (s, o) => `${s}出生于${o}年。`,
  },
  anniversary: {
    single: true,
    objectType: null,
    english: (s, o) => `${/s$/u.test(s) ? `${s}'` : `${s}'s`} anniversary is ${dayPhrase(o)}.`,
    chinese: (s, o) => `${s}的纪念日是${o}。`,
  },
  age: {
    single: true,
    objectType: null,
    english: (s, o) => `${s} is ${o} ${o === "1" ? "year" : "years"} old.`,
    chinese: (s, o) => `${s}${o}岁。`,
  },
  likes: {
    single: false,
    objectType: null,
    english: (s, o) => `${s} likes ${o}.`,
    chinese: (s, o) => `${s}喜欢${o}。`,
  },
  dislikes: {
    single: false,
    objectType: null,
    english: (s, o) => `${s} dislikes ${o}.`,
    chinese: (s, o) => `${s}不喜欢${o}。`,
  },
  plans: {
    single: false,
    objectType: null,
    english: (s, o) => `${s} plans to ${o}.`,
    chinese: (s, o) => `${s}打算${o}。`,
  },
  has: {
    single: false,
    objectType: null,
    english: (s, o) => `${s} has ${o}.`,
    chinese: (s, o) => `${s}有${o}。`,
  },
  event: {
    single: false,
    objectType: null,
    english: (s, o) => `${s} ${o}.`,
    chinese: (s, o) => `${s}${o}。`,
  },
  /** What the speaker said of themself, in the third person: the object is the sentence after the subject. */
  statement: {
    single: false,
    objectType: null,
    english: (s, o) => `${s} ${o}.`,
    chinese: (s, o) => `${s}${o}。`,
  },
  speaks: {
    single: false,
    objectType: null,
    english: (s, o) => `${s} speaks ${o}.`,
    chinese: (s, o) => `${s}会说${o}。`,
  },
  learns: {
    single: false,
    objectType: null,
    english: (s, o) => `${s} is learning ${o}.`,
    chinese: (s, o) => `${s}在学${o}。`,
  },
  practices: {
    single: false,
    objectType: null,
    english: (s, o) => `${s} ${practiceVerb(o)}.`,
    chinese: (s, o) => `${s}${chinesePractice(o)}。`,
  },
  member_of: {
    single: false,
    objectType: "organization",
    english: (s, o) => `${s} is a member of ${o}.`,
    chinese: (s, o) => `${s}是${o}的成员。`,
  },
  visited: {
    single: false,
    objectType: "place",
    english: (s, o) => `${s} visited ${o}.`,
    chinese: (s, o) => `${s}去过${o}。`,
  },
  allergic_to: {
    single: false,
    objectType: null,
    english: (s, o) => `${s} is allergic to ${o}.`,
    chinese: (s, o) => `${s}对${o}过敏。`,
  },
  pet: {
    single: false,
    objectType: "animal",
    english: (s, o) => `${o} is ${s}'s pet.`,
    chinese: (s, o) => `${o}是${s}的宠物。`,
  },
};

for (const [word, zh] of Object.entries(RELATIVE_WORDS)) CATALOGUE[word] = relative(word, zh)();

/** Facts of an unknown predicate (from an LLM) read as "subject predicate object", multi-valued. */
function generic(predicate: string): PredicateInfo {
  const words = predicate.replaceAll("_", " ");
  return {
    single: false,
    objectType: null,
    english: (s, o) => `${s} ${words} ${o}.`,
    chinese: (s, o) => `${s}${words}${o}。`,
  };
}

/** The catalogue entry of a predicate (a generic one for predicates outside it). */
export function predicateInfo(predicate: string): PredicateInfo {
  return CATALOGUE[predicate] ?? generic(predicate);
}

const INSTRUMENTS = /^(?:the )?(?:piano|guitar|violin|drums|cello|flute|saxophone|trumpet|ukulele)\b/;
const GAMES =
  /^(?:tennis|soccer|football|basketball|baseball|volleyball|golf|chess|badminton|hockey|rugby|cricket|video games|board games)\b/;

/** "plays the cello", "plays tennis", "does yoga": the verb English gives a practice. */
/** The verb Chinese plays a thing with: 弹钢琴, 拉二胡, 吹笛子, 打篮球, 踢足球, 下围棋; 练 the rest (练瑜伽). */
const CHINESE_PRACTICE_VERBS: readonly [RegExp, string][] = [
  [/钢琴|吉他|古筝|琵琶|电子琴|尤克里里/u, "弹"],
  [/小提琴|大提琴|二胡/u, "拉"],
  [/笛子|萨克斯|口琴|长笛/u, "吹"],
  [/篮球|排球|网球|羽毛球|乒乓球|高尔夫|台球/u, "打"],
  [/足球|毽子/u, "踢"],
  [/围棋|象棋|跳棋/u, "下"],
];

/** A thing practised with its Chinese verb: 弹钢琴, 打篮球, 练瑜伽. */
export function chinesePractice(object: string): string {
  const verb = CHINESE_PRACTICE_VERBS.find(([words]) => words.test(object))?.[1] ?? "练";
  return `${verb}${object}`;
}

function practiceVerb(object: string): string {
  if (INSTRUMENTS.test(object)) return `plays ${object.startsWith("the ") ? object : `the ${object}`}`;
  if (GAMES.test(object)) return `plays ${object}`;
  return `does ${object}`;
}

/** Predicates whose fact restates its own turn in the third person ("statement", "event"), not a catalogue relation. */
const RESTATING = new Set(["statement", "event"]);

/** Whether a predicate's fact restates its own turn: a key of that turn, and no answer to "where do I live?". */
export function restatesItsTurn(predicate: string): boolean {
  return RESTATING.has(predicate);
}

/** The predicates whose new value supersedes the old one. */
export function isSingleValued(predicate: string): boolean {
  return predicateInfo(predicate).single;
}

export const KNOWN_PREDICATES: readonly string[] = Object.keys(CATALOGUE);

/** A day of the year as a sentence says it: "on the 3rd of March", "in June", "on March 3rd". */
export function dayPhrase(day: string): string {
  return `${/^\d/u.test(day) ? "on the" : /^[A-Z][a-z]+$/u.test(day) ? "in" : "on"} ${day}`;
}

/** The predicates whose value a turn can end (a job quit, a home left, a marriage over): single-valued states. */
export const ENDABLE_PREDICATES: ReadonlySet<string> = new Set([
  "works_at",
  "lives_in",
  "married_to",
  "studies_at",
]);

/**
 * The object of a fact that ends its predicate's value: the fact that the subject no longer has one. As an extracted
 * fact's object it ends whatever the value is ("I quit my job"); stored, it marks the end of the value before it.
 */
export const ENDED = "";

/**
 * The predicate of an extracted fact that only corrects a value told before, whatever its predicate ("Actually, it
 * was Boulder, not Denver.", 不对，是博尔德，不是丹佛。): its object is the right value, `replaces` the wrong one. The
 * derivation retells the fact that named the wrong value with the right one; it is never stored itself.
 */
/** The relations a break-up ends, whichever of them the one named was ("I broke up with Tom", 我和汤姆分手了). */
export const PARTNER_RELATIONS = ["boyfriend", "girlfriend", "partner"] as const;

export const CORRECTS = "corrects";

/** The extracted fact of a turn that only corrects a value: `right`, not `wrong`, of whatever predicate told it. */
export function valueCorrection(right: string, wrong: string, language: "en" | "zh"): ExtractedFact {
  return {
    subject: { kind: "speaker" },
    predicate: CORRECTS,
    object: right,
    objectType: null,
    at: null,
    language,
    replaces: wrong,
  };
}

/**
 * The sentence of a value that ended: "Ana no longer works at Google.", "Ana is no longer married to Tom.",
 * 王峰不再住在成都。, 王峰和汤姆离婚了。
 */
export function endedSentence(
  predicate: string,
  subject: string,
  object: string,
  language: "en" | "zh",
): string {
  const rest = afterSubject(predicate, subject, object, language);
  if (language === "zh") {
    const who = chineseSubject(subject);
    return predicate === "married_to" ? `${who}和${object}离婚了。` : `${who}不再${rest}`;
  }
  return rest.startsWith("is ") ? `${subject} is no longer ${rest.slice(3)}` : `${subject} no longer ${rest}`;
}

/**
 * The sentence of a value of a predicate with many values that no longer holds: "Tom is no longer Ana's boyfriend.",
 * "Luna is no longer Ana's pet.", 汤姆不再是王峰的男朋友。; other predicates as endedSentence says them.
 */
export function noLongerSentence(
  predicate: string,
  subject: string,
  object: string,
  language: "en" | "zh",
): string {
  const word = ownedWord(predicate, language);
  if (word === null) return endedSentence(predicate, subject, object, language);
  if (language === "zh") return `${object}不再是${chineseSubject(subject)}的${word}。`;
  return `${object} is no longer ${subject}'s ${word}.`;
}

/** The word a relation or a pet is said with ("boyfriend", 男朋友, "pet", 宠物); null for other predicates. */
function ownedWord(predicate: string, language: "en" | "zh"): string | null {
  if (predicate === "pet") return language === "zh" ? "宠物" : "pet";
  if (!(predicate in RELATIVE_WORDS)) return null;
  return language === "zh" ? (RELATIVE_WORDS[predicate] ?? predicate) : predicate.replaceAll("_", " ");
}

/** The catalogue's sentence of a fact after its subject: "lives in Boston.", 住在波士顿。 */
function afterSubject(predicate: string, subject: string, object: string, language: "en" | "zh"): string {
  return factSentence(predicate, subject, object, language).slice(
    language === "zh" ? chineseSubject(subject).length : subject.length + 1,
  );
}

/** A subject as a Chinese sentence writes it: a relative not named yet ("王峰's father") is 王峰的父亲. */
function chineseSubject(subject: string): string {
  const relative = /^(?<owner>.+)['’]s (?<relation>[a-z_]+)$/u.exec(subject)?.groups;
  const word = relative ? RELATIVE_WORDS[relative.relation ?? ""] : undefined;
  return relative && word ? `${relative.owner}的${word}` : subject;
}

/**
 * The sentence of a value that held before and no longer does, its start unknown ("I used to live in Boston"):
 * "Ana lived in Boston.", "Ana worked at Google.", "Ana was married to Tom.", 王峰以前住在波士顿。, 王峰以前在腾讯工作。
 */
export function formerSentence(
  predicate: string,
  subject: string,
  object: string,
  language: "en" | "zh",
): string {
  // "Luna was Ana's pet.", 汤姆曾是王峰的男朋友。
  const word = ownedWord(predicate, language);
  if (word !== null)
    return language === "zh"
      ? `${object}曾是${chineseSubject(subject)}的${word}。`
      : `${object} was ${subject}'s ${word}.`;
  const rest = afterSubject(predicate, subject, object, language);
  if (language === "zh") {
    const who = chineseSubject(subject);
    return predicate === "married_to" ? `${who}和${object}结过婚。` : `${who}以前${rest}`;
  }
  if (rest.startsWith("is ")) return `${subject} was ${rest.slice(3)}`;
  if (rest.startsWith("are ")) return `${subject} were ${rest.slice(4)}`;
  // the verb in the past: lives → lived, works → worked, studies → studied
  const [verb = "", ...more] = rest.split(" ");
  const past = /ies$/u.test(verb)
    ? `${verb.slice(0, -3)}ied`
    : /es$/u.test(verb) && /(?:ss|sh|ch|x|z)es$/u.test(verb)
      ? `${verb.slice(0, -2)}ed`
      : `${verb.replace(/e?s$/u, "")}ed`;
  return `${subject} ${[past, ...more].join(" ")}`;
}

/** The fact as a sentence in its language. */
export function factSentence(
  predicate: string,
  subject: string,
  object: string,
  language: "en" | "zh",
): string {
  const info = predicateInfo(predicate);
  if (language === "zh") return info.chinese(chineseSubject(subject), object);
  const sentence = info.english(subject, object);
  // "Ana's parents live in Ohio.": a group of relatives takes the plural verb the template wrote singular
  return GROUP_SUBJECT.test(subject) && sentence.startsWith(`${subject} `)
    ? `${subject} ${pluralVerb(sentence.slice(subject.length + 1))}`
    : sentence;
}

/** A subject that is a group of someone's relatives ("Ana's parents", "Ana's kids"). */
const GROUP_SUBJECT = new RegExp(`['’]s (?:${[...Object.keys(PLURAL_RELATIVES), "kids"].join("|")})$`, "u");

/**
 * A sentence's first verb in the plural, the form "you" and a group take: "lives in" → "live in", "is" → "are", "has"
 * → "have", "studies" → "study".
 */
export function pluralVerb(rest: string): string {
  const [verb = "", ...more] = rest.split(" ");
  const plural =
    verb === "is"
      ? "are"
      : verb === "has"
        ? "have"
        : verb === "was"
          ? "were"
          : /ies$/u.test(verb)
            ? `${verb.slice(0, -3)}y`
            : /(?:ss|sh|ch|x|o)es$/u.test(verb)
              ? verb.slice(0, -2)
              : /[^s]s$/u.test(verb)
                ? verb.slice(0, -1)
                : verb;
  return [plural, ...more].join(" ");
}
