/**
 * bAbI for the End-To-End Memory Network: a task folder's files read into stories, words into ids (a vocabulary
 * built from the training files only), and every question into an example: the statements of its story before it,
 * the question, and the answer (a multi-word answer such as "n,w" is one answer word). The last 10% of each training
 * file is held back for validation.
 */
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import type { MemoryExample } from "../../mechanisms/index.js";
import { invalidInput } from "../../spec/errors.js";
import { type BabiStory, babiTaskFiles, parseBabi } from "./babi-eval.js";

/** Word ids: 0 is the nil word (padding, and any word the training files never had). */
export interface BabiVocabulary {
  words: string[];
  ids: Map<string, number>;
}

export interface BabiTask {
  task: number;
  name: string;
  train: BabiStory[];
  test: BabiStory[];
  trainFile: string;
  testFile: string;
}

/** Lower-cased words without the full stop or question mark that ends a bAbI sentence. */
export function tokenizeBabi(text: string): string[] {
  return text
    .toLowerCase()
    .split(/\s+/u)
    .map((word) => word.replace(/[.?!]+$/u, ""))
    .filter((word) => word.length > 0);
}

function taskNumber(file: string): number {
  return Number(/^qa(\d+)_/u.exec(basename(file))?.[1]);
}

/**
 * The tasks of a bAbI folder (qa<N>_*_train.txt and qa<N>_*_test.txt), in task order; only `tasks` when given.
 * @example loadBabiTasks("../shared/data/babi-en-1k", [1, 2])
 */
export function loadBabiTasks(folder: string, tasks?: readonly number[]): BabiTask[] {
  const trainFiles = new Map(babiTaskFiles(folder, "train").map((file) => [taskNumber(file), file]));
  const testFiles = new Map(babiTaskFiles(folder, "test").map((file) => [taskNumber(file), file]));
  const wanted = tasks ?? [...trainFiles.keys()].sort((a, b) => a - b);
  return wanted.map((task) => {
    const trainFile = trainFiles.get(task);
    const testFile = testFiles.get(task);
    if (!trainFile || !testFile)
      throw invalidInput(
        `task ${task} needs both qa${task}_*_train.txt and qa${task}_*_test.txt in ${folder}; found ${trainFile ? "only the training file" : testFile ? "only the test file" : "neither"}`,
        folder,
      );
    return {
      task,
      name: basename(trainFile).replace(/_train\.txt$/u, ""),
      train: parseBabi(readFileSync(trainFile, "utf8"), trainFile),
      test: parseBabi(readFileSync(testFile, "utf8"), testFile),
      trainFile,
      testFile,
    };
  });
}

/** Every word and answer of the given (training) stories, in order of first appearance after the nil word. */
export function buildBabiVocabulary(storyLists: readonly (readonly BabiStory[])[]): BabiVocabulary {
  const words = ["<nil>"];
  const ids = new Map<string, number>([["<nil>", 0]]);
  const add = (word: string) => {
    if (!ids.has(word)) {
      ids.set(word, words.length);
      words.push(word);
    }
  };
  for (const stories of storyLists)
    for (const story of stories)
      for (const line of story.lines) {
        for (const word of tokenizeBabi(line.type === "statement" ? line.text : line.question)) add(word);
        if (line.type === "question") add(line.answer.toLowerCase());
      }
  return { words, ids };
}

/** The longest sentence or question (in words) and the most statements before a question, over the stories. */
export function babiShape(storyLists: readonly (readonly BabiStory[])[]): {
  sentenceLength: number;
  storyLength: number;
} {
  let sentenceLength = 1;
  let storyLength = 1;
  for (const stories of storyLists)
    for (const story of stories) {
      let statements = 0;
      for (const line of story.lines) {
        const words = tokenizeBabi(line.type === "statement" ? line.text : line.question).length;
        sentenceLength = Math.max(sentenceLength, words);
        if (line.type === "statement") statements++;
        else storyLength = Math.max(storyLength, statements);
      }
    }
  return { sentenceLength, storyLength };
}

export interface BabiExamples {
  examples: MemoryExample[];
  /** Words the vocabulary lacks (read as nil) and answers it lacks (always wrong), counted. */
  unknownWords: number;
  unknownAnswers: number;
}

/** Each question of the stories as an example; a story's sentences are shared by its questions' examples. */
export function babiExamples(stories: readonly BabiStory[], vocabulary: BabiVocabulary): BabiExamples {
  let unknownWords = 0;
  let unknownAnswers = 0;
  const encode = (text: string) =>
    Int32Array.from(tokenizeBabi(text), (word) => {
      const id = vocabulary.ids.get(word);
      if (id === undefined) unknownWords++;
      return id ?? 0;
    });
  const examples: MemoryExample[] = [];
  for (const story of stories) {
    const sentences: Int32Array[] = [];
    for (const line of story.lines) {
      if (line.type === "statement") {
        sentences.push(encode(line.text));
        continue;
      }
      const answer = vocabulary.ids.get(line.answer.toLowerCase());
      if (answer === undefined) unknownAnswers++;
      examples.push({ sentences: sentences.slice(), question: encode(line.question), answer: answer ?? -1 });
    }
  }
  return { examples, unknownWords, unknownAnswers };
}

/** The first 90% of a training file's questions for training, the last 10% for validation (as the authors). */
export function splitValidation<T>(examples: readonly T[]): { train: T[]; validation: T[] } {
  const cut = Math.floor(0.9 * examples.length);
  return { train: examples.slice(0, cut), validation: examples.slice(cut) };
}
