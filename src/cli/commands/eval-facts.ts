/**
 * `engram eval facts <locomo file> <observations file>`: derived facts against the LoCoMo authors' observations
 * (coverage, silver precision, broken share, facts/entities/relations per 1,000 turns, ms per turn), overall and per
 * conversation; with the configured LLM when one is set in the environment.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Command } from "commander";
import { createEngine } from "../../core/index.js";
import { formatFactsReport, runFactsEval } from "../../evaluation/facts-eval.js";
import {
  createHashEmbedder,
  createLanguageModel,
  languageModelConfigFromEnv,
} from "../../providers/index.js";
import { invalidInput } from "../../spec/errors.js";
import { createSqliteStore } from "../../stores/sqlite/index.js";
import { type CliContext, parseCount } from "../shared.js";
import { evalCommand } from "./eval.js";

export function registerEvalFactsCommand(program: Command, cli: CliContext): void {
  evalCommand(program)
    .command("facts")
    .description(
      "derived facts against the LoCoMo observations: coverage, silver precision, broken facts, graph size, cost",
    )
    .argument("<locomo>", "the LoCoMo JSON file, e.g. ../shared/data/locomo/locomo-dev.json")
    .argument("<observations>", "its observations, e.g. ../shared/data/locomo/locomo-dev-observations.json")
    .option("--limit <n>", "only the first n conversations")
    .option("--show-broken", "print each broken fact and why (on stderr)")
    .action(async (locomo: string, observations: string, flags: { limit?: string; showBroken?: boolean }) => {
      for (const [path, what] of [
        [locomo, "the LoCoMo JSON file"],
        [observations, "the observations JSON file"],
      ] as const) {
        if (!existsSync(path)) throw invalidInput(`no file at ${path}: pass ${what}`, "eval facts");
      }
      const limit = flags.limit ? parseCount(flags.limit, "--limit") : undefined;
      const config = languageModelConfigFromEnv(cli.io.env);
      const languageModel = config ? createLanguageModel(config) : undefined;
      // Facts do not depend on the embedder; the hash embedder keeps the cost figure about derivation alone.
      const embedder = createHashEmbedder();
      const dir = mkdtempSync(join(tmpdir(), "engram-eval-facts-"));
      try {
        const report = await runFactsEval({
          locomoPath: locomo,
          observationsPath: observations,
          limit,
          languageModelConfigured: languageModel !== undefined,
          createEngines: (id) => ({
            withFacts: createEngine({
              store: createSqliteStore({ path: join(dir, `${id}-facts.db`) }),
              embedder,
              languageModel,
            }),
            withoutFacts: createEngine({
              store: createSqliteStore({ path: join(dir, `${id}-plain.db`) }),
              embedder,
              options: { deriveFacts: false },
            }),
          }),
          onProgress: (message) => {
            if (!cli.json()) cli.io.stderr(`${message}\n`);
          },
          onProblems: (id, problems) => {
            if (!flags.showBroken) return;
            for (const { text, problem } of problems) cli.io.stderr(`${id}\tbroken (${problem}): ${text}\n`);
          },
        });
        cli.print(report, formatFactsReport(report));
      } finally {
        await languageModel?.close?.();
        rmSync(dir, { recursive: true, force: true });
      }
    });
}
