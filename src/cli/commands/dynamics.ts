/** The dynamics commands: context (a prompt-ready block within a token budget), archive, restore and maintain. */
import type { Command } from "commander";
import { invalidInput } from "../../spec/errors.js";
import { type CliContext, parseCount } from "../shared.js";

function parseStrength(value: string, flag: string): number {
  const number = Number(value);
  if (value.trim() === "" || !Number.isFinite(number) || number < 0 || number > 1) {
    throw invalidInput(`${flag} must be a strength from 0 to 1, such as 0.05; got "${value}"`, flag);
  }
  return number;
}

export function registerDynamicsCommands(program: Command, cli: CliContext): void {
  program
    .command("context")
    .description(
      "a prompt-ready block: facts, memories and the session's latest turns, never over --budget tokens (o200k)",
    )
    .argument("<query>", "what the context is for (the user's message)")
    .option("--user <id>")
    .option("--session <id>", "the conversation whose latest turns to include")
    .option("--agent <id>")
    .option("--tenant <id>")
    .option("--budget <tokens>", "the most tokens the block may take, headers included", "2000")
    .option("--as-of <time>", "the context as it was at this time (ISO 8601)")
    .option("--kind <kinds>", "comma-separated kinds of memory to recall")
    .action(async (query: string, flags: Record<string, string | undefined>) => {
      const e = await cli.open();
      const block = await e.context({
        query,
        user: flags.user,
        session: flags.session,
        agent: flags.agent,
        tenant: flags.tenant,
        budget: parseCount(flags.budget ?? "2000", "--budget"),
        asOf: flags.asOf,
        kinds: flags.kind?.split(",").map((k) => k.trim()) as never,
      });
      cli.print(block, block.text);
      if (!cli.json()) {
        cli.io.stderr(
          `-- ${block.tokens} of ${block.budget} tokens (${block.encoding}), ${block.omitted} left out\n`,
        );
      }
    });

  program
    .command("archive")
    .description(
      "archive memories by id, or all whose strength has decayed below --below: kept and exported, not recalled",
    )
    .argument("[ids...]")
    .option("--below <strength>", "archive every active memory whose decayed strength is below this (0 to 1)")
    .option("--user <id>")
    .option("--agent <id>")
    .option("--session <id>")
    .option("--tenant <id>")
    .action(async (ids: string[], flags: Record<string, string | undefined>) => {
      if (ids.length > 0 && flags.below !== undefined) {
        throw invalidInput("give ids or --below, not both", "archive");
      }
      if (ids.length === 0 && flags.below === undefined) {
        throw invalidInput("say what to archive: memory ids, or --below <strength>", "archive");
      }
      const e = await cli.open();
      const result = await e.archive({
        ids: ids.length > 0 ? ids : undefined,
        below: flags.below === undefined ? undefined : parseStrength(flags.below, "--below"),
        user: flags.user,
        agent: flags.agent,
        session: flags.session,
        tenant: flags.tenant,
      });
      const n = result.archived.length;
      cli.print(
        result,
        `archived ${n} memor${n === 1 ? "y" : "ies"}${result.unchanged.length > 0 ? ` (${result.unchanged.length} already archived)` : ""}`,
      );
    });

  program
    .command("restore")
    .description("make archived memories active again")
    .argument("<ids...>")
    .option("--tenant <id>")
    .action(async (ids: string[], flags: Record<string, string | undefined>) => {
      const e = await cli.open();
      const result = await e.restore({ ids, tenant: flags.tenant });
      const n = result.restored.length;
      cli.print(
        result,
        `restored ${n} memor${n === 1 ? "y" : "ies"}${result.unchanged.length > 0 ? ` (${result.unchanged.length} already active)` : ""}`,
      );
    });

  program
    .command("maintain")
    .description(
      "consolidate sessions' older turns into summaries, then archive memories whose strength has decayed",
    )
    .option("--tenant <id>")
    .option("--user <id>")
    .option("--agent <id>")
    .option(
      "--threshold <strength>",
      "archive below this strength (default: the engine's archiveThreshold, 0.05)",
    )
    .option("--no-archive", "do not archive")
    .option("--no-consolidate", "do not write session summaries")
    .action(async (flags: Record<string, string | boolean | undefined>) => {
      const e = await cli.open();
      const str = (name: string) => flags[name] as string | undefined;
      const result = await e.maintain({
        tenant: str("tenant"),
        user: str("user"),
        agent: str("agent"),
        threshold:
          str("threshold") === undefined
            ? undefined
            : parseStrength(str("threshold") as string, "--threshold"),
        archive: flags.archive !== false,
        consolidate: flags.consolidate !== false,
      });
      cli.print(
        result,
        `maintained tenant ${result.tenant}: ${result.summaries.length} session summar${result.summaries.length === 1 ? "y" : "ies"} written, ${result.archived.length} of ${result.scanned} memories archived (strength below ${result.threshold})`,
      );
    });
}
