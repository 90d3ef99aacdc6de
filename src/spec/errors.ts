/** One error base for all of Engram: a stable `code`, a category that decides the HTTP status and exit code, and a message that says how to fix it. */

export type ErrorCategory = "user" | "system" | "provider";

/** Stable error codes. Never renamed once released: clients match on them. */
export const ERROR_CODES = {
  invalidInput: "invalid_input",
  emptyQuery: "empty_query",
  notFound: "not_found",
  notEngramStore: "not_engram_store",
  schemaTooNew: "schema_too_new",
  embedderMismatch: "embedder_mismatch",
  storeUnwritable: "store_unwritable",
  storeFailure: "store_failure",
  /** The store cannot be reached right now (a database outage): retry later. */
  storeUnavailable: "store_unavailable",
  providerFailure: "provider_failure",
  configInvalid: "config_invalid",
  // authentication, tenancy, request size, features not wired yet
  unauthorized: "unauthorized",
  forbidden: "forbidden",
  payloadTooLarge: "payload_too_large",
  unsupportedMediaType: "unsupported_media_type",
  notAvailable: "not_available",
  // an LLM's reply that is not the JSON asked for (nothing is written)
  llmOutputInvalid: "llm_output_invalid",
} as const;

export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

const MARKER = Symbol.for("engram.error");

export interface EngramErrorOptions {
  code: ErrorCode;
  category: ErrorCategory;
  message: string;
  /** Where the problem is: a field path, a file and line, a URL. */
  where?: string;
  cause?: unknown;
}

/**
 * The base of every error Engram throws on purpose.
 * @example
 * throw new EngramError({ code: "invalid_input", category: "user", where: "line 3", message: "`text` is missing: add a non-empty string." });
 */
export class EngramError extends Error {
  readonly code: ErrorCode;
  readonly category: ErrorCategory;
  readonly where: string | undefined;
  readonly [MARKER] = true;

  constructor(options: EngramErrorOptions) {
    super(options.where ? `${options.where}: ${options.message}` : options.message, { cause: options.cause });
    this.name = "EngramError";
    this.code = options.code;
    this.category = options.category;
    this.where = options.where;
  }

  /** True for any EngramError, also across copies of the package. */
  static isInstance(error: unknown): error is EngramError {
    return typeof error === "object" && error !== null && MARKER in error;
  }

  toJSON(): { code: ErrorCode; category: ErrorCategory; message: string; where?: string } {
    return {
      code: this.code,
      category: this.category,
      message: this.message,
      ...(this.where ? { where: this.where } : {}),
    };
  }
}

/** Bad input from the caller: what was wrong, where, and how to fix it. Changes nothing. */
export function invalidInput(message: string, where?: string, cause?: unknown): EngramError {
  return new EngramError({ code: ERROR_CODES.invalidInput, category: "user", message, where, cause });
}
