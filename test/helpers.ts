/** Shared test helpers: temporary folders, engines over a real SQLite file, the CLI in process and `engram serve`. */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Readable } from "node:stream";
import { afterEach } from "vitest";
import { runCli } from "../src/cli/program.js";
import {
  createEngine,
  type Engine,
  type EngineOptionsInput,
  type ExtractionPool,
} from "../src/core/index.js";
import { createHashEmbedder } from "../src/providers/index.js";
import type { Embedder } from "../src/spec/embedder.js";
import { createSqliteStore, type SqliteStore } from "../src/stores/sqlite/index.js";

const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

/** A fresh temporary folder, removed after the test. */
export function tempDir(prefix = "engram-test-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export interface TestEngine {
  engine: Engine;
  store: SqliteStore;
  path: string;
}

/** An engine over a new SQLite file; the hash embedder unless another is given. Closed after the test. */
export function openTestEngine(
  options: {
    embedder?: Embedder;
    options?: EngineOptionsInput;
    now?: () => number;
    path?: string;
    extractionPool?: ExtractionPool | null;
  } = {},
): TestEngine {
  const path = options.path ?? join(tempDir(), "engram.db");
  const store = createSqliteStore({ path });
  const engine = createEngine({
    store,
    embedder: options.embedder ?? createHashEmbedder(),
    options: options.options,
    now: options.now,
    extractionPool: options.extractionPool ?? undefined,
  });
  cleanups.push(() => engine.close());
  return { engine, store, path };
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON (for --json runs). */
  // biome-ignore lint/suspicious/noExplicitAny: a test reads whatever shape the command printed
  json: () => any;
}

/** Run the `engram` CLI in process with captured output; `stdinLines` feed commands that read standard input. */
export async function runEngram(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  stdinLines?: string[],
): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const code = await runCli(args, {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    env,
    interactive: false,
    ...(stdinLines ? { stdin: Readable.from(stdinLines.map((line) => `${line}\n`)) } : {}),
  });
  return { code, stdout, stderr, json: () => JSON.parse(stdout) };
}

export interface ServedEngram {
  child: ChildProcess;
  /** The line `serve --json` printed: where it listens, and whether it asks for keys. */
  info: { url: string; port: number; host: string; auth: boolean };
  /** `info.url` with 0.0.0.0 replaced by 127.0.0.1, to send requests to. */
  url: string;
  exited: Promise<number | null>;
  stderr(): string;
}

/**
 * Spawn `engram serve --port 0 --json` (hash embedder) over the store the flags name (`["--db", file]` or
 * `["--database-url", url]`) and wait for the line that says where it listens. Killed after the test.
 */
export async function startServe(
  storeFlags: string[],
  env: NodeJS.ProcessEnv = {},
  serveFlags: string[] = [],
): Promise<ServedEngram> {
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      "src/cli/main.ts",
      ...storeFlags,
      "--embedder",
      "hash",
      "--json",
      "serve",
      "--port",
      "0",
      ...serveFlags,
    ],
    {
      cwd: resolve(import.meta.dirname, ".."),
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  cleanups.push(() => {
    if (child.exitCode === null) child.kill("SIGKILL");
  });
  let stderr = "";
  child.stderr?.on("data", (chunk) => {
    stderr += String(chunk);
  });
  const exited = new Promise<number | null>((done) => child.once("exit", (code) => done(code)));
  const info = await new Promise<ServedEngram["info"]>((done, fail) => {
    let stdout = "";
    child.stdout?.on("data", (chunk) => {
      stdout += String(chunk);
      const line = stdout.split("\n").find((l) => l.startsWith("{"));
      if (line) done(JSON.parse(line));
    });
    child.once("exit", (code) => fail(new Error(`serve exited with ${code}: ${stderr}`)));
  });
  return { child, info, url: info.url.replace("0.0.0.0", "127.0.0.1"), exited, stderr: () => stderr };
}
