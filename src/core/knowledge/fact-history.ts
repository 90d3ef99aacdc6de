/** Facts as the API shows them (subject and object by name, times in ISO), a scope's fact list, and one fact's history. */
import { EngramError, ERROR_CODES } from "../../spec/errors.js";
import type { FactRecord, GraphScopeKey, GraphStore } from "../../spec/graph.js";
import { DEFAULT_TENANT } from "../../spec/memory.js";
import { isSingleValued } from "../../text/facts/index.js";
import type { EngineRuntime } from "../engine-runtime.js";
import { graphScopeSchema } from "../schemas.js";
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
}

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
  let subjectId: string | undefined;
  if (input.subject !== undefined) {
    const wanted = input.subject.trim().toLowerCase();
    const entity = (await graph.entities(scope)).find(
      (e) => e.name.toLowerCase() === wanted || e.aliases.some((a) => a.toLowerCase() === wanted),
    );
    if (!entity) return [];
    subjectId = entity.id;
  }
  const facts = await graph.listFacts(scope, {
    subjectId,
    predicate: input.predicate,
    includeRetired: input.all === true || input.asOf !== undefined,
  });
  const kept = input.asOf === undefined ? facts : facts.filter((f) => validAt(f, input.asOf as number));
  return views(runtime, scope, kept);
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
