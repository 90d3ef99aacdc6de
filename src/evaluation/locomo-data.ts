/** Reading the LoCoMo file: conversations of dated sessions, and questions with the dialogue ids of their evidence, parsed leniently. */
import { readFileSync } from "node:fs";
import { z } from "zod";
import { invalidInput } from "../spec/errors.js";

export interface LocomoTurn {
  diaId: string;
  speaker: string;
  text: string;
  /** What a shared photo shows, when the turn shared one. */
  caption: string | null;
  session: number;
  /** Session date (ms) plus one minute per turn, so turns keep their order in time. */
  at: number;
}

export interface LocomoQuestion {
  question: string;
  category: number;
  evidence: string[];
}

export interface LocomoConversation {
  id: string;
  speakers: string[];
  turns: LocomoTurn[];
  questions: LocomoQuestion[];
  /** Date of the last session (ms): the time the questions are asked. */
  lastSessionAt: number;
}

export interface LocomoData {
  conversations: LocomoConversation[];
  /** Questions left out, and why. */
  skipped: { question: string; reason: string }[];
  /** Evidence ids that were malformed but repaired (e.g. "D:11:26" → "D11:26"). */
  repaired: number;
}

const turnSchema = z.looseObject({
  speaker: z.string(),
  dia_id: z.string(),
  text: z.string(),
  blip_caption: z.string().optional(),
});
const fileSchema = z.array(
  z.looseObject({
    sample_id: z.string().optional(),
    conversation: z.record(z.string(), z.unknown()),
    qa: z.array(
      z.looseObject({
        question: z.string(),
        category: z.number(),
        evidence: z.array(z.unknown()).optional(),
      }),
    ),
  }),
);

const MONTHS = [
  "january",
  "february",
  "march",
  "april",
  "may",
  "june",
  "july",
  "august",
  "september",
  "october",
  "november",
  "december",
];

/** "1:56 pm on 8 May, 2023" → epoch ms (UTC). */
export function parseLocomoDate(text: string): number {
  const match = /(\d{1,2}):(\d{2})\s*(am|pm)\s+on\s+(\d{1,2})\s+([A-Za-z]+),?\s+(\d{4})/i.exec(text);
  if (!match)
    throw invalidInput(
      `cannot read the session date "${text}": expected a time like "1:56 pm on 8 May, 2023"`,
    );
  const [, hh, mm, ampm, day, monthName, year] = match as unknown as string[];
  const month = MONTHS.indexOf((monthName as string).toLowerCase());
  if (month < 0) throw invalidInput(`unknown month "${monthName}" in "${text}"`);
  const hour = (Number(hh) % 12) + ((ampm as string).toLowerCase() === "pm" ? 12 : 0);
  return Date.UTC(Number(year), month, Number(day), hour, Number(mm));
}

/**
 * Evidence ids as the file gives them, split and repaired: "D8:6; D9:17" → two ids, "D:11:26" → "D11:26",
 * "D30:05" → "D30:5" (the dialogue ids have no leading zeros).
 */
export function parseEvidence(raw: unknown[]): { ids: string[]; repaired: number; bad: string[] } {
  const ids: string[] = [];
  const bad: string[] = [];
  let repaired = 0;
  for (const item of raw) {
    if (typeof item !== "string") {
      bad.push(String(item));
      continue;
    }
    const parts = item.split(/[;,\s]+/).filter((p) => p.length > 0);
    if (parts.length > 1) repaired++;
    for (const part of parts) {
      const match = /^D:?(\d+):(\d+)$/.exec(part);
      if (!match) {
        bad.push(part);
        continue;
      }
      const id = `D${Number(match[1])}:${Number(match[2])}`;
      if (id !== part) repaired++;
      ids.push(id);
    }
  }
  return { ids: [...new Set(ids)], repaired, bad };
}

export function loadLocomo(path: string): LocomoData {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw invalidInput(
      `cannot read ${path} as JSON (${(error as Error).message}): pass the LoCoMo file, e.g. ../shared/data/locomo/locomo-dev.json`,
    );
  }
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success)
    throw invalidInput(`${path} is not in LoCoMo's format: ${parsed.error.issues[0]?.message ?? "unknown"}`);

  const skipped: LocomoData["skipped"] = [];
  let repaired = 0;
  const conversations = parsed.data.map((sample, index): LocomoConversation => {
    const id = sample.sample_id ?? `conversation-${index + 1}`;
    const conversation = sample.conversation;
    const speakers = [conversation.speaker_a, conversation.speaker_b].filter(
      (s): s is string => typeof s === "string",
    );
    const sessionNumbers = Object.keys(conversation)
      .map((key) => /^session_(\d+)$/.exec(key)?.[1])
      .filter((n): n is string => n !== undefined)
      .map(Number)
      .sort((a, b) => a - b);
    const turns: LocomoTurn[] = [];
    let lastSessionAt = 0;
    for (const n of sessionNumbers) {
      const list = conversation[`session_${n}`];
      const dateText = conversation[`session_${n}_date_time`];
      if (!Array.isArray(list) || typeof dateText !== "string") continue;
      const date = parseLocomoDate(dateText);
      lastSessionAt = Math.max(lastSessionAt, date);
      list.forEach((item, i) => {
        const turn = turnSchema.safeParse(item);
        if (!turn.success) return;
        turns.push({
          diaId: turn.data.dia_id,
          speaker: turn.data.speaker,
          text: turn.data.text,
          caption: turn.data.blip_caption ?? null,
          session: n,
          at: date + i * 60_000,
        });
      });
    }
    const known = new Set(turns.map((t) => t.diaId));
    const questions: LocomoQuestion[] = [];
    for (const qa of sample.qa) {
      const evidence = parseEvidence(qa.evidence ?? []);
      repaired += evidence.repaired;
      const present = evidence.ids.filter((e) => known.has(e));
      if (present.length === 0) {
        skipped.push({
          question: qa.question,
          reason:
            evidence.ids.length === 0
              ? "no evidence"
              : `evidence not in the conversation: ${evidence.ids.join(", ")}`,
        });
        continue;
      }
      questions.push({ question: qa.question, category: qa.category, evidence: present });
    }
    return { id, speakers, turns, questions, lastSessionAt };
  });
  return { conversations, skipped, repaired };
}
