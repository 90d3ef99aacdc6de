/** The `engram` command: parses flags into engine inputs, calls the engine, prints. No logic of its own. */
import { createReadStream, createWriteStream, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { finished } from "node:stream/promises";
import cliProgress from "cli-progress";
import { Command, CommanderError, Option } from "commander";
import type { Engine } from "../core/index.js";
import { defaultDatabasePath, openEngram } from "../open-engram.js";
import { EngramError, invalidInput } from "../spec/errors.js";
import { demoMemories, demoNow, demoQuestions } from "./demo-script.js";
import { formatRecall } from "./format.js";

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  /** Whether stderr is a terminal (progress bars only then). */
  interactive: boolean;
}

/** Exit codes, documented in the README. */
export const EXIT = { ok: 0, internal: 1, user: 2, provider: 3, system: 4 } as const;

interface GlobalOptions {
  db?: string;
  embedder?: string;
  json?: boolean;
}

function exitCodeFor(error: unknown): number {
  if (EngramError.isInstance(error))
    return error.category === "user"
      ? EXIT.user
      : error.category === "provider"
        ? EXIT.provider
        : EXIT.system;
  return EXIT.internal;
}

function parseJsonFlag(value: string, flag: string): Record<string, never> {
  try {
    const parsed: unknown = JSON.parse(value);
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
      throw new Error("not an object");
    return parsed as Record<string, never>;
  } catch {
    throw invalidInput(`${flag} must be a JSON object, for example '{"topic":"work"}'`, flag);
  }
}

function parseCount(value: string, flag: string): number {
  if (!/^\d+$/.test(value)) throw invalidInput(`${flag} must be a whole number, got "${value}"`, flag);
  return Number(value);
}

/** Run the CLI with `argv` (without node and script). Resolves to the exit code; never calls process.exit. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let engine: Engine | null = null;
  const program = new Command();
  const globals = (): GlobalOptions => program.opts<GlobalOptions>();
  const open = async (db?: string): Promise<Engine> => {
    const options = globals();
    const embedder = options.embedder ?? io.env.ENGRAM_EMBEDDER;
    engine = await openEngram({
      db: db ?? options.db ?? defaultDatabasePath(io.env),
      embedder: embedder ? ({ kind: embedder } as never) : undefined,
    });
    return engine;
  };
  const print = (value: unknown, human: string) =>
    io.stdout(`${globals().json ? JSON.stringify(value) : human}\n`);

  program
    .name("engram")
    .description(
      "Engram: memory for LLM applications and agents. Recall is an attention read; every result says why.",
    )
    .option("--db <path>", "SQLite file (default: $ENGRAM_DB or ~/.engram/engram.db)")
    .addOption(
      new Option(
        "--embedder <kind>",
        "embedder: local (default), hash or openai (default: $ENGRAM_EMBEDDER)",
      ).choices(["local", "hash", "openai"]),
    )
    .option("--json", "print JSON")
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s) });

  program
    .command("remember")
    .description("remember one thing that was said or happened")
    .argument("<text>", "what to remember")
    .option("--user <id>")
    .option("--session <id>")
    .option("--agent <id>")
    .option("--tenant <id>")
    .option("--speaker <name>")
    .option("--role <role>", "user, assistant, …")
    .option("--at <time>", "when it happened (ISO 8601); default now")
    .option("--kind <kind>", "episode, fact, summary or segment", "episode")
    .option("--source <text>", "where it came from")
    .option("--meta <json>", "metadata as a JSON object")
    .action(async (text: string, flags: Record<string, string | undefined>) => {
      const e = await open();
      const result = await e.remember({
        text,
        user: flags.user,
        session: flags.session,
        agent: flags.agent,
        tenant: flags.tenant,
        speaker: flags.speaker,
        role: flags.role,
        at: flags.at,
        kind: flags.kind as never,
        source: flags.source,
        metadata: flags.meta ? parseJsonFlag(flags.meta, "--meta") : undefined,
      });
      const item = result.items[0];
      print(result, item ? `${item.action} ${item.id}${item.match ? ` (${item.match} duplicate)` : ""}` : "");
    });

  program
    .command("recall")
    .description("recall what is relevant to a query, with attention weights and reasons")
    .argument("<query>")
    .option("--user <id>")
    .option("--session <id>")
    .option("--agent <id>")
    .option("--tenant <id>")
    .option("--k <n>", "how many results", "10")
    .option("--kind <kinds>", "comma-separated kinds to include")
    .option("--from <time>", "only memories that happened at or after this time")
    .option("--to <time>", "only memories that happened at or before this time")
    .option("--meta <json>", "only memories whose metadata has these values")
    .option("--archived", "include archived memories")
    .action(async (query: string, flags: Record<string, string | boolean | undefined>) => {
      const e = await open();
      const str = (name: string) => flags[name] as string | undefined;
      const result = await e.recall({
        query,
        user: str("user"),
        session: str("session"),
        agent: str("agent"),
        tenant: str("tenant"),
        k: parseCount(str("k") ?? "10", "--k"),
        kinds: str("kind")
          ?.split(",")
          .map((k) => k.trim()) as never,
        from: str("from"),
        to: str("to"),
        metadata: str("meta") ? parseJsonFlag(str("meta") as string, "--meta") : undefined,
        includeArchived: flags.archived === true,
      });
      print(result, formatRecall(result));
    });

  program
    .command("import")
    .description(
      'import a JSONL file: exported memories, or turns such as {"text","user","session","speaker","at"}',
    )
    .argument("<file>")
    .action(async (file: string) => {
      if (!existsSync(file)) throw invalidInput(`no file at ${file}: check the path`, "import");
      const e = await open();
      const lines = createInterface({
        input: createReadStream(file, "utf8"),
        crlfDelay: Number.POSITIVE_INFINITY,
      });
      let bar: cliProgress.SingleBar | null = null;
      const result = await e.importLines(lines, ({ done, total }) => {
        if (!io.interactive || total < 500) return;
        if (!bar) {
          bar = new cliProgress.SingleBar(
            { stream: process.stderr, format: "importing [{bar}] {value}/{total} {eta_formatted}" },
            cliProgress.Presets.shades_classic,
          );
          bar.start(total, 0);
        }
        bar.update(done);
      });
      (bar as cliProgress.SingleBar | null)?.stop();
      print(
        result,
        `imported ${file}: ${result.inserted} new, ${result.reinforced} reinforced, ${result.restored} restored, ${result.skipped} already present (${result.lines} lines)`,
      );
    });

  program
    .command("export")
    .description("export memories as JSONL (to stdout, or --out)")
    .option("--tenant <id>", "only this tenant")
    .option("--out <file>", "write to a file")
    .action(async (flags: { tenant?: string; out?: string }) => {
      const e = await open();
      if (flags.out) {
        const stream = createWriteStream(flags.out, "utf8");
        const failed = new Promise<never>((_, reject) =>
          stream.on("error", (error) =>
            reject(
              new EngramError({
                code: "store_unwritable",
                category: "user",
                message: `cannot write ${flags.out}: ${error.message}; choose a writable path`,
                cause: error,
              }),
            ),
          ),
        );
        let n = 0;
        for await (const line of e.exportLines(flags.tenant)) {
          if (!stream.write(`${line}\n`))
            await Promise.race([
              new Promise<void>((resolve) => stream.once("drain", () => resolve())),
              failed,
            ]);
          n++;
        }
        stream.end();
        await Promise.race([finished(stream), failed]);
        if (globals().json) io.stdout(`${JSON.stringify({ out: flags.out, memories: n - 1 })}\n`);
        else io.stderr(`exported ${n - 1} memories to ${flags.out}\n`);
      } else {
        for await (const line of e.exportLines(flags.tenant)) io.stdout(`${line}\n`);
      }
    });

  program
    .command("forget")
    .description("forget memories by id, or everything of a user, agent, session or tenant")
    .argument("[ids...]")
    .option("--user <id>")
    .option("--session <id>")
    .option("--agent <id>")
    .option("--tenant <id>")
    .action(async (ids: string[], flags: Record<string, string | undefined>) => {
      const e = await open();
      const result = await e.forget({
        ids: ids.length > 0 ? ids : undefined,
        user: flags.user,
        session: flags.session,
        agent: flags.agent,
        tenant: flags.tenant,
      });
      print(result, `forgot ${result.removed.length} memor${result.removed.length === 1 ? "y" : "ies"}`);
    });

  program
    .command("stats")
    .description("counts of memories, keys and vectors")
    .option("--tenant <id>")
    .action(async (flags: { tenant?: string }) => {
      const e = await open();
      const stats = await e.stats(flags.tenant);
      print(
        stats,
        [
          `memories ${stats.memories} (${
            Object.entries(stats.byKind)
              .map(([k, n]) => `${k} ${n}`)
              .join(", ") || "none"
          })`,
          `keys ${stats.keys}, vectors ${stats.vectors}, users ${stats.users}, tenants ${stats.tenants}`,
          `embedder ${stats.embedder.id}`,
        ].join("\n"),
      );
    });

  program
    .command("demo")
    .description(
      "remember a short conversation and a document, then recall with weights and reasons (a fresh temporary store unless --db is given)",
    )
    .action(async () => {
      const temporary = globals().db ? null : mkdtempSync(join(tmpdir(), "engram-demo-"));
      try {
        const e = await open(temporary ? join(temporary, "demo.db") : undefined);
        const written = await e.remember(demoMemories);
        const recalls = [];
        for (const query of demoQuestions)
          recalls.push(await e.recall({ query, user: "ana", k: 3, now: demoNow }));
        print(
          { remembered: written, recalls },
          [
            `Remembered ${demoMemories.length} items: ${written.inserted} new memories, ${written.reinforced} reinforced (told twice).`,
            ...recalls.map((r) => `\n${formatRecall(r)}`),
          ].join("\n"),
        );
      } finally {
        await engine?.close();
        engine = null;
        if (temporary) rmSync(temporary, { recursive: true, force: true });
      }
    });

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
    await (engine as Engine | null)?.close();
  }
}
