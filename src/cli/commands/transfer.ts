/** Moving memories in and out: import and export as JSON Lines. */
import { createReadStream, createWriteStream, existsSync, statSync } from "node:fs";
import { createInterface } from "node:readline";
import { finished } from "node:stream/promises";
import cliProgress from "cli-progress";
import type { Command } from "commander";
import { EngramError, invalidInput } from "../../spec/errors.js";
import type { CliContext } from "../shared.js";

export function registerTransferCommands(program: Command, cli: CliContext): void {
  program
    .command("import")
    .description(
      'import a JSONL file: exported memories, or turns such as {"text","user","session","speaker","at"}',
    )
    .argument("<file>")
    .action(async (file: string) => {
      if (!existsSync(file)) throw invalidInput(`no file at ${file}: check the path`, "import");
      if (statSync(file).isDirectory()) {
        throw invalidInput(
          `${file} is a folder: name one JSONL file (to import several, run \`engram import\` once per file)`,
          "import",
        );
      }
      const e = await cli.open();
      const input = createReadStream(file, "utf8");
      // a file that cannot be read (permissions) is the caller's to fix, not an internal failure
      const unreadable = new Promise<never>((_, reject) =>
        input.once("error", (error) =>
          reject(
            invalidInput(`cannot read ${file} (${error.message}): check its permissions`, "import", error),
          ),
        ),
      );
      unreadable.catch(() => undefined);
      const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
      let bar: cliProgress.SingleBar | null = null;
      const result = await Promise.race([
        unreadable,
        e.importLines(lines, ({ done, total }) => {
          if (!cli.io.interactive || total < 500) return;
          if (!bar) {
            bar = new cliProgress.SingleBar(
              { stream: process.stderr, format: "importing [{bar}] {value}/{total} {eta_formatted}" },
              cliProgress.Presets.shades_classic,
            );
            bar.start(total, 0);
          }
          bar.update(done);
        }),
      ]);
      (bar as cliProgress.SingleBar | null)?.stop();
      cli.print(
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
      const e = await cli.open();
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
        if (cli.json()) cli.io.stdout(`${JSON.stringify({ out: flags.out, memories: n - 1 })}\n`);
        else cli.io.stderr(`exported ${n - 1} memories to ${flags.out}\n`);
      } else {
        for await (const line of e.exportLines(flags.tenant)) cli.io.stdout(`${line}\n`);
      }
    });
}
