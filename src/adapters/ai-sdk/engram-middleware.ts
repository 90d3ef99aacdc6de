/**
 * A language-model middleware for the AI SDK's `wrapLanguageModel`: before the call, recall for the latest user
 * message and put Engram's context block into the prompt (within a token budget); after it, remember the user's
 * and the assistant's turns, streaming included. What was recalled and why goes to `onContext` and to the result's
 * `providerMetadata.engram`.
 */
import type { LanguageModelMiddleware } from "ai";
import type { ContextBlock, Engine } from "../../index.js";
import { type EngramScope, scopeOf } from "../engram-scope.js";

type TransformParams = NonNullable<LanguageModelMiddleware["transformParams"]>;
type CallOptions = Parameters<TransformParams>[0]["params"];
type PromptMessage = CallOptions["prompt"][number];
type WrapGenerate = NonNullable<LanguageModelMiddleware["wrapGenerate"]>;
type GenerateResult = Awaited<ReturnType<WrapGenerate>>;
type ProviderMetadataEntry = NonNullable<GenerateResult["providerMetadata"]>[string];
type WrapStream = NonNullable<LanguageModelMiddleware["wrapStream"]>;
type StreamPart = Awaited<ReturnType<WrapStream>>["stream"] extends ReadableStream<infer Part> ? Part : never;

export interface EngramMiddlewareOptions extends EngramScope {
  /** The conversation this call belongs to: turns are remembered in it. */
  session?: string;
  /** The most tokens the injected context block may take (o200k_base, headers included). Default 1000. */
  budget?: number;
  /**
   * Put the session's latest turns from Engram into the block too (Engram's working memory). Leave it off when the
   * app sends the whole conversation with every call (as `useChat` does); turn it on when it sends only the new
   * message. Default false.
   */
  sessionTurns?: boolean;
  /** Remember the user's and the assistant's turns after each call. Default true. */
  remember?: boolean;
  /** The user's name, so that "I" and "my" in their turns are resolved to them. Default: none (role "user"). */
  userName?: string;
  /** The assistant's name as a speaker. Default: none (role "assistant"). */
  assistantName?: string;
  /** The line put above the block in the system message. */
  instructions?: string;
  /** Called with the context block (every recalled line with its weight, reasons and score breakdown). */
  onContext?: (block: ContextBlock) => void;
}

/** What `providerMetadata.engram` holds after a call through the middleware. */
export interface EngramCallMetadata {
  query: string | null;
  tokens: number;
  budget: number;
  items: { id: string; section: string; text: string; weight: number | null; reasons: string[] }[];
  /** Ids of the turns remembered after the call (generate only: a stream's finish part is sent before the write). */
  remembered?: string[];
}

const DEFAULT_INSTRUCTIONS =
  "What you remember about this user from earlier conversations (Engram memory; use it when it is relevant):";

interface CallState {
  query: string | null;
  /** The latest message is the user's: this call answers it, so the user's turn is remembered after it. */
  answersUser: boolean;
  block: ContextBlock | null;
  /** When the call started: the user's turn is dated then, the answer after it, so they read back in order. */
  startedAt: number;
}

/** The text parts of a message, joined. */
function textOf(message: PromptMessage): string {
  if (typeof message.content === "string") return message.content;
  return message.content
    .flatMap((part) => (part.type === "text" && typeof part.text === "string" ? [part.text] : []))
    .join("\n")
    .trim();
}

function metadataOf(state: CallState, budget: number, remembered?: string[]): EngramCallMetadata {
  const items = (state.block?.sections ?? []).flatMap((section) =>
    section.items.map((item) => ({
      id: item.id,
      section: section.name,
      text: item.text,
      weight: item.weight ?? null,
      reasons: item.reasons ?? [],
    })),
  );
  return {
    query: state.query,
    tokens: state.block?.tokens ?? 0,
    budget,
    items,
    ...(remembered ? { remembered } : {}),
  };
}

/** The prompt with the block as a system message after the leading system messages (where providers accept it). */
function withBlock(prompt: CallOptions["prompt"], content: string): CallOptions["prompt"] {
  const at = prompt.findIndex((message) => message.role !== "system");
  const index = at === -1 ? prompt.length : at;
  return [...prompt.slice(0, index), { role: "system", content }, ...prompt.slice(index)];
}

async function rememberTurns(
  engram: Engine,
  options: EngramMiddlewareOptions,
  state: CallState,
  answer: string,
): Promise<string[]> {
  const scope = scopeOf(options, options.session);
  const user = options.userName ? { speaker: options.userName } : {};
  const assistant = options.assistantName ? { speaker: options.assistantName } : {};
  const turns = [
    ...(state.answersUser && state.query
      ? [{ text: state.query, role: "user", at: state.startedAt, ...user }]
      : []),
    // the answer is dated after the question, so the two read back in order
    ...(answer.trim()
      ? [{ text: answer, role: "assistant", at: Math.max(Date.now(), state.startedAt + 1), ...assistant }]
      : []),
  ];
  if (turns.length === 0) return [];
  const result = await engram.remember(
    // each turn is stored as said, even when an earlier session has one like it ("thanks!"): a session reads back whole
    turns.map((turn) => ({ ...turn, ...scope, source: "ai-sdk:middleware", dedupe: false })),
  );
  return result.items.map((item) => item.id);
}

/**
 * Memory for any AI SDK model: `wrapLanguageModel({ model, middleware: engramMiddleware({ engram, user }) })`.
 * @example
 * const model = wrapLanguageModel({ model: openai("gpt-4o-mini"), middleware: engramMiddleware({ engram, user: "ana", session: "s2" }) });
 * const { text, providerMetadata } = await generateText({ model, prompt: "Where do I live?" });
 * // providerMetadata.engram.items: each recalled line with its weight and reasons
 */
export function engramMiddleware(options: EngramMiddlewareOptions): LanguageModelMiddleware {
  const { engram } = options;
  const budget = options.budget ?? 1000;
  const states = new WeakMap<CallOptions, CallState>();
  const scope = scopeOf(options, options.sessionTurns ? options.session : undefined);

  async function prepare(params: CallOptions): Promise<CallOptions> {
    const prompt = params.prompt;
    const lastUser = [...prompt].reverse().find((message) => message.role === "user");
    const query = lastUser ? textOf(lastUser) || null : null;
    const state: CallState = {
      query,
      answersUser: prompt.at(-1)?.role === "user",
      block: null,
      startedAt: Date.now(),
    };
    let next = params;
    if (query) {
      state.block = await engram.context({ query, ...scope, budget });
      options.onContext?.(state.block);
      if (state.block.text !== "") {
        next = {
          ...params,
          prompt: withBlock(prompt, `${options.instructions ?? DEFAULT_INSTRUCTIONS}\n\n${state.block.text}`),
        };
      }
    }
    states.set(next, state);
    return next;
  }

  function engramMetadata(metadata: EngramCallMetadata): { engram: ProviderMetadataEntry } {
    return { engram: metadata as unknown as ProviderMetadataEntry };
  }

  return {
    specificationVersion: "v4",
    transformParams: async ({ params }) => prepare(params),

    wrapGenerate: async ({ doGenerate, params }) => {
      const result: GenerateResult = await doGenerate();
      const state = states.get(params);
      if (!state) return result;
      const answer = result.content
        .flatMap((part) => (part.type === "text" ? [part.text] : []))
        .join("")
        .trim();
      const remembered =
        options.remember === false ? [] : await rememberTurns(engram, options, state, answer);
      return {
        ...result,
        providerMetadata: {
          ...result.providerMetadata,
          ...engramMetadata(metadataOf(state, budget, remembered)),
        },
      };
    },

    wrapStream: async ({ doStream, params }) => {
      const result = await doStream();
      const state = states.get(params);
      if (!state) return result;
      let answer = "";
      const stream = result.stream.pipeThrough(
        new TransformStream<StreamPart, StreamPart>({
          transform(part, controller) {
            if (part.type === "text-delta") answer += part.delta;
            if (part.type === "finish") {
              controller.enqueue({
                ...part,
                providerMetadata: { ...part.providerMetadata, ...engramMetadata(metadataOf(state, budget)) },
              });
              return;
            }
            controller.enqueue(part);
          },
          // the stream ends once the turns are stored, so a reader that drained it can recall them at once
          async flush() {
            if (options.remember !== false) await rememberTurns(engram, options, state, answer.trim());
          },
        }),
      );
      return { ...result, stream };
    },
  };
}
