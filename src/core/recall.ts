/**
 * Recall as an attention read (Attention(Q,K,V) = softmax(QKᵀ/√d)V): candidates come from the vector channel and
 * the lexical channel; each gets a score sᵢ = q·kᵢ/τ + lexical + recency + strength; the weights are the softmax of
 * the scores over all candidates; results are ordered by weight and carry the breakdown of their score.
 */
import { halfLifeDecay } from "../mechanisms/decay.js";
import { softmax } from "../mechanisms/softmax.js";
import {
  DEFAULT_TENANT,
  type MemoryKind,
  type MemoryRecord,
  type MemorySource,
  type Metadata,
} from "../spec/memory.js";
import type { LexicalHit, MemoryFilter, VectorHit } from "../spec/store.js";
import { lexicalTerms, queryTerms } from "../text/index.js";
import { DAY_MS, type EngineContext } from "./context.js";
import { reinforceRecalled } from "./dynamics/strength.js";
import { prepareRecallKnowledge } from "./knowledge/recall-knowledge.js";
import { neighbourBonuses } from "./neighbours.js";
import type { RecallQuery } from "./schemas.js";
import { speakerBias } from "./speaker-bias.js";
import { isoTime } from "./time.js";

/** The parts a score is made of; they add up to `score`. */
export interface ScoreBreakdown {
  /** cosine(q, best key) / τ. */
  vector: number;
  /** lexicalWeight × BM25 / (best BM25 among the candidates + lexicalDamping). */
  lexical: number;
  /** Relevance lent by a strong hit next to it in the same session (neighbourWeight × that hit's relevance). */
  context: number;
  /** recencyWeight × 2^(−age / half-life). */
  recency: number;
  /** strengthWeight × strength decayed since last seen. */
  strength: number;

  /** graphWeight when the memory is linked to an entity the query names, half of it one hop away, else 0. */
  graph: number;
  /**
   * speakerWeight × (vector above the floor + lexical) when a speaker the query names said it, or it is a fact about
   * a person the query names; else 0.
   */
  speaker: number;
  /** −supersededPenalty for an episode whose facts were all superseded (true no longer, or not at asOf), else 0. */
  superseded: number;
}

export interface RecalledMemory {
  id: string;
  text: string;
  /** Attention weight: softmax of the score over all candidates. */
  weight: number;
  score: number;
  breakdown: ScoreBreakdown;
  /** Human-readable reasons, one per channel that contributed. */
  reasons: string[];
  kind: MemoryKind;
  tenant: string;
  user: string | null;
  agent: string | null;
  session: string | null;
  role: string | null;
  speaker: string | null;
  occurredAt: string;
  source: string | null;
  sources: MemorySource[];
  count: number;
  strength: number;
  metadata: Metadata;
  /** Raw channel evidence: cosine of the best key, BM25 of the best key, and which key matched. */
  match: { cosine: number | null; bm25: number | null; key: string | null };
}

export interface RecallResult {
  query: string;
  results: RecalledMemory[];
  /** How many memories competed in the softmax; the weights of all of them sum to 1. */
  candidates: number;
  channels: { vector: boolean; lexical: boolean; terms: string[] };
  tookMs: number;
}

/** Attention read over one scope. */
export async function recallMemories(context: EngineContext, query: RecallQuery): Promise<RecallResult> {
  const started = performance.now();
  const { store, embedder, options } = context;
  const now = query.now ?? query.asOf ?? context.now();
  const tenant = query.tenant ?? DEFAULT_TENANT;
  const filter: MemoryFilter = {
    tenant,
    user: query.user,
    agent: query.agent,
    session: query.session,
    kinds: query.kinds,
    from: query.from,
    to: query.to,
    metadata: query.metadata,
    statuses: query.includeArchived ? ["active", "archived"] : ["active"],
  };
  const limit = Math.max(options.candidatesPerChannel, query.k);
  const terms = queryTerms(query.query);
  const [queryVector] = await embedder.embed([query.query]);

  const [vectorHits, lexicalHits] = await Promise.all([
    queryVector ? store.searchVectors(filter, queryVector, limit) : Promise.resolve<VectorHit[]>([]),
    terms.length > 0 ? store.searchTerms(filter, terms, limit) : Promise.resolve<LexicalHit[]>([]),
  ]);

  const vectorById = new Map(vectorHits.map((h) => [h.memoryId, h]));
  const lexicalById = new Map(lexicalHits.map((h) => [h.memoryId, h]));
  const ids = [...new Set([...vectorById.keys(), ...lexicalById.keys()])];
  // only facts true now (or at asOf), and graph proximity as a bias term
  const candidates = await store.get(tenant, ids);
  const knowledge = await prepareRecallKnowledge(
    context,
    { query: query.query, tenant, user: query.user, agent: query.agent, asOf: query.asOf },
    candidates,
    {
      graph: options.graphWeight,
      superseded: options.supersededPenalty,
      now,
      speaker: options.speakerWeight,
    },
  );
  const records = candidates.filter((record) => knowledge.keep(record));

  // A memory outside the vector channel's top `limit` scored at most the lowest similarity returned; when the
  // channel was not cut off, a missing memory has no vector at all (text routed to the lexical channel).
  const vectorCutOff = vectorHits.length >= limit;
  const vectorFloor = vectorCutOff ? Math.min(...vectorHits.map((h) => h.similarity)) : 0;
  const bestBm25 = Math.max(0, ...lexicalHits.map((h) => h.score));

  // The relevance channels first (meaning and words), so the strongest hits can lend context to their neighbours.
  const channels = new Map(
    records.map((record) => {
      const vectorHit = vectorById.get(record.id);
      const lexicalHit = lexicalById.get(record.id);
      const cosine = vectorHit?.similarity ?? (queryVector && vectorCutOff ? vectorFloor : null);
      const vector = cosine === null ? 0 : cosine / options.temperature;
      // relative to the best match, and damped when even the best match is weak (one common word in a small store)
      const lexical = lexicalHit
        ? (options.lexicalWeight * lexicalHit.score) / (bestBm25 + options.lexicalDamping)
        : 0;
      return [record.id, { vectorHit, lexicalHit, cosine, vector, lexical }];
    }),
  );
  // Relevance above what an unrelated memory gets: the lowest vector term among the candidates is the floor.
  const vectorBaseline = Math.min(0, ...[...channels.values()].map((c) => c.vector));
  const relevance = (id: string) => {
    const c = channels.get(id);
    return c ? c.vector - vectorBaseline + c.lexical : 0;
  };
  const speakers = speakerBias(query.query, records, options.speakerWeight, (record) =>
    knowledge.aboutNamed(record),
  );
  const neighbours = await neighbourBonuses(
    context,
    filter,
    records.map((record) => ({ record, relevance: relevance(record.id) })),
  );
  const known = new Set(records.map((r) => r.id));
  for (const { record } of neighbours.values()) {
    if (!known.has(record.id) && knowledge.keep(record)) {
      records.push(record);
      known.add(record.id);
    }
  }

  const scored = records.map((record) => {
    const channel = channels.get(record.id);
    const cosine = channel?.cosine ?? null;
    const breakdown: ScoreBreakdown = {
      // a neighbour outside both channels gets the lowest vector term among the candidates
      vector: channel?.vector ?? (queryVector ? vectorBaseline : 0),
      lexical: channel?.lexical ?? 0,
      context: neighbours.get(record.id)?.bonus ?? 0,
      recency:
        options.recencyWeight * halfLifeDecay(now - record.occurredAt, options.recencyHalfLifeDays * DAY_MS),
      strength:
        options.strengthWeight *
        record.strength *
        halfLifeDecay(now - record.lastSeenAt, options.strengthHalfLifeDays * DAY_MS),
      graph: knowledge.graph(record),
      speaker: speakers.share(record) * relevance(record.id),
      superseded: knowledge.superseded(record),
    };
    const score =
      breakdown.vector +
      breakdown.lexical +
      breakdown.context +
      breakdown.recency +
      breakdown.strength +
      breakdown.graph +
      breakdown.speaker +
      breakdown.superseded;
    return {
      record,
      breakdown,
      score,
      cosine,
      vectorHit: channel?.vectorHit,
      lexicalHit: channel?.lexicalHit,
    };
  });

  const weights = softmax(scored.map((s) => s.score));
  const ranked = scored
    .map((s, i) => ({ ...s, weight: weights[i] as number }))
    .sort(
      (a, b) =>
        b.weight - a.weight ||
        b.record.occurredAt - a.record.occurredAt ||
        a.record.id.localeCompare(b.record.id),
    )
    .slice(0, query.k);

  // the attention value update: each returned memory is reinforced by the weight it received.
  await reinforceRecalled(context, tenant, ranked, now);

  const termSet = new Set(terms);
  return {
    query: query.query,
    results: ranked.map((s) => ({
      id: s.record.id,
      text: s.record.text,
      weight: s.weight,
      score: s.score,
      breakdown: s.breakdown,
      reasons: [
        ...explain(s.record, s.breakdown, s.cosine, s.vectorHit, s.lexicalHit, termSet),
        ...[knowledge.reason(s.record) ?? []].flat(),
      ],
      kind: s.record.kind,
      tenant: s.record.tenant,
      user: s.record.user,
      agent: s.record.agent,
      session: s.record.session,
      role: s.record.role,
      speaker: s.record.speaker,
      occurredAt: isoTime(s.record.occurredAt),
      source: s.record.source,
      sources: s.record.sources,
      count: s.record.count,
      strength: s.record.strength,
      metadata: s.record.metadata,
      match: {
        cosine: s.cosine,
        bm25: s.lexicalHit?.score ?? null,
        key: s.vectorHit?.keyKind ?? s.lexicalHit?.keyKind ?? null,
      },
    })),
    candidates: scored.length,
    channels: { vector: queryVector !== null && queryVector !== undefined, lexical: terms.length > 0, terms },
    tookMs: performance.now() - started,
  };
}

function explain(
  record: MemoryRecord,
  breakdown: ScoreBreakdown,
  cosine: number | null,
  vectorHit: VectorHit | undefined,
  lexicalHit: LexicalHit | undefined,
  queryTermSet: Set<string>,
): string[] {
  const reasons: string[] = [];
  if (cosine !== null) {
    const key = vectorHit
      ? vectorHit.keyKind === "text"
        ? "its text"
        : `a ${vectorHit.keyKind} key`
      : "an estimate (outside the top candidates)";
    reasons.push(`meaning: cosine ${cosine.toFixed(3)} with ${key} → ${breakdown.vector.toFixed(2)}`);
  }
  if (lexicalHit && breakdown.lexical >= 0.005) {
    const shared = [...new Set(lexicalTerms(record.text))].filter((t) => queryTermSet.has(t));
    reasons.push(
      `words: BM25 ${lexicalHit.score.toFixed(2)}${lexicalHit.keyKind === "text" ? "" : ` on its ${lexicalHit.keyKind} key`}${shared.length > 0 ? ` sharing ${shared.map((t) => `"${t}"`).join(", ")}` : ""} → ${breakdown.lexical.toFixed(2)}`,
    );
  }
  if (breakdown.context > 0)
    reasons.push(`context: next to a strong hit in its session → ${breakdown.context.toFixed(2)}`);
  if (breakdown.speaker >= 0.005)
    reasons.push(
      `speaker: ${record.speaker !== null ? `said by ${record.speaker}, whom the query names` : "a fact about a person the query names"} → ${breakdown.speaker.toFixed(2)}`,
    );
  if (breakdown.recency >= 0.005) reasons.push(`recency → ${breakdown.recency.toFixed(2)}`);
  if (breakdown.strength >= 0.005) {
    reasons.push(
      `strength ${record.strength.toFixed(2)}${record.count > 1 ? `, told ${record.count} times` : ""} → ${breakdown.strength.toFixed(2)}`,
    );
  }
  return reasons;
}
