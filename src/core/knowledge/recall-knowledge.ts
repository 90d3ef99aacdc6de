/**
 * What the knowledge graph adds to a recall: facts true now (superseded ones are left out) or true `asOf` a date
 * (and only memories that had happened by then), and graph proximity as a bias: a memory linked to an entity the
 * query names gets `graphWeight`, one linked to an entity one hop from it gets half of that.
 */
import type { FactRecord } from "../../spec/graph.js";
import type { MemoryRecord } from "../../spec/memory.js";
import { isSingleValued } from "../../text/facts/index.js";
import { hasWholeWord } from "../../text/index.js";
import type { EngineRuntime } from "../engine-runtime.js";
import { normalizeName } from "./entity-resolver.js";

export interface RecallKnowledge {
  /** Whether a candidate belongs in this recall (true now, or true at `asOf`). */
  keep(record: MemoryRecord): boolean;
  /** The graph-proximity term of its score. */
  graph(record: MemoryRecord): number;
  /** Minus the penalty for an episode all of whose single-valued facts were superseded (at asOf, or now). */
  superseded(record: MemoryRecord): number;
  /** Why it got that term, or null. */
  reason(record: MemoryRecord): string | null;
  /** The structured fact of a fact memory. */
  fact(record: MemoryRecord): FactRecord | undefined;
  /** Whether the memory is a fact about an entity the query names ("Ana lives in Berlin." for "Where does Ana live?"). */
  aboutNamed(record: MemoryRecord): boolean;
}

export interface RecallKnowledgeQuery {
  query: string;
  tenant: string;
  user?: string;
  agent?: string;
  /** Answer as of this time (ms); undefined for now. */
  asOf?: number;
}

const NOTHING: RecallKnowledge = {
  keep: () => true,
  graph: () => 0,
  superseded: () => 0,
  reason: () => null,
  fact: () => undefined,
  aboutNamed: () => false,
};

/** A fact is true at `time` when its validity interval holds it. */
export function validAt(fact: FactRecord, time: number): boolean {
  return (
    (fact.validFrom === null || fact.validFrom <= time) && (fact.validTo === null || fact.validTo > time)
  );
}

function namedIn(query: string, name: string): boolean {
  return hasWholeWord(query, normalizeName(name));
}

/**
 * Validity and graph proximity for the candidates of one recall, read from their ids alone (so the reads run beside the
 * read of the records themselves): the facts among them, the scope's entities (then, when the query names one, the
 * relations and the candidates' links), and the single-valued facts each candidate told, all at once.
 */
export async function prepareRecallKnowledge(
  runtime: EngineRuntime,
  query: RecallKnowledgeQuery,
  ids: readonly string[],
  weights: { graph: number; superseded: number; now: number; speaker?: number },
): Promise<RecallKnowledge> {
  const graphWeight = weights.graph;
  const graph = runtime.store.graph;
  if (!graph) {
    return query.asOf === undefined
      ? NOTHING
      : { ...NOTHING, keep: (record) => record.occurredAt <= (query.asOf as number) };
  }
  const [facts, queried, stale] = await Promise.all([
    // a fact's record is keyed by its own memory's id, so asking for every candidate finds the facts among them
    graph.facts(query.tenant, [...ids]).then((found) => new Map(found.map((f) => [f.memoryId, f]))),
    // the named entities serve the graph term, and the speaker term's facts about a named person
    graphWeight > 0 || (weights.speaker ?? 0) > 0
      ? namedEntities(graph, query, ids, graphWeight)
      : {
          direct: new Map<string, string>(),
          hop: new Map<string, string>(),
          links: new Map<string, string[]>(),
        },
    weights.superseded > 0
      ? supersededStories(graph, query.tenant, ids, query.asOf ?? weights.now)
      : new Map<string, string>(),
  ]);
  const { direct, hop, links } = queried;
  const keep = (record: MemoryRecord): boolean => {
    const fact = facts.get(record.id);
    if (query.asOf === undefined) return !fact || fact.supersededBy === null;
    if (fact) return validAt(fact, query.asOf) && fact.recordedAt <= Math.max(query.asOf, fact.recordedAt);
    return record.occurredAt <= query.asOf;
  };
  const proximity = (record: MemoryRecord): { value: number; why: string | null } => {
    const linked = links.get(record.id) ?? [];
    const named = linked.filter((id) => direct.has(id)).map((id) => direct.get(id) as string);
    if (named.length > 0)
      return {
        value: graphWeight,
        why: `graph: about ${named.map((n) => `"${n}"`).join(", ")}, named in the query`,
      };
    const near = linked.filter((id) => hop.has(id)).map((id) => hop.get(id) as string);
    if (near.length > 0)
      return { value: graphWeight / 2, why: `graph: one hop from the query: ${near.join(", ")}` };
    return { value: 0, why: null };
  };
  return {
    keep,
    graph: (record) => proximity(record).value,
    // only an episode is penalised for what it told (a fact answers for itself through its validity)
    superseded: (record) => (record.kind !== "fact" && stale.has(record.id) ? -weights.superseded : 0),
    reason: (record) => {
      const { value, why } = proximity(record);
      const reasons = why ? [`${why} → ${value.toFixed(2)}`] : [];
      const old = record.kind === "fact" ? undefined : stale.get(record.id);
      if (old) reasons.push(`time: what it says (${old}) was superseded → −${weights.superseded.toFixed(2)}`);
      return reasons.length > 0 ? reasons.join("; ") : null;
    },
    fact: (record) => facts.get(record.id),
    aboutNamed: (record) => {
      const fact = facts.get(record.id);
      return fact !== undefined && direct.has(fact.subjectId);
    },
  };
}

type GraphReads = NonNullable<EngineRuntime["store"]["graph"]>;

/**
 * The entities the query names (`direct`), those one hop from them (`hop`, with the relation that links them), and
 * which entities each candidate is linked to (`links`, read only when the query names one and the graph term counts).
 */
async function namedEntities(
  graph: GraphReads,
  query: RecallKnowledgeQuery,
  ids: readonly string[],
  graphWeight: number,
): Promise<{ direct: Map<string, string>; hop: Map<string, string>; links: Map<string, string[]> }> {
  const scope = { tenant: query.tenant, user: query.user ?? null, agent: query.agent ?? null };
  const direct = new Map<string, string>();
  const hop = new Map<string, string>();
  const normalizedQuery = normalizeName(query.query);
  const scopeEntities = await graph.entities(scope);
  for (const entity of scopeEntities) {
    if ([entity.name, ...entity.aliases].some((name) => namedIn(normalizedQuery, name)))
      direct.set(entity.id, entity.name);
  }
  if (direct.size === 0 || graphWeight <= 0) return { direct, hop, links: new Map() };
  const entities = new Map(scopeEntities.map((e) => [e.id, e.name]));
  const [relations, links] = await Promise.all([
    graph.relations(scope, { includeRetired: query.asOf !== undefined }),
    graph.entitiesOfMemories(query.tenant, [...ids]),
  ]);
  for (const relation of relations) {
    for (const [from, to] of [
      [relation.fromId, relation.toId],
      [relation.toId, relation.fromId],
    ] as const) {
      if (direct.has(from) && !direct.has(to))
        hop.set(to, `${entities.get(to) ?? to} (${relation.relationType} of ${direct.get(from)})`);
    }
  }
  return { direct, hop, links };
}

/**
 * Memories that say what is no longer true: every single-valued fact they told was superseded by `at`, with what
 * those facts said. Keyed by memory id; a fact's own memory among them is left to its validity by the caller.
 */
async function supersededStories(
  graph: GraphReads,
  tenant: string,
  ids: readonly string[],
  at: number,
): Promise<Map<string, string>> {
  const derived = await graph.factsFromSources(tenant, [...ids]);
  const byEpisode = new Map<string, FactRecord[]>();
  for (const fact of derived) {
    if (!isSingleValued(fact.predicate)) continue;
    for (const source of fact.sourceMemoryIds)
      byEpisode.set(source, [...(byEpisode.get(source) ?? []), fact]);
  }
  const stale = new Map<string, string>();
  for (const [episode, told] of byEpisode) {
    const closed = told.filter((f) => f.validTo !== null && f.validTo <= at);
    if (closed.length === told.length) stale.set(episode, closed.map((f) => f.object).join(", "));
  }
  return stale;
}
