/**
 * Engram as a Mastra agent's memory (`new Agent({ memory: new EngramMemory({ engram }) })`), on Mastra's own
 * MastraMemory contract. Semantic recall and working memory come from Engram: before each call an input processor
 * puts Engram's context block (the user's facts, then the memories recalled for the latest message) into the system
 * prompt; after it an output processor remembers the user's and the assistant's turns (resource = Engram user,
 * thread = Engram session); Mastra's working-memory calls read and write Engram facts. Threads and the raw message
 * list (tool-call parts, ids, titles) stay in a Mastra storage, by default the in-memory one: Engram keeps turns as
 * text and has no thread records, so it does not pretend to be Mastra's message store.
 */
import { MastraMemory, type MemoryConfig, type StorageThreadType } from "@mastra/core/memory";
import type { InputProcessor, OutputProcessor } from "@mastra/core/processors";
import type { RequestContext } from "@mastra/core/request-context";
import { InMemoryStore, type MastraCompositeStore, type MemoryStorage } from "@mastra/core/storage";
import type { ContextBlock, Engine } from "../../index.js";
import { invalidInput } from "../../spec/errors.js";
import { createEngramMastraTools } from "./engram-mastra-tools.js";

export interface EngramMemoryOptions {
  engram: Engine;
  tenant?: string;
  agent?: string;
  /** Where Mastra keeps threads and their messages. Default: a new in-memory Mastra store. */
  storage?: MastraCompositeStore;
  /** The most tokens Engram's block may take in the prompt. Default 1000. */
  budget?: number;
  /** Latest messages of the thread Mastra puts back into the prompt (its message history). Default 10. */
  lastMessages?: number | false;
  /** Give the agent Engram's remember, recall and forget tools. Default true. */
  tools?: boolean;
  /** Called with each context block put into a prompt (recalled lines with weights and reasons). */
  onContext?: (block: ContextBlock) => void;
  /** The line put above the block. */
  instructions?: string;
}

interface MemoryContext {
  thread?: { id: string };
  resourceId?: string;
}

type Message = Parameters<NonNullable<InputProcessor["processInput"]>>[0]["messages"][number];

const DEFAULT_INSTRUCTIONS =
  "What you remember about this user from earlier conversations (Engram memory; use it when it is relevant):";

function textOf(message: Message): string {
  const parts = message.content.parts.flatMap((part) =>
    part.type === "text" && typeof part.text === "string" ? [part.text] : [],
  );
  const text = parts.length > 0 ? parts.join("\n") : (message.content.content ?? "");
  return typeof text === "string" ? text.trim() : "";
}

function memoryContextOf(requestContext: RequestContext | undefined): MemoryContext {
  const value = requestContext?.get("MastraMemory");
  return typeof value === "object" && value !== null ? (value as MemoryContext) : {};
}

/**
 * A Mastra memory whose recall and working memory are Engram's.
 * @example
 * const agent = new Agent({ id: "assistant", name: "Assistant", instructions: "…", model, memory: new EngramMemory({ engram }) });
 * await agent.generate("Where do I live?", { memory: { resource: "ana", thread: "2024-05-01" } });
 */
export class EngramMemory extends MastraMemory {
  private readonly engram: Engine;
  private readonly settings: EngramMemoryOptions;

  constructor(options: EngramMemoryOptions) {
    super({
      name: "engram",
      storage: options.storage ?? new InMemoryStore(),
      options: {
        lastMessages: options.lastMessages ?? 10,
        semanticRecall: false,
        workingMemory: { enabled: false },
      },
    });
    this._hasOwnStorage = true;
    this.engram = options.engram;
    this.settings = options;
  }

  private scope(resourceId: string | undefined, threadId?: string) {
    if (!resourceId) {
      throw invalidInput(
        "Engram needs to know whose memory this is: call the agent with { memory: { resource: userId, thread: threadId } }",
      );
    }
    return {
      user: resourceId,
      ...(this.settings.tenant === undefined ? {} : { tenant: this.settings.tenant }),
      ...(this.settings.agent === undefined ? {} : { agent: this.settings.agent }),
      ...(threadId === undefined ? {} : { session: threadId }),
    };
  }

  private async memoryStore(): Promise<MemoryStorage> {
    const store = await this.storage.getStore("memory");
    if (!store)
      throw invalidInput("the Mastra storage given to EngramMemory has no memory domain: pass one that does");
    return store;
  }

  // Engram's part: recall into the prompt before the call, remember the turns after it

  override async getInputProcessors(
    configured?: Parameters<MastraMemory["getInputProcessors"]>[0],
    context?: RequestContext,
  ): Promise<InputProcessor[]> {
    const memory = this;
    const recallProcessor: InputProcessor = {
      id: "engram-recall",
      name: "Engram recall",
      async processInput({ messages, messageList, requestContext }) {
        const { resourceId } = memoryContextOf(requestContext ?? context);
        const latest = [...messages].reverse().find((message) => message.role === "user");
        const query = latest ? textOf(latest) : "";
        if (!resourceId || query === "") return messageList;
        const block = await memory.engram.context({
          query,
          ...memory.scope(resourceId),
          budget: memory.settings.budget ?? 1000,
        });
        memory.settings.onContext?.(block);
        if (block.text !== "") {
          messageList.addSystem(
            `${memory.settings.instructions ?? DEFAULT_INSTRUCTIONS}\n\n${block.text}`,
            "engram",
          );
        }
        return messageList;
      },
    };
    return [...(await super.getInputProcessors(configured, context)), recallProcessor];
  }

  override async getOutputProcessors(
    configured?: Parameters<MastraMemory["getOutputProcessors"]>[0],
    context?: RequestContext,
  ): Promise<OutputProcessor[]> {
    const memory = this;
    const rememberProcessor: OutputProcessor = {
      id: "engram-remember",
      name: "Engram remember",
      async processOutputResult({ messageList, result, requestContext }) {
        const { resourceId, thread } = memoryContextOf(requestContext ?? context);
        if (!resourceId) return messageList;
        const input = messageList.get.input.db().filter((message) => message.role === "user");
        const scope = memory.scope(resourceId, thread?.id);
        // the user's turns keep the time they were sent; the answer comes after them (and after any tool's note)
        const said = input.map((message) => ({
          text: textOf(message),
          role: "user",
          at: new Date(message.createdAt).getTime() || Date.now(),
        }));
        const answeredAt = Math.max(Date.now(), ...said.map((turn) => turn.at + 1));
        const turns = [...said, { text: result.text.trim(), role: "assistant", at: answeredAt }]
          .filter((turn) => turn.text !== "")
          .map((turn) => ({ ...turn, ...scope, source: "mastra:agent", dedupe: false }));
        if (turns.length > 0) await memory.engram.remember(turns);
        return messageList;
      },
    };
    return [...(await super.getOutputProcessors(configured, context)), rememberProcessor];
  }

  override listTools(_config?: MemoryConfig): ReturnType<MastraMemory["listTools"]> {
    if (this.settings.tools === false) return {};
    return createEngramMastraTools({
      engram: this.engram,
      scope: (resourceId, threadId) => this.scope(resourceId, threadId),
    });
  }

  // working memory: what Engram knows as the user's current facts; an update is remembered and its facts derived

  override async getWorkingMemory({
    resourceId,
  }: {
    threadId: string;
    resourceId?: string;
  }): Promise<string | null> {
    if (!resourceId) return null;
    const facts = await this.engram.facts(this.scope(resourceId));
    return facts.length === 0 ? null : facts.map((fact) => `- ${fact.text}`).join("\n");
  }

  override async getWorkingMemoryTemplate(): Promise<null> {
    return null;
  }

  override async updateWorkingMemory({
    threadId,
    resourceId,
    workingMemory,
  }: {
    threadId: string;
    resourceId?: string;
    workingMemory: string;
  }): Promise<void> {
    if (workingMemory.trim() === "") return;
    await this.engram.remember({
      text: workingMemory,
      ...this.scope(resourceId, threadId),
      source: "mastra:working-memory",
    });
  }

  override async __experimental_updateWorkingMemoryVNext(input: {
    threadId: string;
    resourceId?: string;
    workingMemory: string;
  }): Promise<{ success: boolean; reason: string }> {
    await this.updateWorkingMemory(input);
    return { success: true, reason: "remembered in Engram; its facts are derived from it" };
  }

  // threads and the raw message list: Mastra's storage, unchanged; deleting a thread forgets its Engram session too

  override async getThreadById({ threadId }: { threadId: string }): Promise<StorageThreadType | null> {
    return (await this.memoryStore()).getThreadById({ threadId });
  }

  override async listThreads(args: Parameters<MastraMemory["listThreads"]>[0]) {
    return (await this.memoryStore()).listThreads(args);
  }

  override async saveThread({ thread }: { thread: StorageThreadType }): Promise<StorageThreadType> {
    return (await this.memoryStore()).saveThread({ thread });
  }

  override async updateThread({
    id,
    title,
    metadata,
  }: {
    id: string;
    title?: string;
    metadata?: Record<string, unknown>;
  }): Promise<StorageThreadType> {
    return (await this.memoryStore()).patchThread({
      id,
      ...(title === undefined ? {} : { title }),
      metadata,
    });
  }

  override async deleteThread(threadId: string): Promise<void> {
    const store = await this.memoryStore();
    const thread = await store.getThreadById({ threadId });
    await store.deleteThread({ threadId });
    if (thread?.resourceId) await this.engram.forget(this.scope(thread.resourceId, threadId));
  }

  override async saveMessages({ messages }: Parameters<MastraMemory["saveMessages"]>[0]) {
    return (await this.memoryStore()).saveMessages({
      messages: messages.filter((message) => message.role !== "system"),
    });
  }

  override async recall(args: Parameters<MastraMemory["recall"]>[0]) {
    const {
      threadConfig: _config,
      vectorSearchString: _search,
      includeSystemReminders: _r,
      hideSignals: _h,
      ...list
    } = args;
    const result = await (await this.memoryStore()).listMessages(list);
    return { ...result, messages: result.messages.filter((message) => message.role !== "system") };
  }

  override async deleteMessages(ids: Parameters<MastraMemory["deleteMessages"]>[0]): Promise<void> {
    const list = Array.isArray(ids) ? ids.map((item) => (typeof item === "string" ? item : item.id)) : [ids];
    await (await this.memoryStore()).deleteMessages(list as string[]);
  }

  override async cloneThread(args: Parameters<MastraMemory["cloneThread"]>[0]) {
    return (await this.memoryStore()).cloneThread(args);
  }
}

/** Engram as a Mastra memory. */
export function createEngramMemory(options: EngramMemoryOptions): EngramMemory {
  return new EngramMemory(options);
}
