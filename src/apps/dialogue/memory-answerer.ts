/**
 * The no-LLM answerer: a question about a remembered fact is answered from the facts Engram derived ("where do I
 * live?" → the current lives_in fact of the speaker), in the question's language and in the second person. Only
 * current facts answer (a superseded value does not), so "I moved to Berlin" after "I live in Lisbon" answers Berlin.
 */
import { type Engine, type FactView, normalizeName } from "../../core/index.js";
import {
  CHINESE_RELATIVE_WORDS,
  chineseNumber,
  ENDED,
  factSentence,
  isGroupRelation,
  isLastingTrait,
  isSingleValued,
  RELATIVE_WORDS,
  relationOf,
  restatesItsTurn,
} from "../../text/facts/index.js";
import { cutChinese, escapeRegExp, getJieba, hasHan, hasWholeWord } from "../../text/index.js";
import {
  answerSentence,
  chineseSubject,
  englishSubject,
  joinEnglish,
  joinSentences,
  MAX_VALUES,
  namesPlace,
  noLongerSentence,
  relationWord,
  toPerson,
  withArticle,
} from "./answer-sentence.js";
import { checkAnswer } from "./check-answer.js";
import { countAnswer, countSaid } from "./count-answer.js";
import { countedPredicate, type FactQuestion } from "./fact-question.js";
import {
  type AnswerScope,
  GROUP_MEMBERS,
  groupFacts,
  type MemoryAnswer,
  neverHeld,
  newestFirst,
  restates,
  sameName,
  subjectName,
  unlessAbsent,
  valueSaid,
} from "./fact-reading.js";
import { PET_THINGS, petSentences, petsAnswer, toldTexts } from "./pet-answer.js";
import { duringAnswer, whenAnswer } from "./when-answer.js";

/**
 * What an ending fact (object ENDED) of `subject` says, in the question's words ("You no longer work at Google."):
 * the value it closed is the fact of the same subject and predicate it superseded; null when none is found.
 */
async function noLongerAnswer(
  engine: Engine,
  scope: AnswerScope,
  subject: string,
  question: FactQuestion,
  end: FactView,
): Promise<string | null> {
  const chain = await unlessAbsent(() =>
    engine.facts({ ...scope, subject, predicate: end.predicate, all: true }),
  );
  const closed = chain?.find((fact) => fact.supersededBy === end.id && fact.object !== ENDED);
  return closed ? noLongerSentence(question, closed.object) : null;
}

/** Words a Chinese topic names its kind with (音乐类型), which tell nothing of what it is about. */
const CHINESE_KIND_WORDS = new Set(["类型", "种类", "类别", "方面", "东西", "样子"]);

/** A topic's words: English split at spaces, singular; Chinese by jieba, with the words inside long ones (户外运动 → 户外, 运动). */
function topicWords(topic: string): string[] {
  if (hasHan(topic))
    return [...new Set(cutChinese(topic))].filter(
      (word) => word.length > 1 && hasHan(word) && !CHINESE_KIND_WORDS.has(word),
    );
  return topic
    .toLowerCase()
    .split(/\s+/u)
    .map((word) => word.replace(/s$/u, ""))
    .filter((word) => word.length > 1);
}

/**
 * The word a topic is a kind of, its last ("rock bands" → band; 户外运动 → 运动, 摇滚乐队 → 乐队, 音乐类型 → 音乐): a
 * value must name it, not only the words before it ("rock music" is no rock band, 户外活动 no outdoor sport).
 */
function topicHead(topic: string, words: readonly string[]): string | undefined {
  if (words.length === 0) return undefined;
  if (!hasHan(topic)) return words[words.length - 1];
  let core = topic;
  for (const kind of CHINESE_KIND_WORDS) core = core.split(kind).join("");
  core = core.replace(/的+$/u, "");
  // the shortest word that ends it, of two characters if one does (运动 of 户外运动), else of one (队 of 摇滚乐队:
  // jieba cuts 摇滚乐 and 队)
  const ending = cutChinese(core)
    .filter((word) => core.endsWith(word))
    .sort((a, b) => a.length - b.length);
  return ending.find((word) => word.length > 1) ?? ending[0] ?? words[words.length - 1];
}

/** The items of a value that lists several ("摇滚和流行音乐", "拍摄风景、拍摄人物", "hiking and climbing"). */
const ITEM_BREAK = /[、，,;；/]|和|与|及|以及|\s(?:and|or)\s/u;

/**
 * Whether a value answers the question's topic: one of its items names the topic's head and more than the topic
 * ("rock music" for "music", 科幻电影 for 电影类型; not "listening to music", not 看电影 in "旅游和看电影", not 户外活动
 * for 户外运动), or a Chinese favourite names any word of the topic as its kind (最喜欢的户外活动是徒步旅行 answers
 * 户外运动). Only the value and that kind are read, not the sentence ("Lucy likes traveling and watching movies" tells
 * no film genre).
 */
/**
 * Whether an item names a topic's head ("rock music"), or ends on a kind of it ("jazz", "classic rock", "playing
 * tennis", 打篮球; not "rock climbing", which ends on no music).
 */
function namesTopicHead(item: string, topic: Topic): boolean {
  const { head } = topic;
  if (head === undefined) return false;
  const heads = [head, ...(SAME_HEADS[head] ?? [])];
  const members = heads.flatMap((word) => KINDS[word] ?? []);
  const lower = item
    .trim()
    .toLowerCase()
    .replace(/[.!?。！？]+$/u, "");
  return (
    heads.some((word) => lower.includes(word)) ||
    members.some((member) => lower === member || lower.endsWith(hasHan(member) ? member : ` ${member}`))
  );
}

function answersTopic(fact: FactView, topic: Topic): boolean {
  const { words, head, asked } = topic;
  if (words.length === 0) return true;
  const namesAny = (text: string) => words.some((word) => text.toLowerCase().includes(word));
  // the kind is the speaker's own word for the topic: any word of it will do (最喜欢的户外活动 answers 户外运动)
  const favourite = FAVOURITE_KIND.exec(fact.text);
  const kind = favourite?.[1] ?? favourite?.[2] ?? "";
  if (kind !== "" && namesAny(kind)) return saysMoreThan(fact.object, asked);
  const namesHead = (item: string) => (head === undefined ? namesAny(item) : namesTopicHead(item, topic));
  if (fact.object.split(ITEM_BREAK).some((item) => namesHead(item) && saysMoreThan(item, asked))) return true;
  // "listening to music, especially jazz": what follows "especially" is a kind of what comes before it
  const kinds = KINDS_OF.exec(fact.object);
  return (
    kinds !== null && namesHead(fact.object.slice(0, kinds.index)) && saysMoreThan(kinds[1] ?? "", asked)
  );
}

/** Where a value goes on with kinds of what it named before ("music, especially jazz", 听音乐，尤其是爵士乐). */
const KINDS_OF = /(?:\b(?:especially|particularly)\s+|尤其是|特别是)(.+)$/u;

/**
 * Kinds of what a topic's head names, for values that name no head ("jazz" is music, "tennis" a sport, 篮球 运动):
 * common genres and sports, the words a value ends on.
 */
const KINDS: Readonly<Record<string, readonly string[]>> = {
  music:
    "jazz blues rock pop classical hip hop hip-hop rap country metal folk punk soul funk reggae techno edm r&b opera indie electronic k-pop".split(
      " ",
    ),
  movie:
    "comedy comedies drama dramas horror thriller thrillers action sci-fi science fiction romance romcom romcoms documentary documentaries animation cartoons fantasy westerns musicals".split(
      " ",
    ),
  sport:
    "tennis soccer football basketball baseball volleyball badminton golf hockey rugby cricket swimming running jogging cycling skiing snowboarding surfing climbing boxing karate judo taekwondo yoga pilates hiking rowing skating table tennis ping pong marathons".split(
      " ",
    ),
  instrument:
    "violin piano guitar cello drums flute saxophone sax trumpet clarinet harp ukulele bass viola harmonica accordion keyboard organ banjo trombone".split(
      " ",
    ),
  音乐: "摇滚 流行 爵士 古典 民谣 说唱 嘻哈 电子 蓝调 乡村 重金属".split(" "),
  电影: "喜剧 科幻 动作 爱情 恐怖 悬疑 动画 纪录片 科幻片 喜剧片 动作片 爱情片 恐怖片".split(" "),
  运动: "篮球 足球 排球 网球 乒乓球 羽毛球 游泳 跑步 长跑 慢跑 徒步 登山 攀岩 滑雪 滑板 骑行 瑜伽 健身 拳击 高尔夫".split(
    " ",
  ),
};

/** Heads that name the same kind ("romance films" answers "what movies…", "Cantonese cuisine" "what food…"). */
const SAME_HEADS: Readonly<Record<string, readonly string[]>> = {
  movie: ["film"],
  film: ["movie"],
  cuisine: ["food", "dish"],
  food: ["cuisine", "dish"],
  dish: ["food", "cuisine"],
  电影: ["影片"],
  影片: ["电影"],
};

interface Topic {
  words: string[];
  head: string | undefined;
  /** The topic and its words, which a value must name more than. */
  asked: ReadonlySet<string>;
}

/**
 * The kind a favourite's sentence names before its value (the rules keep it: "曹志强最喜欢的音乐类型是摇滚", "Jack's
 * favorite music genres are rock and pop").
 */
const FAVOURITE_KIND =
  /(?:最喜欢的|最爱的)([^，。,.]{1,12}?)是|\bfavou?rite ((?:[a-z][a-z-]* ){0,3}[a-z][a-z-]*) (?:is|are|has to be|have to be)\b/iu;

/** The kind a liking's sentence says it is the favourite of ("color" of "Ana's favorite color is blue.", 颜色), or null. */
function favouriteKind(fact: FactView): string | null {
  const found = FAVOURITE_KIND.exec(fact.text);
  return found?.[1] ?? found?.[2] ?? null;
}

/** Words a liking's value wraps its thing in ("listening to music", 听音乐), which name nothing of it. */
const WRAPPING_WORDS = new Set(
  "listen listening to watch watching play playing do doing the a an some of 听 看 玩 做 听听 看看 的 和 一些 各种".split(
    " ",
  ),
);

/**
 * Whether a value names more than the question's topic: "rock music" answers "what music do I like?", "music" or
 * "listening to music" only repeats it (as 音乐 or 听音乐 repeats 音乐类型). `asked`: the topic and its words.
 */
function saysMoreThan(value: string, asked: ReadonlySet<string>): boolean {
  const words = hasHan(value)
    ? getJieba().cut(value, true)
    : value
        .toLowerCase()
        .split(/[^\p{L}\p{N}]+/u)
        .map((word) => word.replace(/s$/u, ""));
  return words.some((word) => word.trim() !== "" && !asked.has(word) && !WRAPPING_WORDS.has(word));
}

/**
 * The values, each once, and none whose items another value lists too ("pizza" after "pizza and pasta"), in order.
 * @example withoutRepeats(["pizza and pasta", "jazz", "pizza"]) // ["pizza and pasta", "jazz"]
 */
function withoutRepeats(values: readonly string[]): string[] {
  const itemsOf = (value: string) =>
    value
      .split(ITEM_BREAK)
      .map((item) => item.trim().toLowerCase())
      .filter((item) => item !== "");
  const listsAll = (wider: readonly string[], narrower: readonly string[]) =>
    narrower.every((item) => wider.includes(item));
  let kept: { value: string; items: string[] }[] = [];
  for (const value of values) {
    const items = itemsOf(value);
    if (kept.some((other) => listsAll(other.items, items))) continue;
    // a value that lists all of earlier ones' items takes the place of the first of them
    const covered = kept.filter((other) => listsAll(items, other.items));
    const at = covered[0] ? kept.indexOf(covered[0]) : kept.length;
    kept = kept.filter((other) => !covered.includes(other));
    kept.splice(at, 0, { value, items });
  }
  return kept.map((entry) => entry.value);
}

/**
 * The order "what do you know about me?" tells the speaker's facts in: who they are, where they live and work, their
 * people and pets, health, then tastes and plans. Statements (a turn retold) are left to recall.
 */
const ABOUT_ORDER = [
  "name",
  "age",
  "birthday",
  "anniversary",
  "from",
  "lives_in",
  "works_at",
  "job_title",
  "studies_at",
  "married_to",
  ...Object.keys(RELATIVE_WORDS),
  "pet",
  "allergic_to",
  "speaks",
  "likes",
  "dislikes",
  "learns",
  "practices",
  "member_of",
  "has",
  "plans",
];

/**
 * The sentences that say a predicate's values: a favourite as one ("Your favorite book is Dune."), the rest together
 * ("You like jazz and tea."); what ended is said elsewhere (noLongerAnswer).
 */
function valueSentences(asked: FactQuestion, facts: readonly FactView[]): string[] {
  const sentences: string[] = [];
  const favourites = facts.filter((fact) => fact.object !== ENDED && favouriteKind(fact) !== null);
  for (const fact of favourites)
    sentences.push(
      answerSentence({ ...asked, favourite: true, topic: favouriteKind(fact) as string }, [fact.object]),
    );
  const values = facts
    .filter((fact) => fact.object !== ENDED && !favourites.includes(fact))
    .map((fact) => valueSaid(fact, asked));
  if (values.length > 0) sentences.push(answerSentence(asked, withoutRepeats(values)));
  return sentences;
}

/** At most this many kinds of fact "what do you know about me?" tells. */
const MAX_ABOUT_KINDS = 10;

/**
 * A Chinese relative's question with the word every fact of it was told with, when that says more than the
 * catalogue's ("小军是王峰的弟弟。": 你的弟弟叫小军。, not 兄弟); the question as it is otherwise.
 */
function withWordSaid(asked: FactQuestion, facts: readonly FactView[]): FactQuestion {
  if (asked.language !== "zh") return asked;
  const words = new Set(
    facts.map((fact) => fact.text.match(/的(?<word>\p{Script=Han}{1,4})。$/u)?.groups?.word),
  );
  const [word] = words;
  return words.size === 1 && word && CHINESE_RELATIVE_WORDS[word] === asked.predicate
    ? { ...asked, word }
    : asked;
}

/** A fact's sentence in `language`: as told when it was told in it or restates its turn, else the catalogue's. */
function inLanguage(fact: FactView, language: "en" | "zh"): string {
  if (hasHan(fact.text) === (language === "zh") || restatesItsTurn(fact.predicate)) return fact.text;
  return factSentence(fact.predicate, fact.subject, fact.object, language);
}

/** What is known of the speaker: one sentence a predicate, in ABOUT_ORDER; null when no catalogue fact is known. */
async function aboutAnswer(
  engine: Engine,
  question: FactQuestion,
  scope: AnswerScope,
  speaker: string,
): Promise<MemoryAnswer | null> {
  const all = await unlessAbsent(() => engine.facts({ ...scope, subject: speaker }));
  if (!all) return null;
  const sentences: string[] = [];
  const used: FactView[] = [];
  for (const predicate of ABOUT_ORDER) {
    if (sentences.length >= MAX_ABOUT_KINDS) break;
    const asked: FactQuestion = { language: question.language, subject: { kind: "speaker" }, predicate };
    if (predicate === "pet") {
      const pets = await petsAnswer(engine, asked, scope, speaker);
      if (pets) {
        sentences.push(pets.text);
        used.push(...pets.facts);
      }
      continue;
    }
    const facts = all.filter((f) => f.predicate === predicate).sort(newestFirst);
    if (facts.length === 0) continue;
    const told = isSingleValued(predicate) ? facts.slice(0, 1) : facts.slice(0, MAX_VALUES);
    const newest = told[0] as FactView;
    if (newest.object === ENDED) {
      const ended = await noLongerAnswer(engine, scope, speaker, asked, newest);
      if (ended) {
        sentences.push(ended);
        used.push(newest);
      }
      continue;
    }
    // "You have a son." says nothing "Your son's name is Jake." did not
    const says =
      predicate === "has" ? told.filter((f) => !countsNamedRelatives(f, used, question.language)) : told;
    if (says.length === 0) continue;
    sentences.push(...valueSentences(withWordSaid(asked, says), says));
    used.push(...says);
  }
  // what the speaker lastingly is, told as a statement ("You are vegetarian.", 你是素食者。)
  const traits = all
    .filter((f) => f.predicate === "statement" && isLastingTrait(f.object))
    .sort(newestFirst)
    .slice(0, MAX_ABOUT);
  for (const fact of traits) {
    sentences.push(toPerson(fact.text, speaker));
    used.push(fact);
  }
  // then what is known of the speaker's people ("Ana's mother works as a nurse."), as the facts say it (in the
  // question's language when a catalogue sentence can: 李明在腾讯工作。 is "李明 works at 腾讯." in English)
  for (const fact of await relativesFacts(engine, scope, speaker, MAX_ABOUT_KINDS - sentences.length)) {
    sentences.push(toPerson(inLanguage(fact, question.language), speaker));
    used.push(fact);
  }
  if (sentences.length === 0) return null;
  const zh = question.language === "zh";
  // a sentence another says with more once ("Sarah works at Google." beside "Your wife Sarah … works at Google.")
  const kept = sentences.filter(
    (sentence, i) => !sentences.some((other, j) => j !== i && restates(other, sentence)),
  );
  return {
    text: `${zh ? "我记得这些：" : "Here is what I know about you: "}${kept.join(zh ? "" : " ")}`,
    facts: used,
  };
}

/** Words of a thing had that tell nothing beside the relatives it counts: a count, an article, "named". */
const COUNT_WORD =
  /^(?:an?|one|two|three|four|five|six|seven|eight|nine|ten|\d+|named|called|and|[一二两三四五六七八九十\d]*[个位名只]?|叫)$/u;

/**
 * Whether a thing had only counts relatives the facts shown name as many of ("son" beside "Your son's name is
 * Jake", "two kids" beside Emma and Noah, 两个孩子 beside 小明 and 小红): saying it too repeats them. A count above those
 * named, or any other word ("a car"), says more.
 */
function countsNamedRelatives(had: FactView, shown: readonly FactView[], language: "en" | "zh"): boolean {
  const named = (predicate: string) => {
    const members = [predicate, ...(GROUP_MEMBERS[predicate] ?? [])];
    return new Set(shown.filter((f) => members.includes(f.predicate)).map((f) => normalizeName(f.object)))
      .size;
  };
  const words = (
    language === "zh" ? cutChinese(had.object) : had.object.toLowerCase().split(/[\s,]+/u)
  ).filter((word) => word.length > 0 && !COUNT_WORD.test(word));
  const names = new Set(shown.filter((f) => f !== had).map((f) => normalizeName(f.object)));
  const counted = words.filter((word) => !names.has(normalizeName(word)));
  return (
    counted.length > 0 &&
    counted.every((word) => {
      const predicate = countedPredicate(word);
      if (!predicate || predicate === "pet") return false;
      const asked: FactQuestion = { language, subject: { kind: "speaker" }, predicate };
      const n = named(predicate);
      return n > 0 && (countSaid(had.object, asked, null) ?? 1) <= n;
    })
  );
}

/** Whether `words` are among `text`'s words ("Tom" in "a brother named Tom", not in "Tomato soup"). */
function containsWords(text: string, words: string): boolean {
  const all = text.split(/\s+/u);
  const part = words.split(/\s+/u);
  return all.some((_, i) => part.every((word, j) => all[i + j] === word));
}

/**
 * "How old is Lena?" after "Lena was born in 2019" and no age told: the ages the year gives now ("Lena was born in
 * 2019, so Lena is 6 or 7 years old."; 李娜1990年出生，今年35或36岁。); null when no year was told.
 */
async function birthYearAnswer(
  engine: Engine,
  question: FactQuestion,
  scope: AnswerScope,
  subject: string,
  now: number,
): Promise<MemoryAnswer | null> {
  const told = await unlessAbsent(() => engine.facts({ ...scope, subject, predicate: "birth_year" }));
  const born = (told ?? []).sort(newestFirst)[0];
  const year = Number(born?.object);
  const oldest = new Date(now).getUTCFullYear() - year;
  if (!born || !Number.isInteger(year) || oldest < 1 || oldest > 130) return null;
  if (question.language === "zh") {
    const name = chineseSubject(question.subject);
    return { text: `${name}${year}年出生，今年${oldest - 1}或${oldest}岁。`, facts: [born] };
  }
  const { name, third } = englishSubject(question.subject);
  const again = name === "You" ? "you" : name.replace(/^Your\b/u, "your");
  const text = `${name} ${third ? "was" : "were"} born in ${year}, so ${again} ${third ? "is" : "are"} ${oldest - 1} or ${oldest} years old.`;
  return { text, facts: [born] };
}

/** "Ana's dad is turning 70 in April 2027.", "Kenji turns 40 …": the age an event says one turns; the rest of a name. */
const TURNING_EN = String.raw` (?:is turning|turns|will turn|will be turning|is going to turn) (?<age>\d{1,3})\b`;
/** 王峰的爸爸2027年4月就七十岁了。, 李娜2027年3月满30岁。 */
const TURNING_ZH = String.raw`\d{4}年(?:\d{1,2}月)?(?:\d{1,2}日)?(?:就|要|将|会)?(?:满|到)?(?<age>\d{1,3}|[一二三四五六七八九十]{1,3})周?岁`;

/**
 * "How old is my dad?" after "My dad is turning 70 in April" and no age or birth year told: the age the dated event
 * says, and the age now from it ("Your dad is turning 70 in April 2027, so your dad is 69 now."; 你的爸爸2027年4月就七十
 * 岁了，现在69岁。); null when no event of the subject's says one.
 */
async function turningAnswer(
  engine: Engine,
  question: FactQuestion,
  scope: AnswerScope,
  speaker: string,
  now: number,
): Promise<MemoryAnswer | null> {
  const subject = question.subject;
  const teller = subject.kind === "named" ? subject.name : speaker;
  const events = await unlessAbsent(() => engine.facts({ ...scope, subject: teller, predicate: "event" }));
  const chinese = question.language === "zh";
  const who = escapeRegExp(teller);
  const opening =
    subject.kind === "relative"
      ? chinese
        ? `${who}的(?<word>\\p{Script=Han}{1,3}?)`
        : `${who}['’]s (?<word>\\p{L}+)`
      : who;
  const turning = new RegExp(`^${opening}${chinese ? TURNING_ZH : TURNING_EN}`, "iu");
  for (const fact of (events ?? []).sort(newestFirst)) {
    const found = fact.text.match(turning)?.groups;
    const at = fact.validFrom === null ? Number.NaN : Date.parse(fact.validFrom);
    if (!found?.age || Number.isNaN(at)) continue;
    if (subject.kind === "relative") {
      const word = found.word?.toLowerCase() ?? "";
      const relation = chinese ? CHINESE_RELATIVE_WORDS[word] : relationOf(word);
      if (relation !== subject.relation) continue;
    }
    const turns = chinese ? chineseNumber(found.age) : Number(found.age);
    if (!Number.isInteger(turns) || turns < 1 || turns > 130) continue;
    const age = now < at ? turns - 1 : turns;
    const told = toPerson(fact.text, speaker).replace(/[.。]$/u, "");
    if (chinese) return { text: `${told}，现在${age}岁。`, facts: [fact] };
    const { name, third } = englishSubject(subject);
    const again = name === "You" ? "you" : name.replace(/^Your\b/u, "your");
    return { text: `${told}, so ${again} ${third ? "is" : "are"} ${age} now.`, facts: [fact] };
  }
  return null;
}

/** What is learnt that is played: "to play tennis", "how to play the guitar". */
const TO_PLAY = /^(?:how )?to (?:play|practi[cs]e) /u;

/**
 * "What sports do I play?" after "I'm learning to play tennis" and nothing played: what is learnt to play (of the kind
 * asked), said as it was told ("You are learning to play tennis."); null when nothing is.
 */
async function learningToPlay(
  engine: Engine,
  scope: AnswerScope,
  speaker: string,
  topic: Topic | undefined,
): Promise<MemoryAnswer | null> {
  const learnt =
    (await unlessAbsent(() => engine.facts({ ...scope, subject: speaker, predicate: "learns" }))) ?? [];
  const played = learnt
    .filter(
      (fact) =>
        TO_PLAY.test(fact.object) &&
        (topic === undefined || answersTopic({ ...fact, object: fact.object.replace(TO_PLAY, "") }, topic)),
    )
    .sort(newestFirst)
    .slice(0, MAX_VALUES);
  if (played.length === 0) return null;
  return { text: played.map((fact) => toPerson(fact.text, speaker)).join(" "), facts: played };
}

/** A fact of what is had whose sentence names what is had after it: "Sara has two dogs, Rex and Bella." */
function namesWhatIsHad(fact: FactView): boolean {
  const at = fact.text.indexOf(`${fact.object}, `);
  return at >= 0 && /^\p{Lu}/u.test(fact.text.slice(at + fact.object.length + 2));
}

/**
 * "Noted: you live in Lisbon." — what a turn (`episodeId`) taught, read back from its facts: the speaker's, one
 * sentence a predicate ("your parents are John and Mary"; what ended, "you no longer work at Google"; a favourite as
 * one), else their people's, as the facts say them ("Your parents live in Ohio."); null when it taught none.
 */
export async function readBack(
  engine: Engine,
  scope: AnswerScope,
  speaker: string,
  episodeId: string,
  language: "en" | "zh",
): Promise<MemoryAnswer | null> {
  // a statement restating the turn is no catalogue fact to read back ("you live in Lisbon")
  const told = ((await unlessAbsent(() => engine.facts({ ...scope, subject: speaker }))) ?? []).filter(
    (fact) => fact.sources.includes(episodeId),
  );
  const learned = told.filter((fact) => !restatesItsTurn(fact.predicate));
  // what is had is not said again when the turn's other facts say it ("a brother named Tom" beside "your brother's
  // name is Tom")
  const said = learned.filter(
    (fact) =>
      fact.predicate !== "has" ||
      !(
        learned.some(
          (other) => other !== fact && other.object !== ENDED && containsWords(fact.object, other.object),
        ) || countsNamedRelatives(fact, learned, language)
      ),
  );
  const byPredicate = new Map<string, FactView[]>();
  for (const fact of said)
    byPredicate.set(fact.predicate, [...(byPredicate.get(fact.predicate) ?? []), fact]);
  const sentences: string[] = [];
  for (const [predicate, facts] of byPredicate) {
    const asked: FactQuestion = { language, subject: { kind: "speaker" }, predicate };
    const end = facts.find((fact) => fact.object === ENDED);
    const ended = end ? await noLongerAnswer(engine, scope, speaker, asked, end) : null;
    if (ended) sentences.push(ended);
    // a pet by its kind, as the turn told it ("your dog is Bella")
    if (predicate === "pet") {
      const named = facts.filter((fact) => fact.object !== ENDED);
      if (named.length > 0)
        sentences.push(
          petSentences(
            asked,
            named.map((fact) => fact.object),
            await toldTexts(engine, scope, named, []),
          ),
        );
      continue;
    }
    // what was had with the names its sentence gives them ("you have two dogs, Rex and Bella")
    const named = facts.filter((fact) => predicate === "has" && namesWhatIsHad(fact));
    for (const fact of named) sentences.push(toPerson(fact.text, speaker));
    const rest = facts.filter((fact) => !named.includes(fact));
    if (rest.length > 0) sentences.push(...valueSentences(withWordSaid(asked, rest), rest));
  }
  // a value of many that ended, said in an event ("Sadly Mochi passed away": "Mochi is no longer your pet.")
  if (!learned.some((fact) => fact.object === ENDED))
    for (const fact of told)
      if (fact.predicate === "event" && NO_LONGER.test(fact.text)) {
        sentences.push(toPerson(fact.text, speaker));
        learned.push(fact);
      }
  // none of the speaker's: their people's ("My parents live in Ohio" → "your parents live in Ohio")
  const theirs =
    sentences.length > 0
      ? []
      : (await relativesFacts(engine, scope, speaker, MAX_ABOUT_KINDS)).filter(
          (fact) => fact.sources.includes(episodeId) && fact.object !== ENDED,
        );
  sentences.push(...theirs.map((fact) => toPerson(fact.text, speaker)));
  const [first, ...rest] = sentences;
  if (first === undefined) return null;
  const facts = [...learned, ...theirs];
  if (language === "zh") return { text: `记住了：${sentences.join("")}`, facts };
  return { text: `Noted: ${[first.replace(/^You(r?)\b/u, "you$1"), ...rest].join(" ")}`, facts };
}

/** The current facts of the speaker's relatives (the graph's kin relations from the speaker), newest first. */
async function relativesFacts(
  engine: Engine,
  scope: AnswerScope,
  speaker: string,
  most: number,
): Promise<FactView[]> {
  if (most <= 0) return [];
  const people = await unlessAbsent(async () =>
    (await engine.graph.neighbours(scope, speaker, 1)).relations
      .filter(
        (r) =>
          sameName(r.from, speaker) &&
          (r.relationType in RELATIVE_WORDS || r.relationType === "married_to") &&
          r.validTo === null &&
          r.retiredAt === null,
      )
      .map((r) => r.to),
  );
  if (!people) return [];
  const found: FactView[] = [];
  for (const person of [...new Set(people)].slice(0, MAX_ABOUT_KINDS)) {
    const facts = await engine.facts({ ...scope, subject: person });
    found.push(...facts.filter((f) => f.predicate !== "name" && !sameName(f.subject, speaker)));
  }
  return found.sort(newestFirst).slice(0, most);
}

/**
 * The current facts that make a person someone else's relative ("Sara is Giulia's sister."), not the asker's, newest
 * first: the graph's kin relations to them, read back as their facts (at most MAX_ABOUT people's).
 */
async function othersKin(
  engine: Engine,
  scope: AnswerScope,
  name: string,
  speaker: string,
): Promise<FactView[]> {
  const relatives = await unlessAbsent(async () =>
    (await engine.graph.neighbours(scope, name, 1)).relations.filter(
      (r) =>
        sameName(r.to, name) &&
        !sameName(r.from, speaker) &&
        r.relationType in RELATIVE_WORDS &&
        r.validTo === null &&
        r.retiredAt === null,
    ),
  );
  const found: FactView[] = [];
  for (const from of [...new Set((relatives ?? []).map((r) => r.from))].slice(0, MAX_ABOUT)) {
    const facts = (await unlessAbsent(() => engine.facts({ ...scope, subject: from }))) ?? [];
    found.push(...facts.filter((f) => f.predicate in RELATIVE_WORDS && sameName(f.object, name)));
  }
  return found.sort(newestFirst).slice(0, MAX_ABOUT);
}

/** At most this many facts about a person follow who they are to the asker. */
const MAX_ABOUT = 3;

/**
 * Who a person the asker named is: their relation to the asker ("Tom is your husband."), then what is known of them,
 * newest first ("Tom works at Microsoft."); null when neither is known.
 */
async function whoAnswer(
  engine: Engine,
  question: FactQuestion,
  name: string,
  scope: AnswerScope,
  speaker: string,
): Promise<MemoryAnswer | null> {
  // every fact of the speaker's, to read a relation that ended too ("Tom was your spouse.")
  const own = await unlessAbsent(() => engine.facts({ ...scope, subject: speaker, all: true }));
  const about = await unlessAbsent(() => engine.facts({ ...scope, subject: name }));
  if (!own || !about) return null;
  const toThem = own
    .filter(
      (f) =>
        (f.predicate in RELATIVE_WORDS || f.predicate === "married_to") &&
        sameName(f.object, name) &&
        !neverHeld(f),
    )
    .sort(newestFirst);
  const current = toThem.filter((f) => f.current);
  // none now: the newest that ended, said in the past
  const former = current.length === 0 ? toThem.slice(0, 1) : [];
  const relations = current.length > 0 ? current : former;
  // who they are to someone else, when nothing to the asker ("Sara is Giulia's sister.")
  const kin = relations.length === 0 ? await othersKin(engine, scope, name, speaker) : [];
  const known = [
    ...kin,
    ...about
      .filter((f) => !sameName(f.subject, speaker) && f.predicate !== "name")
      .sort(newestFirst)
      .slice(0, MAX_ABOUT),
  ];
  if (relations.length === 0 && known.length === 0) {
    // none of theirs: what the asker told that names them ("You have a meeting with Sarah on 7 December 2026.")
    const told = own
      .filter((f) => f.current && f.object !== ENDED && hasWholeWord(f.text, name))
      .sort(newestFirst);
    // "Luna is no longer your pet.": what was told of them before that is over
    const naming = NO_LONGER.test(told[0]?.text ?? "") ? told.slice(0, 1) : told.slice(0, MAX_ABOUT);
    if (naming.length === 0) return null;
    const zh = question.language === "zh";
    return {
      text: naming.map((f) => toPerson(f.text, speaker)).join(zh ? "" : " "),
      facts: naming,
    };
  }
  // one of "your children" told as a son too is your son, not "your child and son"
  const said = relations.filter(
    (f) => !relations.some((other) => GROUP_MEMBERS[f.predicate]?.includes(other.predicate)),
  );
  const words = [...new Set(said.map((f) => relationWord(f.predicate, question.language)))];
  const zh = question.language === "zh";
  const who =
    words.length === 0
      ? ""
      : zh
        ? `${name}${former.length > 0 ? "曾是" : "是"}你的${words.join("和")}。`
        : `${name} ${former.length > 0 ? "was" : "is"} your ${joinEnglish(words)}.`;
  // what is known of them as said to the asker ("Your wife Sarah loves gardening."), a sentence another holds once
  const told = known.map((f) => toPerson(inLanguage(f, question.language), speaker));
  const kept = told.filter((sentence, i) => !told.some((other, j) => j !== i && restates(other, sentence)));
  const sentences = [who, ...kept].filter((t) => t.length > 0);
  return { text: sentences.join(zh ? "" : " "), facts: [...relations, ...known] };
}

/** At most this many relatives of a group are told of ("What do you know about my kids?"). */
const MAX_RELATIVES_TOLD = 3;

/** The names of the speaker's relatives of a relation (a group's members too), newest first, each once. */
async function relativeNames(
  engine: Engine,
  scope: AnswerScope,
  speaker: string,
  relation: string,
): Promise<string[]> {
  const named = (await groupFacts(engine, scope, speaker, relation)) ?? [];
  return [...new Set(named.sort(newestFirst).map((fact) => fact.object))];
}

/**
 * "What do you know about my wife?": who each relative of that relation is, by name (as "Who is Sofia?"), or what
 * was told of them before they were named ("Your wife works as a lawyer."); null when nothing is known.
 */
async function relativeWhoAnswer(
  engine: Engine,
  question: FactQuestion,
  relation: string,
  scope: AnswerScope,
  speaker: string,
): Promise<MemoryAnswer | null> {
  if (relation === "family") return familyAnswer(engine, question, scope, speaker);
  const names = (await relativeNames(engine, scope, speaker, relation)).slice(0, MAX_RELATIVES_TOLD);
  const answers: MemoryAnswer[] = [];
  for (const name of names) {
    const answer = await whoAnswer(engine, question, name, scope, speaker);
    if (answer) answers.push(answer);
  }
  if (names.length === 0) {
    // a relative not named yet is known by the alias "<speaker>'s <relation>"
    const about = await unlessAbsent(() => engine.facts({ ...scope, subject: `${speaker}'s ${relation}` }));
    const known = (about ?? [])
      .filter((f) => f.predicate !== "name")
      .sort(newestFirst)
      .slice(0, MAX_ABOUT);
    const told = known.map((f) => toPerson(f.text, speaker));
    const kept = told.filter((sentence, i) => !told.some((other, j) => j !== i && restates(other, sentence)));
    if (kept.length > 0) answers.push({ text: kept.join(" "), facts: known });
  }
  if (answers.length === 0) return formerRelativeAnswer(engine, relation, scope, speaker);
  return { text: answers.map((a) => a.text).join(" "), facts: answers.flatMap((a) => a.facts) };
}

/** The relations of kin and partners "my family" asks of (not friends, colleagues or neighbours). */
const FAMILY_RELATIONS: ReadonlySet<string> = new Set([
  ...["married_to", "wife", "husband", "partner", "boyfriend", "girlfriend", "parents", "mother", "father"],
  ...["children", "son", "daughter", "child", "siblings", "sister", "brother", "grandparents", "grandmother"],
  ...["grandfather", "grandchildren", "aunt", "uncle", "cousin"],
]);

/** At most this many kinds of relatives answer "Tell me about my family". */
const MAX_FAMILY_KINDS = 6;

/**
 * "Tell me about my family", "what do you know about my family?": each kind of relative the asker has now, as "Who is
 * my brother?" answers it, in the order of FAMILY_RELATIONS; null when none is known.
 */
async function familyAnswer(
  engine: Engine,
  question: FactQuestion,
  scope: AnswerScope,
  speaker: string,
): Promise<MemoryAnswer | null> {
  const kinds = await unlessAbsent(async () =>
    (await engine.graph.neighbours(scope, speaker, 1)).relations
      .filter(
        (r) =>
          sameName(r.from, speaker) &&
          FAMILY_RELATIONS.has(r.relationType) &&
          r.validTo === null &&
          r.retiredAt === null,
      )
      .map((r) => r.relationType),
  );
  const answers: MemoryAnswer[] = [];
  for (const kind of [...FAMILY_RELATIONS].filter((k) => kinds?.includes(k)).slice(0, MAX_FAMILY_KINDS)) {
    const asked: FactQuestion = { ...question, subject: { kind: "relative", relation: kind, word: kind } };
    const answer = await relativeWhoAnswer(engine, asked, kind, scope, speaker);
    if (answer) answers.push(answer);
  }
  if (answers.length === 0) return null;
  return {
    text: answers.map((a) => a.text).join(question.language === "zh" ? "" : " "),
    facts: answers.flatMap((a) => a.facts),
  };
}

/**
 * "Who is my boyfriend?" after "we broke up" and no one since: the ending of the newest one there was, as its fact
 * says it ("Tom is no longer your boyfriend."); null when there was none.
 */
async function formerRelativeAnswer(
  engine: Engine,
  relation: string,
  scope: AnswerScope,
  speaker: string,
): Promise<MemoryAnswer | null> {
  const ever = await unlessAbsent(() =>
    engine.facts({ ...scope, subject: speaker, predicate: relation, all: true }),
  );
  const former = (ever ?? []).filter((fact) => !fact.current && fact.object !== ENDED).sort(newestFirst)[0];
  const endedBy = former?.supersededBy;
  if (!endedBy) return null;
  // the ending is an event, a value of its own: its history is itself, read by id, not among all the speaker's events
  const ending = (await unlessAbsent(() => engine.history(endedBy, scope.tenant)))?.chain[0];
  return ending ? { text: toPerson(ending.text, speaker), facts: [former, ending] } : null;
}

/**
 * "How old are my kids?": the age of each of the group named ("Leo is 3 years old. Theo is 3 years old."), of those
 * whose age was told; null when none was.
 */
async function groupAgeAnswer(
  engine: Engine,
  relation: string,
  scope: AnswerScope,
  speaker: string,
): Promise<MemoryAnswer | null> {
  const facts: FactView[] = [];
  for (const name of (await relativeNames(engine, scope, speaker, relation)).slice(0, MAX_VALUES)) {
    const [age] = ((await groupFacts(engine, scope, name, "age")) ?? []).sort(newestFirst);
    if (age) facts.push(age);
  }
  if (facts.length === 0) return null;
  return { text: joinSentences(facts.map((fact) => toPerson(fact.text, speaker))), facts };
}

/** The sentence of a value that ended ("Tom is no longer Ana's boyfriend.", 汤姆不再是王峰的男朋友。). */
const NO_LONGER = /\bis no longer\b|不再是/u;

/** How a value before the current one is said, by predicate: "lived in", 以前住在. */
const EARLIER: Readonly<Record<string, { en: string; zh: (name: string, list: string) => string }>> = {
  lives_in: { en: "lived in", zh: (name, list) => `${name}以前住在${list}` },
  works_at: { en: "worked at", zh: (name, list) => `${name}以前在${list}工作` },
  job_title: { en: "worked as", zh: (name, list) => `${name}以前是${list}` },
};

/**
 * "Where did I live before?", 我以前住在哪里？: the values the current one superseded, newest first, and the current
 * one ("Before Berlin, you lived in Lisbon.", 你以前住在里斯本，现在住在柏林。); "before Paris": those before the one named;
 * null when none came before (or the one named was never told).
 */
async function beforeAnswer(
  engine: Engine,
  question: FactQuestion,
  scope: AnswerScope,
  subject: string,
): Promise<MemoryAnswer | null> {
  const said = EARLIER[question.predicate];
  const chain = await unlessAbsent(() =>
    engine.facts({ ...scope, subject, predicate: question.predicate, all: true }),
  );
  if (!said || !chain) return null;
  // "before Berlin": the values before the one named (that it closed, and those before them), when it was told
  const named = question.beforeValue;
  const anchor = named === undefined ? undefined : chain.find((fact) => sameName(fact.object, named));
  if (named !== undefined && anchor === undefined) return null;
  const preceding = new Set<string>();
  for (let at = anchor; at !== undefined && preceding.size < chain.length; ) {
    const id: string = at.id;
    at = chain.find((fact) => fact.supersededBy === id && !preceding.has(fact.id));
    if (at) preceding.add(at.id);
  }
  const earlier = chain
    .filter((fact) => !fact.current && fact.object !== ENDED && !neverHeld(fact))
    .filter((fact) => anchor === undefined || preceding.has(fact.id))
    .sort(newestFirst);
  if (earlier.length === 0) return null;
  const now = chain.find((fact) => fact.current);
  const values = withoutRepeats(earlier.slice(0, MAX_VALUES).map((fact) => fact.object));
  const facts = [...earlier.slice(0, MAX_VALUES), ...(now ? [now] : [])];
  if (question.language === "zh") {
    const name = chineseSubject(question.subject);
    const then = said.zh(name, values.join("、"));
    if (!now) return { text: `${then}。`, facts };
    const current =
      now.object === ENDED ? "" : `，现在${answerSentence(question, [now.object]).slice(name.length, -1)}`;
    return { text: `${then}${current}。`, facts };
  }
  const { name, third } = englishSubject(question.subject);
  const who = name === "You" ? "you" : name;
  // "You worked as a nurse, and now work as a doctor.": jobs with their article
  if (question.predicate === "job_title") {
    const current =
      now && now.object !== ENDED ? `, and now work${third ? "s" : ""} as ${withArticle(now.object)}` : "";
    return { text: `${name} ${said.en} ${joinEnglish(values.map(withArticle))}${current}.`, facts };
  }
  const list = joinEnglish(values);
  // ("you worked in Boston": places worked in)
  const verb = said.en.replace(/ at$/u, values.every(namesPlace) ? " in" : " at");
  const then = anchor ?? now;
  return {
    text:
      then && then.object !== ENDED
        ? `Before ${then.object}, ${who} ${verb} ${list}.`
        : `${name} ${verb} ${list}.`,
    facts,
  };
}

/**
 * Answer a question from the current facts of the speaker's scope; null when no fact answers it (or the store keeps
 * no facts). `speaker` is the name the speaker's facts are stored under (the speaker name, else the user id).
 */
export async function answerFromMemory(
  engine: Engine,
  question: FactQuestion,
  scope: AnswerScope,
  speaker: string,
  now: number = Date.now(),
): Promise<MemoryAnswer | null> {
  if (question.predicate === "during") return duringAnswer(engine, question, scope, speaker, now);
  if (question.count && question.subject.kind === "speaker")
    return countAnswer(engine, question, scope, speaker);
  if (question.predicate === "pet" && question.subject.kind === "speaker")
    return petsAnswer(engine, question, scope, speaker);
  if (question.predicate === "who" && question.subject.kind === "named")
    return whoAnswer(engine, question, question.subject.name, scope, speaker);
  if (question.predicate === "who" && question.subject.kind === "relative")
    return relativeWhoAnswer(engine, question, question.subject.relation, scope, speaker);
  if (question.predicate === "about" && question.subject.kind === "speaker")
    return aboutAnswer(engine, question, scope, speaker);
  if (question.predicate === "when") return whenAnswer(engine, question, scope, speaker);
  // "what pets do I have?": the pets by name when they were named, else what is had that is a pet
  if (question.wants === "pet" && question.subject.kind === "speaker") {
    const named = await petsAnswer(
      engine,
      { language: question.language, subject: question.subject, predicate: "pet" },
      scope,
      speaker,
    );
    if (named) return named;
  }
  if (
    question.predicate === "age" &&
    question.subject.kind === "relative" &&
    isGroupRelation(question.subject.relation)
  )
    return groupAgeAnswer(engine, question.subject.relation, scope, speaker);
  // "what are my kids' names?" is answered by a son or a daughter named too
  const subject = subjectName(question.subject, speaker);
  if (question.before) return beforeAnswer(engine, question, scope, subject);
  if (question.check) return checkAnswer(engine, question, scope, subject, question.check);
  const facts = await groupFacts(engine, scope, subject, question.predicate);
  // the topic's words, read once for all the facts
  const topic = question.topic;
  const words = topic ? topicWords(topic) : [];
  const read: Topic | undefined = topic
    ? { words, head: topicHead(topic, words), asked: new Set([...words, topic.toLowerCase()]) }
    : undefined;
  const relevant = (read ? (facts ?? []).filter((fact) => answersTopic(fact, read)) : (facts ?? []))
    // "我打算去哪里？" asks for a place: a plan to visit museums is no answer
    .filter((fact) => question.wants !== "place" || namesPlace(fact.object))
    // "what pets do I have?": what is had that is an animal kept
    .filter((fact) => question.wants !== "pet" || PET_THINGS.test(fact.object))
    .sort(newestFirst);
  if (relevant.length === 0) {
    // "How old is Lena?" after "Lena was born in 2019"
    if (question.predicate === "age")
      return (
        (await birthYearAnswer(engine, question, scope, subject, now)) ??
        turningAnswer(engine, question, scope, speaker, now)
      );
    if (question.subject.kind !== "speaker") return null;
    if (question.predicate === "practices") return learningToPlay(engine, scope, speaker, read);
    // "Who is my boyfriend?" after "we broke up": the one there was, no longer
    return question.predicate in RELATIVE_WORDS
      ? formerRelativeAnswer(engine, question.predicate, scope, speaker)
      : null;
  }
  // "Where do I work?" after "I quit my job at Google": it no longer holds
  const newest = relevant[0] as FactView;
  if (newest.object === ENDED) {
    const ended = await noLongerAnswer(engine, scope, subject, question, newest);
    return ended ? { text: ended, facts: [newest] } : null;
  }
  const used = isSingleValued(question.predicate) ? relevant.slice(0, 1) : relevant.slice(0, MAX_VALUES);
  // a favourite asked for and only likings told: "You like jazz.", not "Your favorite music is jazz."
  const asked = question.favourite && !used.some((fact) => favouriteKind(fact)) ? { ...question } : question;
  if (asked !== question) delete asked.favourite;
  // "what pets do I have?" after "I have a car and two cats": the items that are pets ("two cats")
  const values = used.flatMap((fact) => {
    if (question.wants === "pet")
      return fact.object
        .split(ITEM_BREAK)
        .filter((item) => PET_THINGS.test(item))
        .map((item) => item.trim());
    // "What sports do I play?" after "I play the violin and tennis": the items of the kind asked ("tennis")
    // (not "listening to music, especially jazz", whose items say one thing)
    const listed = read?.head !== undefined && KINDS[read.head] !== undefined && !KINDS_OF.test(fact.object);
    const items = listed ? fact.object.split(ITEM_BREAK).map((item) => item.trim()) : [];
    const kind = items.filter((item) => item.length > 0 && namesTopicHead(item, read as Topic));
    return kind.length > 0 && kind.length < items.length ? [joinEnglish(kind)] : [valueSaid(fact, question)];
  });
  return { text: answerSentence(asked, withoutRepeats(values)), facts: used };
}
