/**
 * bAbI supporting-fact recall: each story goes into its own scope, each statement line becomes a memory whose
 * source is its line id, and each question is asked in its story's scope when the lines before it (and only those)
 * have been remembered. We report, per task, the share of the supporting facts found among the top k memories.
 */
import { readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import type { Engine } from "../../core/index.js";
import { invalidInput } from "../../spec/errors.js";

export interface BabiQuestion {
  id: number;
  question: string;
  answer: string;
  supporting: number[];
}

export interface BabiStory {
  /** Statement lines and questions in file order. */
  lines: ({ type: "statement"; id: number; text: string } | ({ type: "question" } & BabiQuestion))[];
}

/**
 * Parse a bAbI file: "ID text" lines; ids count up from 1 within a story and restart at 1 for a new one; a question
 * line is "ID question\tanswer\tsupporting ids", the ids naming earlier statements of its story. Anything else is
 * refused with the file and line, and what to fix.
 */
export function parseBabi(text: string, where = "bAbI file"): BabiStory[] {
  const stories: BabiStory[] = [];
  let current: BabiStory | null = null;
  let previousId = 0;
  const statements = new Set<number>();
  text.split(/\r?\n/u).forEach((raw, index) => {
    if (raw.trim() === "") return;
    const at = `${where}:${index + 1}`;
    const match = /^(\d+) (.*)$/u.exec(raw);
    if (!match)
      throw invalidInput(
        `the line does not start with "ID " (a number and a space): "${raw.slice(0, 60)}"; every bAbI line does`,
        at,
      );
    const id = Number(match[1]);
    if (current === null || id <= previousId) {
      if (id !== 1)
        throw invalidInput(
          `line id ${id} ${current === null ? "starts the file" : `follows ${previousId}`}: a story's ids count up from 1, and a new story starts at 1`,
          at,
        );
      current = { lines: [] };
      stories.push(current);
      statements.clear();
    } else if (id !== previousId + 1)
      throw invalidInput(`line id ${id} follows ${previousId}: within a story, ids count up by one`, at);
    previousId = id;
    const parts = (match[2] as string).split("\t");
    if (parts.length === 1) {
      current.lines.push({ type: "statement", id, text: (parts[0] as string).trim() });
      statements.add(id);
      return;
    }
    if (parts.length < 3 || (parts[1] as string).trim() === "")
      throw invalidInput(
        `a question line needs three tab-separated fields (question, answer, supporting line ids), got ${parts.length}${parts.length >= 2 ? " with an empty answer" : ""}: "${raw.slice(0, 60)}"`,
        at,
      );
    const supporting = (parts[2] as string)
      .trim()
      .split(/\s+/u)
      .filter((s) => s.length > 0);
    const wrong = supporting.find((s) => !/^\d+$/u.test(s) || !statements.has(Number(s)));
    if (wrong !== undefined)
      throw invalidInput(
        `supporting fact "${wrong}" is not the id of an earlier statement of this story: list the ids of the lines that support the answer`,
        at,
      );
    current.lines.push({
      type: "question",
      id,
      question: (parts[0] as string).trim(),
      answer: (parts[1] as string).trim(),
      supporting: supporting.map(Number),
    });
  });
  if (stories.length === 0) throw invalidInput("no stories: the file is empty", where);
  return stories;
}

export interface BabiTaskReport {
  task: string;
  stories: number;
  questions: number;
  /** Mean share of supporting facts among the top k, in percent, by k. */
  recall: Record<string, number>;
  /** Percent of questions with every supporting fact in the top k, by k. */
  allFound: Record<string, number>;
}

export interface BabiReport {
  split: string;
  tasks: BabiTaskReport[];
  /** Mean over tasks. */
  mean: { recall: Record<string, number>; allFound: Record<string, number> };
  questions: number;
  seconds: number;
}

export interface BabiEvalOptions {
  /** "test" (default) or "train": which file of each task. */
  split?: "test" | "train";
  ks?: number[];
  /** Only the first n questions of each task. */
  limit?: number;
  /** Only these task numbers (1–20). */
  tasks?: number[];
  onProgress?: (message: string) => void;
}

/** Story time: one line a minute from here, so recency orders a story's lines as they were told. */
const STORY_START = Date.UTC(2024, 0, 1);
const LINE_MS = 60_000;

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

/** The task files of a bAbI folder for a split, in task order (qa1 … qa20). */
export function babiTaskFiles(folder: string, split: "test" | "train" = "test"): string[] {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch (error) {
    throw invalidInput(
      `no folder at ${folder}: pass the bAbI folder, e.g. ../shared/data/babi-en-1k`,
      folder,
      error,
    );
  }
  const files = names
    .filter((name) => new RegExp(`^qa\\d+_.*_${split}\\.txt$`, "u").test(name))
    .sort((a, b) => Number(/^qa(\d+)/u.exec(a)?.[1]) - Number(/^qa(\d+)/u.exec(b)?.[1]));
  if (files.length === 0)
    throw invalidInput(`no qa*_${split}.txt files in ${folder}: is it the bAbI folder?`, folder);
  return files.map((name) => join(folder, name));
}

/**
 * Evaluate supporting-fact recall on the bAbI files of `folder`, writing into `engine` (use an empty store).
 * @example const report = await evaluateBabi(engine, "../shared/data/babi-en-1k", { limit: 100 });
 */
export async function evaluateBabi(
  engine: Engine,
  folder: string,
  options: BabiEvalOptions = {},
): Promise<BabiReport> {
  const split = options.split ?? "test";
  const ks = [...new Set(options.ks ?? [1, 3, 5])].sort((a, b) => a - b);
  const maxK = ks[ks.length - 1] ?? 5;
  const started = performance.now();
  const tasks: BabiTaskReport[] = [];
  for (const file of babiTaskFiles(folder, split)) {
    const task = basename(file).replace(`_${split}.txt`, "");
    const number = Number(/^qa(\d+)/u.exec(task)?.[1]);
    if (options.tasks && !options.tasks.includes(number)) continue;
    const stories = parseBabi(readFileSync(file, "utf8"), file);
    const recallSums = new Map(ks.map((k) => [k, 0]));
    const allFoundCounts = new Map(ks.map((k) => [k, 0]));
    let questions = 0;
    let storiesUsed = 0;
    const limit = options.limit ?? Number.POSITIVE_INFINITY;
    for (const [s, story] of stories.entries()) {
      if (questions >= limit) break;
      storiesUsed++;
      const user = `${task}/${s + 1}`;
      let pending: { text: string; at: number; source: string }[] = [];
      for (const line of story.lines) {
        const at = STORY_START + line.id * LINE_MS;
        if (line.type === "statement") {
          pending.push({ text: line.text, at, source: String(line.id) });
          continue;
        }
        if (questions >= limit) break;
        if (pending.length > 0) {
          await engine.remember(pending.map((p) => ({ ...p, user, kind: "episode" as const })));
          pending = [];
        }
        const result = await engine.recall({ query: line.question, user, k: maxK, now: at });
        questions++;
        // A memory told more than once (the same line again) counts for each of its line ids told so far.
        const ranked = result.results.map(
          (memory) =>
            new Set(
              memory.sources.flatMap((source) => (source.source === null ? [] : [Number(source.source)])),
            ),
        );
        for (const k of ks) {
          const found = new Set<number>();
          for (const ids of ranked.slice(0, k)) for (const id of ids) found.add(id);
          const hits = line.supporting.filter((id) => found.has(id)).length;
          recallSums.set(k, (recallSums.get(k) ?? 0) + hits / Math.max(1, line.supporting.length));
          if (hits === line.supporting.length) allFoundCounts.set(k, (allFoundCounts.get(k) ?? 0) + 1);
        }
      }
    }
    const n = Math.max(1, questions);
    const report: BabiTaskReport = {
      task,
      stories: storiesUsed,
      questions,
      recall: Object.fromEntries(ks.map((k) => [String(k), round((100 * (recallSums.get(k) ?? 0)) / n)])),
      allFound: Object.fromEntries(
        ks.map((k) => [String(k), round((100 * (allFoundCounts.get(k) ?? 0)) / n)]),
      ),
    };
    tasks.push(report);
    options.onProgress?.(`${task}: ${questions} questions, recall@${maxK} ${report.recall[String(maxK)]}%`);
  }
  const mean = (pick: (t: BabiTaskReport) => Record<string, number>) =>
    Object.fromEntries(
      ks.map((k) => [
        String(k),
        round(tasks.reduce((sum, t) => sum + (pick(t)[String(k)] ?? 0), 0) / Math.max(1, tasks.length)),
      ]),
    );
  return {
    split,
    tasks,
    mean: { recall: mean((t) => t.recall), allFound: mean((t) => t.allFound) },
    questions: tasks.reduce((sum, t) => sum + t.questions, 0),
    seconds: round((performance.now() - started) / 1000),
  };
}
