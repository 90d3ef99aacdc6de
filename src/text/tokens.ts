/** Token counts as OpenAI's o200k_base encoding (gpt-tokenizer) gives them, loaded on first use so start-up stays fast. */

/** Counts tokens the way the prompt's model will see them. */
export interface TokenCounter {
  /** The encoding's name, for reports: "o200k_base". */
  readonly encoding: string;
  count(text: string): number;
}

let loading: Promise<TokenCounter> | null = null;

/**
 * The o200k_base counter. The first call loads the encoding (about half a second); later calls share it.
 * @example
 * const tokens = await loadTokenCounter();
 * tokens.count("我住在北京"); // 4
 */
export function loadTokenCounter(): Promise<TokenCounter> {
  loading ??= import("gpt-tokenizer/encoding/o200k_base").then(
    (module): TokenCounter => ({
      encoding: "o200k_base",
      count: (text) => (text.length === 0 ? 0 : module.countTokens(text)),
    }),
    (error: unknown) => {
      loading = null;
      throw error;
    },
  );
  return loading;
}
