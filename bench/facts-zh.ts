/**
 * Chinese facts against the English facts of the same turn translated: a silver check where no gold exists. Two
 * parallel sources: MemoryBank's user turns (../shared/data/memorybank, 15 users, the Chinese histories and their
 * English versions, turn by turn) and Tatoeba's English–Chinese pairs (../shared/data/tatoeba-cmn-eng: the 5,000 of
 * the subset, then the 26,999 of cmn-train.tsv). The English rules (measured against LoCoMo's observations in
 * bench:facts) read the English side; each system's Chinese rules read the Chinese side, with a speaker's name on both.
 * Per turn: whether each side derives a fact. Precision = turns where both do / turns where Chinese does; recall =
 * turns where both do / turns where English does; same kind = of the turns where both do, the share where a
 * predicate agrees (a statement or dated event on one side counts as one kind with the other's). English is the
 * reference, not the truth: it misses and invents too, so these figures bound agreement, not correctness.
 * MemoryBank's turns and the 5,000 pairs of Tatoeba's subset were read while the Chinese rules were written;
 * cmn-train.tsv's pairs never were (their figures are the out-of-sample check).
 * A third check has gold: 250 sentences of cmn-train.tsv labelled by hand, before any rule was run on them, as
 * stating a fact about their speaker or not (bench/chinese/facts-gold.tsv says how they were chosen and what counts);
 * precision and recall of "the turn gives a fact of its speaker" (a fact whose subject is the speaker or their
 * relative; one of a person the sentence names is not counted) against those labels, for each checkout's Chinese rules
 * and, as a reference, the English rules on the sentences' English.
 * With `--before <dir>` (a checkout of an older commit, with node_modules) its Chinese rules run beside these.
 * `--samples <n>` prints n disagreements of MemoryBank's (never Tatoeba's, which stay unread).
 * Usage: npm run bench:facts-zh [-- --before <dir>] [-- --samples <n>]
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { type ExtractedFact, extractFacts } from "../src/text/facts/index.js";
import { readPairs } from "./chinese/tatoeba.js";
import { dataFile, describeMachine, extractorsToCompare } from "./common.js";

const { values } = parseArgs({
  options: { before: { type: "string" }, samples: { type: "string", default: "0" } },
});
const samples = Number(values.samples);
if (!Number.isInteger(samples) || samples < 0) {
  console.error(`--samples must be a whole number of turns to print (got "${values.samples}")`);
  process.exit(2);
}

interface Pair {
  zh: string;
  en: string;
  at: number;
  zhSpeaker: string;
  enSpeaker: string;
}

interface Bank {
  [name: string]: { history: Record<string, { query?: unknown }[]> };
}

/** MemoryBank's user turns, paired by user (in file order), day and position; days whose lengths differ are left out. */
function memoryBankPairs(): Pair[] | null {
  const zhFile = dataFile("memorybank", "memory_bank_cn.json");
  const enFile = dataFile("memorybank", "memory_bank_en.json");
  if (!zhFile || !enFile) return null;
  const zh = Object.entries(JSON.parse(readFileSync(zhFile, "utf8")) as Bank);
  const en = Object.entries(JSON.parse(readFileSync(enFile, "utf8")) as Bank);
  const pairs: Pair[] = [];
  zh.forEach(([zhName, zhUser], u) => {
    const [enName, enUser] = en[u] ?? [];
    if (!enName || !enUser) return;
    for (const [day, chats] of Object.entries(zhUser.history)) {
      const english = enUser.history[day];
      if (!english || english.length !== chats.length) continue;
      chats.forEach((chat, i) => {
        const zhText = chat.query;
        const enText = english[i]?.query;
        if (typeof zhText !== "string" || typeof enText !== "string") return;
        pairs.push({
          zh: zhText,
          en: enText,
          at: Date.parse(day),
          zhSpeaker: zhName.trim(),
          enSpeaker: enName.trim(),
        });
      });
    }
  });
  return pairs;
}

function tatoebaPairs(file: string): Pair[] | null {
  const path = dataFile("tatoeba-cmn-eng", file);
  if (!path) return null;
  return readPairs(path).map(({ english, chinese }) => ({
    zh: chinese,
    en: english,
    at: Date.UTC(2024, 0, 1),
    zhSpeaker: "李明",
    enSpeaker: "Sam",
  }));
}

const kind = (fact: ExtractedFact) =>
  fact.predicate === "statement" || fact.predicate === "event" ? "statement" : fact.predicate;

const extractors = await extractorsToCompare(values.before);

function check(title: string, pairs: Pair[] | null, showSamples: boolean): void {
  if (!pairs) {
    console.log(`\n## ${title}: not in ../shared/data (or $ENGRAM_DATA_DIR), skipped`);
    return;
  }
  const english = pairs.map((p) => extractFacts(p.en, p.at, { speaker: p.enSpeaker }).facts);
  const withEnglish = english.filter((f) => f.length > 0).length;
  console.log(`\n## ${title}: ${pairs.length} turns, ${withEnglish} with an English fact`);
  console.log(
    "| Chinese rules | turns with a fact | both | precision % | recall % | same kind % | facts | µs/turn, warm |",
  );
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|");
  for (const [name, extract] of extractors) {
    let chinese = 0;
    let both = 0;
    let sameKind = 0;
    let facts = 0;
    const disagreements: string[] = [];
    // warmed first: the first Chinese turn of a process loads jieba's dictionary (~200 ms)
    for (const p of pairs.slice(0, 20)) extract(p.zh, p.at, { speaker: p.zhSpeaker });
    const started = performance.now();
    const read = pairs.map((p) => extract(p.zh, p.at, { speaker: p.zhSpeaker }).facts);
    const micros = ((performance.now() - started) * 1000) / pairs.length;
    read.forEach((zh, i) => {
      const en = english[i] ?? [];
      facts += zh.length;
      if (zh.length > 0) chinese++;
      if (zh.length > 0 && en.length > 0) {
        both++;
        const kinds = new Set(en.map(kind));
        if (zh.some((f) => kinds.has(kind(f)))) sameKind++;
      } else if (zh.length + en.length > 0) {
        const said = (fs: ExtractedFact[]) =>
          fs.map((f) => f.text ?? `${f.predicate}: ${f.object}`).join(" / ");
        disagreements.push(
          zh.length > 0 ? `zh only: ${said(zh)} ‖ ${pairs[i]?.en}` : `en only: ${said(en)} ‖ ${pairs[i]?.zh}`,
        );
      }
    });
    const share = (n: number, d: number) => (d === 0 ? "–" : ((100 * n) / d).toFixed(1));
    console.log(
      `| ${name} | ${chinese} | ${both} | ${share(both, chinese)} | ${share(both, withEnglish)} | ${share(sameKind, both)} | ${facts} | ${micros.toFixed(0)} |`,
    );
    // evenly spread, so a run shows disagreements from across the file rather than its first user
    const step = Math.max(1, Math.floor(disagreements.length / Math.max(samples, 1)));
    for (let i = 0; showSamples && i < samples && i * step < disagreements.length; i++)
      console.log(`  ${disagreements[i * step]?.slice(0, 240)}`);
  }
}

console.log(`# Chinese facts against the English facts of the same turn — ${describeMachine()}`);
check("MemoryBank user turns (the Chinese rules were written against these)", memoryBankPairs(), true);
check(
  "Tatoeba cmn_eng_5k_subset.tsv (its misses were read while writing the rules)",
  tatoebaPairs("cmn_eng_5k_subset.tsv"),
  false,
);
check("Tatoeba cmn-train.tsv (not looked at for facts)", tatoebaPairs("cmn-train.tsv"), false);

/** The labelled sentences of bench/chinese/facts-gold.tsv, found in cmn-train.tsv by the Chinese sentence's number. */
interface Gold {
  pair: Pair;
  fact: boolean;
  held: boolean;
}

function goldPairs(): Gold[] | null {
  const path = dataFile("tatoeba-cmn-eng", "cmn-train.tsv");
  if (!path) return null;
  const byNumber = new Map<string, Pair>();
  for (const { english, chinese, attribution } of readPairs(path)) {
    const number = /#(\d+)\s*\([^)]*\)\s*$/u.exec(attribution)?.[1];
    if (number && !byNumber.has(number))
      byNumber.set(number, {
        zh: chinese,
        en: english,
        at: Date.UTC(2024, 0, 1),
        zhSpeaker: "李明",
        enSpeaker: "Sam",
      });
  }
  const labels = readFileSync(fileURLToPath(new URL("chinese/facts-gold.tsv", import.meta.url)), "utf8");
  const gold: Gold[] = [];
  for (const line of labels.split("\n")) {
    if (line.startsWith("#") || line.trim() === "") continue;
    const [number, label, split] = line.split("\t");
    const pair = byNumber.get(number ?? "");
    if (!pair || (label !== "fact" && label !== "none") || (split !== "dev" && split !== "held"))
      throw new Error(
        `facts-gold.tsv: "${line}" names no sentence of cmn-train.tsv, or lacks a fact/none label or a dev/held split`,
      );
    gold.push({ pair, fact: label === "fact", held: split === "held" });
  }
  return gold;
}

function checkGold(): void {
  const gold = goldPairs();
  if (!gold) {
    console.log("\n## Hand-checked gold: cmn-train.tsv not in ../shared/data (or $ENGRAM_DATA_DIR), skipped");
    return;
  }
  const count = (held: boolean) =>
    `${gold.filter((g) => g.held === held && g.fact).length} of ${gold.filter((g) => g.held === held).length}`;
  console.log(
    `\n## Hand-checked gold (bench/chinese/facts-gold.tsv): sentences of cmn-train.tsv that state a fact about their speaker: dev ${count(false)}, held ${count(true)}`,
  );
  console.log("| rules | split | turns with a fact | right | precision % | recall % | F1 % |");
  console.log("|---|---|---:|---:|---:|---:|---:|");
  const rows = (name: string, gives: (pair: Pair) => boolean) => {
    const given = gold.map((g) => gives(g.pair));
    for (const [split, keep] of [
      ["dev", (g: Gold) => !g.held],
      ["held", (g: Gold) => g.held],
      ["all", () => true],
    ] as const) {
      let turns = 0;
      let right = 0;
      let facts = 0;
      gold.forEach((g, i) => {
        if (!keep(g)) return;
        if (g.fact) facts++;
        if (!given[i]) return;
        turns++;
        if (g.fact) right++;
      });
      const precision = turns === 0 ? 0 : right / turns;
      const recall = facts === 0 ? 0 : right / facts;
      const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
      const percent = (x: number) => (100 * x).toFixed(1);
      console.log(
        `| ${name} | ${split} | ${turns} | ${right} | ${percent(precision)} | ${percent(recall)} | ${percent(f1)} |`,
      );
    }
  };
  // the labels say whether a sentence states a fact of its speaker (or their family): a fact of someone the
  // sentence names ("汤姆喜欢狗", "Tom likes dogs") is no such fact
  const ofSpeaker = (facts: readonly ExtractedFact[]) => facts.some((f) => f.subject.kind !== "named");
  for (const [name, extract] of extractors)
    rows(`Chinese, ${name}`, (p) => ofSpeaker(extract(p.zh, p.at, { speaker: p.zhSpeaker }).facts));
  rows("English rules on the English side (reference)", (p) =>
    ofSpeaker(extractFacts(p.en, p.at, { speaker: p.enSpeaker }).facts),
  );
}

checkGold();
