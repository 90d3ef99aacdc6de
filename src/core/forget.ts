/** Forgetting by ids or by scope: the facts told only by the forgotten episodes go with them, and so does feedback. */
import type { FactRecord, GraphScopeKey, GraphStore, RelationRecord } from "../spec/graph.js";
import { DEFAULT_TENANT } from "../spec/memory.js";
import type { Store } from "../spec/store.js";
import type { EngineRuntime } from "./engine-runtime.js";
import { type ForgetInput, forgetInputSchema } from "./schemas.js";
import { parseInput } from "./validate.js";

/** Validates `input`, removes what it selects and returns the removed ids. */
export async function forgetMemories(
  runtime: EngineRuntime,
  input: ForgetInput,
): Promise<{ removed: string[] }> {
  const { store } = runtime;
  const selector = parseInput(forgetInputSchema, input);
  const tenant = selector.tenant ?? DEFAULT_TENANT;
  // facts told only by the forgotten episodes go with them
  const derived =
    selector.ids && store.graph ? await store.graph.factsDerivedOnlyFrom(tenant, selector.ids) : [];
  const ids = selector.ids
    ? [...selector.ids, ...derived.filter((id) => !selector.ids?.includes(id))]
    : undefined;
  // the facts that go, read before they do: a value one of them followed holds again
  const leaving = ids && store.graph ? await store.graph.facts(tenant, ids) : [];
  const removed = await store.forget({ ...selector, ...(ids ? { ids } : {}), tenant });
  if (store.graph && leaving.length > 0)
    await reopenWhatTheyEnded(store, store.graph, leaving, new Set(removed));
  // feedback names memory ids: a forgotten memory leaves it too
  await store.learning.forgetInFeedback(tenant, removed);
  return { removed };
}

/**
 * The facts a forgotten fact superseded take its place: "I moved to Berlin" forgotten, "Ana lives in Lisbon" is current
 * again (or, when Berlin was followed by another home, is followed by that one); "I broke up with Tom" forgotten, Tom is
 * the boyfriend again. Their graph edges follow, as they follow any fact's validity.
 */
async function reopenWhatTheyEnded(
  store: Store,
  graph: GraphStore,
  leaving: readonly FactRecord[],
  removed: ReadonlySet<string>,
): Promise<void> {
  const gone = new Map(leaving.filter((fact) => removed.has(fact.memoryId)).map((f) => [f.memoryId, f]));
  if (gone.size === 0) return;
  const scopes = new Map<string, GraphScopeKey>();
  for (const fact of gone.values())
    scopes.set(JSON.stringify([fact.tenant, fact.user, fact.agent]), {
      tenant: fact.tenant,
      user: fact.user,
      agent: fact.agent,
    });
  const facts: FactRecord[] = [];
  const relations: RelationRecord[] = [];
  for (const scope of scopes.values()) {
    const orphans = (await graph.listFacts(scope, { includeRetired: true })).filter(
      (fact) => fact.supersededBy !== null && gone.has(fact.supersededBy),
    );
    if (orphans.length === 0) continue;
    for (const orphan of orphans) {
      // what followed the forgotten fact, itself not forgotten, follows the orphan
      let after = gone.get(orphan.supersededBy as string) as FactRecord;
      while (after.supersededBy !== null && gone.has(after.supersededBy))
        after = gone.get(after.supersededBy) as FactRecord;
      orphan.supersededBy = after.supersededBy;
      orphan.validTo = after.supersededBy === null ? null : after.validTo;
      if (after.supersededBy === null) orphan.retiredAt = null;
      facts.push(orphan);
    }
    const reopened = new Map(orphans.map((fact) => [fact.memoryId, fact]));
    for (const relation of await graph.relations(scope, { includeRetired: true })) {
      const fact = relation.factId === null ? undefined : reopened.get(relation.factId);
      if (!fact) continue;
      relations.push({ ...relation, validTo: fact.validTo, retiredAt: fact.retiredAt });
    }
  }
  if (facts.length > 0) await store.write({ inserts: [], reinforcements: [], graph: { facts, relations } });
}
