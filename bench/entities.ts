/**
 * The entities fact derivation makes from conversations outside the LoCoMo dev file: MemoryBank's chat histories
 * (../shared/data/memorybank, 15 users, their turns and the assistant's; English, or Chinese with `--language zh`).
 * MemoryBank has no gold entities, so this prints what there is to judge: the number of entities of each kind, the
 * people, places, organisations and animals by name, and the relations by type. With `--before <dir>` (a checkout of
 * an older commit, with node_modules) the older code runs in the same process, user by user, so the two lists can be
 * read side by side. With `--language zh` it also reads Tatoeba's English–Chinese pairs
 * (../shared/data/tatoeba-cmn-eng: the 5,000 of the subset, then the 26,999 of cmn-train.tsv), a silver check: the
 * people and places the English rules find in a pair's English sentence, at any confidence (a sentence's first word,
 * "Tom said…", is a name they are unsure of), against those the Chinese rules are sure of (0.5 and up: what makes an
 * entity) in its Chinese one. Each type of each pair counts the smaller number as matched; precision = matched /
 * Chinese names, recall = matched / English names.
 * Usage: npm run bench:entities [-- --before <dir>] [-- --language en|zh]
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import type { RememberInput } from "../src/core/index.js";
import { createHashEmbedder } from "../src/providers/index.js";
import { type ExtractedMention, extractFacts } from "../src/text/facts/index.js";
import { readPairs } from "./chinese/tatoeba.js";
import { dataFile, describeMachine, extractorsToCompare, systemsToCompare } from "./common.js";

const { values } = parseArgs({
  options: { before: { type: "string" }, language: { type: "string", default: "en" } },
});
if (values.language !== "en" && values.language !== "zh") {
  console.error(`--language must be en or zh (got "${values.language}")`);
  process.exit(2);
}
const chinese = values.language === "zh";

const bankFile = dataFile("memorybank", chinese ? "memory_bank_cn.json" : "memory_bank_en.json");
if (!bankFile) {
  console.log("MemoryBank is not in ../shared/data/memorybank (or $ENGRAM_DATA_DIR): skipped.");
  process.exit(0);
}

interface Bank {
  [name: string]: { history: Record<string, { query?: unknown; response?: unknown }[]> };
}

const systems = await systemsToCompare(values.before);

/** A user's days as sessions of turns: theirs, then the assistant's reply. */
function turnsOf(name: string, history: Bank[string]["history"]): RememberInput[][] {
  return Object.entries(history).map(([day, chats]) =>
    chats.flatMap((chat, i) => {
      const at = Date.parse(day) + i * 60_000;
      const said = (text: unknown, speaker: string, offset: number) =>
        typeof text === "string" && text.trim() !== ""
          ? [{ text, speaker, user: name, session: day, at: at + offset }]
          : [];
      return [...said(chat.query, name, 0), ...said(chat.response, "AI", 30_000)];
    }),
  );
}

interface Found {
  byType: Map<string, string[]>;
  relations: Map<string, number>;
}

const bank = JSON.parse(readFileSync(bankFile, "utf8")) as Bank;
const embedder = createHashEmbedder();
const found = new Map<string, Found>(
  systems.map((s) => [s.name, { byType: new Map(), relations: new Map() }]),
);
// the file's names carry spaces (" Jason "): trimmed here, so an older checkout whose graph read did not trim them
// reads the same users
for (const [padded, user] of Object.entries(bank)) {
  const name = padded.trim();
  for (const system of systems) {
    const engine = system.createEngine({ store: system.createSqliteStore({ path: ":memory:" }), embedder });
    try {
      for (const session of turnsOf(name, user.history))
        if (session.length > 0) await engine.remember(session);
      const graph = await engine.graph.readGraph({ user: name });
      const own = found.get(system.name) as Found;
      for (const entity of graph.entities)
        own.byType.set(entity.entityType, [...(own.byType.get(entity.entityType) ?? []), entity.name]);
      for (const relation of graph.relations)
        own.relations.set(relation.relationType, (own.relations.get(relation.relationType) ?? 0) + 1);
    } finally {
      await engine.close();
    }
  }
}

console.log(`bench:entities — ${describeMachine()}`);
console.log(
  `MemoryBank ${chinese ? "Chinese" : "English"}: ${Object.keys(bank).length} users' histories, rules only (no LLM)`,
);
for (const [system, { byType, relations }] of found) {
  console.log(`\n## ${system}`);
  const count = (type: string) => byType.get(type)?.length ?? 0;
  console.log(
    `entities: ${["person", "place", "organization", "animal", "thing"].map((t) => `${t} ${count(t)}`).join(", ")}`,
  );
  for (const type of ["person", "place", "organization", "animal"])
    if (count(type) > 0) console.log(`${type}: ${(byType.get(type) ?? []).join(", ")}`);
  const top = [...relations].sort((a, b) => b[1] - a[1]).slice(0, 15);
  console.log(`relations: ${top.map(([type, n]) => `${type} ${n}`).join(", ")}`);
}

/** The silver check on Tatoeba's pairs: English names by this checkout's English rules, Chinese by each system's. */
async function tatoebaCheck(file: string): Promise<void> {
  const pairsFile = dataFile("tatoeba-cmn-eng", file);
  if (!chinese || !pairsFile) return;
  const pairs = readPairs(pairsFile);
  const TYPES = ["person", "place"] as const;
  const named = (mentions: readonly ExtractedMention[], type: string, least: number) =>
    mentions.filter((m) => m.entityType === type && (m.confidence ?? 1) >= least && !m.relation).length;
  const extractors = await extractorsToCompare(values.before);
  const at = Date.UTC(2024, 0, 1);
  const english = pairs.map(({ english }) => extractFacts(english, at).mentions);
  console.log(`\n## Tatoeba ${file}, ${pairs.length} pairs: Chinese names against the English sentence's`);
  for (const [name, extract] of extractors) {
    const cells: string[] = [];
    for (const type of TYPES) {
      let matched = 0;
      let chineseNames = 0;
      let englishNames = 0;
      pairs.forEach(({ chinese: zh }, i) => {
        const e = named(english[i] ?? [], type, 0);
        const c = named(extract(zh, at).mentions, type, 0.5);
        matched += Math.min(e, c);
        chineseNames += c;
        englishNames += e;
      });
      const share = (n: number, d: number) => (d === 0 ? "–" : `${((100 * n) / d).toFixed(1)} %`);
      cells.push(
        `${type}: Chinese ${chineseNames}, English ${englishNames}, precision ${share(matched, chineseNames)}, recall ${share(matched, englishNames)}`,
      );
    }
    console.log(`${name}: ${cells.join("; ")}`);
  }
}
await tatoebaCheck("cmn_eng_5k_subset.tsv");
await tatoebaCheck("cmn-train.tsv");
