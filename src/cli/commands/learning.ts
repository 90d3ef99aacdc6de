/** Learning from use: feedback (what a recall's user used), learn (refit the tenant's weights), weights (show, reset). */
import type { Command } from "commander";
import type { WeightsView } from "../../core/index.js";
import type { CliContext } from "../shared.js";

function ids(value: string | undefined): string[] {
  return (value ?? "")
    .split(",")
    .map((id) => id.trim())
    .filter((id) => id.length > 0);
}

function formatWeights(view: WeightsView): string {
  const lines = [
    `tenant ${view.tenant}: ${view.origin} weights${view.updatedAt ? ` (learned ${view.updatedAt})` : ""}, ${view.feedback} feedback record${view.feedback === 1 ? "" : "s"}`,
    `${"feature".padEnd(20)} ${"term".padEnd(11)} ${"weight".padStart(7)} ${"default".padStart(8)} ${"prior".padStart(6)}  what it is`,
  ];
  for (const f of view.features) {
    lines.push(
      `${f.name.padEnd(20)} ${f.term.padEnd(11)} ${f.weight.toFixed(3).padStart(7)} ${f.default.toFixed(3).padStart(8)} ${String(f.prior).padStart(6)}  ${f.description}`,
    );
  }
  return lines.join("\n");
}

export function registerLearningCommands(program: Command, cli: CliContext): void {
  program
    .command("feedback")
    .description(
      "report which memories a recall's user used (and rejected): `engram learn` refits recall from it",
    )
    .requiredOption("--query <text>", "the query the recall was for")
    .requiredOption("--used <ids>", "comma-separated ids of the memories used")
    .option("--rejected <ids>", "comma-separated ids of memories seen and rejected")
    .option("--user <id>")
    .option("--session <id>")
    .option("--agent <id>")
    .option("--tenant <id>")
    .option("--at <time>", "when the recall happened (ISO 8601); default now")
    .action(async (flags: Record<string, string | undefined>) => {
      const e = await cli.open();
      const result = await e.feedback({
        query: flags.query,
        used: ids(flags.used),
        rejected: ids(flags.rejected),
        user: flags.user,
        session: flags.session,
        agent: flags.agent,
        tenant: flags.tenant,
        at: flags.at,
      });
      cli.print(
        result,
        `recorded ${result.id}: ${result.used.length} used, ${result.rejected.length} rejected; tenant ${result.tenant} holds ${result.kept} feedback records${result.dropped > 0 ? ` (${result.dropped} oldest dropped)` : ""}`,
      );
    });

  program
    .command("learn")
    .description(
      "refit a tenant's recall weights from its feedback; kept only when recall on a held-back fifth does not get worse",
    )
    .option("--tenant <id>")
    .action(async (flags: { tenant?: string }) => {
      const e = await cli.open();
      const report = await e.learn({ tenant: flags.tenant });
      const changes = report.changes
        .slice(0, 8)
        .map((c) => `  ${c.name}: ${c.from} → ${c.to}`)
        .join("\n");
      cli.print(
        report,
        `tenant ${report.tenant}: ${report.kept === "learned" ? "learned weights kept" : "default weights kept"} — ${report.reason}${report.kept === "learned" && changes ? `\n${changes}` : ""}`,
      );
    });

  const weights = program
    .command("weights")
    .description(
      "the recall weights a tenant uses (learned or default), beside the defaults and the hand-set prior",
    )
    .option("--tenant <id>")
    .action(async (flags: { tenant?: string }) => {
      const e = await cli.open();
      const view = await e.weights(flags.tenant);
      cli.print(view, formatWeights(view));
    });
  weights
    .command("reset")
    .description("forget a tenant's learned weights: its recall goes back to the shipped defaults")
    .option("--tenant <id>")
    .option("--feedback", "also delete the tenant's feedback")
    .action(async (flags: { tenant?: string; feedback?: boolean }) => {
      const e = await cli.open();
      const result = await e.resetWeights({ tenant: flags.tenant, feedback: flags.feedback === true });
      cli.print(
        result,
        `tenant ${result.tenant}: ${result.removed ? "learned weights removed" : "had no learned weights"}; recall uses the defaults${result.feedback > 0 ? `; ${result.feedback} feedback records deleted` : ""}`,
      );
    });
}
