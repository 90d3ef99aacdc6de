/** Reading comprehension: `engram read`, `engram ask`, `engram eval reading` and `engram eval babi` (recall or memn2n). */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Command } from "commander";
import {
  type AskResult,
  type BabiReport,
  createReadingApp,
  evaluateBabi,
  evaluateMemn2n,
  evaluateSquad,
  formatMemn2n,
  type Memn2nJobResult,
  memn2nJson,
  parseSquad,
  type SquadEvalReport,
  writeMemn2nModel,
} from "../../apps/reading/index.js";
import { createEngine, type Engine } from "../../core/index.js";
import { createEmbedder } from "../../providers/index.js";
import { invalidInput } from "../../spec/errors.js";
import type { Scope } from "../../spec/memory.js";
import { createSqliteStore } from "../../stores/sqlite/index.js";
import { weightBar } from "../format.js";
import { type CliContext, parseCount } from "../shared.js";
import { memn2nOptions, parseTaskList } from "./babi.js";
import { evalCommand } from "./eval.js";
import { languageModelFromEnv } from "./language-model-option.js";

type Flags = Record<string, string | boolean | undefined>;

function scopeOf(flags: Flags): Scope {
  const str = (name: string) => (typeof flags[name] === "string" ? (flags[name] as string) : undefined);
  return { tenant: str("tenant"), user: str("user"), agent: str("agent") };
}

function parseKs(value: string, flag: string): number[] {
  const ks = value.split(",").map((k) => k.trim());
  if (ks.some((k) => !/^\d+$/u.test(k) || Number(k) < 1))
    throw invalidInput(
      `${flag} must be a comma-separated list of positive whole numbers such as 1,5,10, got "${value}"`,
      flag,
    );
  return [...new Set(ks.map(Number))].sort((a, b) => a - b);
}

/** A fresh engine on a temporary SQLite file for an evaluation; removed with its folder afterwards. */
async function withEvalEngine<T>(cli: CliContext, run: (engine: Engine) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), "engram-eval-"));
  const kind = cli.globals().embedder ?? cli.io.env.ENGRAM_EMBEDDER ?? "local";
  const engine = createEngine({
    store: createSqliteStore({ path: join(dir, "eval.db") }),
    embedder: createEmbedder({ kind } as never),
  });
  try {
    return await run(engine);
  } finally {
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export function formatAsk(result: AskResult): string {
  const lines: string[] = [];
  if (result.answer) {
    lines.push(`answer (${result.answer.method}): ${result.answer.text}`);
    if (result.answer.citations.length > 0)
      lines.push(`cites ${result.answer.citations.map((n) => `[${n}]`).join("")}`);
  } else lines.push("no answer: no segment matched the question (read some documents first)");
  for (const segment of result.segments) {
    lines.push(
      `[${segment.n}] ${weightBar(segment.weight)} ${(segment.weight * 100).toFixed(1).padStart(5)}%  ${segment.source ?? segment.id}`,
    );
    lines.push(`    ${segment.text.replace(/\s+/gu, " ")}`);
  }
  return lines.join("\n");
}

function formatSquad(report: SquadEvalReport): string {
  return [
    `reading: ${report.questions} questions over ${report.passages} passages (${report.skipped} skipped), ${report.segments} segments of ${report.meanSegmentChars} characters on average`,
    `recall@k (a top-k segment holds the answer): ${Object.entries(report.recall)
      .map(([k, v]) => `@${k} ${v}%`)
      .join(", ")}`,
    `extractive answer: exact match ${report.exactMatch}%, F1 ${report.f1}%`,
    `ingest ${report.ingestSeconds} s, ${report.askMs} ms a question`,
  ].join("\n");
}

function formatBabi(report: BabiReport): string {
  const ks = Object.keys(report.mean.recall);
  const lines = [
    `bAbI ${report.split}: supporting-fact recall@k per task (${report.questions} questions, ${report.seconds} s)`,
  ];
  lines.push(`${"task".padEnd(32)} ${ks.map((k) => `@${k}`.padStart(8)).join("")}`);
  for (const task of report.tasks)
    lines.push(`${task.task.padEnd(32)} ${ks.map((k) => `${task.recall[k]}`.padStart(8)).join("")}`);
  lines.push(`${"mean".padEnd(32)} ${ks.map((k) => `${report.mean.recall[k]}`.padStart(8)).join("")}`);
  return lines.join("\n");
}

/**
 * `engram read`, `ask`, `reading` (SQuAD-format evaluation) and `babi`. Over 150 lines: a table of commander
 * declarations, each command's options beside its short action.
 */
export function registerReadingCommands(program: Command, cli: CliContext): void {
  program
    .command("read")
    .description(
      "read a UTF-8 text or Markdown file, or a folder of them, into segments that `ask` attends to",
    )
    .argument("<path>", "a .txt or .md file, or a folder")
    .option("--tenant <id>")
    .option("--user <id>")
    .option("--agent <id>")
    .option("--sentences <n>", "sentences per segment at most", "3")
    .option("--overlap <n>", "sentences shared by neighbouring segments", "1")
    .option("--max-chars <n>", "characters per segment at most", "400")
    .action(async (path: string, flags: Flags) => {
      const engine = await cli.open();
      const app = createReadingApp(engine, {
        scope: scopeOf(flags),
        segments: {
          maxSentences: parseCount(flags.sentences as string, "--sentences"),
          overlapSentences: parseCount(flags.overlap as string, "--overlap"),
          maxChars: parseCount(flags.maxChars as string, "--max-chars"),
        },
      });
      const result = await app.ingestPath(path);
      cli.print(
        result,
        [
          ...result.documents.map(
            (d) => `${d.document}: ${d.segments} segments (${d.inserted} new, ${d.reinforced} repeated)`,
          ),
          `read ${result.documents.length} document(s): ${result.segments} segments, ${result.inserted} new`,
        ].join("\n"),
      );
    });

  program
    .command("ask")
    .description(
      "answer a question from the segments read: the best segments and an extractive answer, or an LLM's answer citing them",
    )
    .argument("<question>")
    .option("--tenant <id>")
    .option("--user <id>")
    .option("--agent <id>")
    .option("--k <n>", "segments to attend to", "5")
    .option("--llm", "answer with the configured language model (ENGRAM_LLM_BASE_URL, ENGRAM_LLM_MODEL)")
    .action(async (question: string, flags: Flags) => {
      const model = flags.llm === true ? languageModelFromEnv(cli.io.env) : undefined;
      try {
        const engine = await cli.open();
        const app = createReadingApp(engine, { scope: scopeOf(flags) });
        const result = await app.ask(question, { k: parseCount(flags.k as string, "--k"), model });
        cli.print(result, formatAsk(result));
      } finally {
        await model?.close?.();
      }
    });

  const evaluate = evalCommand(program);
  evaluate
    .command("reading")
    .description(
      "segment recall@k, exact match and F1 on a SQuAD-format file (e.g. ../shared/data/cmrc2018/cmrc2018_trial.squad.json), in a temporary store",
    )
    .argument("<file>", "a SQuAD-format JSON file")
    .option("--k <list>", "cut-offs for recall@k", "1,5,10")
    .option("--limit <n>", "only the first n questions")
    .option("--per-question", "include every question's prediction in --json output")
    .action(async (file: string, flags: Flags) => {
      if (!existsSync(file))
        throw invalidInput(`no file at ${file}: pass a SQuAD-format JSON file`, "eval reading");
      const squad = parseSquad(readFileSync(file, "utf8"), file);
      const report = await withEvalEngine(cli, (engine) =>
        evaluateSquad(engine, squad, {
          ks: parseKs(flags.k as string, "--k"),
          limit: typeof flags.limit === "string" ? parseCount(flags.limit, "--limit") : undefined,
          onProgress: (message) => {
            if (!cli.json() && cli.io.interactive) cli.io.stderr(`${message}\n`);
          },
        }),
      );
      const { perQuestion, ...summary } = report;
      cli.print(flags.perQuestion === true ? report : summary, formatSquad(report));
      void perQuestion;
    });

  evaluate
    .command("babi")
    .description(
      "bAbI (e.g. ../shared/data/babi-en-1k): --model recall (default) measures supporting-fact recall@k in a temporary store; --model memn2n trains End-To-End Memory Networks and prints the test error per task beside the paper's",
    )
    .argument("<folder>", "the folder of qa*_test.txt / qa*_train.txt files")
    .option("--model <name>", "recall or memn2n", "recall")
    .option("--tasks <list>", "only these task numbers, e.g. 1-20 or 1,2,5-7")
    .option("--k <list>", "recall: cut-offs for recall@k", "1,3,5")
    .option("--split <split>", "recall: test or train", "test")
    .option("--limit <n>", "recall: only the first n questions of each task")
    .option("--joint", "memn2n: one model for all the tasks (d = 50, the joint schedule)")
    .option("--runs <n>", "memn2n: seeded runs per model, the best kept by training error", "10")
    .option("--seed <n>", "memn2n: run r uses seed n + r", "1")
    .option("--workers <n>", "memn2n: worker threads training runs in parallel (default: cores, at most 2)")
    .option(
      "--save <folder>",
      "memn2n: write each kept model there (memn2n-qa<N>.json, or memn2n-joint.json)",
    )
    .option(
      "--selection <split>",
      "memn2n: keep the run with the lowest training error (training, the default), the lowest last-epoch error as trained (last-epoch: what the authors' code prints) or the lowest validation error (validation)",
    )
    .option("--epochs <n>", "memn2n: epochs after the linear start (default 100; joint 60)")
    .option("--linear-start-epochs <n>", "memn2n: epochs of linear start (default 20; joint 30; 0: none)")
    .option("--learning-rate <x>", "memn2n: learning rate after the linear start (default 0.01)")
    .option("--weight-decay <x>", "memn2n: L2 weight decay (default 0, as the paper)")
    .option(
      "--noise-blanks <draw>",
      "memn2n: random noise draws up to ⌈0.1·n⌉ blank ages (to-ceiling, as the authors' code: the default) or up to ⌈0.1·n⌉ − 1 (below-ceiling, the earlier calibration)",
    )
    .option("--dim <n>", "memn2n: embedding size d (default 20; joint 50)")
    .option("--hops <n>", "memn2n: hops K (default 3)")
    .option(
      "--encoding <formula>",
      "memn2n: position encoding: reference (default, the authors' code), paper or none",
    )
    .option(
      "--tying <kind>",
      "memn2n: adjacent (default) or layer-wise (the paper's LW, with H between hops)",
    )
    .action(async (folder: string, flags: Flags, command: Command) => {
      const given = (name: string) => command.getOptionValueSource(name) === "cli";
      const tasks = typeof flags.tasks === "string" ? parseTaskList(flags.tasks) : undefined;
      if (flags.model === "memn2n") {
        const wrong = ["k", "split", "limit"].filter(given);
        if (wrong.length > 0)
          throw invalidInput(
            `--${wrong[0]} is for --model recall; memn2n tests every question of the test files`,
            `--${wrong[0]}`,
          );
        const report = await evaluateMemn2n(folder, {
          ...memn2nOptions(flags),
          tasks,
          onProgress: (message) => {
            if (!cli.json() && cli.io.interactive) cli.io.stderr(`${message}\n`);
          },
        });
        if (typeof flags.save === "string") {
          mkdirSync(flags.save, { recursive: true });
          for (const model of report.models) {
            const kept = model.runs[model.selected] as Memn2nJobResult;
            writeMemn2nModel(
              join(
                flags.save,
                model.tasks.length > 1 ? "memn2n-joint.json" : `memn2n-qa${model.tasks[0]}.json`,
              ),
              kept.model,
            );
          }
        }
        cli.print(memn2nJson(report), formatMemn2n(report));
        return;
      }
      if (flags.model !== "recall")
        throw invalidInput(`--model must be recall or memn2n, got "${String(flags.model)}"`, "--model");
      const memn2nOnly = [
        "joint",
        "runs",
        "seed",
        "workers",
        "save",
        "selection",
        "epochs",
        "linearStartEpochs",
        "learningRate",
        "weightDecay",
        "noiseBlanks",
        "dim",
        "hops",
        "encoding",
        "tying",
      ].filter(given);
      if (memn2nOnly.length > 0) {
        const flag = `--${(memn2nOnly[0] as string).replace(/[A-Z]/gu, (c) => `-${c.toLowerCase()}`)}`;
        throw invalidInput(`${flag} is for --model memn2n: add --model memn2n, or leave it out`, flag);
      }
      if (flags.split !== "test" && flags.split !== "train")
        throw invalidInput(`--split must be test or train, got "${String(flags.split)}"`, "--split");
      const report = await withEvalEngine(cli, (engine) =>
        evaluateBabi(engine, folder, {
          split: flags.split as "test" | "train",
          ks: parseKs(flags.k as string, "--k"),
          limit: typeof flags.limit === "string" ? parseCount(flags.limit, "--limit") : undefined,
          tasks,
          onProgress: (message) => {
            if (!cli.json() && cli.io.interactive) cli.io.stderr(`${message}\n`);
          },
        }),
      );
      cli.print(report, formatBabi(report));
    });
}
