/**
 * Before an import writes anything: every memory and entity a graph line names must be in the file or already in the
 * store, in the same tenant. A line naming a missing one is bad input (the file was cut or edited), refused with its
 * line number, instead of a foreign-key failure half way through the writes.
 */
import { invalidInput } from "../spec/errors.js";
import type { GraphExportRecord } from "../spec/graph.js";
import type { Store } from "../spec/store.js";

/** A graph line of the file with its 1-based line number. */
export interface NumberedGraphRecord {
  record: GraphExportRecord;
  line: number;
}

interface Wanted {
  line: number;
  what: string;
  kind: "memory" | "entity";
  id: string;
  /** The tenant the id must be in; for a mention, the tenant of its other end. */
  tenant: string | null;
}

function referencesOf({ record, line }: NumberedGraphRecord): Wanted[] {
  const wanted = (what: string, kind: Wanted["kind"], id: string | null, tenant: string | null): Wanted[] =>
    id === null ? [] : [{ line, what, kind, id, tenant }];
  if (record.type === "fact") {
    const { fact } = record;
    return [
      ...wanted("its memory", "memory", fact.memoryId, fact.tenant),
      ...wanted("its subject", "entity", fact.subjectId, fact.tenant),
      ...wanted("its object", "entity", fact.objectId, fact.tenant),
      ...fact.sourceMemoryIds.flatMap((id) => wanted("a source memory", "memory", id, fact.tenant)),
    ];
  }
  if (record.type === "relation") {
    const { relation } = record;
    return [
      ...wanted("its start", "entity", relation.fromId, relation.tenant),
      ...wanted("its end", "entity", relation.toId, relation.tenant),
      ...wanted("its fact", "memory", relation.factId, relation.tenant),
    ];
  }
  if (record.type === "mention") {
    return [
      ...wanted("its entity", "entity", record.mention.entityId, null),
      ...wanted("its memory", "memory", record.mention.memoryId, null),
    ];
  }
  return [];
}

/**
 * Throws `invalid_input` naming the first line (in file order) whose memory or entity is neither in the file nor in
 * the store, in its tenant.
 * @example
 * await checkImportReferences(store, memoriesInFile, graphLines); // line 7: the fact names entity ent_x, …
 */
export async function checkImportReferences(
  store: Store,
  fileMemories: ReadonlyMap<string, string>,
  graphLines: NumberedGraphRecord[],
): Promise<void> {
  const graph = store.graph;
  if (!graph || graphLines.length === 0) return;
  const entities = new Map<string, string>();
  for (const { record } of graphLines)
    if (record.type === "entity") entities.set(record.entity.id, record.entity.tenant);
  const memories = new Map(fileMemories);
  const recordAt = new Map(graphLines.map((g) => [g.line, g.record]));

  const wanted = graphLines.flatMap(referencesOf);
  // entities first: a mention takes its tenant from its entity
  const unknownEntities = wanted.filter((w) => w.kind === "entity" && !entities.has(w.id)).map((w) => w.id);
  if (unknownEntities.length > 0)
    for (const entity of await graph.entitiesById(unknownEntities)) entities.set(entity.id, entity.tenant);
  for (const w of wanted)
    if (w.kind === "memory" && w.tenant === null) {
      const mention = recordAt.get(w.line);
      if (mention?.type === "mention") w.tenant = entities.get(mention.mention.entityId) ?? null;
    }
  const byTenant = new Map<string, Set<string>>();
  for (const w of wanted) {
    if (w.kind !== "memory" || w.tenant === null || memories.get(w.id) === w.tenant) continue;
    byTenant.set(w.tenant, (byTenant.get(w.tenant) ?? new Set()).add(w.id));
  }
  const stored = new Set<string>();
  for (const [tenant, ids] of byTenant)
    for (const memory of await store.get(tenant, [...ids])) stored.add(`${tenant}\u0000${memory.id}`);

  const found = (w: Wanted): boolean => {
    if (w.kind === "entity") {
      const tenant = entities.get(w.id);
      return tenant !== undefined && (w.tenant === null || tenant === w.tenant);
    }
    if (w.tenant === null) return memories.has(w.id);
    return memories.get(w.id) === w.tenant || stored.has(`${w.tenant}\u0000${w.id}`);
  };
  const missing = wanted.find((w) => !found(w));
  if (missing) {
    const type = recordAt.get(missing.line)?.type ?? "graph";
    throw invalidInput(
      `the ${type} names ${missing.kind} ${missing.id} as ${missing.what}, which is neither in the file nor in the store${missing.tenant ? ` (tenant ${missing.tenant})` : ""}: import the whole export it came from (its memory and entity lines first), or remove this line`,
      `line ${missing.line}`,
    );
  }
}
