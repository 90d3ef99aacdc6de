/** The fuzzers' processes, without vitest (so `npm run fuzz` runs them too): `engram serve` spawned, the CLI in process. */
import { type ChildProcess, spawn } from "node:child_process";
import { resolve } from "node:path";
import { runCli } from "../../src/cli/program.js";

const ROOT = resolve(import.meta.dirname, "..", "..");

export interface Served {
  url: string;
  child: ChildProcess;
  /** What the server wrote to stderr (its log of server-side errors). */
  stderr(): string;
  stop(): Promise<void>;
}

/** `engram serve --port 0 --json` (hash embedder) over a SQLite file, once it says where it listens. */
export async function spawnServe(db: string, env: NodeJS.ProcessEnv = {}): Promise<Served> {
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      "src/cli/main.ts",
      "--db",
      db,
      "--embedder",
      "hash",
      "--json",
      "serve",
      "--port",
      "0",
    ],
    { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] },
  );
  let stderr = "";
  child.stderr?.on("data", (chunk) => {
    stderr += String(chunk);
  });
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  const url = await new Promise<string>((done, fail) => {
    let out = "";
    child.stdout?.on("data", (chunk) => {
      out += String(chunk);
      const line = out.split("\n").find((l) => l.startsWith("{"));
      if (line) done((JSON.parse(line) as { url: string }).url);
    });
    child.once("exit", (code) => fail(new Error(`engram serve exited with ${code}: ${stderr}`)));
  });
  return {
    url,
    child,
    stderr: () => stderr,
    async stop() {
      if (child.exitCode === null) child.kill("SIGKILL");
      await exited;
    },
  };
}

/** The CLI in this process, its output captured. */
export async function runEngramCli(
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await runCli(args, {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    env: {},
    interactive: false,
  });
  return { code, stdout, stderr };
}
