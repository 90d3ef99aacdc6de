/**
 * `engram babi answer`: a trained memory network answers the questions of a story file and shows, for each hop, the
 * attention it paid to every sentence: the guide's interpretability point (section 8.2), what the model read.
 */
import { softmax } from "../../mechanisms/index.js";
import { invalidInput } from "../../spec/errors.js";
import { tokenizeBabi } from "./memn2n-babi.js";
import type { Memn2nModel } from "./memn2n-model-file.js";

export interface StoryLine {
  line: number;
  text: string;
}

export interface StoryQuestion extends StoryLine {
  /** The answer after a tab, when the file gives one (bAbI's format). */
  expected?: string;
  /** The statements of its story before it, oldest first. */
  statements: StoryLine[];
}

/**
 * A story file: one sentence a line, in bAbI's numbered format ("1 Mary went to the kitchen.", a number restarting at
 * 1 starts a new story) or plain lines; a line whose text ends with "?" is a question, optionally followed by a tab
 * and the expected answer.
 */
export function parseStoryFile(text: string, where: string): StoryQuestion[] {
  const questions: StoryQuestion[] = [];
  let statements: StoryLine[] = [];
  let previousId = 0;
  text.split(/\r?\n/u).forEach((raw, index) => {
    if (raw.trim() === "") return;
    const numbered = /^(\d+)\s+(.*)$/u.exec(raw);
    if (numbered) {
      const id = Number(numbered[1]);
      if (id <= previousId) statements = [];
      previousId = id;
    }
    const [body = "", expected] = (numbered ? (numbered[2] as string) : raw).split("\t");
    const sentence = body.trim();
    if (sentence.endsWith("?")) {
      const answer = expected?.trim();
      questions.push({
        line: index + 1,
        text: sentence,
        ...(answer ? { expected: answer } : {}),
        statements: statements.slice(),
      });
    } else {
      if (expected !== undefined)
        throw invalidInput(
          `a statement has a tab-separated answer but does not end with "?": end the question with "?" or remove the tab`,
          `${where}:${index + 1}`,
        );
      statements.push({ line: index + 1, text: sentence });
    }
  });
  if (questions.length === 0)
    throw invalidInput(
      'no question in the story: add a line that ends with "?" after the sentences it asks about',
      where,
    );
  return questions;
}

export interface StoryAnswer {
  line: number;
  question: string;
  answer: string;
  /** softmax of the answer scores at the answer. */
  probability: number;
  expected?: string;
  correct?: boolean;
  /** The sentences read (the latest `memorySize`), oldest first. */
  sentences: StoryLine[];
  /** Sentences before those, not read. */
  skipped: number;
  /** Per hop, the attention on each sentence read (aligned with `sentences`) and on the empty slots together. */
  hops: { weights: number[]; empty: number }[];
  /** Words the model's vocabulary lacks: they read as nothing. */
  unknownWords: string[];
}

/**
 * @example answerStory(readMemn2nModel("qa1.json"), parseStoryFile(text, "story.txt"))
 */
export function answerStory(model: Memn2nModel, questions: readonly StoryQuestion[]): StoryAnswer[] {
  const { network, vocabulary } = model;
  return questions.map((q) => {
    const unknown = new Set<string>();
    const encode = (text: string) =>
      Int32Array.from(tokenizeBabi(text), (word) => {
        const id = vocabulary.ids.get(word);
        if (id === undefined) unknown.add(word);
        return id ?? 0;
      });
    const forward = network.forward({
      sentences: q.statements.map((s) => encode(s.text)),
      question: encode(q.text),
      answer: -1,
    });
    const probabilities = softmax(forward.logits);
    const answer =
      vocabulary.words[forward.prediction] ?? `<time ${forward.prediction - vocabulary.words.length}>`;
    const skipped = q.statements.length - forward.window;
    return {
      line: q.line,
      question: q.text,
      answer,
      probability: probabilities[forward.prediction] as number,
      ...(q.expected !== undefined
        ? { expected: q.expected, correct: q.expected.toLowerCase() === answer }
        : {}),
      sentences: q.statements.slice(skipped),
      skipped,
      hops: forward.attention.map((weights) => {
        const list = [...weights];
        return { weights: list, empty: Math.max(0, 1 - list.reduce((s, w) => s + w, 0)) };
      }),
      unknownWords: [...unknown],
    };
  });
}
