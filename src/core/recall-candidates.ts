/**
 * The first half of recall: candidates from the vector and lexical channels (and the turns beside the strongest hits),
 * with every signal the scorer reads. Recall scores them; the trainer (`npm run train:recall`) and `engine.learn()`
 * read the same candidates and signals, so what is trained is exactly what recall computes.
 */

import { halfLifeDecay } from "../mechanisms/decay.js";
import { dequantizeInt8 } from "../mechanisms/quantization.js";
import { DEFAULT_TENANT, type MemoryKey } from "../spec/memory.js";
import type { LexicalHit, MemoryFilter, Store, VectorHit } from "../spec/store.js";
import { lexicalTerms, queryTerms } from "../text/index.js";
import { questionForm } from "../text/question-form.js";
import { questionTime } from "../text/time-expressions.js";
import { DAY_MS, type EngineRuntime } from "./engine-runtime.js";
import { DATE_KEY_KIND, datesOfKey } from "./key-expansion.js";
import { prepareRecallKnowledge, type RecallKnowledge } from "./knowledge/recall-knowledge.js";
import { isConversationMemory, neighbourBonuses } from "./neighbours.js";
import type { CandidateSignals, HandSetTerms, QuerySignals } from "./recall-features.js";
import type { RecallQuery } from "./schemas.js";
import { speakerBias } from "./speaker-bias.js";

export interface Candidate extends CandidateSignals {
  vectorHit: VectorHit | undefined;
  lexicalHit: LexicalHit | undefined;
}

export interface CandidateSet {
  tenant: string;
  filter: MemoryFilter;
  now: number;
  query: QuerySignals;
  candidates: Candidate[];
  knowledge: RecallKnowledge;
  /** The query's lexical terms, in order. */
  terms: string[];
  queryVector: Float32Array | null;
  /** Speakers the query names. */
  named: string[];
  /** The channels' own hits, for a second read to reuse. */
  hits: { vector: VectorHit[]; lexical: LexicalHit[] };
}

/**
 * A second read (End-To-End Memory Networks' multi-hop read): the query u₂ = u₁ + Σ aᵢvᵢ over the first read's top
 * memories' vectors (unit length again), and the query's terms with those memories' terms for the lexical channel.
 */
export interface SecondRead {
  vector: Float32Array | null;
  terms: string[];
}

/** Which memories a recall may read. */
export function recallFilter(query: RecallQuery): MemoryFilter {
  return {
    tenant: query.tenant ?? DEFAULT_TENANT,
    user: query.user,
    agent: query.agent,
    session: query.session,
    kinds: query.kinds,
    from: query.from,
    to: query.to,
    metadata: query.metadata,
    statuses: query.includeArchived ? ["active", "archived"] : ["active"],
  };
}

/**
 * One read of both channels and everything the scorer needs about each candidate. `second`, when given, is the query
 * of a second read (End-To-End Memory Networks' u₂ = u₁ + Σ aᵢvᵢ and the top memories' terms): its hits join the
 * candidates.
 */
export async function gatherCandidates(
  runtime: EngineRuntime,
  query: RecallQuery,
  first?: CandidateSet,
  second?: SecondRead,
): Promise<CandidateSet> {
  const { store, embedder, options } = runtime;
  const now = query.now ?? query.asOf ?? runtime.now();
  const filter = recallFilter(query);
  const tenant = filter.tenant;
  const limit = Math.max(options.candidatesPerChannel, query.k);
  // the span of time a question names is read from when memories happened and the days they speak of (inAskedSpan,
  // speaksOfAskedSpan), not from its words: "2022" in "in July 2022" would otherwise match every derived fact that
  // states a date of 2022, a word the turns themselves never hold ("last week"), so it looks rare and weighs much
  const time = questionTime(query.query, now);
  const timeWords = new Set(time ? lexicalTerms(time.phrase) : []);
  const terms = queryTerms(query.query).filter((term) => !timeWords.has(term));
  // a second read reuses the first read's query vector and channel hits
  const queryVector = first ? first.queryVector : ((await embedder.embed([query.query]))[0] ?? null);

  const [vectorHits, lexicalHits, secondVectorHits, secondLexicalHits] = await searchChannels(
    store,
    filter,
    limit,
    { vector: queryVector, terms },
    first,
    second,
  );
  const vectorRank = tiedRanks(vectorHits.map((h) => [h.memoryId, h.similarity]));
  const lexicalRank = tiedRanks(lexicalHits.map((h) => [h.memoryId, h.score]));
  const vectorById = new Map(vectorHits.map((h) => [h.memoryId, h]));
  const lexicalById = new Map(lexicalHits.map((h) => [h.memoryId, h]));
  const secondEvidence = secondReadEvidence(second, secondVectorHits, secondLexicalHits, limit);
  const ids = [
    ...new Set([
      ...vectorById.keys(),
      ...lexicalById.keys(),
      ...secondVectorHits.map((h) => h.memoryId),
      ...secondLexicalHits.map((h) => h.memoryId),
    ]),
  ];
  // the records, what the graph knows of them (only facts true now, or at asOf, are kept; graph proximity is a bias
  // term) and the days they speak of: every read needs only the ids, so they run at once, not one after another
  const [fetched, knowledge, hitDates] = await Promise.all([
    store.get(tenant, ids),
    prepareRecallKnowledge(
      runtime,
      { query: query.query, tenant, user: query.user, agent: query.agent, asOf: query.asOf },
      ids,
      {
        graph: options.graphWeight,
        superseded: options.supersededPenalty,
        now,
        speaker: options.speakerWeight,
      },
    ),
    datesOf(runtime, tenant, ids),
  ]);
  const records = fetched.filter((record) => knowledge.keep(record));

  // A memory outside the vector channel's top `limit` scored at most the lowest similarity returned; when the
  // channel was not cut off, a missing memory has no vector at all (text routed to the lexical channel).
  const vectorCutOff = vectorHits.length >= limit;
  const vectorFloor = vectorCutOff ? Math.min(...vectorHits.map((h) => h.similarity)) : 0;
  const bestBm25 = Math.max(0, ...lexicalHits.map((h) => h.score));
  const channel = (id: string) => {
    const vectorHit = vectorById.get(id);
    const lexicalHit = lexicalById.get(id);
    const cosine = vectorHit?.similarity ?? (queryVector && vectorCutOff ? vectorFloor : null);
    const vector = cosine === null ? 0 : cosine / options.temperature;
    // relative to the best match, and damped when even the best match is weak (one common word in a small store)
    const lexical = lexicalHit
      ? (options.lexicalWeight * lexicalHit.score) / (bestBm25 + options.lexicalDamping)
      : 0;
    return { vectorHit, lexicalHit, cosine, vector, lexical };
  };
  const channels = new Map(records.map((record) => [record.id, channel(record.id)]));
  // Relevance above what an unrelated memory gets: the lowest vector term among the candidates is the floor.
  const vectorBaseline = Math.min(0, ...[...channels.values()].map((c) => c.vector));
  const relevance = (id: string) => {
    const c = channels.get(id);
    return c ? c.vector - vectorBaseline + c.lexical : 0;
  };
  const speakers = speakerBias(query.query, records, options.speakerWeight, (record) =>
    knowledge.aboutNamed(record),
  );
  // the neighbours come with their date keys, for the turns they bring in
  const neighbours = await neighbourBonuses(
    runtime,
    filter,
    records.map((record) => ({ record, relevance: relevance(record.id) })),
    [DATE_KEY_KIND],
  );
  const known = new Set(records.map((r) => r.id));
  const added: string[] = [];
  for (const { record } of neighbours.values()) {
    if (!known.has(record.id) && knowledge.keep(record)) {
      records.push(record);
      known.add(record.id);
      added.push(record.id);
    }
  }
  // the turns the neighbours brought in: their days too
  const dates = new Map([...hitDates, ...datesOfKeys(added.flatMap((id) => neighbours.get(id)?.keys ?? []))]);
  const named = new Set(speakers.named);

  const candidates = records.map((record): Candidate => {
    const c = channels.get(record.id);
    const share = speakers.share(record);
    const terms: HandSetTerms = {
      // a neighbour outside both channels gets the lowest vector term among the candidates
      vector: c?.vector ?? (queryVector ? vectorBaseline : 0),
      lexical: c?.lexical ?? 0,
      neighbour: neighbours.get(record.id)?.bonus ?? 0,
      recency:
        options.recencyWeight * halfLifeDecay(now - record.occurredAt, options.recencyHalfLifeDays * DAY_MS),
      strength:
        options.strengthWeight *
        record.strength *
        halfLifeDecay(now - record.lastSeenAt, options.strengthHalfLifeDays * DAY_MS),
      graph: knowledge.graph(record),
      speaker: share * relevance(record.id),
      superseded: knowledge.superseded(record),
    };
    return {
      record,
      terms,
      cosine: c?.cosine ?? null,
      vectorRank: vectorRank.get(record.id) ?? null,
      bm25: c?.lexicalHit?.score ?? null,
      lexicalRank: lexicalRank.get(record.id) ?? null,
      relevance: relevance(record.id),
      neighbour: neighbours.get(record.id),
      speakerNamed: share > 0,
      otherSpeaker:
        named.size > 0 &&
        isConversationMemory(record) &&
        record.speaker !== null &&
        !named.has(record.speaker),
      dates: dates.get(record.id) ?? [],
      second: secondEvidence(record.id),
      vectorHit: c?.vectorHit,
      lexicalHit: c?.lexicalHit,
    };
  });

  return {
    tenant,
    filter,
    now,
    query: {
      form: questionForm(query.query),
      span: time?.span ?? null,
      terms: new Set(terms),
      depth: limit,
      termsOf: lexicalTerms,
    },
    candidates,
    knowledge,
    terms,
    queryVector,
    named: speakers.named,
    hits: { vector: vectorHits, lexical: lexicalHits },
  };
}

/**
 * Each hit's rank in a channel's best-first list, equal scores sharing the best of their places (1, 2, 2, 4): a tie
 * is ordered by memory id, which differs between two stores holding the same memories, so a rank read from that
 * order would make the same recall score differently on SQLite and on PostgreSQL (or after an export and import).
 */
function tiedRanks(hits: [id: string, score: number][]): Map<string, number> {
  const ranks = new Map<string, number>();
  let rank = 0;
  hits.forEach(([id, score], i) => {
    if (i > 0 && score !== hits[i - 1]?.[1]) rank = i;
    ranks.set(id, rank);
  });
  return ranks;
}

/**
 * Both channels' hits: the first read's (searched now, or reused from `first`), then the second read's when there is
 * one, all at once.
 */
function searchChannels(
  store: Store,
  filter: MemoryFilter,
  limit: number,
  query: { vector: Float32Array | null; terms: string[] },
  first: CandidateSet | undefined,
  second: SecondRead | undefined,
): Promise<[VectorHit[], LexicalHit[], VectorHit[], LexicalHit[]]> {
  return Promise.all([
    first
      ? first.hits.vector
      : query.vector
        ? store.searchVectors(filter, query.vector, limit)
        : Promise.resolve<VectorHit[]>([]),
    first
      ? first.hits.lexical
      : query.terms.length > 0
        ? store.searchTerms(filter, query.terms, limit)
        : Promise.resolve<LexicalHit[]>([]),
    second?.vector ? store.searchVectors(filter, second.vector, limit) : Promise.resolve<VectorHit[]>([]),
    second && second.terms.length > 0
      ? store.searchTerms(filter, second.terms, limit)
      : Promise.resolve<LexicalHit[]>([]),
  ]);
}

/**
 * A second read's evidence for a memory: cosine with u₂ (the lowest returned when the channel was cut off and it is
 * not among the hits), BM25 of the widened query ÷ its best; null without a second read.
 */
function secondReadEvidence(
  second: SecondRead | undefined,
  vectorHits: VectorHit[],
  lexicalHits: LexicalHit[],
  limit: number,
): (id: string) => Candidate["second"] {
  const cosine = new Map(vectorHits.map((h) => [h.memoryId, h.similarity]));
  const floor = vectorHits.length >= limit ? Math.min(...vectorHits.map((h) => h.similarity)) : 0;
  const bestBm25 = Math.max(0, ...lexicalHits.map((h) => h.score));
  const words = new Map(lexicalHits.map((h) => [h.memoryId, h.score / (bestBm25 || 1)]));
  return (id) =>
    second ? { cosine: cosine.get(id) ?? (second.vector ? floor : null), words: words.get(id) ?? 0 } : null;
}

/** The days each memory speaks of, from its date key. */
async function datesOf(
  runtime: EngineRuntime,
  tenant: string,
  ids: readonly string[],
): Promise<Map<string, number[]>> {
  return datesOfKeys(await runtime.store.keys(tenant, [...ids], [DATE_KEY_KIND]));
}

/** The days date keys speak of, by memory id (a memory's keys in the order read). */
function datesOfKeys(keys: readonly MemoryKey[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const key of keys) out.set(key.memoryId, [...(out.get(key.memoryId) ?? []), ...datesOfKey(key.text)]);
  return out;
}

/** The unit vectors of memories' text keys (for a second read's query), by memory id. */
export async function textVectors(
  runtime: EngineRuntime,
  tenant: string,
  ids: string[],
): Promise<Map<string, Float32Array>> {
  const keys = await runtime.store.keys(tenant, ids, ["text"]);
  const out = new Map<string, Float32Array>();
  for (const key of keys) if (key.vector) out.set(key.memoryId, dequantizeInt8(key.vector, key.scale));
  return out;
}

/** How many of the first read's top memories shape the second read's query. */
export const SECOND_READ_MEMORIES = 5;
/** The most terms the second read's lexical query takes from them. */
const SECOND_READ_TERMS = 32;

/**
 * The second read's query from the first read's scores: u₂ = u₁ + Σ aᵢvᵢ over the top memories (aᵢ their softmax
 * weights over all candidates), normalised; the lexical terms are the query's and those memories' own.
 */
export async function secondReadQuery(
  runtime: EngineRuntime,
  set: CandidateSet,
  scores: ArrayLike<number>,
): Promise<SecondRead> {
  const order = set.candidates.map((_, i) => i).sort((a, b) => (scores[b] as number) - (scores[a] as number));
  const top = order.slice(0, SECOND_READ_MEMORIES);
  const max = Math.max(...Array.from(scores));
  const total = Array.from(scores).reduce((sum, s) => sum + Math.exp(s - max), 0);
  const vectors = await textVectors(
    runtime,
    set.tenant,
    top.map((i) => (set.candidates[i] as Candidate).record.id),
  );
  let vector: Float32Array | null = null;
  if (set.queryVector) {
    vector = Float32Array.from(set.queryVector);
    for (const i of top) {
      const v = vectors.get((set.candidates[i] as Candidate).record.id);
      if (!v) continue;
      const a = Math.exp((scores[i] as number) - max) / total;
      for (let j = 0; j < vector.length; j++) vector[j] = (vector[j] as number) + a * (v[j] as number);
    }
    let norm = 0;
    for (const x of vector) norm += x * x;
    norm = Math.sqrt(norm) || 1;
    for (let j = 0; j < vector.length; j++) vector[j] = (vector[j] as number) / norm;
  }
  const terms = [...set.terms];
  for (const i of top) {
    for (const term of lexicalTerms((set.candidates[i] as Candidate).record.text)) {
      if (terms.length >= set.terms.length + SECOND_READ_TERMS) break;
      if (!terms.includes(term)) terms.push(term);
    }
  }
  return { vector, terms };
}
