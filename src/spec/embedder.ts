/** Embedders turn text into unit vectors. Text an embedder cannot represent gets null and goes to the lexical channel. */

export interface Embedder {
  /** Stable identity of model and settings, recorded by the store ("use-lite@0.2.0", "hash-512"). */
  readonly id: string;
  readonly dimensions: number;
  /**
   * The id of an earlier embedder whose vectors this one keeps: same space and size, and the same vector for the
   * texts that one was made for (the bilingual embedder: every text without a Chinese sentence). A store bound to
   * it is rebound to this one; `engram reindex` gives a vector to the texts it left without one, and
   * `engram reindex --all` re-embeds the rest too.
   */
  readonly extends?: string;
  /**
   * Unit-length vectors, one per text, in order. `null` for a text this embedder cannot represent
   * (for example Chinese for an English-only model): never a meaningless vector.
   */
  embed(texts: string[]): Promise<(Float32Array | null)[]>;
  /** Release the model. */
  close?(): Promise<void>;
}
