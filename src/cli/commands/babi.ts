/**
 * `engram babi answer`: a trained End-To-End Memory Network answers a story's questions and shows each hop's
 * attention; and the flags of `engram eval babi --model memn2n` (registered with the other evaluations in reading.ts).
 */
import { readFileSync } from "node:fs";
import type { Command } from "commander";
import {
  answerStory,
  type Memn2nEvalOptions,
  parseStoryFile,
  readMemn2nModel,
  type StoryAnswer,
} from "../../apps/reading/index.js";
import { invalidInput } from "../../spec/errors.js";
import { weightBar } from "../format.js";
import { type CliContext, parseCount } from "../shared.js";

type Flags = Record<string, string | boolean | undefined>;

function formatAnswers(answers: readonly StoryAnswer[]): string {
  const lines: string[] = [];
  for (const a of answers) {
    const verdict =
      a.expected === undefined
        ? ""
        : a.correct
          ? `  (expected ${a.expected}: right)`
          : `  (expected ${a.expected}: wrong)`;
    lines.push(
      `line ${a.line}: ${a.question}`,
      `answer: ${a.answer}  p = ${a.probability.toFixed(3)}${verdict}`,
    );
    lines.push(`  ${a.hops.map((_, h) => `hop ${h + 1}`.padStart(7)).join("")}  sentence`);
    a.sentences.forEach((sentence, i) => {
      const weights = a.hops.map((hop) => (hop.weights[i] as number).toFixed(3).padStart(7)).join("");
      const top = Math.max(...a.hops.map((hop) => hop.weights[i] as number));
      lines.push(`  ${weights}  ${weightBar(top)} ${String(sentence.line).padStart(3)} ${sentence.text}`);
    });
    if (a.hops.some((hop) => hop.empty > 0.0005))
      lines.push(`  ${a.hops.map((hop) => hop.empty.toFixed(3).padStart(7)).join("")}  (empty memory slots)`);
    if (a.skipped > 0)
      lines.push(`  (${a.skipped} earlier sentences are beyond the model's memory and were not read)`);
    if (a.unknownWords.length > 0)
      lines.push(`  words the model never saw, read as nothing: ${a.unknownWords.join(", ")}`);
    lines.push("");
  }
  return lines.join("\n").trimEnd();
}

export function registerBabiCommands(program: Command, cli: CliContext): void {
  const babi = program
    .command("babi")
    .description(
      "End-To-End Memory Networks trained on bAbI (train them with `engram eval babi --model memn2n --save`)",
    );
  babi
    .command("answer")
    .description(
      "answer the questions of a story with a trained model, showing each hop's attention over the sentences",
    )
    .argument("<model>", "a model file written by `engram eval babi <folder> --model memn2n --save <folder>`")
    .argument(
      "<story-file>",
      'one sentence a line (bAbI numbered lines or plain); a line ending with "?" is a question',
    )
    .action((modelPath: string, storyPath: string) => {
      const model = readMemn2nModel(modelPath);
      let text: string;
      try {
        text = readFileSync(storyPath, "utf8");
      } catch (error) {
        throw invalidInput(
          `no story file here (${(error as NodeJS.ErrnoException).code ?? "unreadable"}): pass a text file of sentences and questions`,
          storyPath,
          error,
        );
      }
      const answers = answerStory(model, parseStoryFile(text, storyPath));
      cli.print({ model: modelPath, tasks: model.file.tasks, answers }, formatAnswers(answers));
    });
}

/** "1-20", "1,2,5-7": task numbers, each once, in order. */
export function parseTaskList(value: string): number[] {
  const tasks = new Set<number>();
  for (const part of value.split(",").map((p) => p.trim())) {
    const range = /^(\d+)(?:-(\d+))?$/u.exec(part);
    const from = Number(range?.[1]);
    const to = Number(range?.[2] ?? range?.[1]);
    if (!range || from < 1 || to < from)
      throw invalidInput(
        `--tasks must list task numbers and ranges such as 1-20 or 1,2,5-7, got "${value}"`,
        "--tasks",
      );
    for (let t = from; t <= to; t++) tasks.add(t);
  }
  return [...tasks].sort((a, b) => a - b);
}

function parseRate(value: string, flag: string): number {
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n) || n < 0)
    throw invalidInput(`${flag} must be a number ≥ 0, got "${value}"`, flag);
  return n;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], flag: string): T | undefined {
  if (value === undefined) return undefined;
  if (!allowed.includes(value as T))
    throw invalidInput(`${flag} must be ${allowed.join(" or ")}, got "${String(value)}"`, flag);
  return value as T;
}

/** --noise-blanks: up to ⌈0.1·n⌉ blank ages (to-ceiling, the authors' code) or up to ⌈0.1·n⌉ − 1 (below-ceiling). */
function noiseBlanks(value: unknown): boolean | undefined {
  const choice = oneOf(value, ["to-ceiling", "below-ceiling"] as const, "--noise-blanks");
  return choice === undefined ? undefined : choice === "to-ceiling";
}

/** The memn2n flags as evaluation options; what is not given keeps the paper's setting. */
export function memn2nOptions(flags: Flags): Memn2nEvalOptions {
  const str = (name: string) => (typeof flags[name] === "string" ? (flags[name] as string) : undefined);
  const count = (name: string, flag: string) => {
    const v = str(name);
    return v === undefined ? undefined : parseCount(v, flag);
  };
  const rate = (name: string, flag: string) => {
    const v = str(name);
    return v === undefined ? undefined : parseRate(v, flag);
  };
  const schedule = Object.fromEntries(
    Object.entries({
      epochs: count("epochs", "--epochs"),
      linearStartEpochs: count("linearStartEpochs", "--linear-start-epochs"),
      learningRate: rate("learningRate", "--learning-rate"),
      weightDecay: rate("weightDecay", "--weight-decay"),
      noiseToCeiling: noiseBlanks(flags.noiseBlanks),
    }).filter(([, v]) => v !== undefined),
  );
  const runs = count("runs", "--runs") as number;
  if (runs < 1) throw invalidInput("--runs must be at least 1", "--runs");
  const workers = count("workers", "--workers");
  if (workers !== undefined && workers < 1) throw invalidInput("--workers must be at least 1", "--workers");
  return {
    joint: flags.joint === true,
    runs,
    seed: count("seed", "--seed"),
    workers,
    selection: oneOf(flags.selection, ["training", "last-epoch", "validation"] as const, "--selection"),
    schedule,
    model: {
      embeddingSize: count("dim", "--dim"),
      hops: count("hops", "--hops"),
      positionEncoding: oneOf(flags.encoding, ["reference", "paper", "none"] as const, "--encoding"),
      tying: oneOf(flags.tying, ["adjacent", "layer-wise"] as const, "--tying"),
    },
  };
}
