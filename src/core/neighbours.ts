/**
 * Conversations are local: the answer to a question is often the turn right after it ("How long have you been
 * married?" → "5 years already!"). The strongest hits lend part of their relevance to the turns next to them in
 * the same session — the `neighbour` term of the score — and bring those turns into the candidate set. Only
 * conversation memories (episodes told in a session) have neighbours: documents and translation units do not.
 */
import type { MemoryKey, MemoryRecord } from "../spec/memory.js";
import type { MemoryFilter } from "../spec/store.js";
import { asksQuestion } from "../text/question-form.js";
import type { EngineRuntime } from "./engine-runtime.js";

export interface NeighbourBonus {
  record: MemoryRecord;
  /** The hand-set neighbour term: neighbourWeight × the relevance of the hit next to it (more after a question). */
  bonus: number;
  /** The hit it came from (the one that lent the largest bonus). */
  via: string;
  /** Relevance of the hit right before it (0 when none): it may answer that hit. */
  previous: number;
  /** Whether that hit asked something. */
  previousAsked: boolean;
  /** Relevance of the hit right after it (0 when none). */
  next: number;
  /** Its keys of the kinds neighbourBonuses was asked for (read with it). */
  keys: MemoryKey[];
}

/** Whether a memory belongs to a conversation: an episode told in a session or by a speaker. */
export function isConversationMemory(record: MemoryRecord): boolean {
  return record.kind === "episode" && (record.session !== null || record.speaker !== null);
}

/**
 * For the `top` most relevant records, find the previous and next memory of the same session and give each a
 * bonus proportional to the hit's relevance. Returns one entry per neighbour (the best bonus wins), with the
 * neighbour's keys of `keyKinds` read in the same store call.
 */
export async function neighbourBonuses(
  runtime: EngineRuntime,
  filter: MemoryFilter,
  hits: { record: MemoryRecord; relevance: number }[],
  keyKinds?: string[],
): Promise<Map<string, NeighbourBonus>> {
  const { options, store } = runtime;
  const out = new Map<string, NeighbourBonus>();
  if (options.neighbourWeight <= 0 || options.neighbourHits <= 0) return out;
  // only memories told in a session have neighbours; others (facts, documents) must not take the slots
  const top = hits
    .filter((hit) => hit.record.session !== null && isConversationMemory(hit.record) && hit.relevance > 0)
    // equal relevance (common among weak hits) is ordered by time then text, never by id: two stores holding the same
    // memories under other ids must pick the same hits
    .sort(
      (a, b) =>
        b.relevance - a.relevance ||
        b.record.occurredAt - a.record.occurredAt ||
        (a.record.text < b.record.text ? -1 : a.record.text > b.record.text ? 1 : 0),
    )
    .slice(0, options.neighbourHits);
  // every look-up in one call, then in order of relevance
  const found = await store.adjacent(
    filter,
    top.map(({ record }) => ({ session: record.session as string, occurredAt: record.occurredAt })),
    keyKinds,
  );
  for (const [position, { record, relevance }] of top.entries()) {
    const { previous, next, previousKeys, nextKeys } = found[position] ?? { previous: null, next: null };
    const asked = asksQuestion(record.text);
    const sides: [MemoryRecord | null, number, "after" | "before", MemoryKey[] | undefined][] = [
      [previous, options.neighbourWeight * 0.5, "before", previousKeys],
      [next, options.neighbourWeight * (asked ? 1 : 0.5), "after", nextKeys],
    ];
    for (const [neighbour, factor, side, keys] of sides) {
      if (!neighbour || !isConversationMemory(neighbour)) continue;
      const bonus = factor * relevance;
      const entry = out.get(neighbour.id) ?? {
        record: neighbour,
        bonus: 0,
        via: record.id,
        previous: 0,
        previousAsked: false,
        next: 0,
        keys: keys ?? [],
      };
      if (bonus > entry.bonus) {
        entry.bonus = bonus;
        entry.via = record.id;
      }
      // the hit comes after this neighbour when the neighbour is the hit's previous turn
      if (side === "before") entry.next = Math.max(entry.next, relevance);
      else if (relevance > entry.previous) {
        entry.previous = relevance;
        entry.previousAsked = asked;
      }
      out.set(neighbour.id, entry);
    }
  }
  return out;
}
