/** The memory commands: remember, recall, forget, stats. */
import type { Command } from "commander";
import { formatRecall } from "../format.js";
import { type CliContext, parseCount, parseJsonFlag } from "../shared.js";

export function registerMemoryCommands(program: Command, cli: CliContext): void {
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
      const e = await cli.open();
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
      cli.print(
        result,
        item ? `${item.action} ${item.id}${item.match ? ` (${item.match} duplicate)` : ""}` : "",
      );
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
    .option("--as-of <time>", "answer as of this date: facts true then, memories that had happened by then")
    .action(async (query: string, flags: Record<string, string | boolean | undefined>) => {
      const e = await cli.open();
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
        asOf: str("asOf"),
      });
      cli.print(result, formatRecall(result));
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
      const e = await cli.open();
      const result = await e.forget({
        ids: ids.length > 0 ? ids : undefined,
        user: flags.user,
        session: flags.session,
        agent: flags.agent,
        tenant: flags.tenant,
      });
      cli.print(result, `forgot ${result.removed.length} memor${result.removed.length === 1 ? "y" : "ies"}`);
    });

  program
    .command("stats")
    .description("counts of memories, keys and vectors")
    .option("--tenant <id>")
    .action(async (flags: { tenant?: string }) => {
      const e = await cli.open();
      const stats = await e.stats(flags.tenant);
      cli.print(
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
}
