/**
 * Feedback and learned recall weights kept in process memory, per tenant: the LearningStore contract over two maps.
 * The runtime gives it to a dialect that keeps no learning of its own (the in-memory store, a third-party store):
 * what it holds is gone when the process ends; engine.export carries it to a lasting store.
 */
import type { FeedbackRecord, LearningStore, StoredScorer } from "../../spec/store.js";
import { compareIds } from "./store-rules.js";

const copy = <T>(value: T): T => structuredClone(value);

const byRecorded = (a: FeedbackRecord, b: FeedbackRecord) =>
  a.recordedAt - b.recordedAt || compareIds(a.id, b.id);

export function createProcessLearningStore(): LearningStore {
  /** tenant → feedback records, kept oldest first. */
  const feedback = new Map<string, FeedbackRecord[]>();
  const scorers = new Map<string, StoredScorer>();
  const list = (tenant: string) => feedback.get(tenant) ?? [];

  return {
    async addFeedback(record, keep) {
      const records = [...list(record.tenant), copy(record)].sort(byRecorded);
      const dropped = Math.max(0, records.length - Math.max(0, keep));
      feedback.set(record.tenant, records.slice(dropped));
      return dropped;
    },

    async feedback(tenant) {
      return copy(list(tenant));
    },

    async clearFeedback(tenant) {
      const count = list(tenant).length;
      feedback.delete(tenant);
      return count;
    },

    async forgetInFeedback(tenant, memoryIds) {
      const gone = new Set(memoryIds);
      let changed = 0;
      const kept: FeedbackRecord[] = [];
      for (const record of list(tenant)) {
        const used = record.used.filter((id) => !gone.has(id));
        const rejected = record.rejected.filter((id) => !gone.has(id));
        if (used.length !== record.used.length || rejected.length !== record.rejected.length) changed++;
        if (used.length > 0) kept.push({ ...record, used, rejected });
      }
      feedback.set(tenant, kept);
      return changed;
    },

    async scorer(tenant) {
      const stored = scorers.get(tenant);
      return stored ? copy(stored) : null;
    },

    async setScorer(stored) {
      scorers.set(stored.tenant, copy(stored));
    },

    async deleteScorer(tenant) {
      return scorers.delete(tenant);
    },

    async *exportAll(tenant) {
      const tenants =
        tenant !== undefined
          ? [tenant]
          : [...new Set([...scorers.keys(), ...feedback.keys()])].sort(compareIds);
      for (const t of tenants) {
        const stored = scorers.get(t);
        if (stored) yield { scorer: copy(stored) };
        for (const record of list(t)) yield { feedback: copy(record) };
      }
    },
  };
}
