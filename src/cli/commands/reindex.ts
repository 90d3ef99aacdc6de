/** `engram reindex`: give vectors to keys that lack one (or re-embed all), resumably, with a progress bar. */
import cliProgress from "cli-progress";
import type { Command } from "commander";
import type { CliContext } from "../shared.js";

export function registerReindexCommand(program: Command, cli: CliContext): void {
  program
    .command("reindex")
    .description(
      "embed the keys that have no vector (Chinese memories stored before the bilingual embedder); --all, or a store whose vectors come from another embedder, re-embeds every key. A killed run resumes where it stopped",
    )
    .option("--all", "re-embed every key, not only those without a vector")
    .action(async (flags: { all?: boolean }) => {
      const e = await cli.open();
      let bar: cliProgress.SingleBar | null = null;
      const result = await e.reindex({
        all: flags.all === true,
        onProgress: ({ done, total }) => {
          if (!cli.io.interactive || cli.json()) return;
          if (!bar) {
            bar = new cliProgress.SingleBar(
              {
                stream: process.stderr,
                format: "reindexing [{bar}] {value}/{total} memories {eta_formatted}",
              },
              cliProgress.Presets.shades_classic,
            );
            bar.start(total, done);
          }
          bar.update(done);
        },
      });
      (bar as cliProgress.SingleBar | null)?.stop();
      cli.print(
        result,
        `reindexed with ${result.embedder} (${result.mode === "all" ? "every key" : "keys without a vector"}${result.resumed ? ", resumed" : ""}): ${result.memories} memories, ${result.vectors} vectors written`,
      );
    });
}
