/**
 * Context assembly (the guide's memory read rₜ = Σ aᵢvᵢ, packed for a prompt): the session's working memory first
 * in claim on the budget, then recalled facts and episodes by attention weight, never over the token budget
 * (counted on the final text, headers and separators included). The text is laid out in a stable order for prompt
 * caches: fixed headers, the most stable section first (facts, then memories, then the latest turns), items in
 * time order within a section, so the same memories always print the same way.
 */
import type { MemoryKind, MemoryRecord } from "../spec/memory.js";
import { loadTokenCounter, type TokenCounter } from "../text/tokens.js";
import type { EngineRuntime } from "./engine-runtime.js";
import type { RecalledMemory, RecallResult, ScoreBreakdown } from "./recall.js";
import type { ContextQuery, RecallInput } from "./schemas.js";
import type { Summarizer } from "./summarize.js";
import { isoTime } from "./time.js";
import { consolidateSession, loadWorkingMemory } from "./working-memory.js";

export type ContextSectionName = "facts" | "memories" | "conversation";

export interface ContextItem {
  id: string;
  /** The line as it appears in the block. */
  text: string;
  /** The attention weight recall gave it; absent for working-memory turns. */
  weight?: number;
  /** Why recall chose it, one reason per channel that contributed; absent for working-memory turns. */
  reasons?: string[];
  /** The score's terms; absent for working-memory turns. */
  breakdown?: ScoreBreakdown;
  /** Tokens of the line alone. */
  tokens: number;
  kind: MemoryKind;
  occurredAt: string;
}

export interface ContextSection {
  name: ContextSectionName;
  /** The header line printed above the items (only when there are items). */
  title: string;
  items: ContextItem[];
}

export interface ContextBlock {
  query: string;
  /** The prompt-ready block; "" when nothing fits. */
  text: string;
  /** Tokens of `text` (o200k_base); never more than `budget`. */
  tokens: number;
  budget: number;
  encoding: string;
  /** Always the three sections, in the order they are printed. */
  sections: ContextSection[];
  /** Candidates (recalled memories and earlier turns) that did not fit. */
  omitted: number;
  /** The time the block describes (ISO). */
  asOf: string;
}

/** Fixed headers: part of the stable prefix a prompt cache can reuse. */
export const SECTION_TITLES: Record<ContextSectionName, string> = {
  facts: "## Facts",
  memories: "## Memories",
  conversation: "## Latest turns",
};
const SECTION_ORDER: ContextSectionName[] = ["facts", "memories", "conversation"];

interface Candidate {
  record: Pick<MemoryRecord, "id" | "kind" | "occurredAt">;
  section: ContextSectionName;
  line: string;
  tokens: number;
  weight?: number;
  explanation?: Pick<RecalledMemory, "reasons" | "breakdown">;
  /** For a turn: the tokens of its bare line ("Ana: …"), the measure of the working memory's budget. */
  windowTokens?: number;
  /** Lower is dropped first when the exact count is over budget. */
  priority: number;
}

function day(ms: number): string {
  return isoTime(ms).slice(0, 10);
}

function minute(ms: number): string {
  return isoTime(ms).slice(0, 16).replace("T", " ");
}

function recalledLine(memory: RecalledMemory): string {
  const when = Date.parse(memory.occurredAt);
  const consolidation = memory.metadata.consolidation;
  if (memory.kind === "summary") {
    const from =
      typeof consolidation === "object" && consolidation !== null && !Array.isArray(consolidation)
        ? consolidation.from
        : null;
    const span =
      typeof from === "string" && day(Date.parse(from)) !== day(when)
        ? `${day(Date.parse(from))} to ${day(when)}`
        : day(when);
    return `- [${span}] summary: ${memory.text.replace(/\s*\n\s*/g, " / ")}`;
  }
  const who = memory.kind === "fact" ? null : (memory.speaker ?? memory.role);
  return `- [${day(when)}] ${who ? `${who}: ` : ""}${memory.text.replace(/\s*\n\s*/g, " ")}`;
}

/** The block's text for a selection: non-empty sections in fixed order, items in time order. */
function render(selection: Candidate[]): { text: string; sections: ContextSection[] } {
  const sections = SECTION_ORDER.map((name) => {
    const items = selection
      .filter((candidate) => candidate.section === name)
      .sort((a, b) => a.record.occurredAt - b.record.occurredAt || (a.record.id < b.record.id ? -1 : 1));
    return { name, items };
  });
  const text = sections
    .filter((section) => section.items.length > 0)
    .map((section) => [SECTION_TITLES[section.name], ...section.items.map((c) => c.line)].join("\n"))
    .join("\n\n");
  return {
    text,
    sections: sections.map((section) => ({
      name: section.name,
      title: SECTION_TITLES[section.name],
      items: section.items.map((c) => ({
        id: c.record.id,
        text: c.line,
        ...(c.weight === undefined ? {} : { weight: c.weight }),
        ...(c.explanation === undefined
          ? {}
          : { reasons: c.explanation.reasons, breakdown: c.explanation.breakdown }),
        tokens: c.tokens,
        kind: c.record.kind,
        occurredAt: isoTime(c.record.occurredAt),
      })),
    })),
  };
}

/**
 * Greedy packing with a safe running estimate (a header and a newline per section, a newline per item), then the
 * exact count of the final text; while that is over budget, the lowest-priority item goes. Ends within budget,
 * since the empty block has 0 tokens. Turns also stay within `conversationCap`, measured as working memory is
 * (bare lines without their time stamps), and stay a contiguous tail of the conversation.
 */
function packWithinBudget(
  candidates: Candidate[],
  budget: number,
  conversationCap: number,
  tokens: TokenCounter,
): { selection: Candidate[]; text: string; tokens: number; sections: ContextSection[] } {
  const headerCost = Object.fromEntries(
    SECTION_ORDER.map((name) => [name, tokens.count(SECTION_TITLES[name]) + 2]),
  ) as Record<ContextSectionName, number>;
  const opened = new Set<ContextSectionName>();
  let used = 0;
  let conversationUsed = 0;
  const selection: Candidate[] = [];
  for (const candidate of candidates) {
    const cost = candidate.tokens + 1 + (opened.has(candidate.section) ? 0 : headerCost[candidate.section]);
    if (used + cost > budget) {
      if (candidate.section === "conversation") conversationUsed = Number.POSITIVE_INFINITY; // keep turns contiguous
      continue;
    }
    if (candidate.section === "conversation") {
      const windowCost = candidate.windowTokens ?? candidate.tokens;
      if (conversationUsed + windowCost > conversationCap) {
        conversationUsed = Number.POSITIVE_INFINITY;
        continue;
      }
      conversationUsed += windowCost;
    }
    selection.push(candidate);
    opened.add(candidate.section);
    used += cost;
  }
  for (;;) {
    const rendered = render(selection);
    const count = tokens.count(rendered.text);
    if (count <= budget)
      return { selection, text: rendered.text, tokens: count, sections: rendered.sections };
    let worst = 0;
    for (let i = 1; i < selection.length; i++) {
      if ((selection[i] as Candidate).priority < (selection[worst] as Candidate).priority) worst = i;
    }
    selection.splice(worst, 1);
  }
}

/**
 * The facts a recalled memory carries (a fact is a key of its episode, so one result stands for both): each goes to
 * the facts section with its episode's weight and reasons, ahead of the episode, once per block.
 */
function carriedFacts(memory: RecalledMemory, seen: Set<string>): Candidate[] {
  return memory.facts.flatMap((fact) => {
    if (seen.has(fact.id)) return [];
    seen.add(fact.id);
    return [
      {
        record: { id: fact.id, kind: "fact" as const, occurredAt: Date.parse(fact.occurredAt) },
        section: "facts" as const,
        line: `- [${day(Date.parse(fact.occurredAt))}] ${fact.text.replace(/\s*\n\s*/g, " ")}`,
        tokens: 0,
        weight: memory.weight,
        explanation: {
          reasons: [`derived from ${memory.id}, recalled with it`, ...memory.reasons],
          breakdown: memory.breakdown,
        },
        priority: memory.weight,
      },
    ];
  });
}

/**
 * Assemble the context block for a query. `recall` is the engine's recall, so whatever biases it applies
 * (lexical, recency, strength, graph, time) apply here too.
 */
export async function assembleContext(
  runtime: EngineRuntime,
  query: ContextQuery,
  recall: (input: RecallInput) => Promise<RecallResult>,
  summarizer?: Summarizer,
): Promise<ContextBlock> {
  const tokens = await loadTokenCounter();
  const now = query.asOf ?? runtime.now();
  const scope = { tenant: query.tenant, user: query.user, agent: query.agent };
  const conversationCap = Math.min(
    runtime.options.workingMemoryTokens,
    Math.floor(query.budget * runtime.options.workingMemoryShare),
  );

  const candidates: Candidate[] = [];
  const inWindow = new Set<string>();
  let earlierTurns = 0;
  if (query.session !== undefined) {
    const session = { ...scope, session: query.session };
    // Consolidation writes, so it runs only for the present, never for a view of the past.
    if (query.asOf === undefined) await consolidateSession(runtime, session, tokens, summarizer);
    const working = await loadWorkingMemory(runtime, session, conversationCap, tokens, query.asOf);
    earlierTurns = working.overflow;
    // Newest first: when the budget is short, the latest turns are the ones kept.
    working.turns.forEach((turn, i) => {
      inWindow.add(turn.record.id);
      candidates.unshift({
        record: turn.record,
        section: "conversation",
        line: `[${minute(turn.record.occurredAt)}] ${turn.line}`,
        tokens: 0,
        windowTokens: turn.tokens,
        priority: 1 + i / (working.turns.length + 1),
      });
    });
  }

  const recalled = await recall({
    query: query.query,
    ...scope,
    k: runtime.options.contextCandidates,
    kinds: query.kinds,
    ...(query.asOf === undefined ? {} : { asOf: query.asOf, to: query.asOf, now: query.asOf }),
  });
  const carried = new Set<string>();
  for (const memory of recalled.results) {
    candidates.push(...carriedFacts(memory, carried));
    if (inWindow.has(memory.id)) continue;
    candidates.push({
      record: { id: memory.id, kind: memory.kind, occurredAt: Date.parse(memory.occurredAt) },
      section: memory.kind === "fact" ? "facts" : "memories",
      line: recalledLine(memory),
      tokens: 0,
      weight: memory.weight,
      explanation: { reasons: memory.reasons, breakdown: memory.breakdown },
      priority: memory.weight,
    });
  }
  for (const candidate of candidates) candidate.tokens = tokens.count(candidate.line);

  const packed = packWithinBudget(candidates, query.budget, conversationCap, tokens);
  return {
    query: query.query,
    text: packed.text,
    tokens: packed.tokens,
    budget: query.budget,
    encoding: tokens.encoding,
    sections: packed.sections,
    omitted: candidates.length - packed.selection.length + earlierTurns,
    asOf: isoTime(now),
  };
}
