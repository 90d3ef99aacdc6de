/**
 * The no-LLM answerer: a question about a remembered fact is answered from the facts Engram derived ("where do I
 * live?" → the current lives_in fact of the speaker), in the question's language and in the second person. Only
 * current facts answer (a superseded value does not), so "I moved to Berlin" after "I live in Lisbon" answers Berlin.
 */
import { type Engine, type FactView, normalizeName } from "../../core/index.js";
import { EngramError, ERROR_CODES } from "../../spec/errors.js";
import {
  CHINESE_PET_WORDS,
  chineseNumber,
  chinesePractice,
  dateSpan,
  dayPhrase,
  ENDED,
  englishNumber,
  extractFacts,
  factSentence,
  findChineseDate,
  findEnglishDates,
  inTense,
  isGroupRelation,
  isLastingTrait,
  isSingleValued,
  oneRelative,
  PET_WORDS,
  parseEnglish,
  pluralVerb,
  RELATIVE_WORDS,
  restatesItsTurn,
  typeOfName,
} from "../../text/facts/index.js";
import { cutChinese, escapeRegExp, getJieba, hasHan, hasWholeWord } from "../../text/index.js";
import { countedPredicate, type FactQuestion, type QuestionSubject } from "./fact-question.js";

export interface MemoryAnswer {
  text: string;
  /** The facts the answer rests on, newest first. */
  facts: FactView[];
}

export interface AnswerScope {
  tenant?: string;
  user?: string;
  agent?: string;
}

/** The relatives each of a group is ("children": a son, a daughter), whose facts answer a question of the group. */
const GROUP_MEMBERS: Readonly<Record<string, readonly string[]>> = {
  children: ["son", "daughter", "child"],
  siblings: ["brother", "sister"],
  parents: ["mother", "father"],
  grandchildren: ["grandchild"],
  grandparents: ["grandmother", "grandfather"],
};

/** How many values a multi-valued answer lists ("You like jazz, tea and hiking"). */
const MAX_VALUES = 5;

function joinEnglish(values: string[]): string {
  if (values.length <= 1) return values[0] ?? "";
  // values that are lists themselves are told apart by a comma before the last "and": "jazz and blues, and pizza"
  const last = values.some((value) => /,|\band\b/u.test(value)) ? ", and" : " and";
  return `${values.slice(0, -1).join(", ")}${last} ${values[values.length - 1]}`;
}

/** The subject as the answer names it: "You", "Your sister", "Maria"; and whether the verb takes -s. */
function englishSubject(subject: QuestionSubject): { name: string; third: boolean } {
  if (subject.kind === "speaker") return { name: "You", third: false };
  // "my parents", "my kids" are they: "Your parents live in Ohio."
  if (subject.kind === "relative")
    return { name: `Your ${subject.word}`, third: !isGroupWord(subject.relation, subject.word) };
  return { name: subject.name, third: true };
}

/**
 * A thing had as a sentence says it: the thing's node drops its article ("son" of "I have a son"), so one said alone
 * gets "a" back; a count, a plural, a name or a word with its own determiner stays as it is.
 */
function withArticle(thing: string): string {
  if (hasHan(thing)) return thing;
  if (/^(?:an?|the|some|my|our|several|many|\d+)\b/iu.test(thing)) return thing;
  if (englishNumber(thing.split(" ")[0] ?? "") !== null) return thing;
  if (/^\p{Lu}/u.test(thing) || /[^s]s$/u.test(thing)) return thing;
  return `${/^[aeiou]/iu.test(thing) ? "an" : "a"} ${thing}`;
}

/** Whether the word a relation was said with names the group ("parents", "kids", "children"), not one of it. */
function isGroupWord(relation: string, word: string): boolean {
  return isGroupRelation(relation) && (word === relation || /s$/u.test(word));
}

function englishSentence(question: FactQuestion, values: string[]): string {
  const { name, third } = englishSubject(question.subject);
  const s = third ? "s" : "";
  const be = third ? "is" : "are";
  const list = joinEnglish(values);
  const possessive = name === "You" ? "Your" : `${name}'s`;
  switch (question.predicate) {
    case "lives_in":
      return `${name} live${s} in ${list}.`;
    case "from":
      return `${name} ${be} from ${list}.`;
    case "works_at":
      // "You work in Boston.": a place worked in, not an employer
      return `${name} work${s} ${values.every(namesPlace) ? "in" : "at"} ${list}.`;
    case "job_title":
      return `${name} work${s} as ${/^[aeiou]/iu.test(list) ? "an" : "a"} ${list}.`;
    case "studies_at":
      return `${name} stud${third ? "ies" : "y"} at ${list}.`;
    case "married_to":
      return `${name} ${be} married to ${list}.`;
    case "age":
      return `${name} ${be} ${list} years old.`;
    case "birthday":
      return `${possessive} birthday is ${dayPhrase(list)}.`;
    case "name":
      return `${possessive} name is ${list}.`;
    case "likes":
      // "Your favorite color is blue.", "Maria's favorite books are Dune and Emma."
      if (question.favourite && question.topic)
        return `${possessive} favorite ${question.topic} ${/s$/u.test(question.topic) ? "are" : "is"} ${list}.`;
      return `${name} like${s} ${list}.`;
    case "dislikes":
      return `${name} dislike${s} ${list}.`;
    case "allergic_to":
      return `${name} ${be} allergic to ${list}.`;
    case "speaks":
      return `${name} speak${s} ${list}.`;
    case "plans":
      return `${name} plan${s} to ${list}.`;
    case "has":
      return `${name} ha${third ? "s" : "ve"} ${joinEnglish(values.map(withArticle))}.`;
    case "pet": {
      // the kind asked about, when there was one ("what are my cats called?" → "Your cats are …")
      const kind = (question.topic ?? "pet").replace(/s$/u, "");
      return values.length > 1 ? `${possessive} ${kind}s are ${list}.` : `${possessive} ${kind} is ${list}.`;
    }
    default: {
      if (question.predicate in RELATIVE_WORDS) {
        const relation = question.word ?? question.predicate;
        // "kids", "parents": the word asked with is a group's already; one of them is a child, a parent
        const group = isGroupWord(question.predicate, relation) || relation.endsWith("s");
        return values.length > 1
          ? `${possessive} ${group ? relation : `${relation}s`} are ${list}.`
          : `${possessive} ${group ? oneRelative(question.predicate) : relation}'s name is ${list}.`;
      }
      // the catalogue's sentence ("Ana is learning Japanese."), its verb in "you"'s form
      const sentence = factSentence(question.predicate, name, list, "en");
      return third || !sentence.startsWith(`${name} `)
        ? sentence
        : `${name} ${pluralVerb(sentence.slice(name.length + 1))}`;
    }
  }
}

/** A question's subject said to the asker in Chinese: 你, 你的妹妹, but 你哥, 你妈 (a one-character word takes no 的). */
function chineseSubject(subject: QuestionSubject): string {
  if (subject.kind === "speaker") return "你";
  if (subject.kind === "relative") return `你${subject.word.length === 1 ? "" : "的"}${subject.word}`;
  return subject.name;
}

function chineseSentence(question: FactQuestion, values: string[]): string {
  const name = chineseSubject(question.subject);
  const list = values.join("、");
  switch (question.predicate) {
    case "lives_in":
      return `${name}住在${list}。`;
    case "from":
      return `${name}来自${list}。`;
    case "works_at":
      return `${name}在${list}工作。`;
    case "job_title":
      return `${name}是${list}。`;
    case "studies_at":
      return `${name}在${list}读书。`;
    case "married_to":
      return `${name}和${list}结婚了。`;
    case "age":
      return `${name}${list}岁。`;
    case "birthday":
      return `${name}的生日是${list}。`;
    case "name":
      return `${name}叫${list}。`;
    case "likes":
      // 你最喜欢的颜色是蓝色。
      if (question.favourite && question.topic) return `${name}最喜欢的${question.topic}是${list}。`;
      return `${name}喜欢${list}。`;
    case "dislikes":
      return `${name}不喜欢${list}。`;
    case "allergic_to":
      return `${name}对${list}过敏。`;
    case "speaks":
      return `${name}会说${list}。`;
    case "plans":
      return `${name}打算${list}。`;
    case "has":
      return `${name}有${list}。`;
    case "learns":
      return `${name}在学${list}。`;
    case "practices":
      return `${name}${values.map(chinesePractice).join("、")}。`;
    case "pet":
      return `${name}的${question.topic ?? "宠物"}叫${list}。`;
    default: {
      const word = question.word ?? RELATIVE_WORDS[question.predicate];
      if (word) return `${name}的${word}叫${list}。`;
      return `${name}${question.predicate.replaceAll("_", " ")}${list}。`;
    }
  }
}

/**
 * The sentence for a value that ended: "You no longer work at Google.", "Your sister is no longer married to Tom.",
 * 你不再住在北京。, 你和张伟离婚了。
 */
function noLongerSentence(question: FactQuestion, value: string): string {
  const said = answerSentence(question, [value]);
  if (question.language === "zh") {
    if (question.predicate === "married_to") return said.replace(/结婚了。$/u, "离婚了。");
    const name = chineseSubject(question.subject);
    return `${name}不再${said.slice(name.length)}`;
  }
  // after the subject's "is"/"are", else before its verb
  const { name } = englishSubject(question.subject);
  const rest = said.slice(name.length + 1);
  const be = rest.match(/^(?:is|are) /u)?.[0];
  return be ? `${name} ${be}no longer ${rest.slice(be.length)}` : `${name} no longer ${rest}`;
}

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

/**
 * The sentence for a question and its values, in the question's language.
 * @example answerSentence({ language: "en", subject: { kind: "speaker" }, predicate: "lives_in" }, ["Lisbon"]) // "You live in Lisbon."
 */
export function answerSentence(question: FactQuestion, values: string[]): string {
  return question.language === "zh" ? chineseSentence(question, values) : englishSentence(question, values);
}

/** The entity name facts about the subject are stored under ("ana", "ana's sister", "Maria"). */
function subjectName(subject: QuestionSubject, speaker: string): string {
  if (subject.kind === "speaker") return speaker;
  if (subject.kind === "relative") return `${speaker}'s ${subject.relation}`;
  return subject.name;
}

function newestFirst(a: FactView, b: FactView): number {
  // a former value with no start ("I used to live in Boston") was before every value told with one
  const at = (fact: FactView) =>
    fact.validFrom === null ? Number.NEGATIVE_INFINITY : Date.parse(fact.validFrom);
  return at(b) - at(a) || b.count - a.count;
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
function answersTopic(fact: FactView, topic: Topic): boolean {
  const { words, head, asked } = topic;
  if (words.length === 0) return true;
  const namesAny = (text: string) => words.some((word) => text.toLowerCase().includes(word));
  // the kind is the speaker's own word for the topic: any word of it will do (最喜欢的户外活动 answers 户外运动)
  const favourite = FAVOURITE_KIND.exec(fact.text);
  const kind = favourite?.[1] ?? favourite?.[2] ?? "";
  if (kind !== "" && namesAny(kind)) return saysMoreThan(fact.object, asked);
  const heads = head === undefined ? [] : [head, ...(SAME_HEADS[head] ?? [])];
  const members = heads.flatMap((word) => KINDS[word] ?? []);
  // an item names the head ("rock music"), or ends on a kind of it ("jazz", "classic rock", "playing tennis", 打篮球;
  // not "rock climbing", which ends on no music)
  const namesHead = (item: string) => {
    if (head === undefined) return namesAny(item);
    const lower = item
      .trim()
      .toLowerCase()
      .replace(/[.!?。！？]+$/u, "");
    return (
      heads.some((word) => lower.includes(word)) ||
      members.some((member) => lower === member || lower.endsWith(hasHan(member) ? member : ` ${member}`))
    );
  };
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
 * The speaker's pets by name: a pet said on its own is a fact ("Miso is Ana's pet"); one named in what the speaker has
 * ("two cats, Miso and Tofu") is a relation of that fact, so the graph's pet relations from the speaker are read too,
 * with the facts of the episodes they came from as the answer's evidence.
 */
async function petsAnswer(
  engine: Engine,
  question: FactQuestion,
  scope: AnswerScope,
  speaker: string,
): Promise<MemoryAnswer | null> {
  const found = await petNames(engine, question, scope, speaker);
  if (!found) return null;
  const { names, evidence, told, kind } = found;
  if (kind) return { text: answerSentence(question, names.slice(0, MAX_VALUES * 2)), facts: evidence };
  return { text: petSentences(question, names.slice(0, MAX_VALUES * 2), told), facts: evidence };
}

/**
 * The speaker's pets by name, in the order they were told (of the question's kind when it names one: a pet whose
 * kind no fact tells is kept), with the facts they rest on and the words that told them; null when none is known.
 */
async function petNames(
  engine: Engine,
  question: FactQuestion,
  scope: AnswerScope,
  speaker: string,
): Promise<{ names: string[]; evidence: FactView[]; told: string[]; kind: string | null } | null> {
  const read = await unlessAbsent(async () => {
    const ever = await engine.facts({ ...scope, subject: speaker, predicate: "pet", all: true });
    const pets = ever.filter((fact) => fact.current);
    // a pet that died or ran away is had no more, though a thing had once named it ("a cat named Luna")
    const gone = ever.filter(
      (fact) => !fact.current && !pets.some((pet) => sameName(pet.object, fact.object)),
    );
    const had = await engine.facts({ ...scope, subject: speaker, predicate: "has" });
    const graph = await engine.graph.neighbours(scope, speaker, 1);
    const relations = graph.relations
      .filter((r) => r.relationType === "pet" && r.validTo === null && r.retiredAt === null)
      .filter((r) => sameName(r.from, speaker))
      .map((r) => ({ to: r.to, sources: r.sourceMemoryIds, at: Date.parse(r.validFrom ?? r.recordedAt) }));
    return {
      pets,
      had,
      relations: relations.filter((r) => !gone.some((fact) => sameName(fact.object, r.to))),
    };
  });
  // no facts kept, or no entity of the speaker yet
  if (!read) return null;
  const { pets, had, relations } = read;
  const holding = had.filter((fact) =>
    relations.some((r) => r.sources.some((id) => fact.sources.includes(id))),
  );
  // in the order they were told
  const names: string[] = [];
  for (const { name } of [
    ...pets.map((fact) => ({ name: fact.object, at: Date.parse(fact.validFrom ?? fact.recordedAt) })),
    ...relations.map((r) => ({ name: r.to, at: r.at })),
  ].sort((a, b) => a.at - b.at))
    if (!names.some((n) => sameName(n, name))) names.push(name);
  if (names.length === 0) return null;
  // "what's my dog's name?": a pet whose kind a fact tells is kept only when it is of that kind
  const kind = question.topic ? petKindOf(question.topic) : null;
  const evidence = [...pets, ...holding];
  // a pet's kind is in the words that named it: the facts, and the episodes they and the relations came from
  const told = await toldTexts(engine, scope, evidence, relations);
  const asked = kind ? names.filter((name) => [null, kind].includes(kindTold(name, told))) : names;
  return asked.length === 0 ? null : { names: asked, evidence, told, kind };
}

/** A kind of pet in Chinese, for the answer's 的狗叫…. */
const CHINESE_PET_KINDS: Readonly<Record<string, string>> = { dog: "狗", cat: "猫" };

/**
 * Pets by the kind their words told: "Your dog is Bella. Your cat is Luna.", 你的狗叫豆豆。; a pet whose kind was
 * not told is a pet ("Your pet is Rex.").
 */
function petSentences(question: FactQuestion, names: readonly string[], told: readonly string[]): string {
  const zh = question.language === "zh";
  const byKind = new Map<string, string[]>();
  for (const name of names) {
    const found = kindTold(name, told);
    const kind = found === null ? (zh ? "宠物" : "pet") : zh ? (CHINESE_PET_KINDS[found] ?? "宠物") : found;
    byKind.set(kind, [...(byKind.get(kind) ?? []), name]);
  }
  return [...byKind]
    .map(([kind, named]) => answerSentence({ ...question, predicate: "pet", topic: kind }, named))
    .join(zh ? "" : " ");
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
 * The order "what do you know about me?" tells the speaker's facts in: who they are, where they live and work, their
 * people and pets, health, then tastes and plans. Statements (a turn retold) are left to recall.
 */
const ABOUT_ORDER = [
  "name",
  "age",
  "birthday",
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
    .map((fact) => fact.object);
  if (values.length > 0) sentences.push(answerSentence(asked, withoutRepeats(values)));
  return sentences;
}

/** At most this many kinds of fact "what do you know about me?" tells. */
const MAX_ABOUT_KINDS = 10;

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
    sentences.push(...valueSentences(asked, says));
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
  // then what is known of the speaker's people ("Ana's mother works as a nurse."), as the facts say it
  for (const fact of await relativesFacts(engine, scope, speaker, MAX_ABOUT_KINDS - sentences.length)) {
    sentences.push(toPerson(fact.text, speaker));
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
  const learned = ((await unlessAbsent(() => engine.facts({ ...scope, subject: speaker }))) ?? []).filter(
    (fact) => fact.sources.includes(episodeId) && !restatesItsTurn(fact.predicate),
  );
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
    sentences.push(...valueSentences(asked, facts));
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
  const known = about
    .filter((f) => !sameName(f.subject, speaker) && f.predicate !== "name")
    .sort(newestFirst)
    .slice(0, MAX_ABOUT);
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
  const told = known.map((f) => toPerson(f.text, speaker));
  const kept = told.filter((sentence, i) => !told.some((other, j) => j !== i && restates(other, sentence)));
  const sentences = [who, ...kept].filter((t) => t.length > 0);
  return { text: sentences.join(zh ? "" : " "), facts: [...relations, ...known] };
}

/** At most this many relatives of a group are told of ("What do you know about my kids?"). */
const MAX_RELATIVES_TOLD = 3;

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
  const named = (await groupFacts(engine, scope, speaker, relation)) ?? [];
  const names = [...new Set(named.sort(newestFirst).map((fact) => fact.object))].slice(0, MAX_RELATIVES_TOLD);
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
  if (answers.length === 0) return null;
  return { text: answers.map((a) => a.text).join(" "), facts: answers.flatMap((a) => a.facts) };
}

/**
 * Whether a sentence says all another says after its subject ("…loves gardening and works at Google." holds
 * "Sarah works at Google.") and more.
 */
function restates(longer: string, sentence: string): boolean {
  const said = sentence.replace(/[.。!！]+$/u, "");
  const space = said.indexOf(" ");
  const predicate = space > 0 && !hasHan(said) ? said.slice(space + 1) : said;
  return longer.length > sentence.length && predicate.length > 0 && longer.includes(predicate);
}

/** The sentence of a value that ended ("Tom is no longer Ana's boyfriend.", 汤姆不再是王峰的男朋友。). */
const NO_LONGER = /\bis no longer\b|不再是/u;

/** A fact corrected as never true ("Mia, not Maria"): valid for no time. */
function neverHeld(fact: FactView): boolean {
  return fact.validFrom !== null && fact.validTo === fact.validFrom;
}

/** Whether two names are one person's as entity resolution reads them (case, accents, a possessive). */
function sameName(a: string, b: string): boolean {
  return normalizeName(a) === normalizeName(b);
}

/** A relation as the answer names it: "husband", 丈夫, one of a group ("child", 孩子); married_to is a spouse. */
function relationWord(predicate: string, language: "en" | "zh"): string {
  if (predicate === "married_to") return language === "zh" ? "配偶" : "spouse";
  // one of a group: 孩子, not 孩子们
  return language === "zh"
    ? (RELATIVE_WORDS[predicate] ?? predicate).replace(/们$/u, "")
    : oneRelative(predicate).replaceAll("_", " ");
}

/** What is had that is a pet: "two cats and a dog", 两只猫. */
const PET_THINGS = new RegExp(`\\b(?:${PET_WORDS}|pets?)\\b|${CHINESE_PET_WORDS}`, "iu");

/** Words for a kind of pet, by the kind's name (a puppy is a dog, 猫咪 a cat). */
const PET_KINDS: Readonly<Record<string, RegExp>> = {
  dog: /\b(?:dogs?|pupp(?:y|ies)|pups?|doggies?)\b|狗/giu,
  cat: /\b(?:cats?|kittens?|kitty|kitties)\b|猫/giu,
};

/** The kind a pet word names: dog, cat, or the word itself in the singular. */
function petKindOf(word: string): string {
  for (const [kind, words] of Object.entries(PET_KINDS)) if (lastAt(word, words) >= 0) return kind;
  return word.replace(/s$/u, "");
}

/**
 * The kind of pet a fact's sentence names last before the pet's name ("two cats, Miso and Tofu"; "a dog named Rex and
 * a cat named Luna"); null when none does.
 */
function kindTold(name: string, texts: readonly string[]): string | null {
  for (const text of texts) {
    const at = text.indexOf(name);
    if (at < 0) continue;
    const before = text.slice(Math.max(0, at - 40), at);
    const last = Object.entries(PET_KINDS)
      .map(([kind, words]) => ({ kind, at: lastAt(before, words) }))
      .filter((found) => found.at >= 0)
      .sort((a, b) => b.at - a.at)[0];
    if (last) return last.kind;
    // 一只叫咪咪的猫: Chinese names the kind after
    const after = text.slice(at + name.length, at + name.length + 4).match(/^的(?:小)?(?<kind>[猫狗])/u)
      ?.groups?.kind;
    if (after) return after === "猫" ? "cat" : "dog";
  }
  return null;
}

/** At most this many episodes are read for the kinds of a speaker's pets. */
const MAX_PET_EPISODES = 50;

/** The facts' sentences and the texts of the episodes they and the pet relations came from. */
async function toldTexts(
  engine: Engine,
  scope: AnswerScope,
  facts: readonly FactView[],
  relations: readonly { sources: string[] }[],
): Promise<string[]> {
  const ids = [...new Set([...facts.flatMap((f) => f.sources), ...relations.flatMap((r) => r.sources)])];
  const episodes = await engine.get({ ids: ids.slice(0, MAX_PET_EPISODES), tenant: scope.tenant });
  return [...facts.map((f) => f.text), ...episodes.map((e) => e.text)];
}

/** Where the last match of a global pattern starts in a text, −1 when none. */
function lastAt(text: string, words: RegExp): number {
  let at = -1;
  for (const match of text.matchAll(words)) at = match.index ?? at;
  return at;
}

/** Whether a value names a place the rules are sure of ("去墨西哥旅游" names 墨西哥; "Boston" is one). */
function namesPlace(value: string): boolean {
  if (!hasHan(value) && typeOfName(value).type === "place") return true;
  return extractFacts(value, 0).mentions.some(
    (mention) => mention.entityType === "place" && (mention.confidence ?? 1) >= 0.5,
  );
}

/** How a value before the current one is said, by predicate: "lived in", 以前住在. */
const EARLIER: Readonly<Record<string, { en: string; zh: (name: string, list: string) => string }>> = {
  lives_in: { en: "lived in", zh: (name, list) => `${name}以前住在${list}` },
  works_at: { en: "worked at", zh: (name, list) => `${name}以前在${list}工作` },
  job_title: { en: "worked as", zh: (name, list) => `${name}以前是${list}` },
};

/**
 * "Where did I live before?", 我以前住在哪里？: the values the current one superseded, newest first, and the current
 * one ("Before Berlin, you lived in Lisbon.", 你以前住在里斯本，现在住在柏林。); null when none came before.
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
  const earlier = chain
    .filter((fact) => !fact.current && fact.object !== ENDED && !neverHeld(fact))
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
  return {
    text:
      now && now.object !== ENDED
        ? `Before ${now.object}, ${who} ${verb} ${list}.`
        : `${name} ${verb} ${list}.`,
    facts,
  };
}

/** Verbs that say little of what happened ("when did I go to Rome?" matches "Ana flew to Rome"). */
const LIGHT_VERBS = new Set(["be", "do", "have", "go", "get", "make", "take", "come", "start", "begin"]);
/** Chinese characters a "when" topic may leave out of the fact that answers it (去的罗马 ~ 去了罗马). */
const CHINESE_FILLERS = /[的了过是在要会呢吗啊]/gu;

/** The words of an English text by kind, as lemmas: what names something (nouns, names, numbers) and the verbs. */
function lemmasOf(text: string): { names: Set<string>; verbs: Set<string> } {
  const names = new Set<string>();
  const verbs = new Set<string>();
  for (const sentence of parseEnglish(text))
    for (const token of sentence) {
      if (["NOUN", "PROPN", "NUM", "ADJ"].includes(token.pos)) names.add(token.lemma);
      else if (token.pos === "VERB" && !LIGHT_VERBS.has(token.lemma)) verbs.add(token.lemma);
    }
  return { names, verbs };
}

/** A "when" topic as it is matched: Chinese characters, or English lemmas by kind. */
type WhenTopic = { chinese: string[] } | { names: Set<string>; verbs: Set<string> };

function whenTopic(topic: string): WhenTopic {
  if (hasHan(topic))
    return { chinese: [...new Set(topic.replace(CHINESE_FILLERS, ""))].filter((c) => /\S/u.test(c)) };
  return lemmasOf(topic);
}

/**
 * How well a dated fact answers a "when" question's topic: every naming word of the topic in the fact (or, for a
 * topic of verbs only, every verb), a point for each word shared; 0 when it does not answer. A word's first four
 * letters are looked for in the sentence before it is parsed, which most sentences fail.
 */
function whenScore(topic: WhenTopic, fact: FactView): number {
  if ("chinese" in topic)
    return topic.chinese.length > 0 && topic.chinese.every((c) => fact.text.includes(c))
      ? topic.chinese.length
      : 0;
  const required = topic.names.size > 0 ? topic.names : topic.verbs;
  const lower = fact.text.toLowerCase();
  if (required.size === 0 || ![...required].every((word) => lower.includes(word.slice(0, 4)))) return 0;
  const told = lemmasOf(fact.text);
  const shared = (words: Set<string>) =>
    [...words].filter((w) => told.names.has(w) || told.verbs.has(w)).length;
  const names = shared(topic.names);
  const verbs = shared(topic.verbs);
  if (topic.names.size > 0) return names === topic.names.size ? names + verbs : 0;
  return verbs === topic.verbs.size ? verbs : 0;
}

/**
 * A fact's sentence said to the person it is about: "Ana went to Rome in March 2026." → "You went to Rome in March
 * 2026."; "Ana is flying to Tokyo…" → "You are flying…"; "Ana's sister…" → "Your sister…"; her or his after the name,
 * with no one else named between, is "your", him "you"; 王峰2026年3月去了罗马。 → 你2026年3月去了罗马。
 */
export function toPerson(text: string, speaker: string): string {
  if (hasHan(text))
    return text.replace(new RegExp(`${escapeRegExp(speaker)}(的)?`, "giu"), (_, of) => (of ? "你的" : "你"));
  // the name as the facts write it ("ana" the user is "Ana" in them)
  const at = text.search(new RegExp(`(?<![\\p{L}])${escapeRegExp(speaker)}(?![\\p{L}])`, "iu"));
  if (at < 0) return text;
  const before = text.slice(0, at);
  let after = text.slice(at + speaker.length);
  let you = "you";
  if (/^['’]s\s/u.test(after)) {
    you = "your";
    after = after.slice(2);
  } else {
    // the verb agrees: the first verb after the name, in "you"'s form
    // (the word after the name and its adverbs is the verb, whatever the tagger read: "usually wakes up")
    const words = parseEnglish(after)[0] ?? [];
    const next = words.find((t) => t.pos !== "ADV");
    const verb =
      next && /^\p{L}+s$/u.test(next.text) && next.pos === "NOUN"
        ? next
        : words.find((t) => t.pos === "VERB" || t.pos === "AUX");
    // (a third person's -s form, and was: "goes" → "go", "is" → "are", "has" → "have", "was" → "were")
    const form = verb && (verb.lower.endsWith("s") || verb.lower === "was") ? pluralVerb(verb.lower) : null;
    if (verb && form !== null && form !== verb.lower) {
      // ("doesn't" is read as "does" and "n't")
      const index = after.search(new RegExp(`\\b${escapeRegExp(verb.text)}(?=n['’]t\\b|\\b)`, "u"));
      if (index >= 0) after = `${after.slice(0, index)}${form}${after.slice(index + verb.text.length)}`;
    }
    // "her job", "his kids": the speaker's own, unless someone else was named between
    const other = after.search(
      /\s\p{Lu}\p{Ll}+(?<!\s(?:January|February|March|April|May|June|July|August|September|October|November|December))/u,
    );
    const owned = (part: string) =>
      part
        .replace(/\b(?:her|his)\b/gu, "your")
        .replace(/\b(?:herself|himself)\b/gu, "yourself")
        // ("no pets for him": "him" is only ever an object; "her" is read as "your" above)
        .replace(/\bhim\b/gu, "you");
    after = other < 0 ? owned(after) : `${owned(after.slice(0, other))}${after.slice(other)}`;
  }
  const said = `${before}${you}${after}`;
  return at === 0 ? `${said.charAt(0).toUpperCase()}${said.slice(1)}` : said;
}

/** A sentence that names a year: the date a fact was told with, written out ("in March 2026", 2026年3月). */
const DATED = /(?<!\d)(?:1[89]|20)\d\d(?!\d)/u;
/** At most this many dated facts answer a "when" or "what did I do" question, newest first (a parse each, at most). */
const MAX_DATED_FACTS = 500;

/**
 * A subject's dated facts, newest first, at most MAX_DATED_FACTS: its events, and facts whose sentence kept the date
 * they were told with ("Ana has a meeting with Sarah on 7 December 2026.").
 */
async function datedFacts(engine: Engine, scope: AnswerScope, subject: string): Promise<FactView[]> {
  return (await engine.facts({ ...scope, subject }))
    .filter((f) => f.predicate === "event" || DATED.test(f.text))
    .sort(newestFirst)
    .slice(0, MAX_DATED_FACTS);
}

/**
 * When what a question's topic says happened: the dated fact (an event, its date in its sentence) of the subject that
 * names the topic's words, told to the asker ("When did I go to Rome?" → "You went to Rome in March 2026."); a
 * relative's or a named person's from the speaker's facts that name them too. Null when none does.
 */
async function whenAnswer(
  engine: Engine,
  question: FactQuestion,
  scope: AnswerScope,
  speaker: string,
): Promise<MemoryAnswer | null> {
  const topic = question.topic ?? "";
  if (topic.length === 0) return null;
  const subject = subjectName(question.subject, speaker);
  const facts = await unlessAbsent(async () => [
    ...(await datedFacts(engine, scope, speaker)),
    ...(subject === speaker ? [] : await datedFacts(engine, scope, subject)),
  ]);
  if (!facts) return null;
  // a relative's or another's: the speaker's facts that name them ("Ana's sister Maria went…")
  const mark =
    question.subject.kind === "relative"
      ? question.subject.word
      : question.subject.kind === "named"
        ? question.subject.name
        : null;
  const about = facts.filter(
    (f) =>
      mark === null || !sameName(f.subject, speaker) || f.text.toLowerCase().includes(mark.toLowerCase()),
  );
  const asked = whenTopic(topic);
  const scored = about
    .map((fact) => ({ fact, score: whenScore(asked, fact) }))
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score || newestFirst(a.fact, b.fact));
  const best = scored[0]?.fact;
  if (!best) return null;
  return { text: toPerson(best.text, speaker), facts: [best] };
}

/** At most this many events answer "what did I do…?". */
const MAX_DURING = 3;

/**
 * What the asker did, or will do, in the time a question names ("What did I do last week?" → "You visited your parents
 * in the week of 24 November 2026."): the speaker's dated facts (datedFacts) in that time, in the order they happened,
 * at most three; null when the words name no time or nothing is dated in it. A month or a weekday without its year
 * or week is the one before the asking, or after it for a question that looks ahead.
 */
async function duringAnswer(
  engine: Engine,
  question: FactQuestion,
  scope: AnswerScope,
  speaker: string,
  now: number,
): Promise<MemoryAnswer | null> {
  const words = question.topic ?? "";
  const found =
    question.language === "zh" ? findChineseDate(words, now) : (findEnglishDates(words, now)[0] ?? null);
  const date = found && inTense(found, question.ahead ? "future" : "past", now);
  if (!date) return null;
  const { from, to } = dateSpan(date);
  const facts = await unlessAbsent(() => datedFacts(engine, scope, speaker));
  const zh = question.language === "zh";
  // the asker's own doings ("Ana's sister went to Paris" is the sister's)
  const others = new RegExp(`^${escapeRegExp(speaker)}(?:['’]s |的)`, "iu");
  // an event is dated by its validFrom; another fact by the date its sentence names
  const dates = new Map<FactView, number>();
  for (const fact of facts ?? []) {
    if (fact.predicate === "event") {
      dates.set(fact, Date.parse(fact.validFrom ?? ""));
      continue;
    }
    const told = Date.parse(fact.recordedAt);
    const said = hasHan(fact.text) ? findChineseDate(fact.text, told) : findEnglishDates(fact.text, told)[0];
    if (said) dates.set(fact, said.at);
  }
  const inSpan = [...dates].filter(([fact, at]) => at >= from && at < to && !others.test(fact.text));
  // in the question's language when any is (a turn told in the other language answers when none is)
  const same = inSpan.filter(([fact]) => hasHan(fact.text) === zh);
  const dated = (same.length > 0 ? same : inSpan)
    .sort((a, b) => a[1] - b[1])
    .slice(0, MAX_DURING)
    .map(([fact]) => fact);
  if (dated.length === 0) return null;
  const joiner = dated.every((fact) => hasHan(fact.text)) ? "" : " ";
  return { text: dated.map((fact) => toPerson(fact.text, speaker)).join(joiner), facts: dated };
}

/** Words a yes-or-no question's value is matched by: lower case, singular, no article or possessive. */
function checkWords(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}'’-]+/u)
    .filter((word) => word.length > 0 && !/^(?:a|an|the|my|our|your|some|any|to)$/u.test(word))
    .map((word) => word.replace(/(?:'s|’s|s)$/u, ""));
}

/** Whether a fact's value names what a yes-or-no question asks of ("spicy food" of "Do I like spicy food?"). */
function namesChecked(object: string, check: string): boolean {
  if (hasHan(check)) return object.includes(check) || (hasHan(object) && check.includes(object));
  const asked = checkWords(check);
  const told = new Set(checkWords(object));
  return asked.length > 0 && asked.every((word) => told.has(word));
}

/**
 * "Do I like running?", "am I allergic to nuts?", 我喜欢吃辣吗？: yes when a current value names it ("Yes, you like
 * running and swimming."), no when a dislike does ("No, you dislike spicy food."); null when nothing told says.
 */
async function checkAnswer(
  engine: Engine,
  question: FactQuestion,
  scope: AnswerScope,
  subject: string,
  check: string,
): Promise<MemoryAnswer | null> {
  const opposite = question.predicate === "likes" ? "dislikes" : null;
  const read = async (predicate: string) =>
    ((await unlessAbsent(() => engine.facts({ ...scope, subject, predicate }))) ?? [])
      .filter((fact) => fact.object !== ENDED && namesChecked(fact.object, check))
      .sort(newestFirst);
  const yes = await read(question.predicate);
  const no = opposite ? await read(opposite) : [];
  // the newer telling holds when both were told ("I love running" after "I hate running")
  const newest = [...yes, ...no].sort(newestFirst)[0];
  if (!newest) return null;
  const agrees = yes.includes(newest);
  const sentence = answerSentence(
    { ...question, predicate: agrees ? question.predicate : (opposite as string) },
    [newest.object],
  );
  if (question.language === "zh") return { text: `${agrees ? "是的" : "不"}，${sentence}`, facts: [newest] };
  return { text: `${agrees ? "Yes" : "No"}, ${sentence.replace(/^You(r?)\b/u, "you$1")}`, facts: [newest] };
}

/**
 * A subject's current facts of a predicate and of the members of its group ("children": a son, a daughter too), or
 * null when no facts are kept.
 */
async function groupFacts(
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

/** Counts as an answer writes them: "two kids", 两个孩子. */
const ENGLISH_COUNTS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];
const CHINESE_COUNTS = ["零", "一", "两", "三", "四", "五", "六", "七", "八", "九", "十"];
/** A count and the word it counts in a thing had: "two kids", "a sister", 两个孩子, 一只猫. */
const ENGLISH_COUNTED_THING = /\b(?<n>an?|\d{1,3}|[a-z]+(?:-[a-z]+)?) (?<word>[a-z]+)\b/giu;
const CHINESE_COUNTED_THING =
  /(?<n>[一二两三四五六七八九十\d]+)(?:个|只|条|位|名)(?<word>[\p{Script=Han}]{1,4})/gu;

/**
 * How many of what a count asks for a thing had says ("I have three kids" → 3 for "how many kids", "a sister named
 * Mia and two brothers" → 2 for "how many brothers"), or null when it names none.
 */
function countSaid(object: string, question: FactQuestion, kind: string | null): number | null {
  // a son or a daughter counts among the kids ("两个儿子和一个女儿" is three children)
  const members = [question.predicate, ...(GROUP_MEMBERS[question.predicate] ?? [])];
  const counts = (word: string) =>
    members.includes(countedPredicate(word) ?? "") &&
    (question.predicate !== "pet" || kind === null || petKindOf(word) === kind);
  let total: number | null = null;
  const add = (n: number | null) => {
    if (n !== null && n > 0) total = (total ?? 0) + n;
  };
  if (question.language === "zh")
    for (const { groups } of object.matchAll(CHINESE_COUNTED_THING)) {
      const word = groups?.word ?? "";
      // the longest start of the words that is a word counted (两个孩子, 一个妹妹叫李娜)
      for (let end = word.length; end > 0; end--)
        if (counts(word.slice(0, end))) {
          add(chineseNumber(groups?.n ?? "") || null);
          break;
        }
    }
  else
    for (const { groups } of object.toLowerCase().matchAll(ENGLISH_COUNTED_THING)) {
      const said = groups?.n ?? "";
      const n = /^an?$/u.test(said) ? 1 : /^\d+$/u.test(said) ? Number(said) : englishNumber(said);
      if (counts(groups?.word ?? "")) add(n);
    }
  return total;
}

/** Relations of a sibling, which "I'm an only child" answers with none. */
const SIBLING_WORDS: ReadonlySet<string> = new Set(["siblings", "sister", "brother"]);
const ONLY_CHILD = /\bonly (?:child|kid)\b|独生/u;

/** "How many siblings do I have?" after "I'm an only child": that sentence, to the asker; null when none was told. */
async function onlyChildAnswer(
  engine: Engine,
  question: FactQuestion,
  scope: AnswerScope,
  speaker: string,
): Promise<MemoryAnswer | null> {
  const told = (
    (await unlessAbsent(() => engine.facts({ ...scope, subject: speaker, predicate: "statement" }))) ?? []
  )
    .filter((fact) => ONLY_CHILD.test(fact.text))
    .sort(newestFirst);
  // (said in the question's language when it was)
  const said = told.find((fact) => hasHan(fact.text) === (question.language === "zh")) ?? told[0];
  return said ? { text: toPerson(said.text, speaker), facts: [said] } : null;
}

/**
 * "How many kids do I have?", 我有几个孩子？: the relatives (or pets) of the kind asked by name, and the count a thing
 * had said when it says more ("I have three kids" with two named: "You have three kids; you told me of Emma and
 * Noah."); null when neither is known.
 */
async function countAnswer(
  engine: Engine,
  question: FactQuestion,
  scope: AnswerScope,
  speaker: string,
): Promise<MemoryAnswer | null> {
  let names: string[] = [];
  let evidence: FactView[] = [];
  const kind = question.predicate === "pet" && question.topic ? petKindOf(question.topic) : null;
  if (question.predicate === "pet") {
    const pets = await petNames(engine, question, scope, speaker);
    // a count of cats counts the pets told to be cats
    if (pets) {
      names = kind ? pets.names.filter((name) => kindTold(name, pets.told) === kind) : pets.names;
      evidence = pets.evidence;
    }
  } else {
    const facts = (await groupFacts(engine, scope, speaker, question.predicate)) ?? [];
    evidence = facts.filter((fact) => fact.object !== ENDED);
    for (const fact of [...evidence].sort((a, b) => -newestFirst(a, b)))
      if (!names.some((name) => sameName(name, fact.object))) names.push(fact.object);
  }
  const had = (
    (await unlessAbsent(() => engine.facts({ ...scope, subject: speaker, predicate: "has" }))) ?? []
  )
    .sort(newestFirst)
    .map((fact) => ({ fact, n: countSaid(fact.object, question, kind) }))
    .find((found) => found.n !== null);
  const n = Math.max(had?.n ?? 0, names.length);
  if (n === 0)
    return SIBLING_WORDS.has(question.predicate) ? onlyChildAnswer(engine, question, scope, speaker) : null;
  const facts = had ? [had.fact, ...evidence] : evidence;
  const shown = names.slice(0, MAX_VALUES * 2);
  const word = question.word ?? question.predicate;
  if (question.language === "zh") {
    const count = `${CHINESE_COUNTS[n] ?? String(n)}${question.predicate === "pet" ? "只" : "个"}${word}`;
    if (shown.length === 0) return { text: `你有${count}。`, facts };
    const list = shown.join("、");
    return {
      text: names.length === n ? `你有${count}：${list}。` : `你有${count}，你跟我说过${list}。`,
      facts,
    };
  }
  const noun = n === 1 ? (word === "children" ? "child" : word.replace(/s$/u, "")) : word;
  const count = `${ENGLISH_COUNTS[n] ?? String(n)} ${noun}`;
  if (shown.length === 0) return { text: `You have ${count}.`, facts };
  const list = joinEnglish(shown);
  return {
    text: names.length === n ? `You have ${count}: ${list}.` : `You have ${count}; you told me of ${list}.`,
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
  // "what are my kids' names?" is answered by a son or a daughter named too
  const subject = subjectName(question.subject, speaker);
  if (question.before) return beforeAnswer(engine, question, scope, subject);
  if (question.check) return checkAnswer(engine, question, scope, subject, question.check);
  const facts = await groupFacts(engine, scope, subject, question.predicate);
  if (!facts) return null;
  // the topic's words, read once for all the facts
  const topic = question.topic;
  const words = topic ? topicWords(topic) : [];
  const read: Topic | undefined = topic
    ? { words, head: topicHead(topic, words), asked: new Set([...words, topic.toLowerCase()]) }
    : undefined;
  const relevant = (read ? facts.filter((fact) => answersTopic(fact, read)) : facts)
    // "我打算去哪里？" asks for a place: a plan to visit museums is no answer
    .filter((fact) => question.wants !== "place" || namesPlace(fact.object))
    // "what pets do I have?": what is had that is an animal kept
    .filter((fact) => question.wants !== "pet" || PET_THINGS.test(fact.object))
    .sort(newestFirst);
  if (relevant.length === 0) return null;
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
  const values = used.flatMap((fact) =>
    question.wants === "pet"
      ? fact.object
          .split(ITEM_BREAK)
          .filter((item) => PET_THINGS.test(item))
          .map((item) => item.trim())
      : [fact.object],
  );
  return { text: answerSentence(asked, withoutRepeats(values)), facts: used };
}
