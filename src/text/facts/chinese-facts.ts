/**
 * Rule-based Chinese fact extraction: sentences split at 。！？；, then into clauses at commas, each read for what keeps
 * it from telling a fact (said to the listener, promised, negated, hypothetical, hearsay); patterns for what the
 * speaker says about themselves and their relatives (我住在…, 我在…工作, 我叫…, 我妹妹叫…, 我喜欢…), and statements
 * from the runs of asserted clauses about the speaker; the names a fact's clauses mention (chinese-mentions.ts) become
 * its links, with the relation its verb gives.
 */
import { getJieba } from "../jieba.js";
import { hasHan } from "../script.js";
import { queryTerms } from "../terms.js";
import { extractChineseMentions, isChineseName, VOCATIVE_BEFORE } from "./chinese-mentions.js";
import {
  absoluteChineseDate,
  chineseNumber,
  type FoundDate,
  findChineseDate,
  findTensedChineseDate,
} from "./extract-dates.js";
import {
  RELATIVE_WORDS as CATALOGUE_WORDS,
  ENDED,
  factSentence,
  PARTNER_RELATIONS,
  valueCorrection,
} from "./predicates.js";
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
  // a group said as one word (我父母, 我爸妈, 我的孩子)
  父母: "parents",
  爸妈: "parents",
  孩子: "children",
  子女: "children",
  // the short forms said as often (我爸, 我妈, 我哥); the longer words are tried first
  爸: "father",
  妈: "mother",
  哥: "brother",
  弟: "brother",
  姐: "sister",
  妹: "sister",
};
const RELATIVES_LONGEST_FIRST = Object.keys(CHINESE_RELATIVE_WORDS).sort((a, b) => b.length - a.length);
const RELATIVE_WORDS = RELATIVES_LONGEST_FIRST.join("|");
/** A relative's word, whole (the kin had may be a pet's). */
const KIN_RELATIVE = new RegExp(`^(?:${RELATIVE_WORDS})$`, "u");
/** The relations the relative words name (sister, wife, friend…). */
const RELATIONS = new Set(Object.values(CHINESE_RELATIVE_WORDS));

/** A span up to the end of the clause. */
const SPAN = "([^，。！？；,.!?;、]+?)";
const END = "(?=[，。！？；,.!?;、]|$)";
/**
 * A list a liking names, its items joined by 、 ("徒步、长跑、打篮球和攀岩"), as many as follow; an item opening on
 * 我 is a clause of its own ("我喜欢茶、我也喜欢咖啡"). Each item ends where the next 、 or the clause does.
 */
const LIST = "[^，。！？；,.!?;、]+?(?:、(?!我)[^，。！？；,.!?;、]+?)*";
/** How long an object may be: a list's items together may be longer. */
const MAX_OBJECT = 20;
const MAX_LIST_OBJECT = 40;
const ADVERBS = "(?:现在|目前|已经|刚刚|刚|也|还|都|一直|正在|终于)*";
/** 在 as "at", not inside 现在, 正在, 实在. */
const AT = "(?<![现正存实所好自])在";
/** 我, 我的妹妹, and 我们 (the speaker among others, as English reads "we": 我们住在深圳 is where the speaker lives). */
const SUBJECT = `(?<subject>我(?<we>们)?(?:的)?(?<relation>${RELATIVE_WORDS})?)`;

interface Rule {
  predicate: string;
  pattern: RegExp;
  objectType: EntityType | null;
  firstPersonOnly?: boolean;
  /** Only an object that names a place, not a time or a phrase ("在冬天出生", "在这家医院出生", "在乡下被抚养长大"). */
  namesPlace?: boolean;
  /** Only in a clause that gives a time (下个月要去日本: a plan; 我要去睡觉了: now). */
  dated?: boolean;
}

/** A job's name ("一名老师" names 老师): a word ending as jobs do (a belief or a taste is none: 素食主义者, 音乐爱好者). */
const JOB =
  "(?<object>(?:(?!的)\\p{Script=Han}){0,6}(?<!主义|爱好|患|支持|追随)(?:师|员|生|家|工|者|经理|医生|护士|老师|律师|厨师|司机|警察|记者|作家|画家|学生))";
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
  // (住院, 住宿 are a stay, not a home)
  rule("lives_in", `(?:住在|生活在|定居在|住(?![院宿]))(?<object>${SPAN.slice(1, -1)})${END}`, "place"),
  rule("lives_in", `(?:搬到|搬去|搬家到|移居到?)了?(?<object>${SPAN.slice(1, -1)})${END}`, "place"),
  rule("lives_in", `${AT}(?<object>[^，。！？；,.!?;、在]+?)(?:住|生活)${END}`, "place"),
  rule("from", `(?:来自|是从)(?<object>${SPAN.slice(1, -1)})(?:来的)?${END}`, "place"),
  // 我出生在上海, 我在成都长大, 我是在上海长大的: where one is from
  {
    ...rule("from", `(?:出生在|出生于|生于|生在)(?<object>${SPAN.slice(1, -1)})${END}`, "place"),
    namesPlace: true,
  },
  {
    ...rule(
      "from",
      `(?:是)?${AT}(?<object>[^，。！？；,.!?;、在]+?)(?:出生长大|出生|长大)(?:的)?${END}`,
      "place",
    ),
    namesPlace: true,
  },
  // "我老家是四川的", "我的老家在湖南"
  rule("from", `(?:的)?老家(?:是|在)(?<object>${SPAN.slice(1, -1)})(?:的)?${END}`, "place"),
  // 教书, 任教: a teacher's work ("我在清华大学教书")
  rule("works_at", `${AT}(?<object>[^，。！？；,.!?;、在]+?)(?:工作|上班|任职|教书|任教)`, "organization"),
  rule("works_at", `(?:加入|入职|跳槽到|换到)了?(?<object>${SPAN.slice(1, -1)})${END}`, "organization"),
  rule(
    "studies_at",
    `${AT}(?<object>[^，。！？；,.!?;、在]+?)(?:读书|上学|念书|读大学|读研)`,
    "organization",
  ),
  rule(
    "job_title",
    // (a belief or a taste is no job: 素食主义者, 音乐爱好者)
    // (当过 is a job of before: an ending)
    `(?:是|当(?!过))(?:一名|一个|一位|名|个)?${JOB}(?=[，。！？；,.!?;、]|$)`,
  ),
  // 我在深圳一家科技公司做产品经理, 我在医院当护士: the job done where one is
  // (在给魔鬼当辩护士: a part played for someone, no job)
  rule(
    "job_title",
    `${AT}[^，。！？；,.!?;、给替为]+?(?:做|当(?!过)|担任)(?:一名|一个|一位|名|个)?${JOB}(?=[，。！？；,.!?;、]|$)`,
  ),
  // (and where: 我在杭州的一家互联网公司做设计师 works at the company)
  rule(
    "works_at",
    `${AT}(?<object>[^，。！？；,.!?;、给替为]+?)(?=(?:做|当(?!过)|担任)(?:一名|一个|一位|名|个)?${JOB.replace("(?<object>", "(?:")}(?=[，。！？；,.!?;、]|$))`,
    "organization",
  ),
  rule("married_to", `(?:和|跟)(?<object>[\\p{Script=Han}A-Za-z]{1,6}?)结婚了?${END}`, "person"),
  rule("married_to", `(?:嫁给了?|娶了)(?<object>[\\p{Script=Han}A-Za-z]{1,6}?)${END}`, "person"),
  rule("dislikes", `(?:不喜欢|讨厌|不爱|受不了)(?<object>${LIST})${END}`),
  rule("allergic_to", `对(?<object>${LIST})(?:很|非常|严重|有点|有些)?过敏${END}`),
  // "我最喜欢的作家是乔治·奥威尔", "我喜欢的音乐类型是摇滚": what is liked follows 是
  rule("likes", `最?(?:喜欢|爱)的(?<kind>[^，。！？；,.!?;、是]{1,6})是(?<object>${LIST})${END}`),
  // "我喜欢听音乐，尤其是爵士乐": kinds of what is liked go with it
  rule(
    "likes",
    `(?:很|非常|特别|最|真的)?(?:喜欢|爱|热爱|迷上了)(?!的)(?<object>${LIST}(?:，(?:尤其是|特别是)${LIST})?)${END}`,
  ),
  // 希望 hopes, often for what others do ("希望它们能让我放松"): a statement, not a plan
  // (准备好 is ready, not a plan)
  // (我们的计划 is a plan spoken of, not one made: not after 的)
  rule("plans", `(?<!的)(?:打算|计划|准备(?!好)|想要)(?<object>${SPAN.slice(1, -1)})${END}`),
  // 我下个月要去日本旅游: a trip a time is given for (要去 alone may be now: 我要去睡觉了)
  { ...rule("plans", `(?:要|将要|将)(?<object>去${SPAN.slice(1, -1)})${END}`), dated: true },
  // 我在学日语, 我学日语已经一年了, 我正在学习钢琴 (not 学会, 学到, 学了: done; 学校, 学生, 学期; 我的学习效率: a noun's;
  // 在学习…时: a time)
  rule(
    "learns",
    "(?<!的)(?:在|正在)?(?:学习|学着|学)(?![会到校生期院历位者过习了])(?<object>[\\p{Script=Han}A-Za-z]{1,6}?)(?<![时的])(?=已经|有|快|好几|了|呢|啊|[，。！？；,.!?;]|$)",
  ),
  // 我女儿在北京大学读书，学的是法律; 我的专业是计算机: what one studies
  rule("learns", `(?:学的是|读的是|专业是)(?<object>[\\p{Script=Han}A-Za-z]{1,8}?)(?:专业)?${END}`),
  // 我会弹钢琴, 我每周打篮球, 我在练瑜伽: an instrument, a sport or a game played (a liking of it is a liking: 我喜欢打篮球)
  rule(
    "practices",
    "(?<!喜欢|爱|想|不|在|正在)(?:会|经常|常常|每天|每周|平时|也|还|一直)*(?:弹|拉|吹|打|踢|下|练)(?<object>钢琴|吉他|古筝|琵琶|电子琴|尤克里里|小提琴|大提琴|二胡|笛子|萨克斯|口琴|长笛|篮球|排球|网球|羽毛球|乒乓球|高尔夫|台球|足球|围棋|象棋|太极拳?|瑜伽)(?=[，。！？；,.!?;]|$)",
  ),
  // 我会说法语和西班牙语: languages (a word ending in 语, 话 or 文)
  rule(
    "speaks",
    "(?:会说|会讲|能说|能讲|说得一口)(?:流利的|一点儿?|一些|几句)?(?<object>\\p{Script=Han}{1,5}?[语话文](?:(?:和|、|跟)\\p{Script=Han}{1,5}?[语话文]){0,7})(?=[，。！？；,.!?;]|$)",
  ),
  rule("has", `有(?<object>(?:一|两|二|三|四|五|几|\\d)[只个条辆套本台位]${SPAN.slice(1, -1)})${END}`),
  // not an age said of a time ("60岁以后", "30岁的时候"); 三十岁 in numerals too
  rule(
    "age",
    "(?:今年)?(?:已经)?(?<object>\\d{1,3}|[一二三四五六七八九十两]{1,3})岁(?!以后|之后|以前|之前|以上|以下|前|后|时|的时候|那年)",
  ),
];

/** A name of an organisation, a place or a person an ending names (腾讯, 北京, 张伟). */
/** Words for pets: 猫, 小狗, 猫咪, 宠物. */
export const CHINESE_PET_WORDS = "宠物|小?猫|小?狗|猫咪|狗狗|兔子|小兔|鹦鹉|仓鼠|乌龟|金鱼";
const ENDED_NAME = "(?<object>[\\p{Script=Han}A-Za-z·]{2,12}?)";
/** How long a value of before held: 五年, 两个月, 很多年. */
const HELD_FOR = "(?:[一二两三四五六七八九十几多\\d]+|很多|好几)(?:个)?(?:年|月|星期|周|天)(?:多)?";
/**
 * What ended (ExtractedFact.ends): a job (我从腾讯辞职了, 我不在腾讯工作了, 我被裁员了, 我退休了), a home (我不住在北京了,
 * 我搬离了北京), a marriage (我和张伟离婚了, 我离婚了). Read of the clause's subject (我, 我的妹妹); without a name the
 * value ends whatever it is.
 */
const ending = (
  predicate: string,
  objectType: EntityType | null,
  body: string,
  held: Ending["held"] = "always",
): Ending => ({
  predicate,
  objectType,
  pattern: new RegExp(`^${SUBJECT}${ADVERBS}(?:${body})了?$`, "u"),
  held,
});
interface Ending {
  predicate: string;
  pattern: RegExp;
  objectType: EntityType | null;
  /**
   * Whether the value named held until then (ExtractedFact.held): always (从腾讯辞职), never (离开北京 may be a trip),
   * or when said as no longer (不再在腾讯工作, 不在腾讯工作了; 不在腾讯工作 only denies).
   */
  held: "always" | "never" | "no-longer";
}
const ENDINGS: readonly Ending[] = [
  ending("works_at", "organization", `(?:从${ENDED_NAME})?(?:辞职|离职)`),
  ending("works_at", "organization", `辞去了?${ENDED_NAME}的工作`),
  ending("works_at", "organization", `离开了?${ENDED_NAME}`, "never"),
  ending("works_at", "organization", `(?:不再|不)在${ENDED_NAME}(?:工作|上班|任职)`, "no-longer"),
  // (被无故辞退, 被公司裁员: a manner or the word for an employer names none)
  ending(
    "works_at",
    "organization",
    `被(?:(?:无故|突然|莫名其妙地?|意外地?|直接|公司|老板|单位|领导)|${ENDED_NAME})?(?:裁员|解雇|辞退|开除)`,
  ),
  ending("works_at", "organization", "失业|退休"),
  ending("lives_in", "place", `(?:不再|不)住在${ENDED_NAME}`, "no-longer"),
  ending("lives_in", "place", `(?:搬离|搬出)了?${ENDED_NAME.replace("object", "left")}`),
  // 我以前住在北京, 我以前在北京住了五年, 我以前在腾讯工作: a home or a job of before
  ending("lives_in", "place", `(?:以前|之前|曾经|过去)住在${ENDED_NAME}(?:${HELD_FOR})?`),
  ending("lives_in", "place", `(?:以前|之前|曾经|过去)在${ENDED_NAME}(?:住|生活)(?:了|过)?(?:${HELD_FOR})?`),
  ending(
    "works_at",
    "organization",
    `(?:以前|之前|曾经|过去)在${ENDED_NAME}(?:工作|上班)(?:了|过)?(?:${HELD_FOR})?`,
  ),
  ending("married_to", "person", `(?:(?:和|跟|与)${ENDED_NAME})?离婚`),
  // 我和汤姆分手了: whichever partner he or she was (an ending of each, which ends only the one that holds); 我们分手了,
  // 我和男朋友分手了: the partner who holds now
  ...PARTNER_RELATIONS.map((relation) =>
    ending(relation, "person", `(?:(?:和|跟|与)${ENDED_NAME})?分手`, "never"),
  ),
  // 我的猫咪咪去世了, 我家的狗豆豆走丢了: a pet had until then
  ending("pet", "animal", `(?:家的?)?(?:${CHINESE_PET_WORDS})${ENDED_NAME}(?:去世|死|病死|走丢|丢|跑丢)`),
  // 我爸爸以前是一名老师, 我当过护士: a job of before
  ending("job_title", null, `(?:以前|之前|曾经|过去)(?:是|当过?|做过)(?:一名|一个|一位|名|个)?${JOB}`),
  ending("job_title", null, `当过(?:一名|一个|一位|名|个)?${JOB}`),
];
/** 不再, or a 了 at the end: what is denied held until now. */
const NO_LONGER = /不再|了$/u;

/**
 * "我妹妹叫小红", "我妹妹是李娜": a relative named. After 是 only a name the turn mentions as a person's, since 是 also
 * gives what the relative is ("我妹妹是老师", "我妈妈是一名医生").
 */
const NAMED_RELATIVE = new RegExp(
  `我(?:的)?(?<relation>${RELATIVE_WORDS})(?<verb>叫|是|名叫)(?<name>[\\p{Script=Han}A-Za-z]{2,4}?)${END}`,
  "u",
);

const PET = `(?:${CHINESE_PET_WORDS})`;
/** "我的狗叫旺财", "我家的猫名叫咪咪", "我有一只叫咪咪的猫", "我养了一只小狗，叫豆豆": the speaker's pet, named. */
const PET_NAMED = new RegExp(
  `我(?:的|家的?)?${PET}(?:叫|名叫|的名字(?:是|叫))(?<name>[\\p{Script=Han}A-Za-z]{1,4}?)${END}|我(?:家)?(?:有|养了?)(?:一|两|几)?[只条]?(?:叫|名叫)(?<named>[\\p{Script=Han}A-Za-z]{1,4}?)的${PET}`,
  "u",
);

const TRAILING_PARTICLES = /[了的啊呢吧哦呀嘛啦]+$/u;

/** Words that open a clause and tell nothing: acknowledgements, fillers, discourse markers ("好的，", "其实我…"). */
const OPENING =
  /^(?:(?:好的|好吧|好啊|是的|是啊|是呀|对啊|对呀|没错|当然|确实|嗯+|恩+|哈+|呵+|哦|噢|哇|呃|啊|其实|实际上|说实话|老实说|说起来|话说回来|另外|此外|除此之外|对了|不过|但是|可是|而且|并且|所以|然后|因此|总之|但(?!愿)|可(?=我))[，,、\s]*)+/u;
/** A clause said to the listener: what it tells is about them, or asks them. */
const ADDRESSED = /[你您]/u;
/** A request or a suggestion: "请告诉我", "到我家来吧" (吧 closes a suggestion or a guess, neither asserted). */
const REQUEST = /^请|吧$/u;
/** A clause ending in a verb of thinking, which governs the clauses after it. */
const THINKING_AT_END = /(?:觉得|认为|相信|知道|确定|指望|期望|以为|记得|想)$/u;
/** Thanks: said to the listener, not about the speaker ("这些建议非常实用，我很感激"). */
const THANKS = /感激|感谢|谢谢|多谢/u;
/**
 * Hypothetical or hedged past asserting: 如果, 可能, a guess (我猜, 估计); the words of negation are read as words,
 * below.
 */
const HYPOTHETICAL = /如果|要是|假如|万一|可能|也许|或许|大概|我猜|估计|但愿/u;
/** 从来 ("ever", "never"): no statement, but the rules read what it denies ("我从来不喜欢吃辣" is a dislike). */
const EVER = /从来/u;
/** A condition that opens a clause ("如果你想要的话，我可以…"): what follows it in the sentence is not asserted. */
const CONDITION = /^(?:如果|要是|假如|万一|假设|只要)/u;
/**
 * 我 as whom someone else speaks to ("他问我，是不是…", "妈妈告诉我…"): what follows is what they said, not a fact
 * of the speaker (not 提醒: "这次经历提醒了我…" is the speaker's own thought).
 */
const SPOKEN_TO = /(?:问|告诉|劝|嘱咐|通知)了?我/u;
/** Hearsay: what the speaker heard or read tells of the world, not of them ("我听说很多人去了青岛"). */
const HEARSAY = /^我(?:也|还)?(?:听说|听人说|了解到|得知)|^据我(?:所知|了解)/u;
/**
 * A promise made to the listener, with no time ("我会尝试这些方法", "好的，我会的"): 会 or 将 before a verb of trying,
 * considering or keeping to advice, or ending the clause. As in English, it tells the listener what the speaker will
 * do, not a fact of them; 会 before anything else is what the speaker can do ("我还会瑜伽") and stays.
 */
const PROMISE =
  /我(?:也|还|就|再|都|一定|肯定|真的)*(?:会|将|一定要)(?:的|$|去|再|好好|认真|努力|尽力|尽量|继续|坚持|多|试着|慢慢|虚心|尝试|试|考虑|注意|参考|记住|记得|照做|采纳|听取|按照|遵循|利用|寻找|查找|找|看看|加油|小心|珍惜|争取|把|思考|权衡|践行|实践|调整|改变|改进|关注)/u;
/** "我会好好学习的": 会 after 我, and the clause closes on 的 (tested apart: one pattern with .* between would rescan). */
const PROMISED_AT_END = /我(?:也|还|就|再|都|一定|肯定|真的)*会/u;

/** Words beginning with 不 or 没 that deny nothing: 不错 is good, 不同 different, 不过 but. */
const NOT_DENIALS = new Set(
  "不错 不同 不断 不仅 不久 不少 不过 不管 不论 不如 不但 不禁 不停 不得不 不一样 不时 不光 不只 不免 不妨 不已".split(
    " ",
  ),
);

/**
 * Words of three characters with 不 or 没 inside that deny nothing: 了不起 is great, 差不多 about, 忍不住 "could not help
 * but" (the rest, 听不懂, 买不起, 找不到, say a verb could not reach its end).
 */
const NOT_DENIALS_INSIDE = new Set(
  "了不起 差不多 怪不得 恨不得 巴不得 忍不住 禁不住 大不了 用不着".split(" "),
);

/**
 * Whether a Chinese clause is negated, read by words: 不, 没有, 别, 未, 无法, and a verb that could not reach its end
 * (听不懂, 找不到) — not 不错, 特别, 别人, 未来, 了不起.
 */
function isNegatedChinese(clause: string): boolean {
  if (!/[不没别未无非]/u.test(clause)) return false;
  return getJieba()
    .cut(clause, true)
    .some(
      (word) =>
        ((word.startsWith("不") || word.startsWith("没")) && !NOT_DENIALS.has(word)) ||
        (word.length === 3 && /^.[不没].$/u.test(word) && !NOT_DENIALS_INSIDE.has(word)) ||
        ["别", "未", "未曾", "从未", "无法", "并非", "非"].includes(word),
    );
}

interface Clause {
  /** The clause without its opening words. */
  text: string;
  /** The clause as said: what follows another in a statement keeps its 但, 而且. */
  said: string;
  /** Said to or asked of the listener, or thanks: no fact of any kind. */
  toListener: boolean;
  /** A promise with no time: no fact. */
  promise: boolean;
  /** Negated or hypothetical: no statement (the rules read their own negations: 不喜欢 is a dislike). */
  unasserted: boolean;
  /** Hypothetical, hearsay, governed by a condition or a doubt: no fact of any kind ("如果我住在北京，…"). */
  hypothetical: boolean;
  /** The date the clause says, resolved against the turn's time. */
  date: FoundDate | null;
  /** A rule of the table read a fact in it. */
  ruled?: boolean;
}

/** A tag question closing a sentence: "，对吗？", "，是不是？", "，对吧？". */
const TAG_QUESTION = /[，,]\s*(?:对吗|是吗|对不对|是不是|对吧|是吧|没错吧|没错吗|对么|是么|对嘛)[？?]\s*$/u;

/**
 * A sentence's clauses, each read for what keeps it from telling a fact: said to the listener (你, a question's last
 * clause, thanks), a promise, a negation. "你好，朋友，今天我去了一家西餐厅，味道还不错，你喜欢吃西餐吗？" keeps
 * "今天我去了一家西餐厅" and "味道还不错".
 */
function clausesOf(sentence: string, at: number): Clause[] {
  const question = /[？?]\s*$/u.test(sentence);
  // "我不喜欢温暖的天气，对吗？": a tag asks the whole sentence
  const tagged = question && TAG_QUESTION.test(sentence);
  const parts = withKindsJoined(
    splitOutsideTitles(sentence.replace(/[。！？!?；;\s]+$/u, "")).map((part) => part.trim()),
  ).flatMap((part) => part.split(AND_THEN));
  // "我不觉得，他们会支持我": what a denied or doubted thought governs is not asserted either, nor what follows a
  // condition ("如果你想要的话，我可以打电话给汤姆")
  let governed = false;
  return parts.flatMap((said, i) => {
    const text = said.replace(OPENING, "").trim();
    if (text.length === 0) return [];
    const asked = tagged || (question && i === parts.length - 1) || /[吗么]$/u.test(text);
    const date = findTensedChineseDate(text, at);
    const hypothetical =
      governed ||
      HYPOTHETICAL.test(text) ||
      HEARSAY.test(text) ||
      SPOKEN_TO.test(text) ||
      CONDITION.test(text);
    const unasserted = hypothetical || EVER.test(text) || isNegatedChinese(text);
    if ((unasserted && THINKING_AT_END.test(text)) || CONDITION.test(text)) governed = true;
    return [
      {
        text,
        said,
        toListener: asked || ADDRESSED.test(text) || THANKS.test(text) || REQUEST.test(text),
        promise: date === null && (PROMISE.test(text) || (text.endsWith("的") && PROMISED_AT_END.test(text))),
        unasserted,
        hypothetical,
        date,
      },
    ];
  });
}

/** A clause opens with a subject of its own (else it goes on with the one before it: "…，现在在腾讯上班"). */
const OWN_SUBJECT = /^(?:我|他|她|它|你|您|这|那)/u;
/** 我 as the speaker, not inside 自我 (self) or 忘我. */
const I = /(?<![自忘])我/u;
/**
 * 我 as the object of a clause with no subject ("…，可以让我更好地了解自己"): what acts on the speaker was said before,
 * so the clause alone tells nothing ("爸爸给我买了一个照相机" has its subject and stays).
 */
const I_AS_OBJECT =
  /^(?:可以|能够?|会|也|还|都|真的|总是|总能|一直)*(?:让|使|令|给|帮|帮助|对|陪|向|教|带|送|告诉)了?我(?!来说)/u;
/**
 * A clause with no subject whose verb only a person has, in a turn of the speaker's own ("这几天感觉有些孤独",
 * "晚上打算和朋友一起去看电影"): Chinese drops the 我, which is the speaker's.
 */
const DROPPED_I =
  /^(?:最近|这几天|这段时间|今天|昨天|晚上|现在|有时候?|总是?|一直|也|还|又|经常|真的)*(?:感觉|感到|觉得|打算|计划|准备|希望)/u;
/** A clause that names a person by a pronoun has its subject: no 我 was dropped from it. */
const HAS_PRONOUN = /[我你您他她它]/u;
/** A title between title marks, whose words are no part of the sentence around it. */
const TITLE = /《[^《》]*》/gu;
/** The speaker's words: 我们, 我的, 我 (not in 自我). */
const SPEAKER = new RegExp(`我们|我的|${I.source}`, "gu");
/** The speaker's words and titles, a title matched whole so that its 我 stays ("《我和我的祖国》"). */
const SPEAKER_WORDS = new RegExp(`${TITLE.source}|${SPEAKER.source}`, "gu");
/** A clause that only leads in to the next one: a reason, a concession, a time ("由于疫情", "虽然很累"). */
const LEAD_IN = /^.{0,4}?(?:由于|因为|虽然|尽管|为了|等到)/u;

/**
 * Whether the clause tells of the speaker: its first 我 is its subject, its subject's owner (我的), or the object of a
 * subject of its own ("汤姆总是让我笑", "爸爸给我买了…"); not when a verb comes before 我 with no one doing it
 * ("…，深深触动了我的内心" goes on a subject said before). Read by jieba's tags of the words before 我, which are few.
 */
function speakerLeads(clause: string): boolean {
  const at = clause.search(I);
  if (at <= 0) return at === 0;
  if (at > 16) return false;
  for (const { word, tag } of getJieba().tag(clause.slice(0, at), true)) {
    // n…: nouns and names; r: pronouns; x: words jieba does not know, most often names ("王峰")
    if (tag.startsWith("n") || tag.startsWith("r") || tag === "x") return true;
    if (tag.startsWith("v") && word !== "是") return false;
  }
  return true;
}

/**
 * The runs of a sentence's clauses that tell something of the speaker, for statements: consecutive clauses that are
 * asserted, from one that names the speaker (我) on ("最近天气很不错，我想去郊外徒步" → "我想去郊外徒步").
 */
function statementRuns(
  clauses: readonly Clause[],
): { said: string; date: FoundDate | null; first: number }[] {
  const runs: { said: string; date: FoundDate | null; first: number }[] = [];
  let run: Clause[] = [];
  let first: number | undefined;
  const close = () => {
    if (run.length > 0 && first !== undefined)
      runs.push({
        said: run.map((c, i) => (i === 0 ? c.text : c.said)).join("，"),
        date: run.find((c) => c.date)?.date ?? null,
        first,
      });
    run = [];
  };
  for (const [index, clause] of clauses.entries()) {
    // a clause a rule has read says its fact already; the clauses around it can still make a statement
    if (clause.ruled) {
      close();
      continue;
    }
    // (我不吃辣, 我从来不喝酒: what one does not eat or drink is a lasting thing about them, told with its negation)
    const notEaten = clause.unasserted && !clause.hypothetical && NOT_EATEN.test(clause.text);
    if (clause.toListener || clause.promise || (clause.unasserted && !notEaten)) {
      // "…，但是现在由于疫情，我不敢…": a lead-in to what is dropped goes with it
      while (run.length > 1 && LEAD_IN.test(run[run.length - 1]?.text ?? "")) run.pop();
      close();
      continue;
    }
    if (run.length === 0) {
      const dropped = DROPPED_I.test(clause.text) && !HAS_PRONOUN.test(clause.text);
      first = index;
      if (dropped) {
        run.push({ ...clause, text: `我${clause.text}` });
        continue;
      }
      // 我 in a title ("《我和我的祖国》") is no speaker
      const bare = clause.text.replace(TITLE, "《》");
      if (!I.test(bare) || I_AS_OBJECT.test(bare) || !speakerLeads(bare)) continue;
    }
    // another subject ("我去了公园，他们也在") starts its own run, which needs a 我 of its own
    if (run.length > 0 && OWN_SUBJECT.test(clause.text) && !clause.text.startsWith("我")) {
      close();
      continue;
    }
    run.push(clause);
  }
  close();
  return runs;
}

/** 花花去世了, 豆豆走丢了: one named whom a clause opens on, gone (a pet, when one of that name was had). */
const NAMED_GONE =
  /^(?<name>(?![我你您他她它这那])[\p{Script=Han}]{2,3}?)(?:已经|不幸|突然|昨天|前天)?(?:去世|死|病死|老死|走丢|丢|跑丢)了$/u;

/** A denial of eating, drinking or smoking, said as a habit: 我不吃辣, 我从来不喝酒, 我不能吃海鲜 (not 这么多). */
const NOT_EATEN =
  /^我(?:们)?(?:从来|从|平时|一直|也|都|已经|根本)*(?:不|不能|不会|不再)(?:吃|喝|抽)(?:(?![这那])\p{Script=Han}){1,6}$/u;

/** A sentence cut at its commas and colons, except inside 《titles》 ("《复仇者联盟4：终局之战》" is one). */
function splitOutsideTitles(sentence: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < sentence.length; i++) {
    const c = sentence[i];
    if (c === "《") depth++;
    else if (c === "》") depth = Math.max(0, depth - 1);
    else if (depth === 0 && (c === "，" || c === "," || c === "：" || c === ":")) {
      parts.push(sentence.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(sentence.slice(start));
  return parts;
}

/** 并, 并且, 而且 before a verb phrase of the same subject ("我住在北京并在腾讯工作"): a clause boundary (not 合并). */
const AND_THEN = /(?<=[^，,\s合兼吞])(?:并且|而且|并)(?=在|于)/u;

/** A clause that names kinds of what the clause before it named (尤其是爵士乐, 特别是篮球和游泳). */
const KINDS_CLAUSE = /^(?:尤其是|特别是)/u;

/** The parts with each one naming kinds joined to the part before it ("我喜欢听音乐，尤其是爵士乐" is one clause). */
function withKindsJoined(parts: readonly string[]): string[] {
  const joined: string[] = [];
  for (const part of parts) {
    const last = joined.length - 1;
    if (last >= 0 && KINDS_CLAUSE.test(part)) joined[last] = `${joined[last]}，${part}`;
    else joined.push(part);
  }
  return joined;
}

/** Per sentence, its clauses (split at 。！？；). */
function sentencesOf(text: string): string[] {
  return text
    .split(/(?<=[。！？!?；;\n])/u)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/**
 * A rule's object without the particles around it. A place or an organisation also loses a leading 在/到 ("住在了…");
 * what is planned or liked keeps it ("计划在西班牙待两周" is a stay in Spain).
 */
function clean(object: string, named: boolean): string {
  const trimmed = object.trim();
  // "住在波士顿已经一年多了": how long is no part of the place
  const cut = named
    ? trimmed.replace(/^(?:了|在|到)/u, "").replace(/已经.*$/u, "")
    : trimmed.replace(/^了/u, "");
  return cut.replace(TRAILING_PARTICLES, "").trim();
}

/** What a place's name holds not: a time (二十年前, 冬天, 一九七二年), a passive (被抚养). */
const NOT_A_PLACE = /\d|[年月日天被]|[前后]$|时候/u;

/** An object that is a thought, not a place or an organisation. */
const PONDERING = /要不要|是否|考虑|思考|想|找|换/u;

/** The turn speaks of family: then 我们 is the speaker and their family. */
const ZH_FAMILY = /家人|家里|孩子|儿子|女儿|老公|老婆|丈夫|妻子|爸爸|妈妈|父母/u;
/** How many content words (jieba terms, the speaker's name out) a Chinese statement needs. */
const MIN_CHINESE_CONTENT = 2;

/**
 * What the speaker says of themself, in the third person: 我 → the speaker's name, then 她/他 (TA when the name does
 * not tell); 我的 → "Name的"; 我们 → "Name和家人" when the turn speaks of family. Null when the clauses say nothing of
 * the speaker or too little. `said` is a run of asserted clauses (statementRuns).
 */
function chineseStatement(
  said: string,
  speaker: string,
  family: boolean,
  date: FoundDate | null,
): ExtractedFact | null {
  if (!I.test(said.replace(TITLE, ""))) return null;
  if (said.includes("我们") && !family) return null;
  // content words of what was said, before the name goes in (jieba would read "李明会" as one word)
  if (queryTerms(said.replace(SPEAKER, " ")).length < MIN_CHINESE_CONTENT) return null;
  let named = false;
  const pronoun = "TA";
  let text = said.replace(SPEAKER_WORDS, (word, at: number) => {
    if (word.startsWith("《")) return word;
    const first = !named;
    named = true;
    if (word === "我们") return first ? `${speaker}和家人` : "他们";
    // (我儿子 is 王芳的儿子)
    if (word === "我的" || KIN_AHEAD.test(said.slice(at + word.length)))
      return first ? `${speaker}的` : `${pronoun}的`;
    return first ? speaker : pronoun;
  });
  if (date) text = withChineseDate(text, date, said);
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

/**
 * "张伟上周去上海出差了" → an event of 张伟's, "张伟2026年10月26日那一周去上海出差了。": the clause after the name, its date
 * written out; null when it says too little.
 */
function namedEvent(name: string, rest: string, date: FoundDate): ExtractedFact | null {
  // a time or a pointing word is no one ("今天下午非常炎热", "这所学校建于1650年": jieba's unsure names)
  if (NO_ONE.test(name) || findChineseDate(name, date.at) !== null) return null;
  // (a word beyond the date is enough: the name and the date are already the event's)
  if (queryTerms(rest.replace(date.text, "")).length === 0 || I.test(rest)) return null;
  const object = withChineseDate(rest, date).replace(/[，,。！!；;…\s]+$/u, "");
  return {
    subject: { kind: "named", name },
    predicate: "event",
    object,
    objectType: null,
    at: date.at,
    language: "zh",
    text: `${name}${object}。`,
  };
}

/**
 * `text` with the date it was told with written out: a date relative to the telling, or a month whose year the
 * telling gives (三月 → 2026年3月); a date `said` does not hold (said in a lead-in clause: "上个月，我…") opens it.
 */
function withChineseDate(text: string, date: FoundDate, said = text): string {
  const when = date.relative || date.implied ? absoluteChineseDate(date) : date.text;
  return said.includes(date.text) ? text.replace(date.text, when) : `${when}${text}`;
}

/** Openings of a clause's first word that name no one: pointing words, times of day, 周末. */
const NO_ONE = /^(?:[这那哪每某本该此]|周末)|上午|下午|早上|晚上|中午|凌晨|傍晚/u;

/** A relative's word right after 我 (我儿子, 我妈): the speaker's relative, 的 left unsaid. */
const KIN_AHEAD = new RegExp(`^(?:${RELATIVE_WORDS})`, "u");

/** At most this many clauses before a fact set its scene: a page of commas is no scene (it made a turn cubic). */
const MAX_LEAD_INS = 3;

/**
 * The clauses right before the one at `index` that only set its scene ("而在《时间的礼物》中，我很喜欢…", "上个月，我…"):
 * asserted, with no subject of their own, at most MAX_LEAD_INS; their names belong to the fact too.
 */
function leadIns(clauses: readonly Clause[], index: number): Clause[] {
  const scene: Clause[] = [];
  for (let at = index - 1; at >= 0 && scene.length < MAX_LEAD_INS; at--) {
    const before = clauses[at] as Clause;
    if (before.toListener || before.promise || before.unasserted || before.ruled) break;
    if (OWN_SUBJECT.test(before.text) || I.test(before.text)) break;
    scene.push(before);
  }
  return scene.reverse();
}

/** A fact with the sentence it is in and the clauses that say it (whose names it links). */
interface ReadFact {
  fact: ExtractedFact;
  sentence: string;
  said: string;
}

/** Facts in one Chinese turn said by its speaker at `at` (ms), each with the sentence and clauses that say it. */
function readChineseFacts(text: string, at: number, speakers: Speakers, people: People): ReadFact[] {
  const family = ZH_FAMILY.test(text);
  const facts: ReadFact[] = [];
  let told = "";
  const seen = new Set<string>();
  for (const sentence of sentencesOf(text)) {
    const clauses = clausesOf(sentence, at);
    // a fact's clauses are what it says and the lead-ins that set its scene
    const push = (fact: ExtractedFact, said: string, scene: readonly Clause[]) => {
      const key = JSON.stringify([fact.subject, fact.predicate, fact.object]);
      // (an ending's object may be ENDED: whatever the value is)
      if (seen.has(key) || (fact.object.length === 0 && !fact.ends)) return;
      seen.add(key);
      facts.push({ fact, sentence, said: [...scene.map((c) => c.said), said].join("，") });
    };
    // the rules read each clause that is not said to the listener nor promised; a clause with no subject of its own
    // goes on with the sentence's 我 ("我在北京住了三年，现在在腾讯上班")
    // (a greeting first is no clause of the sentence's: "你好，我叫王峰，是一名工程师")
    const opening = clauses.findIndex((c) => !GREETING.test(c.text));
    const first = clauses[opening];
    const startsWithSpeaker = first?.text.startsWith("我") ?? false;
    // …or with its first clause's subject: 我妹妹 ("我妹妹住在上海，在银行工作"), a person named ("李娜住在北京，在清华大学教书")
    const lead = (startsWithSpeaker && first?.text.match(LEAD_SUBJECT)?.[0]) || "我";
    const leadName = first ? (namedSubject(first.text, people)?.name ?? null) : null;
    // the relative or pet a clause has just said the speaker has ("我有个妹妹", "我养了一只小狗"), whom the clauses
    // after it may name ("，叫小红", "，小明和小红", "，一个叫小明"); `someone`: a clause said someone was had or met
    let kin: string | null = null;
    // the relative a clause said the speaker did something with ("我和老婆…"), whom a "她叫…" after it names
    let withKin: string | null = null;
    let someone = false;
    // the person a clause has just named (a relative had, 我老婆叫刘洋, a friend met), whom a clause after it that
    // opens on 她 or 他, or has no subject and no pronoun, is about ("，她是一名医生", "，叫陈晨，今年六岁")
    let person: string | null = null;
    // the last fact a clause of the sentence gave, which a "不是…" after it corrects
    let last: ExtractedFact | null = null;
    for (const [index, clause] of clauses.entries()) {
      // what the turn said before this clause ("一个儿子一个女儿" before "儿子叫王小明")
      const toldBefore = told;
      told += clause.text;
      const scene = leadIns(clauses, index);
      let namedHere: string | null = null;
      const found = (fact: ExtractedFact) => {
        clause.ruled = true;
        last = fact;
        // (a pet named too: "我们有一只狗叫豆豆，它三岁了")
        if (
          fact.subject.kind === "speaker" &&
          ((fact.objectType === "person" && RELATIONS.has(fact.predicate)) || fact.predicate === "pet")
        )
          namedHere = fact.object;
        push(fact, clause.said, scene);
      };
      const about: string | null = person;
      person = null;
      const withoutDate = (text: string) => (clause.date ? text.replace(clause.date.text, "") : text);
      // "我妹妹叫小美，不是小红": the value the clause before gave corrects 小红
      const wrong = clause.text.match(NOT_THIS)?.groups?.wrong;
      if (wrong && last) {
        (last as ExtractedFact).replaces = wrong;
        clause.ruled = true;
        continue;
      }
      last = null;
      // "你可以叫我小安", "大家都叫我小安": the name the speaker goes by, though said to the listener
      const goesBy = clause.text.match(CALL_ME)?.groups?.name;
      // (a name the turn mentions, a nickname's form or a Latin one: "叫我起床" is no name)
      if (
        goesBy &&
        !clause.hypothetical &&
        (people.mentioned.has(goesBy) || /^[小阿老][\p{Script=Han}]$|^[A-Za-z]+$/u.test(goesBy))
      ) {
        found(zhFact({ kind: "speaker" }, "name", goesBy));
        continue;
      }
      if (clause.toListener || clause.promise || clause.hypothetical) {
        kin = null;
        someone = false;
        continue;
      }
      // "…一个儿子一个女儿。儿子叫王小明": a relative the turn said was had, named by their word alone
      const bare = clause.text.match(BARE_KIN_NAMED)?.groups;
      if (
        bare?.kin &&
        bare.name &&
        !clause.hypothetical &&
        new RegExp(`我(?:们家|们|家)?(?:还|也)?(?:有|养)[^。！？!?]*${bare.kin}`, "u").test(toldBefore)
      ) {
        found(kinFact(bare.kin, bare.name, speakers.speaker));
        person = namedHere;
        kin = null;
        continue;
      }
      // "我有一个女儿，她叫陈晨": the pronoun names the relative had
      // (or the one the clause before was with: "我和老婆结婚五年了，她叫张丽")
      const whose = kin ?? withKin;
      const pronounName = whose ? clause.text.match(PRONOUN_NAMES)?.groups?.name : undefined;
      const wasWith = withKin;
      withKin = null;
      if (whose && pronounName) {
        found(kinFact(whose, pronounName, speakers.speaker));
        person = namedHere;
        kin = null;
        continue;
      }
      // "我和妻子住在上海，她在银行工作": 她 is the relative the clause before was with
      const withPronoun = wasWith && !kin ? clause.text.match(PERSON_PRONOUN) : null;
      if (wasWith && withPronoun) {
        readRules(
          `我的${wasWith}${withoutDate(clause.text.slice(withPronoun[0].length))}`,
          clause.date,
          speakers,
          people,
          found,
        );
        continue;
      }
      const names = kin ? namesOfKin(clause.text, people) : null;
      if (kin && names) {
        for (const name of names) found(kinFact(kin, name, speakers.speaker));
        person = names.length === 1 ? namedHere : null;
        continue;
      }
      // "我老婆叫刘洋，她是一名医生", "我有一个女儿，叫陈晨，今年六岁": of the person just named
      if (about) {
        const pronoun = clause.text.match(NAMED_PRONOUN);
        const rest = pronoun ? clause.text.slice(pronoun[0].length) : clause.text;
        if (
          pronoun ||
          (lead === "我" &&
            !OWN_SUBJECT.test(clause.text) &&
            !HAS_PRONOUN.test(clause.text) &&
            !DROPPED_I.test(clause.text))
        ) {
          readRules(`我${withoutDate(rest)}`, clause.date, speakers, people, found, about);
          person = about;
          continue;
        }
      }
      // "我们有一个儿子，今年五岁了", "我有个妹妹，她在上海工作": of the relative just had, not named (a pet is not read so)
      if (kin) {
        const pronoun = clause.text.match(PERSON_PRONOUN);
        const rest = pronoun ? clause.text.slice(pronoun[0].length) : clause.text;
        const relative = KIN_RELATIVE.test(kin);
        if (
          (pronoun && relative) ||
          (!OWN_SUBJECT.test(clause.text) && !HAS_PRONOUN.test(clause.text) && !DROPPED_I.test(clause.text))
        ) {
          // (a pet's clause, "我养了一只狗，今年三岁", is no fact of the speaker's: it is left to the statement)
          if (relative) readRules(`我的${kin}${withoutDate(rest)}`, clause.date, speakers, people, found);
          continue;
        }
      }
      // "我妈妈住在成都，她今年七十岁了": 她 / 他 after a sentence that opened on a relative is that relative
      const pronoun = index > opening && lead !== "我" ? clause.text.match(PERSON_PRONOUN) : null;
      if (pronoun) {
        const rest = clause.text.slice(pronoun[0].length);
        readRules(`${lead}${withoutDate(rest)}`, clause.date, speakers, people, found);
        continue;
      }
      // "我认识一个朋友，叫李娜": a clause that only gives a name names whom the one before it had or met, not the speaker
      const introduced = someone && NAME_ONLY.test(clause.text);
      const had = clause.text.match(HAD_KIN)?.groups;
      kin = had?.kin && !had.name ? had.kin : null;
      withKin = clause.text.match(WITH_KIN)?.[1] ?? null;
      someone = INTRODUCES.test(clause.text);
      if (had?.kin && had.name) found(kinFact(had.kin, had.name, speakers.speaker));
      if (introduced) {
        person = clause.text.match(NAME_ONLY)?.groups?.name ?? null;
        continue;
      }
      // "我和我的丈夫住在上海": the rules read of both
      const together = clause.text.match(TOGETHER);
      if (together?.[1]) {
        const body = withoutDate(clause.text.slice(together[0].length));
        readRules(`我${body}`, clause.date, speakers, people, found);
        readRules(`我的${together[1]}${body}`, clause.date, speakers, people, found);
        continue;
      }
      // 花花上个月去世了: a pet gone by its name alone (the derivation ends it only when a pet of that name was had;
      // the clause is read on, a statement too)
      const gone = withoutDate(clause.text).match(NAMED_GONE)?.groups?.name;
      if (gone && PET_LIKE_NAME.test(gone))
        push(
          { ...zhFact({ kind: "speaker" }, "pet", gone, "animal", clause.date?.at ?? null), ends: true },
          clause.said,
          scene,
        );
      // "李娜在清华大学工作", "我的朋友李娜在清华大学教书": the rules read of the person named first
      const named = namedSubject(clause.text, people);
      if (named) {
        readRules(`我${withoutDate(named.rest)}`, clause.date, speakers, people, found, named.name);
        // 李娜是1995年出生的: the year one named was born (the clause is read on: its event keeps the day)
        const theirs = bornIn(`我${named.rest}`);
        if (theirs && !theirs.relation)
          push(zhFact({ kind: "named", name: named.name }, "birth_year", theirs.year), clause.said, scene);
        // 张伟上周去上海出差了: another's doing told with a date is an event of theirs (not an assistant's retelling)
        const event =
          clause.date && speakers.speaker && !speakers.assistant && clause.text.startsWith(named.name)
            ? namedEvent(named.name, named.rest, clause.date)
            : null;
        if (event) push(event, clause.said, scene);
        continue;
      }
      // 我的生日是三月三号: the date is the fact, read before the clause loses it
      const birthday = clause.text.match(CHINESE_BIRTHDAY)?.groups;
      if (birthday?.object) found(zhFact(speakerOr(birthday.relation), "birthday", birthday.object));
      // 我女儿是2019年出生的, 我出生于1990年: the year one was born
      const born = bornIn(clause.text);
      // (the clause is read on: its date, 1950年4月3日, stays in its event)
      if (born) push(zhFact(speakerOr(born.relation), "birth_year", born.year), clause.said, scene);
      const wed = clause.text.match(CHINESE_ANNIVERSARY)?.groups;
      if (wed?.object) found(zhFact(speakerOr(wed.relation), "anniversary", wed.object));
      const undated = withoutDate(clause.text);
      if (index > opening && leadName && !OWN_SUBJECT.test(clause.text)) {
        readRules(`我${undated}`, clause.date, speakers, people, found, leadName);
        continue;
      }
      const own = OWN_SUBJECT.test(clause.text) || !startsWithSpeaker;
      readRules(own ? undated : `${lead}${undated}`, clause.date, speakers, people, found);
      person = namedHere;
    }
    // what no rule reads becomes a statement, as in English
    if (!speakers.speaker) continue;
    for (const { said, date, first } of statementRuns(clauses)) {
      const scene = leadIns(clauses, first);
      // "上个月，我去了张家界": the time a lead-in sets is the statement's
      const when = date ?? scene.find((c) => c.date)?.date ?? null;
      const statement = chineseStatement(said, speakers.speaker, family, when);
      if (statement) push(statement, said, scene);
    }
  }
  return facts;
}

/** Whether a place's or an organisation's object opens on a verb ("在失去工作后": 失去), by jieba's tag. */
function opensOnVerb(object: string): boolean {
  return getJieba().tag(object, true)[0]?.tag === "v";
}

/**
 * Whether what 想要 takes is something to do (想要去日本, 想要散步, 想要喝点东西), by jieba's tag of its first word or
 * character (any verb's tag: v, vg, vi…), not a thing wanted (想要糖, 想要一只狗, 想要那个袋子).
 */
function isToDo(object: string): boolean {
  const verbal = (text: string) => getJieba().tag(text, true)[0]?.tag.startsWith("v") === true;
  return verbal(object) || verbal(object.charAt(0));
}

/** The people a turn names: every person mention, and an index of those that may be a clause's subject. */
interface People {
  mentioned: ReadonlySet<string>;
  subjects: ReturnType<typeof nameIndex>;
}

/**
 * "我有个妹妹", "我养了一只小狗", "我有一个儿子叫小明": a relative or a pet the speaker has, with the name said after it
 * in the same clause or (without one) in the clauses that follow.
 */
const HAD_KIN = new RegExp(
  `^我(?:们家|们|家)?(?:还|也)?(?:有|养了?)(?:一|两|二|三|四|五|几|\\d)?(?:个|位|只|条)?(?<kin>${RELATIVE_WORDS}|${PET})(?:，?(?:叫|名叫)(?<name>[\\p{Script=Han}A-Za-z]{1,4}?))?了?$`,
  "u",
);
/** "儿子叫王小明": a relative's word alone, named (the speaker's when the turn said before that they have one). */
const BARE_KIN_NAMED = new RegExp(
  `^(?<kin>${RELATIVE_WORDS}|${PET})(?:叫|名叫|叫做)(?<name>[\\p{Script=Han}A-Za-z]{1,4}?)$`,
  "u",
);
/** What names a relative or pet had, after its word ("一个儿子叫小明"): the name is a fact of its own (HAD_KIN). */
const KIN_NAMED_TAIL = new RegExp(`(?<=${RELATIVE_WORDS}|${PET})(?:叫|名叫).+$`, "u");
/** A clause that says someone was had or met ("我有个朋友", "我认识一个人", "我养了一只猫"), whom the next may name. */
const INTRODUCES = /(?:有|认识|交了?|养了?|遇到了?|收养了?)(?:一|两|几|\d)?[个位只条]/u;
/** 她 or 他 opening a clause (not 她们, 他们): the person the clause before named. */
const PERSON_PRONOUN = /^(?:她|他)(?!们)/u;
/** The pronoun of whom a clause has just named, a pet too (它). */
const NAMED_PRONOUN = /^(?:她|他|它)(?!们)/u;
/** "她叫陈晨", "他的名字是小明": a pronoun's clause that names whom the clause before had. */
const PRONOUN_NAMES =
  /^(?:她|他)(?!们)(?:叫|名叫|的名字叫|的名字是)(?<name>[\p{Script=Han}A-Za-z]{1,4}?)[了的呢啊]?$/u;
/** A clause that only gives a name: "叫小红", "名叫李娜", "一个叫小明", "名字是豆豆". */
const NAME_ONLY =
  /^(?:其中)?(?:一个|另一个|一位|另一位|一只|另一只|老大|老二|老三|大的|小的)?(?:叫|名叫|名字叫|名字是)(?<name>[\p{Script=Han}A-Za-z]{1,4}?)[了的呢啊]?$/u;
/** A name of the forms pets' and children's names take, which jieba rarely tags as one: 咪咪, 小白, 阿黄. */
const PET_LIKE_NAME = /^(?:(\p{Script=Han})\1|[小阿]\p{Script=Han})$/u;
/** At most this many names a clause of names after a group gives ("小明、小红和小刚"). */
const MAX_KIN_NAMES = 8;

/**
 * The names a clause after "我有两个孩子" gives of them: one after 叫 ("叫小明", "一个叫小明"), or a list of names the
 * turn mentions as people ("小明和小红", "分别叫小明和小红"); null when the clause says anything else.
 */
function namesOfKin(clause: string, people: People): string[] | null {
  const one = clause.match(NAME_ONLY)?.groups?.name;
  if (one) return [one];
  // (a list after 叫: "叫小明和小红", "分别叫小明和小红")
  const parts = clause.replace(/^(?:分别|都)?(?:叫|名叫|名字叫|名字是|名字分别是)/u, "").split(/[和、]/u);
  if (parts.length > MAX_KIN_NAMES || !parts.every((p) => people.mentioned.has(p) || PET_LIKE_NAME.test(p)))
    return null;
  return parts;
}

/** A Chinese fact of the rules. */
function zhFact(
  subject: SubjectReference,
  predicate: string,
  object: string,
  objectType: EntityType | null = null,
  at: number | null = null,
): ExtractedFact {
  return { subject, predicate, object, objectType, at, language: "zh" };
}

/** The speaker, or their relative when a pattern read one (我妹妹…: 妹妹 is the sister). */
function speakerOr(relativeWord: string | undefined): SubjectReference {
  return relativeWord
    ? { kind: "relative", relation: CHINESE_RELATIVE_WORDS[relativeWord] ?? "friend" }
    : { kind: "speaker" };
}

/** The fact that `name` is the speaker's relative or pet said with `kin` (妹妹, 孩子, 小狗). */
function kinFact(kin: string, name: string, speaker?: string | null): ExtractedFact {
  const relation = CHINESE_RELATIVE_WORDS[kin];
  const fact = zhFact({ kind: "speaker" }, relation ?? "pet", name, relation ? "person" : "animal");
  // 弟弟 says more than the catalogue's 兄弟: the sentence keeps the word said ("小军是王峰的弟弟。")
  const catalogue = relation ? CATALOGUE_WORDS[relation] : undefined;
  return speaker && catalogue && !catalogue.includes(kin) && !kin.includes(catalogue)
    ? { ...fact, text: `${name}是${speaker}的${kin}。` }
    : fact;
}

/** 我的生日是三月三号, 我妹妹的生日在六月: a birthday, a month and maybe a day. */
const CHINESE_BIRTHDAY = new RegExp(
  `^我(?:的)?(?<relation>${RELATIVE_WORDS})?的?生日(?:是|在)(?<object>(?:\\d{1,2}|[一二三四五六七八九十]{1,3})月(?:(?:\\d{1,2}|[一二三四五六七八九十]{1,3})(?:号|日))?)`,
  "u",
);

/** 我女儿是2019年出生的, 我1990年3月出生, 我出生于1990年: the year one (or one's relative) was born. */
const CHINESE_BIRTH_YEAR = new RegExp(
  `^我(?:的)?(?<relation>${RELATIVE_WORDS})?(?:(?:是|在)?(?<year>(?:19|20)\\d{2})年(?:\\d{1,2}月(?:\\d{1,2}[日号])?)?(?:出生|生)(?:的)?|出生于(?<in>(?:19|20)\\d{2})年(?:\\d{1,2}月(?:\\d{1,2}[日号])?)?)$`,
  "u",
);

/** The year a clause says its subject (我, or 我的 relative) was born; null when it says none. */
function bornIn(clause: string): { relation: string | undefined; year: string } | null {
  const born = clause.match(CHINESE_BIRTH_YEAR)?.groups;
  const year = born?.year ?? born?.in;
  return year ? { relation: born?.relation, year } : null;
}

/** 我们的结婚纪念日是六月十二号, 我父母的结婚纪念日在五月: the day an anniversary falls on. */
const CHINESE_ANNIVERSARY = new RegExp(
  `^我(?:们)?(?:的)?(?<relation>${RELATIVE_WORDS})?的?(?:结婚|恋爱)?纪念日(?:是|在)(?<object>(?:\\d{1,2}|[一二三四五六七八九十]{1,3})月(?:(?:\\d{1,2}|[一二三四五六七八九十]{1,3})(?:号|日))?)`,
  "u",
);

/** "你可以叫我小安", "叫我小安就好", "大家都叫我小安": the name the speaker goes by. */
const CALL_ME =
  /^(?:你们?(?:可以|就)?|请|就|大家|朋友们|别人|他们|家里人)?都?叫我(?<name>\p{Script=Han}{1,4}?|[A-Za-z]{1,20})(?:就好了?|就行了?|就可以了?|吧|好了)?$/u;

/** "…，不是小红", "…，而不是北京": a clause that names only the value the one before corrects. */
const NOT_THIS = /^(?:而)?不是(?<wrong>[\p{Script=Han}A-Za-z·]{1,8})$/u;
/** A turn that only corrects a value told before: "不对，是博尔德，不是丹佛。", "我说错了，应该是里斯本，不是波尔图". */
const CHINESE_VALUE_CORRECTED =
  /^(?:(?:不对|不是的|不好意思|抱歉|对不起|我说错了|说错了|更正一下|更正)[，,。！!]?)+(?:应该)?是(?<right>[\p{Script=Han}A-Za-z·]{1,8})[，,]\s*(?:而)?不是(?<wrong>[\p{Script=Han}A-Za-z·]{1,8})[。！!]*$/u;

/** A clause that only greets: 你好, 大家好, 嗨, 早上好. */
const GREETING = /^(?:你好|您好|大家好|嗨|哈喽|嘿|早上好|上午好|下午好|晚上好|hi|hello|hey)[啊呀哇哦]?$/iu;

/** The subject a sentence's first clause opens on, which its clauses with none go on with: 我, 我妹妹, 我的妈妈. */
const LEAD_SUBJECT = new RegExp(`^我(?:的?(?:${RELATIVE_WORDS}))?`, "u");

/**
 * "我和我的丈夫…", "我跟我妈…", "我和妻子李娜还有两个孩子住在深圳": the speaker and a relative (named, and others
 * after 还有 or 和), one subject of what follows.
 */
/** "我和老婆…", "我跟我的丈夫…": the relative the speaker did something with. */
const WITH_KIN = new RegExp(`^我(?:和|跟)(?:我的?)?(${RELATIVE_WORDS})`, "u");
const TOGETHER = new RegExp(
  `^我(?:和|跟)(?:我的?)?(${RELATIVE_WORDS})(?:\\p{Script=Han}{2,3}?)?(?:(?:还有|和|以及)[^，。！？；]{1,8}?)?(?=住|在|一起|生活|搬)`,
  "u",
);

/** "我的朋友李娜", "我妹妹小红": the speaker's relative word before a name. */
const RELATIVE_OPENING = new RegExp(`^我的?(?:${RELATIVE_WORDS})`, "u");

/**
 * A clause that opens on a person's name, or on the speaker's relative word and their name ("李娜在清华大学工作",
 * "我的朋友李娜在清华大学教书"): the name, and what the clause says after it. Not a name's possessive ("李娜的妹妹…").
 */
function namedSubject(clause: string, people: People): { name: string; rest: string } | null {
  if (people.subjects.size === 0) return null;
  const from = clause.match(RELATIVE_OPENING)?.[0].length ?? 0;
  const name = people.subjects.startingAt(clause, from).sort((a, b) => b.length - a.length)[0];
  if (!name) return null;
  const rest = clause.slice(from + name.length);
  return rest.length === 0 || rest.startsWith("的") ? null : { name, rest };
}

/**
 * The facts the rule table reads in one clause (with its subject), passed to `push`. With `subjectName` the body's 我
 * stands for that person: only rules of a clause's own subject apply (no name, no relative of theirs read as the
 * speaker's), and only at the body's start.
 */
function readRules(
  body: string,
  date: FoundDate | null,
  speakers: Speakers,
  people: People,
  push: (fact: ExtractedFact) => void,
  subjectName?: string,
): void {
  const pet = subjectName ? undefined : body.match(PET_NAMED)?.groups;
  const petName = pet?.name ?? pet?.named;
  if (petName) push(zhFact({ kind: "speaker" }, "pet", petName, "animal"));
  const named = subjectName ? undefined : body.match(NAMED_RELATIVE)?.groups;
  if (named?.relation && named.name && (named.verb !== "是" || people.mentioned.has(named.name)))
    push(
      CHINESE_RELATIVE_WORDS[named.relation]
        ? kinFact(named.relation, named.name, speakers.speaker)
        : zhFact({ kind: "speaker" }, "friend", named.name, "person"),
    );
  for (const { predicate, pattern, objectType, held } of subjectName ? [] : ENDINGS) {
    const groups = body.match(pattern)?.groups;
    if (!groups) continue;
    const named = groups.object ?? groups.left;
    // (a partner by the relation's word, 和男朋友分手, 和老公离婚: that relation's, whoever holds it)
    const word = named === undefined ? undefined : CHINESE_RELATIVE_WORDS[named];
    const spouse = predicate === "married_to" && (word === "husband" || word === "wife");
    if (word !== undefined && word !== predicate && !spouse) continue;
    const object = named && word === undefined ? clean(named, true) : ENDED;
    const wasHeld = held === "always" || (held === "no-longer" && NO_LONGER.test(body));
    push({
      ...zhFact(
        speakerOr(groups.relation),
        predicate,
        object,
        object === ENDED ? null : objectType,
        date?.at,
      ),
      ends: true,
      ...(wasHeld && object !== ENDED ? { held: true as const } : {}),
    });
  }
  for (const { predicate, pattern, objectType, firstPersonOnly, namesPlace, dated } of RULES) {
    if (dated && !date) continue;
    const match = body.match(pattern);
    const groups = match?.groups;
    if (!match || !groups?.object) continue;
    // "我妹妹叫…" names the relative: not the speaker's name, and already handled above.
    if (predicate === "name" && (groups.relation || groups.we)) continue;
    // a game played on a day is what happened then (我昨天踢了足球), not what is played
    if (predicate === "practices" && date) continue;
    if (firstPersonOnly && groups.relation) continue;
    if (subjectName && (firstPersonOnly || groups.relation || match.index !== 0)) continue;
    const subject: SubjectReference = subjectName
      ? { kind: "named", name: subjectName }
      : speakerOr(groups.relation);
    const named = objectType === "place" || objectType === "organization";
    // an age in numerals is the number (三十 → 30)
    const whole =
      predicate === "age"
        ? String(chineseNumber(groups.object))
        : clean(predicate === "has" ? groups.object.replace(KIN_NAMED_TAIL, "") : groups.object, named);
    if (whole === "NaN") continue;
    // a list too long to be one object is read for its first item, as an object was before lists were read
    const listed = whole.length > MAX_LIST_OBJECT ? clean(whole.split(/[、，]/u)[0] ?? "", named) : whole;
    if (listed.length === 0 || listed.length > (/[、，]/u.test(listed) ? MAX_LIST_OBJECT : MAX_OBJECT))
      continue;
    // "我打算带上我的照相机": an object that names the speaker again reads best as the statement, which rewrites it;
    // a plan's is the speaker's own (下个月我们要去成都看我公公婆婆: 去成都看自己的公公婆婆), said after a time the
    // statement does not read
    const again = I.test(listed.replace(TITLE, ""));
    if (again && predicate !== "plans") continue;
    const object = again
      ? listed
          .replace(/(?<![自忘])我(?:们)?(?=自己)/gu, "")
          .replace(/(?<![自忘])我(?:们)?的?(?=\p{Script=Han})/gu, "自己的")
      : listed;
    if (I.test(object.replace(TITLE, ""))) continue;
    // "…计划的时候" (a noun's), "我们都喜欢她" (someone only pointed at), "住在一起" / "住在这儿" (no place named)
    if (/^的/u.test(object) || PRONOUN_ONLY.test(object)) continue;
    if (predicate === "lives_in" && NO_PLACE.test(object)) continue;
    // 想要糖 wants a thing; a plan is to do something (想要去日本)
    if (predicate === "plans" && /想要/u.test(match[0]) && !isToDo(object)) continue;
    // "我在一家公司上班", "我在思考…要不要换一份工作": no organisation's name, so no entity (the fact stays)
    const isName = objectType === null || objectType === "person" || isChineseName(object);
    // "我在思考…要不要换一份工作" says where the speaker thinks, not where they work; "在失去工作后" no place at all
    if (!isName && PONDERING.test(object)) continue;
    if (named && opensOnVerb(object)) continue;
    if (namesPlace && (!isChineseName(object) || NOT_A_PLACE.test(object))) continue;
    const type = isName ? objectType : null;
    const fact = zhFact(subject, predicate, object, type, date?.at);
    // "曹志强最喜欢的音乐类型是摇滚": the kind of thing liked stays with it
    if (groups.kind && !groups.relation && !subjectName && speakers.speaker)
      fact.text = `${speakers.speaker}${clean(match[0].slice(groups.subject?.length ?? 0), false)}。`;
    // "我妈妈是一名医生": a relative not named is said with the speaker's own word (王峰的妈妈是医生。); the graph's
    // placeholder for them is "王峰's mother", which the catalogue's sentence would put in a Chinese fact
    else if (groups.relation && speakers.speaker)
      fact.text = factSentence(predicate, `${speakers.speaker}的${groups.relation}`, object, "zh");
    // 我们打算明年四月去日本旅游: a plan keeps its time in its sentence (王峰打算2027年4月去日本旅游。)
    else if (predicate === "plans" && date && !subjectName && speakers.speaker)
      fact.text = `${speakers.speaker}打算${absoluteChineseDate(date)}${object}。`;
    push(fact);
  }
}

/** An object that only points at someone: 她, 他们, 你. */
const PRONOUN_ONLY = /^(?:[你您他她它](?:们)?|大家|别人)$/u;
/** Where one lives that names no place: together (一起), here or there (这儿, 那里, 这个…). */
const NO_PLACE = /^(?:一起|[这那哪])/u;

/** The relation a verb of the sentence gives to a name it mentions, by the name's type. */
const CHINESE_LINK_RELATIONS: readonly { verbs: RegExp; types: readonly EntityType[]; relation: string }[] = [
  { verbs: /工作|上班|任职|入职|跳槽/u, types: ["organization"], relation: "works_at" },
  { verbs: /读书|上学|念书|读大学|读研|毕业/u, types: ["organization"], relation: "studies_at" },
  { verbs: /加入|参加/u, types: ["organization"], relation: "member_of" },
  { verbs: /住|生活|搬|定居/u, types: ["place"], relation: "lives_in" },
  // 到 as arriving, not 了解到, 听到, 看到, 想到…
  {
    verbs: /去|(?<![解看听感识想遇得受找收达做说提学])到|游览|参观|旅游|旅行|爬|登|玩|逛|出差|回/u,
    types: ["place"],
    relation: "visited",
  },
  {
    verbs: /喜欢|爱|热爱|迷上|欣赏|崇拜|佩服/u,
    types: ["person", "place", "organization", "animal", "thing"],
    relation: "likes",
  },
  // a work the fact names (a title, 《活着》) by what was done with it, as English names the relation by its verb
  // ("read", "watch"): what was bought is owned, as in English
  { verbs: /推荐/u, types: ["thing"], relation: "recommend" },
  { verbs: /买/u, types: ["thing"], relation: "owns" },
  { verbs: /读|阅读|书|小说/u, types: ["thing"], relation: "read" },
  { verbs: /看|追|电影|电视剧|剧|片/u, types: ["thing"], relation: "watch" },
  // 听 as listening, not 听说 (heard of)
  { verbs: /听(?!说)|歌|专辑/u, types: ["thing"], relation: "listen" },
];
/** Relations that say something was done (a trip, a book read): a sentence that puts it ahead does not give them. */
const DONE_RELATIONS = new Set(["visited", "owns", "read", "watch", "listen"]);

/** What puts a sentence's trip or reading ahead of its telling: 要去, 准备去, 打算读, 下个月, 明年. */
const FUTURE =
  /(?:要|将要|将会|会|准备|打算|计划|想)(?:去|到|来|读|看|听|买)|下个?(?:月|周|星期)|明年|明天|后天|将来|以后/u;

/** Below this a name in a fact's sentence makes no relation (the same bar as an entity of its own). */
const MIN_LINK_CONFIDENCE = 0.5;

/**
 * At most this many links a fact: a statement run over a page of names links the first of them (each link reads the
 * fact's clauses again for its verb, which made a turn of 10,000 names take 9 s).
 */
const MAX_LINKS = 20;

/** The mentions a fact may link to, found in its clauses by name. */
interface Linkable {
  /** The mentions whose names `said` holds, in the order of the turn's mentions. */
  namedIn(said: string): ExtractedMention[];
}

/**
 * The turn's mentions a fact may link to (sure enough, not said to someone, not the speaker), indexed by name: each
 * fact's clauses are read for the names once, not every mention searched for in every fact's clauses (a turn of
 * 10,000 facts and as many names took 9 s in that search).
 */
function linkableMentions(mentions: readonly ExtractedMention[], speaker: string): Linkable {
  const order = new Map<string, number>();
  mentions.forEach((m, i) => {
    if ((m.confidence ?? 1) >= MIN_LINK_CONFIDENCE && !m.vocative && m.name !== speaker && !order.has(m.name))
      order.set(m.name, i);
  });
  const names = nameIndex(order.keys());
  return {
    namedIn(said: string): ExtractedMention[] {
      const found = new Set<number>();
      for (let at = 0; at < said.length && names.size > 0; at++)
        for (const name of names.startingAt(said, at)) found.add(order.get(name) as number);
      return [...found].sort((a, b) => a - b).map((index) => mentions[index] as ExtractedMention);
    },
  };
}

/** A set of names, looked up by where they start in a text: one slice per distinct length of name. */
function nameIndex(all: Iterable<string>): { size: number; startingAt(text: string, at: number): string[] } {
  const names = new Set(all);
  const lengths = [...new Set([...names].map((name) => name.length))];
  return {
    size: names.size,
    startingAt(text: string, at: number): string[] {
      const found: string[] = [];
      for (const length of lengths) {
        const name = text.slice(at, at + length);
        if (names.has(name)) found.push(name);
      }
      return found;
    },
  };
}

/**
 * The names a fact's clauses mention, each with the relation their verb gives it (a name said in another clause of the
 * sentence, "比如黄山，你去过吗", is no part of the fact). A plan or a dislike
 * relates to nothing its verb says ("我打算去日本旅行" visits no Japan yet): its names are only mentioned, as in English.
 */
function chineseLinks({ fact, sentence, said }: ReadFact, linkable: Linkable): FactLink[] {
  const asserted = fact.predicate !== "plans" && fact.predicate !== "dislikes";
  // "我下个月要去北京", "下个月，我去北京", "我打算读《红楼梦》": a trip or a reading still to come is not done yet
  const ahead = FUTURE.test(sentence);
  return linkable
    .namedIn(said)
    .slice(0, MAX_LINKS)
    .map(({ name, entityType }) => {
      const rest = said.replace(name, "");
      const rule = asserted
        ? CHINESE_LINK_RELATIONS.find(
            (r) =>
              r.types.includes(entityType) &&
              r.verbs.test(rest) &&
              !(ahead && DONE_RELATIONS.has(r.relation)),
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

/** 我 or 我的 and a relative word, where a relative's name may follow ("我的同事张伟", "我妹妹小红"). */
const RELATIVE_BEFORE_NAME = new RegExp(`我(?:和|跟|与)?的?(${RELATIVE_WORDS})`, "gu");

/**
 * The relative word each of `people` is named right after ("我的同事张伟": 张伟 → 同事; the longest word when several),
 * read in one pass over the text: a look-up per person and relative word read the whole turn each time, which made a
 * turn of thousands of names quadratic.
 */
function relativesNamed(text: string, people: readonly ExtractedMention[]): Map<string, string> {
  const names = nameIndex(people.map((person) => person.name));
  const found = new Map<string, string>();
  if (names.size === 0) return found;
  for (const match of text.matchAll(RELATIVE_BEFORE_NAME)) {
    const word = match[1] as string;
    for (const name of names.startingAt(text, (match.index ?? 0) + match[0].length)) {
      const known = found.get(name);
      if (known === undefined || known.length < word.length) found.set(name, word);
    }
  }
  return found;
}

/**
 * Facts in one Chinese turn and the names it mentions: a fact's sentence relates its subject to the names in it.
 * @example extractChinese("我去年去了张家界。", Date.UTC(2024, 4, 1), { speaker: "李伟" }).facts[0]?.links
 * // [{ relation: "visited", name: "张家界", entityType: "place" }]
 */
export function extractChinese(text: string, at: number, speakers: Speakers = {}): Extraction {
  // "不对，是博尔德，不是丹佛。": whichever value was told as 丹佛 is 博尔德
  const corrected = text.trim().match(CHINESE_VALUE_CORRECTED)?.groups;
  if (corrected?.right && corrected.wrong)
    return { facts: [valueCorrection(corrected.right, corrected.wrong, "zh")], mentions: [] };
  const mentions = extractChineseMentions(text);
  // "我的同事张伟": a person named right after the speaker's relative word is that relative
  const people = mentions.filter(
    ({ entityType, confidence }) => entityType === "person" && (confidence ?? 1) >= MIN_LINK_CONFIDENCE,
  );
  const read = readChineseFacts(withoutVocatives(text, mentions), at, speakers, {
    mentioned: new Set(mentions.filter((m) => m.entityType === "person").map((m) => m.name)),
    // a name the clause opens on and a rule reads a fact of is its subject, however unsure the name alone
    subjects: nameIndex(
      mentions
        .filter(
          (m) =>
            m.entityType === "person" &&
            !m.vocative &&
            m.name !== speakers.speaker &&
            // jieba's unknown words glue a pronoun to what follows ("我要", "我爸"): no one's name
            !HAS_PRONOUN.test(m.name),
        )
        .map((m) => m.name)
        // and the people the memory knows that the turn names (朵朵, told before as the speaker's daughter)
        .concat((speakers.people ?? []).filter((name) => hasHan(name) && name !== speakers.speaker)),
    ),
  });
  const relativeOf = relativesNamed(text, people);
  const objects = new Set(read.map(({ fact }) => fact.object));
  for (const { name } of people) {
    const relation = relativeOf.get(name);
    if (!relation || objects.has(name)) continue;
    objects.add(name);
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
      said: "",
    });
  }
  const relatives = new Set(read.filter(({ sentence }) => sentence === "").map(({ fact }) => fact.object));
  const linkable = linkableMentions(mentions, speakers.speaker ?? "");
  const facts = read.map((one) => {
    const { fact } = one;
    // a link to the fact's own object would repeat its relation; one to a relative named here repeats theirs
    const links = chineseLinks(one, linkable).filter(
      (l) =>
        !(fact.objectType !== null && l.name === fact.object) &&
        !relatives.has(l.name) &&
        !(fact.subject.kind === "named" && l.name === fact.subject.name),
    );
    return links.length > 0 ? { ...fact, links } : fact;
  });
  return { facts: withPetsHeld(facts), mentions };
}

/**
 * "我有一只叫咪咪的猫": one fact (has) with the pet as its link, as in English, rather than a pet fact beside a
 * possession that names it.
 */
function withPetsHeld(facts: ExtractedFact[]): ExtractedFact[] {
  const held = new Set<ExtractedFact>();
  const out = facts.map((fact) => {
    if (fact.predicate !== "has" || fact.subject.kind !== "speaker") return fact;
    const pets = facts.filter((f) => f.predicate === "pet" && fact.object.includes(f.object));
    if (pets.length === 0) return fact;
    for (const pet of pets) held.add(pet);
    const others = (fact.links ?? []).filter((l) => !pets.some((p) => p.object === l.name));
    return {
      ...fact,
      links: [
        ...others,
        ...pets.map((p) => ({ relation: "pet", name: p.object, entityType: "animal" as const })),
      ],
    };
  });
  return out.filter((fact) => !held.has(fact));
}
