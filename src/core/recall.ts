/**
 * Recall as an attention read (Attention(Q,K,V) = softmax(QKᵀ/√d)V). What the code computes, in order:
 * 1. candidates: the vector channel's and the lexical channel's hits, facts no longer true (now or at `asOf`)
 *    dropped, and the turns beside the strongest hits (recall-candidates.ts, knowledge/, neighbours.ts);
 * 2. a feature vector φᵢ per candidate (recall-features.ts): the eight hand-set terms (cos/τ, lexical, neighbour,
 *    speaker, graph, recency, strength, superseded) and the further signals, each belonging to one score term;
 * 3. sᵢ = wᵀφᵢ, plus vᵀ tanh(W φᵢ + b) when the scorer holds the optional additive layer (the `interaction` term)
 *    (recall-scorer.ts); w is the prior w₀ with the option `scorer: "hand-set"`, else the tenant's learned
 *    weights, else the shipped trained defaults;
 * 4. with `hops: 2`, the first read is scored by the scorer's first-read weights, and a second read's query
 *    u₂ = u₁ + Σ aᵢvᵢ over its top memories adds its hits and features (steps 1–3 run again over the union);
 * 5. aᵢ = softmax(s) over all candidates; results ordered by aᵢ, each reinforced by its aᵢ, carrying each term's
 *    share of sᵢ (they add up to it) and the reasons, with the learned weight of each term.
 */
import { softmax } from "../mechanisms/softmax.js";
import type { MemoryKind, MemorySource, Metadata } from "../spec/memory.js";
import { lexicalTerms } from "../text/index.js";
import { reinforceRecalled } from "./dynamics/strength.js";
import type { EngineRuntime } from "./engine-runtime.js";
import { newMemoryId } from "./ids.js";
import { type Candidate, type CandidateSet, gatherCandidates, secondReadQuery } from "./recall-candidates.js";
import { factEpisodes, factReasons, foldFactScores, type RecalledFact } from "./recall-fact-keys.js";
import { candidateFeatures, RECALL_FEATURES, type ScoreTerm } from "./recall-features.js";
import {
  firstReadScorer,
  type RecallScorer,
  recallScores,
  scoreFeatures,
  scoresOf,
  termWeight,
} from "./recall-scorer.js";
import type { RecallQuery } from "./schemas.js";
import { isoTime } from "./time.js";

/** The parts a score is made of (each the sum of its features' shares wⱼφⱼ); they add up to `score`. */
export type ScoreBreakdown = Record<ScoreTerm, number>;

export interface RecalledMemory {
  id: string;
  text: string;
  /** Attention weight: softmax of the score over all candidates. */
  weight: number;
  score: number;
  breakdown: ScoreBreakdown;
  /** Human-readable reasons, one per term that contributed, with the term's learned weight. */
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
  /**
   * Raw channel evidence: cosine of the best key, BM25 of the best key, and which key matched; "fact" when a fact in
   * `facts` scored higher than the memory's own keys (the evidence is then that fact's).
   */
  match: { cosine: number | null; bm25: number | null; key: string | null };
  /**
   * Facts derived from this memory that were candidates too, best first: a fact is a key of its episode, so one result
   * stands for both, scored by the better of the two, and its facts ride along (context assembly prints them under
   * "## Facts"). Empty for most results.
   */
  facts: RecalledFact[];
}

export interface RecallResult {
  /** Names this recall for `engine.feedback({ recallId, used })` (kept for the engine's latest recalls). */
  recallId: string;
  query: string;
  results: RecalledMemory[];
  /** How many memories competed in the softmax; the weights of all of them sum to 1. */
  candidates: number;
  channels: { vector: boolean; lexical: boolean; terms: string[] };
  /** Whose weights scored it: "learned" (this tenant's feedback), "default" (shipped) or "hand-set". */
  scorer: RecallScorer["origin"];
  tookMs: number;
}

/**
 * Attention read over one scope, scored by `given`: a scorer, or the read of one (a tenant's stored weights), which
 * runs beside the channels' searches instead of before them.
 */
export async function recallMemories(
  runtime: EngineRuntime,
  query: RecallQuery,
  given: RecallScorer | Promise<RecallScorer>,
): Promise<RecallResult> {
  const started = performance.now();
  // one read is scored by the weights trained for one read (a scorer file's first-read weights, when it has them)
  const oneRead = (query.hops ?? runtime.options.hops) < 2;
  const { set, features, scorer } = await readCandidates(
    runtime,
    query,
    Promise.resolve(given).then((read) => (oneRead ? firstReadScorer(read) : read)),
  );
  // a fact and its own episode are one result: the episode, scored by the better of the two (recall-fact-keys.ts)
  const own = recallScores(scorer, features);
  const fold = foldFactScores(factEpisodes(set.candidates.map((c) => c.record)), own);
  const scores = fold.scores;
  const weights = softmax(scores);
  const record = (i: number) => (set.candidates[i] as Candidate).record;
  // every candidate is ranked; only the k returned get their score's shares and reasons
  const top = Array.from(scores, (_, i) => i)
    .filter((i) => !fold.folded.has(i))
    .sort(
      (a, b) =>
        (weights[b] as number) - (weights[a] as number) ||
        record(b).occurredAt - record(a).occurredAt ||
        record(a).id.localeCompare(record(b).id),
    )
    .slice(0, query.k);
  const scoredBy = (i: number) => fold.scoredBy[i] as number;
  const explained = scoreFeatures(
    scorer,
    top.map((i) => features[scoredBy(i)] as Float64Array),
  );
  const ranked = top.map((i, position) => ({
    ...(explained[position] as ReturnType<typeof scoreFeatures>[number]),
    candidate: set.candidates[i] as Candidate,
    /** The candidate whose score it took: itself, or a fact of it that scored higher. */
    key: set.candidates[scoredBy(i)] as Candidate,
    facts: (fold.carried[i] as number[]).map((j) =>
      carriedFact(set.candidates[j] as Candidate, own[j] as number),
    ),
    features: features[scoredBy(i)] as Float64Array,
    weight: weights[i] as number,
  }));

  // the attention value update: each returned memory is reinforced by the weight it received.
  await reinforceRecalled(
    runtime,
    set.tenant,
    ranked.map((s) => ({ record: s.candidate.record, weight: s.weight })),
    set.now,
  );

  const termSet = new Set(set.terms);
  return {
    recallId: newMemoryId(runtime.now()).replace(/^mem_/, "rec_"),
    query: query.query,
    results: ranked.map((s) => {
      const record = s.candidate.record;
      return {
        id: record.id,
        text: record.text,
        weight: s.weight,
        score: s.score,
        breakdown: s.shares,
        // scored by a fact of it: the fact's line first, then its terms; else the memory's own terms, then its facts
        reasons: [
          ...(s.key === s.candidate ? [] : factReasons(s.facts, s.score)),
          ...explain(s.key, s.shares, s.features, scorer, termSet),
          ...[set.knowledge.reason(s.key.record) ?? []].flat(),
          ...(s.key === s.candidate ? factReasons(s.facts, s.score) : []),
        ],
        kind: record.kind,
        tenant: record.tenant,
        user: record.user,
        agent: record.agent,
        session: record.session,
        role: record.role,
        speaker: record.speaker,
        occurredAt: isoTime(record.occurredAt),
        source: record.source,
        sources: record.sources,
        count: record.count,
        strength: record.strength,
        metadata: record.metadata,
        match: {
          cosine: s.key.cosine,
          bm25: s.key.lexicalHit?.score ?? null,
          key:
            s.key === s.candidate ? (s.key.vectorHit?.keyKind ?? s.key.lexicalHit?.keyKind ?? null) : "fact",
        },
        facts: s.facts,
      };
    }),
    candidates: scores.length - fold.folded.size,
    channels: { vector: set.queryVector !== null, lexical: set.terms.length > 0, terms: set.terms },
    scorer: scorer.origin,
    tookMs: performance.now() - started,
  };
}

/**
 * The candidates and their features: one read, or with `hops: 2` a second read whose query moves toward the first
 * read's top memories (scored by the scorer's first-read weights), its hits and features joining the candidates.
 * A scorer still being read is awaited beside the first read (its failure fails the recall, as the read's would).
 */
export async function readCandidates(
  runtime: EngineRuntime,
  query: RecallQuery,
  given: RecallScorer | Promise<RecallScorer>,
): Promise<{ set: CandidateSet; features: Float64Array[]; scorer: RecallScorer }> {
  const [first, scorer] = await Promise.all([gatherCandidates(runtime, query), given]);
  const features = candidateFeatures(first.query, first.candidates);
  if ((query.hops ?? runtime.options.hops) < 2 || first.candidates.length === 0)
    return { set: first, features, scorer };
  const second = await secondReadQuery(runtime, first, scoresOf(firstReadScorer(scorer), features));
  const set = await gatherCandidates(runtime, query, first, second);
  return { set, features: candidateFeatures(set.query, set.candidates), scorer };
}

/** A fact a result carries, as the result shows it: its text, its own score and its channel evidence. */
function carriedFact(fact: Candidate, score: number): RecalledFact {
  return {
    id: fact.record.id,
    text: fact.record.text,
    occurredAt: isoTime(fact.record.occurredAt),
    score,
    match: { cosine: fact.cosine, bm25: fact.lexicalHit?.score ?? null },
  };
}

/** " (weight 0.31)" for a term whose weight is not the hand-set 1. */
function weighted(scorer: RecallScorer, term: ScoreTerm): string {
  const weight = termWeight(scorer, term);
  return weight === null || scorer.origin === "hand-set" ? "" : ` (weight ${weight.toFixed(2)})`;
}

/** The features of a term beyond its hand-set one that moved the score, largest first: "asks −0.40, length 0.31". */
function extraShares(term: ScoreTerm, features: Float64Array, scorer: RecallScorer): string {
  const parts: [string, number][] = [];
  RECALL_FEATURES.forEach((f, j) => {
    if (f.term !== term || f.prior === 1) return;
    const share = (scorer.weights[j] as number) * (features[j] as number);
    if (Math.abs(share) >= 0.005) parts.push([f.name, share]);
  });
  return parts
    .sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]))
    .map(([name, share]) => `${name} ${share.toFixed(2)}`)
    .join(", ");
}

function explain(
  candidate: Candidate,
  shares: ScoreBreakdown,
  features: Float64Array,
  scorer: RecallScorer,
  queryTermSet: Set<string>,
): string[] {
  const { record, cosine, vectorHit, lexicalHit } = candidate;
  const reasons: string[] = [];
  const extra = (term: ScoreTerm) => {
    const list = extraShares(term, features, scorer);
    return list ? `; ${list}` : "";
  };
  if (cosine !== null) {
    const key = vectorHit
      ? vectorHit.keyKind === "text"
        ? "its text"
        : `a ${vectorHit.keyKind} key`
      : "an estimate (outside the top candidates)";
    reasons.push(
      `meaning: cosine ${cosine.toFixed(3)} with ${key}${extra("vector")} → ${shares.vector.toFixed(2)}${weighted(scorer, "vector")}`,
    );
  }
  if (lexicalHit && Math.abs(shares.lexical) >= 0.005) {
    const shared = [...new Set(lexicalTerms(record.text))].filter((t) => queryTermSet.has(t));
    reasons.push(
      `words: BM25 ${lexicalHit.score.toFixed(2)}${lexicalHit.keyKind === "text" ? "" : ` on its ${lexicalHit.keyKind} key`}${shared.length > 0 ? ` sharing ${shared.map((t) => `"${t}"`).join(", ")}` : ""}${extra("lexical")} → ${shares.lexical.toFixed(2)}${weighted(scorer, "lexical")}`,
    );
  }
  if (Math.abs(shares.neighbour) >= 0.005)
    reasons.push(
      `neighbour: next to a strong hit in its session${extra("neighbour")} → ${shares.neighbour.toFixed(2)}${weighted(scorer, "neighbour")}`,
    );
  if (Math.abs(shares.session) >= 0.005)
    reasons.push(`session: its session is about the query → ${shares.session.toFixed(2)}`);
  if (Math.abs(shares.speaker) >= 0.005)
    reasons.push(
      `speaker: ${
        candidate.speakerNamed
          ? record.speaker !== null
            ? `said by ${record.speaker}, whom the query names`
            : "a fact about a person the query names"
          : `said by ${record.speaker ?? "someone"}, not the person the query names`
      }${extra("speaker")} → ${shares.speaker.toFixed(2)}${weighted(scorer, "speaker")}`,
    );
  if (Math.abs(shares.recency) >= 0.005)
    reasons.push(`recency → ${shares.recency.toFixed(2)}${weighted(scorer, "recency")}`);
  if (Math.abs(shares.strength) >= 0.005) {
    reasons.push(
      `strength ${record.strength.toFixed(2)}${record.count > 1 ? `, told ${record.count} times` : ""} → ${shares.strength.toFixed(2)}${weighted(scorer, "strength")}`,
    );
  }
  if (Math.abs(shares.time) >= 0.005) {
    const days = candidate.dates.map((d) => isoTime(d).slice(0, 10));
    reasons.push(
      `time: ${days.length > 0 ? `speaks of ${days.join(", ")}` : "when it happened"}${extra("time")} → ${shares.time.toFixed(2)}`,
    );
  }
  if (Math.abs(shares.form) >= 0.005)
    reasons.push(`form: ${extraShares("form", features, scorer)} → ${shares.form.toFixed(2)}`);
  if (Math.abs(shares.interaction) >= 0.005)
    reasons.push(`interaction: the trained layer over all features → ${shares.interaction.toFixed(2)}`);
  return reasons;
}
