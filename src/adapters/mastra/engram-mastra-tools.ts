/** Engram's remember, recall and forget as Mastra tools; the user is the agent call's resource, the session its thread. */
import { createTool } from "@mastra/core/tools";
import { z } from "zod";
import type { Engine } from "../../index.js";

export interface EngramMastraToolsOptions {
  engram: Engine;
  /** The Engram scope of an agent call; throws when the call names no resource. */
  scope: (
    resourceId: string | undefined,
    threadId?: string,
  ) => { user: string; tenant?: string; agent?: string; session?: string };
}

/** The three tools a Mastra agent gets with EngramMemory: `remember`, `recall`, `forget`. */
export function createEngramMastraTools({ engram, scope }: EngramMastraToolsOptions) {
  return {
    remember: createTool({
      id: "remember",
      description:
        "Remember something worth keeping about the user (a fact, a preference, a plan), in one sentence.",
      inputSchema: z.object({ text: z.string().min(1).max(10_000).describe("What to remember") }),
      execute: async ({ text }, context) => {
        const where = scope(context?.agent?.resourceId, context?.agent?.threadId);
        const result = await engram.remember({ text, ...where, source: "mastra:remember-tool" });
        return { stored: result.items.map((item) => ({ id: item.id, action: item.action })) };
      },
    }),
    recall: createTool({
      id: "recall",
      description:
        "Recall what you remember about the user for a question, with each memory's weight and reasons.",
      inputSchema: z.object({
        query: z.string().min(1).max(10_000).describe("The question or topic"),
        k: z.number().int().min(1).max(50).optional(),
      }),
      execute: async ({ query, k }, context) => {
        const result = await engram.recall({ query, ...scope(context?.agent?.resourceId), k: k ?? 5 });
        return {
          memories: result.results.map((memory) => ({
            id: memory.id,
            text: memory.text,
            weight: Number(memory.weight.toFixed(4)),
            reasons: memory.reasons,
          })),
        };
      },
    }),
    forget: createTool({
      id: "forget",
      description: "Forget memories by id (ids come from recall), when the user asks to forget something.",
      inputSchema: z.object({ ids: z.array(z.string().min(1).max(256)).min(1).max(100) }),
      execute: async ({ ids }, context) => engram.forget({ ids, ...scope(context?.agent?.resourceId) }),
    }),
  };
}
