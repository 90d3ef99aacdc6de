/**
 * The import fuzzer: seeded JSONL files (exports, remember lines, both mutated, raw junk, a BOM, CRLF, a folder, a
 * missing path) through `engram import` in process. The oracle: exit 0 or 2 only (never 1 internal or 4 store), a
 * refusal that names a line or the file, no run longer than 5 s, and `engram doctor` healthy at the end: no import
 * ever plants what a read cannot take.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { EXIT } from "../../src/cli/program.js";
import { type Failure, HANG_MS } from "./oracle.js";
import { runEngramCli as runEngram } from "./processes.js";
import { chance, mutate, nastyString, pick, rawText, seededRandom } from "./values.js";

export interface ImportFuzzReport {
  cases: number;
  byExit: Record<string, number>;
  failures: Failure[];
  millis: number;
}

/**
 * Imports `cases` seeded files into one SQLite store under `dir`; `exportLines` are a real export to mutate.
 * @example
 * const report = await fuzzImport({ dir, cases: 40, seed: 3, exportLines });
 */
export async function fuzzImport(options: {
  dir: string;
  cases: number;
  seed: number;
  exportLines: string[];
}): Promise<ImportFuzzReport> {
  const started = performance.now();
  const random = seededRandom(options.seed);
  const db = join(options.dir, "import-fuzz.db");
  const failures: Failure[] = [];
  const byExit: Record<string, number> = {};
  mkdirSync(join(options.dir, "a-folder"), { recursive: true });

  for (let n = 0; n < options.cases; n++) {
    let file = join(options.dir, `case-${n}.jsonl`);
    const roll = random();
    if (roll < 0.03) file = join(options.dir, "a-folder");
    else if (roll < 0.05) file = join(options.dir, "missing.jsonl");
    else {
      const lines: string[] = [];
      const count = 1 + Math.floor(random() * 8);
      for (let i = 0; i < count; i++) {
        const kind = random();
        if (kind < 0.3 && options.exportLines.length > 0) {
          const line = pick(random, options.exportLines);
          lines.push(chance(random, 0.6) ? JSON.stringify(mutate(JSON.parse(line), random)) : line);
        } else if (kind < 0.7) {
          let item: unknown = {
            text: `turn ${n}.${i} ${nastyString(random).slice(0, 300)}`,
            user: "u",
            at: "2024-05-01T10:00:00Z",
          };
          for (let m = Math.floor(random() * 3); m > 0; m--) item = mutate(item, random);
          lines.push(JSON.stringify(item));
        } else lines.push(rawText(random, '{"text":"x"}'));
      }
      const eol = chance(random, 0.1) ? "\r\n" : "\n";
      writeFileSync(file, `${chance(random, 0.1) ? "\uFEFF" : ""}${lines.join(eol)}${eol}`);
    }
    const begun = performance.now();
    const run = await runEngram(["--db", db, "--embedder", "hash", "import", file]);
    const took = performance.now() - begun;
    byExit[run.code] = (byExit[run.code] ?? 0) + 1;
    if (run.code !== EXIT.ok && run.code !== EXIT.user)
      failures.push({ case: n, request: file, why: `exit ${run.code}: ${run.stderr.slice(0, 400)}` });
    else if (run.code === EXIT.user && !/line \d+|folder|no file|cannot read/.test(run.stderr))
      failures.push({
        case: n,
        request: file,
        why: `a refusal that names no line: ${run.stderr.slice(0, 300)}`,
      });
    if (took > HANG_MS) failures.push({ case: n, request: file, why: `took ${Math.round(took)} ms` });
  }
  const doctor = await runEngram(["--db", db, "--json", "doctor"]);
  if (doctor.code !== EXIT.ok)
    failures.push({ case: -1, request: "engram doctor", why: doctor.stdout.slice(0, 1000) });
  return { cases: options.cases, byExit, failures, millis: Math.round(performance.now() - started) };
}
