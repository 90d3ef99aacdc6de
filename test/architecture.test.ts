/** The architecture's arrows, enforced: which folder of src/ may import which. */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const SRC = resolve(import.meta.dirname, "..", "src");

/** For each layer, the layers it must never import. */
const FORBIDDEN: Record<string, string[]> = {
  spec: [
    "mechanisms",
    "core",
    "stores",
    "providers",
    "text",
    "apps",
    "server",
    "cli",
    "inspector",
    "evaluation",
    "testing",
    "(root)",
  ],
  mechanisms: [
    "core",
    "stores",
    "providers",
    "text",
    "apps",
    "server",
    "cli",
    "inspector",
    "evaluation",
    "testing",
    "(root)",
  ],
  text: [
    "core",
    "stores",
    "providers",
    "apps",
    "server",
    "cli",
    "inspector",
    "evaluation",
    "testing",
    "(root)",
  ],
  core: ["stores", "providers", "apps", "server", "cli", "inspector", "evaluation", "testing", "(root)"],
  stores: ["core", "providers", "apps", "server", "cli", "inspector", "evaluation", "testing", "(root)"],
  providers: ["core", "stores", "apps", "server", "cli", "inspector", "evaluation", "testing", "(root)"],
  // apps are built on the Engine API: no app imports a store, a provider or a shell
  apps: ["stores", "providers", "server", "cli", "inspector", "evaluation", "testing", "(root)"],
  // the server is a shell over an engine it is given: it never opens a store or an embedder, nor calls the CLI
  server: ["stores", "providers", "cli", "evaluation", "testing", "(root)"],
  // the CLI is the outermost shell; the contract suites are for test runners only
  cli: ["testing"],
  evaluation: ["apps", "server", "cli", "inspector", "testing"],
  // the inspector is a page and the file that serves it: it imports nothing of Engram
  inspector: [
    "spec",
    "mechanisms",
    "text",
    "core",
    "stores",
    "providers",
    "apps",
    "server",
    "cli",
    "evaluation",
    "testing",
    "(root)",
  ],
  // thin bridges from frameworks: the engine's public API (the package root's names) and the spec, nothing inside
  adapters: [
    "mechanisms",
    "core",
    "stores",
    "providers",
    "text",
    "apps",
    "server",
    "cli",
    "inspector",
    "evaluation",
    "testing",
  ],
  // the contract suites check a Store from the outside: spec, mechanisms and the stores' shared key helpers only
  testing: ["core", "providers", "text", "apps", "server", "cli", "inspector", "evaluation", "(root)"],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts") ? [path] : [];
  });
}

function layerOf(file: string): string {
  const parts = relative(SRC, file).split("/");
  return parts.length === 1 ? "(root)" : (parts[0] as string);
}

function relativeImports(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const specifiers = [
    ...text.matchAll(/(?:import|export)[^"']*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g),
  ].map((m) => (m[1] ?? m[2]) as string);
  return specifiers.filter((s) => s.startsWith(".")).map((s) => resolve(dirname(file), s));
}

describe("architecture", () => {
  const files = sourceFiles(SRC);

  it("finds the source files", () => {
    expect(files.length).toBeGreaterThan(10);
  });

  for (const [layer, forbidden] of Object.entries(FORBIDDEN)) {
    it(`${layer}/ imports none of: ${forbidden.join(", ")}`, () => {
      const violations = files
        .filter((file) => layerOf(file) === layer)
        .flatMap((file) =>
          relativeImports(file)
            .filter((target) => forbidden.includes(layerOf(target)))
            .map((target) => `${relative(SRC, file)} → ${relative(SRC, target)}`),
        );
      expect(violations).toEqual([]);
    });
  }

  it("src/index.ts names every export (no export *)", () => {
    const index = readFileSync(join(SRC, "index.ts"), "utf8");
    expect(index).not.toMatch(/export \*/);
  });

  it("the root exports nothing of mechanisms/, apps/, server/ or the SQL stores: they have entry points of their own", () => {
    const index = readFileSync(join(SRC, "index.ts"), "utf8");
    const sources = [...index.matchAll(/from "\.\/([^"]+)"/g)].map((m) => m[1] as string);
    expect(
      sources.filter((source) => /^(mechanisms|apps|server|stores\/(sqlite|postgres))\//.test(source)),
    ).toEqual([]);
  });

  it("apps, adapters and the server reach memories through the Engine API, never through engine.store", () => {
    const reaching = files
      .filter((file) => ["apps", "adapters", "server"].includes(layerOf(file)))
      .filter((file) => /\bengine\.store\b/.test(readFileSync(file, "utf8")))
      .map((file) => relative(SRC, file));
    expect(reaching).toEqual([]);
  });

  it("every entry point in package.json's exports is a source file with its types", () => {
    const manifest = JSON.parse(readFileSync(join(SRC, "..", "package.json"), "utf8")) as {
      exports: Record<string, string | { types?: string; import?: string }>;
    };
    for (const [subpath, target] of Object.entries(manifest.exports)) {
      if (typeof target === "string" || target.import === undefined) continue;
      const source = target.import.replace(/^\.\/dist\//, "").replace(/\.js$/, ".ts");
      expect(existsSync(join(SRC, source)), `${subpath} → src/${source}`).toBe(true);
      expect(target.types, subpath).toBe(target.import.replace(/\.js$/, ".d.ts"));
    }
  });
});
