/** Engram's operations as AI SDK tools (remember, recall, forget, context), scoped to one user, with zod input schemas. */
import { type Tool, tool } from "ai";
import { z } from "zod";
import type { ContextBlock, RecalledMemory, WriteOutcome } from "../../index.js";
import { type EngramScope, scopeOf } from "../engram-scope.js";

export interface EngramToolsOptions extends EngramScope {
  /** The conversation the tools' writes belong to. */
  session?: string;
  /** Default number of memories `recall` returns (the model may ask for 1 to 50). */
  k?: number;
  /** Default token budget of the `context` tool's block. */
  budget?: number;
}

/** What the `recall` tool hands the model: each memory with its weight and why it was chosen. */
export interface RecalledForTool {
  id: string;
  text: string;
  kind: string;
  occurredAt: string;
  weight: number;
  reasons: string[];
}

/** The four tools: a plain record, so it spreads into (and is) an AI SDK `ToolSet`. */
export type EngramTools = {
  remember: Tool<{ text: string }, { stored: { id: string; action: WriteOutcome["action"] }[] }>;
  recall: Tool<{ query: string; k?: number | undefined }, { memories: RecalledForTool[] }>;
  forget: Tool<{ ids: string[] }, { removed: string[] }>;
  context: Tool<{ query: string }, Pick<ContextBlock, "text" | "tokens" | "budget" | "omitted">>;
};

function forTool(memory: RecalledMemory): RecalledForTool {
  return {
    id: memory.id,
    text: memory.text,
    kind: memory.kind,
    occurredAt: memory.occurredAt,
    weight: Number(memory.weight.toFixed(4)),
    reasons: memory.reasons,
  };
}

/**
 * Engram as four tools for `generateText` / `streamText`: the model remembers what matters, recalls with reasons,
 * forgets by id (only the user's own memories: the engine checks the scope) and asks for a context block.
 * @example
 * const engram = await openEngram({ db: "./memory.db" });
 * const { text } = await generateText({ model, tools: engramTools({ engram, user: "ana" }), prompt });
 */
export function engramTools(options: EngramToolsOptions): EngramTools {
  const { engram } = options;
  const scope = scopeOf(options, options.session);
  return {
    remember: tool({
      description:
        "Remember something worth keeping about the user or the conversation (a fact, a preference, a plan), in one sentence.",
      inputSchema: z.object({
        text: z.string().min(1).max(10_000).describe("What to remember, as a self-contained sentence"),
      }),
      execute: async ({ text }) => {
        const result = await engram.remember({ text, ...scope, source: "ai-sdk:remember-tool" });
        return { stored: result.items.map((item) => ({ id: item.id, action: item.action })) };
      },
    }),
    recall: tool({
      description:
        "Recall what you remember about the user that is relevant to a question; each memory comes with its weight and reasons.",
      inputSchema: z.object({
        query: z.string().min(1).max(10_000).describe("The question or topic to recall memories for"),
        k: z.number().int().min(1).max(50).optional().describe("How many memories at most"),
      }),
      execute: async ({ query, k }) => {
        const { session: _session, ...userScope } = scope;
        const result = await engram.recall({ query, ...userScope, k: k ?? options.k ?? 5 });
        return { memories: result.results.map(forTool) };
      },
    }),
    forget: tool({
      description:
        "Forget memories by id (ids come from recall). Use when the user asks you to forget something.",
      inputSchema: z.object({
        ids: z.array(z.string().min(1).max(256)).min(1).max(100).describe("Ids of the memories to forget"),
      }),
      execute: async ({ ids }) => {
        const { session: _session, ...userScope } = scope;
        return engram.forget({ ids, ...userScope });
      },
    }),
    context: tool({
      description:
        "Get a prompt-ready summary of what you know about the user for a topic: facts, then relevant memories, within a token budget.",
      inputSchema: z.object({
        query: z.string().min(1).max(10_000).describe("What the context is for"),
      }),
      execute: async ({ query }) => {
        const { session: _session, ...userScope } = scope;
        const block = await engram.context({ query, ...userScope, budget: options.budget ?? 1000 });
        return { text: block.text, tokens: block.tokens, budget: block.budget, omitted: block.omitted };
      },
    }),
  };
}
