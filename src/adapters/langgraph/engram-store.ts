/**
 * A LangGraph store (BaseStore) over Engram: a namespace is a scope (its first part the user, the whole of it one
 * session), an item is a memory whose metadata keeps its key and value, and `search` with a query is recall.
 * What the Engine API cannot answer is refused with a clear error, not guessed: listing namespaces (Engram lists a
 * session's turns, not the sessions of a user). A search without a query lists the namespace named, not deeper ones.
 */
import {
  BaseStore,
  type GetOperation,
  type Item,
  type ListNamespacesOperation,
  type Operation,
  type OperationResults,
  type PutOperation,
  type SearchOperation,
} from "@langchain/langgraph";
import type { Engine, MemoryRecord, Metadata } from "../../index.js";
import { invalidInput } from "../../spec/errors.js";

export interface EngramStoreOptions {
  engram: Engine;
  tenant?: string;
  /**
   * The user every namespace belongs to. Default: the namespace's first part (["ana", "memories"] is user "ana"),
   * so one store serves many users and a namespace never reads another user's items.
   */
  user?: string;
  /** Items a search returns when it gives no limit. Default 10. */
  limit?: number;
}

type JsonValue = Metadata[string];
/** An item found by search, with its score (the attention weight recall gave it). */
type SearchItem = Item & { score?: number };

/** Where an item's LangGraph identity lives in the memory's metadata. */
const FIELD = "langgraph";

interface ItemMetadata {
  namespace: string[];
  key: string;
  value: Record<string, JsonValue>;
}

function itemMetadataOf(metadata: Metadata): ItemMetadata | null {
  const entry = metadata[FIELD];
  if (typeof entry !== "object" || entry === null || Array.isArray(entry)) return null;
  const { namespace, key, value } = entry;
  if (!Array.isArray(namespace) || typeof key !== "string") return null;
  if (typeof value !== "object" || value === null || Array.isArray(value)) return null;
  return { namespace: namespace.map(String), key, value };
}

/** The text Engram embeds and matches for a value: its text-like fields, else the whole value as JSON. */
function textOf(value: Record<string, unknown>): string {
  const parts = ["text", "content", "memory", "data"].flatMap((field) => {
    const part = value[field];
    return typeof part === "string" && part.trim() !== "" ? [part] : [];
  });
  return parts.length > 0 ? parts.join("\n") : JSON.stringify(value);
}

function sameNamespace(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((part, i) => part === b[i]);
}

function startsWith(namespace: string[], prefix: string[]): boolean {
  return prefix.length <= namespace.length && prefix.every((part, i) => part === namespace[i]);
}

function matchesFilter(
  value: Record<string, JsonValue>,
  filter: Record<string, unknown> | undefined,
): boolean {
  if (!filter) return true;
  return Object.entries(filter).every(
    ([field, expected]) => JSON.stringify(value[field]) === JSON.stringify(expected),
  );
}

/**
 * Engram as LangGraph's long-term memory store: `graph.compile({ store: new EngramStore({ engram }) })`.
 * @example
 * const store = new EngramStore({ engram });
 * await store.put(["ana", "memories"], "home", { text: "Ana lives in Lisbon" });
 * const hits = await store.search(["ana", "memories"], { query: "where does Ana live?" });
 */
export class EngramStore extends BaseStore {
  private readonly engram: Engine;
  private readonly options: EngramStoreOptions;

  constructor(options: EngramStoreOptions) {
    super();
    this.engram = options.engram;
    this.options = options;
  }

  /** The Engram scope of a namespace (or prefix): its user, and the session that is the whole namespace. */
  private scopeOf(namespace: string[], whole: boolean): { tenant?: string; user: string; session?: string } {
    const user = this.options.user ?? namespace[0];
    if (user === undefined || user === "") {
      throw invalidInput(
        "a LangGraph namespace for Engram starts with the user (e.g. [userId, 'memories']), or the store is made with { user }",
      );
    }
    return {
      ...(this.options.tenant === undefined ? {} : { tenant: this.options.tenant }),
      user,
      ...(whole ? { session: namespace.join("/") } : {}),
    };
  }

  /** The memories that hold a namespace's items, newest write of each key last. */
  private async itemsIn(namespace: string[]): Promise<{ record: MemoryRecord; item: ItemMetadata }[]> {
    const turns = await this.engram.turns({ ...this.scopeOf(namespace, true), session: namespace.join("/") });
    return turns.flatMap((record) => {
      const item = itemMetadataOf(record.metadata);
      return item && sameNamespace(item.namespace, namespace) ? [{ record, item }] : [];
    });
  }

  private toItem(record: MemoryRecord, item: ItemMetadata): Item {
    return {
      namespace: item.namespace,
      key: item.key,
      value: item.value,
      createdAt: new Date(record.recordedAt),
      updatedAt: new Date(record.recordedAt),
    };
  }

  private async getItem(operation: GetOperation): Promise<Item | null> {
    const found = (await this.itemsIn(operation.namespace))
      .filter(({ item }) => item.key === operation.key)
      .at(-1);
    return found ? this.toItem(found.record, found.item) : null;
  }

  /** A put replaces the key's memory (the old one is forgotten); a null value deletes it. */
  private async putItem(operation: PutOperation): Promise<void> {
    const scope = this.scopeOf(operation.namespace, true);
    const previous = (await this.itemsIn(operation.namespace)).filter(
      ({ item }) => item.key === operation.key,
    );
    if (operation.value !== null) {
      const value = JSON.parse(JSON.stringify(operation.value)) as Record<string, JsonValue>;
      await this.engram.remember({
        text: textOf(value),
        ...scope,
        source: "langgraph:store",
        dedupe: false,
        metadata: { [FIELD]: { namespace: operation.namespace, key: operation.key, value } },
      });
    }
    if (previous.length > 0) {
      const { session: _session, ...userScope } = scope;
      await this.engram.forget({ ids: previous.map(({ record }) => record.id), ...userScope });
    }
  }

  private async searchItems(operation: SearchOperation): Promise<SearchItem[]> {
    const limit = operation.limit ?? this.options.limit ?? 10;
    const offset = operation.offset ?? 0;
    if (operation.query === undefined || operation.query.trim() === "") {
      // without a query: the items of the namespace named, newest first (deeper namespaces are other sessions)
      const items = (await this.itemsIn(operation.namespacePrefix))
        .filter(({ item }) => matchesFilter(item.value, operation.filter))
        .reverse();
      return items.slice(offset, offset + limit).map(({ record, item }) => this.toItem(record, item));
    }
    // recall over the user's memories, kept to the prefix and the filter; the weight is the item's score
    const scope = this.scopeOf(operation.namespacePrefix, false);
    const result = await this.engram.recall({
      query: operation.query,
      ...scope,
      k: Math.min(1000, (offset + limit) * 4),
    });
    return result.results
      .flatMap((memory) => {
        const item = itemMetadataOf(memory.metadata);
        if (!item || !startsWith(item.namespace, operation.namespacePrefix)) return [];
        if (!matchesFilter(item.value, operation.filter)) return [];
        const at = new Date(memory.sources.at(-1)?.recordedAt ?? Date.parse(memory.occurredAt));
        return [
          {
            namespace: item.namespace,
            key: item.key,
            value: item.value,
            createdAt: at,
            updatedAt: at,
            score: memory.weight,
          },
        ];
      })
      .slice(offset, offset + limit);
  }

  override async batch<Op extends Operation[]>(operations: Op): Promise<OperationResults<Op>> {
    const results: unknown[] = [];
    for (const operation of operations) {
      if ("key" in operation && "value" in operation) results.push(await this.putItem(operation));
      else if ("key" in operation) results.push(await this.getItem(operation));
      else if ("namespacePrefix" in operation) results.push(await this.searchItems(operation));
      else results.push(this.listNamespacesRefused(operation));
    }
    return results as OperationResults<Op>;
  }

  private listNamespacesRefused(_operation: ListNamespacesOperation): never {
    throw invalidInput(
      "EngramStore cannot list namespaces: the Engine API reads a session's turns, not a user's sessions. Keep the namespaces you use in your app, or search a namespace by query",
    );
  }
}

/** A LangGraph store over Engram. */
export function createEngramStore(options: EngramStoreOptions): EngramStore {
  return new EngramStore(options);
}
