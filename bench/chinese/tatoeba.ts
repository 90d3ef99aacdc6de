/**
 * Tatoeba cmn–eng pairs for the Chinese student: reading the TSV, the deterministic training / validation split
 * (grouped by English sentence so that no English sentence is on both sides), and retrieval accuracy@k.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

export interface Pair {
  english: string;
  chinese: string;
  attribution: string;
}

/** Reads an English–Chinese–attribution TSV; lines without both sides are skipped. */
export function readPairs(path: string): Pair[] {
  const pairs: Pair[] = [];
  for (const line of readFileSync(path, "utf8").split("\n")) {
    const [english, chinese, attribution] = line.split("\t");
    if (!english?.trim() || !chinese?.trim()) continue;
    pairs.push({ english: english.trim(), chinese: chinese.trim(), attribution: attribution?.trim() ?? "" });
  }
  return pairs;
}

/** One in VALIDATION_MODULUS English sentences (by a hash of its text) is held back for validation. */
export const VALIDATION_MODULUS = 13;

function bucket(text: string): number {
  return createHash("sha256").update(text).digest().readUInt32BE(0) % VALIDATION_MODULUS;
}

/**
 * The split every script uses: validation = pairs whose English sentence hashes to bucket 0 (about 1 in 13,
 * spread over all lengths), minus any pair whose Chinese sentence also occurs in training; training = the rest.
 */
export function splitPairs(pairs: readonly Pair[]): { training: Pair[]; validation: Pair[] } {
  const training: Pair[] = [];
  const held: Pair[] = [];
  for (const pair of pairs) (bucket(pair.english) === 0 ? held : training).push(pair);
  const trainingChinese = new Set(training.map((pair) => pair.chinese));
  return { training, validation: held.filter((pair) => !trainingChinese.has(pair.chinese)) };
}

/** Pairs whose English and Chinese sentences are each unique within the list (first kept): a clean 1-to-1 test. */
export function oneToOne(pairs: readonly Pair[]): Pair[] {
  const english = new Set<string>();
  const chinese = new Set<string>();
  return pairs.filter((pair) => {
    if (english.has(pair.english) || chinese.has(pair.chinese)) return false;
    english.add(pair.english);
    chinese.add(pair.chinese);
    return true;
  });
}

// one definition of the metric for the scripts and `engram eval crosslingual`
export { retrievalAccuracy } from "../../src/evaluation/crosslingual.js";

/** The attribution lines of `pairs` (sentence numbers and authors, as Tatoeba's CC BY 2.0 FR asks), gzipped. */
export function attributionFile(pairs: readonly Pair[]): Buffer {
  const lines = [...new Set(pairs.map((pair) => pair.attribution).filter((line) => line !== ""))];
  const header = [
    "# The Tatoeba sentence pairs (English, Mandarin Chinese) that Engram's Chinese student (student.bin) was trained",
    "# on: https://tatoeba.org, licensed CC BY 2.0 FR (https://creativecommons.org/licenses/by/2.0/fr/).",
    "# One line per pair: the sentence numbers and their contributors. The sentences themselves are not shipped.",
  ];
  return gzipSync(Buffer.from(`${[...header, ...lines].join("\n")}\n`), { level: 9 });
}
