/** Forgetting by ids or by scope: the facts told only by the forgotten episodes go with them, and so does feedback. */
import { DEFAULT_TENANT } from "../spec/memory.js";
import type { EngineRuntime } from "./engine-runtime.js";
import { type ForgetInput, forgetInputSchema } from "./schemas.js";
import { parseInput } from "./validate.js";

/** Validates `input`, removes what it selects and returns the removed ids. */
export async function forgetMemories(
  runtime: EngineRuntime,
  input: ForgetInput,
): Promise<{ removed: string[] }> {
  const { store } = runtime;
  const selector = parseInput(forgetInputSchema, input);
  const tenant = selector.tenant ?? DEFAULT_TENANT;
  // facts told only by the forgotten episodes go with them
  const derived =
    selector.ids && store.graph ? await store.graph.factsDerivedOnlyFrom(tenant, selector.ids) : [];
  const ids = selector.ids
    ? [...selector.ids, ...derived.filter((id) => !selector.ids?.includes(id))]
    : undefined;
  const removed = await store.forget({ ...selector, ...(ids ? { ids } : {}), tenant });
  // feedback names memory ids: a forgotten memory leaves it too
  await store.learning.forgetInFeedback(tenant, removed);
  return { removed };
}
