/**
 * Strength as the guide's gated update: stored as of `lastSeenAt`, it decays with a half-life from then (the forget
 * gate) and a recall moves it towards 1 by the attention weight the memory received (the input gate).
 */
import { halfLifeDecay, updateStrength } from "../../mechanisms/decay.js";
import type { MemoryRecord } from "../../spec/memory.js";
import type { MemoryPatch } from "../../spec/store.js";
import { DAY_MS, type EngineRuntime } from "../engine-runtime.js";
import type { EngineOptions } from "../schemas.js";

/** Reinforcements smaller than this are not written: they would not change a strength at two decimals. */
export const MIN_RECALL_REINFORCEMENT = 1e-3;

/** Strength decayed from `lastSeenAt` to `now`: s·2^(−(now − lastSeenAt)/half-life). */
export function effectiveStrength(
  record: Pick<MemoryRecord, "strength" | "lastSeenAt">,
  now: number,
  options: Pick<EngineOptions, "strengthHalfLifeDays">,
): number {
  return record.strength * halfLifeDecay(now - record.lastSeenAt, options.strengthHalfLifeDays * DAY_MS);
}

/**
 * The patch a recall applies to one memory: decay to `now`, then the input gate with r = recallGain × weight.
 * Null when the reinforcement is too small to matter (the decay alone needs no write: it is computed on read).
 */
export function recallPatch(
  record: Pick<MemoryRecord, "id" | "strength" | "lastSeenAt">,
  weight: number,
  now: number,
  options: Pick<EngineOptions, "strengthHalfLifeDays" | "recallGain">,
): MemoryPatch | null {
  const reinforcement = options.recallGain * weight;
  if (!(reinforcement >= MIN_RECALL_REINFORCEMENT)) return null;
  const at = Math.max(record.lastSeenAt, now);
  const strength = updateStrength(
    record.strength,
    at - record.lastSeenAt,
    options.strengthHalfLifeDays * DAY_MS,
    reinforcement,
  );
  return { id: record.id, strength, lastSeenAt: at };
}

/**
 * Reinforce the memories a recall returned, each by the weight it received, in one store call.
 * Returns the patches written.
 */
export async function reinforceRecalled(
  runtime: EngineRuntime,
  tenant: string,
  recalled: { record: MemoryRecord; weight: number }[],
  now: number,
): Promise<MemoryPatch[]> {
  const patches = recalled.flatMap(({ record, weight }) => {
    const patch = recallPatch(record, weight, now, runtime.options);
    return patch ? [patch] : [];
  });
  if (patches.length > 0) await runtime.store.updateMemories(tenant, patches);
  return patches;
}
