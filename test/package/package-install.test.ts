/**
 * A package people can install: the tarball of the built package, installed offline into an empty folder with the
 * frameworks beside it, imports `engram-memory` and its adapter subpaths, and the README's adapter examples run
 * there. Needs dist/ (`npm test` builds it first) and the npm cache that the project's `npm ci` filled.
 */

import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  EXAMPLES,
  FRAMEWORKS,
  type InstallResult,
  installOffline,
  pack,
  ROOT,
  runExample,
} from "./pack-install.js";

const EXPECTED: Record<(typeof EXAMPLES)[number], RegExp> = {
  "ai-sdk": /friday's prompt: .*Lisbon/,
  langchain: /friday's prompt \(FakeChatModel echoes it\):[\s\S]*Lisbon/,
  langgraph: /^\d\.\d{3} home Ana lives in Lisbon\./m,
  mastra: /friday's prompt: .*Lisbon[\s\S]*working memory: .*Lisbon/,
};

describe("the packed package, installed offline", () => {
  const dir = mkdtempSync(join(tmpdir(), "engram-package-"));
  let installed: InstallResult;

  beforeAll(() => {
    installed = installOffline(pack(dir), join(dir, "app"), FRAMEWORKS, { reuseNativeBuild: true });
  }, 600_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("imports the root and every adapter subpath, with types", () => {
    const script = join(installed.folder, "imports.mjs");
    writeFileSync(
      script,
      [
        'import * as root from "engram-memory";',
        'import * as aiSdk from "engram-memory/ai-sdk";',
        'import * as langchain from "engram-memory/langchain";',
        'import * as langgraph from "engram-memory/langgraph";',
        'import * as mastra from "engram-memory/mastra";',
        "console.log(JSON.stringify([typeof root.openEngram, typeof aiSdk.engramMiddleware, typeof aiSdk.engramTools,",
        "  typeof langchain.EngramRetriever, typeof langchain.EngramChatMessageHistory, typeof langgraph.EngramStore,",
        "  typeof mastra.EngramMemory]));",
      ].join("\n"),
    );
    const run = spawnSync("node", [script], { cwd: installed.folder, encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout)).toEqual(Array(7).fill("function"));
    const manifest = JSON.parse(
      readFileSync(join(installed.folder, "node_modules/engram-memory/package.json"), "utf8"),
    );
    for (const subpath of ["ai-sdk", "langchain", "langgraph", "mastra"]) {
      const types = manifest.exports[`./${subpath}`].types as string;
      expect(readFileSync(join(installed.folder, "node_modules/engram-memory", types), "utf8")).toContain(
        "export",
      );
    }
  });

  for (const example of EXAMPLES) {
    it(`runs the README's ${example} example`, () => {
      const run = runExample(installed.folder, example);
      expect(run.stderr.split("\n").filter((line) => /Error|error:/.test(line))).toEqual([]);
      expect(run.status).toBe(0);
      expect(run.stdout).toMatch(EXPECTED[example]);
    });
  }

  it("the README shows each example as it is in examples/", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    for (const example of EXAMPLES) {
      expect(readme).toContain(readFileSync(join(ROOT, "examples", `${example}.mjs`), "utf8").trim());
    }
  });
});
