/**
 * A realistic-looking scale corpus, generated (nothing downloaded): conversation turns of many users, each with two
 * speakers, sessions a day or more apart and turns a minute apart, in English drawn from a Zipfian vocabulary of real
 * words (compromise's lexicon, ranked by a seeded shuffle) with function words at their usual share, and one user in
 * ten writing Chinese words drawn by jieba's dictionary frequencies. Deterministic for a seed.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { seeded } from "./common.js";

export interface ScaleTurn {
  text: string;
  user: string;
  session: string;
  speaker: string;
  at: number;
}

export interface ScaleCorpusOptions {
  memories: number;
  users: number;
  seed?: number;
  /** Turns per session (default 24). */
  sessionTurns?: number;
}

const FUNCTION_WORDS =
  "I you we the a to and of in my it is was that for on with at this so but have had me your our be just not do did what about really like will would can".split(
    " ",
  );
const START = Date.UTC(2023, 0, 1);
const MINUTE = 60_000;
const DAY = 86_400_000;

/** Draws index i with probability ∝ 1/(i + offset): Zipf's law over a ranked list, by inverting the cumulative sum. */
function zipfSampler(size: number, random: () => number, offset = 2.7): () => number {
  const cumulative = new Float64Array(size);
  let total = 0;
  for (let i = 0; i < size; i++) {
    total += 1 / (i + offset);
    cumulative[i] = total;
  }
  return () => {
    const target = random() * total;
    let low = 0;
    let high = size - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((cumulative[middle] as number) < target) low = middle + 1;
      else high = middle;
    }
    return low;
  };
}

function shuffled<T>(items: T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

interface Vocabulary {
  english: string[];
  names: string[];
  /** Chinese words, most frequent first (jieba's counts). */
  chinese: string[];
}

function loadVocabulary(random: () => number): Vocabulary {
  const require = createRequire(import.meta.url);
  const nlp = require("compromise") as { world(): { model: { one: { lexicon: Record<string, string> } } } };
  const lexicon = Object.entries(nlp.world().model.one.lexicon);
  const content = lexicon
    .filter(([word, tag]) => /^[a-z]+$/.test(word) && !/Name|Abbreviation|Unit|Person/.test(String(tag)))
    .map(([word]) => word);
  const names = lexicon
    .filter(([word, tag]) => /^[a-z]{3,}$/.test(word) && /^(?:Male|Female)Name$/.test(String(tag)))
    .map(([word]) => word.charAt(0).toUpperCase() + word.slice(1));
  const jiebaRoot = join(require.resolve("@node-rs/jieba/package.json"), "..");
  const chinese = readFileSync(join(jiebaRoot, "dict.txt"), "utf8")
    .split("\n")
    .map((line) => line.split(" "))
    .filter((parts) => parts.length >= 2 && /^\p{Script=Han}{1,4}$/u.test(parts[0] ?? ""))
    .map((parts) => ({ word: parts[0] as string, count: Number(parts[1]) }))
    .sort((a, b) => b.count - a.count)
    .slice(0, 50_000)
    .map((entry) => entry.word);
  return { english: shuffled(content, random), names: shuffled(names, random), chinese };
}

/**
 * The turns, user by user in sessions, interleaved across users in time order of their sessions (as a live service
 * would write them). Users are `user-0000` …; user i has memories / users turns (the remainder to the first).
 * @example for (const turn of scaleCorpus({ memories: 1000, users: 10 })) console.log(turn.text)
 */
export function* scaleCorpus(options: ScaleCorpusOptions): Generator<ScaleTurn> {
  const random = seeded(options.seed ?? 18);
  const vocabulary = loadVocabulary(random);
  const englishWord = zipfSampler(vocabulary.english.length, random);
  const chineseWord = zipfSampler(vocabulary.chinese.length, random, 10);
  const sessionTurns = options.sessionTurns ?? 24;
  const perUser = Math.floor(options.memories / options.users);
  const users = Array.from({ length: options.users }, (_, i) => {
    const first = vocabulary.names[(i * 2) % vocabulary.names.length] as string;
    const second = vocabulary.names[(i * 2 + 1) % vocabulary.names.length] as string;
    return {
      id: `user-${String(i).padStart(4, "0")}`,
      speakers: [first, second] as const,
      chinese: i % 10 === 9,
      turns: perUser + (i === 0 ? options.memories - perUser * options.users : 0),
      written: 0,
      day: START + Math.floor(random() * 30) * DAY,
    };
  });
  // round-robin over users, one session at a time
  let remaining = options.memories;
  while (remaining > 0) {
    for (const user of users) {
      const count = Math.min(sessionTurns, user.turns - user.written);
      if (count <= 0) continue;
      const session = `${user.id}-s${Math.floor(user.written / sessionTurns)}`;
      for (let t = 0; t < count; t++) {
        const speaker = user.speakers[t % 2] as string;
        const other = user.speakers[(t + 1) % 2] as string;
        const text = user.chinese
          ? chineseSentence(random, vocabulary.chinese, chineseWord)
          : englishSentence(random, vocabulary, englishWord, other);
        yield { text, user: user.id, session, speaker, at: user.day + t * MINUTE };
      }
      user.written += count;
      user.day += DAY * (1 + Math.floor(random() * 6));
      remaining -= count;
    }
  }
}

function englishSentence(
  random: () => number,
  vocabulary: Vocabulary,
  word: () => number,
  addressee: string,
): string {
  const length = 6 + Math.floor(random() * 14);
  const words: string[] = [];
  for (let i = 0; i < length; i++) {
    const roll = random();
    if (roll < 0.42) words.push(FUNCTION_WORDS[Math.floor(random() * FUNCTION_WORDS.length)] as string);
    else if (roll < 0.44) words.push(addressee);
    else if (roll < 0.45) words.push(vocabulary.names[word() % vocabulary.names.length] as string);
    else words.push(vocabulary.english[word()] as string);
  }
  const sentence = words.join(" ");
  return `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}${random() < 0.15 ? "?" : "."}`;
}

function chineseSentence(random: () => number, words: string[], word: () => number): string {
  const length = 4 + Math.floor(random() * 10);
  let sentence = "";
  for (let i = 0; i < length; i++) sentence += words[word()] as string;
  return `${sentence}${random() < 0.15 ? "？" : "。"}`;
}

/**
 * Recall queries of the scale benchmarks: the first seven words of turns of the same generator (seed 99 is the one
 * every bench measures with; another seed gives other queries of the same kind).
 * @example const texts = scaleQueries(200);
 */
export function scaleQueries(count: number, seed = 99): string[] {
  const texts: string[] = [];
  for (const turn of scaleCorpus({ memories: count, users: 1, seed }))
    texts.push(turn.text.split(" ").slice(0, 7).join(" "));
  return texts;
}
