/** The scope every adapter reads and writes in: one user (and optionally a tenant, an agent and a session) of one engine. */
import type { Engine } from "../index.js";

/** Whose memories an adapter reads and writes. The engine enforces the scope in every query. */
export interface EngramScope {
  /** The engine, from `openEngram()` or `createEngine()`. */
  engram: Engine;
  /** The user whose memories these are: recall never reads another user's. */
  user: string;
  tenant?: string;
  agent?: string;
}

/** The scope fields an engine call takes, without `undefined` ones (the engine's inputs are strict). */
export function scopeOf(
  scope: Pick<EngramScope, "user" | "tenant" | "agent">,
  session?: string,
): { user: string; tenant?: string; agent?: string; session?: string } {
  return {
    user: scope.user,
    ...(scope.tenant === undefined ? {} : { tenant: scope.tenant }),
    ...(scope.agent === undefined ? {} : { agent: scope.agent }),
    ...(session === undefined ? {} : { session }),
  };
}
