/**
 * The end of a batch's knowledge run: placeholders merged into named entities hand over their facts, the new facts
 * are embedded, facts whose object is an entity are mirrored as relations, and everything joins the episodes' write.
 */
import type { GraphScopeKey, RelationRecord } from "../../spec/graph.js";
import { DEFAULT_TENANT, type MemoryKey, type NewMemory } from "../../spec/memory.js";
import type { WriteBatch } from "../../spec/store.js";
import { restatesItsTurn } from "../../text/facts/index.js";
import { makeKey } from "../write-path.js";
import { type KnowledgeRun, readFacts } from "./fact-gate.js";
import { mirrorFactsAsRelations } from "./fact-relations.js";

/** Runs the steps below in order, once every episode of the batch went through the gate. */
export async function finishKnowledgeRun(run: KnowledgeRun, batch: WriteBatch): Promise<void> {
  await moveMergedPlaceholders(run);
  await embedNewFacts(run);
  const relations = await mirrorFactsAsRelations(run);
  commitToBatch(run, relations, batch);
}

/** Placeholders merged into named entities: their facts, mentions and relations move over. */
async function moveMergedPlaceholders(run: KnowledgeRun): Promise<void> {
  for (const state of run.states.values()) {
    const merged = state.resolver.merged();
    if (merged.size === 0) continue;
    // rare (a placeholder named): any fact of the scope may point at a merged entity
    await readFacts(run.graph, state);
    for (const fact of state.facts.values()) {
      const subjectId = merged.get(fact.subjectId) ?? fact.subjectId;
      const objectId = fact.objectId === null ? null : (merged.get(fact.objectId) ?? fact.objectId);
      if (subjectId === fact.subjectId && objectId === fact.objectId) continue;
      fact.subjectId = subjectId;
      fact.objectId = objectId;
      run.touchedFacts.add(fact.memoryId);
    }
    for (const mention of run.mentions) mention.entityId = merged.get(mention.entityId) ?? mention.entityId;
    for (let i = run.newRelations.length - 1; i >= 0; i--) {
      const relation = run.newRelations[i] as RelationRecord;
      if (merged.has(relation.fromId) || merged.has(relation.toId)) run.newRelations.splice(i, 1);
    }
  }
}

/**
 * Keys for the new facts (one embedding call), and the restating facts' sentences as keys of their episodes. A fact
 * that restates its own turn ("Caroline went to a support group on 7 May 2023.") becomes a key of that turn's episode
 * (an expanded key, as the turn's speaker key is), not a recall candidate of its own, which would only take a second
 * place in the top k for the same turn. The fact stays in the graph, `facts` and history.
 */
async function embedNewFacts(run: KnowledgeRun): Promise<void> {
  const predicates = new Map<string, string>();
  for (const state of run.states.values())
    for (const fact of state.facts.values()) predicates.set(fact.memoryId, fact.predicate);
  const fresh: NewMemory[] = [];
  for (const memory of run.inserts.values()) {
    if (restatesItsTurn(predicates.get(memory.record.id) ?? ""))
      run.episodeKeys.push({ episodeId: memory.record.source ?? "", text: memory.record.text });
    else fresh.push(memory);
  }
  if (fresh.length === 0) return;
  const vectors = await run.runtime.embedder.embed(fresh.map((m) => m.record.text));
  fresh.forEach((memory, i) => {
    memory.keys = [makeKey(memory.record.id, "text", memory.record.text, vectors[i] ?? null)];
  });
}

/** Everything derived joins the episodes' write batch; the report counts it. */
function commitToBatch(run: KnowledgeRun, relations: Map<string, RelationRecord>, batch: WriteBatch): void {
  const states = [...run.states.values()];
  const facts = states.flatMap((state) =>
    [...run.touchedFacts].flatMap((id) => {
      const fact = state.facts.get(id);
      return fact ? [fact] : [];
    }),
  );
  const entities = states.flatMap((state) => state.resolver.changed());
  const mentions = [...new Map(run.mentions.map((m) => [`${m.memoryId} ${m.entityId}`, m])).values()];
  run.report.entities = entities.length;
  run.report.relations = relations.size;
  run.report.mentions = mentions.length;
  const deleteEntityIds = states.flatMap((state) => [...state.resolver.merged().keys()]);
  batch.inserts.push(...run.inserts.values());
  // lexical keys, like the episodes' speaker keys: no embedding call; an episode stored before keeps the keys it has
  const episodes = new Map(batch.inserts.map((m) => [m.record.id, m]));
  for (const { episodeId, text } of run.episodeKeys) {
    const episode = episodes.get(episodeId);
    if (episode) addRestatingKey(episode, makeKey(episodeId, "fact", text, null));
  }
  batch.reinforcements.push(...run.reinforcements);
  const tenant = (states[0]?.scope as GraphScopeKey | undefined)?.tenant ?? DEFAULT_TENANT;
  Object.assign(batch, {
    graph: {
      entities,
      facts,
      relations: [...relations.values()],
      mentions,
      ...(deleteEntityIds.length > 0 ? { deleteEntityIds: { tenant, ids: deleteEntityIds } } : {}),
    },
  });
}

/**
 * A restating fact's sentence becomes a key of its episode only when it adds a word the episode's keys lack ("on 7 May
 * 2023" for "yesterday", "Caroline" where no key names her): a key that only repeats the turn's words in a shorter
 * sentence would score the turn higher by BM25's length norm for words it already has, a lift the same turn does not
 * get when no fact is derived.
 */
function addRestatingKey(episode: NewMemory, key: MemoryKey): void {
  const known = new Set(episode.keys.flatMap((k) => k.terms));
  if (key.terms.some((term) => !known.has(term))) episode.keys.push(key);
}
