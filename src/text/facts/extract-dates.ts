/**
 * Dates in a sentence, resolved against the time it was said: chrono-node for English (with "last March" corrected:
 * chrono reads it as the next March), a year on its own ("in 2019"), and Chinese relative dates (去年三月, 上个月).
 */
import * as chrono from "chrono-node";

export interface FoundDate {
  /** The words that gave the date, to strip from an object. */
  text: string;
  /** Milliseconds since the epoch. */
  at: number;
  /** How precise it is: a day, the week or weekend it falls in, a month, a season or a year. */
  granularity?: DateGranularity;
  /** Whether the words only make sense against when they were said ("yesterday", "last week", "three years ago"). */
  relative?: boolean;
  /**
   * What the words left for the parser to pick, nearest the moment said: the year of "in March" / "on March 3", the
   * week of "on Saturday". A clause's tense then says which one (`inTense`).
   */
  implied?: "year" | "week";
}

export type DateGranularity = "day" | "week" | "weekend" | "month" | "season" | "year";

const PAST_MARKER = /\b(?:last|this past|past)\s+$/i;
const YEAR = /\b(?:in|since|back in|during)\s+((?:19|20)\d\d)\b/;
/** Words that make a date phrase relative to the moment it was said. */
const RELATIVE_WORDS =
  /\b(?:yesterday|today|tonight|tomorrow|last|next|this|past|ago|coming|recent|recently|previous|weekend|week|month|year)\b/i;
/** "for 4 years", "in two weeks' time": a length of time, not a date. */
const DURATION = /^(?:for|within|over)\b/i;
const SEASONS: Readonly<Record<string, number>> = { spring: 2, summer: 5, fall: 8, autumn: 8, winter: 11 };
const SEASON = /\b(last|this|next|this past)\s+(spring|summer|fall|autumn|winter)\b/i;

function granularityOf(result: chrono.ParsedResult): DateGranularity {
  const text = result.text.toLowerCase();
  if (/\bweekend\b/.test(text)) return "weekend";
  if (/\bweeks?\b/.test(text) && !/\bweeks? ago\b|\bdays?\b/.test(text)) return "week";
  if (result.start.isCertain("day") || result.start.isCertain("weekday")) return "day";
  if (result.start.isCertain("month")) return "month";
  return "year";
}

/** "last summer" / "this winter": the season's first month, in the year it falls in. */
function findSeason(sentence: string, reference: number): FoundDate | null {
  const match = sentence.match(SEASON);
  if (!match?.[1] || !match[2]) return null;
  const month = SEASONS[match[2].toLowerCase()] as number;
  const now = new Date(reference);
  let year = now.getUTCFullYear();
  const which = match[1].toLowerCase();
  if (which === "next") {
    if (month <= now.getUTCMonth()) year++;
  } else if (which !== "this" && month + 2 >= now.getUTCMonth()) year--;
  return { text: match[0], at: Date.UTC(year, month, 1), granularity: "season", relative: true };
}

/** Words without which a sentence holds no date chrono could read: most clauses skip the parser (its main cost). */
const DATE_HINT =
  /\d|\b(?:yesterday|today|tonight|tomorrow|ago|weekend|recently|christmas|easter|new year|(?:mon|tues|wednes|thurs|fri|satur|sun)day|(?:last|next|this|past|coming|previous|that)\s+(?:week|month|year|morning|afternoon|evening|night|spring|summer|fall|autumn|winter|time))\b/i;
/** A word right before "weekend" that says which one: "this weekend", "the weekend", "last weekend". */
const POINTING_WORD = /\b(?:the|this|that|next|last|coming|past|previous)\s+$/i;
/** "the", with the preposition before it, that a "weekend" date takes along: "over the weekend". */
const ARTICLE_PHRASE = /\b(?:(?:over|on|at|during|for)\s+)?the\s+$/i;
/** Month names only capitalised: "may" and "march" are also a verb. */
const MONTH_HINT =
  /\b(?:January|February|March|April|May|June|July|August|September|October|November|December)\b/;

/** The first date an English sentence gives, or null. */
export function findEnglishDate(sentence: string, reference: number): FoundDate | null {
  return findEnglishDates(sentence, reference)[0] ?? null;
}

/**
 * Every date a text gives, in order, resolved against `reference`: one parse of a whole turn, which its clauses then
 * look up (chrono is the costly step of fact extraction).
 */
export function findEnglishDates(text: string, reference: number): FoundDate[] {
  if (!DATE_HINT.test(text) && !MONTH_HINT.test(text)) return [];
  const found: FoundDate[] = [];
  for (const result of chrono.parse(text, new Date(reference))) {
    if (DURATION.test(result.text) || /\bfor\s+$/i.test(text.slice(0, result.index))) continue;
    // "every Sunday", "except Sunday": days of a habit or a rule, none of them a date
    const lead = text.slice(0, result.index);
    if (/\b(?:every|each)\s+$/i.test(lead)) continue;
    if (
      /\b(?:except|but)\s+$/i.test(lead) &&
      /^(?:mon|tues|wednes|thurs|fri|satur|sun)day\b/i.test(result.text)
    )
      continue;
    // "now" is when it was said, no date of its own
    if (/^(?:right\s+)?now\W*$/i.test(result.text)) continue;
    // "a quiet weekend", "a great weekend at the lake": a weekend no word points at is a noun, not a date
    if (/^weekend$/i.test(result.text) && !POINTING_WORD.test(text.slice(0, result.index))) continue;
    // A bare time of day ("at 3pm") says nothing about the date of a fact.
    if (
      !result.start.isCertain("day") &&
      !result.start.isCertain("month") &&
      !result.start.isCertain("weekday")
    ) {
      if (!result.start.isCertain("year") && !/\b(?:ago|week|month|year)\b/i.test(result.text)) continue;
    }
    let at = result.start.date().getTime();
    const before = text.slice(0, result.index);
    const granularity = granularityOf(result);
    // "this week" is the week of the telling (chrono gives its Sunday, which a Monday-first week puts in the last)
    if (granularity === "week" && /^this week$/iu.test(result.text)) at = reference;
    // "over the weekend" is replaced whole ("on the weekend of 6 May 2023"), not "over the on the weekend of…"
    const article = /^weekend$/i.test(result.text) ? before.match(ARTICLE_PHRASE)?.[0] : undefined;
    if (article) {
      found.push({ text: `${article}${result.text}`, at, granularity, relative: true });
      continue;
    }
    if (PAST_MARKER.test(before)) {
      // "last March" is the most recent March before the reference, which chrono resolves forward.
      const date = new Date(at);
      while (date.getTime() > reference) date.setUTCFullYear(date.getUTCFullYear() - 1);
      at = date.getTime();
      const marker = before.match(PAST_MARKER)?.[0] ?? "";
      found.push({ text: `${marker}${result.text}`, at, granularity, relative: true });
      continue;
    }
    const relative = RELATIVE_WORDS.test(result.text);
    const implied = relative
      ? undefined
      : result.start.isCertain("weekday") && !result.start.isCertain("day")
        ? "week"
        : (result.start.isCertain("month") || result.start.isCertain("day")) &&
            !result.start.isCertain("year")
          ? "year"
          : undefined;
    found.push({ text: result.text, at, granularity, relative, ...(implied ? { implied } : {}) });
  }
  const season = findSeason(text, reference);
  if (season && !found.some((f) => f.text.includes(season.text) || season.text.includes(f.text)))
    found.push(season);
  const year = text.match(YEAR);
  if (year?.[1] && !found.some((f) => f.text.includes(year[1] as string)))
    found.push({ text: year[0], at: Date.UTC(Number(year[1]), 0, 1), granularity: "year", relative: false });
  return found;
}

const DAY_MS = 86_400_000;

/** The first and the last day of the period a date names (a month's, a week's or a day's), UTC midnight. */
function periodOf(date: FoundDate, at: number): { first: number; last: number } {
  const d = new Date(at);
  const first = Date.UTC(
    d.getUTCFullYear(),
    d.getUTCMonth(),
    date.granularity === "month" ? 1 : d.getUTCDate(),
  );
  const last = date.granularity === "month" ? Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0) : first;
  return { first, last };
}

/**
 * A date whose year or week the parser picked nearest the moment said (`implied`), moved to the one the clause's
 * tense speaks of: "I went to Rome in March", said in December, is the March before, not the coming one; "I'll go
 * hiking on Monday", said on a Tuesday, the coming Monday; null for a habit's day ("I go to church on Sunday"). The
 * date itself when its words gave it whole, when the tense says nothing, or when it already lies on the side the
 * tense says.
 * @example inTense({ text: "March", at: Date.UTC(2027, 2, 1), granularity: "month", implied: "year" }, "past", Date.UTC(2026, 11, 1)).at // Date.UTC(2026, 2, 1)
 */
export function inTense(
  date: FoundDate,
  tense: "past" | "future" | "habit" | null,
  reference: number,
): FoundDate | null {
  if (!date.implied || tense === null) return date;
  if (tense === "habit") return null;
  const today = Math.floor(reference / DAY_MS) * DAY_MS;
  const step = (at: number, by: number): number => {
    const d = new Date(at);
    if (date.implied === "week") d.setUTCDate(d.getUTCDate() + 7 * by);
    else d.setUTCFullYear(d.getUTCFullYear() + by);
    return d.getTime();
  };
  let at = date.at;
  // the parser's pick is at most one year or one week from the moment said: two steps bound it
  for (let i = 0; i < 2; i++) {
    const { first, last } = periodOf(date, at);
    if (tense === "past" && first > today) at = step(at, -1);
    else if (tense === "future" && last < today) at = step(at, 1);
    else break;
  }
  return at === date.at ? date : { ...date, at };
}

/** How many days a date is after the Monday of its week (0 on a Monday, 6 on a Sunday). */
export function daysSinceMonday(date: Date): number {
  return (date.getUTCDay() + 6) % 7;
}

/**
 * The days a date names, [from, to) in ms: its day, its week (a relative one's calendar week, Monday first), the
 * weekend, its month, the season's three months from its first, its year.
 */
export function dateSpan(date: FoundDate): { from: number; to: number } {
  const d = new Date(date.at);
  const [y, m, day] = [d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()];
  switch (date.granularity ?? "day") {
    case "week": {
      // "last week", 下周: the calendar week (Monday to Sunday) the day falls in; "the week of 1 May" from its day
      const monday = date.relative ? day - daysSinceMonday(d) : day;
      return { from: Date.UTC(y, m, monday), to: Date.UTC(y, m, monday + 7) };
    }
    case "weekend":
      return { from: Date.UTC(y, m, day), to: Date.UTC(y, m, day + 2) };
    case "month":
      return { from: Date.UTC(y, m, 1), to: Date.UTC(y, m + 1, 1) };
    case "season":
      return { from: Date.UTC(y, m, 1), to: Date.UTC(y, m + 3, 1) };
    case "year":
      return { from: Date.UTC(y, 0, 1), to: Date.UTC(y + 1, 0, 1) };
    default:
      return { from: Date.UTC(y, m, day), to: Date.UTC(y, m, day + 1) };
  }
}

const MONTH_NAMES = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/**
 * A date as words that need no "when was this said": "on 7 May 2023", "the week of 1 May 2023", "in June 2023",
 * "in 2020", each with the preposition it takes.
 * @example absoluteDate({ text: "yesterday", at: Date.UTC(2023, 4, 7), granularity: "day" }) // "on 7 May 2023"
 */
export function absoluteDate(date: FoundDate): string {
  const d = new Date(date.at);
  const day = `${d.getUTCDate()} ${MONTH_NAMES[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
  switch (date.granularity ?? "day") {
    case "day":
      return `on ${day}`;
    case "week":
      return `in the week of ${day}`;
    case "weekend":
      return `on the weekend of ${day}`;
    case "month":
      return `in ${MONTH_NAMES[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
    case "season": {
      const season = Object.entries(SEASONS).find(([, m]) => m === d.getUTCMonth())?.[0] ?? "";
      return `in the ${season} of ${d.getUTCFullYear()}`;
    }
    default:
      return `in ${d.getUTCFullYear()}`;
  }
}

/**
 * The same date as a noun, for where the relative words were one ("Tonight's going to be…", "Last week has been…",
 * "last week's game"): "20 June 2023", "the week of 1 May 2023", "June 2023", "the summer of 2023", "2023".
 * @example dateAsNoun({ text: "last week", at: Date.UTC(2023, 4, 1), granularity: "week" }) // "the week of 1 May 2023"
 */
export function dateAsNoun(date: FoundDate): string {
  return absoluteDate(date).replace(/^(?:on|in)\s/u, "");
}

const CHINESE_DIGITS: Record<string, number> = {
  零: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
  十: 10,
};

/** A number written in digits or in Chinese numerals up to 99 (三十, 二十五, 十八); NaN when it is neither. */
export function chineseNumber(text: string): number {
  if (/^\d+$/.test(text)) return Number(text);
  if (text === "十") return 10;
  if (text.startsWith("十")) return 10 + (CHINESE_DIGITS[text.slice(1)] ?? 0);
  if (text.endsWith("十")) return (CHINESE_DIGITS[text.slice(0, -1)] ?? 0) * 10;
  if (text.includes("十")) {
    const [tens, ones] = text.split("十");
    return (CHINESE_DIGITS[tens ?? ""] ?? 0) * 10 + (CHINESE_DIGITS[ones ?? ""] ?? 0);
  }
  return CHINESE_DIGITS[text] ?? Number.NaN;
}

/** The digits of a year written in Chinese numerals (一九七二, 二〇二三). */
const YEAR_DIGITS: Readonly<Record<string, string>> = {
  零: "0",
  〇: "0",
  一: "1",
  二: "2",
  三: "3",
  四: "4",
  五: "5",
  六: "6",
  七: "7",
  八: "8",
  九: "9",
};
const ZH_MONTH =
  /(去年|今年|明年|前年|(\d{4}|[零〇一二三四五六七八九]{4})年)?(\d{1,2}|[一二三四五六七八九十]{1,3})月(?:(\d{1,2}|[一二三四五六七八九十]{1,3})[日号])?/;
/** What puts a Chinese clause ahead (我打算三月去日本, 我要去, 我会去) or behind (我三月去了罗马, 我去过). */
const ZH_AHEAD = /打算|计划|准备(?!好)|将要|将会|即将|要去|会去|想去|要和|会和/u;
const ZH_DONE = /了|过/u;

/**
 * The first date a Chinese clause gives, a month without its year in the time the clause speaks of: 我打算三月去日本
 * said in December is next March, 我三月去了罗马 this one (not one ahead).
 */
export function findTensedChineseDate(clause: string, reference: number): FoundDate | null {
  const date = findChineseDate(clause, reference);
  if (!date?.implied) return date;
  return inTense(date, ZH_AHEAD.test(clause) ? "future" : ZH_DONE.test(clause) ? "past" : null, reference);
}

/** 下周五, 上星期三, 这个礼拜天: a day of the week before, after or of the one it was said in. */
const ZH_WEEKDAY = /(上个?|下个?|这个?|本)(?:星期|礼拜|周)([一二三四五六日天1-7])/u;
const ZH_RELATIVE: [RegExp, (date: Date) => void, DateGranularity][] = [
  [/上个?月/, (d) => d.setUTCMonth(d.getUTCMonth() - 1), "month"],
  [/下个?月/, (d) => d.setUTCMonth(d.getUTCMonth() + 1), "month"],
  [/上个?(?:星期|礼拜|周)/, (d) => d.setUTCDate(d.getUTCDate() - 7), "week"],
  [/下个?(?:星期|礼拜|周)/, (d) => d.setUTCDate(d.getUTCDate() + 7), "week"],
  [/前天/, (d) => d.setUTCDate(d.getUTCDate() - 2), "day"],
  [/昨天/, (d) => d.setUTCDate(d.getUTCDate() - 1), "day"],
  [/明天/, (d) => d.setUTCDate(d.getUTCDate() + 1), "day"],
  [/今天/, () => undefined, "day"],
  [/去年/, (d) => d.setUTCFullYear(d.getUTCFullYear() - 1), "year"],
  [/明年/, (d) => d.setUTCFullYear(d.getUTCFullYear() + 1), "year"],
];

/** The first date a Chinese sentence gives, or null. */
export function findChineseDate(sentence: string, reference: number): FoundDate | null {
  const month = sentence.match(ZH_MONTH);
  if (month) {
    const base = new Date(reference);
    let year = base.getUTCFullYear();
    // 一九七二年: a year's digits one by one
    if (month[2])
      year = Number([...month[2]].map((c) => (/\d/u.test(c) ? c : (YEAR_DIGITS[c] ?? ""))).join(""));
    else if (month[1] === "去年") year -= 1;
    else if (month[1] === "前年") year -= 2;
    else if (month[1] === "明年") year += 1;
    const monthNumber = chineseNumber(month[3] ?? "");
    const day = month[4] ? chineseNumber(month[4]) : 1;
    if (Number.isFinite(monthNumber) && monthNumber >= 1 && monthNumber <= 12 && Number.isFinite(day)) {
      return {
        text: month[0],
        at: Date.UTC(year, monthNumber - 1, day),
        granularity: month[4] ? "day" : "month",
        relative: month[1] !== undefined && !month[2],
        // 三月 alone: this year's, unless the tense says the one before or after (findTensedChineseDate)
        ...(month[1] === undefined ? { implied: "year" as const } : {}),
      };
    }
  }
  const year = sentence.match(/(\d{4})年/);
  if (year?.[1])
    return { text: year[0], at: Date.UTC(Number(year[1]), 0, 1), granularity: "year", relative: false };
  const weekday = sentence.match(ZH_WEEKDAY);
  if (weekday?.[1] && weekday[2]) {
    // the week's Monday, a week before or after for 上 and 下, then the day (日 and 天 are Sunday, its seventh)
    const date = new Date(reference);
    const monday = date.getUTCDate() - daysSinceMonday(date);
    const shift = weekday[1].startsWith("上") ? -7 : weekday[1].startsWith("下") ? 7 : 0;
    const day = /[日天]/u.test(weekday[2]) ? 7 : chineseNumber(weekday[2]);
    date.setUTCDate(monday + shift + day - 1);
    return { text: weekday[0], at: date.getTime(), granularity: "day", relative: true };
  }
  for (const [pattern, shift, granularity] of ZH_RELATIVE) {
    const found = sentence.match(pattern);
    if (found) {
      const date = new Date(reference);
      shift(date);
      return { text: found[0], at: date.getTime(), granularity, relative: true };
    }
  }
  return null;
}

/** A date as Chinese words that need no "when was this said": 2023年5月7日, 2023年5月, 2023年. */
export function absoluteChineseDate(date: FoundDate): string {
  const d = new Date(date.at);
  const [y, m, day] = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
  switch (date.granularity ?? "day") {
    case "day":
      return `${y}年${m}月${day}日`;
    case "week":
      return `${y}年${m}月${day}日那一周`;
    case "month":
    case "season":
      return `${y}年${m}月`;
    default:
      return `${y}年`;
  }
}
