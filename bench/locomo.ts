/**
 * LoCoMo evidence recall@k (npm run bench:locomo): `engram eval locomo` on the dev file with the embedded default,
 * and the same run without fact derivation (issue 4's "with and without fact keys"), saved under bench/results.
 * Usage: npm run bench:locomo [-- --embedder hash]
 */
import { parseArgs } from "node:util";
import { runCli } from "../src/cli/program.js";
import { dataFile, describeMachine, saveResult } from "./common.js";

const { values } = parseArgs({ options: { embedder: { type: "string", default: "local" } } });
const file = dataFile("locomo", "locomo-dev.json");
if (!file) {
  console.error(
    "LoCoMo dev file not found: set ENGRAM_DATA_DIR to the folder that holds locomo/locomo-dev.json",
  );
  process.exit(2);
}

async function run(label: string, extra: string[]): Promise<unknown> {
  let out = "";
  const code = await runCli(
    ["--embedder", values.embedder, "--json", "eval", "locomo", file as string, ...extra],
    {
      stdout: (t) => {
        out += t;
      },
      stderr: (t) => process.stderr.write(t),
      env: process.env,
      interactive: false,
    },
  );
  if (code !== 0) throw new Error(`${label}: eval locomo exited ${code}`);
  const report = JSON.parse(out);
  const table = [
    ["Engram", report.recall],
    ["lexical only", report.baselines.lexical],
    ["dense only", report.baselines.dense],
  ];
  console.log(`\n${label}`);
  for (const [name, t] of table) {
    const at10 = ["1", "2", "3", "4", "5"].map((c) => `${c}:${t[c]?.["10"]}`).join(" ");
    console.log(
      `  ${String(name).padEnd(14)} @5 ${t.all["5"]} @10 ${t.all["10"]} @25 ${t.all["25"]} @50 ${t.all["50"]}  @10 by category ${at10}`,
    );
  }
  console.log(
    `  latency p50 ${report.latency.p50} ms p95 ${report.latency.p95} ms; ingest ${report.ingest.turnsPerSecond} turns/s`,
  );
  return report;
}

console.log(`LoCoMo dev, embedder ${values.embedder}, on ${describeMachine()}`);
const withFacts = await run("default (facts derived on write)", []);
const withoutFacts = await run("without fact derivation", [
  "--options",
  JSON.stringify({ deriveFacts: false }),
]);
console.log(`saved ${saveResult(`locomo-${values.embedder}`, { withFacts, withoutFacts })}`);
