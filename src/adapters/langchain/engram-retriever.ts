/** A LangChain.js retriever over Engram's recall: each document carries its attention weight, score breakdown and sources. */

import { Document } from "@langchain/core/documents";
import { BaseRetriever, type BaseRetrieverInput } from "@langchain/core/retrievers";
import type { Engine, MemoryKind, MemorySource, ScoreBreakdown } from "../../index.js";
import { type EngramScope, scopeOf } from "../engram-scope.js";

export interface EngramRetrieverOptions extends EngramScope, BaseRetrieverInput {
  /** How many memories to return. Default 5. */
  k?: number;
  /** Only these kinds (e.g. ["fact"]). Default all. */
  kinds?: MemoryKind[];
}

/** What each document's metadata holds: enough to show why it was retrieved and where it came from. */
export interface EngramDocumentMetadata {
  id: string;
  kind: MemoryKind;
  weight: number;
  score: number;
  breakdown: ScoreBreakdown;
  reasons: string[];
  sources: MemorySource[];
  occurredAt: string;
  session: string | null;
  role: string | null;
  speaker: string | null;
}

/**
 * Engram as a LangChain retriever: `await retriever.invoke("where does Ana live?")` returns Documents ordered by
 * attention weight.
 * @example
 * const retriever = new EngramRetriever({ engram, user: "ana", k: 5 });
 * const docs = await retriever.invoke("Where do I live?");
 * docs[0].metadata.reasons; // ["vector: cosine 0.71", …]
 */
export class EngramRetriever extends BaseRetriever<EngramDocumentMetadata> {
  static override lc_name(): string {
    return "EngramRetriever";
  }
  lc_namespace = ["engram", "retrievers"];
  private readonly engram: Engine;
  private readonly scope: ReturnType<typeof scopeOf>;
  private readonly k: number;
  private readonly kinds: MemoryKind[] | undefined;

  constructor(options: EngramRetrieverOptions) {
    const { engram, user, tenant, agent, k, kinds, ...fields } = options;
    super(fields);
    this.engram = engram;
    this.scope = scopeOf({ user, tenant, agent });
    this.k = k ?? 5;
    this.kinds = kinds;
  }

  override async _getRelevantDocuments(query: string): Promise<Document<EngramDocumentMetadata>[]> {
    const result = await this.engram.recall({
      query,
      ...this.scope,
      k: this.k,
      ...(this.kinds ? { kinds: this.kinds } : {}),
    });
    return result.results.map(
      (memory) =>
        new Document<EngramDocumentMetadata>({
          id: memory.id,
          pageContent: memory.text,
          metadata: {
            id: memory.id,
            kind: memory.kind,
            weight: memory.weight,
            score: memory.score,
            breakdown: memory.breakdown,
            reasons: memory.reasons,
            sources: memory.sources,
            occurredAt: memory.occurredAt,
            session: memory.session,
            role: memory.role,
            speaker: memory.speaker,
          },
        }),
    );
  }
}

/** A retriever over one user's memories. */
export function createEngramRetriever(options: EngramRetrieverOptions): EngramRetriever {
  return new EngramRetriever(options);
}
