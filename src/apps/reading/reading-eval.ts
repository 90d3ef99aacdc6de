/**
 * Reading comprehension evaluated on a SQuAD-format file: every passage is ingested as one corpus of segments;
 * each question is asked over the whole corpus; we report whether a top-k segment holds the gold answer
 * (recall@k) and the extractive answer's exact match and F1 (character-level for Chinese), as percentages.
 */
import { z } from "zod";
import type { Engine } from "../../core/index.js";
import { invalidInput } from "../../spec/errors.js";
import { exactMatch, f1Score } from "./answer-metrics.js";
import { type CitedSegment, createReadingApp, parseSegmentSource } from "./reading-app.js";
import type { SegmentOptions } from "./segmenter.js";

const squadSchema = z.object({
  data: z.array(
    z.object({
      title: z.string().optional(),
      paragraphs: z.array(
        z.object({
          id: z.string().optional(),
          context: z.string(),
          qas: z.array(
            z.object({
              id: z.string(),
              question: z.string(),
              answers: z.array(z.object({ text: z.string(), answer_start: z.number().int().optional() })),
            }),
          ),
        }),
      ),
    }),
  ),
});

export type SquadFile = z.infer<typeof squadSchema>;

/** Parse and check a SQuAD-format JSON text. */
export function parseSquad(text: string, where = "SQuAD file"): SquadFile {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw invalidInput(
      `is not JSON (${(error as Error).message}): pass a SQuAD-format .json file`,
      where,
      error,
    );
  }
  const parsed = squadSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalidInput(
      `is not in SQuAD format (${issue?.path.join(".")}: ${issue?.message}): expected {"data":[{"paragraphs":[{"context","qas":[{"id","question","answers":[{"text","answer_start"}]}]}]}]}`,
      where,
    );
  }
  return parsed.data;
}

export interface SquadEvalOptions {
  /** Cut-offs for recall@k. Default [1, 5, 10]. */
  ks?: number[];
  /** Only the first n questions (all passages are still ingested). */
  limit?: number;
  segments?: SegmentOptions;
  onProgress?: (message: string) => void;
}

export interface SquadQuestionResult {
  id: string;
  question: string;
  answers: string[];
  prediction: string;
  /** Rank (1-based) of the first segment holding the answer within the largest k, or null. */
  rank: number | null;
  exactMatch: number;
  f1: number;
}

export interface SquadEvalReport {
  /** Percent of questions with the answer in a top-k segment, by k. */
  recall: Record<string, number>;
  exactMatch: number;
  f1: number;
  segments: number;
  meanSegmentChars: number;
  passages: number;
  questions: number;
  /** Questions left out because they had no text or no gold answer. */
  skipped: number;
  ingestSeconds: number;
  /** Mean time per question (recall and extraction), ms. */
  askMs: number;
  perQuestion: SquadQuestionResult[];
}

function round(value: number, digits = 2): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/** Does this recalled segment come from passage `document` and contain one of its gold answers? */
function holdsAnswer(segment: CitedSegment, document: string, answers: string[]): boolean {
  const fromPassage = segment.sources.some((source) => parseSegmentSource(source)?.document === document);
  return fromPassage && answers.some((answer) => segment.text.includes(answer));
}

/**
 * Ingest every passage of `squad` into `engine` (use an empty store) and evaluate every question.
 * @example const report = await evaluateSquad(engine, parseSquad(readFileSync("cmrc2018_trial.squad.json", "utf8")));
 */
export async function evaluateSquad(
  engine: Engine,
  squad: SquadFile,
  options: SquadEvalOptions = {},
): Promise<SquadEvalReport> {
  const ks = [...new Set(options.ks ?? [1, 5, 10])].sort((a, b) => a - b);
  const maxK = ks[ks.length - 1] ?? 10;
  const app = createReadingApp(engine, { segments: options.segments });

  const passages: {
    document: string;
    context: string;
    qas: SquadFile["data"][number]["paragraphs"][number]["qas"];
  }[] = [];
  squad.data.forEach((article, a) => {
    article.paragraphs.forEach((paragraph, p) => {
      passages.push({
        document: paragraph.id ?? `${a}.${p}`,
        context: paragraph.context,
        qas: paragraph.qas,
      });
    });
  });

  const ingestStarted = performance.now();
  let segments = 0;
  let segmentChars = 0;
  for (const [i, passage] of passages.entries()) {
    const ingested = await app.ingestText(passage.context, passage.document);
    segments += ingested.inserted;
    segmentChars += ingested.segmentChars;
    if ((i + 1) % 50 === 0) options.onProgress?.(`ingested ${i + 1}/${passages.length} passages`);
  }
  const ingestSeconds = (performance.now() - ingestStarted) / 1000;

  const all = passages.flatMap((passage) => passage.qas.map((qa) => ({ passage, qa })));
  // A question with no text or no gold answer cannot be scored: count it and leave it out.
  const questions = all.filter(
    ({ qa }) => qa.question.trim().length > 0 && qa.answers.some((a) => a.text.length > 0),
  );
  const selected = questions.slice(0, options.limit ?? questions.length);
  const perQuestion: SquadQuestionResult[] = [];
  const askStarted = performance.now();
  for (const [i, { passage, qa }] of selected.entries()) {
    const result = await app.ask(qa.question, { k: maxK });
    const golds = qa.answers.map((a) => a.text);
    const rankIndex = result.segments.findIndex((segment) => holdsAnswer(segment, passage.document, golds));
    const prediction = result.answer?.text ?? "";
    perQuestion.push({
      id: qa.id,
      question: qa.question,
      answers: golds,
      prediction,
      rank: rankIndex < 0 ? null : rankIndex + 1,
      exactMatch: exactMatch(prediction, golds),
      f1: f1Score(prediction, golds),
    });
    if ((i + 1) % 100 === 0) options.onProgress?.(`asked ${i + 1}/${selected.length} questions`);
  }
  const askMs = selected.length > 0 ? (performance.now() - askStarted) / selected.length : 0;

  const n = Math.max(1, perQuestion.length);
  const recall: Record<string, number> = {};
  for (const k of ks)
    recall[String(k)] = round((100 * perQuestion.filter((q) => q.rank !== null && q.rank <= k).length) / n);
  return {
    recall,
    exactMatch: round((100 * perQuestion.reduce((s, q) => s + q.exactMatch, 0)) / n),
    f1: round((100 * perQuestion.reduce((s, q) => s + q.f1, 0)) / n),
    segments,
    meanSegmentChars: round(segmentChars / Math.max(1, segments), 1),
    passages: passages.length,
    questions: perQuestion.length,
    skipped: all.length - questions.length,
    ingestSeconds: round(ingestSeconds),
    askMs: round(askMs),
    perQuestion,
  };
}
