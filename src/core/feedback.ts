/**
 * Feedback on a recall: the engine's log of its latest recalls (so feedback can name one by id), and the check and
 * store of what an application used and rejected. Refused, storing nothing, when it names what the tenant lacks.
 */
import type { z } from "zod";
import { invalidInput } from "../spec/errors.js";
import { DEFAULT_TENANT } from "../spec/memory.js";
import type { FeedbackRecord } from "../spec/store.js";
import type { EngineRuntime } from "./engine-runtime.js";
import { newMemoryId } from "./ids.js";
import type { feedbackInputSchema } from "./schemas.js";

/** A recall the engine ran, kept so that feedback can name it by id. */
export interface LoggedRecall {
  query: string;
  tenant: string;
  user: string | null;
  agent: string | null;
  session: string | null;
  at: number;
}

/** The engine's latest recalls by id (a bounded map: the oldest are forgotten first). */
export function createRecallLog(limit = 1000) {
  const entries = new Map<string, LoggedRecall>();
  return {
    add(id: string, recall: LoggedRecall): void {
      entries.set(id, recall);
      if (entries.size > limit) entries.delete(entries.keys().next().value as string);
    },
    get(id: string): LoggedRecall | undefined {
      return entries.get(id);
    },
  };
}
export type RecallLog = ReturnType<typeof createRecallLog>;

export interface FeedbackResult {
  id: string;
  tenant: string;
  used: string[];
  rejected: string[];
  /** Feedback records of the tenant now kept. */
  kept: number;
  /** Old records dropped to stay within `feedbackLimit`. */
  dropped: number;
}

/** Checks feedback and stores it. Refuses (storing nothing) unknown recall ids, and ids not of the tenant. */
export async function recordFeedback(
  runtime: EngineRuntime,
  input: z.output<typeof feedbackInputSchema>,
  log: RecallLog,
): Promise<FeedbackResult> {
  let recall: LoggedRecall;
  if (input.recallId !== undefined) {
    const logged = log.get(input.recallId);
    if (!logged)
      throw invalidInput(
        `no recall ${input.recallId}: an id is kept for this engine's latest 1,000 recalls (not across restarts); pass the query and its scope instead`,
        "recallId",
      );
    if (input.tenant !== undefined && input.tenant !== logged.tenant)
      throw invalidInput(`recall ${input.recallId} was not made in tenant ${input.tenant}`, "tenant");
    recall = { ...logged, at: input.at ?? logged.at };
  } else {
    recall = {
      query: input.query as string,
      tenant: input.tenant ?? DEFAULT_TENANT,
      user: input.user ?? null,
      agent: input.agent ?? null,
      session: input.session ?? null,
      at: input.at ?? runtime.now(),
    };
  }
  const used = [...new Set(input.used)];
  const rejected = [...new Set(input.rejected)];
  const both = used.filter((id) => rejected.includes(id));
  if (both.length > 0)
    throw invalidInput(`${both.join(", ")} is both used and rejected: name each memory once`, "rejected");
  const found = new Set((await runtime.store.get(recall.tenant, [...used, ...rejected])).map((r) => r.id));
  const unknown = [...used, ...rejected].filter((id) => !found.has(id));
  if (unknown.length > 0)
    throw invalidInput(
      `no memory ${unknown.join(", ")} in tenant ${recall.tenant} (unknown, forgotten, or another tenant's): report only ids this tenant's recall returned`,
      used.some((id) => unknown.includes(id)) ? "used" : "rejected",
    );
  const record: FeedbackRecord = {
    id: newMemoryId(runtime.now()).replace(/^mem_/, "fb_"),
    ...recall,
    used,
    rejected,
    recordedAt: runtime.now(),
  };
  const dropped = await runtime.store.learning.addFeedback(record, runtime.options.feedbackLimit);
  const kept = (await runtime.store.learning.feedback(recall.tenant)).length;
  return { id: record.id, tenant: recall.tenant, used, rejected, kept, dropped };
}
