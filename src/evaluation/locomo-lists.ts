/**
 * LoCoMo questions as training and evaluation lists: for each question, every candidate recall considers (with its
 * feature vector, exactly as recall computes it) and the dialogue turns each candidate stands for. Ranking a list by
 * a scorer gives what `engine.recall` returns with that scorer, so weights can be trained and compared (in-sample
 * and leave-one-conversation-out) without re-reading the store.
 */
import type { EngineRuntime } from "../core/engine-runtime.js";
import { readCandidates } from "../core/recall.js";
import { factEpisodes, foldFactScores } from "../core/recall-fact-keys.js";
import { defaultScorer, type RecallScorer, scoresOf } from "../core/recall-scorer.js";
import { type EngineOptionsInput, engineOptionsSchema, recallInputSchema } from "../core/schemas.js";
import type { TrainingList } from "../core/train-scorer.js";
import type { Embedder } from "../spec/embedder.js";
import type { Store } from "../spec/store.js";
import { createRecallTable, type RecallTable, recalledTurns } from "./locomo.js";
import type { LocomoConversation } from "./locomo-data.js";

export interface LocomoList extends TrainingList {
  conversation: string;
  category: number;
  question: string;
  evidence: string[];
  /** The dialogue ids each candidate stands for. */
  turns: string[][];
  /** For ties, as recall breaks them: later first, then by id. */
  occurredAt: number[];
  ids: string[];
  /**
   * For each candidate, the episodes a fact candidate is a key of (recall folds it into them); [] for the rest.
   * Absent in lists saved before facts were folded.
   */
  factEpisodes?: number[][];
}

/** The lists of one ingested conversation, read with `options` (the same read options recall would use). */
export async function locomoLists(
  store: Store,
  embedder: Embedder,
  conversation: LocomoConversation,
  options: EngineOptionsInput = {},
  /** The weights of the first read, when options ask for two (default: the shipped ones). */
  firstRead: RecallScorer = defaultScorer(),
): Promise<LocomoList[]> {
  const runtime: EngineRuntime = {
    store,
    embedder,
    options: engineOptionsSchema.parse({ recallGain: 0, ...options }),
    now: () => conversation.lastSessionAt,
  };
  const lists: LocomoList[] = [];
  for (const q of conversation.questions) {
    const query = recallInputSchema.parse({
      query: q.question,
      user: conversation.id,
      k: 50,
      now: conversation.lastSessionAt,
    });
    const { set, features } = await readCandidates(runtime, query, firstRead);
    const turns = await recalledTurns(
      store,
      set.tenant,
      set.candidates.map((c) => ({ kind: c.record.kind, sources: c.record.sources })),
    );
    const groups = q.evidence.map((e) => turns.flatMap((t, i) => (t.includes(e) ? [i] : [])));
    lists.push({
      conversation: conversation.id,
      category: q.category,
      question: q.question,
      evidence: q.evidence,
      features,
      groups,
      turns,
      occurredAt: set.candidates.map((c) => c.record.occurredAt),
      ids: set.candidates.map((c) => c.record.id),
      factEpisodes: factEpisodes(set.candidates.map((c) => c.record)),
    });
  }
  return lists;
}

/**
 * The turns of a list's candidates in the order recall would return them under `scorer`: a fact folded into its
 * episode, which is scored by the better of the two (recall-fact-keys.ts).
 */
export function rankedTurns(list: LocomoList, scorer: RecallScorer): string[][] {
  const fold = foldFactScores(list.factEpisodes ?? [], scoresOf(scorer, list.features));
  const scores = fold.scores;
  const order = list.turns.map((_, i) => i).filter((i) => !fold.folded.has(i));
  order.sort(
    (a, b) =>
      (scores[b] as number) - (scores[a] as number) ||
      (list.occurredAt[b] as number) - (list.occurredAt[a] as number) ||
      (list.ids[a] as string).localeCompare(list.ids[b] as string),
  );
  return order.map((i) => list.turns[i] as string[]);
}

/** Evidence recall@k of a scorer over lists, overall and per category. */
export function evaluateLists(lists: readonly LocomoList[], scorer: RecallScorer, ks: number[]): RecallTable {
  const table = createRecallTable(ks);
  for (const list of lists) table.add(list.category, rankedTurns(list, scorer), list.evidence);
  return table.table();
}

/**
 * Leave-one-conversation-out: for each conversation, a scorer trained on the others (by `train`) ranks its lists;
 * the recall is pooled over all questions. Returns the pooled table and each fold's scorer.
 */
export function leaveOneConversationOut(
  lists: readonly LocomoList[],
  ks: number[],
  train: (lists: readonly LocomoList[]) => RecallScorer,
): { table: RecallTable; scorers: Map<string, RecallScorer> } {
  const table = createRecallTable(ks);
  const scorers = new Map<string, RecallScorer>();
  const conversations = [...new Set(lists.map((l) => l.conversation))];
  for (const conversation of conversations) {
    const scorer = train(lists.filter((l) => l.conversation !== conversation));
    scorers.set(conversation, scorer);
    for (const list of lists.filter((l) => l.conversation === conversation))
      table.add(list.category, rankedTurns(list, scorer), list.evidence);
  }
  return { table: table.table(), scorers };
}
