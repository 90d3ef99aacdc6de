/**
 * Fact derivation on LoCoMo dev, measured against the authors' observations (`engram eval facts`): coverage, silver
 * precision, broken share, facts/entities/relations per 1,000 turns and ms per turn, overall and per conversation.
 * With `--before <dir>` (a checkout of an older commit, with node_modules) the older code runs in the same process,
 * interleaved conversation by conversation, so before and after share the machine's state.
 * Usage: npm run bench:facts [-- --limit <conversations>] [-- --before <dir>] [-- --json]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type ConversationTally,
  evaluateConversation,
  type FactsEvalEngines,
  formatFactsReport,
  loadFactsEvalData,
  reportFromTallies,
  warmUp,
} from "../src/evaluation/facts-eval.js";
import { createHashEmbedder } from "../src/providers/index.js";
import { dataFile, describeMachine, type EngramSystem, peakRssMiB, systemsToCompare } from "./common.js";

const locomo = dataFile("locomo", "locomo-dev.json");
const observations = dataFile("locomo", "locomo-dev-observations.json");
if (!locomo || !observations) {
  console.log(
    "LoCoMo dev or its observations are not in ../shared/data/locomo (or $ENGRAM_DATA_DIR): skipped.",
  );
  process.exit(0);
}
const flag = (name: string) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : undefined;
};
const limit = flag("--limit") ? Number(flag("--limit")) : undefined;
const before = flag("--before");
const json = process.argv.includes("--json");

const systems = await systemsToCompare(before);

const embedder = createHashEmbedder();
const dir = mkdtempSync(join(tmpdir(), "engram-bench-facts-"));
const tallies = new Map<string, ConversationTally[]>(systems.map((s) => [s.name, []]));
const paired = loadFactsEvalData(locomo, observations, limit);
const enginesOf = (system: EngramSystem, id: string): FactsEvalEngines => ({
  withFacts: system.createEngine({
    store: system.createSqliteStore({ path: join(dir, `${system.name}-${id}-facts.db`) }),
    embedder,
  }),
  withoutFacts: system.createEngine({
    store: system.createSqliteStore({ path: join(dir, `${system.name}-${id}-plain.db`) }),
    embedder,
    options: { deriveFacts: false },
  }),
});
try {
  for (const system of systems) await warmUp(enginesOf(system, "warm-up"));
  for (const { conversation, observations: own } of paired) {
    for (const system of systems) {
      const engines = enginesOf(system, conversation.id);
      try {
        const { problems: _, ...tally } = await evaluateConversation(conversation, own, engines, {
          calls: 0,
          promptTokens: 0,
          completionTokens: 0,
        });
        tallies.get(system.name)?.push(tally);
      } finally {
        await engines.withFacts.close();
        await engines.withoutFacts.close();
      }
    }
    if (!json) console.error(`${conversation.id} done`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const reports = Object.fromEntries(
  systems.map((s) => [s.name, reportFromTallies(tallies.get(s.name) ?? [])]),
);
if (json) {
  console.log(JSON.stringify(reports));
} else {
  console.log(`bench:facts — ${describeMachine()}`);
  console.log(`LoCoMo dev: ${paired.length} conversations, hash embedder, no LLM`);
  for (const [name, report] of Object.entries(reports)) {
    const own = tallies.get(name) ?? [];
    console.log(`\n${name}\n${formatFactsReport(report)}`);
    const cpu = own.map((t) => `${t.id} ${(t.derivationCpuMs / t.turns).toFixed(2)}`).join(", ");
    const turns = own.reduce((n, t) => n + t.turns, 0);
    const all = own.reduce((n, t) => n + t.derivationCpuMs, 0) / Math.max(1, turns);
    console.log(`derivation CPU ms a turn (ms/turn above is wall time): ${cpu}; all ${all.toFixed(2)}`);
  }
  console.log(`\npeak RSS ${peakRssMiB()} MiB`);
}
