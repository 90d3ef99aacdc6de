/** The engine's public surface. */

export type { Engine, EngineConfig, ImportProgress, ImportResult, RememberResult } from "./engine.js";
export { createEngine } from "./engine.js";
export type { RecalledMemory, RecallResult, ScoreBreakdown } from "./recall.js";
export type {
  EngineOptions,
  EngineOptionsInput,
  ForgetInput,
  RecallInput,
  RememberInput,
} from "./schemas.js";
export {
  engineOptionsSchema,
  forgetInputSchema,
  recallInputSchema,
  rememberInputSchema,
} from "./schemas.js";
export type { WriteOutcome } from "./write-path.js";
