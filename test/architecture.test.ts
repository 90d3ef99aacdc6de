/** The architecture's arrows, enforced: which folder of src/ may import which. */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
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
    "adapters",
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
    "adapters",
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
    "adapters",
    "(root)",
  ],
  core: [
    "stores",
    "providers",
    "apps",
    "server",
    "cli",
    "inspector",
    "evaluation",
    "testing",
    "adapters",
    "(root)",
  ],
  stores: [
    "core",
    "providers",
    "apps",
    "server",
    "cli",
    "inspector",
    "evaluation",
    "testing",
    "adapters",
    "(root)",
  ],
  providers: [
    "core",
    "stores",
    "apps",
    "server",
    "cli",
    "inspector",
    "evaluation",
    "testing",
    "adapters",
    "(root)",
  ],
  // apps are built on the Engine API: no app imports a store, a provider or a shell
  apps: ["stores", "providers", "server", "cli", "inspector", "evaluation", "testing", "adapters", "(root)"],
  // the server is a shell over an engine it is given: it never opens a store or an embedder, nor calls the CLI
  server: ["stores", "providers", "cli", "evaluation", "testing", "adapters", "(root)"],
  // the CLI is the outermost shell; it reaches the inspector through the server; the contract suites are for test
  // runners only, and the adapters for the frameworks that load them
  cli: ["inspector", "testing", "adapters"],
  // the harness measures an engine over a store it is given (the CLI or a bench script opens it), with no shell
  evaluation: ["stores", "apps", "server", "cli", "inspector", "testing", "adapters", "(root)"],
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
    "adapters",
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
  testing: [
    "core",
    "providers",
    "text",
    "apps",
    "server",
    "cli",
    "inspector",
    "evaluation",
    "adapters",
    "(root)",
  ],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts") ? [path] : [];
  });
}

function layerOf(root: string, file: string): string {
  const parts = relative(root, file).split("/");
  return parts.length === 1 ? "(root)" : (parts[0] as string);
}

/** Every relative module a file loads: `import … from`, `export … from`, `import(…)` and a bare `import "…"`. */
function relativeImports(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const specifiers = [
    ...text.matchAll(
      /(?:import|export)[^"']*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)|\bimport\s+["']([^"']+)["']/g,
    ),
  ].map((m) => (m[1] ?? m[2] ?? m[3]) as string);
  return specifiers.filter((s) => s.startsWith(".")).map((s) => resolve(dirname(file), s));
}

/** The imports of `layer`'s files under `root` that cross one of its forbidden arrows, as "file → target". */
function crossings(root: string, layer: string): string[] {
  const forbidden = FORBIDDEN[layer] ?? [];
  return sourceFiles(root)
    .filter((file) => layerOf(root, file) === layer)
    .flatMap((file) =>
      relativeImports(file)
        .filter((target) => forbidden.includes(layerOf(root, target)))
        .map((target) => `${relative(root, file)} → ${relative(root, target)}`),
    );
}

/** The files of apps/, adapters/ and server/ under `root` that reach into `engine.store`. */
function storeReaches(root: string): string[] {
  return sourceFiles(root)
    .filter((file) => ["apps", "adapters", "server"].includes(layerOf(root, file)))
    .filter((file) => /\bengine\.store\b/.test(readFileSync(file, "utf8")))
    .map((file) => relative(root, file));
}

/** The inspector's page runs in a browser and talks to the server over HTTP: any module it loads is a crossing. */
function pageImports(root: string): string[] {
  const page = join(root, "inspector", "page");
  if (!existsSync(page)) return [];
  return readdirSync(page)
    .filter((name) => /\.(js|mjs|html)$/.test(name))
    .flatMap((name) =>
      [
        ...readFileSync(join(page, name), "utf8").matchAll(
          /\bimport\s*(?:[^"'();]*?from\s*)?["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']|\brequire\(\s*["']([^"']+)["']/g,
        ),
      ].map((m) => `inspector/page/${name} → ${m[1] ?? m[2] ?? m[3]}`),
    );
}

/**
 * What `engram-memory/mechanisms` keeps only as a reference of the guide (src/mechanisms/index.ts lists it): nothing
 * outside mechanisms/ calls it, and its definition says so.
 */
const REFERENCE_MECHANISMS = [
  "dot",
  "attentionScores",
  "scaledDotProductAttention",
  "weightedSum",
  "memoryRead",
  "memoryWrite",
  "gatedUpdate",
  "sigmoid",
  "createGatedCell",
  "gatedCellForward",
  "gatedCellBackward",
  "gatedCellParameters",
  "gatedCellSequence",
  "gatedCellSequenceBackward",
  "attentionReadForward",
  "attentionReadBackward",
  "softmaxBackward",
  "embeddingBagForward",
  "embeddingBagBackward",
  "temporalEncodingForward",
  "temporalEncodingBackward",
  "sigmoidForward",
  "sigmoidBackward",
  "createAdagrad",
  "checkGradients",
];

/** The names `file` imports from a module under mechanisms/. */
function mechanismImports(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return [
    ...text.matchAll(/import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*["'][^"']*mechanisms\/[^"']*["']/g),
  ].flatMap((m) =>
    (m[1] as string)
      .split(",")
      .map(
        (name) =>
          name
            .trim()
            .replace(/^type\s+/, "")
            .split(/\s+as\s+/)[0] as string,
      )
      .filter(Boolean),
  );
}

/** The file header (its first comment) and the comment right above `name`'s definition, for each definition. */
function definitionComments(root: string, name: string): string[] {
  return sourceFiles(join(root, "mechanisms")).flatMap((file) => {
    const text = readFileSync(file, "utf8");
    const at = text.search(new RegExp(`export function ${name}\\(`));
    if (at < 0) return [];
    const header = text.match(/^\/\*\*[\s\S]*?\*\//)?.[0] ?? "";
    const before = text.slice(0, at);
    const own = before.trimEnd().endsWith("*/") ? before.slice(before.lastIndexOf("/**")) : "";
    return [`${header}\n${own}`];
  });
}

describe("architecture", () => {
  it("finds the source files", () => {
    expect(sourceFiles(SRC).length).toBeGreaterThan(10);
  });

  for (const [layer, forbidden] of Object.entries(FORBIDDEN)) {
    it(`${layer}/ imports none of: ${forbidden.join(", ")}`, () => {
      expect(crossings(SRC, layer)).toEqual([]);
    });
  }

  it("the inspector's page loads no module: it talks to the server over HTTP only", () => {
    expect(existsSync(join(SRC, "inspector", "page", "inspector.js"))).toBe(true);
    expect(pageImports(SRC)).toEqual([]);
  });

  it("each rule catches a file that crosses it (a planted tree)", () => {
    const root = mkdtempSync(join(tmpdir(), "engram-arrows-"));
    const plant = (path: string, text: string) => {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    };
    try {
      plant("core/engine.ts", 'import { x } from "../adapters/ai-sdk/tools.js";\nexport const engine = x;\n');
      plant(
        "apps/dialogue/app.ts",
        'import { y } from "../../server/http-app.js";\nimport "../../cli/main.js";\n',
      );
      plant("apps/reading/app.ts", "export const read = (engine: { store: unknown }) => engine.store;\n");
      plant("server/http-app.ts", 'export { run } from "../cli/program.js";\nimport "./routes.js";\n');
      plant("server/routes.ts", 'const pool = await import("../stores/sqlite/index.js");\n');
      plant(
        "cli/main.ts",
        'import { page } from "../inspector/inspector-assets.js";\nimport "../server/http-app.js";\n',
      );
      plant("evaluation/locomo.ts", 'import "../server/http-app.js";\nimport "../stores/sqlite/index.js";\n');
      plant(
        "evaluation/bench.ts",
        'import { openEngram } from "../open-engram.js";\nimport "../core/engine.js";\n',
      );
      plant(
        "inspector/inspector-assets.ts",
        'import { readFileSync } from "node:fs";\nimport "../core/engine.js";\n',
      );
      plant(
        "inspector/page/inspector.js",
        'import { createEngine } from "../../core/engine.js";\nfetch("/v1/stats");\n',
      );
      plant("open-engram.ts", 'import "./core/engine.js";\n');
      plant("core/recall.ts", 'import { dot, softmax } from "../mechanisms/index.js";\n');
      expect(crossings(root, "core")).toEqual(["core/engine.ts → adapters/ai-sdk/tools.js"]);
      expect(crossings(root, "apps")).toEqual([
        "apps/dialogue/app.ts → server/http-app.js",
        "apps/dialogue/app.ts → cli/main.js",
      ]);
      expect(storeReaches(root)).toEqual(["apps/reading/app.ts"]);
      expect(crossings(root, "server")).toEqual([
        "server/http-app.ts → cli/program.js",
        "server/routes.ts → stores/sqlite/index.js",
      ]);
      expect(crossings(root, "cli")).toEqual(["cli/main.ts → inspector/inspector-assets.js"]);
      expect(crossings(root, "evaluation")).toEqual([
        "evaluation/bench.ts → open-engram.js",
        "evaluation/locomo.ts → server/http-app.js",
        "evaluation/locomo.ts → stores/sqlite/index.js",
      ]);
      expect(crossings(root, "inspector")).toEqual(["inspector/inspector-assets.ts → core/engine.js"]);
      expect(pageImports(root)).toEqual(["inspector/page/inspector.js → ../../core/engine.js"]);
      expect(
        mechanismImports(join(root, "core/recall.ts")).filter((name) => REFERENCE_MECHANISMS.includes(name)),
      ).toEqual(["dot"]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it("mechanisms kept as a reference are labelled so, called by nothing outside mechanisms/, and still exported there", () => {
    const index = readFileSync(join(SRC, "mechanisms", "index.ts"), "utf8");
    const callers = sourceFiles(SRC)
      .filter((file) => layerOf(SRC, file) !== "mechanisms")
      .flatMap((file) =>
        mechanismImports(file)
          .filter((name) => REFERENCE_MECHANISMS.includes(name))
          .map((name) => `${relative(SRC, file)} → ${name}`),
      );
    expect(callers).toEqual([]);
    for (const name of REFERENCE_MECHANISMS) {
      expect(index, name).toMatch(new RegExp(`\\b${name}\\b`));
      const comments = definitionComments(SRC, name);
      expect(comments.length, name).toBe(1);
      expect(comments[0], name).toMatch(/reference/i);
    }
  });

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
    expect(storeReaches(SRC)).toEqual([]);
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
