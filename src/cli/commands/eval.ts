/** The shared `engram eval` parent command; each evaluation module adds its subcommand to it. */
import type { Command } from "commander";

/** The one `eval` command of `program`, created on first use. */
export function evalCommand(program: Command): Command {
  const existing = program.commands.find((command) => command.name() === "eval");
  return existing ?? program.command("eval").description("evaluate recall on a benchmark data set");
}
