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
}

const PAST_MARKER = /\b(?:last|this past|past)\s+$/i;
const YEAR = /\b(?:in|since|back in|during)\s+((?:19|20)\d\d)\b/;

/** The first date an English sentence gives, or null. */
export function findEnglishDate(sentence: string, reference: number): FoundDate | null {
  const referenceDate = new Date(reference);
  const results = chrono.parse(sentence, referenceDate);
  for (const result of results) {
    // A bare time of day ("at 3pm") says nothing about the date of a fact.
    if (
      !result.start.isCertain("day") &&
      !result.start.isCertain("month") &&
      !result.start.isCertain("weekday")
    ) {
      if (!result.start.isCertain("year") && !/\b(?:ago|week|month|year)\b/i.test(result.text)) continue;
    }
    let at = result.start.date().getTime();
    const before = sentence.slice(0, result.index);
    if (PAST_MARKER.test(before)) {
      // "last March" is the most recent March before the reference, which chrono resolves forward.
      const date = new Date(at);
      while (date.getTime() > reference) date.setUTCFullYear(date.getUTCFullYear() - 1);
      at = date.getTime();
      const marker = before.match(PAST_MARKER)?.[0] ?? "";
      return { text: `${marker}${result.text}`, at };
    }
    return { text: result.text, at };
  }
  const year = sentence.match(YEAR);
  if (year?.[1]) return { text: year[0], at: Date.UTC(Number(year[1]), 0, 1) };
  return null;
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

function chineseNumber(text: string): number {
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

const ZH_MONTH =
  /(去年|今年|明年|前年|(\d{4})年)?(\d{1,2}|[一二三四五六七八九十]{1,3})月(?:(\d{1,2}|[一二三四五六七八九十]{1,3})[日号])?/;
const ZH_RELATIVE: [RegExp, (date: Date) => void][] = [
  [/上个?月/, (d) => d.setUTCMonth(d.getUTCMonth() - 1)],
  [/下个?月/, (d) => d.setUTCMonth(d.getUTCMonth() + 1)],
  [/上个?(?:星期|礼拜|周)/, (d) => d.setUTCDate(d.getUTCDate() - 7)],
  [/下个?(?:星期|礼拜|周)/, (d) => d.setUTCDate(d.getUTCDate() + 7)],
  [/前天/, (d) => d.setUTCDate(d.getUTCDate() - 2)],
  [/昨天/, (d) => d.setUTCDate(d.getUTCDate() - 1)],
  [/明天/, (d) => d.setUTCDate(d.getUTCDate() + 1)],
  [/去年/, (d) => d.setUTCFullYear(d.getUTCFullYear() - 1)],
  [/明年/, (d) => d.setUTCFullYear(d.getUTCFullYear() + 1)],
];

/** The first date a Chinese sentence gives, or null. */
export function findChineseDate(sentence: string, reference: number): FoundDate | null {
  const month = sentence.match(ZH_MONTH);
  if (month) {
    const base = new Date(reference);
    let year = base.getUTCFullYear();
    if (month[2]) year = Number(month[2]);
    else if (month[1] === "去年") year -= 1;
    else if (month[1] === "前年") year -= 2;
    else if (month[1] === "明年") year += 1;
    const monthNumber = chineseNumber(month[3] ?? "");
    const day = month[4] ? chineseNumber(month[4]) : 1;
    if (Number.isFinite(monthNumber) && monthNumber >= 1 && monthNumber <= 12 && Number.isFinite(day)) {
      return { text: month[0], at: Date.UTC(year, monthNumber - 1, day) };
    }
  }
  const year = sentence.match(/(\d{4})年/);
  if (year?.[1]) return { text: year[0], at: Date.UTC(Number(year[1]), 0, 1) };
  for (const [pattern, shift] of ZH_RELATIVE) {
    const found = sentence.match(pattern);
    if (found) {
      const date = new Date(reference);
      shift(date);
      return { text: found[0], at: date.getTime() };
    }
  }
  return null;
}
