/**
 * What installing engram-memory weighs and takes: `npm pack`, then offline installs of the tarball into empty folders
 * (`npm ci --offline` from the npm cache): the package alone, without its optional local model, with the four
 * frameworks the adapters bridge, and once with better-sqlite3 compiled from source as an offline user's install
 * would (the others reuse the project's build: the compile dominates and is the same each time).
 * Usage: npm run bench:package [-- --runs 2 --compile true|false]
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { FRAMEWORKS, type InstallResult, installOffline, pack } from "../test/helpers/pack.js";
import { describeMachine, machineInfo, saveResult } from "./common.js";

const { values } = parseArgs({
  options: { runs: { type: "string", default: "2" }, compile: { type: "string", default: "true" } },
});
const runs = Number(values.runs);
const mb = (bytes: number) => (bytes / 1e6).toFixed(1);

/** In an install without optional dependencies: the hash embedder works, the local one says how to get it. */
function withoutModel(folder: string): string {
  const script = [
    'import { openEngram } from "engram-memory";',
    'const engram = await openEngram({ db: "./check.db", embedder: { kind: "hash" } });',
    'await engram.remember({ text: "Ana lives in Lisbon.", user: "ana" });',
    'const hash = (await engram.recall({ query: "Lisbon", user: "ana" })).results.length;',
    "await engram.close();",
    'const local = await openEngram({ db: "./check-local.db" });',
    'const error = await local.recall({ query: "Lisbon" }).then(() => "no error", (e) => e.message);',
    "await local.close().catch(() => {});",
    "console.log(JSON.stringify({ hash, local: error }));",
  ].join("\n");
  writeFileSync(join(folder, "check.mjs"), script);
  const run = spawnSync("node", ["check.mjs"], {
    cwd: folder,
    encoding: "utf8",
    env: { ...process.env, ENGRAM_EMBEDDER: "" },
  });
  return run.status === 0 ? run.stdout.trim() : `failed: ${run.stderr.slice(-400)}`;
}

const dir = mkdtempSync(join(tmpdir(), "engram-bench-package-"));
try {
  const packed = pack(dir);
  console.log(describeMachine());
  console.log(
    `tarball: ${mb(packed.size)} MB packed, ${mb(packed.unpackedSize)} MB unpacked, ${packed.files} files`,
  );
  const variants = [
    { name: "engram-memory", extra: [] as readonly string[], omitOptional: false },
    {
      name: "engram-memory --omit=optional (no local model)",
      extra: [] as readonly string[],
      omitOptional: true,
    },
    {
      name: "engram-memory + ai, @langchain/core, @langchain/langgraph, @mastra/core",
      extra: FRAMEWORKS,
      omitOptional: false,
    },
  ];
  const rows: {
    variant: string;
    seconds: number[];
    megabytes: number;
    largest: { name: string; megabytes: number }[];
  }[] = [];
  for (const variant of variants) {
    const seconds: number[] = [];
    let last: InstallResult | undefined;
    for (let run = 0; run < runs; run++) {
      last = installOffline(packed, join(dir, `${rows.length}-${run}`), variant.extra, {
        omitOptional: variant.omitOptional,
        reuseNativeBuild: true,
      });
      seconds.push(Number(last.seconds.toFixed(1)));
    }
    if (variant.omitOptional && last) console.log(`  without the local model: ${withoutModel(last.folder)}`);
    const largest = (last?.largest ?? [])
      .slice(0, 8)
      .map((p) => ({ name: p.name, megabytes: Number(mb(p.bytes)) }));
    rows.push({ variant: variant.name, seconds, megabytes: Number(mb(last?.bytes ?? 0)), largest });
    console.log(
      `${variant.name}: ${mb(last?.bytes ?? 0)} MB installed, npm ci ${seconds.join(" / ")} s (native build reused)`,
    );
    console.log(`  largest: ${largest.map((p) => `${p.name} ${p.megabytes} MB`).join(", ")}`);
  }
  let compiled: { seconds: number; megabytes: number } | null = null;
  if (values.compile === "true") {
    const result = installOffline(packed, join(dir, "compiled"), []);
    compiled = { seconds: Number(result.seconds.toFixed(1)), megabytes: Number(mb(result.bytes)) };
    console.log(
      `engram-memory, better-sqlite3 compiled from source: ${compiled.megabytes} MB, npm ci ${compiled.seconds} s`,
    );
  }
  const path = saveResult("package-install", {
    machine: machineInfo(),
    tarball: { bytes: packed.size, unpackedBytes: packed.unpackedSize, files: packed.files },
    rows,
    compiled,
  });
  console.log(`saved ${path}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
