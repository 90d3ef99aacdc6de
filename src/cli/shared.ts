/** What every CLI command shares: the I/O, the global flags, opening the engine once, printing, and flag parsers. */
import type { Engine } from "../core/index.js";
import { invalidInput } from "../spec/errors.js";

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  /** Whether stderr is a terminal (progress bars only then). */
  interactive: boolean;
  // `engram chat` reads its turns line by line from here; default process.stdin.
  /** Standard input, for commands that read it (tests pass a Readable.from([...lines])). */
  stdin?: NodeJS.ReadableStream;
}

/** Exit codes, documented in the README. */
export const EXIT = { ok: 0, internal: 1, user: 2, provider: 3, system: 4 } as const;

export interface GlobalOptions {
  db?: string;
  /** a PostgreSQL URL (--database-url) instead of the SQLite file. */
  databaseUrl?: string;
  embedder?: string;
  json?: boolean;
}

export interface CliContext {
  io: CliIo;
  globals(): GlobalOptions;
  /** Open the engine on --db (or `db`), once per run; it is closed when the command ends. */
  open(db?: string): Promise<Engine>;
  closeEngine(): Promise<void>;
  json(): boolean;
  /** Print `value` as JSON with --json, else the human text. */
  print(value: unknown, human: string): void;
}

/**
 * The PostgreSQL URL the memories (and the API keys) live at, or undefined for the SQLite file: --database-url, else
 * $ENGRAM_DATABASE_URL unless a SQLite file is named (--db, or `db` given to `open`).
 */
export function databaseUrlOf(
  options: GlobalOptions,
  env: NodeJS.ProcessEnv,
  db?: string,
): string | undefined {
  if (options.databaseUrl !== undefined) return options.databaseUrl;
  const fromEnv = env.ENGRAM_DATABASE_URL;
  return (db ?? options.db) === undefined && fromEnv !== undefined && fromEnv.length > 0
    ? fromEnv
    : undefined;
}

export function parseJsonFlag(value: string, flag: string): Record<string, never> {
  try {
    const parsed: unknown = JSON.parse(value);
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
      throw new Error("not an object");
    return parsed as Record<string, never>;
  } catch {
    throw invalidInput(`${flag} must be a JSON object, for example '{"topic":"work"}'`, flag);
  }
}

export function parseCount(value: string, flag: string): number {
  if (!/^\d+$/.test(value)) throw invalidInput(`${flag} must be a whole number, got "${value}"`, flag);
  return Number(value);
}
