/**
 * Learning from use, per tenant (the guide's continual learning): an application reports which recalled memories it
 * used (and which it rejected); `learn` refits that tenant's recall weights from its feedback, starting from the
 * shipped defaults, and keeps them only when recall on a held-back fifth of the feedback does not get worse. Feedback
 * is bounded per tenant and never read across tenants; the learned weights live in the tenant's store.
 */
import { DEFAULT_TENANT } from "../spec/memory.js";
import type { FeedbackRecord } from "../spec/store.js";
import type { EngineRuntime } from "./engine-runtime.js";
import { createRecallLog, type FeedbackResult, recordFeedback } from "./feedback.js";
import { type RecallResult, readCandidates, recallMemories } from "./recall.js";
import { RECALL_FEATURES } from "./recall-features.js";
import {
  defaultScorer,
  firstReadScorer,
  HAND_SET_SCORER,
  parseScorerFile,
  type RecallScorer,
  scorerToFile,
  scoresOf,
} from "./recall-scorer.js";
import {
  type FeedbackInput,
  feedbackInputSchema,
  type LearnInput,
  learnInputSchema,
  type RecallQuery,
  type ResetWeightsInput,
  recallInputSchema,
  resetWeightsInputSchema,
} from "./schemas.js";
import { isoTime } from "./time.js";
import { type TrainingList, trainScorer } from "./train-scorer.js";
import { parseInput } from "./validate.js";

export type { FeedbackResult } from "./feedback.js";

/** Fewer feedback records than this, and `learn` keeps the defaults: a fifth of them could not check anything. */
export const MIN_FEEDBACK = 10;
/** How strongly a tenant's weights are pulled toward the shipped defaults. */
const FEEDBACK_L2 = 0.01;
/** The cut-off of the held-back check: the share of used memories among the first ten. */
const CHECK_K = 10;

/** The scorer recall uses for a tenant: its learned weights, else the defaults. */
export async function tenantScorer(
  runtime: EngineRuntime,
  tenant: string,
  defaults: RecallScorer,
): Promise<RecallScorer> {
  const stored = await runtime.store.learning.scorer(tenant);
  if (!stored) return defaults;
  try {
    return parseScorerFile(stored.file, "learned", `tenant ${tenant}'s weights`);
  } catch {
    // weights this Engram cannot read (written by a newer one) leave recall working on the defaults
    return defaults;
  }
}

/** A feedback record as a training list: the candidates recall would read for it now, the used ones marked. */
async function feedbackList(
  runtime: EngineRuntime,
  record: FeedbackRecord,
  scorer: RecallScorer,
): Promise<TrainingList & { order: number[] }> {
  const query = recallInputSchema.parse({
    query: record.query,
    tenant: record.tenant,
    ...(record.user === null ? {} : { user: record.user }),
    ...(record.agent === null ? {} : { agent: record.agent }),
    ...(record.session === null ? {} : { session: record.session }),
    now: record.at,
  });
  const { set, features } = await readCandidates(runtime, query, scorer);
  const index = new Map(set.candidates.map((c, i) => [c.record.id, i]));
  const position = (id: string) => index.get(id);
  // ties as recall breaks them: later first, then by id
  const order = set.candidates
    .map((c, i) => ({ i, at: c.record.occurredAt, id: c.record.id }))
    .sort((a, b) => b.at - a.at || a.id.localeCompare(b.id))
    .map((c) => c.i);
  return {
    features,
    groups: record.used.map((id) => {
      const i = position(id);
      return i === undefined ? [] : [i];
    }),
    rejected: record.rejected.flatMap((id) => {
      const i = position(id);
      return i === undefined ? [] : [i];
    }),
    order,
  };
}

/** Share of used memories in the first CHECK_K, and the reciprocal rank of the first, averaged over lists. */
function heldBackRecall(lists: (TrainingList & { order: number[] })[], scorer: RecallScorer) {
  let recall = 0;
  let reciprocal = 0;
  for (const list of lists) {
    const scores = scoresOf(scorer, list.features);
    // a stable sort over the tie order gives recall's own order
    const ranked = [...list.order].sort((a, b) => (scores[b] as number) - (scores[a] as number));
    const rank = new Map(ranked.map((i, r) => [i, r]));
    const ranks = list.groups.map((g) => (g.length > 0 ? (rank.get(g[0] as number) ?? Infinity) : Infinity));
    recall += ranks.filter((r) => r < CHECK_K).length / Math.max(1, ranks.length);
    reciprocal += 1 / (1 + Math.min(...ranks));
  }
  const n = Math.max(1, lists.length);
  return { recallAt10: recall / n, reciprocalRank: reciprocal / n };
}

export interface LearnReport {
  tenant: string;
  /** The tenant's feedback records read. */
  feedback: number;
  /** Of them, those used for training and for the held-back check. */
  trained: number;
  heldBack: number;
  /** "learned": the new weights are kept; "default": the tenant recalls with the shipped defaults. */
  kept: "learned" | "default";
  reason: string;
  /** Recall on the held-back fifth with the defaults and with the new weights (null when there was no check). */
  check: {
    default: { recallAt10: number; reciprocalRank: number };
    learned: { recallAt10: number; reciprocalRank: number };
  } | null;
  /** The weights that moved, with the default each started from. */
  changes: { name: string; from: number; to: number }[];
}

/**
 * Refits a tenant's weights from its feedback, starting from (and pulled toward) the defaults. The feedback is read
 * oldest first; every fifth record is held back. The new weights are kept only when, on the held-back records, the
 * share of used memories in the first ten and the reciprocal rank of the first are both no worse than with the
 * defaults; otherwise the tenant goes back to the defaults, and the report says why.
 */
export async function learnTenant(
  runtime: EngineRuntime,
  tenant: string,
  defaults: RecallScorer,
): Promise<LearnReport> {
  const records = await runtime.store.learning.feedback(tenant);
  const keepDefaults = async (reason: string, partial: Partial<LearnReport> = {}): Promise<LearnReport> => {
    await runtime.store.learning.deleteScorer(tenant);
    return {
      tenant,
      feedback: records.length,
      trained: 0,
      heldBack: 0,
      kept: "default",
      reason,
      check: null,
      changes: [],
      ...partial,
    };
  };
  if (records.length < MIN_FEEDBACK)
    return keepDefaults(
      `${records.length} feedback record${records.length === 1 ? "" : "s"}, fewer than the ${MIN_FEEDBACK} needed to hold a fifth back and check: report more with feedback()`,
    );
  const lists = await Promise.all(records.map((record) => feedbackList(runtime, record, defaults)));
  const training = lists.filter((_, i) => i % 5 !== 4);
  const heldBack = lists.filter((_, i) => i % 5 === 4);
  const counts = { trained: training.length, heldBack: heldBack.length };
  if (!training.some((list) => list.groups.some((g) => g.length > 0)))
    return keepDefaults(
      "no used memory is among the candidates recall reads for its query now (forgotten, or outside both channels)",
      counts,
    );
  const { scorer } = trainScorer(training, { prior: defaults.weights, l2: FEEDBACK_L2 });
  const check = { default: heldBackRecall(heldBack, defaults), learned: heldBackRecall(heldBack, scorer) };
  const changes = RECALL_FEATURES.flatMap((f, j) => {
    const from = defaults.weights[j] as number;
    const to = scorer.weights[j] as number;
    return Math.abs(to - from) >= 0.005 ? [{ name: f.name, from: round(from), to: round(to) }] : [];
  }).sort((a, b) => Math.abs(b.to - b.from) - Math.abs(a.to - a.from));
  const percent = (x: number) => `${(100 * x).toFixed(1)}%`;
  if (
    check.learned.recallAt10 < check.default.recallAt10 ||
    check.learned.reciprocalRank < check.default.reciprocalRank
  )
    return keepDefaults(
      `on the ${heldBack.length} held-back feedback records the new weights did worse (used memories in the first ${CHECK_K}: ${percent(check.default.recallAt10)} → ${percent(check.learned.recallAt10)}, reciprocal rank ${check.default.reciprocalRank.toFixed(3)} → ${check.learned.reciprocalRank.toFixed(3)}), so the defaults stay`,
      { ...counts, check, changes },
    );
  const file = scorerToFile({
    weights: scorer.weights,
    layer: null,
    // the candidates it learned from were read behind the defaults' first read: recall reads so too
    firstRead: defaults.firstRead,
    training: {
      from: "feedback",
      feedback: records.length,
      trained: training.length,
      heldBack: heldBack.length,
      l2: FEEDBACK_L2,
      learnedAt: isoTime(runtime.now()),
      check,
    },
  });
  await runtime.store.learning.setScorer({ tenant, file: file as never, updatedAt: runtime.now() });
  return {
    tenant,
    feedback: records.length,
    ...counts,
    kept: "learned",
    reason: `on the ${heldBack.length} held-back feedback records, used memories in the first ${CHECK_K}: ${percent(check.default.recallAt10)} → ${percent(check.learned.recallAt10)}, reciprocal rank ${check.default.reciprocalRank.toFixed(3)} → ${check.learned.reciprocalRank.toFixed(3)}`,
    check,
    changes,
  };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

export interface WeightsView {
  tenant: string;
  /** "learned" when the tenant has its own weights, else "default" (or "hand-set" when the engine is set so). */
  origin: RecallScorer["origin"];
  updatedAt: string | null;
  features: {
    name: string;
    term: string;
    weight: number;
    default: number;
    prior: number;
    description: string;
  }[];
  training: Record<string, unknown>;
  feedback: number;
}

/** What weights a tenant's recall uses, next to the defaults and the hand-set prior. */
export async function weightsView(
  runtime: EngineRuntime,
  tenant: string,
  defaults: RecallScorer,
  handSet: boolean,
): Promise<WeightsView> {
  const stored = await runtime.store.learning.scorer(tenant);
  const scorer = handSet ? defaults : await tenantScorer(runtime, tenant, defaults);
  return {
    tenant,
    origin: scorer.origin,
    updatedAt: stored && scorer.origin === "learned" ? isoTime(stored.updatedAt) : null,
    features: RECALL_FEATURES.map((f, j) => ({
      name: f.name,
      term: f.term,
      weight: round(scorer.weights[j] as number),
      default: round(defaults.weights[j] as number),
      prior: f.prior,
      description: f.description,
    })),
    training: scorer.training,
    feedback: (await runtime.store.learning.feedback(tenant)).length,
  };
}

/**
 * Recall with each tenant's weights, and the learning operations over one engine's runtime: the engine's recall,
 * feedback, learn, weights and resetWeights delegate here. With `scorer: "hand-set"` recall ignores learned weights,
 * and learning starts from (and is checked against) the hand-set prior.
 */
export function createLearning(runtime: EngineRuntime) {
  const recalls = createRecallLog();
  const handSet = runtime.options.scorer === "hand-set";
  // learning starts from the weights recall reads: with one read (the default), the file's first-read weights
  const defaults = () =>
    handSet ? HAND_SET_SCORER : runtime.options.hops < 2 ? firstReadScorer(defaultScorer()) : defaultScorer();
  return {
    async recall(query: RecallQuery): Promise<RecallResult> {
      const tenant = query.tenant ?? DEFAULT_TENANT;
      // the tenant's weights are read beside the channels' searches, not before them
      const scorer = handSet ? HAND_SET_SCORER : tenantScorer(runtime, tenant, defaultScorer());
      const result = await recallMemories(runtime, query, scorer);
      this.noteRecall(query, result);
      return result;
    },

    /** Keeps a recall's id for feedback: one made here, or by another engine over the same store (a recall worker). */
    noteRecall(query: RecallQuery, result: RecallResult): void {
      recalls.add(result.recallId, {
        query: query.query,
        tenant: query.tenant ?? DEFAULT_TENANT,
        user: query.user ?? null,
        agent: query.agent ?? null,
        session: query.session ?? null,
        at: query.now ?? query.asOf ?? runtime.now(),
      });
    },

    async feedback(input: FeedbackInput): Promise<FeedbackResult> {
      return recordFeedback(runtime, parseInput(feedbackInputSchema, input), recalls);
    },

    async learn(input: LearnInput = {}): Promise<LearnReport> {
      const { tenant } = parseInput(learnInputSchema, input);
      return learnTenant(runtime, tenant ?? DEFAULT_TENANT, defaults());
    },

    async weights(tenant?: string): Promise<WeightsView> {
      const resolved = parseInput(learnInputSchema, { tenant }).tenant ?? DEFAULT_TENANT;
      return weightsView(runtime, resolved, defaults(), handSet);
    },

    async resetWeights(
      input: ResetWeightsInput = {},
    ): Promise<{ tenant: string; removed: boolean; feedback: number }> {
      const query = parseInput(resetWeightsInputSchema, input);
      const tenant = query.tenant ?? DEFAULT_TENANT;
      const removed = await runtime.store.learning.deleteScorer(tenant);
      const feedback = query.feedback ? await runtime.store.learning.clearFeedback(tenant) : 0;
      return { tenant, removed, feedback };
    },
  };
}
