/** `engram-memory/langchain`: Engram for LangChain.js (a retriever, a chat message history, tools). Needs `@langchain/core`. */
export type { EngramScope } from "../engram-scope.js";
export type { EngramChatMessageHistoryOptions } from "./engram-chat-history.js";
export { createEngramChatMessageHistory, EngramChatMessageHistory } from "./engram-chat-history.js";
export type { EngramDocumentMetadata, EngramRetrieverOptions } from "./engram-retriever.js";
export { createEngramRetriever, EngramRetriever } from "./engram-retriever.js";
export type { EngramLangChainToolsOptions } from "./engram-tools.js";
export { createEngramTools } from "./engram-tools.js";
