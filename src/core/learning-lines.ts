/** What a tenant taught recall, in the export file: its learned weights ("scorer") and its feedback, one JSON line each. */
import { z } from "zod";
import type { FeedbackRecord, StoredScorer } from "../spec/store.js";
import { parseScorerFile } from "./recall-scorer.js";
import { parseInput } from "./validate.js";

const id = z.string().regex(/^[A-Za-z0-9_:.-]{1,128}$/, "must be 1–128 letters, digits or _:.-");
const nullableId = z.string().min(1).nullable();
const time = z.number().int("must be whole milliseconds since the epoch");

const scorerLine = z.strictObject({
  type: z.literal("scorer"),
  tenant: z.string().min(1),
  updatedAt: time,
  scorer: z.unknown(),
});

const feedbackLine = z.strictObject({
  type: z.literal("feedback"),
  feedback: z.strictObject({
    id,
    tenant: z.string().min(1),
    user: nullableId,
    agent: nullableId,
    session: nullableId,
    query: z.string().min(1),
    used: z.array(id).min(1),
    rejected: z.array(id),
    at: time,
    recordedAt: time,
  }),
});

export type LearningLine =
  | { type: "scorer"; scorer: StoredScorer }
  | { type: "feedback"; feedback: FeedbackRecord };

export function isLearningLineType(type: unknown): type is "scorer" | "feedback" {
  return type === "scorer" || type === "feedback";
}

export function encodeLearningRecord(
  record: { scorer: StoredScorer } | { feedback: FeedbackRecord },
): string {
  if ("scorer" in record)
    return JSON.stringify({
      type: "scorer",
      tenant: record.scorer.tenant,
      updatedAt: record.scorer.updatedAt,
      scorer: record.scorer.file,
    });
  return JSON.stringify({ type: "feedback", feedback: record.feedback });
}

/** One "scorer" or "feedback" line; the weights are checked as a scorer file (format, version, features). */
export function decodeLearningLine(value: unknown, where: string): LearningLine {
  if ((value as { type?: unknown }).type === "scorer") {
    const line = parseInput(scorerLine, value, where);
    parseScorerFile(line.scorer, "learned", `${where}: scorer`);
    return {
      type: "scorer",
      scorer: { tenant: line.tenant, updatedAt: line.updatedAt, file: line.scorer as StoredScorer["file"] },
    };
  }
  return { type: "feedback", feedback: parseInput(feedbackLine, value, where).feedback };
}
