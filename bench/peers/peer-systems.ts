/**
 * The systems of the peers run, each behind one small interface: a fresh store per LoCoMo conversation, the turns
 * written through the system's own batch API, and a recall that answers the dialogue ids of its hits, best first.
 * Engram gets the turn's text with its speaker, session and date as fields (its API has them); the peers get
 * "Speaker: text", as a user of theirs would write it. Every system embeds through the same cache (cached-vectors.ts).
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { Document } from "@langchain/core/documents";
import { ingestConversation, recalledTurns, turnText } from "../../src/evaluation/locomo.js";
import type { LocomoConversation, LocomoTurn } from "../../src/evaluation/locomo-data.js";
import { openEngram } from "../../src/index.js";
import { aiSdkEmbeddingModel, CachedEmbeddings, engramEmbedder, type VectorCache } from "./cached-vectors.js";

/** What a peer stores for a turn: the speaker's name before the text, as a user would write it. */
export function peerText(turn: LocomoTurn): string {
  return `${turn.speaker}: ${turnText(turn)}`;
}

/** One conversation in one system's store. */
export interface OpenConversation {
  /** Write the conversation's turns (timed by the caller). */
  ingest(): Promise<void>;
  /** The dialogue ids each of the top `k` hits stands for, best first. */
  recall(question: string, k: number): Promise<string[][]>;
  close(): Promise<void>;
}

export interface PeerSystem {
  name: string;
  /**
   * True when `recall` ranks its hits, so one call at the largest k answers every smaller k. False when the system
   * answers a set in time order (Mastra's recall): then each k is its own call, and the largest one is timed.
   */
  ranked: boolean;
  open(conversation: LocomoConversation, dir: string): Promise<OpenConversation>;
}

const BATCH = 256;

function batches<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += BATCH) out.push(items.slice(i, i + BATCH));
  return out;
}

/** Engram with its defaults (SQLite file, facts derived on write), no language model; recalls do not reinforce. */
export function engramSystem(cache: VectorCache): PeerSystem {
  return {
    name: "Engram",
    ranked: true,
    async open(conversation, dir) {
      // recallGain 0 as in the LoCoMo harness: a question must not reinforce what the next one finds
      const engine = await openEngram({
        db: join(dir, "engram.db"),
        embedder: engramEmbedder(cache),
        languageModel: null,
        options: { recallGain: 0 },
      });
      return {
        ingest: () => ingestConversation(engine, conversation),
        async recall(question, k) {
          const result = await engine.recall({
            query: question,
            user: conversation.id,
            k,
            now: conversation.lastSessionAt,
          });
          return recalledTurns(engine.store, "default", result.results);
        },
        close: () => engine.close(),
      };
    },
  };
}

/** mem0 OSS: Memory with infer:false (each message stored as it is), its SQLite vector store, history on. */
export function mem0System(cache: VectorCache): PeerSystem {
  return {
    name: "mem0",
    ranked: true,
    async open(conversation, dir) {
      const { Memory } = await import("mem0ai/oss");
      const memory = new Memory({
        embedder: { provider: "langchain", config: { model: new CachedEmbeddings(cache, "mem0") } },
        vectorStore: {
          provider: "memory",
          config: {
            collectionName: "locomo",
            dimension: cache.dimensions,
            dbPath: join(dir, "mem0-vectors.db"),
          },
        },
        // never called with infer:false; the OpenAI client only needs a key to be constructed
        llm: { provider: "openai", config: { apiKey: "unused-infer-false" } },
        historyDbPath: join(dir, "mem0-history.db"),
      });
      const turnOf = new Map<string, string>();
      return {
        async ingest() {
          for (const batch of batches(conversation.turns)) {
            const added = await memory.add(
              batch.map((turn) => ({ role: "user", content: peerText(turn) })),
              { userId: conversation.id, infer: false },
            );
            added.results.forEach((item, i) => {
              const turn = batch[i];
              if (turn) turnOf.set(item.id, turn.diaId);
            });
          }
        },
        async recall(question, k) {
          // threshold 0: every candidate is ranked, so recall@50 is not cut by mem0's default 0.1 similarity floor
          const found = await memory.search(question, {
            topK: k,
            threshold: 0,
            filters: { user_id: conversation.id },
          });
          return found.results.map((item) => {
            const diaId = turnOf.get(item.id);
            return diaId ? [diaId] : [];
          });
        },
        async close() {
          // mem0's SQLite handles close when the process ends; each conversation has its own files
        },
      };
    },
  };
}

/**
 * Mastra memory: LibSQL storage and vector store, semantic recall over the resource (the conversation), each session a
 * thread, no neighbouring messages (messageRange 0) and no recent-history window, so a recall answers k messages.
 */
export function mastraSystem(cache: VectorCache): PeerSystem {
  return {
    name: "Mastra",
    ranked: false,
    async open(conversation, dir) {
      const { Memory } = await import("@mastra/memory");
      const { LibSQLStore, LibSQLVector } = await import("@mastra/libsql");
      const url = `file:${join(dir, "mastra.db")}`;
      const semanticRecall = (topK: number) => ({ topK, messageRange: 0, scope: "resource" as const });
      const memory = new Memory({
        storage: new LibSQLStore({ id: `mastra-${conversation.id}`, url }),
        vector: new LibSQLVector({ id: `mastra-vector-${conversation.id}`, url }),
        embedder: aiSdkEmbeddingModel(cache, "Mastra"),
        options: { lastMessages: false, semanticRecall: semanticRecall(10) },
      });
      const turnOf = new Map<string, string>();
      const threadOf = (turn: LocomoTurn) => `${conversation.id}-session-${turn.session}`;
      const lastThread = threadOf(conversation.turns[conversation.turns.length - 1] as LocomoTurn);
      return {
        async ingest() {
          const sessions = new Map<string, LocomoTurn>();
          for (const turn of conversation.turns)
            if (!sessions.has(threadOf(turn))) sessions.set(threadOf(turn), turn);
          for (const [id, first] of sessions) {
            const at = new Date(first.at);
            await memory.saveThread({
              thread: { id, resourceId: conversation.id, title: id, createdAt: at, updatedAt: at },
            });
          }
          for (const batch of batches(conversation.turns)) {
            const messages = batch.map((turn) => {
              const id = `${conversation.id}-${turn.diaId}`;
              turnOf.set(id, turn.diaId);
              const text = peerText(turn);
              return {
                id,
                role: "user" as const,
                createdAt: new Date(turn.at),
                threadId: threadOf(turn),
                resourceId: conversation.id,
                content: { format: 2 as const, parts: [{ type: "text" as const, text }], content: text },
              };
            });
            await memory.saveMessages({ messages });
          }
        },
        async recall(question, k) {
          const { messages } = await memory.recall({
            threadId: lastThread,
            resourceId: conversation.id,
            vectorSearchString: question,
            threadConfig: { lastMessages: false, semanticRecall: semanticRecall(k) },
          });
          return messages.map((message) => {
            const diaId = turnOf.get(message.id);
            return diaId ? [diaId] : [];
          });
        },
        async close() {
          await memory.settled();
        },
      };
    },
  };
}

function documents(conversation: LocomoConversation): Document[] {
  return conversation.turns.map(
    (turn) => new Document({ pageContent: peerText(turn), metadata: { diaId: turn.diaId, at: turn.at } }),
  );
}

function diaIdsOf(found: Document[]): string[][] {
  return found.map((doc) => [String(doc.metadata.diaId)]);
}

/** LangChain.js MemoryVectorStore (@langchain/classic): exact cosine over the turns. */
export function langchainVectorSystem(cache: VectorCache): PeerSystem {
  return {
    name: "LangChain vector",
    ranked: true,
    async open(conversation) {
      const { MemoryVectorStore } = await import("@langchain/classic/vectorstores/memory");
      const store = new MemoryVectorStore(new CachedEmbeddings(cache, "LangChain vector"));
      return {
        async ingest() {
          for (const batch of batches(documents(conversation))) await store.addDocuments(batch);
        },
        recall: async (question, k) => diaIdsOf(await store.similaritySearch(question, k)),
        close: async () => {},
      };
    },
  };
}

/**
 * LangChain.js BM25 + dense: BM25Retriever (@langchain/community) and the MemoryVectorStore's retriever fused by
 * EnsembleRetriever (@langchain/classic, weighted reciprocal rank, equal weights), each asked for k.
 */
export function langchainEnsembleSystem(cache: VectorCache): PeerSystem {
  return {
    name: "LangChain BM25+dense",
    ranked: true,
    async open(conversation) {
      const { MemoryVectorStore } = await import("@langchain/classic/vectorstores/memory");
      const { EnsembleRetriever } = await import("@langchain/classic/retrievers/ensemble");
      const { BM25Retriever } = await import("@langchain/community/retrievers/bm25");
      const store = new MemoryVectorStore(new CachedEmbeddings(cache, "LangChain BM25+dense"));
      let docs: Document[] = [];
      return {
        async ingest() {
          docs = documents(conversation);
          for (const batch of batches(docs)) await store.addDocuments(batch);
        },
        async recall(question, k) {
          const ensemble = new EnsembleRetriever({
            retrievers: [BM25Retriever.fromDocuments(docs, { k }), store.asRetriever({ k })],
            weights: [0.5, 0.5],
          });
          return diaIdsOf((await ensemble.invoke(question)).slice(0, k));
        },
        close: async () => {},
      };
    },
  };
}

/** A folder of its own for each (system, conversation, round). */
export function storeDir(root: string, system: string, conversation: string, round: number): string {
  const dir = join(root, `${round}-${system.replace(/[^a-z0-9]+/gi, "-")}-${conversation}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}
