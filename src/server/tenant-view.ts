/**
 * The engine as one tenant sees it: every operation the HTTP API and the MCP server offer, with the caller's tenant
 * forced into each call. Both shells go through here, so they behave the same and neither can leak another tenant.
 */
import type {
  ContextBlock,
  ContextInput,
  Engine,
  FeedbackInput,
  FeedbackResult,
  LearnReport,
  RecallInput,
  RecallResult,
  RememberInput,
  RememberResult,
  ResetWeightsInput,
  WeightsView,
} from "../core/index.js";
import { forgetInputSchema } from "../core/schemas.js";
import { isoTime } from "../core/time.js";
import { parseInput } from "../core/validate.js";
import { EngramError, ERROR_CODES, invalidInput } from "../spec/errors.js";
import type { GraphApi, GraphScope, KnowledgeGraph } from "../spec/graph.js";
import { BATCH_MAX_ITEMS } from "../spec/limits.js";
import type { MemoryKind, MemoryRecord } from "../spec/memory.js";
import type { StoreStats } from "../spec/store.js";
import { graphInputSchemas } from "./graph-schemas.js";
import { forbidden, notAvailable } from "./problem.js";

type Body = Record<string, unknown>;

/** A memory as pages show it: times as ISO strings. */
export interface MemoryView {
  id: string;
  kind: MemoryKind;
  text: string;
  user: string | null;
  agent: string | null;
  session: string | null;
  role: string | null;
  speaker: string | null;
  occurredAt: string;
  recordedAt: string;
  lastSeenAt: string;
  source: string | null;
  count: number;
  strength: number;
  status: string;
  metadata: MemoryRecord["metadata"];
}

export interface MemoryPage {
  memory: MemoryView;
  sources: { source: string | null; occurredAt: string; recordedAt: string; session: string | null }[];
  /** What happened to this memory, oldest first: when it was told, and what it superseded or was superseded by. */
  history: { at: string; event: string; detail: string; memoryId?: string }[];
  /** Strength at each telling and now, under the engine's strength options, ending at the stored value. */
  strength: { at: string; strength: number }[];
}

export interface TimelineQuery {
  user?: string;
  agent?: string;
  session?: string;
  kinds?: MemoryKind[];
  from?: number;
  to?: number;
  limit: number;
  offset: number;
  order: "asc" | "desc";
}

export interface TenantView {
  readonly tenant: string;
  remember(body: unknown): Promise<RememberResult>;
  recall(body: unknown): Promise<RecallResult>;
  context(body: unknown): Promise<ContextBlock>;
  /** What the application used of a recall; the ids must be this tenant's. */
  feedback(body: unknown): Promise<FeedbackResult>;
  /** Refit this tenant's recall weights from its feedback. */
  learn(): Promise<LearnReport>;
  weights(): Promise<WeightsView>;
  resetWeights(body: unknown): Promise<{ tenant: string; removed: boolean; feedback: number }>;
  forget(body: unknown): Promise<{ removed: string[] }>;
  forgetById(id: string): Promise<{ removed: string[] }>;
  stats(): Promise<StoreStats & { embedder: { id: string; dimensions: number } }>;
  exportLines(): AsyncIterable<string>;
  memoryPage(id: string): Promise<MemoryPage>;
  timeline(query: TimelineQuery): Promise<MemoryView[]>;
  graph: {
    [K in keyof typeof graphInputSchemas]: (body: unknown) => Promise<unknown>;
  };
}

function isObject(value: unknown): value is Body {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `body` with the tenant set; a body naming another tenant is refused, never silently moved. */
export function withTenant(body: unknown, tenant: string, where?: string): Body {
  if (!isObject(body)) {
    throw invalidInput('the body must be a JSON object, for example {"text":"…","user":"u1"}', where);
  }
  if (body.tenant !== undefined && body.tenant !== tenant) {
    throw forbidden(
      "this key belongs to another tenant: leave `tenant` out (the key decides it) or use that tenant's key",
      where ? `${where}.tenant` : "tenant",
    );
  }
  return { ...body, tenant };
}

function iso(ms: number): string {
  return isoTime(ms);
}

function view(record: MemoryRecord): MemoryView {
  return {
    id: record.id,
    kind: record.kind,
    text: record.text,
    user: record.user,
    agent: record.agent,
    session: record.session,
    role: record.role,
    speaker: record.speaker,
    occurredAt: iso(record.occurredAt),
    recordedAt: iso(record.recordedAt),
    lastSeenAt: iso(record.lastSeenAt),
    source: record.source,
    count: record.count,
    strength: record.strength,
    status: record.status,
    metadata: record.metadata,
  };
}

/**
 * The engine seen by one tenant.
 * Over 150 lines: one short method per Engine operation, each putting the tenant in; a table, read top to bottom.
 * @example
 * const view = createTenantView({ engine, tenant: "acme" });
 * await view.remember({ text: "Ana moved to Lisbon", user: "ana" });
 */
export function createTenantView(options: {
  engine: Engine;
  tenant: string;
  now?: () => number;
  /** Where recalls run (a pool of worker threads); default the engine, in this thread. */
  recall?: (input: RecallInput) => Promise<RecallResult>;
}): TenantView {
  const { engine, tenant } = options;
  const now = options.now ?? Date.now;
  // engine.graph arrives with the knowledge-graph issue: until then the graph operations answer not_available.
  const extended = engine as Engine & { graph?: GraphApi };

  function graphApi(): GraphApi {
    if (!extended.graph) throw notAvailable("the knowledge graph");
    return extended.graph;
  }

  async function graphCall<K extends keyof typeof graphInputSchemas>(
    operation: K,
    body: unknown,
    run: (
      api: GraphApi,
      scope: GraphScope,
      input: ReturnType<(typeof graphInputSchemas)[K]["parse"]>,
    ) => Promise<unknown>,
  ): Promise<unknown> {
    const scoped = withTenant(body ?? {}, tenant);
    const { tenant: _ignored, ...rest } = scoped;
    const input = parseInput(graphInputSchemas[operation], rest) as ReturnType<
      (typeof graphInputSchemas)[K]["parse"]
    >;
    const scope: GraphScope = { tenant, user: input.user, agent: input.agent };
    return run(graphApi(), scope, input);
  }

  async function forgetScoped(body: unknown): Promise<{ removed: string[] }> {
    const scoped = withTenant(body, tenant);
    // Validate what the caller said before the tenant is added: `{}` must not become "forget the whole tenant".
    parseInput(forgetInputSchema, { ...scoped, tenant: body && isObject(body) ? body.tenant : undefined });
    return engine.forget(scoped);
  }

  return {
    tenant,

    async remember(body) {
      if (isObject(body) && "items" in body) {
        const { items, ...rest } = body;
        if (Object.keys(rest).length > 0) {
          throw invalidInput(
            `a batch has only \`items\`; move ${Object.keys(rest).join(", ")} into each item`,
            "(the whole value)",
          );
        }
        if (!Array.isArray(items) || items.length === 0) {
          throw invalidInput("`items` must be a non-empty array of things to remember", "items");
        }
        if (items.length > BATCH_MAX_ITEMS) {
          throw new EngramError({
            code: ERROR_CODES.payloadTooLarge,
            category: "user",
            where: "items",
            message: `holds ${items.length} items, more than the ${BATCH_MAX_ITEMS} one request may write: send batches of at most ${BATCH_MAX_ITEMS}, or the whole file as JSON Lines to POST /v1/import (a job)`,
          });
        }
        // The engine validates every item with its zod schema; here only the tenant is decided.
        return engine.remember(
          items.map((item, i) => withTenant(item, tenant, `items.${i}`)) as RememberInput[],
        );
      }
      return engine.remember(withTenant(body, tenant) as RememberInput);
    },

    async recall(body) {
      const input = withTenant(body, tenant) as RecallInput;
      if (!options.recall) return engine.recall(input);
      // a worker's engine answered: this engine keeps its id, so feedback by recallId reaches it
      const result = await options.recall(input);
      engine.noteRecall(input, result);
      return result;
    },

    async context(body) {
      return engine.context(withTenant(body, tenant) as ContextInput);
    },

    async feedback(body) {
      return engine.feedback(withTenant(body, tenant) as FeedbackInput);
    },

    async learn() {
      return engine.learn({ tenant });
    },

    async weights() {
      return engine.weights(tenant);
    },

    async resetWeights(body) {
      return engine.resetWeights(withTenant(body ?? {}, tenant) as ResetWeightsInput);
    },

    forget: forgetScoped,

    async forgetById(id) {
      const result = await engine.forget({ ids: [id], tenant });
      if (result.removed.length === 0) {
        throw new EngramError({
          code: ERROR_CODES.notFound,
          category: "user",
          where: id,
          message: "no memory has this id here: check the id (ids are per tenant)",
        });
      }
      return result;
    },

    async stats() {
      return engine.stats(tenant);
    },

    exportLines() {
      return engine.exportLines(tenant);
    },

    async memoryPage(id) {
      const { memory, events, strength } = await engine.memoryHistory({ id, tenant, now: now() });
      return {
        memory: view(memory),
        sources: memory.sources.map((s) => ({
          source: s.source,
          occurredAt: iso(s.occurredAt),
          recordedAt: iso(s.recordedAt),
          session: s.session,
        })),
        history: events.map(({ at, ...event }) => ({ at: iso(at), ...event })),
        strength: strength.map((p) => ({
          at: iso(p.at),
          strength: Math.round(p.strength * 10_000) / 10_000,
        })),
      };
    },

    async timeline(query) {
      return (await engine.timeline({ ...query, tenant })).map(view);
    },

    graph: {
      createEntities: (body) =>
        graphCall("createEntities", body, (api, scope, input) =>
          api.createEntities(
            scope,
            input.entities.map((e) => ({ ...e })),
          ),
        ),
      createRelations: (body) =>
        graphCall("createRelations", body, (api, scope, input) =>
          api.createRelations(scope, input.relations),
        ),
      addObservations: (body) =>
        graphCall("addObservations", body, (api, scope, input) =>
          api.addObservations(scope, input.observations),
        ),
      deleteEntities: (body) =>
        graphCall("deleteEntities", body, async (api, scope, input) => {
          await api.deleteEntities(scope, input.entityNames);
          return { deleted: input.entityNames.length };
        }),
      deleteObservations: (body) =>
        graphCall("deleteObservations", body, async (api, scope, input) => {
          await api.deleteObservations(scope, input.deletions);
          return { deleted: input.deletions.length };
        }),
      deleteRelations: (body) =>
        graphCall("deleteRelations", body, async (api, scope, input) => {
          await api.deleteRelations(scope, input.relations);
          return { deleted: input.relations.length };
        }),
      readGraph: (body) => graphCall("readGraph", body, (api, scope) => api.readGraph(scope)),
      searchNodes: (body) =>
        graphCall("searchNodes", body, (api, scope, input) => api.searchNodes(scope, input.query)),
      openNodes: (body) =>
        graphCall("openNodes", body, (api, scope, input) => api.openNodes(scope, input.names)),
      neighbours: (body) =>
        graphCall(
          "neighbours",
          body,
          (api, scope, input): Promise<KnowledgeGraph> =>
            api.neighbours(scope, input.name, input.depth as 1 | 2),
        ),
    },
  };
}
