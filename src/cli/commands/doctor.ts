/** `engram doctor`: read-only integrity checks of a store (SQLite file or PostgreSQL), each finding with how to mend it. */
import type { Command } from "commander";
import { defaultDatabasePath } from "../../open-engram.js";
import { EngramError, ERROR_CODES } from "../../spec/errors.js";
import type { IntegrityReport } from "../../spec/integrity.js";
import { checkPostgresStore, postgresOptionsFromEnv } from "../../stores/postgres/index.js";
import { checkSqliteStore } from "../../stores/sqlite/index.js";
import { type CliContext, databaseUrlOf } from "../shared.js";

function describe(report: IntegrityReport): string {
  const lines = [`engram doctor: ${report.store}`, `checks: ${report.checks.join(", ")}`];
  if (report.findings.length === 0) lines.push("healthy: no problem found");
  for (const finding of report.findings) {
    lines.push(
      "",
      `✗ ${finding.check}: ${finding.count} ${finding.problem}`,
      `  for example: ${finding.examples.join(", ")}`,
      `  to mend: ${finding.mend}`,
    );
  }
  return lines.join("\n");
}

export function registerDoctorCommand(program: Command, cli: CliContext): void {
  program
    .command("doctor")
    .description(
      "check a store's integrity without changing it: out-of-range times, invalid JSON, dangling references; says how to mend; exit 0 when healthy, 4 when not",
    )
    .action(async () => {
      const globals = cli.globals();
      const url = databaseUrlOf(globals, cli.io.env);
      const report =
        url !== undefined
          ? await checkPostgresStore({ url, schema: postgresOptionsFromEnv(cli.io.env).schema })
          : checkSqliteStore(globals.db ?? defaultDatabasePath(cli.io.env));
      cli.print(report, describe(report));
      if (report.findings.length > 0) {
        const total = report.findings.reduce((sum, finding) => sum + finding.count, 0);
        throw new EngramError({
          code: ERROR_CODES.storeFailure,
          category: "system",
          message: `the store has ${total} problem row(s) in ${report.findings.length} finding(s): mend them as the report says`,
        });
      }
    });
}
