/**
 * Time in what is said: whether a text speaks of a time ("yesterday", "last Friday", "in May", "上个月"), the absolute
 * days it speaks of, resolved against the moment it was said (so "I went yesterday", said on 8 May 2023, speaks of
 * 7 May 2023), and the span of time a question names ("in October 2023", "in June").
 */
import * as chrono from "chrono-node";
import { dateSpan, daysSinceMonday, findTensedChineseDate, findTensedEnglishDate } from "./facts/index.js";
import { hasHan } from "./script.js";

const DAY_MS = 86_400_000;

/**
 * Words that speak of a time, English and Chinese. A cheap test that decides whether the date parser runs at all,
 * and a signal of its own: a memory that tells when something happened.
 */
const TIME_WORDS = new RegExp(
  [
    String.raw`\b(?:yesterday|today|tonight|tomorrow|ago|recently|lately|weekend|christmas|birthday|anniversary`,
    "|monday|tuesday|wednesday|thursday|friday|saturday|sunday",
    "|january|february|april|june|july|august|september|october|november|december",
    // "march" and "may" are also a verb and a modal: only with a preposition before or a number after
    String.raw`|(?:in|on|of|last|next|this|early|late|since|until|by)\s+(?:march|may)|(?:march|may)\s+\d`,
    String.raw`|(?:last|next|this|past|coming|previous|that)\s+(?:week|weekend|month|year|night|morning|evening|summer|spring|fall|autumn|winter|semester|time)`,
    String.raw`|\d+\s+(?:days?|weeks?|months?|years?)|(?:a|one|two|three|four|five|six|few|couple of)\s+(?:days?|weeks?|months?|years?)\s+ago`,
    String.raw`|(?:19|20)\d\d|\d{1,2}(?:st|nd|rd|th))\b`,
    "|昨天|今天|明天|前天|后天|去年|今年|明年|前年|上个?月|下个?月|上个?(?:星期|礼拜|周)|下个?(?:星期|礼拜|周)|\\d{1,4}年|\\d{1,2}月|[一二三四五六七八九十]{1,3}月|周末|年前|天前",
  ].join(""),
  "iu",
);

/** Whether the text speaks of a time: a date, a weekday, a month, "yesterday", "last week", "两年前"… */
export function mentionsTime(text: string): boolean {
  return TIME_WORDS.test(text);
}

/** Sentences, split after . ! ? and their Chinese forms, so each one gets its own date. */
function sentences(text: string): string[] {
  return text.split(/(?<=[.!?。！？])\s*/u).filter((s) => s.trim().length > 0);
}

function startOfDay(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

/**
 * The days a text speaks of (UTC midnight, ms), resolved against `reference`, the moment it was said: the first date
 * of each sentence (the date rules of fact derivation, which read "last March" as the March before, not after, and
 * "in March" as the one the verb's tense speaks of),
 * distinct and in order, at most `limit`. Empty when the text names no time.
 * @example mentionedDates("I went to a support group yesterday.", Date.UTC(2023, 4, 8)) // [Date.UTC(2023, 4, 7)]
 */
export function mentionedDates(text: string, reference: number, limit = 4): number[] {
  if (!mentionsTime(text)) return [];
  const days: number[] = [];
  for (const sentence of sentences(text)) {
    if (!mentionsTime(sentence)) continue;
    const found = hasHan(sentence)
      ? findTensedChineseDate(sentence, reference)
      : findTensedEnglishDate(sentence, reference);
    if (!found || !Number.isFinite(found.at)) continue;
    const day = startOfDay(found.at);
    if (!days.includes(day)) days.push(day);
    if (days.length >= limit) break;
  }
  return days;
}

/** A span of time, [from, to) in ms. */
export interface TimeSpan {
  from: number;
  to: number;
}

/** "evening of", "the morning of": a time of day before the date it belongs to. */
const TIME_OF_DAY_OF = /\b(?:morning|afternoon|evening|night)\s+of\s+/giu;
/** What opens a span between two dates, right before the first ("between", "from"). */
const RANGE_OPENS = /\b(?:between|from)\s*$/iu;
/** What joins the two dates of a span ("and", "to", "until", a dash). */
const RANGE_JOINS = /^\s*(?:and|to|until|till|through|[-–])\s*$/iu;

interface ParsedSpan {
  from: number;
  to: number;
  /** Whether it names a day, a month. */
  day: boolean;
  month: boolean;
}

/**
 * The span of one parsed date (its day, month or year), or null when it names none. A month or day without a year
 * is the latest one up to `yearOf` when given (the second date of a range: "between August 11 and August 15 2023"),
 * else up to `now`: a question asks about what has happened.
 */
/** A date's words that name a week or a weekend, not a day of it ("last week", "this weekend"; not "3 weeks ago"). */
const WEEK = /\bweek\b(?! ago)/iu;
const WEEKEND = /\bweekend\b/iu;
/** A week named from the moment said: the calendar week it falls in. */
const CALENDAR_WEEK = /^(?:last|next|this|past|coming|previous)\s+week$/iu;

function spanOf(result: chrono.ParsedResult, now: number, yearOf?: chrono.ParsedResult): ParsedSpan | null {
  const start = result.start;
  const day = start.isCertain("day");
  const month = start.isCertain("month");
  const year = start.isCertain("year");
  if (!day && !month && !year) return null;
  const date = start.date();
  let y = date.getUTCFullYear();
  const m = date.getUTCMonth();
  // the latest such day or month up to the second date of a range ("between December 20 and January 5 2024" starts
  // in 2023), or up to now
  const bound = !year && yearOf?.start.isCertain("year") ? yearOf.start.date().getTime() : null;
  if (bound !== null) y = new Date(bound).getUTCFullYear();
  if (!year && Date.UTC(y, m, day ? date.getUTCDate() : 1) > (bound ?? now)) y -= 1;
  if (day) {
    let from = Date.UTC(y, m, date.getUTCDate());
    // "last week": the calendar week (Monday first) the parser's day falls in; "the week before 9 June" the seven
    // days from that day; "next weekend" the weekend's two
    const days = WEEKEND.test(result.text) ? 2 : WEEK.test(result.text) ? 7 : 1;
    if (CALENDAR_WEEK.test(result.text)) from -= daysSinceMonday(new Date(from)) * DAY_MS;
    return { from, to: from + days * DAY_MS, day, month };
  }
  if (month) return { from: Date.UTC(y, m, 1), to: Date.UTC(y, m + 1, 1), day, month };
  return { from: Date.UTC(y, 0, 1), to: Date.UTC(y + 1, 0, 1), day, month };
}

/** The span of time a question names and the words that name it ("in July 2022"). */
export interface QuestionTime {
  span: TimeSpan;
  /**
   * The words of the question that name a day or a month, as written ("July 2022"); "" for a year alone, which the
   * days a text speaks of often miss, and for Chinese, whose words are not told apart here.
   */
  phrase: string;
}

/**
 * The span of time a question names, or null: a day ("on October 13, 2023"), a month ("in June", the latest June
 * up to `now` when no year is given), a year ("in 2022"), with the words that name it. Relative spans ("last week")
 * resolve against `now`.
 * @example questionTime("What did Ana do in May 2023?", now) // { span: [1 May, 1 June 2023), phrase: "May 2023" }
 */
export function questionTime(question: string, now: number): QuestionTime | null {
  if (hasHan(question)) {
    // the days of its date: 三月 is the month, 上周 the week (it was their first day alone)
    const found = mentionsTime(question) ? findTensedChineseDate(question, now) : null;
    return found ? { span: dateSpan(found), phrase: "" } : null;
  }
  if (!mentionsTime(question)) return null;
  // "the evening of 7 July, 2023": the parser reads the time of day and drops the date after it
  const text = question.replace(TIME_OF_DAY_OF, "");
  const results = chrono.parse(text, new Date(now));
  for (const [i, result] of results.entries()) {
    // "between August 11 and August 15 2023", "from 3 May to 9 May": one span from the first to the end of the second
    const next = results[i + 1];
    const joined =
      next !== undefined &&
      RANGE_OPENS.test(text.slice(0, result.index)) &&
      RANGE_JOINS.test(text.slice(result.index + result.text.length, next.index));
    const first = spanOf(result, now, joined ? next : undefined);
    if (first === null) continue;
    // the words are left to the lexical channel for a year alone (see QuestionTime)
    const named = first.day || first.month;
    const second = joined && next !== undefined ? spanOf(next, now) : null;
    if (second !== null && next !== undefined && second.to > first.from) {
      const phrase = text.slice(result.index, next.index + next.text.length);
      return { span: { from: first.from, to: second.to }, phrase: named ? phrase : "" };
    }
    return { span: { from: first.from, to: first.to }, phrase: named ? result.text : "" };
  }
  // a year on its own ("in 2022"), which the parser leaves alone; its words are kept for the lexical channel (no
  // phrase): a text's days are read where it names a day or a month, and "In 1945, the war ended." names neither
  const year = question.match(/\b((?:19|20)\d\d)\b/);
  return year?.[1]
    ? { span: { from: Date.UTC(Number(year[1]), 0, 1), to: Date.UTC(Number(year[1]) + 1, 0, 1) }, phrase: "" }
    : null;
}
