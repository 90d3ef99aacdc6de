/**
 * End-To-End Memory Networks on bAbI: every task of a bAbI folder with per-task models (best of N runs by training
 * error, the paper's protocol), then the joint model, each beside the paper's Table 1. Runs train in parallel on
 * worker threads. From the same runs it also reports what other selection rules would give (validation error, fewer
 * runs, one seed): the shipped rule is the paper's, fixed before any test figure was seen.
 * Usage: npm run bench:babi [-- --folder <bAbI folder> --tasks 1-20 --runs 10 --joint-runs 2 --workers 2
 *   --skip-joint --skip-tasks --encoding reference|paper|none --tying adjacent|layer-wise --weight-decay x
 *   --noise-blanks to-ceiling|below-ceiling --learning-rate x --name <results file name>]
 * The figures are test error %; CPU seconds are each run's own thread time.
 */
import { parseArgs } from "node:util";
import {
  evaluateMemn2n,
  formatMemn2n,
  type Memn2nEvalOptions,
  type Memn2nModelResult,
  type Memn2nReport,
  type Memn2nSelection,
  summarise,
} from "../src/apps/reading/index.js";
import { parseTaskList } from "../src/cli/commands/babi.js";
import { dataFile, describeMachine, machineInfo, saveResult } from "./common.js";

const { values } = parseArgs({
  options: {
    folder: { type: "string" },
    tasks: { type: "string" },
    runs: { type: "string", default: "10" },
    "joint-runs": { type: "string", default: "2" },
    workers: { type: "string", default: "2" },
    seed: { type: "string", default: "1" },
    "skip-joint": { type: "boolean", default: false },
    "skip-tasks": { type: "boolean", default: false },
    encoding: { type: "string" },
    tying: { type: "string" },
    "weight-decay": { type: "string" },
    "noise-blanks": { type: "string" },
    "learning-rate": { type: "string" },
    name: { type: "string" },
  },
});

if (values["noise-blanks"] && !["to-ceiling", "below-ceiling"].includes(values["noise-blanks"])) {
  console.error(`--noise-blanks must be to-ceiling or below-ceiling, got "${values["noise-blanks"]}"`);
  process.exit(2);
}
const folder = values.folder ?? dataFile("babi-en-1k");
if (!folder) {
  console.log("skipped: ../shared/data/babi-en-1k not found (set ENGRAM_DATA_DIR or pass --folder)");
  process.exit(0);
}
const runs = Number(values.runs);
const jointRuns = Number(values["joint-runs"]);
const common: Memn2nEvalOptions = {
  tasks: values.tasks ? parseTaskList(values.tasks) : undefined,
  workers: Number(values.workers),
  seed: Number(values.seed),
  model: {
    ...(values.encoding ? { positionEncoding: values.encoding as "reference" | "paper" | "none" } : {}),
    ...(values.tying ? { tying: values.tying as "adjacent" | "layer-wise" } : {}),
  },
  schedule: {
    ...(values["weight-decay"] ? { weightDecay: Number(values["weight-decay"]) } : {}),
    ...(values["noise-blanks"] ? { noiseToCeiling: values["noise-blanks"] === "to-ceiling" } : {}),
    ...(values["learning-rate"] ? { learningRate: Number(values["learning-rate"]) } : {}),
  },
  onProgress: (message) => console.error(message),
};

console.log(`machine: ${describeMachine()} (shared: other jobs ran at the same time)`);
console.log(`folder: ${folder}; runs per model: ${runs} (joint ${jointRuns}); workers: ${common.workers}`);
console.log(`variant: ${JSON.stringify({ model: common.model, schedule: common.schedule })}`);

/** The same runs under other selection rules: the first n seeds only, and validation instead of training error. */
function alternatives(report: Memn2nReport): Record<string, { mean: number; failed: number }> {
  const firstRuns = (n: number): Memn2nModelResult[] =>
    report.models.map((m) => ({ ...m, runs: m.runs.slice(0, n) }));
  const out: Record<string, { mean: number; failed: number }> = {};
  const add = (label: string, models: Memn2nModelResult[], selection: Memn2nSelection) => {
    const s = summarise(models, selection, report.joint);
    out[label] = { mean: s.mean, failed: s.failed };
  };
  add(`best of ${report.runsPerModel} by training error (shipped)`, report.models, "training");
  add(
    `best of ${report.runsPerModel} by last-epoch error as trained (the authors' code)`,
    report.models,
    "last-epoch",
  );
  add(`best of ${report.runsPerModel} by validation error`, report.models, "validation");
  for (const n of [5, 3, 1].filter((n) => n < report.runsPerModel))
    add(n === 1 ? "one seed" : `best of ${n} by training error`, firstRuns(n), "training");
  // the median run's test error per task, averaged: what a single run is worth, typically
  const medians = report.models.flatMap((m) =>
    m.tasks.map((task) => {
      const errors = m.runs.map((r) => r.testError[String(task)] as number).sort((a, b) => a - b);
      return errors[Math.floor((errors.length - 1) / 2)] as number;
    }),
  );
  out["median run"] = {
    mean: Math.round((medians.reduce((s, v) => s + v, 0) / Math.max(1, medians.length)) * 100) / 100,
    failed: medians.filter((e) => e > 5).length,
  };
  return out;
}

function printRanges(report: Memn2nReport): void {
  console.log("\nper task: kept run, range over the runs (test error %), CPU-s per run (mean)");
  for (const m of report.models) {
    for (const task of m.tasks) {
      const errors = m.runs.map((r) => r.testError[String(task)] as number);
      const cpu = m.runs.reduce((s, r) => s + r.cpuSeconds, 0) / m.runs.length;
      console.log(
        `  task ${String(task).padStart(2)}: ${String(m.runs[m.selected]?.testError[String(task)]).padStart(5)}  range ${Math.min(...errors).toFixed(1)}–${Math.max(...errors).toFixed(1)}  ${cpu.toFixed(1)} CPU-s/run`,
      );
    }
  }
}

/** Every run's figures without the parameters (the kept models are written by `engram eval babi --save`). */
function slim(report: Memn2nReport) {
  return {
    ...report,
    models: report.models.map((m) => ({
      tasks: m.tasks,
      selected: m.selected,
      runs: m.runs.map(({ model: _model, ...run }) => run),
    })),
  };
}

const results: Record<string, unknown> = {
  machine: machineInfo(),
  folder,
  variant: { ...common, onProgress: undefined },
};
if (!values["skip-tasks"]) {
  const report = await evaluateMemn2n(folder, { ...common, runs });
  console.log(`\n${formatMemn2n(report)}`);
  printRanges(report);
  const other = alternatives(report);
  console.log("\nthe same runs under other selection rules (mean test error %, tasks failed):");
  for (const [label, v] of Object.entries(other))
    console.log(`  ${label.padEnd(60)} ${v.mean.toFixed(1).padStart(6)}  ${v.failed}`);
  results.perTask = { ...slim(report), alternatives: other };
}
if (!values["skip-joint"]) {
  const report = await evaluateMemn2n(folder, { ...common, joint: true, runs: jointRuns });
  console.log(`\n${formatMemn2n(report)}`);
  const other = alternatives(report);
  console.log("\nthe same joint runs under other selection rules (mean test error %, tasks failed):");
  for (const [label, v] of Object.entries(other))
    console.log(`  ${label.padEnd(60)} ${v.mean.toFixed(1).padStart(6)}  ${v.failed}`);
  results.joint = { ...slim(report), alternatives: other };
}
console.log(`\nsaved ${saveResult(values.name ?? "babi-memn2n", results)}`);
