/**
 * A LangChain.js chat message history backed by an Engram session: every message is a turn (an episode with its
 * role), so what is said in one session is recalled in the next. Text only: tool calls and images are not turns.
 */
import { BaseListChatMessageHistory } from "@langchain/core/chat_history";
import { AIMessage, type BaseMessage, HumanMessage, SystemMessage } from "@langchain/core/messages";
import type { Engine, MemoryRecord } from "../../index.js";
import { type EngramScope, scopeOf } from "../engram-scope.js";

export interface EngramChatMessageHistoryOptions extends EngramScope {
  /** The conversation: one Engram session. */
  session: string;
  /** Only the latest this many messages come back from getMessages(). Default all. */
  last?: number;
  /** The user's name as the speaker of their turns (so "I" in them resolves to the user). Default none. */
  userName?: string;
}

const ROLE_OF_TYPE: Record<string, string> = { human: "user", ai: "assistant", system: "system" };

function toMessage(record: MemoryRecord): BaseMessage {
  const fields = { content: record.text, id: record.id };
  if (record.role === "assistant") return new AIMessage(fields);
  if (record.role === "system") return new SystemMessage(fields);
  return new HumanMessage(fields);
}

/**
 * Chat history in Engram: `addMessages` remembers, `getMessages` reads the session back oldest first, `clear`
 * forgets the session.
 * @example
 * const history = new EngramChatMessageHistory({ engram, user: "ana", session: "2024-05-01" });
 * await history.addMessages([new HumanMessage("I moved to Lisbon"), new AIMessage("Nice!")]);
 */
export class EngramChatMessageHistory extends BaseListChatMessageHistory {
  lc_namespace = ["engram", "chat_history"];
  private readonly engram: Engine;
  private readonly options: EngramChatMessageHistoryOptions;
  private readonly scope: ReturnType<typeof scopeOf>;

  constructor(options: EngramChatMessageHistoryOptions) {
    super();
    this.engram = options.engram;
    this.options = options;
    this.scope = scopeOf(options, options.session);
  }

  override async getMessages(): Promise<BaseMessage[]> {
    const turns = await this.engram.turns({
      ...this.scope,
      session: this.options.session,
      ...(this.options.last === undefined ? {} : { last: this.options.last }),
    });
    return turns.map(toMessage);
  }

  override async addMessage(message: BaseMessage): Promise<void> {
    await this.addMessages([message]);
  }

  /** One write (one transaction) for the batch; messages without text (a bare tool call) are not turns. */
  override async addMessages(messages: BaseMessage[]): Promise<void> {
    const base = Date.now();
    const turns = messages
      .map((message) => ({
        role: ROLE_OF_TYPE[message.getType()] ?? message.getType(),
        text: message.text.trim(),
      }))
      .filter((turn) => turn.text !== "" && turn.role !== "tool")
      // one millisecond apart, so a batch reads back in the order it was written
      .map((turn, i) => ({
        ...turn,
        ...this.scope,
        at: base + i,
        source: "langchain:chat-history",
        // a turn is stored as said, even when another session has one like it: the history reads back whole
        dedupe: false,
        ...(turn.role === "user" && this.options.userName ? { speaker: this.options.userName } : {}),
      }));
    if (turns.length > 0) await this.engram.remember(turns);
  }

  override async clear(): Promise<void> {
    await this.engram.forget(this.scope);
  }
}

/** A chat history over one Engram session. */
export function createEngramChatMessageHistory(
  options: EngramChatMessageHistoryOptions,
): EngramChatMessageHistory {
  return new EngramChatMessageHistory(options);
}
