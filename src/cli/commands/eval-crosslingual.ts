/** `engram eval crosslingual <tsv>`: English↔Chinese retrieval accuracy, and optionally the MemoryBank chat check. */
import type { Command } from "commander";
import {
  evaluateCrosslingual,
  evaluateMemoryBank,
  formatCrosslingualReport,
  readTranslationPairs,
} from "../../evaluation/crosslingual.js";
import {
  createBilingualEmbedder,
  createCachedEmbedder,
  createEmbedder,
  createLocalEmbedder,
  embedderConfigFromEnv,
  embedderFlagConfig,
  parseEmbedderConfig,
} from "../../providers/index.js";
import type { Embedder } from "../../spec/embedder.js";
import type { CliContext } from "../shared.js";
import { evalCommand } from "./eval.js";

export function registerEvalCrosslingualCommand(program: Command, cli: CliContext): void {
  evalCommand(program)
    .command("crosslingual")
    .description(
      "EN→ZH and ZH→EN accuracy@1/@10 on a TSV of English<TAB>Chinese pairs (each sentence against all of the other language), for the embedder and the bilingual embedder's parts",
    )
    .argument("<tsv>", "English<TAB>Chinese lines, e.g. ../shared/data/tatoeba-cmn-eng/cmn_eng_5k_subset.tsv")
    .option(
      "--memorybank <folder>",
      "also the MemoryBank chat check on this folder (memory_bank_en.json, _cn.json)",
    )
    .action(async (file: string, flags: { memorybank?: string }) => {
      const pairs = readTranslationPairs(file);
      const flag = cli.globals().embedder ?? cli.io.env.ENGRAM_EMBEDDER;
      const config = flag
        ? parseEmbedderConfig(embedderFlagConfig(flag), "--embedder")
        : embedderConfigFromEnv({});
      const local = createCachedEmbedder(createLocalEmbedder());
      const configured: Embedder | undefined =
        config.kind === "local" ? undefined : createCachedEmbedder(createEmbedder(config));
      try {
        const report = await evaluateCrosslingual({
          pairs,
          local,
          embedder: configured,
          onProgress: (message) => {
            if (!cli.json()) cli.io.stderr(`${message}\n`);
          },
        });
        const memoryBank = flags.memorybank
          ? await evaluateMemoryBank(flags.memorybank, configured ?? createBilingualEmbedder({ local }))
          : undefined;
        cli.print(
          memoryBank ? { ...report, memorybank: memoryBank } : report,
          formatCrosslingualReport(report, memoryBank),
        );
      } finally {
        await local.close?.();
        await configured?.close?.();
      }
    });
}
