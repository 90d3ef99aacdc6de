/**
 * The state one write's knowledge derivation keeps (per scope: the entity resolver and the facts read so far), and
 * the fact gate: a fact told again reinforces the one stored (its strength, count and sources), a new one is inserted,
 * and a new value of a single-valued predicate closes the validity of the old one (a supersession chain ordered by
 * valid time).
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
import { DEFAULT_TENANT, type MemoryRecord, type MemorySource, type NewMemory } from "../../spec/memory.js";
import type { Reinforcement } from "../../spec/store.js";
import { ENDED, endedSentence, isSingleValued, noLongerSentence } from "../../text/facts/index.js";
import { hasWholeWord, normalizeText, textHash } from "../../text/index.js";
import { DAY_MS, type EngineRuntime } from "../engine-runtime.js";
import { newMemoryId } from "../ids.js";
import { createEntityResolver, type EntityResolver } from "./entity-resolver.js";

/** What deriving knowledge did in one remember call. */
export interface KnowledgeReport {
  facts: { inserted: number; reinforced: number; superseded: number };
  entities: number;
  relations: number;
  mentions: number;
  /** LLM calls and tokens spent, when an LLM extracted the facts; `fallbacks`: replies refused, rules used instead. */
  llm?: { calls: number; promptTokens: number; completionTokens: number; fallbacks?: number };
}

export interface ScopeState {
  /** The scope as a string, the key of its state in the run. */
  key: string;
  scope: GraphScopeKey;
  resolver: EntityResolver;
  /**
   * The facts of the scope read so far (current and superseded), by memory id: those of each subject and predicate
   * this batch told something about, read when first needed, or all of them once `allFacts` (entities were merged).
   */
  facts: Map<string, FactRecord>;
  /** The same facts by subject and predicate, for the gate. */
  bySubjectPredicate: Map<string, FactRecord[]>;
  /** The [subject, predicate] pairs read. */
  factsRead: Set<string>;
  /** The text hashes of statements looked up. */
  textsRead: Set<string>;
  /**
   * Stored facts by the text hash of their sentence, read for the whole batch in one look-up before the gate runs
   * (readStatementFacts); a hash's facts join the state when the gate first reads that text, as one look-up a text did.
   */
  factsByText: Map<string, FactRecord[]>;
  allFacts: boolean;
}

/** Everything one batch derives, collected before it joins the batch's write. */
export interface KnowledgeRun {
  runtime: EngineRuntime;
  graph: GraphStore;
  recordedAt: number;
  states: Map<string, ScopeState>;
  inserts: Map<string, NewMemory>;
  reinforcements: Reinforcement[];
  /** Strength and last sighting of stored facts reinforced in this batch (a fact told twice in one batch). */
  strengthState: Map<string, { strength: number; lastSeenAt: number }>;
  touchedFacts: Set<string>;
  mentions: MentionRecord[];
  /** Relations that mirror no fact (a relative spoken of before they are named). */
  newRelations: RelationRecord[];
  /** Relations a fact's sentence gives beyond its object (fact → named entity), made when the batch commits. */
  links: { scopeKey: string; factId: string; fromId: string; toId: string; relationType: string }[];
  /** Sentences of facts that restate their turn, to become keys of that turn's episode. */
  episodeKeys: { episodeId: string; text: string }[];
  /** Text hashes of the sentences met so far (a statement's is read before the gate, then by it, then stored). */
  hashes: Map<string, string>;
  report: KnowledgeReport;
}

export function createKnowledgeRun(
  runtime: EngineRuntime,
  graph: GraphStore,
  report: KnowledgeReport,
): KnowledgeRun {
  return {
    runtime,
    graph,
    recordedAt: runtime.now(),
    states: new Map(),
    inserts: new Map(),
    reinforcements: [],
    strengthState: new Map(),
    touchedFacts: new Set(),
    mentions: [],
    newRelations: [],
    links: [],
    episodeKeys: [],
    hashes: new Map(),
    report,
  };
}

/** The scope's state, made (with its entities loaded) the first time the batch writes there. */
export async function scopeStateOf(
  run: KnowledgeRun,
  item: { tenant?: string; user?: string; agent?: string },
): Promise<ScopeState> {
  const scope: GraphScopeKey = {
    tenant: item.tenant ?? DEFAULT_TENANT,
    user: item.user ?? null,
    agent: item.agent ?? null,
  };
  const key = JSON.stringify(scope);
  let state = run.states.get(key);
  if (!state) {
    // Facts are read per subject and predicate as the batch needs them, not the whole scope's on every write.
    state = {
      key,
      scope,
      resolver: createEntityResolver(scope, await run.graph.entities(scope), run.recordedAt),
      facts: new Map(),
      bySubjectPredicate: new Map(),
      factsRead: new Set(),
      textsRead: new Set(),
      factsByText: new Map(),
      allFacts: false,
    };
    run.states.set(key, state);
  }
  return state;
}

/** The text hash of a fact's sentence, made once per sentence in a run. */
function hashOf(run: KnowledgeRun, text: string): string {
  let hash = run.hashes.get(text);
  if (hash === undefined) {
    hash = textHash(text);
    run.hashes.set(text, hash);
  }
  return hash;
}

const pairKey = (subjectId: string, predicate: string) => `${subjectId}\u0000${predicate}`;

function remember(state: ScopeState, fact: FactRecord): void {
  if (state.facts.has(fact.memoryId)) return;
  state.facts.set(fact.memoryId, fact);
  const key = pairKey(fact.subjectId, fact.predicate);
  const list = state.bySubjectPredicate.get(key);
  if (list) list.push(fact);
  else state.bySubjectPredicate.set(key, [fact]);
}

/**
 * Read the facts of one subject and predicate (all the gate and a supersession chain look at), or with no subject
 * all facts of the scope, into the state, once.
 */
export async function readFacts(
  graph: GraphStore,
  state: ScopeState,
  of?: { subjectId: string; predicate: string },
): Promise<void> {
  const key = of ? pairKey(of.subjectId, of.predicate) : "";
  if (state.allFacts || (of && state.factsRead.has(key))) return;
  const facts = await graph.listFacts(state.scope, { ...of, includeRetired: true });
  for (const fact of facts) remember(state, fact);
  if (of) state.factsRead.add(key);
  else state.allFacts = true;
}

/**
 * Predicates whose object is the fact's whole sentence: a repeat is the same sentence, found by its text hash (an index
 * seek) instead of reading every statement the subject ever made.
 */
export const TEXT_KEYED: ReadonlySet<string> = new Set(["statement", "event"]);

/** The stored facts whose sentence has one of `hashes`, by hash (each hash's in the store's order). */
async function storedFactsByText(
  run: KnowledgeRun,
  state: ScopeState,
  hashes: string[],
): Promise<Map<string, FactRecord[]>> {
  const byText = new Map<string, FactRecord[]>(hashes.map((hash) => [hash, []]));
  const { tenant, user, agent } = state.scope;
  // a scope of no user looks up the facts of no user (user null: one index seek per hash, as for a named user);
  // leaving the user out asked for any user's, a walk over the tenant's hashes, and the facts were filtered below
  const memories = await run.runtime.store.findByTextHash(
    { tenant, user, ...(agent === null ? {} : { agent }), kinds: ["fact"] },
    hashes,
  );
  if (memories.length === 0) return byText;
  const facts = new Map(
    (
      await run.graph.facts(
        tenant,
        memories.map((m) => m.id),
      )
    ).map((fact) => [fact.memoryId, fact]),
  );
  for (const memory of memories) {
    const fact = facts.get(memory.id);
    if (fact && fact.user === user && fact.agent === agent) byText.get(memory.textHash)?.push(fact);
  }
  return byText;
}

/**
 * Read, for a batch, the stored facts of every statement sentence it may gate, in one look-up per scope instead of
 * one per sentence; readFactsByText then takes them from the state.
 */
export async function readStatementFacts(
  run: KnowledgeRun,
  state: ScopeState,
  texts: string[],
): Promise<void> {
  const hashes = [
    ...new Set(texts.map((text) => hashOf(run, text)).filter((hash) => !state.textsRead.has(hash))),
  ].filter((hash) => !state.factsByText.has(hash));
  if (hashes.length === 0) return;
  for (const [hash, facts] of await storedFactsByText(run, state, hashes)) state.factsByText.set(hash, facts);
}

/** The facts of a subject and predicate, current and past, as the run holds them (read from the graph once). */
export async function factsOf(
  run: KnowledgeRun,
  state: ScopeState,
  subjectId: string,
  predicate: string,
): Promise<FactRecord[]> {
  await readFacts(run.graph, state, { subjectId, predicate });
  return state.bySubjectPredicate.get(pairKey(subjectId, predicate)) ?? [];
}

/** Read the stored facts whose sentence is `text` into the state, once per text. */
async function readFactsByText(run: KnowledgeRun, state: ScopeState, text: string): Promise<void> {
  const hash = hashOf(run, text);
  if (state.textsRead.has(hash)) return;
  state.textsRead.add(hash);
  const facts = state.factsByText.get(hash) ?? (await storedFactsByText(run, state, [hash])).get(hash) ?? [];
  state.factsByText.delete(hash);
  for (const fact of facts) remember(state, fact);
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

/** A fact as the derivation found it, its subject and object resolved. */
export interface CandidateFact {
  subject: EntityRecord;
  predicate: string;
  object: string;
  objectEntity: EntityRecord | null;
  text: string;
  /** When it became true, as the text dates it; null for from the telling. */
  validFrom: number | null;
}

/** The episode a fact is derived from. */
export interface EpisodeSource {
  id: string;
  occurredAt: number;
  source: MemorySource;
}

/**
 * Pass a fact through the gate: reinforce the current fact it repeats, or insert it (superseding, if single-valued).
 * Returns the fact it became.
 */
export async function gateFact(
  run: KnowledgeRun,
  state: ScopeState,
  candidate: CandidateFact,
  episode: EpisodeSource,
): Promise<FactRecord> {
  if (TEXT_KEYED.has(candidate.predicate)) await readFactsByText(run, state, candidate.text);
  else await readFacts(run.graph, state, { subjectId: candidate.subject.id, predicate: candidate.predicate });
  const normalizedObject = normalizeText(candidate.object);
  const current = state.bySubjectPredicate
    .get(pairKey(candidate.subject.id, candidate.predicate))
    ?.find(
      (fact) =>
        fact.supersededBy === null && sameObject(fact, candidate.objectEntity?.id ?? null, normalizedObject),
    );
  if (current) {
    await reinforceFact(run, state, current, episode);
    run.report.facts.reinforced++;
    return current;
  }
  const told = isSingleValued(candidate.predicate)
    ? await toldAfter(run, state, candidate, episode)
    : candidate;
  const fact = insertFact(run, state, told, episode);
  run.report.facts.inserted++;
  if (isSingleValued(candidate.predicate)) run.report.facts.superseded += resolveChain(run, state, fact);
  const opposite = OPPOSITES[candidate.predicate];
  if (opposite) await endDenied(run, state, fact, opposite, normalizedObject);
  return fact;
}

/** Predicates that deny each other of one object: a liking of sushi told after a dislike of it ends the dislike. */
const OPPOSITES: Readonly<Record<string, string>> = { likes: "dislikes", dislikes: "likes" };

/**
 * What `fact` denies ends where it begins, superseded by it (its history keeps it): the subject's current facts of
 * `predicate` with the object given ("I don't like sushi anymore" after "I love sushi": the liking; "I'm not
 * vegetarian anymore": the statement "is vegetarian").
 */
export async function endDenied(
  run: KnowledgeRun,
  state: ScopeState,
  fact: FactRecord,
  predicate: string,
  normalizedObject: string,
): Promise<void> {
  const denied = (await factsOf(run, state, fact.subjectId, predicate)).filter(
    (old) => old.supersededBy === null && sameObject(old, fact.objectId, normalizedObject),
  );
  for (const old of denied) supersede(run, old, fact.memoryId, fact.validFrom ?? fact.recordedAt);
}

/**
 * Close `old` at `at` (not before it began), superseded by the fact `by`; its history keeps it, the write rewrites it.
 */
function supersede(run: KnowledgeRun, old: FactRecord, by: string, at: number): void {
  old.supersededBy = by;
  old.validTo = Math.max(at, old.validFrom ?? Number.NEGATIVE_INFINITY);
  old.retiredAt = run.recordedAt;
  run.touchedFacts.add(old.memoryId);
  run.report.facts.superseded++;
}

/**
 * A value dated before the current one's telling but told after it ("I live in Paris", then "I moved to Berlin last
 * month"): the current value gave no date of its own, so when it began is not known, only that it held when told;
 * the later telling is the newer word, and the value follows the current one from its own telling (Paris until
 * Berlin was told, Berlin since). Its sentence keeps the date it gave. A current value that gave its own date later
 * than this one's keeps the order of the dates ("I moved to Paris in 2022", then "I moved to Berlin in 2019": Berlin
 * was before). The candidate as it came otherwise.
 */
async function toldAfter(
  run: KnowledgeRun,
  state: ScopeState,
  candidate: CandidateFact,
  episode: EpisodeSource,
): Promise<CandidateFact> {
  if (candidate.validFrom === null) return candidate;
  const current = state.bySubjectPredicate
    .get(pairKey(candidate.subject.id, candidate.predicate))
    ?.find((fact) => fact.supersededBy === null);
  const since = current?.validFrom ?? null;
  if (!current || since === null || since <= candidate.validFrom || since >= episode.occurredAt)
    return candidate;
  // a value with no date of its own began, as far as it is stored, when it was told: its memory's time
  const memory =
    run.inserts.get(current.memoryId)?.record ??
    (await run.runtime.store.get(state.scope.tenant, [current.memoryId]))[0];
  if (memory?.occurredAt !== since) return candidate;
  return { ...candidate, validFrom: episode.occurredAt };
}

/**
 * A fact that ends its subject's current value of a single-valued predicate ("I quit my job at Google", 我离婚了): a
 * fact with the object ENDED joins the value's chain after it and closes it (validTo, supersededBy), so the value's
 * history shows when it ended and answers can say it no longer holds. Nothing when there is no current value, when
 * it is not the one named (`candidate.object`, or ENDED for whichever), or when it has ended already. Returns the
 * ending fact, or null.
 */
export async function endFact(
  run: KnowledgeRun,
  state: ScopeState,
  // (no text: the ending writes its own sentence from the value it closes)
  candidate: Omit<CandidateFact, "text">,
  episode: EpisodeSource,
  language: "en" | "zh",
): Promise<FactRecord | null> {
  if (!isSingleValued(candidate.predicate)) return null;
  await readFacts(run.graph, state, { subjectId: candidate.subject.id, predicate: candidate.predicate });
  const current = state.bySubjectPredicate
    .get(pairKey(candidate.subject.id, candidate.predicate))
    ?.find((fact) => fact.supersededBy === null);
  if (!current || current.object === ENDED) return null;
  if (
    candidate.object !== ENDED &&
    !sameObject(current, candidate.objectEntity?.id ?? null, normalizeText(candidate.object))
  )
    return null;
  // an ending told with an earlier date than the value it ends follows it all the same (a former value's start is
  // not known: validFrom null)
  const since = current.validFrom ?? Number.NEGATIVE_INFINITY;
  const fact = insertFact(
    run,
    state,
    {
      ...candidate,
      object: ENDED,
      objectEntity: null,
      text: endedSentence(candidate.predicate, candidate.subject.name, current.object, language),
      validFrom: Math.max(candidate.validFrom ?? episode.occurredAt, since),
    },
    episode,
  );
  run.report.facts.inserted++;
  run.report.facts.superseded += resolveChain(run, state, fact);
  return fact;
}

/**
 * A value an ending says held until then ("I no longer work at Google", "I used to live in Boston") that no fact of
 * the subject's has told: it joins the predicate's history with no start (validFrom null: since before anything
 * told), closed by the value after it, or, when no value holds now, by an ending at the telling. Returns the former
 * fact, or null when the value was told already (current or past) or the predicate has no history.
 */
export async function formerFact(
  run: KnowledgeRun,
  state: ScopeState,
  candidate: CandidateFact,
  episode: EpisodeSource,
  language: "en" | "zh",
): Promise<FactRecord | null> {
  if (!isSingleValued(candidate.predicate)) return null;
  await readFacts(run.graph, state, { subjectId: candidate.subject.id, predicate: candidate.predicate });
  const chain = state.bySubjectPredicate.get(pairKey(candidate.subject.id, candidate.predicate)) ?? [];
  const normalized = normalizeText(candidate.object);
  if (chain.some((fact) => sameObject(fact, candidate.objectEntity?.id ?? null, normalized))) return null;
  const holds = chain.some((fact) => fact.supersededBy === null);
  const fact = insertFact(run, state, candidate, episode);
  fact.validFrom = null;
  run.report.facts.inserted++;
  run.report.facts.superseded += resolveChain(run, state, fact);
  // nothing held now: the value ended when told
  if (!holds)
    await endFact(
      run,
      state,
      { ...candidate, object: ENDED, objectEntity: null, validFrom: candidate.validFrom },
      episode,
      language,
    );
  return fact;
}

/**
 * A value of a predicate with many values ended ("I broke up with Tom", "our cat Luna passed away"): the current fact
 * with that value is closed from the ending's time by a fact that says so ("Tom is no longer Ana's boyfriend.", an
 * event: the predicate's other values still hold, so no marker of the predicate's own); a value the ending says held
 * (`candidate.held`) that no fact told joins the history with no start, closed the same way. Returns the fact that
 * says it ended, or null when no value was closed (a partner named that was no boyfriend, a value told before).
 */
export async function endValue(
  run: KnowledgeRun,
  state: ScopeState,
  candidate: CandidateFact & { held: boolean },
  episode: EpisodeSource,
  language: "en" | "zh",
): Promise<FactRecord | null> {
  if (isSingleValued(candidate.predicate)) return null;
  await readFacts(run.graph, state, { subjectId: candidate.subject.id, predicate: candidate.predicate });
  const values = state.bySubjectPredicate.get(pairKey(candidate.subject.id, candidate.predicate)) ?? [];
  const normalized = normalizeText(candidate.object);
  const told = values.filter((fact) => sameObject(fact, candidate.objectEntity?.id ?? null, normalized));
  let current = told.find((fact) => fact.supersededBy === null);
  const { had, among } =
    candidate.predicate === "pet"
      ? await petHad(run, state, candidate, current ?? null, values)
      : { had: [], among: [] };
  if (!current) {
    // (a pet named only in what was had, "we have a cat called Mochi" or "two dogs, Rex and Bella", was had: "Sadly
    // Mochi passed away" ends it)
    const named = [...had, ...among];
    if ((!candidate.held && named.length === 0) || told.length > 0) return null;
    current = insertFact(run, state, candidate, episode);
    current.validFrom =
      named.length > 0 ? Math.min(...named.map((fact) => fact.validFrom ?? fact.recordedAt)) : null;
    run.report.facts.inserted++;
  }
  const at = Math.max(
    candidate.validFrom ?? episode.occurredAt,
    current.validFrom ?? Number.NEGATIVE_INFINITY,
  );
  const sentence = noLongerSentence(candidate.predicate, candidate.subject.name, current.object, language);
  const closing = await gateFact(
    run,
    state,
    {
      subject: candidate.subject,
      predicate: "event",
      object: sentence.replace(/[.。]$/u, ""),
      objectEntity: null,
      text: sentence,
      validFrom: at,
    },
    episode,
  );
  for (const fact of [current, ...had]) supersede(run, fact, closing.memoryId, at);
  return closing;
}

/**
 * Every value of a predicate with many values that holds now, ended ("we broke up": the girlfriend there is, whoever
 * she is), each as `endValue` ends one. Returns whether any was.
 */
export async function endEveryValue(
  run: KnowledgeRun,
  state: ScopeState,
  candidate: Pick<CandidateFact, "subject" | "predicate" | "validFrom">,
  episode: EpisodeSource,
  language: "en" | "zh",
): Promise<boolean> {
  await readFacts(run.graph, state, { subjectId: candidate.subject.id, predicate: candidate.predicate });
  const current = (
    state.bySubjectPredicate.get(pairKey(candidate.subject.id, candidate.predicate)) ?? []
  ).filter((fact) => fact.supersededBy === null && fact.object !== ENDED);
  let ended = false;
  for (const fact of current) {
    const value = { ...candidate, object: fact.object, objectEntity: null, text: "", held: false };
    if (await endValue(run, state, value, episode, language)) ended = true;
  }
  return ended;
}

/**
 * What was had that is the pet gone ("a cat called Mochi", or 一只猫 told beside 咪咪 in one turn), which is no longer
 * had either (`had`); and what named it among others had ("two dogs, Rex and Bella": Bella still is), which stays
 * (`among`: its link to the pet ends with the pet's fact).
 */
async function petHad(
  run: KnowledgeRun,
  state: ScopeState,
  candidate: CandidateFact,
  pet: FactRecord | null,
  pets: readonly FactRecord[],
): Promise<{ had: FactRecord[]; among: FactRecord[] }> {
  await readFacts(run.graph, state, { subjectId: candidate.subject.id, predicate: "has" });
  const current = (state.bySubjectPredicate.get(pairKey(candidate.subject.id, "has")) ?? []).filter(
    (had) => had.supersededBy === null,
  );
  if (current.length === 0) return { had: [], among: [] };
  // what had gave the subject a pet link to it named it ("two dogs, Rex and Bella"; "a brother, Tom" gave none:
  // Tom's death ends no pet): links stored, or made in this same write
  const entity = candidate.objectEntity?.id;
  const merged = state.resolver.merged();
  const linked =
    entity === undefined
      ? new Set<string>()
      : new Set(
          [
            ...(await run.graph.relations(state.scope)).filter((r) => r.validTo === null),
            ...run.links.filter((link) => link.scopeKey === state.key),
          ]
            .filter((r) => r.relationType === "pet" && (merged.get(r.toId) ?? r.toId) === entity)
            .map((r) => r.factId),
        );
  const name = normalizeText(candidate.object);
  const others = pets.filter((fact) => fact !== pet && fact.supersededBy === null);
  const isOf = (had: FactRecord, object: string, sources: readonly string[]) =>
    hasWholeWord(normalizeText(had.object), object) || had.sourceMemoryIds.some((id) => sources.includes(id));
  const naming = current.filter(
    (had) => linked.has(had.memoryId) || isOf(had, name, pet?.sourceMemoryIds ?? []),
  );
  const found = naming.filter(
    (had) => !others.some((other) => isOf(had, normalizeText(other.object), other.sourceMemoryIds)),
  );
  // what had named no one but the subject, the pet and pets gone before it is had no more ("a cat called Mochi"; "Priya has a cat named
  // Luna and a dog named Rex." names Rex too, whose pet fact is read from that sentence, not stored)
  // (one told in this same write is not stored yet: its text is among the run's inserts)
  const stored = await run.runtime.store.get(
    state.scope.tenant,
    found.filter((had) => !run.inserts.has(had.memoryId)).map((had) => had.memoryId),
  );
  const texts = new Map(stored.map((record) => [record.id, record.text]));
  for (const had of found) {
    const pending = run.inserts.get(had.memoryId);
    if (pending) texts.set(had.memoryId, pending.record.text);
  }
  // (the pets it named that are gone already count as its own: "Rex died", then "Bella ran away" ends the two dogs)
  const gone = pets.filter((fact) => fact.supersededBy !== null).map((fact) => normalizeText(fact.object));
  const own = new Set([name, ...normalizeText(candidate.subject.name).split(" "), ...gone]);
  const had = found.filter((fact) => {
    const text = texts.get(fact.memoryId);
    return (
      text !== undefined &&
      (text.match(/(?<!^)\p{Lu}[\p{Ll}'’-]+/gu) ?? []).every((word) => own.has(normalizeText(word)))
    );
  });
  // what named it among others stays; its link to the pet ends with the pet's fact
  return { had, among: naming.filter((fact) => !had.includes(fact) && linked.has(fact.memoryId)) };
}

/**
 * A value corrected ("Mia, not Maria"): the subject's current fact of the predicate with the value named `wrong` is
 * superseded by `fact`, the value that corrects it, and was never true (valid for no time: its validTo its validFrom),
 * so answers, the graph's edge and as-of reads leave it; its history keeps it. `fact` holds from when the wrong value
 * was told, if that was earlier. Returns whether one was.
 */
export async function correctFact(
  run: KnowledgeRun,
  state: ScopeState,
  fact: FactRecord,
  wrong: string,
  wrongEntityId: string | null,
): Promise<boolean> {
  await readFacts(run.graph, state, { subjectId: fact.subjectId, predicate: fact.predicate });
  const normalized = normalizeText(wrong);
  const old = state.bySubjectPredicate
    .get(pairKey(fact.subjectId, fact.predicate))
    ?.find((f) => f !== fact && f.supersededBy === null && sameObject(f, wrongEntityId, normalized));
  if (!old || sameObject(fact, wrongEntityId, normalized)) return false;
  old.supersededBy = fact.memoryId;
  // it was never so: valid for no time (one with no start ends where the right one begins); the right value held
  // where the wrong one was told
  old.validTo = old.validFrom ?? fact.validFrom ?? fact.recordedAt;
  old.retiredAt = run.recordedAt;
  if (old.validFrom !== null && (fact.validFrom === null || old.validFrom < fact.validFrom)) {
    fact.validFrom = old.validFrom;
    run.touchedFacts.add(fact.memoryId);
  }
  run.touchedFacts.add(old.memoryId);
  run.report.facts.superseded++;
  return true;
}

/** A fact told again: one more source, and its strength grows as a recalled memory's does. */
async function reinforceFact(
  run: KnowledgeRun,
  state: ScopeState,
  current: FactRecord,
  episode: EpisodeSource,
): Promise<void> {
  const { options, store } = run.runtime;
  const halfLife = options.strengthHalfLifeDays * DAY_MS;
  if (!current.sourceMemoryIds.includes(episode.id)) current.sourceMemoryIds.push(episode.id);
  run.touchedFacts.add(current.memoryId);
  const pending = run.inserts.get(current.memoryId);
  if (pending) {
    const record = pending.record;
    record.strength = updateStrength(
      record.strength,
      Math.max(0, episode.occurredAt - record.lastSeenAt),
      halfLife,
      options.reinforceGain,
    );
    record.sources.push(episode.source);
    record.count += 1;
    record.lastSeenAt = Math.max(record.lastSeenAt, episode.occurredAt);
    return;
  }
  const [stored] = run.strengthState.has(current.memoryId)
    ? []
    : await store.get(state.scope.tenant, [current.memoryId]);
  const previous = run.strengthState.get(current.memoryId) ?? {
    strength: stored?.strength ?? options.initialStrength,
    lastSeenAt: stored?.lastSeenAt ?? episode.occurredAt,
  };
  const strength = updateStrength(
    previous.strength,
    Math.max(0, episode.occurredAt - previous.lastSeenAt),
    halfLife,
    options.reinforceGain,
  );
  run.strengthState.set(current.memoryId, {
    strength,
    lastSeenAt: Math.max(previous.lastSeenAt, episode.occurredAt),
  });
  run.reinforcements.push({
    tenant: state.scope.tenant,
    memoryId: current.memoryId,
    source: episode.source,
    strength,
  });
}

/** A new fact: its memory (kind "fact", keyed later) and its structured row. */
function insertFact(
  run: KnowledgeRun,
  state: ScopeState,
  candidate: CandidateFact,
  episode: EpisodeSource,
): FactRecord {
  const { recordedAt } = run;
  const id = newMemoryId(recordedAt);
  const record: MemoryRecord = {
    id,
    tenant: state.scope.tenant,
    user: state.scope.user,
    agent: state.scope.agent,
    session: null,
    kind: "fact",
    text: candidate.text,
    role: null,
    speaker: null,
    occurredAt: episode.occurredAt,
    recordedAt,
    source: episode.id,
    sources: [episode.source],
    metadata: {},
    count: 1,
    lastSeenAt: episode.occurredAt,
    strength: run.runtime.options.initialStrength,
    status: "active",
    textHash: hashOf(run, candidate.text),
  };
  run.inserts.set(id, { record, keys: [] });
  const fact: FactRecord = {
    ...state.scope,
    memoryId: id,
    subjectId: candidate.subject.id,
    predicate: candidate.predicate,
    object: candidate.object,
    objectId: candidate.objectEntity?.id ?? null,
    validFrom: candidate.validFrom ?? episode.occurredAt,
    validTo: null,
    recordedAt,
    retiredAt: null,
    supersededBy: null,
    sourceMemoryIds: [episode.id],
  };
  remember(state, fact);
  run.touchedFacts.add(id);
  return fact;
}

/**
 * Order the facts of one subject and single-valued predicate by valid time; each one is valid until the next
 * (its validTo = the next one's validFrom, supersededBy = the next one), the latest is open. Returns how many
 * facts were newly superseded.
 */
function resolveChain(run: KnowledgeRun, state: ScopeState, fact: FactRecord): number {
  // a former value with no start (validFrom null) was before every value told with one
  const chain = [...(state.bySubjectPredicate.get(pairKey(fact.subjectId, fact.predicate)) ?? [])].sort(
    (a, b) =>
      (a.validFrom ?? Number.NEGATIVE_INFINITY) - (b.validFrom ?? Number.NEGATIVE_INFINITY) ||
      a.recordedAt - b.recordedAt ||
      a.memoryId.localeCompare(b.memoryId),
  );
  let superseded = 0;
  // a former value followed by another former one held until the first value after them with a start (read once
  // from the chain's end: a long chain is no square of its length)
  const nextStart: (number | null)[] = new Array(chain.length).fill(null);
  for (let i = chain.length - 2, start: number | null = null; i >= 0; i--) {
    start = chain[i + 1]?.validFrom ?? start;
    nextStart[i] = start;
  }
  chain.forEach((current, i) => {
    const next = chain[i + 1];
    const supersededBy = next ? next.memoryId : null;
    const validTo = next ? (nextStart[i] ?? next.recordedAt) : null;
    if (current.supersededBy === supersededBy && current.validTo === validTo) return;
    if (current.supersededBy === null && supersededBy !== null) superseded++;
    current.supersededBy = supersededBy;
    current.validTo = validTo;
    current.retiredAt = supersededBy === null ? null : (current.retiredAt ?? run.recordedAt);
    run.touchedFacts.add(current.memoryId);
  });
  return superseded;
}

/** A relation between two entities, from a fact (`factId`) or from none (a relative spoken of). */
export function relationFor(
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
