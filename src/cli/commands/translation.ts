/** The translation memory: `engram tm import|export|match|translate`. */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { extname } from "node:path";
import type { Command } from "commander";
import {
  createTranslationMemory,
  parseColumns,
  parseTmx,
  parseTsv,
  type TmMatch,
  type TranslationMemory,
  writeTmx,
  writeTsv,
} from "../../apps/translation/index.js";
import { EngramError, invalidInput } from "../../spec/errors.js";
import { type CliContext, parseCount } from "../shared.js";
import { languageModelFromEnv } from "./language-model-option.js";

type Flags = Record<string, string | boolean | undefined>;

function str(flags: Flags, name: string): string | undefined {
  return typeof flags[name] === "string" ? (flags[name] as string) : undefined;
}

function withScopeAndLanguages(command: Command): Command {
  return command
    .option("--tenant <id>")
    .option("--user <id>")
    .option("--agent <id>")
    .option("--source-lang <lang>", "the language matched against", "en")
    .option("--target-lang <lang>", "the language translated into (default: each unit's other language)");
}

async function openMemory(cli: CliContext, flags: Flags): Promise<TranslationMemory> {
  const engine = await cli.open();
  return createTranslationMemory(engine, {
    scope: { tenant: str(flags, "tenant"), user: str(flags, "user"), agent: str(flags, "agent") },
    sourceLang: str(flags, "sourceLang") ?? "en",
    targetLang: str(flags, "targetLang"),
  });
}

function isTsv(file: string): boolean {
  return [".tsv", ".tab", ".txt"].includes(extname(file).toLowerCase());
}

function formatMatches(matches: TmMatch[]): string[] {
  return matches.map(
    (m, i) =>
      `${String(i + 1).padStart(2)}. ${m.fuzzy.toFixed(1).padStart(5)}%  ${m.source}\n       → ${m.target ?? "(no translation)"}   (recall weight ${(m.weight * 100).toFixed(1)}%)`,
  );
}

export function registerTranslationCommands(program: Command, cli: CliContext): void {
  const tm = program
    .command("tm")
    .description(
      "translation memory: import and export TMX or TSV, fuzzy matches, exact-match reuse, translation",
    );

  withScopeAndLanguages(
    tm
      .command("import")
      .description("import a TMX 1.4 file (.tmx) or a TSV file (.tsv: source<TAB>target per line)")
      .argument("<file>"),
  )
    .option("--columns <list>", "TSV columns: source, target, note, tuid, prop:<type>", "source,target")
    .action(async (file: string, flags: Flags) => {
      if (!existsSync(file)) throw invalidInput(`no file at ${file}: check the path`, "tm import");
      const text = readFileSync(file, "utf8");
      const memory = await openMemory(cli, flags);
      let result: Awaited<ReturnType<TranslationMemory["importUnits"]>>;
      if (isTsv(file)) {
        const targetLang = str(flags, "targetLang");
        if (!targetLang)
          throw invalidInput(
            "a TSV file does not say its languages: pass --target-lang (e.g. zh-CN)",
            "tm import",
          );
        const units = parseTsv(
          text,
          {
            sourceLang: str(flags, "sourceLang") ?? "en",
            targetLang,
            columns: parseColumns(str(flags, "columns") ?? "source,target"),
          },
          file,
        );
        result = await memory.importUnits(units, { source: file });
      } else {
        result = await memory.importTmx(parseTmx(text, file), file);
      }
      cli.print(
        { file, ...result },
        `imported ${file}: ${result.inserted} units new, ${result.duplicates} already there, ${result.skipped} without a segment in ${str(flags, "sourceLang") ?? "en"} (${result.seconds.toFixed(2)} s)`,
      );
    });

  withScopeAndLanguages(
    tm
      .command("export")
      .description("export the memory as TMX 1.4 (to stdout, or --out x.tmx) or TSV (--out x.tsv)"),
  )
    .option("--out <file>", "write to a file: .tmx for TMX, .tsv for TSV")
    .option("--columns <list>", "TSV columns: source, target, note, tuid, prop:<type>", "source,target")
    .action(async (flags: Flags) => {
      const memory = await openMemory(cli, flags);
      const out = str(flags, "out");
      let text: string;
      let units: number;
      if (out && isTsv(out)) {
        const all = await memory.exportUnits();
        const targetLang =
          str(flags, "targetLang") ?? all[0]?.variants.find((v) => v.lang !== str(flags, "sourceLang"))?.lang;
        const written = writeTsv(all, {
          sourceLang: str(flags, "sourceLang") ?? "en",
          targetLang: targetLang ?? "und",
          columns: parseColumns(str(flags, "columns") ?? "source,target"),
        });
        text = written.text;
        units = written.written;
      } else {
        const document = await memory.exportTmx();
        text = writeTmx(document);
        units = document.units.length;
      }
      if (!out) {
        cli.io.stdout(text);
        return;
      }
      try {
        writeFileSync(out, text, "utf8");
      } catch (error) {
        throw new EngramError({
          code: "store_unwritable",
          category: "user",
          where: out,
          message: `cannot write the export (${(error as Error).message}): choose a writable path`,
          cause: error,
        });
      }
      if (cli.json()) cli.io.stdout(`${JSON.stringify({ out, units })}\n`);
      else cli.io.stderr(`exported ${units} units to ${out}\n`);
    });

  withScopeAndLanguages(
    tm
      .command("match")
      .description(
        "the units closest to a sentence, with the fuzzy-match percentage (100 = exact) and the recall weight",
      )
      .argument("<sentence>"),
  )
    .option("--k <n>", "matches to show", "5")
    .option("--candidates <n>", "units recalled before fuzzy ranking", "50")
    .option("--min <percent>", "leave out matches below this percentage", "0")
    .action(async (sentence: string, flags: Flags) => {
      const memory = await openMemory(cli, flags);
      const result = await memory.match(sentence, {
        k: parseCount(str(flags, "k") ?? "5", "--k"),
        candidates: parseCount(str(flags, "candidates") ?? "50", "--candidates"),
        minFuzzy: parseCount(str(flags, "min") ?? "0", "--min"),
      });
      cli.print(
        result,
        [
          `match "${result.query}": ${result.matches.length} of ${result.candidates} candidates, ${result.tookMs.toFixed(1)} ms`,
          ...formatMatches(result.matches),
        ].join("\n"),
      );
    });

  withScopeAndLanguages(
    tm
      .command("translate")
      .description(
        "translate a sentence: an exact match is reused with no LLM; otherwise --llm translates with the best matches as examples",
      )
      .argument("<sentence>"),
  )
    .option("--llm", "translate with the configured language model (ENGRAM_LLM_BASE_URL, ENGRAM_LLM_MODEL)")
    .action(async (sentence: string, flags: Flags) => {
      const model = flags.llm === true ? languageModelFromEnv(cli.io.env) : undefined;
      const memory = await openMemory(cli, flags);
      const result = await memory
        .translate(sentence, { model, targetLang: str(flags, "targetLang") })
        .finally(() => model?.close?.());
      const human =
        result.translation !== null
          ? `${result.translation}\n(${result.method === "exact-match" ? "exact match from the memory, no LLM" : "LLM, with the memory's best matches as examples"})`
          : [
              `no exact match${result.suggestion ? `; closest (${result.suggestion.fuzzy}%): ${result.suggestion.source} → ${result.suggestion.target}` : ""}`,
              "pass --llm with a configured language model to translate",
            ].join("\n");
      cli.print(result, human);
    });
}
