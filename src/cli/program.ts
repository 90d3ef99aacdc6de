/** The `engram` command: global flags, the command modules, and one place that turns errors into messages and exit codes. */
import { Command, CommanderError } from "commander";
import type { Engine } from "../core/index.js";
import { defaultDatabasePath, openEngram } from "../open-engram.js";
import { embedderFlagConfig, languageModelConfigFromEnv, parseEmbedderConfig } from "../providers/index.js";
import { EngramError } from "../spec/errors.js";
import { postgresOptionsFromEnv } from "../stores/postgres/index.js";
import { commandModules } from "./commands/index.js";
import { type CliContext, type CliIo, databaseUrlOf, EXIT, type GlobalOptions } from "./shared.js";

export type { CliIo } from "./shared.js";
export { EXIT } from "./shared.js";

function exitCodeFor(error: unknown): number {
  if (EngramError.isInstance(error)) {
    return error.category === "user"
      ? EXIT.user
      : error.category === "provider"
        ? EXIT.provider
        : EXIT.system;
  }
  return EXIT.internal;
}

/** Run the CLI with `argv` (without node and script). Resolves to the exit code; never calls process.exit. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let engine: Engine | null = null;
  const program = new Command();
  const globals = (): GlobalOptions => program.opts<GlobalOptions>();
  const cli: CliContext = {
    io,
    globals,
    json: () => globals().json === true,
    async open(db) {
      if (engine) return engine;
      const options = globals();
      const embedder = options.embedder ?? io.env.ENGRAM_EMBEDDER;
      // PostgreSQL when --database-url is given, or $ENGRAM_DATABASE_URL and no --db; SQLite otherwise.
      const databaseUrl = databaseUrlOf(options, io.env, db);
      engine = await openEngram({
        db: db ?? options.db ?? defaultDatabasePath(io.env),
        databaseUrl,
        // its tuning from $ENGRAM_PG_*, read (and refused when wrong) only when PostgreSQL is the store
        postgres: databaseUrl === undefined ? undefined : postgresOptionsFromEnv(io.env),
        embedder: embedder ? parseEmbedderConfig(embedderFlagConfig(embedder), "--embedder") : undefined,
        languageModel: languageModelConfigFromEnv(io.env),
      });
      return engine;
    },
    async closeEngine() {
      const current = engine;
      engine = null;
      await current?.close();
    },
    print(value, human) {
      io.stdout(`${globals().json ? JSON.stringify(value) : human}\n`);
    },
  };

  program
    .name("engram")
    .description(
      "Engram: memory for LLM applications and agents. Recall is an attention read; every result says why.",
    )
    .option("--db <path>", "SQLite file (default: $ENGRAM_DB or ~/.engram/engram.db)")
    .option(
      "--database-url <url>",
      "PostgreSQL with pgvector, postgres://user:password@host:port/db, instead of a SQLite file (default: $ENGRAM_DATABASE_URL)",
    )
    .option(
      "--embedder <kind>",
      "embedder: local (default: English and Chinese), local-en, hash, openai, or onnx:/path/to/model (default: $ENGRAM_EMBEDDER)",
    )
    .option("--json", "print JSON")
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s) });
  for (const register of commandModules) register(program, cli);

  try {
    await program.parseAsync(argv, { from: "user" });
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ||
        error.code === "commander.helpDisplayed" ||
        error.code === "commander.version"
        ? EXIT.ok
        : EXIT.user;
    }
    const code = exitCodeFor(error);
    if (globals().json) {
      const body = EngramError.isInstance(error)
        ? error.toJSON()
        : { code: "internal", category: "system", message: String((error as Error)?.message ?? error) };
      io.stderr(`${JSON.stringify({ error: body })}\n`);
    } else {
      io.stderr(`engram: ${(error as Error)?.message ?? String(error)}\n`);
      if (code === EXIT.internal && (error as Error)?.stack) io.stderr(`${(error as Error).stack}\n`);
    }
    return code;
  } finally {
    await cli.closeEngine();
  }
}
