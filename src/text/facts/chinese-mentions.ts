/**
 * People, places and organisations a Chinese turn names. jieba's part-of-speech tags come from its dictionary, which
 * tags many common words as names (谢谢, 明白 and 文明 are `nr`; 美丽, 城市 and 东西 are `ns`), so a tag alone
 * makes a name the graph keeps only when the word's form or its context says so too: a surname and a given name, a
 * place's or an organisation's head word, a foreign name's transliteration, "·" between the parts of a name, or a
 * word before or after it (叫…, …先生, 去…旅游, 住在…). A tag with nothing else behind it gives a mention too unsure
 * to make an entity of its own (it still links to one that exists).
 */
import { forEachTwoCharacterWord, getJieba } from "../jieba.js";
import type { EntityType, ExtractedMention } from "./types.js";

/** The most common single-character surnames (about nine in ten people in China carry one of them). */
const SURNAMES = new Set(
  "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩邓冯曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付傅方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严莫孔向常汤康易乔赖文施洪辛柳牛庞樊殷葛温季霍关焦郎纪耿左俞章鲁欧管包祝申聂单齐岳",
);
/** Two-character surnames. */
const COMPOUND_SURNAMES = [
  "欧阳",
  "司马",
  "诸葛",
  "上官",
  "东方",
  "皇甫",
  "令狐",
  "慕容",
  "尉迟",
  "公孙",
  "夏侯",
  "长孙",
  "宇文",
  "司徒",
  "端木",
  "独孤",
  "南宫",
  "西门",
  "轩辕",
];
/**
 * Loanwords jieba's dictionary tags as people's or places' names, which name things in what people say (沙拉 salad,
 * 巴士 bus, 吉他 guitar, 马拉松 marathon, 托福 TOEFL): no entity, whatever the words around them. Words that are as
 * often a name (汉堡 Hamburg, 比萨 Pisa, 布鲁斯 Bruce) are left out.
 */
const COMMON_LOANWORDS = new Set(
  "巴士 高尔夫 比基尼 曲奇 沙丁鱼 探戈 华尔兹 嘻哈 克隆 伏特加 朗姆 慕斯 马卡龙 马芬 贝果 芝士 沙拉 普拉提 马拉松 桑拿 托福 雅思 雷达 吉普 摩托 吉他 小提琴 萨克斯 迪斯科 蒙太奇 乌托邦 黑客 沙龙 布丁 巧克力 哈密瓜 卡布奇诺 威士忌".split(
    " ",
  ),
);
/** Common words jieba's dictionary tags as place names (长大 "grow up", 攀岩 "rock climbing"): no entity. */
const WORDS_TAGGED_AS_PLACES = new Set(["长大", "攀岩"]);
/** Characters that transliterate foreign names (乔布斯, 巴塞罗那): a word of these alone is likely a foreign name. */
const TRANSLITERATION = new Set(
  "阿埃艾安昂奥巴拜班邦鲍贝本比彼毕宾波伯博布查彻达戴丹德迪蒂丁杜顿多厄恩尔法菲费芬弗福伏盖冈戈格根古圭哈汉豪赫亨胡华霍基吉加贾杰捷卡凯坎康考柯科克肯库夸奎拉莱赖兰朗劳勒雷蕾里莉丽廉琳卢鲁路伦罗洛马玛迈麦曼芒梅蒙米密敏摩莫墨姆穆纳娜奈内尼妮纽努诺欧帕派潘庞佩皮珀普奇齐契恰乔切钦琼丘屈瑞萨塞桑瑟森沙莎尚绍舍圣施什史舒斯丝松苏索塔泰坦汤唐特提汀廷图托瓦旺威韦维温翁沃乌伍西希锡席辛休雅亚扬耶伊因尤约泽扎詹兹卓佐芙茨斐肖夷士翰",
);

/**
 * Provincial-level divisions of China, their capitals and the five cities planned separately, and the countries and
 * cities of the world most spoken of: places a turn names without a head word (北京, 青岛, 伊拉克).
 */
const CHINESE_PLACES = new Set(
  (
    "北京 天津 上海 重庆 河北 山西 辽宁 吉林 黑龙江 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南 广东 海南 四川 贵州 " +
    "云南 陕西 甘肃 青海 台湾 内蒙古 广西 西藏 宁夏 新疆 香港 澳门 石家庄 太原 沈阳 长春 哈尔滨 南京 杭州 合肥 福州 " +
    "南昌 济南 郑州 武汉 长沙 广州 海口 成都 贵阳 昆明 西安 兰州 西宁 呼和浩特 南宁 拉萨 银川 乌鲁木齐 台北 大连 青岛 " +
    "宁波 厦门 深圳 " +
    // countries and cities of the world whose names are transliterations, which the rules below would read as people
    "美国 英国 法国 德国 日本 韩国 朝鲜 印度 俄罗斯 意大利 西班牙 葡萄牙 荷兰 比利时 瑞士 瑞典 挪威 丹麦 芬兰 波兰 " +
    "奥地利 希腊 土耳其 埃及 伊朗 伊拉克 以色列 沙特阿拉伯 阿联酋 巴基斯坦 阿富汗 泰国 越南 新加坡 马来西亚 印度尼西亚 " +
    "菲律宾 澳大利亚 新西兰 加拿大 墨西哥 巴西 阿根廷 智利 秘鲁 古巴 南非 尼日利亚 肯尼亚 乌克兰 爱尔兰 冰岛 " +
    "伦敦 巴黎 柏林 罗马 莫斯科 纽约 华盛顿 洛杉矶 旧金山 芝加哥 东京 大阪 首尔 悉尼 墨尔本 多伦多 温哥华 迪拜 " +
    // the capitals of the countries above
    "马德里 里斯本 阿姆斯特丹 布鲁塞尔 伯尔尼 斯德哥尔摩 奥斯陆 哥本哈根 赫尔辛基 华沙 维也纳 雅典 安卡拉 开罗 德黑兰 " +
    "巴格达 耶路撒冷 利雅得 阿布扎比 伊斯兰堡 喀布尔 曼谷 河内 吉隆坡 雅加达 马尼拉 堪培拉 惠灵顿 渥太华 墨西哥城 " +
    "巴西利亚 布宜诺斯艾利斯 圣地亚哥 利马 哈瓦那 比勒陀利亚 阿布贾 内罗毕 基辅 都柏林 雷克雅未克 新德里 平壤"
  ).split(" "),
);

/** Head words of administrative places: the word names one (湖北省, 张家界, 朝阳区). */
const ADMINISTRATIVE_HEADS =
  /(?:省|市|县|州|区|镇|村|乡|洲|国|界|路|街|桥|楼|寺|庙|宫|园|塔|门|城|港|馆|院|广场|公园|景区|古镇)$/u;
/** Head words of natural places (黄山, 西湖, 漓江, 九寨沟). */
const NATURAL_HEADS = /(?:山|峰|岭|湖|江|河|海|岛|湾|峡|谷|泉|沟|瀑布|草原|沙漠|湿地|森林)$/u;
/**
 * The first character of words that end in a place's head word and name none: 城市, 高山, 上山, 古城, 外国, 全国,
 * 海岛, 江湖, 山峰.
 */
const GENERIC_PLACE_STARTS = new Set(
  "高大小上下内深青雪冰群名古老新外本全各该此这那某城都山海江湖河故家回进出登爬去王帝祖",
);
/** Head words of organisations (清华大学, 中央电视台, 舞蹈社 is not one: a club of no name). */
const ORGANIZATION_HEADS =
  /(?:公司|集团|银行|大学|学院|中学|小学|医院|研究所|研究院|协会|学会|委员会|俱乐部|乐队|乐团|剧团|电视台|出版社|报社|基金会|实验室|事务所|工作室)$/u;
/** What starts a phrase that is no name, before a head word: 一家公司, 这所大学, 当前公司. */
const NOT_A_NAME_START =
  /^(?:这|那|一|某|每|几|多|各|当前|现在|目前|我们|你们|他们|自己|本|该|新|旧|别的|其他|另)/u;

/** A word just before a person's name (朋友李雪, 歌手周杰伦, 叫张伟) or just after it (王先生, 肖邦的音乐, 李雪说). */
const PERSON_BEFORE =
  /(?:叫|名叫|叫做|朋友|同事|同学|老师|歌手|作家|导演|演员|画家|作曲家|音乐家|科学家|哲学家|诗人|总统|教练|医生|老板|女儿|儿子|妻子|老婆|丈夫|老公|妹妹|姐姐|哥哥|弟弟|孩子|孙子|孙女|侄子|侄女)$/u;
/** A nickname (小红, 阿强): a person's name after a word that only a person's name follows (我女儿小红). */
const NICKNAME = /^[小阿]\p{Script=Han}$/u;
const PERSON_AFTER =
  /^(?:先生|女士|小姐|老师|医生|教授|说|告诉|的(?:歌|音乐|作品|书|小说|电影|画|诗|演讲|理论|曲子|专辑|演唱会|名言)(?![人家]))/u;
/** Verbs only people are the subject (汤姆觉得…) or the object (告诉汤姆…) of, for a word whose form is a person's. */
const HUMAN_AFTER =
  /^(?:不|也|很|都|还|没|总是|经常|已经|正在)?(?:说|告诉|问|想|觉得|认为|知道|希望|喜欢|爱|笑|哭|回答|决定|打算|答应|同意)/u;
const HUMAN_BEFORE = /(?:告诉|问|让|请|帮|叫|见|嫁给|娶了)$/u;
/** What a classifier follows (这张, 两周): a surname's character after it counts, it names no one. */
const COUNTED = /[这那一两几每哪上下本该某半整三四五六七八九十百]$/u;
/** "和李雪一起": who one does something with. */
const WITH_BEFORE = /[和跟与]$/u;
const WITH_AFTER = /^一起/u;
/**
 * What follows a transliteration that makes it no person: a civilisation, a people, a language, a style, a dish, an
 * event (玛雅文明, 霍比特人, 米萨诺大奖赛, 科普类).
 */
const NOT_A_PERSON_AFTER =
  /^(?:文明|文化|人|语|式|风格|菜|料理|帝国|王朝|时期|时代|大奖赛|奖|族|教|类|型|队|芝士|奶酪|考试|口味)/u;
/**
 * What comes before a word that makes it no person, whatever its form or tag: what is eaten, drunk, cooked, run or sat
 * (吃沙拉, 喝伏特加, 跑马拉松, 考托福), an animal counted (一只小狗), a dish named after 菜 (一道新的菜，毛血旺), a concept against something (反乌托邦).
 */
const NOT_A_PERSON_BEFORE =
  /(?:吃|喝|尝|尝了|品尝|煮|烤|炒|炖|跑|跑了|考|考了|一[杯份块道碗瓶盘]|[一两几\d]辆|[一两几\d][只条头匹]|菜[，,]|反)$/u;
/** A word just before a place (住在青岛, 来自桂林, 去过九寨沟) or just after it (桂林旅游, 青岛之旅). */
const PLACE_BEFORE =
  /(?:(?<![现正存实所好自还])在|来自|位于|前往|飞往|飞到|搬到|搬去|游览|参观|去过|(?<![得收做找看听想遇感达受拿学提])到过|去了|(?<![得收做找看听想遇感达受拿学提识坐])到了|回到|逛了?)$/u;
/** "…的风景" follows an adjective as often as a place (美丽的风景): only travel words count. */
const PLACE_AFTER =
  /^(?:旅游|旅行|游玩|之旅|度假|出差|等(?:城市|地方|地|国家)|是(?:一)?[个座]?[^，。！？；]{0,6}(?:城市|国家|地方|小镇|岛屿|首都))/u;
/** Where a name said to someone starts (a sentence's edge, or after a greeting) and what ends it (punctuation). */
export const VOCATIVE_BEFORE =
  /(?:^|[。！？!?\n]|(?:你好|您好|嗨|嘿|谢谢|早上好|晚上好|哈喽|亲爱的)[啊呀哇哦]?[，,！!]?)\s*$/u;
const VOCATIVE_AFTER = /^[，,！!。？?]/u;
/** A title between title marks: 《黑客帝国》. */
const TITLE = /《([^《》\n]{1,30})》/gu;
/** The most parts and characters a dotted name has ("列奥纳多·达·芬奇"): a longer run of dots is no name. */
const MAX_NAME_PARTS = 5;
const MAX_NAME_LENGTH = 30;
/** The middle dot between the parts of a foreign name ("乔治·奥威尔"). */
const DOT = /^[·・•]$/u;

/**
 * Tags of names in jieba's dictionary: people (nr, nrfg; nrt for transliterated ones), places, organisations; and
 * "x", which jieba gives a word its dictionary lacks (王峰, 陈阳), found by its HMM.
 */
const NAME_TAGS = new Set(["nr", "nrfg", "nrt", "ns", "nt", "nz", "x"]);
/**
 * Characters that end a word jieba's HMM made of a name and the word after it ("李雪去", "陈阳来"): verbs and
 * particles no given name ends in.
 */
const AFTER_NAME = new Set(
  "去来说和跟也都在是了的把被给对向就还又很要会想让以为约于与及等将由从自即则之其而并所着过住",
);
/** More characters after a nickname (小红刚, 小明上, 阿强今): adverbs of time and verbs a given name seldom ends in. */
const AFTER_NICKNAME = new Set([...AFTER_NAME, ..."刚才上下已正今昨明最总常曾"]);
/** Characters jieba's HMM joins to the name after them ("叫小红", "和小红"): a verb of naming, a conjunction. */
const BEFORE_NAME = new Set("叫和跟与及");
/**
 * Surnames that are also common words or function words (曾 "once", 向 "towards", 于 "at", 高 "tall"): with one
 * character after them, an unknown word is as often a phrase cut in two ("曾以", "高约") as a name.
 */
const AMBIGUOUS_SURNAMES = new Set("曾向于高常单万方白文石金关齐包申季左管牛龙江黎史易");
/**
 * How sure a reading is. derive-knowledge makes an entity of a mention of 0.5 and up (SURE, LIKELY, and the 0.5 of a
 * dictionary's transliterated name); an UNSURE one (or the 0.3 of a bare tag) only links to an entity that exists.
 */
const SURE = 0.75;
const LIKELY = 0.6;
const UNSURE = 0.4;

/** How often a word must occur in jieba's dictionary to count as a common word (its frequencies: 时间 33,288). */
const COMMON_FREQUENCY = 50;
/** For a word the dictionary lacks (an HMM guess), a rarer word in it is enough (橙汁 26: 柳橙汁 is no name). */
const COMMON_FREQUENCY_UNKNOWN = 10;
let commonPairs: Map<string, number> | undefined;

/**
 * Whether a two-character word is a common word the dictionary does not tag as a name (萝卜, 时间, 向前): a
 * surname before it, or a character after it, makes no name (胡萝卜, 段时间, 向前走).
 */
function isCommonWord(pair: string, tag: string): boolean {
  if (commonPairs === undefined) {
    const pairs = new Map<string, number>();
    forEachTwoCharacterWord((word, frequency, wordTag) => {
      if (frequency >= COMMON_FREQUENCY_UNKNOWN && !NAME_TAGS.has(wordTag)) pairs.set(word, frequency);
    });
    commonPairs = pairs;
  }
  return (commonPairs.get(pair) ?? 0) >= (tag === "x" ? COMMON_FREQUENCY_UNKNOWN : COMMON_FREQUENCY);
}

function surnameLength(word: string): number {
  if (COMPOUND_SURNAMES.some((s) => word.startsWith(s))) return 2;
  return SURNAMES.has(word[0] as string) ? 1 : 0;
}

function isTransliteration(word: string): boolean {
  return [...word].every((c) => TRANSLITERATION.has(c)) && word[0] !== word[1];
}

function placeHead(word: string, tag: string): "administrative" | "natural" | null {
  if (word.length < 2 || GENERIC_PLACE_STARTS.has(word[0] as string)) return null;
  // an unknown word of two characters is too often a verb and a noun ("看山", "烂路"); a number and a head word
  // is a count ("四楼", "三山")
  if ((tag === "x" || /^[一二三四五六七八九十几两]/u.test(word)) && word.length < 3) return null;
  if (ADMINISTRATIVE_HEADS.test(word)) return "administrative";
  return NATURAL_HEADS.test(word) ? "natural" : null;
}

interface Reading {
  entityType: EntityType;
  confidence: number;
}

/**
 * What a word tagged as a name is, by its form: a place's or an organisation's head word, a surname and a given
 * name, a transliteration; else the tag's own type, unsure.
 */
function readForm(word: string, tag: string): Reading | null {
  if (CHINESE_PLACES.has(word)) return { entityType: "place", confidence: 0.9 };
  if (ORGANIZATION_HEADS.test(word) && !NOT_A_NAME_START.test(word) && word.length >= 4)
    return { entityType: "organization", confidence: SURE };
  const head = placeHead(word, tag);
  const unknown = tag === "x";
  const personTag = tag === "nr" || tag === "nrfg" || tag === "nrt" || unknown;
  const surname = surnameLength(word);
  // 赵半山 is a person, 张家界 and 武当山 are places: a person's tag and form win over a mountain's head only; a
  // surname and a common word is no name (胡萝卜, 段时间), nor a common word and a character (向前走)
  const nameForm =
    surname > 0 &&
    !isTransliteration(word) &&
    word.length === surname + 2 &&
    word[0] !== word[1] &&
    !isCommonWord(word.slice(surname), tag) &&
    !(surname === 1 && isCommonWord(word.slice(0, 2), tag));
  if (head === "administrative" || (head === "natural" && !(personTag && nameForm)))
    return { entityType: "place", confidence: SURE };
  if (personTag && nameForm) return { entityType: "person", confidence: SURE };
  if (isTransliteration(word)) {
    if (tag === "ns") return { entityType: "place", confidence: LIKELY };
    // the dictionary's transliterated names are people more often than not (汤姆, 玛丽, 肖邦, 盖茨), and places or
    // words the rest of the time (雷达, 乌托邦): just sure enough to make an entity
    if (personTag && !unknown) return { entityType: "person", confidence: 0.5 };
    if (personTag) return { entityType: "person", confidence: UNSURE };
  }
  // a surname and one character: a name when the dictionary lacks the word (王峰); one it has is more often a word
  // that its tag calls a name (文明, 王朝, 高超 are nr)
  if (personTag && surname === 1 && word.length === 2)
    return {
      entityType: "person",
      confidence:
        unknown && !AMBIGUOUS_SURNAMES.has(word[0] as string) && !AFTER_NAME.has(word[1] as string)
          ? LIKELY
          : 0.3,
    };
  // a word the dictionary lacks and nothing above reads may still be how people call someone they know (阿强,
  // 小李): too unsure to make anyone, it can only link to a person the scope already has (entity-resolver.ts)
  if (unknown) return word.length <= 3 ? { entityType: "person", confidence: 0.3 } : null;
  if (personTag) return { entityType: "person", confidence: 0.3 };
  // the dictionary's places of three characters and more are places (太平洋, 加利福尼亚); of two, often words (美丽)
  // (a phrase, isPlacePhrase, is none)
  if (tag === "ns")
    return {
      entityType: "place",
      confidence: word.length >= 3 && !isPlacePhrase(word, tag) ? LIKELY : UNSURE,
    };
  if (tag === "nt") return { entityType: "organization", confidence: UNSURE };
  return null;
}

/**
 * Whether a word the dictionary tags as a place is a phrase, not a name: two common words (旅游指南), one that starts
 * with a generic word (老城区), a count (四楼, 两家), or a noun with a locative after it (车库里, 花园里).
 */
function isPlacePhrase(word: string, tag: string): boolean {
  return (
    (word.length === 3 && GENERIC_PLACE_STARTS.has(word[0] as string)) ||
    /^[一二三四五六七八九十几两][棵只个条张本位家间座楼层号]|[里上中内外边]$/u.test(word) ||
    (word.length === 4 && isCommonWord(word.slice(0, 2), tag) && isCommonWord(word.slice(2), tag))
  );
}

/** The form's reading, made surer by the words around it (叫…, …先生, 和…一起; 住在…, …旅游). */
function readInContext(word: string, tag: string, before: string, after: string): Reading | null {
  if (COMMON_LOANWORDS.has(word) || WORDS_TAGGED_AS_PLACES.has(word)) return null;
  const form = readForm(word, tag);
  if (form?.entityType === "person" && NOT_A_PERSON_BEFORE.test(before)) return null;
  if (form && form.confidence >= SURE) return form;
  if (form?.entityType === "person" && isTransliteration(word) && NOT_A_PERSON_AFTER.test(after)) return null;
  const personContext =
    PERSON_BEFORE.test(before) ||
    PERSON_AFTER.test(after) ||
    (WITH_BEFORE.test(before) && WITH_AFTER.test(after));
  // the context decides the type of a word whose form says little (桂林 is tagged as a person's name), when the
  // word could be a name of that type: a person's has a surname or a transliteration, or the dictionary's tag (not
  // "朋友聊天"); a place's is the dictionary's (not "在抖音"), and starts with no generic word (not "在上山的时候")
  const open = (type: EntityType) => form === null || form.entityType === type || form.confidence < LIKELY;
  const dictionaryName = tag === "nr" || tag === "nrt" || tag === "nrfg" || tag === "ns";
  const personForm = dictionaryName || surnameLength(word) > 0 || isTransliteration(word);
  if (personContext && (personForm || (PERSON_BEFORE.test(before) && NICKNAME.test(word))) && open("person"))
    return { entityType: "person", confidence: 0.7 };
  // what only people do (汤姆说…, 玛丽觉得…, 告诉汤姆): enough for a foreign name's transliteration, or a surname
  // and a character the dictionary lacks (its own two-character "names" are mostly words: 安静, 余生)
  const humanContext = HUMAN_BEFORE.test(before) || HUMAN_AFTER.test(after);
  const nameLike = isTransliteration(word) || (tag === "x" && surnameLength(word) > 0);
  if (humanContext && form?.entityType === "person" && nameLike)
    return { entityType: "person", confidence: 0.7 };
  const placeContext = PLACE_BEFORE.test(before) || PLACE_AFTER.test(after);
  // (车在车库里 is in no place of that name: a phrase stays one)
  if (
    placeContext &&
    dictionaryName &&
    !GENERIC_PLACE_STARTS.has(word[0] as string) &&
    !isPlacePhrase(word, tag) &&
    open("place")
  )
    return { entityType: "place", confidence: 0.65 };
  return form;
}

/**
 * People, places and organisations a Chinese turn names, each with how sure its form and context make it.
 * @example extractChineseMentions("我和朋友李雪去了张家界。")
 * // [{ name: "李雪", entityType: "person", confidence: 0.7 }, { name: "张家界", entityType: "place", confidence: 0.75 }]
 */
export function extractChineseMentions(text: string): ExtractedMention[] {
  const found = new Map<string, ExtractedMention>();
  const add = (name: string, reading: Reading, vocative = false) => {
    const known = found.get(name);
    if (known && (known.confidence ?? 1) >= reading.confidence && (known.vocative || !vocative)) return;
    found.set(name, {
      name,
      entityType: reading.entityType,
      confidence: Math.max(reading.confidence, known?.confidence ?? 0),
      ...(vocative || known?.vocative ? { vocative: true } : {}),
    });
  };
  // 《黑客帝国》, 《瓦尔登湖》: a title between title marks is a work, whatever the names inside it
  const titles: { start: number; end: number }[] = [];
  for (const match of text.matchAll(TITLE)) {
    const start = match.index ?? 0;
    titles.push({ start, end: start + match[0].length });
    add(match[1] as string, { entityType: "thing", confidence: SURE });
  }
  const tokens = getJieba().tag(text, true);
  // where each token starts in the text
  const starts: number[] = [];
  let offset = 0;
  for (const { word } of tokens) {
    const start = text.indexOf(word, offset);
    starts.push(start >= 0 ? start : offset);
    offset = start >= 0 ? start + word.length : offset;
  }
  const isHan = (i: number) => /^\p{Script=Han}+$/u.test(tokens[i]?.word ?? "");
  for (let i = 0; i < tokens.length; i++) {
    const { tag } = tokens[i] as { word: string; tag: string };
    let word = (tokens[i] as { word: string }).word;
    let start = starts[i] as number;
    // "乔治·奥威尔": a foreign name's parts joined by a middle dot are one person
    if (
      !titles.some((t) => start > t.start && start < t.end) &&
      isHan(i) &&
      DOT.test(tokens[i + 1]?.word ?? "") &&
      isHan(i + 2)
    ) {
      let end = i;
      while (DOT.test(tokens[end + 1]?.word ?? "") && isHan(end + 2)) end += 2;
      // jieba cuts a first name's first syllable off when the rest is a word of its own: 贾 and 斯汀·比伯
      const first = tokens[i - 1]?.word ?? "";
      const from =
        first.length === 1 &&
        TRANSLITERATION.has(first) &&
        isTransliteration(tokens[i]?.word ?? "") &&
        (starts[i - 1] as number) + 1 === start
          ? start - 1
          : start;
      const name = text.slice(from, (starts[end] as number) + (tokens[end] as { word: string }).word.length);
      // a name has a few parts (列奥纳多·达·芬奇), not a page of them
      if (end - i <= 2 * MAX_NAME_PARTS && name.length <= MAX_NAME_LENGTH)
        add(name, { entityType: "person", confidence: 0.9 });
      i = end;
      continue;
    }
    if (!NAME_TAGS.has(tag) || word.length < 2 || !isHan(i)) continue;
    if (titles.some((t) => start > t.start && start < t.end)) continue;
    // and a pronoun to the word after it: "我开", "我爸" are no one's name
    if (tag === "x" && /^[我你您他她它]/u.test(word)) continue;
    // and a verb of naming or a conjunction to the name after it: "叫小红", "和小红" are 小红
    if ((tag === "x" || tag.startsWith("nr")) && word.length === 3 && BEFORE_NAME.has(word[0] as string)) {
      word = word.slice(1);
      start += 1;
    }
    // the HMM joins a name to the verb after it: "李雪去" is 李雪 and 去
    if (tag === "x" && word.length === 3 && AFTER_NAME.has(word[2] as string)) word = word.slice(0, 2);
    // …and a nickname of two (小红, 阿强, 老王) to an adverb or a verb after it: "小红刚上小学" is 小红, "小明上" 小明
    else if (
      tag === "x" &&
      word.length === 3 &&
      /^[小阿老]/u.test(word) &&
      AFTER_NICKNAME.has(word[2] as string)
    )
      word = word.slice(0, 2);
    // and cuts a transliteration's last syllable off: "格拉纳" and "达" are 格拉纳达
    while (
      isTransliteration(word) &&
      tokens[i + 1]?.word.length === 1 &&
      TRANSLITERATION.has(tokens[i + 1]?.word as string)
    ) {
      word += tokens[i + 1]?.word;
      i += 1;
    }
    const end = start + word.length;
    // a name and the organisation's head after it are one name: 腾讯 公司, 北京 大学
    const next = tokens[i + 1]?.word ?? "";
    if (
      word === tokens[i]?.word &&
      next.length >= 2 &&
      ORGANIZATION_HEADS.test(next) &&
      !NOT_A_NAME_START.test(word)
    ) {
      add(word + next, { entityType: "organization", confidence: SURE });
      i += 1;
      continue;
    }
    const before = text.slice(Math.max(0, start - 4), start);
    // after a demonstrative or a number a surname is a classifier: 这张票, 这周干了, 两张纸
    if (tag === "x" && word.length === 2 && COUNTED.test(before)) continue;
    const after = text.slice(end, end + 6);
    const reading = readInContext(word, tag, before, after);
    // "志强，你看…", "谢谢，小李！": a person's word said to someone, alone between a clause's edges
    const vocative =
      reading?.entityType === "person" &&
      (start === 0 || VOCATIVE_BEFORE.test(before)) &&
      VOCATIVE_AFTER.test(text.slice(end, end + 1));
    if (reading) add(word, reading, vocative);
  }
  return [...found.values()];
}

/**
 * Whether a rule's object reads as the name of an organisation or a place, not a phrase about one ("一家公司",
 * "这个行业中", "当前公司"): it names no entity then, and the fact keeps it as text.
 */
export function isChineseName(object: string): boolean {
  return (
    object.length >= 2 &&
    object.length <= 12 &&
    !NOT_A_NAME_START.test(object) &&
    !/[要想找考虑思份行业个些]|是否/u.test(object) &&
    /^[\p{Script=Han}A-Za-z0-9·]+$/u.test(object)
  );
}

/** Words said after a surname for someone of that surname: 张老师, 王先生, 李总. */
export const CHINESE_TITLES: readonly string[] = [
  "先生",
  "女士",
  "小姐",
  "老师",
  "医生",
  "教授",
  "总",
  "经理",
  "同学",
  "师傅",
  "哥",
  "姐",
  "阿姨",
  "叔叔",
];

/** A Chinese name's surname and given name (张 and 志强 of 张志强); null for a name that is not one. */
export function chineseNameParts(full: string): { surname: string; given: string } | null {
  if (!/^\p{Script=Han}+$/u.test(full)) return null;
  const surnameSize = surnameLength(full);
  if (surnameSize === 0 || full.length < surnameSize + 1 || full.length > surnameSize + 2) return null;
  return { surname: full.slice(0, surnameSize), given: full.slice(surnameSize) };
}

/**
 * Whether `short` is how people call the person named `full` in Chinese: the given name (志强 of 张志强), 小, 老
 * or 阿 before the surname or the given name's last character (小李, 老李, 小雪 of 李雪; 阿强 of 张志强), or the
 * surname and a title (张老师, 王先生). The entity resolver reads the same forms through its indexes.
 * @example isChineseShortFormOf("志强", "张志强") // true
 */
export function isChineseShortFormOf(short: string, full: string): boolean {
  const parts = chineseNameParts(full);
  if (!parts || short === full || !/^\p{Script=Han}+$/u.test(short)) return false;
  const { surname, given } = parts;
  if (given.length === 2 && short === given) return true;
  if (short.length === 2 && /^[小老阿]/u.test(short))
    return (surname.length === 1 && short[1] === surname) || short[1] === given[given.length - 1];
  return short.startsWith(surname) && CHINESE_TITLES.includes(short.slice(surname.length));
}
