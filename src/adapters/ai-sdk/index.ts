/** `engram-memory/ai-sdk`: Engram for the Vercel AI SDK (tools and a language-model middleware). Needs `ai` and `zod`. */

export type { EngramScope } from "../engram-scope.js";
export type { EngramCallMetadata, EngramMiddlewareOptions } from "./engram-middleware.js";
export { engramMiddleware } from "./engram-middleware.js";
export type { EngramTools, EngramToolsOptions, RecalledForTool } from "./engram-tools.js";
export { engramTools } from "./engram-tools.js";
