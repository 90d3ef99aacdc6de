/**
 * Reading comprehension figures: `engram eval reading` on CMRC 2018 (trial) and `engram eval babi` on bAbI (en, 1k,
 * test split), through the CLI in process, each in a temporary store.
 * Usage: npm run bench:reading [-- --embedder local|hash --babi-limit 200]
 * CMRC is Chinese: the local model cannot represent it, so those questions go through the lexical channel only.
 */
import { parseArgs } from "node:util";
import { runCli } from "../src/cli/program.js";
import { dataFile, describeMachine, machineInfo, peakRssMiB, saveResult } from "./common.js";

const { values } = parseArgs({
  options: {
    embedder: { type: "string", default: "local" },
    "babi-limit": { type: "string", default: "200" },
  },
});

async function evalJson(args: string[]): Promise<Record<string, unknown>> {
  let stdout = "";
  let stderr = "";
  const code = await runCli(["--embedder", values.embedder, "--json", "eval", ...args], {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    env: process.env,
    interactive: false,
  });
  if (code !== 0) throw new Error(`engram eval ${args.join(" ")} failed (${code}): ${stderr}`);
  return JSON.parse(stdout) as Record<string, unknown>;
}

console.log(`machine: ${describeMachine()}`);
console.log(`embedder: ${values.embedder}`);
const results: Record<string, unknown> = { machine: machineInfo(), embedder: values.embedder };

const cmrc = dataFile("cmrc2018", "cmrc2018_trial.squad.json");
if (cmrc) {
  const started = performance.now();
  const report = await evalJson(["reading", cmrc]);
  results.cmrc2018 = { ...report, wallSeconds: (performance.now() - started) / 1000 };
  console.log("\nCMRC 2018 trial (SQuAD format), segments of up to 3 sentences overlapping by 1:");
  console.log(JSON.stringify(report));
} else console.log("skipped CMRC 2018: ../shared/data/cmrc2018 not found (set ENGRAM_DATA_DIR)");

const babi = dataFile("babi-en-1k");
if (babi) {
  const started = performance.now();
  const report = (await evalJson(["babi", babi, "--limit", values["babi-limit"]])) as {
    tasks: { task: string; questions: number; recall: Record<string, number> }[];
    mean: { recall: Record<string, number>; allFound: Record<string, number> };
  };
  results.babi = { ...report, wallSeconds: (performance.now() - started) / 1000 };
  console.log(
    `\nbAbI en-1k test, first ${values["babi-limit"]} questions per task: supporting-fact recall@1/3/5`,
  );
  for (const task of report.tasks)
    console.log(
      `${task.task.padEnd(30)} ${["1", "3", "5"].map((k) => String(task.recall[k]).padStart(7)).join("")}`,
    );
  console.log(
    `${"mean".padEnd(30)} ${["1", "3", "5"].map((k) => String(report.mean.recall[k]).padStart(7)).join("")}`,
  );
} else console.log("skipped bAbI: ../shared/data/babi-en-1k not found (set ENGRAM_DATA_DIR)");

console.log(`\npeak RSS ${peakRssMiB()} MiB; saved ${saveResult(`reading-${values.embedder}`, results)}`);
