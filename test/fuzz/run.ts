/**
 * `npm run fuzz`: the fuzz test's three fuzzers, longer (default 20,000 HTTP requests, 3,000 MCP messages, 300 import
 * files), with a seed to replay; prints the figures for docs/security.md and every failure.
 * Usage: npm run fuzz -- [--http 20000] [--mcp 3000] [--imports 300] [--seed 14]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createEngine } from "../../src/core/index.js";
import { createHashEmbedder } from "../../src/providers/index.js";
import { createSqliteStore } from "../../src/stores/sqlite/index.js";
import { fuzzHttp } from "./http-fuzzer.js";
import { fuzzImport } from "./import-fuzzer.js";
import { fuzzMcpStdio } from "./mcp-fuzzer.js";
import { spawnServe } from "./processes.js";

const { values } = parseArgs({
  options: {
    http: { type: "string", default: "20000" },
    mcp: { type: "string", default: "3000" },
    imports: { type: "string", default: "300" },
    seed: { type: "string", default: "14" },
  },
});
const seed = Number(values.seed);
const dir = mkdtempSync(join(tmpdir(), "engram-fuzz-"));
const ADMIN_KEY = "fuzz-admin-key-0123456789";
let failed = 0;

function show(
  name: string,
  report: { failures: { case: number; request: string; why: string }[]; millis: number },
  figures: string,
): void {
  console.log(
    `${name}: ${figures}, ${report.failures.length} failures, ${(report.millis / 1000).toFixed(1)} s`,
  );
  for (const failure of report.failures.slice(0, 50))
    console.log(`  case ${failure.case}: ${failure.why}\n    ${failure.request}`);
  failed += report.failures.length;
}

try {
  const served = await spawnServe(join(dir, "http.db"), { ENGRAM_ADMIN_KEY: ADMIN_KEY });
  try {
    const http = await fuzzHttp({
      url: served.url,
      adminKey: ADMIN_KEY,
      cases: Number(values.http),
      seed,
      alive: () => served.child.exitCode === null,
    });
    show(
      "HTTP",
      http,
      `${http.cases} requests over ${http.routes.length} routes, statuses ${JSON.stringify(http.byStatus)}, ${http.retried} sent again on a fresh connection`,
    );
    console.log(`  slowest answers: ${http.slowest.map((s) => `${s.label} ${s.millis} ms`).join(", ")}`);
    if (http.failures.length > 0) console.log(`the server's log:\n${served.stderr().slice(-8000)}`);
  } finally {
    await served.stop();
  }
  const mcp = await fuzzMcpStdio({ db: join(dir, "mcp.db"), cases: Number(values.mcp), seed });
  show("MCP stdio", mcp, `${mcp.cases} messages, ${mcp.answered} answered`);

  const source = createEngine({
    store: createSqliteStore({ path: join(dir, "source.db") }),
    embedder: createHashEmbedder(),
  });
  await source.remember([
    { text: "Ana moved to Lisbon in May.", user: "ana", speaker: "Ana" },
    { text: "Ana works at Siemens.", user: "ana", speaker: "Ana" },
  ]);
  const exportLines: string[] = [];
  for await (const line of source.exportLines()) exportLines.push(line);
  await source.close();
  if (Number(values.imports) === 0) process.exit(failed === 0 ? 0 : 1);
  const imports = await fuzzImport({ dir, cases: Number(values.imports), seed, exportLines });
  show("engram import", imports, `${imports.cases} files, exit codes ${JSON.stringify(imports.byExit)}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(`seed ${seed}: ${failed === 0 ? "no failure" : `${failed} FAILURES`}`);
process.exitCode = failed === 0 ? 0 : 1;
