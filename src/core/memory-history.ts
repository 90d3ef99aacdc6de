/**
 * One memory's story, as the engine that holds it sees it: each telling, the facts derived from it or that it was
 * derived from, what superseded what, its status, and its strength over time under this engine's own strength
 * options (half-life, initial strength, reinforcement gain), so the curve shown is the one the engine applied.
 */
import { z } from "zod";
import { halfLifeDecay, updateStrength } from "../mechanisms/decay.js";
import { EngramError, ERROR_CODES } from "../spec/errors.js";
import { DEFAULT_TENANT, type MemoryRecord } from "../spec/memory.js";
import { DAY_MS, type EngineRuntime } from "./engine-runtime.js";
import type { EngineOptions } from "./schemas.js";
import { scopeFields } from "./schemas.js";
import { timeSchema } from "./time.js";
import { parseInput } from "./validate.js";

/** Something that happened to a memory. Times are milliseconds since the epoch. */
export interface MemoryEvent {
  at: number;
  event: "recorded" | "reinforced" | "derived" | "derived-from" | "supersedes" | "superseded-by" | "archived";
  detail: string;
  /** The other memory the event names (a fact, a source episode). */
  memoryId?: string;
}

export interface StrengthPoint {
  at: number;
  strength: number;
}

export interface MemoryHistory {
  memory: MemoryRecord;
  /** Oldest first. */
  events: MemoryEvent[];
  /** Strength at each telling, at lastSeenAt (the stored value) and at `now`, oldest first, one point per time. */
  strength: StrengthPoint[];
}

export const memoryHistoryInputSchema = z.strictObject({
  tenant: scopeFields.tenant,
  id: z.string().trim().min(1, "must be a non-empty string").max(256, "must be at most 256 characters"),
  /** The time the strength curve ends at; default now. */
  now: timeSchema.optional(),
});
export type MemoryHistoryInput = z.input<typeof memoryHistoryInputSchema>;

/**
 * Strength from the first telling on: the initial strength, then at each later telling the write gate's update
 * (decay over the time since the last, then the reinforcement gain), then the stored strength at lastSeenAt (recalls
 * may have reinforced it since the last telling) and its decay to `now`.
 */
export function strengthCurve(
  record: Pick<MemoryRecord, "sources" | "strength" | "lastSeenAt">,
  now: number,
  options: Pick<EngineOptions, "strengthHalfLifeDays" | "initialStrength" | "reinforceGain">,
): StrengthPoint[] {
  const halfLife = options.strengthHalfLifeDays * DAY_MS;
  const tellings = record.sources.map((source) => source.occurredAt).sort((a, b) => a - b);
  if (tellings.length === 0) return [{ at: now, strength: record.strength }];
  let strength = options.initialStrength;
  let last = tellings[0] as number;
  const points: StrengthPoint[] = [{ at: last, strength }];
  for (const at of tellings.slice(1)) {
    strength = updateStrength(strength, at - last, halfLife, options.reinforceGain);
    last = Math.max(last, at);
    points.push({ at, strength });
  }
  points.push({ at: record.lastSeenAt, strength: record.strength });
  if (now > record.lastSeenAt) {
    points.push({ at: now, strength: record.strength * halfLifeDecay(now - record.lastSeenAt, halfLife) });
  }
  // one point per time: the latest said wins (the stored strength over a reconstruction)
  return points
    .sort((a, b) => a.at - b.at)
    .filter((point, i, all) => i === all.length - 1 || point.at !== all[i + 1]?.at);
}

/** What the knowledge graph says about a memory: an episode's derived facts, a fact's sources and supersessions. */
async function knowledgeEvents(runtime: EngineRuntime, record: MemoryRecord): Promise<MemoryEvent[]> {
  const graph = runtime.store.graph;
  if (!graph) return [];
  const tenant = record.tenant;
  const events: MemoryEvent[] = [];
  const texts = async (ids: string[]) =>
    new Map((await runtime.store.get(tenant, ids)).map((memory) => [memory.id, memory.text]));
  if (record.kind !== "fact") {
    const facts = await graph.factsFromSources(tenant, [record.id]);
    const names = await texts(
      facts.flatMap((f) => [f.memoryId, ...(f.supersededBy ? [f.supersededBy] : [])]),
    );
    for (const fact of facts) {
      events.push({
        at: fact.recordedAt,
        event: "derived",
        detail: names.get(fact.memoryId) ?? `${fact.predicate} ${fact.object}`,
        memoryId: fact.memoryId,
      });
      if (fact.supersededBy) {
        events.push({
          at: fact.retiredAt ?? fact.validTo ?? fact.recordedAt,
          event: "superseded-by",
          detail: names.get(fact.supersededBy) ?? "(a fact no longer stored)",
          memoryId: fact.supersededBy,
        });
      }
    }
    return events;
  }
  const [fact] = await graph.facts(tenant, [record.id]);
  if (!fact) return [];
  const chain = await graph.listFacts(
    { tenant, user: fact.user, agent: fact.agent },
    { subjectId: fact.subjectId, predicate: fact.predicate, includeRetired: true },
  );
  const earlier = chain.filter((other) => other.supersededBy === record.id);
  const names = await texts([
    ...fact.sourceMemoryIds,
    ...earlier.map((f) => f.memoryId),
    ...(fact.supersededBy ? [fact.supersededBy] : []),
  ]);
  for (const source of fact.sourceMemoryIds) {
    events.push({
      at: fact.recordedAt,
      event: "derived-from",
      detail: names.get(source) ?? "(an episode no longer stored)",
      memoryId: source,
    });
  }
  for (const old of earlier) {
    events.push({
      at: old.retiredAt ?? fact.recordedAt,
      event: "supersedes",
      detail: names.get(old.memoryId) ?? `${old.predicate} ${old.object}`,
      memoryId: old.memoryId,
    });
  }
  if (fact.supersededBy) {
    events.push({
      at: fact.retiredAt ?? fact.validTo ?? fact.recordedAt,
      event: "superseded-by",
      detail: names.get(fact.supersededBy) ?? "(a fact no longer stored)",
      memoryId: fact.supersededBy,
    });
  }
  return events;
}

/** The history of one memory of a tenant; `not_found` when the tenant has no memory with this id. */
export async function memoryHistory(
  runtime: EngineRuntime,
  input: MemoryHistoryInput,
): Promise<MemoryHistory> {
  const query = parseInput(memoryHistoryInputSchema, input);
  const tenant = query.tenant ?? DEFAULT_TENANT;
  const [record] = await runtime.store.get(tenant, [query.id]);
  if (!record) {
    throw new EngramError({
      code: ERROR_CODES.notFound,
      category: "user",
      where: query.id,
      message: "no memory has this id here: check the id (ids are looked up within the tenant)",
    });
  }
  const events: MemoryEvent[] = record.sources.map((source, i) => ({
    at: source.recordedAt,
    event: i === 0 ? "recorded" : "reinforced",
    detail: `${i === 0 ? "first told" : `told again (${i + 1})`}${source.source ? ` from ${source.source}` : ""}, happened ${new Date(source.occurredAt).toISOString()}`,
  }));
  events.push(...(await knowledgeEvents(runtime, record)));
  if (record.status !== "active") {
    events.push({ at: record.lastSeenAt, event: record.status, detail: `status ${record.status}` });
  }
  return {
    memory: record,
    // stable: events of one time keep the order they were found in
    events: events.sort((a, b) => a.at - b.at),
    strength: strengthCurve(record, query.now ?? runtime.now(), runtime.options),
  };
}
