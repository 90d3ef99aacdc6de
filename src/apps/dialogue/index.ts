/** The dialogue app: a chat that remembers people, places, preferences and plans across sessions, with or without an LLM. */

export { answerSentence } from "./answer-sentence.js";
export type {
  DialogueApp,
  DialogueAppOptions,
  DialogueMode,
  DialogueRecalled,
  DialogueTurnInput,
  DialogueTurnResult,
  DialogueUsage,
} from "./dialogue-app.js";
export { createDialogueApp, dialogueTurnInputSchema } from "./dialogue-app.js";
export type { DialoguePromptInput } from "./dialogue-prompt.js";
export { buildDialoguePrompt, DIALOGUE_SYSTEM_PROMPT } from "./dialogue-prompt.js";
export type { FactQuestion, QuestionSubject } from "./fact-question.js";
export { looksLikeQuestion, parseFactQuestion } from "./fact-question.js";
export type { AnswerScope, MemoryAnswer } from "./fact-reading.js";
export { answerFromMemory } from "./memory-answerer.js";
