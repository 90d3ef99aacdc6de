/**
 * Questions about remembered facts, read without an LLM: "where do I live?", "what is my sister's name?", "what do I
 * like?", "我住在哪里？" become a subject (the speaker, a relative of the speaker, a named person) and a predicate of
 * the fact catalogue (lives_in, works_at, sister, likes, …), so that the answer can be looked up in the facts.
 */
import {
  CHINESE_PET_WORDS,
  CHINESE_RELATIVE_WORDS,
  findChineseDate,
  findEnglishDates,
  PET_WORDS,
  RELATIVE_SYNONYMS,
  RELATIVE_WORDS,
  relationOf,
  truecase,
} from "../../text/facts/index.js";
import { hasHan } from "../../text/index.js";

/** Who the question asks about. */
export type QuestionSubject =
  /** "I", "my", 我: the person asking. */
  | { kind: "speaker" }
  /** "my sister", 我妹妹: the asker's relative; `word` is the word the question used for them. */
  | { kind: "relative"; relation: string; word: string }
  /** "Maria": a person by name. */
  | { kind: "named"; name: string };

export interface FactQuestion {
  language: "en" | "zh";
  subject: QuestionSubject;
  /**
   * A predicate of the catalogue: "lives_in", "likes", "sister" (for "what is my sister's name?"), …; or "pet" (the
   * names of the asker's pets), "who" (who a named person, or the asker's relative, is to the asker, and what is known
   * of them) or "about" (what is known of the asker: "what do you know about me?"), "when" (when what the topic says
   * happened: "when did I go to Rome?", 我什么时候去的罗马？) or "during" (what happened in the time the topic names:
   * "what did I do last week?", 我上周做了什么？).
   */
  predicate: string;
  /** For "what kind of music do I like?": only values about this topic ("music", 音乐); for "when", what happened. */
  topic?: string;
  /** For "what is my mom's name?": the word the question used for the relative named ("mom", 妹妹). */
  word?: string;
  /** For 我打算去哪里？: only values that name a place; for "what pets do I have?": only what is a pet. */
  wants?: "place" | "pet";
  /** "What's my favorite color?", 我最喜欢的颜色是什么？: a liking of the topic said as a favourite. */
  favourite?: true;
  /** "Where did I live before?", 我以前住在哪里？: the values the current one superseded. */
  before?: true;
  /** "Where did I live before Berlin?": the values before the one named (with `before`). */
  beforeValue?: string;
  /** For "during" ("what did I do last week?", "what am I doing on Monday?"): the question looks ahead. */
  ahead?: true;
  /**
   * For "during": what the asker's days hold, whoever does it ("Who is visiting next week?": the mother-in-law's visit
   * the asker told of), not only the asker's own doings.
   */
  everyone?: true;
  /** "How many kids do I have?", 我有几个孩子？: how many of the relatives (or pets) the predicate names. */
  count?: true;
  /** "Do I like running?", "am I allergic to nuts?", 我喜欢吃辣吗？: whether a value of the predicate names this. */
  check?: string;
}

const byLength = (words: string[]) => [...words].sort((a, b) => b.length - a.length).join("|");
const EN_RELATIVE = byLength([...Object.keys(RELATIVE_SYNONYMS), ...Object.keys(RELATIVE_WORDS)]);
const ZH_RELATIVE = byLength(Object.keys(CHINESE_RELATIVE_WORDS));

/** A name in an English question: capitalised, or a Chinese name ("Who is 李明?"). */
const EN_NAME = String.raw`(?:[A-Z][\p{L}'’-]+|\p{Script=Han}{2,4})`;
/** The subject of an English question: I (or we: the asker and their family), my <relative>, or a name. */
const EN_SUBJECT = String.raw`(?:(?<me>i|we)|(?:my|our) (?<rel>${EN_RELATIVE})|(?<name>${EN_NAME}))`;
/** The owner in a possessive: my (or our), my sister's, Maria's. */
const EN_OWNER = String.raw`(?:(?<me>my|our)|(?:my|our) (?<rel>${EN_RELATIVE})(?:'s|’s)|(?<name>${EN_NAME})(?:'s|’s))`;
const NOW = "(?:(?:currently|now|still|actually|really) )?";

interface EnglishRule {
  predicate: string;
  pattern: RegExp;
}

const en = (predicate: string, body: string): EnglishRule => ({
  predicate,
  pattern: new RegExp(`^(?:so |and |hey |remind me,? |do you (?:know|remember) )?${body}`, "iu"),
});

const ENGLISH_RULES: EnglishRule[] = [
  // "Where did I live before?", "where did Maria use to work?": the values before the current one
  en(
    "lives_in",
    String.raw`where (?:did|have|had) ${EN_SUBJECT} (?:(?<before>previously|formerly) )?(?:live(?:d)?|(?<used>use to live|used to live))(?:(?<earlier> before(?: that| (?:(?:moving|going|coming) to |working (?:at|for) )?(?<value>\p{Lu}[\p{L}'’.&-]*(?: \p{Lu}[\p{L}'’.&-]*){0,3}))?))?\s*[?？.!]*$`,
  ),
  en(
    "works_at",
    String.raw`where (?:did|have|had) ${EN_SUBJECT} (?:(?<before>previously|formerly) )?(?:work(?:ed)?|(?<used>use to work|used to work))(?:(?<earlier> before(?: that| (?:(?:moving|going|coming) to |working (?:at|for) )?(?<value>\p{Lu}[\p{L}'’.&-]*(?: \p{Lu}[\p{L}'’.&-]*){0,3}))?))?\s*[?？.!]*$`,
  ),
  en("lives_in", String.raw`where (?:do|does|did) ${EN_SUBJECT} ${NOW}live\b`),
  en("lives_in", String.raw`where (?:am|is|was) ${EN_SUBJECT} ${NOW}(?:living|based|staying)\b`),
  en(
    "lives_in",
    String.raw`where (?:did|have|has) ${EN_SUBJECT} (?:just |recently )?(?:move|moved|relocate|relocated)\b`,
  ),
  en(
    "lives_in",
    String.raw`(?:which|what) (?:city|town|country|place) (?:do|does|did) ${EN_SUBJECT} ${NOW}live in\b`,
  ),
  en("lives_in", String.raw`where(?:'s|’s| is) ${EN_OWNER} home\b`),
  en("from", String.raw`where (?:am|is|are) ${EN_SUBJECT} (?:originally )?from\b`),
  en("from", String.raw`where (?:do|does) ${EN_SUBJECT} (?:originally )?come from\b`),
  en("from", String.raw`where (?:was|were) ${EN_SUBJECT} born\b`),
  en("from", String.raw`where did ${EN_SUBJECT} grow up\b`),
  en("works_at", String.raw`where (?:do|does|did) ${EN_SUBJECT} ${NOW}work\b(?! as)`),
  en("works_at", String.raw`where (?:am|is) ${EN_SUBJECT} ${NOW}working\b`),
  en(
    "works_at",
    String.raw`(?:who|which company|what company|which firm) (?:do|does) ${EN_SUBJECT} ${NOW}work (?:for|at)\b`,
  ),
  // "What did I do before?", "what was my job before?", "what did my dad use to do?": the jobs before the current one
  en(
    "job_title",
    String.raw`what did ${EN_SUBJECT} (?:do (?:for (?:a )?(?:living|work) )?(?<earlier>before(?: that)?)|(?<used>use to do))\s*[?？.!]*$`,
  ),
  en(
    "job_title",
    String.raw`what (?:was|were) ${EN_OWNER} (?:job|occupation|profession) (?<earlier>before(?: that)?)\s*[?？.!]*$`,
  ),
  en("job_title", String.raw`what (?:do|does) ${EN_SUBJECT} do for (?:a )?(?:living|work)\b`),
  // "What does Chloe do?", "what does my wife do?" (the asker's own "what do I do?" asks for advice)
  en(
    "job_title",
    String.raw`what does (?:(?:my|our) (?<rel>${EN_RELATIVE})|(?<name>[A-Z][\p{L}'’-]+)) do\s*[?？.!]*$`,
  ),
  en("job_title", String.raw`what(?:'s|’s| is) ${EN_OWNER} (?:job|occupation|profession|job title)\b`),
  en(
    "studies_at",
    String.raw`where (?:do|does|did) ${EN_SUBJECT} (?:study|go to (?:school|university|college))\b`,
  ),
  en("married_to", String.raw`who (?:am|is) ${EN_SUBJECT} married to\b`),
  en("age", String.raw`how old (?:am|is) ${EN_SUBJECT}\b`),
  // "How old are my kids?": each one's age
  en("age", String.raw`how old are (?:my|our) (?<rel>${EN_RELATIVE})\b`),
  en("birthday", String.raw`when(?:'s|’s| is) ${EN_OWNER} birthday\b`),
  en("birthday", String.raw`when (?:was|were) ${EN_SUBJECT} born\b`),
  en("anniversary", String.raw`when(?:'s|’s| is) ${EN_OWNER} (?:wedding |dating )?anniversary\b`),
  en("has", String.raw`what (?:do|does) ${EN_SUBJECT} ${NOW}(?:have|own)\s*[?？.!]*$`),
  en("name", String.raw`what(?:'s|’s| is) (?<me>my) name\b`),
  en("name", String.raw`who am (?<me>i)\b`),
  en(
    "likes",
    String.raw`what (?:kinds?|types?|sorts?|genres?) of (?<topic>[a-z][a-z ]{1,30}?) (?:do|does) ${EN_SUBJECT} ${NOW}(?:like|love|enjoy)\b`,
  ),
  // "What outdoor sports do I enjoy?", "What rock bands do I like?": the words between are the topic
  en(
    "likes",
    String.raw`what (?<topic>[a-z][a-z -]{1,30}?) (?:do|does) ${EN_SUBJECT} ${NOW}(?:like|love|enjoy)\b`,
  ),
  en("likes", String.raw`what (?:do|does) ${EN_SUBJECT} ${NOW}(?:like|love|enjoy)\b`),
  // "What's my favorite color?", "what are Maria's favourite books?"
  en(
    "likes",
    String.raw`(?:what|which)(?:'s|’s| is| are| was| were) ${EN_OWNER} (?:all-time )?(?<favourite>favou?rite) (?<topic>[a-z][a-z -]{1,30}?)\s*[?？.!]*$`,
  ),
  en("likes", String.raw`what (?:are|were) ${EN_OWNER} (?:hobbies|interests|favou?rite things)\b`),
  en("likes", String.raw`what (?:am|is|are) ${EN_SUBJECT} ${NOW}(?:(?:really|super|so) )?into\s*[?？.!]*$`),
  // "Do I like running?", "does Maria love jazz?": yes or no, from what was told of it
  en(
    "likes",
    String.raw`(?:do|does) ${EN_SUBJECT} ${NOW}(?:like|love|enjoy) (?<check>[^?？.!]{2,60}?)\s*[?？.!]*$`,
  ),
  en("dislikes", String.raw`what (?:do|does) ${EN_SUBJECT} (?:dislike|hate|not like)\b`),
  en("dislikes", String.raw`what (?:don't|don’t|doesn't|doesn’t) ${EN_SUBJECT} like\b`),
  en("plans", String.raw`what (?:am|is) ${EN_SUBJECT} (?:planning|going|hoping|intending) to do\b`),
  en("plans", String.raw`what (?:am|is|are) ${EN_SUBJECT} (?:planning|plotting)\s*[?？.!]*$`),
  // "What does Ethan play?", "what sports do I play?", "what instrument does Maria play?"
  en(
    "practices",
    String.raw`what (?:(?<topic>sports?|instruments?|musical instruments?) |games? )?(?:do|does) ${EN_SUBJECT} ${NOW}(?:play|practi[cs]e)\s*[?？.!]*$`,
  ),
  en("plans", String.raw`what (?:do|does) ${EN_SUBJECT} (?:plan|want|intend|hope) to do\b`),
  en("plans", String.raw`what (?:are|were) ${EN_OWNER} plans\b`),
  en("has", String.raw`what (?<pets>pets?|animals?) (?:do|does) ${EN_SUBJECT} have\b`),
  // "Does my sister have any pets?" (the asker's own are counted: "Do I have any pets?")
  en("has", String.raw`(?:do|does) ${EN_SUBJECT} (?:have|own) (?:any )?(?<pets>pets?|animals?)\s*[?？.!]*$`),
  en(
    "learns",
    String.raw`(?:what|which)(?: languages?| instruments?)? (?:am|is|are) ${EN_SUBJECT} ${NOW}(?:learning|studying)\b`,
  ),
  en(
    "learns",
    String.raw`what (?:languages? |instruments? )?(?:do|does) ${EN_SUBJECT} ${NOW}(?:learn|study)\s*[?？.!]*$`,
  ),
  en("speaks", String.raw`(?:what|which) languages? (?:do|does|can) ${EN_SUBJECT} speak\b`),
  en("speaks", String.raw`(?:what|which) languages? (?:am|is) ${EN_SUBJECT} fluent in\b`),
  en("speaks", String.raw`(?:do|does|can) ${EN_SUBJECT} speak (?<check>[^?？.!]{2,40}?)\s*[?？.!]*$`),
  en("allergic_to", String.raw`what (?:am|is|are) ${EN_SUBJECT} allergic to\b`),
  en(
    "allergic_to",
    String.raw`(?:am|is|are) ${EN_SUBJECT} allergic to (?<check>[^?？.!]{2,60}?)\s*[?？.!]*$`,
  ),
  en("allergic_to", String.raw`(?:what|which) allergies (?:do|does) ${EN_SUBJECT} have\b`),
  en("allergic_to", String.raw`(?:do|does) ${EN_SUBJECT} have (?:any )?(?:food )?allergies\b`),
  // "When did I go to Rome?", "when am I flying to Tokyo?", "when's my meeting with Sarah?": a dated fact of the topic
  en(
    "when",
    String.raw`when (?:did|do|does|will|am|is|are|was|were|have|has) ${EN_SUBJECT} (?<topic>[^?？.!]{2,80}?)\s*[?？.!]*$`,
  ),
  en("when", String.raw`when(?:'s|’s| is| was| are| were) ${EN_OWNER} (?<topic>[^?？.!]{2,80}?)\s*[?？.!]*$`),
  // "When is the half marathon?": what the asker told of it (the article stands for the asker, `me`)
  en(
    "when",
    String.raw`when(?:'s|’s| is| was| will be) (?<me>the|that) (?<topic>[^?？.!]{2,80}?)\s*[?？.!]*$`,
  ),
];

/** "what is my sister's name?", "who is my mom?", "what's my brother called?" */
const ENGLISH_RELATIVE_NAME = [
  new RegExp(
    String.raw`^what(?:'s|’s| is| are) (?:my|our) (?<rel>${EN_RELATIVE})(?:'s|’s|s'|s’|'|’)? names?\b`,
    "iu",
  ),
  new RegExp(String.raw`^what(?:'s|’s| is| are) (?:my|our) (?<rel>${EN_RELATIVE}) called\b`, "iu"),
  new RegExp(String.raw`^what(?:'s|’s| is| are) the names? of (?:my|our) (?<rel>${EN_RELATIVE})\b`, "iu"),
  new RegExp(String.raw`^who(?:'s|’s| is| are) (?:my|our) (?<rel>${EN_RELATIVE})\b`, "iu"),
  new RegExp(String.raw`^what do i call (?:my|our) (?<rel>${EN_RELATIVE})\b`, "iu"),
];

/** "what are my pets' names?", "what's my dog called?", "what did I name my cat?": the names of the asker's pets. */
const PETS = `(?<kind>pets?|animals?|${PET_WORDS})`;
const ENGLISH_PET_NAMES = [
  new RegExp(String.raw`^what(?:'s|’s| is| are| were) (?:my|our) ${PETS}(?:'s|’s|s'|s’)? names?\b`, "iu"),
  new RegExp(String.raw`^what(?:'s|’s| is| are| were) (?:my|our) ${PETS} called\b`, "iu"),
  new RegExp(String.raw`^what(?:'s|’s| is| are) the names? of (?:my|our) ${PETS}\b`, "iu"),
  new RegExp(String.raw`^what did (?:i|we) (?:name|call) (?:my|our) ${PETS}\b`, "iu"),
];
/** 我的猫叫什么名字？ 我的宠物叫什么？ */
const CHINESE_PET_NAMES = new RegExp(
  `^(?:你(?:还)?记得|你知道|请问)?我(?:的|家的?)?(?<kind>${CHINESE_PET_WORDS})(?:们)?(?:叫什么|的名字(?:是|叫)什么|叫啥)`,
  "u",
);
/** 我养了什么宠物？ 我有哪些宠物？: what the speaker has that is a pet. */
const CHINESE_PETS_HAD = /^(?:你(?:还)?记得|你知道|请问)?我(?:家)?(?:养了?|有)(?:什么|哪些)(?:宠物|动物)/u;
/** A pet question's kind ("cat", 狗), none when it asks for every pet. */
function petKind(kind: string | undefined): { topic?: string } {
  return kind && !/^(?:pets?|animals?|宠物)$/iu.test(kind) ? { topic: kind.toLowerCase() } : {};
}

/** "How many kids do I have?", "how many cats do we have?": how many of the asker's relatives or pets. */
const ENGLISH_HOW_MANY =
  /^(?:so |and )?how many (?<word>[a-z][a-z-]*(?: [a-z]+)?) (?:do|does) (?:i|we) (?:have|own)\b/iu;
/** "Do I have any pets?", "do we have kids?", "do I have a dog?": asked as how many. */
const ENGLISH_HAVE_ANY =
  /^(?:so |and )?(?:do|does) (?:i|we) (?:have|own) (?:any |a |an )?(?<word>[a-z][a-z-]*)\s*[?？.!]*$/iu;
/** 我有几个孩子？ 我有多少个兄弟姐妹？ 我养了几只猫？ */
const CHINESE_HOW_MANY =
  /^(?:你(?:还)?记得|你知道|请问)?我(?:们)?(?:家)?(?:有|养了?)(?:几|多少)(?:个|只|条|位)?(?<word>[\p{Script=Han}]{1,4}?)(?:吗|呢)?[？?。！!]*$/u;
/** Chinese words a count asks of beyond the relative words (CHINESE_RELATIVE_WORDS), by predicate. */
const CHINESE_COUNTED: Readonly<Record<string, string>> = {
  小孩: "children",
  儿女: "children",
  姐妹: "sister",
  兄弟: "brother",
  兄弟姐妹: "siblings",
  孙子: "grandchildren",
};
/** A word for a pet, said alone (猫, 宠物). */
/** 我有宠物吗？ 我有孩子吗？ 我养猫吗？: asked as how many. */
const CHINESE_HAVE_ANY =
  /^我(?:们)?(?:家)?(?:有|养了?)(?:没有)?(?<word>[\p{Script=Han}]{1,4}?)(?:吗|么)[？?。！!]*$/u;
const CHINESE_PET_WORD = new RegExp(`^(?:${CHINESE_PET_WORDS})$`, "u");
const ENGLISH_PET_WORD = new RegExp(`^(?:${PET_WORDS})$`, "u");
/** The English plurals a count asks of whose predicate is not the singular ("kids" → children). */
const ENGLISH_COUNTED: Readonly<Record<string, string>> = {
  kids: "children",
  children: "children",
  siblings: "siblings",
  grandkids: "grandchildren",
  grandchildren: "grandchildren",
  pets: "pet",
  animals: "pet",
};

/**
 * The predicate a counted word names ("kids" → children, "sisters" → sister, "cats" → pet, 姐妹 → sister), or null
 * for a word that names no relative or pet ("how many books do I have?").
 */
export function countedPredicate(word: string): string | null {
  if (hasHan(word))
    return CHINESE_PET_WORD.test(word)
      ? "pet"
      : (CHINESE_COUNTED[word] ?? CHINESE_RELATIVE_WORDS[word] ?? null);
  const lower = word.toLowerCase();
  if (ENGLISH_COUNTED[lower]) return ENGLISH_COUNTED[lower];
  if (ENGLISH_PET_WORD.test(lower)) return "pet";
  const one = lower.replace(/s$/u, "");
  const relation = relationOf(one);
  return relation in RELATIVE_WORDS ? relation : null;
}

function howMany(text: string, language: "en" | "zh"): FactQuestion | null {
  const word = (
    language === "zh"
      ? (text.match(CHINESE_HOW_MANY) ?? text.match(CHINESE_HAVE_ANY))
      : (text.match(ENGLISH_HOW_MANY) ?? text.match(ENGLISH_HAVE_ANY))
  )?.groups?.word;
  const predicate = word ? countedPredicate(word) : null;
  if (!word || !predicate) return null;
  const kind = predicate === "pet" ? petKind(word) : {};
  return {
    language,
    subject: { kind: "speaker" },
    predicate,
    word: word.toLowerCase(),
    count: true,
    ...kind,
  };
}

/** "What do you know about me?", "Tell me about myself": what is known of the asker. */
const ENGLISH_ABOUT_ME =
  /^(?:so |and |hey )?(?:what (?:do|did) you (?:know|remember) about me|what have you (?:learned|learnt) about me|tell me (?:what you know |everything you know )?about (?:me|myself)|what do you know of me)\b/iu;
/** 你知道我的什么？ 你记得我什么？ 关于我你知道什么？ 说说我的情况。 */
const CHINESE_ABOUT_ME =
  /^(?:你(?:都|还)?(?:知道|记得)(?:关于)?我(?:的)?(?:什么|哪些|些什么)|关于我你(?:都)?(?:知道|记得)(?:什么|哪些|些什么)|(?:说说|讲讲)(?:你知道的)?我(?:的情况)?[。！!]?$)/u;

/** "Who is Tom?", "who's Maria Lopez?": who a person the user named is to them. */
const ENGLISH_WHO =
  /^(?:[Ww]ho(?:'s|’s| is| was)|[Ww]hat(?:'s| has)? happened (?:to|with)|[Hh]ow(?:'s|’s| is) (?:it going with )?) ?(?<name>\p{Lu}[\p{L}'’-]*(?: \p{Lu}[\p{L}'’-]*)?|\p{Script=Han}{2,4})\s*[?？.!]*$/u;
/** "What do you know about Sarah?", "tell me about Tom": who they are to the user, and what is known of them. */
const ENGLISH_ABOUT_PERSON =
  /^(?:[Ss]o |[Aa]nd |[Hh]ey )?(?:[Ww]hat (?:do|did) you (?:know|remember) about|[Ww]hat have you (?:learned|learnt) about|[Tt]ell me (?:what you know |everything you know )?about) (?<name>\p{Lu}[\p{L}'’-]*(?: \p{Lu}[\p{L}'’-]*)?|\p{Script=Han}{2,4})\s*[?？.!]*$/u;
/** "What do you know about my wife?", "tell me about my kids": who the asker's relative is, by what is known of them. */
const ENGLISH_ABOUT_RELATIVE = new RegExp(
  String.raw`^(?:so |and |hey )?(?:what (?:do|did) you (?:know|remember) about|what have you (?:learned|learnt) about|tell me (?:what you know |everything you know )?about) (?:my|our) (?<rel>${EN_RELATIVE})\s*[?？.!]*$`,
  "iu",
);
/** 李娜是谁？ 汤姆是谁: the same in Chinese (not 我, 你, 他, 她 or a question word). */
const CHINESE_WHO =
  /^(?:你(?:还)?记得|你知道|请问)?(?<name>(?![我你他她它谁这那])[\p{Script=Han}A-Za-z·]{2,8}?)是谁[？?。！!]*$/u;

/** Capitalised words that start questions or refer to the listener, not people the question is about. */
const NOT_NAMES = new Set(["you", "we", "they", "he", "she", "it", "i", "my", "your", "the", "there"]);

function englishSubject(groups: Record<string, string | undefined>): QuestionSubject | null {
  if (groups.me) return { kind: "speaker" };
  if (groups.rel)
    return { kind: "relative", relation: relationOf(groups.rel), word: groups.rel.toLowerCase() };
  const name = groups.name;
  if (name && /^(?:\p{Lu}|\p{Script=Han})/u.test(name) && !NOT_NAMES.has(name.toLowerCase()))
    return { kind: "named", name };
  return null;
}

/** A question of what a time holds: whether it looks ahead, and whether anyone's doings answer it. */
interface DuringPattern {
  ahead: boolean;
  pattern: RegExp;
  everyone?: true;
}

/** "What did I do last week?", "what am I doing on Monday?", "what are we doing next weekend?": the time is the topic. */
const ENGLISH_DURING: DuringPattern[] = [
  {
    ahead: false,
    pattern: /^what (?:did|have) (?:i|we) (?:do|done)\b (?<time>[^?？.!]{2,40}?)\s*[?？.!]*$/iu,
  },
  {
    ahead: true,
    pattern:
      /^what (?:am i|are we|will i|will we|do i have|do we have|have i got)(?: doing| do| planned| on)?\b (?<time>[^?？.!]{2,40}?)\s*[?？.!]*$/iu,
  },
  // "What did my sister do last week?", "what happened to Zoe yesterday?": a relative's or another's
  {
    ahead: false,
    pattern: new RegExp(
      String.raw`^[Ww]hat (?:did ${EN_SUBJECT} do|happened to (?:(?:my|our) (?<relTo>${EN_RELATIVE})|(?<nameTo>[A-Z][\p{L}'’-]+)))\b (?<time>[^?？.!]{2,40}?)\s*[?？.!]*$`,
      "u",
    ),
  },
  {
    ahead: true,
    pattern: new RegExp(
      String.raw`^[Ww]hat (?:is|will) (?:(?:my|our) (?<rel>${EN_RELATIVE})|(?<name>[A-Z][\p{L}'’-]+))(?: be)? doing\b (?<time>[^?？.!]{2,40}?)\s*[?？.!]*$`,
      "u",
    ),
  },
  // "What's happening next week?", "Who is visiting this weekend?", "Do I have anything on Friday?": what the asker's
  // days hold
  {
    ahead: true,
    everyone: true,
    pattern:
      /^(?:what(?:'s|’s| is) (?:happening|going on|planned|on)|who(?:'s|’s| is) (?:visiting|coming(?: over)?)|(?:do|have) (?:i|we) (?:have|got) anything(?: planned| on)?)\b (?<time>[^?？.!]{2,40}?)\s*[?？.!]*$/iu,
  },
  {
    ahead: false,
    everyone: true,
    pattern: /^(?:what happened|who visited|who came(?: over)?)\b (?<time>[^?？.!]{2,40}?)\s*[?？.!]*$/iu,
  },
];
/** 我上周做了什么？ 我们三月去了哪里？ 我下周要做什么？ */
const CHINESE_DURING: DuringPattern[] = [
  { ahead: false, pattern: /^我(?:们)?(?<time>[^，。？?！!]{1,10}?)(?:做了|干了|去了)(?:什么|哪里|哪儿)/u },
  {
    ahead: true,
    pattern: /^我(?:们)?(?<time>[^，。？?！!]{1,10}?)(?:要|打算|准备|计划)?(?:做|干|去)(?:什么|哪里|哪儿)/u,
  },
  // 下周有什么安排？ 我这个周末有什么事？ 下周谁要来？
  {
    ahead: true,
    everyone: true,
    pattern:
      /^(?:我(?:们)?)?(?<time>[^，。？?！!]{1,10}?)(?:有什么安排|有什么计划|有什么事|有什么活动|谁要来)/u,
  },
];

function during(text: string, language: "en" | "zh"): FactQuestion | null {
  for (const { ahead, pattern, everyone } of language === "zh"
    ? [...CHINESE_DURING_OF, ...CHINESE_DURING]
    : ENGLISH_DURING) {
    const groups = text.match(pattern)?.groups;
    const time = groups?.time?.trim();
    // only words that name a time ("what am I planning to do?" asks for plans)
    const named = time && (language === "zh" ? findChineseDate(time, 0) : findEnglishDates(time, 0)[0]);
    // whose doings: the asker's, or a relative's or another's the question names
    const rel = groups?.rel ?? groups?.relTo;
    const name = groups?.name ?? groups?.nameTo;
    const whose: QuestionSubject | null =
      language === "zh"
        ? rel
          ? { kind: "relative", relation: CHINESE_RELATIVE_WORDS[rel] as string, word: rel }
          : name
            ? { kind: "named", name }
            : { kind: "speaker" }
        : rel || name
          ? englishSubject({ rel, name })
          : { kind: "speaker" };
    if (time && named && whose)
      return {
        language,
        subject: whose,
        predicate: "during",
        topic: time,
        ...(ahead ? { ahead } : {}),
        ...(everyone ? { everyone } : {}),
      };
  }
  return null;
}

function parseEnglish(text: string): FactQuestion | null {
  const asked = during(text, "en") ?? howMany(text, "en");
  if (asked) return asked;
  for (const pattern of ENGLISH_PET_NAMES) {
    const pet = text.match(pattern);
    if (pet)
      return { language: "en", subject: { kind: "speaker" }, predicate: "pet", ...petKind(pet.groups?.kind) };
  }
  if (ENGLISH_ABOUT_ME.test(text))
    return { language: "en", subject: { kind: "speaker" }, predicate: "about" };
  const relative = text.match(ENGLISH_ABOUT_RELATIVE)?.groups?.rel;
  if (relative)
    return {
      language: "en",
      subject: { kind: "relative", relation: relationOf(relative), word: relative.toLowerCase() },
      predicate: "who",
    };
  const who = (text.match(ENGLISH_WHO) ?? text.match(ENGLISH_ABOUT_PERSON))?.groups?.name;
  if (who && !NOT_NAMES.has(who.toLowerCase()))
    return { language: "en", subject: { kind: "named", name: who }, predicate: "who" };
  for (const pattern of ENGLISH_RELATIVE_NAME) {
    const rel = text.match(pattern)?.groups?.rel;
    if (rel)
      return {
        language: "en",
        subject: { kind: "speaker" },
        predicate: relationOf(rel),
        word: rel.toLowerCase(),
      };
  }
  for (const { predicate, pattern } of ENGLISH_RULES) {
    const groups = text.match(pattern)?.groups;
    if (!groups) continue;
    // "before Berlin" names a value ("before I moved here" does not: the rules match case-blind)
    if (groups.value && !/^(?!I\b)\p{Lu}/u.test(groups.value)) continue;
    const subject = englishSubject(groups);
    if (!subject) continue;
    const topic = groups.topic?.trim();
    // "what pets do I have?": what is had that is a pet
    const wants = predicate === "has" && groups.pets ? { wants: "pet" as const } : {};
    const favourite = groups.favourite ? { favourite: true as const } : {};
    // "where did I live before?", "where did I use to work?": the values before the current one
    const before = groups.before || groups.used || groups.earlier ? { before: true as const } : {};
    // "where did I live before Berlin?"
    const beforeValue = groups.value ? { beforeValue: groups.value } : {};
    return {
      language: "en",
      subject,
      predicate,
      ...(topic ? { topic } : {}),
      ...wants,
      ...favourite,
      ...before,
      ...beforeValue,
      ...(groups.check ? { check: groups.check.trim() } : {}),
    };
  }
  return null;
}

/** 我 (or 我们), 我的 + a relative, or a person's name (李娜在哪里工作？), not a pronoun, a demonstrative or a day. */
const ZH_SUBJECT = `(?:我(?:们)?(?:的)?(?<rel>${ZH_RELATIVE})?|(?<name>(?![我你您他她它这那今明昨谁])[\\p{Script=Han}A-Za-z·]{2,4}?))`;
/** 我老公上周做了什么？ 张伟下个月要去哪里？: what a relative or another did or will do in a time. */
const CHINESE_DURING_OF: DuringPattern[] = [
  {
    ahead: false,
    pattern: new RegExp(
      `^${ZH_SUBJECT}(?<time>[^，。？?！!]{1,10}?)(?:做了|干了|去了)(?:什么|哪里|哪儿)`,
      "u",
    ),
  },
  {
    ahead: true,
    pattern: new RegExp(
      `^${ZH_SUBJECT}(?<time>[^，。？?！!]{1,10}?)(?:要|打算|准备|计划)(?:做|干|去)(?:什么|哪里|哪儿)`,
      "u",
    ),
  },
];
const ZH_NOW = "(?:现在|目前|如今|还|都|最近|平时)?";
const WHERE = "(?:哪里|哪儿|哪|什么地方|哪个城市|哪座城市|哪个国家)";

const zh = (predicate: string, body: string): { predicate: string; pattern: RegExp } => ({
  predicate,
  pattern: new RegExp(`^(?:你(?:还)?记得|你知道|请问)?${ZH_SUBJECT}${ZH_NOW}${body}`, "u"),
});

const CHINESE_RULES = [
  // 我以前住在哪里？ 我之前在哪里工作？
  zh("lives_in", `(?<before>以前|之前|过去|原来|曾经)(?:住在|住|生活在)${WHERE}`),
  zh("works_at", `(?<before>以前|之前|过去|原来|曾经)在(?:${WHERE}|哪家公司|什么公司|哪个公司)(?:工作|上班)`),
  zh("lives_in", `(?:住在|住|生活在|搬到了?|搬去了?|定居在)${WHERE}`),
  zh("lives_in", `在${WHERE}(?:住|生活)`),
  zh("lives_in", `(?:的)?家在${WHERE}`),
  zh("from", `(?:来自|是从)${WHERE}`),
  zh("from", "是哪(?:里|儿)?人"),
  zh("from", `(?:的)?老家(?:是|在)${WHERE}`),
  zh("works_at", `在(?:${WHERE}|哪家公司|什么公司|哪个公司|哪家单位|什么单位)(?:工作|上班)`),
  zh("works_at", "(?:在)?(?:哪家|什么|哪个)(?:公司|单位)(?:工作|上班)"),
  zh(
    "studies_at",
    `在(?:${WHERE}|哪所学校|哪个学校|哪所大学|什么学校|哪个大学)(?:读书|上学|念书|读大学|读研)`,
  ),
  // 我以前做什么工作？ 我爸爸以前是干什么的？
  zh(
    "job_title",
    "(?<before>以前|之前|过去|原来|曾经)(?:是)?(?:做什么(?:工作)?的?|干什么的?|从事什么(?:工作|职业|行业)?)",
  ),
  zh("job_title", "(?:是)?(?:做什么(?:工作)?的|干什么的)"),
  zh("job_title", "(?:做|干|从事)(?:什么|哪种|哪一行)(?:工作|职业|行业)?[？?]*$"),
  zh("job_title", "的(?:工作|职业)是什么"),
  zh("age", "(?:今年)?(?:多大|几岁|多少岁)"),
  zh("birthday", "的?生日(?:是)?(?:哪天|哪一天|什么时候|几月几[号日]|在哪天)"),
  zh("anniversary", "的?(?:结婚|恋爱)?纪念日(?:是)?(?:哪天|哪一天|什么时候|几月几[号日]|在哪天)"),
  zh("has", "(?:有|拥有)(?:什么|哪些)(?:东西)?[？?]*$"),
  zh("married_to", "(?:和|跟)谁结婚"),
  zh("dislikes", "(?:不喜欢|讨厌)(?:什么|哪些)"),
  // 我喜欢吃辣吗？ 我对花生过敏吗？: yes or no
  zh("likes", "(?:喜欢|爱)(?<check>[^？?。！!，,]{1,20}?)(?:吗|么)[？?。！!]*$"),
  zh("allergic_to", "对(?<check>[^？?。！!，,]{1,20}?)过敏(?:吗|么)[？?。！!]*$"),
  // 我会弹什么？ 我平时打什么球？ 我会什么乐器？
  zh("practices", "(?:会|平时|经常|在)?(?:弹|拉|吹|打|踢|下|练)(?:什么|哪些)(?:乐器|球|运动)?[？?。！!]*$"),
  zh("practices", "(?:会|平时|经常)?(?:玩)?(?:什么|哪些)(?:乐器|运动)"),
  zh("speaks", "(?:会|能)(?:说|讲)(?<check>[^？?。！!，,]{1,20}?)(?:吗|么)[？?。！!]*$"),
  zh("speaks", "(?:会|能)(?:说|讲)(?:什么|哪些|哪几种|几种)(?:语言|话)?"),
  zh("allergic_to", "(?:对)?(?:什么|哪些)(?:东西|食物)?过敏"),
  zh("allergic_to", "有(?:什么|哪些)过敏"),
  zh("learns", "(?:在|正在)?(?:学习?|学着)(?:什么|哪些|哪种)"),
  zh(
    "likes",
    "(?:最)?喜欢(?:[\\p{Script=Han}]{0,2}?)(?:什么|哪些|哪种|哪类)(?:类型的|样的|种类的|种|类|类的)?(?<topic>[\\p{Script=Han}]{0,4}?)(?=[？?吗呢呀啊]|$)",
  ),
  // 我最喜欢的颜色是什么？
  zh("likes", "(?<favourite>最喜欢|最爱)的(?<topic>[\\p{Script=Han}]{1,6}?)是(?:什么|哪个|哪些|哪种|谁)"),
  zh("plans", "(?:打算|计划|准备|想)(?:做什么|干什么)"),
  zh("plans", `(?:打算|计划|准备|想)(?<where>去${WHERE})`),
  // 我什么时候去的罗马？ 我是哪天见的李娜？: a dated fact of the topic
  zh(
    "when",
    "(?:是)?(?:什么时候|哪天|哪一天|哪年|哪个月|几月几[号日]|几号|何时)(?<topic>[^？?。！!]{1,20}?)(?:的)?[？?。！!]*$",
  ),
  // 我老婆的预产期是什么时候？ 我的考试在哪天？: when what the topic names is
  zh(
    "when",
    "的?(?<topic>\\p{Script=Han}{1,8}?)(?:是|在)(?:什么时候|哪天|哪一天|几月几[号日]|几号)[？?。！!]*$",
  ),
];

/** 我叫什么？ 我的名字是什么？ */
const CHINESE_OWN_NAME = /^(?:你(?:还)?记得|你知道|请问)?我(?:叫什么|的名字(?:是|叫)什么)/u;
/** 我妹妹叫什么名字？ 我的妈妈是谁？ */
const CHINESE_RELATIVE_NAME = new RegExp(
  `^(?:你(?:还)?记得|你知道|请问)?我(?:的)?(?<rel>${ZH_RELATIVE})(?:叫什么|的名字(?:是|叫)什么|是谁|叫啥)`,
  "u",
);

function parseChinese(text: string): FactQuestion | null {
  const asked = during(text, "zh") ?? howMany(text, "zh");
  if (asked) return asked;
  if (CHINESE_OWN_NAME.test(text)) return { language: "zh", subject: { kind: "speaker" }, predicate: "name" };
  if (CHINESE_ABOUT_ME.test(text))
    return { language: "zh", subject: { kind: "speaker" }, predicate: "about" };
  const who = text.match(CHINESE_WHO)?.groups?.name;
  if (who) return { language: "zh", subject: { kind: "named", name: who }, predicate: "who" };
  if (CHINESE_PETS_HAD.test(text))
    return { language: "zh", subject: { kind: "speaker" }, predicate: "has", wants: "pet" };
  const pet = text.match(CHINESE_PET_NAMES);
  if (pet)
    return { language: "zh", subject: { kind: "speaker" }, predicate: "pet", ...petKind(pet.groups?.kind) };
  const rel = text.match(CHINESE_RELATIVE_NAME)?.groups?.rel;
  if (rel)
    return {
      language: "zh",
      subject: { kind: "speaker" },
      predicate: CHINESE_RELATIVE_WORDS[rel] as string,
      word: rel,
    };
  for (const { predicate, pattern } of CHINESE_RULES) {
    const groups = text.match(pattern)?.groups;
    if (!groups) continue;
    const subject: QuestionSubject = groups.rel
      ? { kind: "relative", relation: CHINESE_RELATIVE_WORDS[groups.rel] as string, word: groups.rel }
      : groups.name
        ? { kind: "named", name: groups.name }
        : { kind: "speaker" };
    const topic = groups.topic?.trim();
    return {
      language: "zh",
      subject,
      predicate,
      ...(topic ? { topic } : {}),
      ...(groups.where ? { wants: "place" as const } : {}),
      ...(groups.favourite ? { favourite: true as const } : {}),
      ...(groups.before ? { before: true as const } : {}),
      ...(groups.check ? { check: groups.check } : {}),
    };
  }
  return null;
}

/**
 * The fact a question asks about, or null when it is not a question the catalogue can answer.
 * @example
 * parseFactQuestion("Where do I live?") // { language: "en", subject: { kind: "speaker" }, predicate: "lives_in" }
 * parseFactQuestion("我妹妹叫什么名字？") // { language: "zh", subject: { kind: "speaker" }, predicate: "sister" }
 */
export function parseFactQuestion(text: string): FactQuestion | null {
  // a question quoted whole ("\"What kind of music do I like?\"", as MemoryBank's probes are) asks the same
  const trimmed = text
    .trim()
    .replace(/\s+/gu, " ")
    .replace(/^[,，\s"“”'‘’「『]+/u, "")
    .replace(/["“”'‘’」』\s]+$/u, "");
  if (trimmed.length === 0) return null;
  // ("who is alex" typed in lower case asks of Alex)
  // (an English question may name someone in Chinese: "Who is 李明?")
  return hasHan(trimmed) && !ENGLISH_QUESTION.test(trimmed)
    ? parseChinese(trimmed.replace(/\s+/gu, ""))
    : parseEnglish(truecase(trimmed));
}

/** An English question's first word. */
const ENGLISH_QUESTION =
  /^(?:who|what|where|when|which|why|how|do|does|did|is|are|am|can|could|would|will)\b/iu;

/** Whether a turn reads as a question (a question mark, or an English question word first). */
export function looksLikeQuestion(text: string): boolean {
  const trimmed = text.trim();
  if (/[?？]\s*$/u.test(trimmed)) return true;
  if (hasHan(trimmed)) return /(?:吗|呢|什么|哪里|哪儿|谁|几|多少|怎么)[。！!]?$/u.test(trimmed);
  return ENGLISH_QUESTION.test(trimmed);
}
