/**
 * Semantic memory from episodes: extract facts and entities from what was said (rules, or one LLM call per batch),
 * resolve entities within the scope, pass each fact through its own gate (the same subject, predicate and object
 * told again reinforces the fact and adds a source) and let a new value of a single-valued predicate supersede the
 * old one (its validity closed, linked to the new). Everything lands in one store transaction.
 */
import { updateStrength } from "../../mechanisms/decay.js";
import type {
  EntityRecord,
  FactRecord,
  GraphScopeKey,
  GraphStore,
  MentionRecord,
  RelationRecord,
} from "../../spec/graph.js";
import type { LanguageModel, TokenUsage } from "../../spec/language-model.js";
import { DEFAULT_TENANT, type MemoryRecord, type MemorySource, type NewMemory } from "../../spec/memory.js";
import type { Reinforcement, WriteBatch } from "../../spec/store.js";
import { type Extraction, extractFacts, factSentence, isSingleValued } from "../../text/facts/index.js";
import { normalizeText, resolvePronouns, textHash } from "../../text/index.js";
import { DAY_MS, type EngineContext } from "../context.js";
import { newMemoryId } from "../ids.js";
import type { RememberItem } from "../schemas.js";
import type { WriteOutcome } from "../write-path.js";
import { makeKey } from "../write-path.js";
import { createEntityResolver, type EntityResolver, normalizeName } from "./entity-resolver.js";
import { extractWithLanguageModel } from "./llm-extraction.js";

/** What deriving knowledge did in one remember call. */
export interface KnowledgeReport {
  facts: { inserted: number; reinforced: number; superseded: number };
  entities: number;
  relations: number;
  mentions: number;
  /** LLM calls and tokens spent, when an LLM extracted the facts. */
  llm?: { calls: number; promptTokens: number; completionTokens: number };
}

/** Extractions for a batch, made before anything is written (so a refused LLM reply writes nothing). */
export interface ExtractionPlan {
  /** One per item; null for items that derive nothing (kinds other than episode). */
  extractions: (Extraction | null)[];
  usage: (TokenUsage & { calls: number }) | null;
}

/** Which items derive facts: conversation turns and events, not derived memories or document segments. */
function derives(item: RememberItem): boolean {
  return item.kind === "episode";
}

/** Extract facts and mentions from every episode of the batch: with the language model when there is one. */
export async function planKnowledge(
  context: EngineContext,
  items: RememberItem[],
  languageModel: LanguageModel | undefined,
): Promise<ExtractionPlan> {
  const now = context.now();
  if (languageModel) {
    const turns = items.flatMap((item, index) =>
      derives(item)
        ? [
            {
              index,
              text: item.text,
              speaker: item.speaker ?? item.role ?? item.user ?? null,
              at: item.at ?? now,
            },
          ]
        : [],
    );
    if (turns.length === 0) return { extractions: items.map(() => null), usage: null };
    const result = await extractWithLanguageModel(languageModel, turns);
    return {
      extractions: items.map((item, index) =>
        derives(item) ? (result.extractions.get(index) ?? { facts: [], mentions: [] }) : null,
      ),
      usage: { calls: 1, ...result.usage },
    };
  }
  return {
    extractions: items.map((item) => (derives(item) ? extractFacts(item.text, item.at ?? now) : null)),
    usage: null,
  };
}

interface ScopeState {
  scope: GraphScopeKey;
  resolver: EntityResolver;
  /**
   * The facts of the scope read so far (current and superseded), by memory id: those of each subject and predicate
   * this batch told something about, read when first needed, or all of them once `allFacts` (entities were merged).
   */
  facts: Map<string, FactRecord>;
  /** The [subject, predicate] pairs read. */
  factsRead: Set<string>;
  allFacts: boolean;
  texts: Map<string, string>;
}

/**
 * Read the facts of one subject and predicate (all the gate and a supersession chain look at), or with no subject
 * all facts of the scope, into the state, once.
 */
async function readFacts(
  graph: GraphStore,
  state: ScopeState,
  of?: { subjectId: string; predicate: string },
): Promise<void> {
  const key = of ? JSON.stringify([of.subjectId, of.predicate]) : "";
  if (state.allFacts || (of && state.factsRead.has(key))) return;
  const facts = await graph.listFacts(state.scope, { ...of, includeRetired: true });
  for (const fact of facts) if (!state.facts.has(fact.memoryId)) state.facts.set(fact.memoryId, fact);
  if (of) state.factsRead.add(key);
  else state.allFacts = true;
}

/** The name facts about a speaker use: who said it, else the user, else the role. */
function speakerName(item: RememberItem): string {
  return item.speaker ?? (item.role === undefined || item.role === "user" ? item.user : item.role) ?? "user";
}

/** A fact's object as compared, normalised once per fact (the gate compares it with every new fact of its kind). */
const normalizedObjects = new WeakMap<FactRecord, string>();

function sameObject(fact: FactRecord, objectId: string | null, normalizedObject: string): boolean {
  if (objectId !== null && fact.objectId !== null) return fact.objectId === objectId;
  let normalized = normalizedObjects.get(fact);
  if (normalized === undefined) {
    normalized = normalizeText(fact.object);
    normalizedObjects.set(fact, normalized);
  }
  return normalized === normalizedObject;
}

/**
 * Add the facts, entities, relations and mentions the plan found, linked to the episodes `outcomes` name, to `batch`
 * (the episodes' own write), so that episodes and what was derived from them commit in one transaction.
 * Returns what changed; adds nothing when the store keeps no graph.
 */
export async function addKnowledgeToBatch(
  context: EngineContext,
  items: RememberItem[],
  outcomes: WriteOutcome[],
  plan: ExtractionPlan,
  batch: WriteBatch,
): Promise<KnowledgeReport> {
  const { store, options } = context;
  const graph = store.graph;
  const report: KnowledgeReport = {
    facts: { inserted: 0, reinforced: 0, superseded: 0 },
    entities: 0,
    relations: 0,
    mentions: 0,
    ...(plan.usage
      ? {
          llm: {
            calls: plan.usage.calls,
            promptTokens: plan.usage.promptTokens,
            completionTokens: plan.usage.completionTokens,
          },
        }
      : {}),
  };
  if (
    !graph ||
    plan.extractions.every((e) => e === null || (e.facts.length === 0 && e.mentions.length === 0))
  ) {
    return report;
  }
  const recordedAt = context.now();
  const halfLife = options.strengthHalfLifeDays * DAY_MS;
  const states = new Map<string, ScopeState>();
  const inserts = new Map<string, NewMemory>();
  const reinforcements: Reinforcement[] = [];
  const strengthState = new Map<string, { strength: number; lastSeenAt: number }>();
  const touchedFacts = new Set<string>();
  const relations = new Map<string, RelationRecord>();
  const mentions: MentionRecord[] = [];
  const newRelations: RelationRecord[] = [];

  const stateOf = async (item: RememberItem): Promise<ScopeState> => {
    const scope: GraphScopeKey = {
      tenant: item.tenant ?? DEFAULT_TENANT,
      user: item.user ?? null,
      agent: item.agent ?? null,
    };
    const key = JSON.stringify(scope);
    let state = states.get(key);
    if (!state) {
      // Facts are read per subject and predicate as the batch needs them, not the whole scope's on every write.
      state = {
        scope,
        resolver: createEntityResolver(scope, await graph.entities(scope), recordedAt),
        facts: new Map(),
        factsRead: new Set(),
        allFacts: false,
        texts: new Map(),
      };
      states.set(key, state);
    }
    return state;
  };

  for (const [index, item] of items.entries()) {
    const extraction = plan.extractions[index];
    const outcome = outcomes[index];
    if (!extraction || !outcome) continue;
    if (extraction.facts.length === 0 && extraction.mentions.length === 0) continue;
    const state = await stateOf(item);
    const { resolver } = state;
    const episodeId = outcome.id;
    const occurredAt = item.at ?? recordedAt;
    const source: MemorySource = { source: episodeId, occurredAt, recordedAt, session: item.session ?? null };
    // Facts first: a relative named here ("my brother's name is Tom") takes over the placeholder before mentions
    // resolve the same name.
    const speaker = extraction.facts.length > 0 ? resolver.resolve(speakerName(item), "person") : null;
    if (speaker) mentions.push({ memoryId: episodeId, entityId: speaker.id });

    for (const extracted of extraction.facts) {
      if (!speaker) break;
      let subject: EntityRecord;
      if (extracted.subject.kind === "speaker") subject = speaker;
      else if (extracted.subject.kind === "named")
        subject = resolver.resolve(extracted.subject.name, "person");
      else {
        const { entity, created } = resolver.relative(speaker, extracted.subject.relation);
        subject = entity;
        if (created)
          newRelations.push(
            relationFor(state.scope, speaker.id, entity.id, extracted.subject.relation, null, recordedAt),
          );
      }
      // "my fam" in what Melanie said is Melanie's: a fact must read the same whoever recalls it
      let object =
        extracted.language === "en" && !extracted.objectType
          ? (resolvePronouns(extracted.object, { speaker: speaker.name }) ?? extracted.object)
          : extracted.object;
      let objectEntity: EntityRecord | null = null;
      if (
        extracted.objectType === "person" &&
        extracted.subject.kind === "speaker" &&
        extracted.predicate !== "married_to"
      ) {
        objectEntity = resolver.name(speaker, extracted.predicate, extracted.object);
      } else if (extracted.objectType) {
        objectEntity = resolver.resolve(extracted.object, extracted.objectType);
      }
      if (extracted.predicate === "name") {
        resolver.addAlias(subject, extracted.object);
        if (normalizeName(extracted.object) === normalizeName(subject.name)) continue;
      }
      if (objectEntity) object = objectEntity.name;
      mentions.push({ memoryId: episodeId, entityId: subject.id });

      // The gate: the current fact with the same subject, predicate and object is reinforced, not copied.
      await readFacts(graph, state, { subjectId: subject.id, predicate: extracted.predicate });
      const normalizedObject = normalizeText(object);
      const current = [...state.facts.values()].find(
        (fact) =>
          fact.subjectId === subject.id &&
          fact.predicate === extracted.predicate &&
          fact.supersededBy === null &&
          sameObject(fact, objectEntity?.id ?? null, normalizedObject),
      );
      if (current) {
        if (!current.sourceMemoryIds.includes(episodeId)) current.sourceMemoryIds.push(episodeId);
        touchedFacts.add(current.memoryId);
        const pending = inserts.get(current.memoryId);
        if (pending) {
          const record = pending.record;
          record.strength = updateStrength(
            record.strength,
            Math.max(0, occurredAt - record.lastSeenAt),
            halfLife,
            options.reinforceGain,
          );
          record.sources.push(source);
          record.count += 1;
          record.lastSeenAt = Math.max(record.lastSeenAt, occurredAt);
        } else {
          const [stored] = strengthState.has(current.memoryId)
            ? []
            : await store.get(state.scope.tenant, [current.memoryId]);
          const previous = strengthState.get(current.memoryId) ?? {
            strength: stored?.strength ?? options.initialStrength,
            lastSeenAt: stored?.lastSeenAt ?? occurredAt,
          };
          const strength = updateStrength(
            previous.strength,
            Math.max(0, occurredAt - previous.lastSeenAt),
            halfLife,
            options.reinforceGain,
          );
          strengthState.set(current.memoryId, {
            strength,
            lastSeenAt: Math.max(previous.lastSeenAt, occurredAt),
          });
          reinforcements.push({ tenant: state.scope.tenant, memoryId: current.memoryId, source, strength });
        }
        report.facts.reinforced++;
        continue;
      }

      const id = newMemoryId(recordedAt);
      const text = factSentence(extracted.predicate, subject.name, object, extracted.language);
      const record: MemoryRecord = {
        id,
        tenant: state.scope.tenant,
        user: state.scope.user,
        agent: state.scope.agent,
        session: null,
        kind: "fact",
        text,
        role: null,
        speaker: null,
        occurredAt,
        recordedAt,
        source: episodeId,
        sources: [source],
        metadata: {},
        count: 1,
        lastSeenAt: occurredAt,
        strength: options.initialStrength,
        status: "active",
        textHash: textHash(text),
      };
      inserts.set(id, { record, keys: [] });
      state.texts.set(id, text);
      const fact: FactRecord = {
        ...state.scope,
        memoryId: id,
        subjectId: subject.id,
        predicate: extracted.predicate,
        object,
        objectId: objectEntity?.id ?? null,
        validFrom: (DATED_PREDICATES.has(extracted.predicate) ? extracted.at : null) ?? occurredAt,
        validTo: null,
        recordedAt,
        retiredAt: null,
        supersededBy: null,
        sourceMemoryIds: [episodeId],
      };
      state.facts.set(id, fact);
      touchedFacts.add(id);
      report.facts.inserted++;
      if (isSingleValued(extracted.predicate))
        report.facts.superseded += resolveChain(state, fact, recordedAt, touchedFacts);
    }

    for (const mention of extraction.mentions) {
      const entity = resolver.resolve(mention.name, mention.entityType);
      mentions.push({ memoryId: episodeId, entityId: entity.id });
    }
  }

  // Placeholders merged into named entities: their facts and mentions move over.
  for (const state of states.values()) {
    const merged = state.resolver.merged();
    if (merged.size === 0) continue;
    // rare (a placeholder named): any fact of the scope may point at a merged entity
    await readFacts(graph, state);
    for (const fact of state.facts.values()) {
      const subjectId = merged.get(fact.subjectId) ?? fact.subjectId;
      const objectId = fact.objectId === null ? null : (merged.get(fact.objectId) ?? fact.objectId);
      if (subjectId === fact.subjectId && objectId === fact.objectId) continue;
      fact.subjectId = subjectId;
      fact.objectId = objectId;
      touchedFacts.add(fact.memoryId);
    }
    for (const mention of mentions) mention.entityId = merged.get(mention.entityId) ?? mention.entityId;
    for (let i = newRelations.length - 1; i >= 0; i--) {
      const relation = newRelations[i] as RelationRecord;
      if (merged.has(relation.fromId) || merged.has(relation.toId)) newRelations.splice(i, 1);
    }
  }

  // Keys for the new facts: one embedding call.
  const fresh = [...inserts.values()];
  const vectors = fresh.length > 0 ? await context.embedder.embed(fresh.map((m) => m.record.text)) : [];
  fresh.forEach((memory, i) => {
    memory.keys = [makeKey(memory.record.id, "text", memory.record.text, vectors[i] ?? null)];
  });

  // Relations mirror facts whose object is an entity, with the same validity.
  const factRows: FactRecord[] = [];
  for (const state of states.values()) {
    const existing = await graph.relations(state.scope, { includeRetired: true });
    const byFact = new Map(existing.filter((r) => r.factId !== null).map((r) => [r.factId as string, r]));
    for (const id of touchedFacts) {
      const fact = state.facts.get(id);
      if (!fact) continue;
      factRows.push(fact);
      if (fact.objectId === null) continue;
      // A relation made before the fact (Ana → "Ana's brother", later named Tom) becomes the fact's relation.
      const plain = [...existing, ...newRelations].find(
        (r) =>
          r.factId === null &&
          r.fromId === fact.subjectId &&
          r.toId === fact.objectId &&
          r.relationType === fact.predicate,
      );
      if (plain) {
        plain.factId = id;
        const at = newRelations.indexOf(plain);
        if (at >= 0) newRelations.splice(at, 1);
      }
      const relation =
        byFact.get(id) ??
        plain ??
        relationFor(state.scope, fact.subjectId, fact.objectId, fact.predicate, id, recordedAt);
      relation.fromId = fact.subjectId;
      relation.toId = fact.objectId;
      relation.validFrom = fact.validFrom;
      relation.validTo = fact.validTo;
      relation.retiredAt = fact.retiredAt;
      relations.set(relation.id, relation);
    }
  }
  for (const relation of newRelations) relations.set(relation.id, relation);

  const entities = [...states.values()].flatMap((state) => state.resolver.changed());
  const uniqueMentions = [...new Map(mentions.map((m) => [`${m.memoryId} ${m.entityId}`, m])).values()];
  report.entities = entities.length;
  report.relations = relations.size;
  report.mentions = uniqueMentions.length;

  const deleteEntityIds = [...states.values()].flatMap((state) => [...state.resolver.merged().keys()]);
  batch.inserts.push(...fresh);
  batch.reinforcements.push(...reinforcements);
  Object.assign(batch, {
    graph: {
      entities,
      facts: factRows,
      relations: [...relations.values()],
      mentions: uniqueMentions,
      ...(deleteEntityIds.length > 0
        ? {
            deleteEntityIds: {
              tenant: [...states.values()][0]?.scope.tenant ?? DEFAULT_TENANT,
              ids: deleteEntityIds,
            },
          }
        : {}),
    },
  });
  return report;
}

/** Predicates whose date in the text is when they became true (moved last month); others hold from the telling. */
const DATED_PREDICATES = new Set(["lives_in", "works_at", "job_title", "studies_at", "married_to", "event"]);

function relationFor(
  scope: GraphScopeKey,
  fromId: string,
  toId: string,
  relationType: string,
  factId: string | null,
  recordedAt: number,
): RelationRecord {
  return {
    ...scope,
    id: newMemoryId(recordedAt).replace(/^mem_/, "rel_"),
    fromId,
    toId,
    relationType,
    validFrom: null,
    validTo: null,
    recordedAt,
    retiredAt: null,
    factId,
  };
}

/**
 * Order the facts of one subject and single-valued predicate by valid time; each one is valid until the next
 * (its validTo = the next one's validFrom, supersededBy = the next one), the latest is open. Returns how many
 * facts were newly superseded.
 */
function resolveChain(state: ScopeState, fact: FactRecord, recordedAt: number, touched: Set<string>): number {
  const chain = [...state.facts.values()]
    .filter((f) => f.subjectId === fact.subjectId && f.predicate === fact.predicate)
    .sort(
      (a, b) =>
        (a.validFrom ?? a.recordedAt) - (b.validFrom ?? b.recordedAt) ||
        a.recordedAt - b.recordedAt ||
        a.memoryId.localeCompare(b.memoryId),
    );
  let superseded = 0;
  chain.forEach((current, i) => {
    const next = chain[i + 1];
    const supersededBy = next ? next.memoryId : null;
    const validTo = next ? (next.validFrom ?? next.recordedAt) : null;
    if (current.supersededBy === supersededBy && current.validTo === validTo) return;
    if (current.supersededBy === null && supersededBy !== null) superseded++;
    current.supersededBy = supersededBy;
    current.validTo = validTo;
    current.retiredAt = supersededBy === null ? null : (current.retiredAt ?? recordedAt);
    touched.add(current.memoryId);
  });
  return superseded;
}
