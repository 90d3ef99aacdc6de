/**
 * The measure an application feels: the share of a question's evidence turns that an LLM would actually see inside
 * a context block of a given token budget. For Engram the block is what `engine.context` assembles; for a top-k
 * baseline, its ranked turns are laid out the same way ("- [date] Speaker: text" under one header) and cut where the
 * budget ends.
 */
import type { Engine } from "../core/index.js";
import type { MemoryRecord } from "../spec/memory.js";
import type { Store } from "../spec/store.js";
import { loadTokenCounter } from "../text/tokens.js";
import { recalledTurns } from "./locomo-turns.js";

/** The share of `evidence` among `seen`, in [0, 1]. */
export function evidenceShare(seen: Iterable<string>, evidence: readonly string[]): number {
  const found = new Set(seen);
  return evidence.filter((e) => found.has(e)).length / Math.max(1, evidence.length);
}

/** The dialogue turns inside the context block Engram assembles for `query` within `budget` tokens. */
export async function turnsInContext(
  engine: Engine,
  tenant: string,
  query: { query: string; user: string; budget: number },
): Promise<string[]> {
  const block = await engine.context(query);
  const items = block.sections.flatMap((section) => section.items);
  const records = await engine.store.get(
    tenant,
    items.map((item) => item.id),
  );
  return (
    await recalledTurns(
      engine.store,
      tenant,
      records.map((r) => ({ kind: r.kind, sources: r.sources })),
    )
  ).flat();
}

function day(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * The turns of a ranked list that fit in `budget` tokens when laid out as a context block ("## Memories", then one
 * "- [date] Speaker: text" line each), greedily in rank order as `context` packs its candidates.
 */
export async function turnsWithinBudget(
  store: Store,
  tenant: string,
  rankedIds: string[],
  budget: number,
): Promise<string[]> {
  const tokens = await loadTokenCounter();
  const records = await store.get(tenant, rankedIds);
  let used = tokens.count("## Memories") + 2;
  const seen: string[] = [];
  for (const record of records) {
    const cost = tokens.count(line(record)) + 1;
    if (used + cost > budget) continue;
    used += cost;
    for (const source of record.sources) if (source.source !== null) seen.push(source.source);
  }
  return seen;
}

function line(record: MemoryRecord): string {
  return `- [${day(record.occurredAt)}] ${record.speaker ? `${record.speaker}: ` : ""}${record.text.replace(/\s*\n\s*/g, " ")}`;
}
