/** `engram eval locomo <file>`: evidence recall@k on LoCoMo for Engram and two baselines, in one run. */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Command } from "commander";
import { formatLocomoReport, runLocomo } from "../../evaluation/locomo.js";
import { createCachedEmbedder, createEmbedder } from "../../providers/index.js";
import { invalidInput } from "../../spec/errors.js";
import { createSqliteStore } from "../../stores/sqlite/index.js";
import { type CliContext, parseCount, parseJsonFlag } from "../shared.js";
import { evalCommand } from "./eval.js";

function parseKs(value: string, flag = "--k"): number[] {
  const ks = value.split(",").map((k) => k.trim());
  if (ks.length === 0 || ks.some((k) => !/^\d+$/.test(k) || Number(k) < 1)) {
    throw invalidInput(
      `${flag} must be a comma-separated list of positive whole numbers such as ${flag === "--k" ? "5,10,25,50" : "500,1000,2000"}, got "${value}"`,
      flag,
    );
  }
  return [...new Set(ks.map(Number))].sort((a, b) => a - b);
}

export function registerEvalLocomoCommand(program: Command, cli: CliContext): void {
  evalCommand(program)
    .command("locomo")
    .description(
      "evidence recall@k on a LoCoMo file, with lexical-only and dense-only baselines on the same data",
    )
    .argument("<file>", "the LoCoMo JSON file, e.g. ../shared/data/locomo/locomo-dev.json")
    .option("--k <list>", "cut-offs", "5,10,25,50")
    .option("--limit <n>", "only the first n conversations")
    .option("--options <json>", "engine options for Engram, e.g. '{\"deriveFacts\":false}' (an ablation)")
    .option(
      "--budget <list>",
      "token budgets, e.g. 500,1000,2000: also the share of evidence inside the context block at each",
    )
    .action(async (file: string, flags: { k: string; limit?: string; options?: string; budget?: string }) => {
      if (!existsSync(file))
        throw invalidInput(`no file at ${file}: pass the LoCoMo JSON file`, "eval locomo");
      const ks = parseKs(flags.k);
      const embedder = createCachedEmbedder(
        createEmbedder({ kind: (cli.globals().embedder ?? cli.io.env.ENGRAM_EMBEDDER ?? "local") as never }),
      );
      const dir = mkdtempSync(join(tmpdir(), "engram-locomo-"));
      try {
        const report = await runLocomo({
          path: file,
          ks,
          embedder,
          limit: flags.limit ? parseCount(flags.limit, "--limit") : undefined,
          budgets: flags.budget ? parseKs(flags.budget, "--budget") : undefined,
          engineOptions: flags.options ? parseJsonFlag(flags.options, "--options") : undefined,
          createStore: (label) => createSqliteStore({ path: join(dir, `${label}.db`) }),
          onProgress: (message) => {
            if (!cli.json()) cli.io.stderr(`${message}\n`);
          },
        });
        cli.print(report, formatLocomoReport(report, ks));
      } finally {
        await embedder.close?.();
        rmSync(dir, { recursive: true, force: true });
      }
    });
}
