/**
 * Working memory (the guide's short-term memory): a session's latest turns within a token budget. Turns that fall
 * out of it are consolidated into summary memories, so nothing said is lost to recall: every turn is either in
 * the window or covered by a summary, and the turns themselves stay stored.
 */

import type { TokenUsage } from "../spec/language-model.js";
import { DEFAULT_TENANT, type MemoryRecord, type MemoryStatus, type NewMemory } from "../spec/memory.js";
import type { MemoryFilter } from "../spec/store.js";
import { textHash } from "../text/normalize.js";
import type { TokenCounter } from "../text/tokens.js";
import type { EngineRuntime } from "./engine-runtime.js";
import { newMemoryId } from "./ids.js";
import { createExtractiveSummarizer, type Summarizer } from "./summarize.js";
import { isoTime } from "./time.js";
import { makeKey } from "./write-path.js";

export interface SessionScope {
  tenant?: string;
  user?: string;
  agent?: string;
  session: string;
}

export interface WorkingTurn {
  record: MemoryRecord;
  /** The turn as a prompt line: "Ana: I moved to Lisbon". */
  line: string;
  tokens: number;
}

export interface WorkingMemory {
  /** The latest turns that fit, oldest first. */
  turns: WorkingTurn[];
  /** Tokens of the turns' lines (without separators). */
  tokens: number;
  /** Earlier turns of the session left out of the window. */
  overflow: number;
}

/** Where a summary written by consolidation keeps what it covers (metadata.consolidation). */
export interface ConsolidationInfo {
  session: string;
  /** Ids of the episodes it summarises, oldest first. */
  covers: string[];
  from: string;
  to: string;
  method: "extractive" | "abstractive";
}

export interface ConsolidationResult {
  id: string;
  session: string;
  covers: string[];
  method: "extractive" | "abstractive";
  /** Tokens a language model used to write it. */
  usage?: TokenUsage;
}

const ALL_STATUSES: MemoryStatus[] = ["active", "archived"];
const PAGE = 256;

/** A turn as one prompt line, with who said it. */
export function turnLine(record: Pick<MemoryRecord, "speaker" | "role" | "text">): string {
  const who = record.speaker ?? record.role;
  return who ? `${who}: ${record.text}` : record.text;
}

function sessionFilter(
  scope: SessionScope,
  statuses: MemoryStatus[],
  kinds: MemoryFilter["kinds"],
): MemoryFilter {
  return {
    tenant: scope.tenant ?? DEFAULT_TENANT,
    user: scope.user,
    agent: scope.agent,
    session: scope.session,
    kinds,
    statuses,
  };
}

/**
 * The session's latest active turns (episodes) whose lines fit in `budget` tokens, oldest first. The window ends at
 * the first turn that does not fit, so it is always a contiguous tail of the conversation.
 */
export async function loadWorkingMemory(
  runtime: EngineRuntime,
  scope: SessionScope,
  budget: number,
  tokens: TokenCounter,
  asOf?: number,
): Promise<WorkingMemory> {
  const filter = { ...sessionFilter(scope, ["active"], ["episode"]), to: asOf };
  const turns: WorkingTurn[] = [];
  let used = 0;
  let overflow = 0;
  for (let offset = 0; ; offset += PAGE) {
    const page = await runtime.store.list(filter, { order: "desc", limit: PAGE, offset });
    for (const [i, record] of page.entries()) {
      const line = turnLine(record);
      const cost = tokens.count(line);
      if (overflow === 0 && used + cost <= budget) {
        turns.push({ record, line, tokens: cost });
        used += cost;
        continue;
      }
      // Out of the window: count the rest without reading more than this page.
      overflow += page.length - i;
      break;
    }
    if (overflow > 0) {
      overflow += await countRemaining(runtime, filter, offset + PAGE);
      break;
    }
    if (page.length < PAGE) break;
  }
  return { turns: turns.reverse(), tokens: used, overflow };
}

async function countRemaining(runtime: EngineRuntime, filter: MemoryFilter, offset: number): Promise<number> {
  let count = 0;
  for (let at = offset; ; at += PAGE) {
    const page = await runtime.store.list(filter, { order: "desc", limit: PAGE, offset: at });
    count += page.length;
    if (page.length < PAGE) return count;
  }
}

async function listAll(runtime: EngineRuntime, filter: MemoryFilter): Promise<MemoryRecord[]> {
  const out: MemoryRecord[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await runtime.store.list(filter, { order: "asc", limit: PAGE, offset });
    out.push(...page);
    if (page.length < PAGE) return out;
  }
}

/**
 * Every turn (episode) of a session, archived ones included, oldest first; with `last`, only the latest that many.
 * Consolidation never removes turns, so this is the whole conversation as it was told.
 */
export async function listSessionTurns(
  runtime: EngineRuntime,
  scope: SessionScope,
  last?: number,
): Promise<MemoryRecord[]> {
  const filter = sessionFilter(scope, ALL_STATUSES, ["episode"]);
  if (last === undefined) return listAll(runtime, filter);
  const latest: MemoryRecord[] = [];
  for (let offset = 0; latest.length < last; offset += PAGE) {
    const page = await runtime.store.list(filter, {
      order: "desc",
      limit: Math.min(PAGE, last - latest.length),
      offset,
    });
    latest.push(...page);
    if (page.length < PAGE) break;
  }
  return latest.reverse();
}

/** The consolidation record of a summary memory, or null for a summary written by someone else. */
export function consolidationOf(record: MemoryRecord): ConsolidationInfo | null {
  const value = record.metadata.consolidation;
  if (typeof value !== "object" || value === null || Array.isArray(value)) return null;
  const covers = value.covers;
  if (!Array.isArray(covers) || !covers.every((id) => typeof id === "string")) return null;
  return value as unknown as ConsolidationInfo;
}

/**
 * Consolidate the turns of one session that no summary covers yet, once they no longer fit in the working memory
 * (`workingMemoryTokens`): the oldest of them, until those left fit in half of it, become summaries of at most
 * `workingMemoryTokens` of turns each. Idempotent: running it again changes nothing until more turns arrive, and a
 * new summary covers only turns not summarised before. Turns are never changed or removed.
 */
export async function consolidateSession(
  runtime: EngineRuntime,
  scope: SessionScope,
  tokens: TokenCounter,
  summarizer?: Summarizer,
): Promise<ConsolidationResult[]> {
  const { options } = runtime;
  const turns = await listAll(runtime, sessionFilter(scope, ALL_STATUSES, ["episode"]));
  if (turns.length === 0) return [];
  const covered = new Set<string>();
  for (const summary of await listAll(runtime, sessionFilter(scope, ALL_STATUSES, ["summary"]))) {
    for (const id of consolidationOf(summary)?.covers ?? []) covered.add(id);
  }
  const uncovered = turns
    .filter((record) => !covered.has(record.id))
    .map((record) => ({ record, tokens: tokens.count(turnLine(record)) }));
  let remaining = uncovered.reduce((sum, turn) => sum + turn.tokens, 0);
  if (remaining <= options.workingMemoryTokens) return [];

  // The oldest uncovered turns, until what is left fits in half the window, in chunks of at most a window each.
  const chunks: (typeof uncovered)[] = [];
  let chunk: typeof uncovered = [];
  let chunkTokens = 0;
  for (const turn of uncovered) {
    if (remaining <= options.workingMemoryTokens / 2) break;
    if (chunk.length > 0 && chunkTokens + turn.tokens > options.workingMemoryTokens) {
      chunks.push(chunk);
      chunk = [];
      chunkTokens = 0;
    }
    chunk.push(turn);
    chunkTokens += turn.tokens;
    remaining -= turn.tokens;
  }
  if (chunk.length > 0) chunks.push(chunk);

  const now = runtime.now();
  const memories: NewMemory[] = [];
  const results: ConsolidationResult[] = [];
  for (const part of chunks) {
    const records = part.map((turn) => turn.record);
    const summaryTurns = records.map((record) => ({
      speaker: record.speaker ?? record.role,
      text: record.text,
      occurredAt: record.occurredAt,
    }));
    const { text, method, usage } = await (summarizer ?? createExtractiveSummarizer(tokens))(
      summaryTurns,
      options.summaryTokens,
    );
    const first = records[0] as MemoryRecord;
    const last = records[records.length - 1] as MemoryRecord;
    const id = newMemoryId(now);
    const consolidation: ConsolidationInfo = {
      session: scope.session,
      covers: records.map((record) => record.id),
      from: isoTime(first.occurredAt),
      to: isoTime(last.occurredAt),
      method,
    };
    const [vector] = await runtime.embedder.embed([text]);
    memories.push({
      record: {
        id,
        tenant: first.tenant,
        user: first.user,
        agent: first.agent,
        session: scope.session,
        kind: "summary",
        text,
        role: null,
        speaker: null,
        occurredAt: last.occurredAt,
        recordedAt: now,
        source: `session:${scope.session}`,
        sources: [
          {
            source: `session:${scope.session}`,
            occurredAt: last.occurredAt,
            recordedAt: now,
            session: scope.session,
          },
        ],
        metadata: { consolidation: { ...consolidation } },
        count: 1,
        lastSeenAt: last.occurredAt,
        strength: options.initialStrength,
        status: "active",
        textHash: textHash(text),
      },
      keys: [makeKey(id, "text", text, vector ?? null)],
    });
    results.push({
      id,
      session: scope.session,
      covers: consolidation.covers,
      method,
      ...(usage ? { usage } : {}),
    });
  }
  await runtime.store.write({ inserts: memories, reinforcements: [] });
  return results;
}
