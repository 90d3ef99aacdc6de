/**
 * Translation memory figures on ../shared/data/tatoeba-cmn-eng (5,000 English–Chinese pairs):
 * 1. TMX parse and import speed (units/s) into an empty store;
 * 2. match latency p50/p99 with 5,000 units stored;
 * 3. sentences held back from the import as edited queries (a word changed, or the final punctuation changed): how
 *    often the top match is the unit of the original sentence, which is in the memory while the edit never is.
 * Usage: npm run bench:tm [-- --embedder local|hash --queries 300]
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { parseTmx } from "../src/apps/translation/tmx.js";
import { createTranslationMemory } from "../src/apps/translation/translation-memory.js";
import { createEngine } from "../src/core/index.js";
import { createEmbedder } from "../src/providers/index.js";
import { createSqliteStore } from "../src/stores/sqlite/index.js";
import {
  dataFile,
  describeMachine,
  machineInfo,
  peakRssMiB,
  percentile,
  saveResult,
  seeded,
} from "./common.js";

const { values } = parseArgs({
  options: {
    embedder: { type: "string", default: "local" },
    queries: { type: "string", default: "300" },
  },
});

const file = dataFile("tatoeba-cmn-eng", "cmn_eng_5k_subset.tmx");
if (!file) {
  console.log("skipped: ../shared/data/tatoeba-cmn-eng not found (set ENGRAM_DATA_DIR)");
  process.exit(0);
}

console.log(`machine: ${describeMachine()}`);
console.log(`embedder: ${values.embedder}`);
const text = readFileSync(file, "utf8");
let started = performance.now();
const document = parseTmx(text, file);
const parseSeconds = (performance.now() - started) / 1000;

const dir = mkdtempSync(join(tmpdir(), "engram-bench-tm-"));
const engine = createEngine({
  store: createSqliteStore({ path: join(dir, "tm.db") }),
  embedder: createEmbedder({ kind: values.embedder } as never),
});
const tm = createTranslationMemory(engine, { sourceLang: "en", targetLang: "zh-CN" });
try {
  started = performance.now();
  const imported = await tm.importTmx(document, file);
  const importSeconds = (performance.now() - started) / 1000;
  console.log(
    `parse ${document.units.length} units in ${parseSeconds.toFixed(2)} s; import ${imported.inserted} units in ${importSeconds.toFixed(1)} s (${Math.round(imported.inserted / importSeconds)} units/s)`,
  );

  // Queries: units picked at random, their English lightly edited: one word swapped for another word of the
  // memory's vocabulary, or the final punctuation changed. The memory holds the original, never the edit.
  const random = seeded(42);
  const vocabulary = [
    ...new Set(
      document.units.flatMap((u) =>
        (u.variants[0]?.text ?? "").split(/\s+/u).filter((w) => /^[a-z]+$/u.test(w)),
      ),
    ),
  ];
  const queryCount = Number(values.queries);
  const edits: { query: string; original: string; kind: "word" | "punctuation" }[] = [];
  while (edits.length < queryCount) {
    const unit = document.units[Math.floor(random() * document.units.length)];
    const original = unit?.variants[0]?.text ?? "";
    const words = original.split(" ");
    if (words.length < 4) continue;
    if (edits.length % 2 === 0) {
      const at = 1 + Math.floor(random() * (words.length - 2));
      const replacement = vocabulary[Math.floor(random() * vocabulary.length)] as string;
      if (words[at] === replacement || !/^[a-z]+$/u.test(words[at] ?? "")) continue;
      words[at] = replacement;
      edits.push({ query: words.join(" "), original, kind: "word" });
    } else {
      const stripped = original.replace(/[.!?。]+$/u, "");
      const query = original.endsWith("?") ? `${stripped}.` : `${stripped}!`;
      if (query === original) continue;
      edits.push({ query, original, kind: "punctuation" });
    }
  }

  await tm.match("warm up the model");
  const latencies: number[] = [];
  const topIsOriginal = { word: 0, punctuation: 0 };
  const counts = { word: 0, punctuation: 0 };
  let inRecallTop = 0;
  for (const edit of edits) {
    const t = performance.now();
    const result = await tm.match(edit.query, { k: 5 });
    latencies.push(performance.now() - t);
    counts[edit.kind]++;
    if (result.matches[0]?.source === edit.original) topIsOriginal[edit.kind]++;
    if (result.matches.some((m) => m.source === edit.original)) inRecallTop++;
  }
  const p50 = percentile(latencies, 50);
  const p99 = percentile(latencies, 99);
  const rate = (n: number, d: number) => Math.round((1000 * n) / Math.max(1, d)) / 10;
  const results = {
    machine: machineInfo(),
    embedder: values.embedder,
    units: imported.inserted,
    parseSeconds,
    importSeconds,
    importUnitsPerSecond: Math.round(imported.inserted / importSeconds),
    matchMs: { p50, p99 },
    queries: edits.length,
    topMatchIsOriginal: {
      all: rate(topIsOriginal.word + topIsOriginal.punctuation, edits.length),
      wordChanged: rate(topIsOriginal.word, counts.word),
      punctuationChanged: rate(topIsOriginal.punctuation, counts.punctuation),
    },
    originalInTop5: rate(inRecallTop, edits.length),
  };
  console.log(
    `match latency at ${imported.inserted} units: p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms`,
  );
  console.log(
    `top match is the original's unit: ${results.topMatchIsOriginal.all}% of ${edits.length} edited sentences (word changed ${results.topMatchIsOriginal.wordChanged}%, punctuation changed ${results.topMatchIsOriginal.punctuationChanged}%); in the top 5: ${results.originalInTop5}%`,
  );
  console.log(`peak RSS ${peakRssMiB()} MiB; saved ${saveResult(`translation-${values.embedder}`, results)}`);
} finally {
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
}
