/**
 * Training recall's weights on LoCoMo conversations, with leave-one-conversation-out (LOCO) figures that no
 * held-out conversation has seen. Training runs two reads (`hops: 2`) unless asked otherwise, so that the shipped file
 * carries both models (recall reads once by default, with the first-read weights). What the second read looks for
 * depends on the first read's weights, so training has two stages:
 * 1. one-read candidates; λ is chosen by LOCO on them (the strongest pull toward the prior within `tolerance` of the
 *    best recall@10), and first-read weights W₁ are trained on all conversations (and W₁₋ₖ without conversation k);
 * 2. two-read candidates read with W₁ train the final weights; each held-out conversation k is read with W₁₋ₖ, so its
 *    LOCO figure depends on nothing trained on it.
 */
import type { RecallScorer } from "../core/recall-scorer.js";
import { trainScorer } from "../core/train-scorer.js";
import type { Embedder } from "../spec/embedder.js";
import type { Store } from "../spec/store.js";
import { createRecallTable, type RecallTable } from "./locomo.js";
import type { LocomoConversation } from "./locomo-data.js";
import { evaluateLists, type LocomoList, locomoLists, rankedTurns } from "./locomo-lists.js";

export interface LocomoTrainingOptions {
  ks: number[];
  /** The L2 strengths tried on the one-read candidates. */
  l2Grid: number[];
  /** Within this much of the best LOCO recall@10, the strongest λ is chosen. Default 0.5. */
  tolerance?: number;
  /** Reads per recall; default the engine's. */
  hops?: number;
  onProgress?: (message: string) => void;
}

export interface LocomoTrainingResult {
  /** The final weights, trained on every conversation. */
  scorer: RecallScorer;
  l2: number;
  hops: number;
  /** LOCO on the one-read candidates, for each λ tried. */
  oneReadLoco: { l2: number; table: RecallTable }[];
  /** LOCO of the final setting (two reads when hops is 2, each held-out conversation read with W₁₋ₖ). */
  loco: RecallTable;
  /** The final weights ranking the candidates they were trained on. */
  inSample: RecallTable;
  /** The candidates the final weights were trained on. */
  lists: LocomoList[];
  questions: number;
}

type Ingested = { conversation: LocomoConversation; store: Store }[];

async function readLists(
  stores: Ingested,
  embedder: Embedder,
  hops: number,
  firstRead: (conversation: string) => RecallScorer | undefined,
): Promise<LocomoList[]> {
  const lists: LocomoList[] = [];
  for (const { conversation, store } of stores)
    lists.push(...(await locomoLists(store, embedder, conversation, { hops }, firstRead(conversation.id))));
  return lists;
}

/** Trains the weights on ingested conversations, as `npm run train:recall` does; see the module comment. */
export async function trainOnLocomo(
  stores: Ingested,
  embedder: Embedder,
  options: LocomoTrainingOptions,
): Promise<LocomoTrainingResult> {
  const { ks } = options;
  // two reads unless asked otherwise: the shipped file carries both the one-read (first-read) and two-read weights
  const hops = options.hops ?? 2;
  const progress = options.onProgress ?? (() => undefined);
  const conversations = stores.map((s) => s.conversation.id);
  const without = (lists: readonly LocomoList[], id: string) => lists.filter((l) => l.conversation !== id);

  const oneRead = await readLists(stores, embedder, 1, () => undefined);
  progress(`read the one-read candidates of ${oneRead.length} questions`);
  const oneReadLoco: LocomoTrainingResult["oneReadLoco"] = [];
  const foldScorers = new Map<number, Map<string, RecallScorer>>();
  for (const l2 of options.l2Grid) {
    const table = createRecallTable(ks);
    const folds = new Map<string, RecallScorer>();
    for (const id of conversations) {
      const { scorer } = trainScorer(without(oneRead, id), { l2 });
      folds.set(id, scorer);
      for (const list of oneRead.filter((l) => l.conversation === id))
        table.add(list.category, rankedTurns(list, scorer), list.evidence);
    }
    foldScorers.set(l2, folds);
    oneReadLoco.push({ l2, table: table.table() });
    progress(`one read, λ ${l2}: LOCO recall@10 ${table.table().all?.["10"]}`);
  }
  const best = Math.max(...oneReadLoco.map((r) => r.table.all?.["10"] ?? 0));
  const tolerance = options.tolerance ?? 0.5;
  const l2 =
    [...oneReadLoco].reverse().find((r) => (r.table.all?.["10"] ?? 0) >= best - tolerance)?.l2 ??
    (options.l2Grid[0] as number);

  if (hops < 2) {
    const { scorer } = trainScorer(oneRead, { l2 });
    return {
      scorer,
      l2,
      hops,
      oneReadLoco,
      loco: oneReadLoco.find((r) => r.l2 === l2)?.table ?? {},
      inSample: evaluateLists(oneRead, scorer, ks),
      lists: oneRead,
      questions: oneRead.length,
    };
  }

  // stage 2: the first read with W₁ (all conversations) for training, with W₁₋ₖ for the held-out conversation k
  const firstRead = trainScorer(oneRead, { l2 }).scorer;
  const folds = foldScorers.get(l2) as Map<string, RecallScorer>;
  const twoReads = await readLists(stores, embedder, 2, () => firstRead);
  progress("read the two-read candidates (first read: weights trained on all conversations)");
  const heldOut = await readLists(stores, embedder, 2, (id) => folds.get(id));
  progress("read each conversation's two-read candidates with first-read weights trained without it");
  const loco = createRecallTable(ks);
  for (const id of conversations) {
    const { scorer } = trainScorer(without(twoReads, id), { l2 });
    for (const list of heldOut.filter((l) => l.conversation === id))
      loco.add(list.category, rankedTurns(list, scorer), list.evidence);
  }
  const { scorer } = trainScorer(twoReads, { l2 });
  scorer.firstRead = firstRead.weights;
  return {
    scorer,
    l2,
    hops,
    oneReadLoco,
    loco: loco.table(),
    inSample: evaluateLists(twoReads, scorer, ks),
    lists: twoReads,
    questions: twoReads.length,
  };
}
