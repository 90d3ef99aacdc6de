/** Which LoCoMo dialogue turns a recalled memory stands for: an episode its own, a derived fact its sources'. */
import type { Store } from "../spec/store.js";

/** The dialogue ids each ranked memory holds (a reinforced memory holds every turn that told it). */
export async function sourcesOf(store: Store, tenant: string, ids: string[]): Promise<string[][]> {
  const records = await store.get(tenant, ids);
  return records.map((r) => r.sources.map((s) => s.source).filter((s): s is string => s !== null));
}

/**
 * The dialogue ids each recalled memory stands for. An episode holds the turns that told it; a derived fact holds the
 * episodes it was derived from (its provenance), and so stands for their turns.
 */
export async function recalledTurns(
  store: Store,
  tenant: string,
  results: { kind: string; sources: { source: string | null }[] }[],
): Promise<string[][]> {
  const named = (sources: { source: string | null }[]) =>
    sources.map((s) => s.source).filter((s): s is string => s !== null);
  const episodeIds = [...new Set(results.filter((r) => r.kind === "fact").flatMap((r) => named(r.sources)))];
  const episodes = new Map((await store.get(tenant, episodeIds)).map((e) => [e.id, named(e.sources)]));
  return results.map((r) =>
    r.kind === "fact" ? named(r.sources).flatMap((id) => episodes.get(id) ?? []) : named(r.sources),
  );
}
