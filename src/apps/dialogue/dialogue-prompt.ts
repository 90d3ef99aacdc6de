/** The prompt of the dialogue app: a system message that holds the context block Engram assembled, then the user's turn. */
import type { ChatMessage } from "../../spec/language-model.js";

export interface DialoguePromptInput {
  /** The context block (engine.context): facts, recalled memories, the session's latest turns. */
  context: string;
  /** What the user just said. */
  userText: string;
  /** Who is speaking: the user's name or id. */
  speaker: string;
  /** The time of the turn (ISO), so that "last month" and "yesterday" in memories can be read. */
  now: string;
}

/** The system message's fixed part: a stable prefix a prompt cache can reuse. */
export const DIALOGUE_SYSTEM_PROMPT = [
  "You are a helpful assistant with a long-term memory of your conversations with the user.",
  "Below is what you remember that is relevant now: facts about the user and the people they mention, earlier",
  "conversation turns (dated), and the latest turns of this conversation.",
  "Use these memories when they help: answer questions about the user from them, keep track of the people,",
  "places, preferences and plans they mention, and do not ask again for what you already know.",
  "If the memories and the user disagree, the newer statement wins. If you do not know, say so; never invent",
  "memories. Answer in the language the user writes in, briefly and warmly.",
].join("\n");

/**
 * The messages for one turn: the system prompt with the memories, then the user's message.
 * @example
 * const messages = buildDialoguePrompt({ context: block.text, userText: "Where do I live?", speaker: "ana", now: new Date().toISOString() });
 */
export function buildDialoguePrompt(input: DialoguePromptInput): ChatMessage[] {
  const memories = input.context.trim().length > 0 ? input.context.trim() : "(nothing remembered yet)";
  return [
    {
      role: "system",
      content: [
        DIALOGUE_SYSTEM_PROMPT,
        "",
        `The user is ${input.speaker}. Now: ${input.now}.`,
        "",
        "# What you remember",
        memories,
      ].join("\n"),
    },
    { role: "user", content: input.userText.trim() },
  ];
}
