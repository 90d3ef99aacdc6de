/** `engram babi answer`: a trained End-To-End Memory Network answers a story's questions and shows each hop's attention. */
import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { answerStory, parseStoryFile, readMemn2nModel, type StoryAnswer } from "../../apps/reading/index.js";
import { invalidInput } from "../../spec/errors.js";
import { weightBar } from "../format.js";
import type { CliContext } from "../shared.js";

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
