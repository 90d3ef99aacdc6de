/**
 * The in-memory int8 vector cache of one tenant: one contiguous matrix plus integer filter columns, scanned exactly
 * (WASM SIMD where available, int8-dot-kernel.ts). createVectorIndex is one closure of about 440 lines on purpose:
 * its methods share a dozen typed columns that are replaced as they grow, and the scan's hot loop reads them as
 * locals; passing them between files would cost the scan, so only the parts that need none of them moved out
 * (the kernel, the interner and the best-memories heap in top-memories.ts, the block norms in block-norms.ts).
 */
import { dotInt8 } from "../../mechanisms/quantization.js";
import type { VectorHit } from "../../spec/store.js";
import { type BlockNorms, createBlockNorms, NORM_BLOCKS } from "./block-norms.js";
import { createDotKernel, strideFor, WASM_PAGE } from "./int8-dot-kernel.js";
import { createFlags, createInterner, createTopMemories, grownFloat64, grownInt32 } from "./top-memories.js";

/** One key vector with the attributes of its memory that a vector search filters on. */
export interface VectorRow {
  memoryId: string;
  /** The key's row id in the store: what an HNSW index over these rows names them by. Rows come in id order. */
  keyId?: number;
  keyKind: string;
  vector: Int8Array;
  scale: number;
  user: string | null;
  agent: string | null;
  session: string | null;
  kind: string;
  status: string;
  occurredAt: number;
}

/** The part of a memory filter the scan applies itself; metadata arrives already resolved to memory ids. */
export interface VectorScanFilter {
  user?: string;
  agent?: string;
  session?: string;
  kinds?: readonly string[];
  statuses: readonly string[];
  from?: number;
  to?: number;
  /** When present, only these memories may match. */
  memoryIds?: ReadonlySet<string>;
  /** When present, only these rows (from `rowsOfKeys`) are scanned: the candidates an HNSW search proposed. */
  candidateRows?: ArrayLike<number>;
}

export interface VectorIndex {
  readonly dimensions: number;
  /** Rows that are live (not removed). */
  readonly size: number;
  add(row: VectorRow): void;
  /** Drops every row of these memories. */
  removeMemories(memoryIds: Iterable<string>): void;
  /** Sets the status of every row of these memories (archive, restore). */
  setStatus(memoryIds: Iterable<string>, status: string): void;
  /**
   * Exact scan: similarity = (query · key) × queryScale × keyScale for every row in the filter, best key per
   * memory, the `limit` best memories by similarity then memoryId.
   */
  search(query: Int8Array, queryScale: number, filter: VectorScanFilter, limit: number): VectorHit[];
  /**
   * `search` for several queries under one filter: the rows are selected once. With `minSimilarity`, only hits at or
   * above it: the `limit` best of those, the same hits (to the bit) as the full search's that reach it. Rows whose
   * block-norm bound cannot reach it are skipped without a dot product (the write gate's near-duplicate scan).
   */
  searchMany(
    queries: readonly { query: Int8Array; scale: number }[],
    filter: VectorScanFilter,
    limit: number,
    minSimilarity?: number,
  ): VectorHit[][];
  /** How many rows (live or not) a scan under this filter walks before the other conditions: its user's, or all. */
  scopeSize(filter: Pick<VectorScanFilter, "user">): number;
  /** The live rows of these key ids (unknown or removed ones left out), and every live row with a key id above `after`. */
  rowsOfKeys(keyIds: ArrayLike<number>, after: number): number[];
  /** Live rows with a key id in (after, through], as one matrix (rows of `dimensions` bytes) with their key ids. */
  vectorsOfKeys(after: number, through: number): { keyIds: Float64Array; vectors: Int8Array };
  /** The highest key id held, or -1. */
  readonly lastKeyId: number;
}

/** Status code of a removed row: never an allowed status. */
const REMOVED_CODE = 0;
/**
 * Slack under a minimum similarity before a bound may skip a row: the bound and the similarity are computed in double
 * precision (relative errors near 1e-15), so a row that the full search would keep is never skipped.
 */
const BOUND_SLACK = 1e-6;
/** Queries of one search that try the bounds before a search whose bounds kept over half its rows stops using them. */
const BOUND_TRIAL = 8;
/**
 * A row's block norms as 32-bit words (NORM_BLOCKS is a multiple of 4, and the scratch they are packed into starts at
 * a multiple of 4: every region before it is a whole number of strides or of 4-byte entries).
 */
const NORM_WORDS = NORM_BLOCKS / 4;
/**
 * A vector cache for one tenant. Rows are appended in place; removed rows are marked and compacted once they
 * outnumber the live ones.
 * @example
 * const index = createVectorIndex(512);
 * index.add({ memoryId: "m1", keyKind: "text", vector, scale, user: "ana", agent: null, session: null, kind: "episode", status: "active", occurredAt: 0 });
 * index.search(query.values, query.scale, { statuses: ["active"] }, 10);
 */
export function createVectorIndex(dimensions: number): VectorIndex {
  if (!Number.isInteger(dimensions) || dimensions <= 0) {
    throw new RangeError(`createVectorIndex: dimensions must be a positive integer, not ${dimensions}`);
  }
  const stride = strideFor(dimensions);
  const { memory, dots } = createDotKernel();

  const strings = createInterner();
  let rows = 0;
  let removed = 0;
  let capacity = 0;
  let scales: Float64Array = new Float64Array(0);
  let memoryOrdinal: Int32Array = new Int32Array(0);
  let keyKinds: Int32Array = new Int32Array(0);
  let users: Int32Array = new Int32Array(0);
  let agents: Int32Array = new Int32Array(0);
  let sessions: Int32Array = new Int32Array(0);
  let kinds: Int32Array = new Int32Array(0);
  let statuses: Int32Array = new Int32Array(0);
  let occurredAt: Float64Array = new Float64Array(0);
  let keyIds: Float64Array = new Float64Array(0);
  // each row's block norms, made for the rows a search with a minimum similarity walks, when it first walks them: a
  // store that is only read never pays for them, and the first write of a user into a large store pays for that
  // user's rows only
  let blockNorms: BlockNorms | null = null;
  /** The packed rows' factors, reused from scan to scan (grown as a scope grows). */
  let factorScratch = new Float64Array(0);
  let memoryIds: string[] = [];
  let ordinals = new Map<string, number>();
  // Rows of each user (by interned code), in row order: a scan scoped to one user walks that user's rows only, so
  // its cost follows the user's memories, not the tenant's.
  let userRows = new Map<number, { rows: Int32Array; count: number }>();
  const top = createTopMemories();
  // a scan's allowed statuses, kinds and memories (reused: see createFlags)
  const statusFlags = createFlags();
  const kindFlags = createFlags();
  const memoryFlags = createFlags();

  function ensureBytes(bytes: number): void {
    const have = memory.buffer.byteLength;
    if (bytes <= have) return;
    const needed = Math.ceil((bytes - have) / WASM_PAGE);
    memory.grow(Math.max(needed, have / WASM_PAGE));
  }

  function ensureCapacity(wanted: number): void {
    if (wanted <= capacity) return;
    const next = Math.max(wanted, capacity * 2, 64);
    scales = grownFloat64(scales, next);
    memoryOrdinal = grownInt32(memoryOrdinal, next);
    keyKinds = grownInt32(keyKinds, next);
    users = grownInt32(users, next);
    agents = grownInt32(agents, next);
    sessions = grownInt32(sessions, next);
    kinds = grownInt32(kinds, next);
    statuses = grownInt32(statuses, next);
    occurredAt = grownFloat64(occurredAt, next);
    keyIds = grownFloat64(keyIds, next);
    blockNorms?.grow(next);
    ensureBytes(next * stride);
    capacity = next;
  }

  function addUserRow(user: number, row: number): void {
    let entry = userRows.get(user);
    if (!entry) {
      entry = { rows: new Int32Array(16), count: 0 };
      userRows.set(user, entry);
    }
    if (entry.count === entry.rows.length) entry.rows = grownInt32(entry.rows, entry.rows.length * 2);
    entry.rows[entry.count++] = row;
  }

  function ordinalOf(memoryId: string): number {
    let ordinal = ordinals.get(memoryId);
    if (ordinal === undefined) {
      ordinal = memoryIds.length;
      memoryIds.push(memoryId);
      ordinals.set(memoryId, ordinal);
    }
    return ordinal;
  }

  /** Moves live rows down over removed ones and renumbers memories. */
  function compact(): void {
    const bytes = new Uint8Array(memory.buffer);
    const nextIds: string[] = [];
    const nextOrdinals = new Map<string, number>();
    let write = 0;
    for (let read = 0; read < rows; read++) {
      if (statuses[read] === REMOVED_CODE) continue;
      if (write !== read) {
        bytes.copyWithin(write * stride, read * stride, (read + 1) * stride);
        scales[write] = scales[read] as number;
        keyKinds[write] = keyKinds[read] as number;
        users[write] = users[read] as number;
        agents[write] = agents[read] as number;
        sessions[write] = sessions[read] as number;
        kinds[write] = kinds[read] as number;
        statuses[write] = statuses[read] as number;
        occurredAt[write] = occurredAt[read] as number;
        keyIds[write] = keyIds[read] as number;
        blockNorms?.move(write, read);
      }
      const id = memoryIds[memoryOrdinal[read] as number] as string;
      let ordinal = nextOrdinals.get(id);
      if (ordinal === undefined) {
        ordinal = nextIds.length;
        nextIds.push(id);
        nextOrdinals.set(id, ordinal);
      }
      memoryOrdinal[write] = ordinal;
      write++;
    }
    bytes.fill(0, write * stride, rows * stride);
    rows = write;
    removed = 0;
    memoryIds = nextIds;
    ordinals = nextOrdinals;
    userRows = new Map();
    for (let row = 0; row < rows; row++) addUserRow(users[row] as number, row);
  }

  /** The rows in the filter, written as a list of row numbers at `listOffset` in the kernel's memory. */
  function selectRows(filter: VectorScanFilter, listOffset: number): number {
    const list = new Int32Array(memory.buffer, listOffset, rows);
    const user = filter.user === undefined ? -2 : strings.find(filter.user);
    const agent = filter.agent === undefined ? -2 : strings.find(filter.agent);
    const session = filter.session === undefined ? -2 : strings.find(filter.session);
    if (user === -1 || agent === -1 || session === -1) return 0;
    const allowedStatus = statusFlags.reset(strings.size);
    for (const status of filter.statuses) {
      const code = strings.find(status);
      if (code > 0) statusFlags.set(code);
    }
    let allowedKind: Uint8Array | null = null;
    if (filter.kinds !== undefined) {
      allowedKind = kindFlags.reset(strings.size);
      for (const kind of filter.kinds) {
        const code = strings.find(kind);
        if (code > 0) kindFlags.set(code);
      }
    }
    let allowedMemory: Uint8Array | null = null;
    if (filter.memoryIds !== undefined) {
      allowedMemory = memoryFlags.reset(memoryIds.length);
      for (const id of filter.memoryIds) {
        const ordinal = ordinals.get(id);
        if (ordinal !== undefined) memoryFlags.set(ordinal);
      }
    }
    const from = filter.from ?? Number.NEGATIVE_INFINITY;
    const to = filter.to ?? Number.POSITIVE_INFINITY;
    let count = 0;
    const candidates = filter.candidateRows;
    const partition = user >= 0 && !candidates ? userRows.get(user) : undefined;
    if (user >= 0 && !candidates && !partition) return 0;
    const end = candidates ? candidates.length : partition ? partition.count : rows;
    for (let at = 0; at < end; at++) {
      const row = candidates ? (candidates[at] as number) : partition ? (partition.rows[at] as number) : at;
      if (user >= 0 && users[row] !== user) continue;
      if (allowedStatus[statuses[row] as number] !== 1) continue;
      if (agent >= 0 && agents[row] !== agent) continue;
      if (session >= 0 && sessions[row] !== session) continue;
      if (allowedKind !== null && allowedKind[kinds[row] as number] !== 1) continue;
      const time = occurredAt[row] as number;
      if (time < from || time > to) continue;
      if (allowedMemory !== null && allowedMemory[memoryOrdinal[row] as number] !== 1) continue;
      list[count++] = row;
    }
    return count;
  }

  /**
   * Of the `count` rows listed at `listOffset`, those whose block-norm bound reaches `floor`, written at `keptOffset`;
   * returns how many. `packed` holds the listed rows' quantised norms in list order (at `packedOffset`, with the row
   * numbers 0…count-1 at `identityOffset` for the kernel) and `factors` their factors.
   */
  function rowsThatMayReach(
    norms: BlockNorms,
    query: Int8Array,
    queryScale: number,
    floor: number,
    scratch: { listOffset: number; keptOffset: number; identityOffset: number; boundOffset: number },
    packed: { offset: number; queryOffset: number; factors: Float64Array },
    count: number,
  ): number {
    const queryNorms = new Int8Array(memory.buffer, packed.queryOffset, NORM_BLOCKS);
    const queryFactor = norms.query(query, queryScale, queryNorms);
    const bounds = new Int32Array(memory.buffer, scratch.boundOffset, count);
    if (dots) {
      dots(
        packed.queryOffset,
        packed.offset,
        NORM_BLOCKS,
        scratch.identityOffset,
        count,
        scratch.boundOffset,
      );
    } else {
      const rowNorms = new Int8Array(memory.buffer, packed.offset, count * NORM_BLOCKS);
      for (let i = 0; i < count; i++) {
        let sum = 0;
        for (let b = 0; b < NORM_BLOCKS; b++)
          sum += (queryNorms[b] as number) * (rowNorms[i * NORM_BLOCKS + b] as number);
        bounds[i] = sum;
      }
    }
    const list = new Int32Array(memory.buffer, scratch.listOffset, count);
    const kept = new Int32Array(memory.buffer, scratch.keptOffset, count);
    const factors = packed.factors;
    let keptCount = 0;
    for (let i = 0; i < count; i++) {
      if ((bounds[i] as number) * queryFactor * (factors[i] as number) >= floor)
        kept[keptCount++] = list[i] as number;
    }
    return keptCount;
  }

  /**
   * Makes the block norms of the `count` rows listed at `listOffset` where missing, and packs them in list order
   * at `packedOffset` (with 0…count-1 at `identityOffset`, the kernel's row list over them); returns their factors.
   */
  function packBlockNorms(listOffset: number, count: number, packedOffset: number, identityOffset: number) {
    if (blockNorms === null) {
      blockNorms = createBlockNorms(dimensions);
      blockNorms.grow(capacity);
    }
    const norms = blockNorms;
    const list = new Int32Array(memory.buffer, listOffset, count);
    const matrix = new Int8Array(memory.buffer);
    const identity = new Int32Array(memory.buffer, identityOffset, count);
    if (factorScratch.length < count)
      factorScratch = new Float64Array(Math.max(count, 2 * factorScratch.length));
    const factors = factorScratch;
    for (let i = 0; i < count; i++) {
      const row = list[i] as number;
      norms.ensure(row, matrix, row * stride, scales[row] as number);
    }
    // a row's NORM_BLOCKS bytes copied as NORM_WORDS 32-bit words, from arrays read once: a subarray and two getter
    // calls a row were a quarter of a write (follow-up 19), a byte at a time a third of the scan (follow-up 21)
    const bytes = norms.bytes;
    const source = new Int32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);
    const target = new Int32Array(memory.buffer, packedOffset, count * NORM_WORDS);
    const rowFactors = norms.factors;
    for (let i = 0; i < count; i++) {
      const row = list[i] as number;
      const from = row * NORM_WORDS;
      const to = i * NORM_WORDS;
      for (let w = 0; w < NORM_WORDS; w++) target[to + w] = source[from + w] as number;
      factors[i] = rowFactors[row] as number;
      identity[i] = i;
    }
    return { norms, factors };
  }

  /** The first row whose key id is above `keyId` (rows are in key id order). */
  function firstRowAfter(keyId: number): number {
    let low = 0;
    let high = rows;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((keyIds[middle] as number) <= keyId) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  return {
    dimensions,
    get size() {
      return rows - removed;
    },
    get lastKeyId() {
      return rows > 0 ? (keyIds[rows - 1] as number) : -1;
    },

    scopeSize(filter) {
      if (filter.user === undefined) return rows;
      const code = strings.find(filter.user);
      return code < 0 ? 0 : (userRows.get(code)?.count ?? 0);
    },

    rowsOfKeys(wanted, after) {
      const found: number[] = [];
      for (let i = 0; i < wanted.length; i++) {
        const keyId = wanted[i] as number;
        if (keyId > after) continue;
        // an id may repeat when a removed row's id was given to a new key: take the live one
        for (let row = firstRowAfter(keyId) - 1; row >= 0 && keyIds[row] === keyId; row--) {
          if (statuses[row] !== REMOVED_CODE) {
            found.push(row);
            break;
          }
        }
      }
      for (let row = firstRowAfter(after); row < rows; row++)
        if (statuses[row] !== REMOVED_CODE) found.push(row);
      return found;
    },

    vectorsOfKeys(after, through) {
      const start = firstRowAfter(after);
      const end = firstRowAfter(through);
      let live = 0;
      for (let row = start; row < end; row++) if (statuses[row] !== REMOVED_CODE) live++;
      const ids = new Float64Array(live);
      const vectors = new Int8Array(live * dimensions);
      const matrix = new Int8Array(memory.buffer);
      let at = 0;
      for (let row = start; row < end; row++) {
        if (statuses[row] === REMOVED_CODE) continue;
        ids[at] = keyIds[row] as number;
        vectors.set(matrix.subarray(row * stride, row * stride + dimensions), at * dimensions);
        at++;
      }
      return { keyIds: ids, vectors };
    },

    add(row) {
      if (row.vector.length !== dimensions) {
        throw new RangeError(
          `vector index: a vector of ${row.vector.length} dimensions in an index of ${dimensions}`,
        );
      }
      ensureCapacity(rows + 1);
      // The whole padded row is written: search scratch may have used this space before.
      const target = new Int8Array(memory.buffer, rows * stride, stride);
      target.fill(0);
      target.set(row.vector);
      scales[rows] = row.scale;
      memoryOrdinal[rows] = ordinalOf(row.memoryId);
      keyKinds[rows] = strings.code(row.keyKind);
      users[rows] = strings.code(row.user);
      addUserRow(users[rows] as number, rows);
      agents[rows] = strings.code(row.agent);
      sessions[rows] = strings.code(row.session);
      kinds[rows] = strings.code(row.kind);
      statuses[rows] = strings.code(row.status);
      occurredAt[rows] = row.occurredAt;
      keyIds[rows] = row.keyId ?? (rows > 0 ? (keyIds[rows - 1] as number) : -1);
      blockNorms?.clear(rows);
      rows++;
    },

    removeMemories(ids) {
      const gone = new Uint8Array(memoryIds.length);
      let any = false;
      for (const id of ids) {
        const ordinal = ordinals.get(id);
        if (ordinal === undefined) continue;
        gone[ordinal] = 1;
        ordinals.delete(id);
        any = true;
      }
      if (!any) return;
      for (let row = 0; row < rows; row++) {
        if (gone[memoryOrdinal[row] as number] === 1 && statuses[row] !== REMOVED_CODE) {
          statuses[row] = REMOVED_CODE;
          removed++;
        }
      }
      if (removed * 2 > rows) compact();
    },

    setStatus(ids, status) {
      const wanted = new Uint8Array(memoryIds.length);
      let any = false;
      for (const id of ids) {
        const ordinal = ordinals.get(id);
        if (ordinal === undefined) continue;
        wanted[ordinal] = 1;
        any = true;
      }
      if (!any) return;
      const code = strings.code(status);
      for (let row = 0; row < rows; row++) {
        if (wanted[memoryOrdinal[row] as number] === 1 && statuses[row] !== REMOVED_CODE)
          statuses[row] = code;
      }
    },

    search(query, queryScale, filter, limit) {
      return this.searchMany([{ query, scale: queryScale }], filter, limit)[0] as VectorHit[];
    },

    searchMany(queries, filter, limit, minSimilarity) {
      for (const { query } of queries) {
        if (query.length !== dimensions) {
          throw new RangeError(
            `vector index: a query of ${query.length} dimensions in an index of ${dimensions}`,
          );
        }
      }
      if (limit <= 0 || rows === 0) return queries.map(() => []);
      // Scratch after the matrix: the padded query, the selected rows, their dot products, and (with a minimum
      // similarity) the rows whose bound reaches it, the kernel's row list over the packed norms, their bounds, the
      // query's norms and the selected rows' norms. The rows are selected once for all the queries.
      const queryOffset = rows * stride;
      const listOffset = queryOffset + stride;
      const outOffset = listOffset + rows * 4;
      const keptOffset = outOffset + rows * 4;
      const identityOffset = keptOffset + rows * 4;
      const boundOffset = identityOffset + rows * 4;
      const queryNormsOffset = boundOffset + rows * 4;
      const packedOffset = queryNormsOffset + NORM_BLOCKS;
      ensureBytes(packedOffset + rows * NORM_BLOCKS);
      const count = selectRows(filter, listOffset);
      if (count === 0) return queries.map(() => []);
      const scratch = { listOffset, keptOffset, identityOffset, boundOffset };
      const packing =
        minSimilarity === undefined ? null : packBlockNorms(listOffset, count, packedOffset, identityOffset);
      const paddedQuery = new Int8Array(memory.buffer, queryOffset, stride);
      const out = new Int32Array(memory.buffer, outOffset, count);
      const columns = {
        scales,
        memoryOrdinal,
        memoryIds,
        keyKind: (row: number) => strings.value(keyKinds[row] as number),
      };
      // Bounds pay where they skip most rows (the hash embedder's vectors); a dense model's vectors have even block
      // norms that skip few, so after a few queries that kept most of their rows the rest scan every row.
      let bounding = minSimilarity !== undefined;
      let bounded = 0;
      let kept = 0;
      return queries.map(({ query, scale }) => {
        let scanOffset = listOffset;
        let scanned = count;
        if (bounding) {
          scanOffset = keptOffset;
          scanned = rowsThatMayReach(
            packing?.norms as BlockNorms,
            query,
            scale,
            (minSimilarity as number) - BOUND_SLACK,
            scratch,
            {
              offset: packedOffset,
              queryOffset: queryNormsOffset,
              factors: packing?.factors as Float64Array,
            },
            count,
          );
          kept += scanned;
          if (++bounded >= BOUND_TRIAL && kept * 2 > bounded * count) bounding = false;
          if (scanned === 0) return [];
        }
        const list = new Int32Array(memory.buffer, scanOffset, scanned);
        paddedQuery.fill(0);
        paddedQuery.set(query);
        if (dots) {
          dots(queryOffset, 0, stride, scanOffset, scanned, outOffset);
        } else {
          const matrix = new Int8Array(memory.buffer);
          for (let i = 0; i < scanned; i++)
            out[i] = dotInt8(paddedQuery, matrix, (list[i] as number) * stride);
        }
        const hits = top.select(list, out, scanned, scale, limit, columns);
        return minSimilarity === undefined ? hits : hits.filter((hit) => hit.similarity >= minSimilarity);
      });
    },
  };
}
