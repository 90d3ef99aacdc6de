/**
 * Conversations are local: the answer to a question is often the turn right after it ("How long have you been
 * married?" → "5 years already!"). The strongest hits lend part of their relevance to the turns next to them in
 * the same session — a `context` term in the score — and bring those turns into the candidate set.
 */
import type { MemoryRecord } from "../spec/memory.js";
import type { MemoryFilter } from "../spec/store.js";
import type { EngineContext } from "./context.js";

export interface NeighbourBonus {
  record: MemoryRecord;
  /** The context term: neighbourWeight × the relevance of the hit next to it (more after a question). */
  bonus: number;
  /** The hit it came from. */
  via: string;
}

/**
 * For the `top` most relevant records, find the previous and next memory of the same session and give each a
 * bonus proportional to the hit's relevance. Returns one entry per neighbour (the best bonus wins).
 */
export async function neighbourBonuses(
  context: EngineContext,
  filter: MemoryFilter,
  hits: { record: MemoryRecord; relevance: number }[],
): Promise<Map<string, NeighbourBonus>> {
  const { options, store } = context;
  const out = new Map<string, NeighbourBonus>();
  if (options.neighbourWeight <= 0 || options.neighbourHits <= 0) return out;
  // only memories told in a session have neighbours; others (facts, documents) must not take the slots
  const top = hits
    .filter((hit) => hit.record.session !== null && hit.relevance > 0)
    .sort((a, b) => b.relevance - a.relevance)
    .slice(0, options.neighbourHits);
  // Every look-up at once (a store with a connection pool runs them side by side), then in order of relevance.
  const found = await Promise.all(
    top.map(async ({ record }) => {
      if (record.session === null) return [undefined, undefined] as const;
      const sessionFilter: MemoryFilter = { ...filter, session: record.session };
      const [[previous], [next]] = await Promise.all([
        store.list({ ...sessionFilter, to: record.occurredAt - 1 }, { limit: 1, order: "desc" }),
        store.list({ ...sessionFilter, from: record.occurredAt + 1 }, { limit: 1, order: "asc" }),
      ]);
      return [previous, next] as const;
    }),
  );
  for (const [position, { record, relevance }] of top.entries()) {
    const [previous, next] = found[position] ?? [undefined, undefined];
    if (record.session === null) continue;
    const asked = /\?\s*(\[[^\]]*\])?\s*$/.test(record.text);
    const candidates: [MemoryRecord | undefined, number][] = [
      [previous, options.neighbourWeight * 0.5],
      [next, options.neighbourWeight * (asked ? 1 : 0.5)],
    ];
    for (const [neighbour, factor] of candidates) {
      if (!neighbour) continue;
      const bonus = factor * relevance;
      const existing = out.get(neighbour.id);
      if (!existing || existing.bonus < bonus)
        out.set(neighbour.id, { record: neighbour, bonus, via: record.id });
    }
  }
  return out;
}
