/** Facts as the API shows them (subject and object by name, times in ISO), a scope's fact list, and one fact's history. */
import { z } from "zod";
import { EngramError, ERROR_CODES } from "../../spec/errors.js";
import type { FactRecord, GraphScopeKey, GraphStore } from "../../spec/graph.js";
import { DEFAULT_TENANT } from "../../spec/memory.js";
import type { MemoryFilter } from "../../spec/store.js";
import { isSingleValued } from "../../text/facts/index.js";
import type { EngineRuntime } from "../engine-runtime.js";
import { graphScopeSchema, idSchema } from "../schemas.js";
import { parseInput } from "../validate.js";
import { validAt } from "./recall-knowledge.js";

/** A fact with its two times: valid (true in the world) and record (known to Engram). */
export interface FactView {
  id: string;
  text: string;
  subject: string;
  predicate: string;
  object: string;
  validFrom: string | null;
  validTo: string | null;
  recordedAt: string;
  retiredAt: string | null;
  supersededBy: string | null;
  /** True now: not superseded. */
  current: boolean;
  /** The episodes it was derived from. */
  sources: string[];
  /** How many times it was told. */
  count: number;
}

export interface FactHistory {
  /** The fact asked about. */
  id: string;
  /** Every value of its subject and predicate, oldest first; one entry for a multi-valued predicate. */
  chain: FactView[];
}

export interface FactListInput {
  tenant?: string;
  user?: string;
  agent?: string;
  /** Only facts about this entity (a name or alias). */
  subject?: string;
  predicate?: string;
  /** Include superseded facts. */
  all?: boolean;
  /** Facts true at this time (ms), superseded or not. */
  asOf?: number;
  /**
   * A question's candidates: only facts told in memories that hold one of these terms (cut as `lexicalTerms` cuts
   * text; a fact's own memory has no keys, its episodes do), so that the read costs what it finds, not what the
   * scope holds. When more than `limit` memories hold them, every fact of the scope (what a read without `terms`
   * gives): a caller that wants the newest facts among many gets them, at the full read's cost.
   */
  terms?: string[];
  /** With `terms`: how many memories holding them are read for their facts before the read is of all (default 500). */
  limit?: number;
  /** Only facts told in these memories (ids; at most 1,000): what a few turns taught, at the cost of those turns. */
  sources?: string[];
  /**
   * With `terms`: when more than `limit` memories hold them, the facts told in the scope's newest `newest` episodes
   * instead of every fact (a question that wants the newest few among many reads what a page of turns taught; the
   * caller reads again without it when those do not answer).
   */
  newest?: number;
}

/** Facts read by their terms when the input names no limit. */
const TERM_MATCHES = 500;

/** What a read by terms may ask for: a question's words, not a document's; a limit a page of facts can hold. */
const termsSchema = z.object({
  terms: z
    .array(z.string().max(200, "a term is a word: at most 200 characters"))
    .max(200, "at most 200 terms: pass a question's words, not a document's")
    .optional(),
  limit: z
    .number()
    .int("a whole number of memories")
    .min(1, "at least 1: how many memories holding the terms to read")
    .max(10_000, "at most 10,000: beyond it, leave terms out and read every fact")
    .optional(),
  newest: z
    .number()
    .int("a whole number of episodes")
    .min(1, "at least 1: how many of the newest episodes to read the facts of")
    .max(10_000, "at most 10,000: beyond it, leave newest out and read every fact")
    .optional(),
  sources: z
    .array(idSchema)
    .max(
      1000,
      "at most 1,000 memory ids: read the facts of a few turns, or leave sources out to read every fact",
    )
    .optional(),
});

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function graphOf(runtime: EngineRuntime): GraphStore {
  const graph = runtime.store.graph;
  if (!graph) {
    throw new EngramError({
      code: ERROR_CODES.notAvailable,
      category: "user",
      message: `the store ${runtime.store.name} keeps no facts' structure: use the SQLite store`,
    });
  }
  return graph;
}

async function views(runtime: EngineRuntime, scope: GraphScopeKey, facts: FactRecord[]): Promise<FactView[]> {
  const graph = graphOf(runtime);
  const names = new Map((await graph.entities(scope)).map((e) => [e.id, e.name]));
  const records = new Map(
    (
      await runtime.store.get(
        scope.tenant,
        facts.map((f) => f.memoryId),
      )
    ).map((r) => [r.id, r]),
  );
  return facts.flatMap((fact) => {
    const record = records.get(fact.memoryId);
    if (!record) return [];
    return [
      {
        id: fact.memoryId,
        text: record.text,
        subject: names.get(fact.subjectId) ?? fact.subjectId,
        predicate: fact.predicate,
        object: fact.object,
        validFrom: iso(fact.validFrom),
        validTo: iso(fact.validTo),
        recordedAt: new Date(fact.recordedAt).toISOString(),
        retiredAt: iso(fact.retiredAt),
        supersededBy: fact.supersededBy,
        current: fact.supersededBy === null,
        sources: fact.sourceMemoryIds,
        count: record.count,
      },
    ];
  });
}

/** The facts of a scope: current ones by default, all with `all`, those true at `asOf` with it. */
export async function listFacts(runtime: EngineRuntime, input: FactListInput): Promise<FactView[]> {
  const graph = graphOf(runtime);
  // the scope's ids as remember and recall read them (checked, trimmed)
  const ids = parseInput(graphScopeSchema, { tenant: input.tenant, user: input.user, agent: input.agent });
  const scope: GraphScopeKey = {
    tenant: ids.tenant ?? DEFAULT_TENANT,
    user: ids.user ?? null,
    agent: ids.agent ?? null,
  };
  const read = parseInput(termsSchema, {
    terms: input.terms,
    limit: input.limit,
    sources: input.sources,
    newest: input.newest,
  });
  let subjectId: string | undefined;
  if (input.subject !== undefined) {
    const wanted = input.subject.trim().toLowerCase();
    const entity = (await graph.entities(scope)).find(
      (e) => e.name.toLowerCase() === wanted || e.aliases.some((a) => a.toLowerCase() === wanted),
    );
    if (!entity) return [];
    subjectId = entity.id;
  }
  const includeRetired = input.all === true || input.asOf !== undefined;
  const told = read.sources
    ? await factsFromSources(runtime, scope, read.sources)
    : read.terms &&
      ((await factsByTerms(runtime, scope, read.terms, read.limit ?? TERM_MATCHES)) ??
        (read.newest === undefined ? null : await factsOfNewest(runtime, scope, read.newest)));
  const facts = told
    ? told.filter(
        (fact) =>
          (subjectId === undefined || fact.subjectId === subjectId) &&
          (input.predicate === undefined || fact.predicate === input.predicate) &&
          (includeRetired || fact.supersededBy === null),
      )
    : await graph.listFacts(scope, { subjectId, predicate: input.predicate, includeRetired });
  const kept = input.asOf === undefined ? facts : facts.filter((f) => validAt(f, input.asOf as number));
  return views(runtime, scope, kept);
}

/**
 * The memories of a scope that may have told its facts: active, or archived by decay (an archived episode still told
 * its facts, which stay current). A filter leaving the user or agent out matches any: the facts read from them are
 * kept to the scope after.
 */
function tellingFilter(scope: GraphScopeKey): MemoryFilter {
  return {
    tenant: scope.tenant,
    user: scope.user ?? undefined,
    agent: scope.agent ?? undefined,
    statuses: ["active", "archived"],
  };
}

/**
 * The facts of a scope told in the memories the lexical index finds by `terms`, in the order listFacts gives; null
 * when more than `limit` memories hold them (the caller reads every fact).
 */
async function factsByTerms(
  runtime: EngineRuntime,
  scope: GraphScopeKey,
  terms: string[],
  limit: number,
): Promise<FactRecord[] | null> {
  const hits = await runtime.store.searchTerms(tellingFilter(scope), terms, limit + 1);
  if (hits.length > limit) return null;
  return factsFromSources(
    runtime,
    scope,
    hits.map((hit) => hit.memoryId),
  );
}

/** The facts of a scope told in its newest `count` episodes (active or archived), in the order listFacts gives. */
async function factsOfNewest(
  runtime: EngineRuntime,
  scope: GraphScopeKey,
  count: number,
): Promise<FactRecord[]> {
  const episodes = await runtime.store.list(
    { ...tellingFilter(scope), kinds: ["episode"] },
    { limit: count, order: "desc" },
  );
  return factsFromSources(
    runtime,
    scope,
    episodes.map((episode) => episode.id),
  );
}

/** The facts of a scope told in the memories `sources`, in the order listFacts gives. */
async function factsFromSources(
  runtime: EngineRuntime,
  scope: GraphScopeKey,
  sources: string[],
): Promise<FactRecord[]> {
  const found = sources.length === 0 ? [] : await graphOf(runtime).factsFromSources(scope.tenant, sources);
  // (a filter leaving the user or agent out matches any; the graph's scope is exact)
  return found
    .filter((fact) => fact.user === scope.user && fact.agent === scope.agent)
    .sort(
      (a, b) =>
        Number(a.validFrom !== null) - Number(b.validFrom !== null) ||
        (a.validFrom ?? a.recordedAt) - (b.validFrom ?? b.recordedAt) ||
        a.recordedAt - b.recordedAt,
    );
}

/** The chain of values a fact belongs to (moved from Lisbon to Berlin: both, oldest first). */
export async function factHistory(
  runtime: EngineRuntime,
  id: string,
  tenant = DEFAULT_TENANT,
): Promise<FactHistory> {
  const graph = graphOf(runtime);
  const [fact] = await graph.facts(tenant, [id]);
  if (!fact) {
    throw new EngramError({
      code: ERROR_CODES.notFound,
      category: "user",
      message: `no fact ${id} in tenant ${tenant}: pass the id of a memory of kind "fact" (engram facts lists them)`,
    });
  }
  const scope: GraphScopeKey = { tenant: fact.tenant, user: fact.user, agent: fact.agent };
  const chain = isSingleValued(fact.predicate)
    ? await graph.listFacts(scope, {
        subjectId: fact.subjectId,
        predicate: fact.predicate,
        includeRetired: true,
      })
    : [fact];
  return { id, chain: await views(runtime, scope, chain) };
}
