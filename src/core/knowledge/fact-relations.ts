/**
 * Facts as edges: a fact whose object is an entity is mirrored by a relation with the fact's validity, and the
 * entities a fact's sentence names beyond its object are relations that live and die with it.
 */
import type { FactRecord, RelationRecord } from "../../spec/graph.js";
import { factsOf, type KnowledgeRun, relationFor, type ScopeState } from "./fact-gate.js";

/** Relations mirror facts whose object is an entity, with the same validity; a relative's plain relation joins its fact. */
export async function mirrorFactsAsRelations(run: KnowledgeRun): Promise<Map<string, RelationRecord>> {
  const relations = new Map<string, RelationRecord>();
  for (const state of run.states.values()) {
    const existing = await run.graph.relations(state.scope, { includeRetired: true });
    // a fact's own relation has the fact's predicate as its type; its sentence's links have others
    const byFact = new Map(
      existing.filter((r) => r.factId !== null).map((r) => [`${r.factId} ${r.relationType}`, r]),
    );
    // the links a fact's sentence gave, by fact (read once: a write touches many facts of a scope of many relations)
    const linksOf = new Map<string, RelationRecord[]>();
    for (const r of existing)
      if (r.factId !== null) linksOf.set(r.factId, [...(linksOf.get(r.factId) ?? []), r]);
    for (const id of run.touchedFacts) {
      const fact = state.facts.get(id);
      if (!fact) continue;
      // the links its sentence gave ("a cat called Mochi" → pet Mochi) live and die with it, but for one a fact of
      // its kind closed and still closes ("Rex died" closes the link "two dogs, Rex and Bella" gave)
      for (const link of linksOf.get(id) ?? []) {
        if (link.relationType === fact.predicate) continue;
        if (fact.validTo === null && link.validTo !== null && (await endedByItsKind(run, state, link)))
          continue;
        link.validFrom = fact.validFrom;
        link.validTo = fact.validTo;
        link.retiredAt = fact.retiredAt;
        relations.set(link.id, link);
      }
      if (fact.objectId === null) continue;
      // A relation made before the fact (Ana → "Ana's brother", later named Tom) becomes the fact's relation.
      const plain = [...existing, ...run.newRelations].find(
        (r) =>
          r.factId === null &&
          r.fromId === fact.subjectId &&
          r.toId === fact.objectId &&
          r.relationType === fact.predicate,
      );
      if (plain) {
        plain.factId = id;
        const at = run.newRelations.indexOf(plain);
        if (at >= 0) run.newRelations.splice(at, 1);
      }
      const relation =
        byFact.get(`${id} ${fact.predicate}`) ??
        plain ??
        relationFor(state.scope, fact.subjectId, fact.objectId, fact.predicate, id, run.recordedAt);
      relation.fromId = fact.subjectId;
      relation.toId = fact.objectId;
      relation.validFrom = fact.validFrom;
      relation.validTo = fact.validTo;
      relation.retiredAt = fact.retiredAt;
      relations.set(relation.id, relation);
    }
    await linkRelations(run, state, existing, relations);
    endLinksOfEnded(run, state, existing, relations);
  }
  for (const relation of run.newRelations) relations.set(relation.id, relation);
  return relations;
}

/** The relations facts' sentences give to named entities: one per fact, entity and type, with the fact's validity. */
async function linkRelations(
  run: KnowledgeRun,
  state: ScopeState,
  existing: RelationRecord[],
  relations: Map<string, RelationRecord>,
): Promise<void> {
  // the relations there are by fact, entity and type, keyed once (a write's links against a scope's relations)
  const keyOf = (factId: string | null, toId: string, type: string) => `${factId} ${toId} ${type}`;
  const known = new Map<string, RelationRecord>();
  for (const r of [...existing, ...relations.values()]) known.set(keyOf(r.factId, r.toId, r.relationType), r);
  for (const link of run.links) {
    const fact = state.facts.get(link.factId);
    if (link.scopeKey !== state.key || !fact) continue;
    const merged = state.resolver.merged();
    const fromId = merged.get(link.fromId) ?? link.fromId;
    const toId = merged.get(link.toId) ?? link.toId;
    const key = keyOf(link.factId, toId, link.relationType);
    let relation = known.get(key);
    // (one a fact of its kind closed stays closed while that fact is: "Rex died", then the two dogs told again)
    if (
      relation &&
      relation.validTo !== null &&
      fact.validTo === null &&
      (await endedByItsKind(run, state, relation))
    )
      continue;
    if (!relation) {
      relation = relationFor(state.scope, fromId, toId, link.relationType, link.factId, run.recordedAt);
      known.set(key, relation);
    }
    relation.fromId = fromId;
    relation.validFrom = fact.validFrom;
    relation.validTo = fact.validTo;
    relation.retiredAt = fact.retiredAt;
    relations.set(relation.id, relation);
  }
}

/**
 * A fact ended ("Rex is no longer Ana's pet") ends the links of its kind to its object that other facts' sentences
 * gave ("Ana has two dogs, Rex and Bella": the pet link to Rex; the fact stays, for Bella).
 */
function endLinksOfEnded(
  run: KnowledgeRun,
  state: ScopeState,
  existing: RelationRecord[],
  relations: Map<string, RelationRecord>,
): void {
  const ended = new Map<string, FactRecord>();
  for (const id of run.touchedFacts) {
    const fact = state.facts.get(id);
    if (fact && fact.objectId !== null && fact.validTo !== null && fact.supersededBy !== null)
      ended.set(`${fact.subjectId} ${fact.predicate} ${fact.objectId}`, fact);
  }
  if (ended.size === 0) return;
  for (const link of [...existing, ...relations.values()]) {
    const fact = ended.get(`${link.fromId} ${link.relationType} ${link.toId}`);
    if (!fact || link.factId === null || link.factId === fact.memoryId || link.validTo !== null) continue;
    link.validTo = fact.validTo;
    link.retiredAt = fact.retiredAt;
    relations.set(link.id, link);
  }
}

/** Whether the facts of a link's kind from its subject to its entity ("Rex is Ana's pet") were told and all ended. */
async function endedByItsKind(run: KnowledgeRun, state: ScopeState, link: RelationRecord): Promise<boolean> {
  const told = (await factsOf(run, state, link.fromId, link.relationType)).filter(
    (f) => f.objectId === link.toId,
  );
  return told.length > 0 && told.every((f) => f.validTo !== null);
}
