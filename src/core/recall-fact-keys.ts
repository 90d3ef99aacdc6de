/**
 * A derived fact is a key of the episode it was derived from, not a competitor of it. Every candidate is scored as
 * before; then, when a fact and its source episode are both candidates, one result stands for both: the episode,
 * scored by the better of its own score and its facts' (a memory is found by its best key), carrying the facts so
 * the explanation names them and context assembly still prints them. The fact takes no place of its own, so a fact
 * and its turn no longer spend two places of the top k on one turn. A fact none of whose episodes is a candidate
 * (forgotten, filtered out by kind) stays a result of its own. The fold reads only the candidates' ids, kinds and
 * sources and their scores, so it is the same on every store, and the LoCoMo lists rank with it exactly as recall.
 */
import type { MemoryRecord } from "../spec/memory.js";

/** What the fold reads of a candidate. */
export type FactSource = Pick<MemoryRecord, "id" | "kind" | "sources">;

/** A derived fact carried by the result it was derived from (`RecalledMemory.facts`), with its own evidence. */
export interface RecalledFact {
  id: string;
  text: string;
  occurredAt: string;
  /** The fact's own score as a candidate; the result's score is the better of its own and its facts'. */
  score: number;
  /** Cosine of the fact's text with the query (null outside the vector channel), and its BM25 (null outside). */
  match: { cosine: number | null; bm25: number | null };
}

export interface FactFold {
  /** The scores after the fold: an episode's is the best of its own and its facts'; a folded fact's is −∞. */
  scores: Float64Array;
  /** For each candidate, the candidate whose score (and features) it took: itself, or the fact that scored higher. */
  scoredBy: number[];
  /** For each candidate, the facts it carries, best score first. */
  carried: number[][];
  /** The facts folded into an episode: no result of their own. */
  folded: Set<number>;
}

/**
 * For each candidate, the candidates it is a key of: a fact's source episodes among the candidates (each of them,
 * when it was told more than once); [] for every other candidate and for a fact whose episodes are not candidates.
 */
export function factEpisodes(candidates: readonly FactSource[]): number[][] {
  const index = new Map(candidates.map((c, i) => [c.id, i]));
  return candidates.map((candidate) => {
    if (candidate.kind !== "fact") return [];
    const sources = new Set(candidate.sources.map((s) => s.source).filter((s): s is string => s !== null));
    return [...sources].flatMap((id) => {
      const j = index.get(id);
      return j !== undefined && candidates[j]?.kind !== "fact" ? [j] : [];
    });
  });
}

/** Folds each fact into its episodes (`factEpisodes`): they take its score when it is the better one, and carry it. */
export function foldFactScores(episodesOf: readonly number[][], scores: ArrayLike<number>): FactFold {
  const folded = Float64Array.from(scores as ArrayLike<number>);
  const scoredBy = Array.from(folded, (_, i) => i);
  const carried: number[][] = Array.from(folded, () => []);
  const gone = new Set<number>();
  episodesOf.forEach((episodes, fact) => {
    if (episodes.length === 0) return;
    const score = scores[fact] as number;
    for (const episode of episodes) {
      (carried[episode] as number[]).push(fact);
      if (score > (folded[episode] as number)) {
        folded[episode] = score;
        scoredBy[episode] = fact;
      }
    }
    gone.add(fact);
  });
  for (const fact of gone) folded[fact] = Number.NEGATIVE_INFINITY;
  for (const list of carried) list.sort((a, b) => (scores[b] as number) - (scores[a] as number) || a - b);
  return { scores: folded, scoredBy, carried, folded: gone };
}

/** One reason per carried fact: `fact: "Ana lives in Lisbon.", derived from it, matched (cosine 0.712); …`. */
export function factReasons(facts: readonly RecalledFact[], score: number): string[] {
  return facts.map((fact) => {
    const evidence = [
      ...(fact.match.cosine === null ? [] : [`cosine ${fact.match.cosine.toFixed(3)}`]),
      ...(fact.match.bm25 === null ? [] : [`BM25 ${fact.match.bm25.toFixed(2)}`]),
    ];
    const stands =
      fact.score === score
        ? "scored by this fact (above the memory's own text); the reasons that follow are the fact's"
        : `its score ${fact.score.toFixed(2)} is below this one's`;
    return `fact: "${fact.text}", derived from it, matched${evidence.length > 0 ? ` (${evidence.join(", ")})` : ""}; one result stands for both, ${stands}`;
  });
}
