/**
 * A derived fact is a key of the episode it was derived from, not a competitor of it: when a fact and its source
 * episode are both recall candidates, the episode stands for both. It keeps the better evidence of the two (the best
 * key's cosine and BM25, as a memory with several keys does), and carries the fact, so the result's explanation
 * names it and context assembly still prints it. Otherwise a fact and its own turn took two places of the top k for
 * one turn. A fact none of whose episodes is a candidate (another scope, forgotten, filtered out) stays a candidate
 * of its own.
 */
import type { MemoryRecord } from "../spec/memory.js";
import type { LexicalHit, VectorHit } from "../spec/store.js";
import type { CandidateSignals } from "./recall-features.js";
import { isoTime } from "./time.js";

/** The key kind a result's `match.key` names when one of its facts matched best. */
export const FACT_KEY_KIND = "fact";

/** A fact carried by the episode it was derived from, with the evidence it brought. */
export interface FactKey {
  record: MemoryRecord;
  /** Cosine of the fact's text with the query; null outside the vector channel. */
  cosine: number | null;
  /** BM25 of the fact's text; null outside the lexical channel. */
  bm25: number | null;
}

/** A derived fact carried by the result it was derived from (`RecalledMemory.facts`), with its own evidence. */
export interface RecalledFact {
  id: string;
  text: string;
  occurredAt: string;
  /** Cosine of the fact's text with the query (null outside the vector channel), and its BM25 (null outside). */
  match: { cosine: number | null; bm25: number | null };
}

/** What the folding reads and writes of a candidate. */
export interface FactKeyedCandidate extends CandidateSignals {
  vectorHit: VectorHit | undefined;
  lexicalHit: LexicalHit | undefined;
  /** The derived facts this episode stands for in this recall. */
  facts?: FactKey[];
}

/** The ids of the memories a fact was derived from (its sources name them). */
function sourceIds(fact: MemoryRecord): string[] {
  return [...new Set(fact.sources.map((s) => s.source).filter((s): s is string => s !== null))];
}

function lowerRank(a: number | null, b: number | null): number | null {
  return a === null ? b : b === null ? a : Math.min(a, b);
}

/** The episode with the fact as one more key: the better of each channel's evidence, the fact carried. */
function withFact<C extends FactKeyedCandidate>(episode: C, fact: C): C {
  const betterMeaning = fact.cosine !== null && (episode.cosine === null || fact.cosine > episode.cosine);
  const betterWords = fact.bm25 !== null && (episode.bm25 === null || fact.bm25 > episode.bm25);
  const id = episode.record.id;
  return {
    ...episode,
    terms: {
      ...episode.terms,
      vector: betterMeaning ? fact.terms.vector : episode.terms.vector,
      lexical: betterWords ? fact.terms.lexical : episode.terms.lexical,
      speaker: Math.max(episode.terms.speaker, fact.terms.speaker),
      graph: Math.max(episode.terms.graph, fact.terms.graph),
    },
    cosine: betterMeaning ? fact.cosine : episode.cosine,
    vectorHit:
      betterMeaning && fact.vectorHit
        ? { ...fact.vectorHit, memoryId: id, keyKind: FACT_KEY_KIND }
        : episode.vectorHit,
    vectorRank: lowerRank(episode.vectorRank, fact.vectorRank),
    bm25: betterWords ? fact.bm25 : episode.bm25,
    lexicalHit:
      betterWords && fact.lexicalHit
        ? { ...fact.lexicalHit, memoryId: id, keyKind: FACT_KEY_KIND }
        : episode.lexicalHit,
    lexicalRank: lowerRank(episode.lexicalRank, fact.lexicalRank),
    relevance: Math.max(episode.relevance, fact.relevance),
    speakerNamed: episode.speakerNamed || fact.speakerNamed,
    otherSpeaker: episode.otherSpeaker && !fact.speakerNamed,
    dates: [...new Set([...episode.dates, ...fact.dates])],
    second:
      episode.second && fact.second
        ? {
            cosine:
              episode.second.cosine === null || fact.second.cosine === null
                ? (episode.second.cosine ?? fact.second.cosine)
                : Math.max(episode.second.cosine, fact.second.cosine),
            words: Math.max(episode.second.words, fact.second.words),
          }
        : episode.second,
    facts: [...(episode.facts ?? []), { record: fact.record, cosine: fact.cosine, bm25: fact.bm25 }],
  };
}

/**
 * Folds each fact candidate into its source episodes that are candidates too (into each, when it was told more than
 * once); the order of the rest is kept. Deterministic and store-independent: it reads only the candidates.
 */
export function foldFactKeys<C extends FactKeyedCandidate>(candidates: C[]): C[] {
  const index = new Map(candidates.map((c, i) => [c.record.id, i]));
  const folded = [...candidates];
  const gone = new Set<number>();
  candidates.forEach((candidate, i) => {
    if (candidate.record.kind !== "fact") return;
    const episodes = sourceIds(candidate.record).flatMap((id) => {
      const j = index.get(id);
      return j !== undefined && (candidates[j] as C).record.kind !== "fact" ? [j] : [];
    });
    if (episodes.length === 0) return;
    for (const j of episodes) folded[j] = withFact(folded[j] as C, candidate);
    gone.add(i);
  });
  return folded.filter((_, i) => !gone.has(i));
}

/**
 * One reason per carried fact, with what the knowledge graph says of it (`why`), as in
 * `fact: "Maria lives in Porto.", derived from it, matched (cosine 0.712, BM25 2.30); graph: about "Maria", …`.
 */
export function factReasons(
  facts: readonly FactKey[] | undefined,
  why: (record: MemoryRecord) => string | null,
): string[] {
  return (facts ?? []).map((fact) => {
    const evidence = [
      ...(fact.cosine === null ? [] : [`cosine ${fact.cosine.toFixed(3)}`]),
      ...(fact.bm25 === null ? [] : [`BM25 ${fact.bm25.toFixed(2)}`]),
    ];
    const graph = why(fact.record);
    return `fact: "${fact.record.text}", derived from it, matched${evidence.length > 0 ? ` (${evidence.join(", ")})` : ""}; one result stands for both${graph ? `; ${graph}` : ""}`;
  });
}

/** The facts a result carries, as the public result shows them. */
export function recalledFacts(facts: readonly FactKey[] | undefined): RecalledFact[] {
  return (facts ?? []).map(({ record, cosine, bm25 }) => ({
    id: record.id,
    text: record.text,
    occurredAt: isoTime(record.occurredAt),
    match: { cosine, bm25 },
  }));
}
