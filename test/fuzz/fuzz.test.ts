/**
 * The bounded fuzz run of issue 14, in the suite: a few thousand seeded cases over every route /openapi.json lists
 * (read at run time) and /mcp on a real server, MCP over stdio, and `engram import`. It fails on any 5xx, any error
 * that is not problem+json, any answer later than 5 s, or a dead server. `npm run fuzz` runs the same, longer.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openTestEngine, tempDir } from "../helpers.js";
import { fuzzHttp } from "./http-fuzzer.js";
import { fuzzImport } from "./import-fuzzer.js";
import { fuzzMcpStdio } from "./mcp-fuzzer.js";
import { spawnServe } from "./processes.js";

const SEED = Number(process.env.ENGRAM_FUZZ_SEED ?? 14);
const ADMIN_KEY = "fuzz-admin-key-0123456789";

describe("fuzz (bounded, seeded)", () => {
  it("HTTP: every route of /openapi.json and /mcp, 2,000 hostile requests: no 5xx, problem+json errors, no hang, alive", async () => {
    const served = await spawnServe(join(tempDir(), "fuzz.db"), { ENGRAM_ADMIN_KEY: ADMIN_KEY });
    const report = await fuzzHttp({
      url: served.url,
      adminKey: ADMIN_KEY,
      cases: 2000,
      seed: SEED,
      alive: () => served.child.exitCode === null,
    }).finally(() => served.stop());
    expect(report.routes.length).toBeGreaterThanOrEqual(30);
    expect(report.failures).toEqual([]);
    // the cases reached past the edge too: some were written, some refused
    expect(Object.keys(report.byStatus)).toEqual(expect.arrayContaining(["200", "400"]));
  });

  it("MCP over stdio: 300 seeded messages, every request answered, no internal error, alive", async () => {
    const report = await fuzzMcpStdio({ db: join(tempDir(), "mcp-fuzz.db"), cases: 300, seed: SEED });
    expect(report.failures).toEqual([]);
    expect(report.answered).toBeGreaterThan(200);
  });

  it("engram import: 40 seeded files exit 0 or 2 with the line, and leave a store `engram doctor` finds healthy", async () => {
    const source = openTestEngine();
    await source.engine.remember([
      { text: "Ana moved to Lisbon in May.", user: "ana", speaker: "Ana" },
      { text: "Ana works at Siemens.", user: "ana", speaker: "Ana" },
    ]);
    const exportLines: string[] = [];
    for await (const line of source.engine.exportLines()) exportLines.push(line);
    const report = await fuzzImport({ dir: tempDir(), cases: 40, seed: SEED, exportLines });
    expect(report.failures).toEqual([]);
    expect(report.byExit["0"]).toBeGreaterThan(0);
    expect(report.byExit["2"]).toBeGreaterThan(0);
  });
});
