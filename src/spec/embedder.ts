/** Embedders turn text into unit vectors. Text an embedder cannot represent gets null and goes to the lexical channel. */

export interface Embedder {
  /** Stable identity of model and settings, recorded by the store ("use-lite@0.2.0", "hash-512"). */
  readonly id: string;
  readonly dimensions: number;
  /**
   * Unit-length vectors, one per text, in order. `null` for a text this embedder cannot represent
   * (for example Chinese for an English-only model): never a meaningless vector.
   */
  embed(texts: string[]): Promise<(Float32Array | null)[]>;
  /** Release the model. */
  close?(): Promise<void>;
}
