/** The architecture's arrows, enforced: which folder of src/ may import which. */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const SRC = resolve(import.meta.dirname, "..", "src");

/** For each layer, the layers it must never import. */
const FORBIDDEN: Record<string, string[]> = {
  spec: ["mechanisms", "core", "stores", "providers", "text", "apps", "server", "cli", "inspector", "(root)"],
  mechanisms: ["core", "stores", "providers", "text", "apps", "server", "cli", "inspector", "(root)"],
  text: ["core", "stores", "providers", "apps", "server", "cli", "inspector", "(root)"],
  core: ["stores", "providers", "server", "cli", "inspector", "(root)"],
  stores: ["core", "providers", "apps", "server", "cli", "inspector", "(root)"],
  providers: ["core", "stores", "apps", "server", "cli", "inspector", "(root)"],
  // thin bridges: the engine's public API (the package root's names) and the spec, nothing inside
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
  ],
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

  it("adapters/ never reach into engine.store: they go through the Engine API", () => {
    const reaching = files
      .filter((file) => layerOf(file) === "adapters")
      .filter((file) => /\.store\b/.test(readFileSync(file, "utf8")))
      .map((file) => relative(SRC, file));
    expect(reaching).toEqual([]);
  });

  it("src/index.ts names every export (no export *)", () => {
    const index = readFileSync(join(SRC, "index.ts"), "utf8");
    expect(index).not.toMatch(/export \*/);
  });
});
