/**
 * Cross-lingual retrieval: each English sentence looks for its Chinese translation among all the Chinese ones, and
 * the reverse (accuracy@1 and @10), for the configured embedder and for the bilingual embedder's parts (the local
 * model alone, the student, the gloss bridge, both fused); and the MemoryBank chat check, where each user's Chinese
 * turns look for their English translation among that user's English turns, and the reverse.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  type ChineseModel,
  createBilingualEmbedder,
  loadChineseModel,
} from "../providers/chinese/bilingual-embedder.js";
import { glossSentence } from "../providers/chinese/gloss.js";
import { studentFeatures } from "../providers/chinese/student-features.js";
import { studentEmbed } from "../providers/chinese/student-model.js";
import type { Embedder } from "../spec/embedder.js";
import { invalidInput } from "../spec/errors.js";

export interface TranslationPair {
  english: string;
  chinese: string;
}

export interface Accuracy {
  "1": number;
  "10": number;
}

export interface DirectionalAccuracy {
  enToZh: Accuracy;
  zhToEn: Accuracy;
}

export interface CrosslingualReport extends DirectionalAccuracy {
  /** The embedder whose figures are at the top. */
  embedder: string;
  pairs: number;
  /** The local model alone (Chinese gets no vector), each part of the bilingual embedder, and the two fused. */
  methods: Record<"local" | "student" | "gloss" | "fused", DirectionalAccuracy>;
}

/**
 * Reads English–Chinese pairs from a TSV (English, Chinese, then anything); pairs whose English or Chinese sentence
 * occurs earlier are dropped so that every query has one right answer. A file with no such line is refused.
 */
export function readTranslationPairs(path: string): TranslationPair[] {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw invalidInput(
      `cannot read ${path} (${String(error)}): pass a TSV of English<TAB>Chinese lines`,
      path,
    );
  }
  const seenEnglish = new Set<string>();
  const seenChinese = new Set<string>();
  const pairs: TranslationPair[] = [];
  for (const line of text.split("\n")) {
    const [english, chinese] = line.split("\t").map((part) => part.trim());
    if (!english || !chinese || seenEnglish.has(english) || seenChinese.has(chinese)) continue;
    seenEnglish.add(english);
    seenChinese.add(chinese);
    pairs.push({ english, chinese });
  }
  if (pairs.length < 2) {
    throw invalidInput(
      `${path} has ${pairs.length} English<TAB>Chinese lines: pass a TSV with at least two, such as ../shared/data/tatoeba-cmn-eng/cmn_eng_5k_subset.tsv`,
      path,
    );
  }
  return pairs;
}

function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] as number) * (b[i] as number);
  return sum;
}

/**
 * Accuracy@1 and @10 (percent, one decimal) of finding `targets[i]` for `queries[i]` among all targets by cosine
 * (unit vectors; a missing vector counts as a miss). Ties count against the query.
 */
export function retrievalAccuracy(
  queries: readonly (Float32Array | null)[],
  targets: readonly (Float32Array | null)[],
): Accuracy {
  let at1 = 0;
  let at10 = 0;
  for (let i = 0; i < queries.length; i++) {
    const query = queries[i];
    const gold = targets[i];
    if (!query || !gold) continue;
    const goldScore = dot(query, gold);
    let better = 0;
    for (let j = 0; j < targets.length && better < 10; j++) {
      const target = targets[j];
      if (j !== i && target && dot(query, target) >= goldScore) better++;
    }
    if (better === 0) at1++;
    if (better < 10) at10++;
  }
  const percent = (n: number) => Math.round((1000 * n) / Math.max(1, queries.length)) / 10;
  return { "1": percent(at1), "10": percent(at10) };
}

function both(english: (Float32Array | null)[], chinese: (Float32Array | null)[]): DirectionalAccuracy {
  return { enToZh: retrievalAccuracy(english, chinese), zhToEn: retrievalAccuracy(chinese, english) };
}

export interface CrosslingualOptions {
  pairs: readonly TranslationPair[];
  /** The local (English) model: its vectors define the space. Wrap it in a cache: it embeds the glosses twice. */
  local: Embedder;
  /** The embedder whose figures go at the top; default the bilingual embedder over `local`. */
  embedder?: Embedder;
  model?: ChineseModel;
  onProgress?: (message: string) => void;
}

/** The cross-lingual figures (see the module comment). */
export async function evaluateCrosslingual(options: CrosslingualOptions): Promise<CrosslingualReport> {
  const { pairs, local } = options;
  const model = options.model ?? loadChineseModel();
  const progress = options.onProgress ?? (() => undefined);
  progress(`embedding ${pairs.length} English sentences with ${local.id}`);
  const english = await local.embed(pairs.map((pair) => pair.english));
  const rawChinese = await local.embed(pairs.map((pair) => pair.chinese));
  progress("the student and the gloss bridge");
  const student = pairs.map((pair) => studentEmbed(model.student, studentFeatures(pair.chinese)));
  const gloss = await local.embed(pairs.map((pair) => glossSentence(pair.chinese, model.glosses)));
  const bilingual = createBilingualEmbedder({ local });
  const fused = await bilingual.embed(pairs.map((pair) => pair.chinese));
  const methods = {
    local: both(english, rawChinese),
    student: both(english, student),
    gloss: both(english, gloss),
    fused: both(english, fused),
  };
  let top = methods.fused;
  let name = bilingual.id;
  if (options.embedder && options.embedder.id !== bilingual.id) {
    progress(`the configured embedder, ${options.embedder.id}`);
    const [configuredEnglish, configuredChinese] = [
      await options.embedder.embed(pairs.map((pair) => pair.english)),
      await options.embedder.embed(pairs.map((pair) => pair.chinese)),
    ];
    top = both(configuredEnglish, configuredChinese);
    name = options.embedder.id;
  }
  return { enToZh: top.enToZh, zhToEn: top.zhToEn, embedder: name, pairs: pairs.length, methods };
}

export interface MemoryBankReport {
  users: number;
  /** Turns (a user's message or the assistant's reply) checked each way. */
  turns: number;
  /** Days whose English and Chinese files hold different numbers of exchanges: left out. */
  skippedDays: number;
  /** Accuracy@1 (percent) of finding a turn's translation among the same user's turns in the other language. */
  enToZh: number;
  zhToEn: number;
}

interface Bank {
  [name: string]: { history?: Record<string, { query: string; response: string }[]> };
}

/**
 * The MemoryBank chat check on `folder` (memory_bank_en.json and memory_bank_cn.json, users in the same order,
 * days by date, exchanges by position): each user's Chinese turns against that user's English turns, and back.
 */
export async function evaluateMemoryBank(folder: string, embedder: Embedder): Promise<MemoryBankReport> {
  const read = (file: string): Bank => {
    try {
      return JSON.parse(readFileSync(join(folder, file), "utf8")) as Bank;
    } catch (error) {
      throw invalidInput(
        `cannot read ${join(folder, file)} (${String(error)}): pass the MemoryBank folder`,
        folder,
      );
    }
  };
  const english = Object.values(read("memory_bank_en.json"));
  const chinese = Object.values(read("memory_bank_cn.json"));
  let skippedDays = 0;
  let hitsEnToZh = 0;
  let hitsZhToEn = 0;
  let turns = 0;
  const users = Math.min(english.length, chinese.length);
  for (let u = 0; u < users; u++) {
    const en: string[] = [];
    const zh: string[] = [];
    const enDays = english[u]?.history ?? {};
    const zhDays = chinese[u]?.history ?? {};
    for (const [day, exchanges] of Object.entries(enDays)) {
      const other = zhDays[day];
      if (!other || other.length !== exchanges.length) {
        skippedDays++;
        continue;
      }
      exchanges.forEach((exchange, i) => {
        const translated = other[i] as { query: string; response: string };
        for (const field of ["query", "response"] as const) {
          if (!exchange[field]?.trim() || !translated[field]?.trim()) continue;
          en.push(exchange[field]);
          zh.push(translated[field]);
        }
      });
    }
    const enVectors = await embedder.embed(en);
    const zhVectors = await embedder.embed(zh);
    turns += en.length;
    hitsEnToZh += (retrievalAccuracy(enVectors, zhVectors)["1"] * en.length) / 100;
    hitsZhToEn += (retrievalAccuracy(zhVectors, enVectors)["1"] * en.length) / 100;
  }
  const percent = (n: number) => Math.round((1000 * n) / Math.max(1, turns)) / 10;
  return { users, turns, skippedDays, enToZh: percent(hitsEnToZh), zhToEn: percent(hitsZhToEn) };
}

/** The report as a few lines for people. */
export function formatCrosslingualReport(report: CrosslingualReport, memoryBank?: MemoryBankReport): string {
  const row = (name: string, figures: DirectionalAccuracy) =>
    `${name.padEnd(10)} EN→ZH @1 ${figures.enToZh["1"].toFixed(1).padStart(5)}  @10 ${figures.enToZh["10"].toFixed(1).padStart(5)}   ZH→EN @1 ${figures.zhToEn["1"].toFixed(1).padStart(5)}  @10 ${figures.zhToEn["10"].toFixed(1).padStart(5)}`;
  const lines = [
    `${report.pairs} pairs; each sentence against all ${report.pairs} of the other language`,
    row(report.embedder.length > 10 ? "embedder" : report.embedder, report),
    `  (${report.embedder})`,
    row("local", report.methods.local),
    row("student", report.methods.student),
    row("gloss", report.methods.gloss),
    row("fused", report.methods.fused),
  ];
  if (memoryBank) {
    lines.push(
      `MemoryBank: ${memoryBank.users} users, ${memoryBank.turns} turns each way (${memoryBank.skippedDays} days left out): EN→ZH @1 ${memoryBank.enToZh.toFixed(1)}, ZH→EN @1 ${memoryBank.zhToEn.toFixed(1)}`,
    );
  }
  return lines.join("\n");
}
