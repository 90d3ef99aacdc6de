/**
 * Rule-based Chinese fact extraction: sentences split at 。！？；, patterns for what the speaker says about
 * themselves and their relatives (我住在…, 我在…工作, 我叫…, 我妹妹叫…, 我喜欢…); the names a fact's sentence
 * mentions (chinese-mentions.ts) become its links, with the relation its verb gives.
 */
import { queryTerms } from "../terms.js";
import { extractChineseMentions, isChineseName, VOCATIVE_BEFORE } from "./chinese-mentions.js";
import { absoluteChineseDate, type FoundDate, findChineseDate } from "./extract-dates.js";
import type {
  EntityType,
  ExtractedFact,
  ExtractedMention,
  Extraction,
  FactLink,
  Speakers,
  SubjectReference,
} from "./types.js";

/** Chinese words for relatives, mapped to the catalogue's predicates. */
export const CHINESE_RELATIVE_WORDS: Readonly<Record<string, string>> = {
  妹妹: "sister",
  姐姐: "sister",
  哥哥: "brother",
  弟弟: "brother",
  妈妈: "mother",
  母亲: "mother",
  爸爸: "father",
  父亲: "father",
  妻子: "wife",
  老婆: "wife",
  太太: "wife",
  丈夫: "husband",
  老公: "husband",
  先生: "husband",
  儿子: "son",
  女儿: "daughter",
  男朋友: "boyfriend",
  女朋友: "girlfriend",
  朋友: "friend",
  同事: "colleague",
  老板: "boss",
  室友: "roommate",
};
const RELATIVES_LONGEST_FIRST = Object.keys(CHINESE_RELATIVE_WORDS).sort((a, b) => b.length - a.length);
const RELATIVE_WORDS = RELATIVES_LONGEST_FIRST.join("|");

/** A span up to the end of the clause. */
const SPAN = "([^，。！？；,.!?;、]+?)";
const END = "(?=[，。！？；,.!?;、]|$)";
const ADVERBS = "(?:现在|目前|已经|刚刚|刚|也|还|一直|正在|终于)*";
/** 在 as "at", not inside 现在, 正在, 实在. */
const AT = "(?<![现正存实所好自])在";
const SUBJECT = `(?<subject>我(?:的)?(?<relation>${RELATIVE_WORDS})?)`;

interface Rule {
  predicate: string;
  pattern: RegExp;
  objectType: EntityType | null;
  firstPersonOnly?: boolean;
}

const rule = (
  predicate: string,
  body: string,
  objectType: EntityType | null = null,
  firstPersonOnly = false,
): Rule => ({
  predicate,
  pattern: new RegExp(`${SUBJECT}${ADVERBS}${body}`, "u"),
  objectType,
  firstPersonOnly,
});

const RULES: Rule[] = [
  rule("name", `(?:叫|的名字是|的名字叫)(?<object>[\\p{Script=Han}A-Za-z]{1,8}?)${END}`, null, true),
  rule("lives_in", `(?:住在|生活在|定居在|住)(?<object>${SPAN.slice(1, -1)})${END}`, "place"),
  rule("lives_in", `(?:搬到|搬去|搬家到|移居到?)了?(?<object>${SPAN.slice(1, -1)})${END}`, "place"),
  rule("lives_in", `${AT}(?<object>[^，。！？；,.!?;、在]+?)(?:住|生活)${END}`, "place"),
  rule("from", `(?:来自|是从)(?<object>${SPAN.slice(1, -1)})(?:来的)?${END}`, "place"),
  rule("works_at", `${AT}(?<object>[^，。！？；,.!?;、在]+?)(?:工作|上班|任职)`, "organization"),
  rule("works_at", `(?:加入|入职|跳槽到|换到)了?(?<object>${SPAN.slice(1, -1)})${END}`, "organization"),
  rule(
    "studies_at",
    `${AT}(?<object>[^，。！？；,.!?;、在]+?)(?:读书|上学|念书|读大学|读研)`,
    "organization",
  ),
  rule(
    "job_title",
    "(?:是|当)(?:一名|一个|一位|名|个)?(?<object>[\\p{Script=Han}]{0,6}(?:师|员|生|家|工|者|经理|医生|护士|老师|律师|厨师|司机|警察|记者|作家|画家|学生))(?=[，。！？；,.!?;、]|$)",
  ),
  rule("married_to", `(?:和|跟)(?<object>[\\p{Script=Han}A-Za-z]{1,6}?)结婚了?${END}`, "person"),
  rule("married_to", `(?:嫁给了?|娶了)(?<object>[\\p{Script=Han}A-Za-z]{1,6}?)${END}`, "person"),
  rule("dislikes", `(?:不喜欢|讨厌|不爱|受不了)(?<object>${SPAN.slice(1, -1)})${END}`),
  // "我最喜欢的作家是乔治·奥威尔", "我喜欢的音乐类型是摇滚": what is liked follows 是
  rule(
    "likes",
    `最?(?:喜欢|爱)的(?<kind>[^，。！？；,.!?;、是]{1,6})是(?<object>${SPAN.slice(1, -1)})${END}`,
  ),
  rule(
    "likes",
    `(?:很|非常|特别|最|真的)?(?:喜欢|爱|热爱|迷上了)(?!的)(?<object>${SPAN.slice(1, -1)})${END}`,
  ),
  rule("plans", `(?:打算|计划|准备|想要|希望)(?<object>${SPAN.slice(1, -1)})${END}`),
  rule("has", `有(?<object>(?:一|两|二|三|四|五|几|\\d)[只个条辆套本台位]${SPAN.slice(1, -1)})${END}`),
  rule("age", "(?:今年)?(?<object>\\d{1,3})岁"),
];

const NAMED_RELATIVE = new RegExp(
  `我(?:的)?(?<relation>${RELATIVE_WORDS})(?:叫|是|名叫)(?<name>[\\p{Script=Han}A-Za-z]{2,4}?)${END}`,
  "u",
);

const TRAILING_PARTICLES = /[了的啊呢吧哦呀嘛啦]+$/u;

/**
 * Sentences, then clauses: a clause after a comma with no subject of its own ("…，现在在腾讯上班") continues
 * the sentence's subject, so it gets 我 back.
 */
function sentencesOf(text: string): { text: string; carried: boolean }[] {
  const sentences = text
    .split(/(?<=[。！？!?；;\n])/u)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  return sentences.flatMap((sentence) => {
    const clauses = sentence.split(/[，,]/u).filter((c) => c.trim().length > 0);
    if (clauses.length < 2 || !sentence.startsWith("我")) return [{ text: sentence, carried: false }];
    return clauses.map((clause) => {
      const body = clause.replace(/^(?:但是|但|而且|并且|所以|然后|可是|不过)/u, "");
      // a clause with no subject of its own continues the sentence's 我 (for the rules, not for statements:
      // "…，风景很美" is about the view)
      return /^(?:我|他|她|它|我们|你)/u.test(body)
        ? { text: body, carried: false }
        : { text: `我${body}`, carried: true };
    });
  });
}

function clean(object: string, dateText: string | null): string {
  let result = object.trim();
  if (dateText) result = result.replace(dateText, "");
  return result
    .replace(/^(?:了|在|到)/u, "")
    .replace(TRAILING_PARTICLES, "")
    .trim();
}

/** An object that is a thought, not a place or an organisation. */
const PONDERING = /要不要|是否|考虑|思考|想|找|换/u;

/** A clause that is not asserted: negated (不, 没), hypothetical (如果, 可能) or a question. */
const NOT_ASSERTED = /[不没别未]|从来|如果|要是|假如|万一|可能|也许|或许|大概|吗$|[？?]/u;
/** The turn speaks of family: then 我们 is the speaker and their family. */
const ZH_FAMILY = /家人|家里|孩子|儿子|女儿|老公|老婆|丈夫|妻子|爸爸|妈妈|父母/u;
/** How many content words (jieba terms, the speaker's name out) a Chinese statement needs. */
const MIN_CHINESE_CONTENT = 2;

/**
 * What the speaker says of themself, in the third person: 我 → the speaker's name, then 她/他 (TA when the name does
 * not tell); 我的 → "Name的"; 我们 → "Name和家人" when the turn speaks of family. Null when the clause is not asserted,
 * says nothing of the speaker, or says too little.
 */
function chineseStatement(
  clause: string,
  speaker: string,
  family: boolean,
  date: FoundDate | null,
): ExtractedFact | null {
  if (!clause.includes("我") || NOT_ASSERTED.test(clause)) return null;
  if (clause.includes("我们") && !family) return null;
  if (/[你您]/u.test(clause)) return null;
  let named = false;
  const pronoun = "TA";
  let text = clause.replace(/我们|我的|我/gu, (word) => {
    const first = !named;
    named = true;
    if (word === "我们") return first ? `${speaker}和家人` : "他们";
    if (word === "我的") return first ? `${speaker}的` : `${pronoun}的`;
    return first ? speaker : pronoun;
  });
  if (date?.relative) text = text.replace(date.text, absoluteChineseDate(date));
  const terms = queryTerms(text).filter((t) => !queryTerms(speaker).includes(t));
  if (terms.length < MIN_CHINESE_CONTENT) return null;
  text = `${text.replace(/[，,。！!；;…\s]+$/u, "")}。`;
  return {
    subject: { kind: "speaker" },
    predicate: date ? "event" : "statement",
    object: text.startsWith(speaker) ? text.slice(speaker.length, -1) : text.slice(0, -1),
    objectType: null,
    at: date?.at ?? null,
    language: "zh",
    text,
  };
}

/** Facts in one Chinese turn said by its speaker at `at` (ms), each with the sentence (or clause) that says it. */
function readChineseFacts(
  text: string,
  at: number,
  speakers: Speakers,
): { fact: ExtractedFact; sentence: string }[] {
  const family = ZH_FAMILY.test(text);
  const facts: { fact: ExtractedFact; sentence: string }[] = [];
  const seen = new Set<string>();
  for (const { text: sentence, carried } of sentencesOf(text)) {
    if (/[？?吗]$|[？?]/u.test(sentence)) continue;
    const date = findChineseDate(sentence, at);
    const body = date ? sentence.replace(date.text, "") : sentence;
    const before = facts.length;
    const push = (fact: ExtractedFact) => {
      const key = JSON.stringify([fact.subject, fact.predicate, fact.object]);
      if (seen.has(key) || fact.object.length === 0) return;
      seen.add(key);
      facts.push({ fact, sentence });
    };
    const named = body.match(NAMED_RELATIVE)?.groups;
    if (named?.relation && named.name) {
      push({
        subject: { kind: "speaker" },
        predicate: CHINESE_RELATIVE_WORDS[named.relation] ?? "friend",
        object: named.name,
        objectType: "person",
        at: null,
        language: "zh",
      });
    }
    for (const { predicate, pattern, objectType, firstPersonOnly } of RULES) {
      const match = body.match(pattern);
      const groups = match?.groups;
      if (!match || !groups?.object) continue;
      // "我妹妹叫…" names the relative: not the speaker's name, and already handled above.
      if (predicate === "name" && groups.relation) continue;
      if (firstPersonOnly && groups.relation) continue;
      const subject: SubjectReference = groups.relation
        ? { kind: "relative", relation: CHINESE_RELATIVE_WORDS[groups.relation] ?? "friend" }
        : { kind: "speaker" };
      const object = clean(groups.object, null);
      if (object.length === 0 || object.length > 20) continue;
      // "我在一家公司上班", "我在思考…要不要换一份工作": no organisation's name, so no entity (the fact stays)
      const isName = objectType === null || objectType === "person" || isChineseName(object);
      // "我在思考…要不要换一份工作" says where the speaker thinks, not where they work
      if (!isName && PONDERING.test(object)) continue;
      const type = isName ? objectType : null;
      const fact: ExtractedFact = {
        subject,
        predicate,
        object,
        objectType: type,
        at: date?.at ?? null,
        language: "zh",
      };
      // "曹志强最喜欢的音乐类型是摇滚": the kind of thing liked stays with it
      if (groups.kind && !groups.relation && speakers.speaker)
        fact.text = `${speakers.speaker}${clean(match[0].slice(groups.subject?.length ?? 0), null)}。`;
      push(fact);
    }
    // what no rule reads becomes a statement, as in English
    if (speakers.speaker && !carried && facts.length === before) {
      const statement = chineseStatement(sentence, speakers.speaker, family, date);
      if (statement) push(statement);
    }
  }
  return facts;
}

/** The relation a verb of the sentence gives to a name it mentions, by the name's type. */
const CHINESE_LINK_RELATIONS: readonly { verbs: RegExp; types: readonly EntityType[]; relation: string }[] = [
  { verbs: /工作|上班|任职|入职|跳槽/u, types: ["organization"], relation: "works_at" },
  { verbs: /读书|上学|念书|读大学|读研|毕业/u, types: ["organization"], relation: "studies_at" },
  { verbs: /加入|参加/u, types: ["organization"], relation: "member_of" },
  { verbs: /住|生活|搬|定居/u, types: ["place"], relation: "lives_in" },
  { verbs: /去|到|游览|参观|旅游|旅行|爬|登|玩|逛|出差|回/u, types: ["place"], relation: "visited" },
  {
    verbs: /喜欢|爱|热爱|迷上|欣赏|崇拜|佩服/u,
    types: ["person", "place", "organization", "animal", "thing"],
    relation: "likes",
  },
];

/** What puts a sentence's trip ahead of its telling: 要去, 准备去, 下个月, 明年. */
const FUTURE =
  /(?:要|将要|将会|会|准备|打算|计划|想)(?:去|到|来)|下个?(?:月|周|星期)|明年|明天|后天|将来|以后/u;

/** Below this a name in a fact's sentence makes no relation (the same bar as an entity of its own). */
const MIN_LINK_CONFIDENCE = 0.5;

/**
 * The names a fact's sentence mentions, each with the relation the sentence's verb gives it. A plan or a dislike
 * relates to nothing its verb says ("我打算去日本旅行" visits no Japan yet): its names are only mentioned, as in English.
 */
function chineseLinks(
  fact: ExtractedFact,
  sentence: string,
  mentions: readonly ExtractedMention[],
  speaker: string,
): FactLink[] {
  const asserted = fact.predicate !== "plans" && fact.predicate !== "dislikes";
  // "我下个月要去北京": a trip still to come visits nothing yet
  const ahead = FUTURE.test(sentence);
  return mentions
    .filter(
      (m) =>
        (m.confidence ?? 1) >= MIN_LINK_CONFIDENCE &&
        !m.vocative &&
        m.name !== speaker &&
        sentence.includes(m.name),
    )
    .map(({ name, entityType }) => {
      const rest = sentence.replace(name, "");
      const rule = asserted
        ? CHINESE_LINK_RELATIONS.find(
            (r) => r.types.includes(entityType) && r.verbs.test(rest) && !(ahead && r.relation === "visited"),
          )
        : undefined;
      return {
        relation: rule?.relation ?? (entityType === "person" ? "knows" : "mentions"),
        name,
        entityType,
      };
    });
}

/**
 * The turn without the names said to someone at a sentence's start ("志强，我昨天去了北京" → "我昨天去了北京"):
 * they are no part of what the sentence says of the speaker.
 */
function withoutVocatives(text: string, mentions: readonly ExtractedMention[]): string {
  let result = text;
  for (const { name, vocative } of mentions) {
    if (!vocative) continue;
    // kept pieces joined once: a turn repeating the name many times costs one pass, not one copy per repetition
    const kept: string[] = [];
    let from = 0;
    let removedUpTo = 0;
    for (let at = result.indexOf(name, from); at >= 0; at = result.indexOf(name, from)) {
      const next = result[at + name.length];
      const before = (kept.length > 0 ? kept[kept.length - 1] : "") + result.slice(removedUpTo, at);
      if ((next === "，" || next === ",") && VOCATIVE_BEFORE.test(before.slice(-8))) {
        kept.push(result.slice(removedUpTo, at));
        removedUpTo = at + name.length + 1;
      }
      from = at + name.length;
    }
    kept.push(result.slice(removedUpTo));
    result = kept.join("");
  }
  return result;
}

/**
 * Facts in one Chinese turn and the names it mentions: a fact's sentence relates its subject to the names in it.
 * @example extractChinese("我去年去了张家界。", Date.UTC(2024, 4, 1), { speaker: "李伟" }).facts[0]?.links
 * // [{ relation: "visited", name: "张家界", entityType: "place" }]
 */
export function extractChinese(text: string, at: number, speakers: Speakers = {}): Extraction {
  const mentions = extractChineseMentions(text);
  const read = readChineseFacts(withoutVocatives(text, mentions), at, speakers);
  // "我的同事张伟": a person named right after the speaker's relative word is that relative
  for (const { name, entityType, confidence } of mentions) {
    if (entityType !== "person" || (confidence ?? 1) < MIN_LINK_CONFIDENCE) continue;
    const relation = RELATIVES_LONGEST_FIRST.find(
      (word) => text.includes(`我${word}${name}`) || text.includes(`我的${word}${name}`),
    );
    if (!relation || read.some(({ fact }) => fact.object === name)) continue;
    read.push({
      fact: {
        subject: { kind: "speaker" },
        predicate: CHINESE_RELATIVE_WORDS[relation] ?? "friend",
        object: name,
        objectType: "person",
        at: null,
        language: "zh",
      },
      sentence: "",
    });
  }
  const relatives = new Set(read.filter(({ sentence }) => sentence === "").map(({ fact }) => fact.object));
  const facts = read.map(({ fact, sentence }) => {
    // a link to the fact's own object would repeat its relation; one to a relative named here repeats theirs
    const links = chineseLinks(fact, sentence, mentions, speakers.speaker ?? "").filter(
      (l) => !(fact.objectType !== null && l.name === fact.object) && !relatives.has(l.name),
    );
    return links.length > 0 ? { ...fact, links } : fact;
  });
  return { facts, mentions };
}
