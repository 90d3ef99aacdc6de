/** The demo: a short conversation and a document remembered in a fresh store, then recalled with weights and reasons. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Command } from "commander";
import { demoMemories, demoNow, demoQuestions } from "../demo-script.js";
import { formatRecall } from "../format.js";
import type { CliContext } from "../shared.js";

export function registerDemoCommand(program: Command, cli: CliContext): void {
  program
    .command("demo")
    .description(
      "remember a short conversation and a document, then recall with weights and reasons (a fresh temporary store unless --db is given)",
    )
    .action(async () => {
      const temporary = cli.globals().db ? null : mkdtempSync(join(tmpdir(), "engram-demo-"));
      try {
        const e = await cli.open(temporary ? join(temporary, "demo.db") : undefined);
        const written = await e.remember(demoMemories);
        const recalls = [];
        for (const query of demoQuestions)
          recalls.push(await e.recall({ query, user: "ana", k: 3, now: demoNow }));
        cli.print(
          { remembered: written, recalls },
          [
            `Remembered ${demoMemories.length} items: ${written.inserted} new memories, ${written.reinforced} reinforced (told twice).`,
            ...recalls.map((r) => `\n${formatRecall(r)}`),
          ].join("\n"),
        );
      } finally {
        await cli.closeEngine();
        if (temporary) rmSync(temporary, { recursive: true, force: true });
      }
    });
}
