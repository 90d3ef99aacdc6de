/** `engram-memory/langgraph`: Engram as a LangGraph.js long-term memory store (BaseStore). Needs `@langchain/langgraph`. */
export type { EngramStoreOptions } from "./engram-store.js";
export { createEngramStore, EngramStore } from "./engram-store.js";
