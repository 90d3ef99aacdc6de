/**
 * A third-party store, written as a user of the published package would write one: a dialect over plain arrays,
 * wrapped by Engram's store runtime, which checks batches, patches and query vectors, orders results, folds stats,
 * pages exports and handles closing. It imports nothing but `engram-memory`. No knowledge graph: the engine then
 * derives no facts (a store that keeps one also runs runGraphStoreContract).
 */
import {
  applyReinforcement,
  createStore,
  duplicateMemoryId,
  type MemoryKey,
  type MemoryRecord,
  matchesFilter,
  type NewMemory,
  reinforcementNotFound,
  type Store,
  type StoreDialect,
} from "engram-memory";

interface Row {
  record: MemoryRecord;
  keys: MemoryKey[];
}

/** Lower-case tokens: what this store's full-text index holds for a key, and looks up for a query. */
function tokens(terms: readonly string[]): string[] {
  return terms
    .flatMap((term) => term.toLowerCase().split(/[^\p{L}\p{M}\p{N}]+/u))
    .filter((token) => token !== "");
}

const byTime = (a: MemoryRecord, b: MemoryRecord) =>
  a.occurredAt - b.occurredAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const byScore = (a: { memoryId: string; score: number }, b: { memoryId: string; score: number }) =>
  b.score - a.score || (a.memoryId < b.memoryId ? -1 : 1);

/** Copies in and out, so that neither the caller nor the store can change what the other holds. */
const copy = <T>(value: T): T => structuredClone(value);

/**
 * A Store over arrays in process memory.
 * @example
 * const engine = createEngine({ store: createArrayStore(), embedder: createHashEmbedder() });
 */
export function createArrayStore(): Store {
  let rows: Row[] = [];
  let binding: { id: string; dimensions: number } | null = null;
  const dimensions = () =>
    rows.flatMap((row) => row.keys).find((key) => key.vector !== null)?.vector?.length ?? null;
  const state = () => ({ binding, dimensions: dimensions() });
  const find = (id: string) => rows.find((row) => row.record.id === id);

  const dialect: StoreDialect = {
    name: "array",
    factory: "createArrayStore",

    async bindEmbedder(wanted, decide) {
      if (decide(state())) binding = { ...wanted };
    },

    async write(batch, check) {
      check(state());
      // All or nothing: the new rows are built aside and replace the old ones only when every step passed.
      const next = rows.map((row) => ({ ...row }));
      for (const [position, insert] of batch.inserts.entries()) {
        if (next.some((row) => row.record.id === insert.record.id))
          throw duplicateMemoryId(insert.record.id, position);
        next.push(copy(insert));
      }
      for (const [position, reinforcement] of batch.reinforcements.entries()) {
        const row = next.find((candidate) => candidate.record.id === reinforcement.memoryId);
        if (!row || row.record.tenant !== reinforcement.tenant) {
          throw reinforcementNotFound(reinforcement.tenant, reinforcement.memoryId, position);
        }
        row.record = { ...row.record, ...applyReinforcement(row.record, copy(reinforcement)) };
      }
      rows = next;
    },

    async get(tenant, ids) {
      return rows
        .filter((row) => row.record.tenant === tenant && ids.includes(row.record.id))
        .map((row) => copy(row.record));
    },

    async keys(tenant, ids, kinds) {
      return rows
        .filter((row) => row.record.tenant === tenant && ids.includes(row.record.id))
        .flatMap((row) => row.keys.filter((key) => kinds === undefined || kinds.includes(key.kind)))
        .map(copy);
    },

    async findByTextHash(filter, hashes) {
      return rows
        .filter((row) => hashes.includes(row.record.textHash) && matchesFilter(row.record, filter))
        .map((row) => copy(row.record));
    },

    async searchVectors(filter, limit, prepare) {
      const query = prepare(state());
      if (query === null) return [];
      const hits = [];
      for (const row of rows.filter((candidate) => matchesFilter(candidate.record, filter))) {
        let best: { memoryId: string; score: number; keyKind: string } | null = null;
        for (const key of row.keys) {
          if (key.vector === null) continue;
          let dot = 0;
          for (let i = 0; i < key.vector.length; i++)
            dot += (query.values[i] as number) * (key.vector[i] as number);
          const score = dot * query.scale * key.scale;
          if (best === null || score > best.score)
            best = { memoryId: row.record.id, score, keyKind: key.kind };
        }
        if (best) hits.push(best);
      }
      return hits
        .sort(byScore)
        .slice(0, limit)
        .map(({ memoryId, score, keyKind }) => ({ memoryId, similarity: score, keyKind }));
    },

    async searchTerms(filter, terms, limit) {
      // BM25 (k1 = 1.2, b = 0.75, idf floored at 1e-6) with the statistics of the filter's scope: a user's own keys
      // when the filter names a user with at most 5,000 keys, else the tenant's.
      const wanted = tokens(terms);
      const tenantRows = rows.filter((row) => row.record.tenant === filter.tenant);
      const userRows = tenantRows.filter((row) => row.record.user === filter.user);
      const byUser =
        filter.user !== undefined && userRows.reduce((sum, row) => sum + row.keys.length, 0) <= 5_000;
      const keys = (byUser ? userRows : tenantRows).flatMap((row) => row.keys);
      const lengths = keys.map((key) => tokens(key.terms).length);
      const average = lengths.reduce((sum, length) => sum + length, 0) / Math.max(1, keys.length);
      const idf = (token: string) => {
        const holding = keys.filter((key) => tokens(key.terms).includes(token)).length;
        return Math.max(Math.log((keys.length - holding + 0.5) / (holding + 0.5)), 1e-6);
      };
      const hits = [];
      for (const row of rows.filter((candidate) => matchesFilter(candidate.record, filter))) {
        let best: { memoryId: string; score: number; keyKind: string } | null = null;
        for (const key of row.keys) {
          const held = tokens(key.terms);
          let score = 0;
          for (const token of wanted) {
            const frequency = held.filter((t) => t === token).length;
            if (frequency === 0) continue;
            score +=
              (idf(token) * frequency * 2.2) / (frequency + 1.2 * (0.25 + (0.75 * held.length) / average));
          }
          if (score > 0 && (best === null || score > best.score)) {
            best = { memoryId: row.record.id, score, keyKind: key.kind };
          }
        }
        if (best) hits.push(best);
      }
      return hits.sort(byScore).slice(0, limit);
    },

    async list(filter, options) {
      const found = rows.filter((row) => matchesFilter(row.record, filter)).map((row) => copy(row.record));
      found.sort(byTime);
      if (options.order === "desc") found.reverse();
      return found.slice(
        options.offset,
        options.limit === undefined ? undefined : options.offset + options.limit,
      );
    },

    async forget(selector) {
      const gone = rows
        .map((row) => row.record)
        .filter(
          (record) =>
            record.tenant === selector.tenant &&
            (selector.user === undefined || record.user === selector.user) &&
            (selector.agent === undefined || record.agent === selector.agent) &&
            (selector.session === undefined || record.session === selector.session) &&
            (selector.ids === undefined || selector.ids.includes(record.id)),
        )
        .sort(byTime)
        .map((record) => record.id);
      rows = rows.filter((row) => !gone.includes(row.record.id));
      return gone;
    },

    async exportPage(tenant, after, limit) {
      const key = (record: MemoryRecord) => [record.tenant, record.occurredAt, record.id] as const;
      const before = (a: readonly [string, number, string], b: readonly [string, number, string]) =>
        a[0] !== b[0] ? a[0] < b[0] : a[1] !== b[1] ? a[1] < b[1] : a[2] < b[2];
      return rows
        .filter((row) => tenant === undefined || row.record.tenant === tenant)
        .filter(
          (row) => after === null || before([after.tenant, after.occurredAt, after.id], key(row.record)),
        )
        .sort((a, b) => (before(key(a.record), key(b.record)) ? -1 : 1))
        .slice(0, limit)
        .map((row): NewMemory => copy(row));
    },

    async count(tenant) {
      const mine = rows.filter((row) => tenant === undefined || row.record.tenant === tenant);
      const groups = new Map<string, { kind: string; status: string; count: number }>();
      for (const { record } of mine) {
        const group = groups.get(`${record.kind}\u0000${record.status}`) ?? {
          kind: record.kind,
          status: record.status,
          count: 0,
        };
        group.count += 1;
        groups.set(`${record.kind}\u0000${record.status}`, group);
      }
      const keys = mine.flatMap((row) => row.keys);
      return {
        groups: [...groups.values()],
        keys: keys.length,
        vectors: keys.filter((key) => key.vector !== null).length,
        tenants: new Set(mine.map((row) => row.record.tenant)).size,
        users: new Set(
          mine
            .filter((row) => row.record.user !== null)
            .map((row) => `${row.record.tenant}\u0000${row.record.user}`),
        ).size,
      };
    },

    async updateMemories(tenant, patches) {
      const updated: string[] = [];
      for (const { id, ...changes } of patches) {
        const row = find(id);
        if (!row || row.record.tenant !== tenant) continue;
        row.record = { ...row.record, ...changes };
        updated.push(id);
      }
      return updated;
    },

    close() {
      rows = [];
    },
  };
  return createStore(dialect);
}
