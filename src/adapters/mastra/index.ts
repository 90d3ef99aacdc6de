/** `engram-memory/mastra`: Engram as a Mastra agent's memory (recall, working memory, tools). Needs `@mastra/core`. */
export type { EngramMastraToolsOptions } from "./engram-mastra-tools.js";
export { createEngramMastraTools } from "./engram-mastra-tools.js";
export type { EngramMemoryOptions } from "./engram-memory.js";
export { createEngramMemory, EngramMemory } from "./engram-memory.js";
