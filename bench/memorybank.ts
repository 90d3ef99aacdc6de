/**
 * The dialogue app on MemoryBank (../shared/data/memorybank, English and Chinese): every user's daily chats are
 * remembered (one session a day, user and assistant turns), then each probing question is asked through the dialogue
 * app with no LLM. MemoryBank has no gold answers, so this measures what can be measured: whether the top recalled
 * memory belongs to the asking user (isolation: always), whether it is one of their chats (not an earlier probe),
 * how many questions the facts answered, and the time per turn; it prints sample answers with their traces.
 * Usage: npm run bench:memorybank [-- --embedder local|hash --samples 3]
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createDialogueApp, type DialogueTurnResult } from "../src/apps/dialogue/index.js";
import { createEngine, type RememberInput } from "../src/core/index.js";
import { createEmbedder } from "../src/providers/index.js";
import { createSqliteStore } from "../src/stores/sqlite/index.js";
import { dataFile, describeMachine, machineInfo, peakRssMiB, percentile, saveResult } from "./common.js";

const { values } = parseArgs({
  options: {
    embedder: { type: "string", default: "local" },
    samples: { type: "string", default: "3" },
  },
});

interface Bank {
  [name: string]: { history: Record<string, { query: string; response: string }[]> };
}

function loadQuestions(path: string): Map<string, string[]> {
  const questions = new Map<string, string[]>();
  for (const line of readFileSync(path, "utf8").split("\n")) {
    if (line.trim() === "") continue;
    for (const [name, list] of Object.entries(JSON.parse(line) as Record<string, string[]>))
      questions.set(
        name.trim(),
        list.map((q) => q.replace(/^"|"$/gu, "").trim()),
      );
  }
  return questions;
}

async function runLanguage(language: "en" | "cn") {
  const bankPath = dataFile("memorybank", `memory_bank_${language}.json`);
  const questionPath = dataFile("memorybank", `probing_questions_${language}.jsonl`);
  if (!bankPath || !questionPath) return null;
  const bank = JSON.parse(readFileSync(bankPath, "utf8")) as Bank;
  const questions = loadQuestions(questionPath);
  const dir = mkdtempSync(join(tmpdir(), "engram-memorybank-"));
  const engine = createEngine({
    store: createSqliteStore({ path: join(dir, "memorybank.db") }),
    embedder: createEmbedder({ kind: values.embedder } as never),
  });
  try {
    const started = performance.now();
    let turns = 0;
    let lastDay = 0;
    for (const [rawName, user] of Object.entries(bank)) {
      const name = rawName.trim();
      for (const [day, pairs] of Object.entries(user.history)) {
        const dayStart = Date.parse(`${day}T09:00:00Z`);
        lastDay = Math.max(lastDay, dayStart);
        const items: RememberInput[] = pairs
          .filter((pair) => pair.query?.trim() && pair.response?.trim())
          .flatMap((pair, i) => [
            {
              text: pair.query,
              user: name,
              session: day,
              role: "user",
              speaker: name,
              at: dayStart + i * 120_000,
            },
            {
              text: pair.response,
              user: name,
              session: day,
              role: "assistant",
              speaker: "assistant",
              at: dayStart + i * 120_000 + 60_000,
            },
          ]);
        if (items.length > 0) await engine.remember(items);
        turns += items.length;
      }
    }
    const ingestSeconds = (performance.now() - started) / 1000;

    // The probes are asked the day after the last chat, each in its own session.
    const askedAt = lastDay + 86_400_000;
    const chat = createDialogueApp(engine, { now: () => askedAt });
    const latencies: number[] = [];
    const modes: Record<string, number> = { llm: 0, memory: 0, "context-only": 0 };
    let asked = 0;
    let topIsOwn = 0;
    let topIsChat = 0;
    let emptyRecall = 0;
    const samples: { user: string; question: string; result: DialogueTurnResult }[] = [];
    // every answer the facts gave: there is no gold, so they are printed to be read
    const fromFacts: { user: string; question: string; answer: string }[] = [];
    // and every answer that quoted the user's own words (no fact held the question's)
    const fromWords: { user: string; question: string; answer: string }[] = [];
    for (const [name, list] of questions) {
      for (const [i, question] of list.entries()) {
        const t0 = performance.now();
        const result = await chat.turn(question, { user: name, session: `probe-${i}`, trace: true });
        latencies.push(performance.now() - t0);
        asked++;
        modes[result.mode] = (modes[result.mode] ?? 0) + 1;
        if (result.mode === "memory")
          (result.said ? fromWords : fromFacts).push({ user: name, question, answer: result.answer });
        const top = result.recalled[0];
        if (!top) {
          emptyRecall++;
          continue;
        }
        const [record] = await engine.store.get("default", [top.id]);
        if (record?.user === name) topIsOwn++;
        if (record?.session && !record.session.startsWith("probe-")) topIsChat++;
        if (samples.length < Number(values.samples) && i === 0)
          samples.push({ user: name, question, result });
      }
    }
    const pct = (n: number) => Math.round((1000 * n) / Math.max(1, asked)) / 10;
    return {
      users: Object.keys(bank).length,
      turns,
      ingestSeconds: Math.round(ingestSeconds * 10) / 10,
      turnsPerSecond: Math.round(turns / ingestSeconds),
      questions: asked,
      topRecalledIsTheUsers: pct(topIsOwn),
      topRecalledIsAChatTurn: pct(topIsChat),
      nothingRecalled: emptyRecall,
      modes,
      turnMs: { p50: Math.round(percentile(latencies, 50)), p99: Math.round(percentile(latencies, 99)) },
      fromFacts,
      fromWords,
      samples: samples.map(({ user, question, result }) => ({
        user,
        question,
        mode: result.mode,
        answer: result.answer,
        top: result.recalled
          .slice(0, 3)
          .map((m) => ({ weight: Math.round(m.weight * 1000) / 1000, kind: m.kind, text: m.text })),
      })),
    };
  } finally {
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log(`machine: ${describeMachine()}`);
console.log(`embedder: ${values.embedder} (Chinese goes to the lexical channel with the local model)`);
const results: Record<string, unknown> = { machine: machineInfo(), embedder: values.embedder };
for (const language of ["en", "cn"] as const) {
  const report = await runLanguage(language);
  if (!report) {
    console.log(`skipped ${language}: ../shared/data/memorybank not found (set ENGRAM_DATA_DIR)`);
    continue;
  }
  results[language] = report;
  const { samples, fromFacts, fromWords, ...figures } = report;
  console.log(`\nMemoryBank ${language}: ${JSON.stringify(figures)}`);
  console.log(`answered from facts (${fromFacts.length}):`);
  for (const { user, question, answer } of fromFacts) console.log(`  ${user}: ${question} → ${answer}`);
  console.log(`answered from the user's own words (${fromWords.length}):`);
  for (const { user, question, answer } of fromWords) console.log(`  ${user}: ${question} → ${answer}`);
  for (const sample of samples) {
    console.log(`\n  ${sample.user}: ${sample.question}`);
    console.log(`  → (${sample.mode}) ${sample.answer.split("\n")[0]}`);
    for (const memory of sample.top)
      console.log(
        `     ${(memory.weight * 100).toFixed(1).padStart(5)}%  ${memory.kind}  ${memory.text.slice(0, 110)}`,
      );
  }
}
results.peakRssMiB = peakRssMiB();
console.log(
  `\npeak RSS ${results.peakRssMiB} MiB; saved ${saveResult(`memorybank-${values.embedder}`, results)}`,
);
