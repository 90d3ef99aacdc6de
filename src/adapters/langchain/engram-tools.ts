/** Engram's remember, recall and forget as LangChain.js tools (zod schemas), scoped to one user. */
import { type StructuredToolInterface, tool } from "@langchain/core/tools";
import { z } from "zod";
import { type EngramScope, scopeOf } from "../engram-scope.js";

export interface EngramLangChainToolsOptions extends EngramScope {
  /** The conversation that `remember` writes into. */
  session?: string;
}

/**
 * Three tools to bind to a chat model (`model.bindTools(tools)`); each returns JSON text for the ToolMessage.
 * @example
 * const tools = createEngramTools({ engram, user: "ana" });
 * const reply = await model.bindTools(tools).invoke(messages);
 */
export function createEngramTools(options: EngramLangChainToolsOptions): StructuredToolInterface[] {
  const { engram } = options;
  const userScope = scopeOf(options);
  const writeScope = scopeOf(options, options.session);
  return [
    tool(
      async ({ text }) => {
        const result = await engram.remember({ text, ...writeScope, source: "langchain:remember-tool" });
        return JSON.stringify({ stored: result.items.map((item) => ({ id: item.id, action: item.action })) });
      },
      {
        name: "remember",
        description:
          "Remember something worth keeping about the user (a fact, a preference, a plan), in one sentence.",
        schema: z.object({ text: z.string().min(1).max(10_000).describe("What to remember") }),
      },
    ),
    tool(
      async ({ query, k }) => {
        const result = await engram.recall({ query, ...userScope, k: k ?? 5 });
        return JSON.stringify({
          memories: result.results.map((memory) => ({
            id: memory.id,
            text: memory.text,
            weight: Number(memory.weight.toFixed(4)),
            reasons: memory.reasons,
          })),
        });
      },
      {
        name: "recall",
        description:
          "Recall what you remember about the user for a question, with each memory's weight and reasons.",
        schema: z.object({
          query: z.string().min(1).max(10_000).describe("The question or topic"),
          k: z.number().int().min(1).max(50).optional().describe("How many memories at most"),
        }),
      },
    ),
    tool(async ({ ids }) => JSON.stringify(await engram.forget({ ids, ...userScope })), {
      name: "forget",
      description: "Forget memories by id (ids come from recall), when the user asks to forget something.",
      schema: z.object({ ids: z.array(z.string().min(1).max(256)).min(1).max(100) }),
    }),
  ];
}
