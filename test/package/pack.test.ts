/**
 * The package as a user installs it, offline: `npm pack`, the tarball installed into an empty folder with the
 * frameworks beside it (one install for the whole file), and there the root and every subpath import, the `engram`
 * command's demo, a third-party store (examples/array-store, which imports only `engram-memory` and
 * `engram-memory/testing`) typechecked and passing the store contract with vitest, and the README's adapter examples.
 */
import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { EXAMPLES, installPackedPackage, type PackedInstall, ROOT, runExample } from "../helpers/pack.js";

const EXAMPLE = resolve(import.meta.dirname, "..", "..", "examples", "array-store");

/** What a user's script does with the library, printed as JSON for the test to read. */
const LIBRARY_SCRIPT = `
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createEngine, createHashEmbedder, createMemoryStore, EngramError, openEngram } from "engram-memory";
import { createSqliteStore } from "engram-memory/sqlite";
import { createPostgresStore } from "engram-memory/postgres";
import { createHttpApp } from "engram-memory/server";
import { createDialogueApp } from "engram-memory/apps";
import { softmax } from "engram-memory/mechanisms";
import { runStoreContract } from "engram-memory/testing";

const folder = mkdtempSync(join(tmpdir(), "engram-pack-"));
const engram = await openEngram({ db: join(folder, "memory.db"), embedder: { kind: "hash" }, languageModel: null });
await engram.remember({ text: "Ana adopted two kittens, Miso and Tofu.", user: "ana" });
await engram.remember({ text: "Ben plays the cello.", user: "ana" });
const recalled = await engram.recall({ query: "kittens", user: "ana", k: 3 });
await engram.close();
const inMemory = createEngine({ store: createMemoryStore(), embedder: createHashEmbedder() });
const written = await inMemory.remember({ text: "Lisbon has steep hills", user: "ana" });
let refused = null;
try {
  await inMemory.remember({ text: "" });
} catch (error) {
  refused = EngramError.isInstance(error) ? error.code : String(error);
}
let deep = null;
try {
  await import("engram-memory/dist/core/engine.js");
} catch (error) {
  deep = error.code;
}
rmSync(folder, { recursive: true, force: true });
console.log(JSON.stringify({
  recalled: recalled.results.map((result) => result.text),
  inserted: written.inserted,
  refused,
  deep,
  subpaths: [createSqliteStore, createPostgresStore, createHttpApp, createDialogueApp, softmax, runStoreContract].map((f) => typeof f),
}));
`;

describe("the packed package, installed offline into an empty folder", () => {
  let packed: PackedInstall;

  beforeAll(() => {
    packed = installPackedPackage();
  }, 600_000);

  function run(command: string, args: string[]) {
    const result = packed.run(command, args, { timeoutMs: 300_000 });
    expect(result.status, `${command} ${args.join(" ")}:\n${result.stdout}\n${result.stderr}`).toBe(0);
    return result.stdout;
  }

  it("imports openEngram from the root and each subpath; remembers and recalls; refuses deep imports", () => {
    writeFileSync(join(packed.folder, "library.mjs"), LIBRARY_SCRIPT);
    const out = JSON.parse(run("node", ["library.mjs"]).trim().split("\n").at(-1) as string);
    // the episode, or the fact derived from it, first; the cello last
    expect(out.recalled[0]).toMatch(/kittens/);
    expect(out.recalled.at(-1)).toBe("Ben plays the cello.");
    expect({ ...out, recalled: undefined }).toEqual({
      recalled: undefined,
      inserted: 1,
      refused: "invalid_input",
      deep: "ERR_PACKAGE_PATH_NOT_EXPORTED",
      subpaths: ["function", "function", "function", "function", "function", "function"],
    });
  });

  it("runs `npx engram demo` with the local model that ships in npm, no network", () => {
    const out = JSON.parse(run("npx", ["--offline", "engram", "demo", "--json"]));
    expect(out.remembered.inserted).toBeGreaterThan(0);
    expect(out.recalls.length).toBeGreaterThan(0);
    for (const recall of out.recalls) expect(recall.results.length).toBeGreaterThan(0);
  });

  it("typechecks a third-party store against the package's types and passes the store contract with vitest", () => {
    const target = join(packed.folder, "array-store");
    mkdirSync(target, { recursive: true });
    cpSync(EXAMPLE, target, { recursive: true });
    writeFileSync(
      join(packed.folder, "vitest.config.mjs"),
      'export default { test: { include: ["array-store/**/*.test.ts"] } };\n',
    );
    writeFileSync(
      join(packed.folder, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          target: "ES2022",
          module: "NodeNext",
          moduleResolution: "NodeNext",
          lib: ["ES2023"],
          types: ["node"],
          strict: true,
          noUncheckedIndexedAccess: true,
          verbatimModuleSyntax: true,
          skipLibCheck: true,
          noEmit: true,
        },
        include: ["array-store"],
      }),
    );
    run("npx", ["--offline", "tsc", "-p", "tsconfig.json"]);
    const out = run("npx", ["--offline", "vitest", "run", "array-store", "--reporter=verbose"]);
    expect(out).toContain("store contract: array");
    expect(out).toMatch(/Tests\s+\d+ passed/);
    expect(out).not.toMatch(/failed|skipped/);
  });

  it("imports every adapter subpath, with types", () => {
    const script = [
      'import * as aiSdk from "engram-memory/ai-sdk";',
      'import * as langchain from "engram-memory/langchain";',
      'import * as langgraph from "engram-memory/langgraph";',
      'import * as mastra from "engram-memory/mastra";',
      "console.log(JSON.stringify([typeof aiSdk.engramMiddleware, typeof aiSdk.engramTools,",
      "  typeof langchain.EngramRetriever, typeof langchain.EngramChatMessageHistory, typeof langgraph.EngramStore,",
      "  typeof mastra.EngramMemory]));",
    ].join("\n");
    writeFileSync(join(packed.folder, "adapters.mjs"), script);
    expect(JSON.parse(run("node", ["adapters.mjs"]))).toEqual(Array(6).fill("function"));
    const manifest = JSON.parse(
      readFileSync(join(packed.folder, "node_modules/engram-memory/package.json"), "utf8"),
    );
    for (const subpath of ["ai-sdk", "langchain", "langgraph", "mastra"]) {
      const types = manifest.exports[`./${subpath}`].types as string;
      expect(readFileSync(join(packed.folder, "node_modules/engram-memory", types), "utf8")).toContain(
        "export",
      );
    }
  });

  const EXPECTED: Record<(typeof EXAMPLES)[number], RegExp> = {
    "ai-sdk": /friday's prompt: .*Lisbon/,
    langchain: /friday's prompt \(FakeChatModel echoes it\):[\s\S]*Lisbon/,
    langgraph: /^\d\.\d{3} home Ana lives in Lisbon\./m,
    mastra: /friday's prompt: .*Lisbon[\s\S]*working memory: .*Lisbon/,
  };
  for (const example of EXAMPLES) {
    it(`runs the README's ${example} example`, () => {
      const result = runExample(packed.folder, example);
      expect(result.stderr.split("\n").filter((line) => /Error|error:/.test(line))).toEqual([]);
      expect(result.status).toBe(0);
      expect(result.stdout).toMatch(EXPECTED[example]);
    });
  }

  it("the README shows each example as it is in examples/", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    for (const example of EXAMPLES) {
      expect(readme).toContain(readFileSync(join(ROOT, "examples", `${example}.mjs`), "utf8").trim());
    }
  });
});
