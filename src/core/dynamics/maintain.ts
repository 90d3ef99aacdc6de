/**
 * The maintenance pass, on demand or every N writes: consolidate each session's overflowing turns into summaries,
 * then archive memories whose strength has decayed below the threshold. Never deletes and never loses an episode.
 */
import { DEFAULT_TENANT } from "../../spec/memory.js";
import type { MemoryFilter } from "../../spec/store.js";
import { loadTokenCounter } from "../../text/tokens.js";
import type { EngineRuntime } from "../engine-runtime.js";
import type { Summarizer } from "../summarize.js";
import { isoTime } from "../time.js";
import { type ConsolidationResult, consolidateSession } from "../working-memory.js";
import { archiveBelow, scanMemories } from "./archive.js";

export interface MaintainOptions {
  tenant?: string;
  user?: string;
  agent?: string;
  now?: number;
  archive: boolean;
  threshold?: number;
  consolidate: boolean;
}

export interface MaintainResult {
  tenant: string;
  /** The time decay was measured to (ISO). */
  now: string;
  /** The strength below which memories were archived. */
  threshold: number;
  /** Active memories looked at by the archive pass. */
  scanned: number;
  archived: string[];
  /** Summaries written by consolidation. */
  summaries: ConsolidationResult[];
}

/** One maintenance pass over a scope (a tenant, optionally one user or agent). */
export async function maintainScope(
  runtime: EngineRuntime,
  input: MaintainOptions,
  summarizer?: Summarizer,
): Promise<MaintainResult> {
  const tenant = input.tenant ?? DEFAULT_TENANT;
  const now = input.now ?? runtime.now();
  const threshold = input.threshold ?? runtime.options.archiveThreshold;
  const filter: MemoryFilter = { tenant, user: input.user, agent: input.agent };

  const summaries: ConsolidationResult[] = [];
  if (input.consolidate) {
    const sessions = new Map<string, { user: string | null; agent: string | null; session: string }>();
    for await (const record of scanMemories(runtime, {
      ...filter,
      kinds: ["episode"],
      statuses: ["active", "archived"],
    })) {
      if (record.session === null) continue;
      const key = JSON.stringify([record.user, record.agent, record.session]);
      if (!sessions.has(key))
        sessions.set(key, { user: record.user, agent: record.agent, session: record.session });
    }
    if (sessions.size > 0) {
      const tokens = await loadTokenCounter();
      for (const scope of sessions.values()) {
        summaries.push(
          ...(await consolidateSession(
            runtime,
            {
              tenant,
              user: scope.user ?? undefined,
              agent: scope.agent ?? undefined,
              session: scope.session,
            },
            tokens,
            summarizer,
          )),
        );
      }
    }
  }

  const { archived, scanned } = input.archive
    ? await archiveBelow(runtime, filter, threshold, now)
    : { archived: [], scanned: 0 };
  return { tenant, now: isoTime(now), threshold, scanned, archived, summaries };
}
