/**
 * Kill loops (issue 14): `engram import` and `engram serve` killed with SIGKILL at a random moment, again and again,
 * on SQLite and on PostgreSQL (a private server started with the durable defaults, synchronous_commit on). Counts:
 * runs, writes acknowledged (a 201, or an import that finished), lost (acknowledged and missing afterwards: must be
 * 0), and torn imports (a run that left part of a batch: must be 0). The store must pass `engram doctor` at the end.
 * Usage: npm run bench:kill [-- --runs 10 --stores sqlite,postgres]
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import type { Store } from "../src/spec/store.js";
import { createPostgresStore } from "../src/stores/postgres/index.js";
import { createSqliteStore } from "../src/stores/sqlite/index.js";
import { describeMachine, machineInfo, saveResult, seeded } from "./common.js";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "10" },
    stores: { type: "string", default: "sqlite,postgres" },
    lines: { type: "string", default: "3000" },
  },
});
const RUNS = Number(values.runs);
const LINES = Number(values.lines);
const BATCH = 256;
const ROOT = resolve(import.meta.dirname, "..");
const random = seeded(14);
const dir = mkdtempSync(join(tmpdir(), "engram-kill-"));

interface Row {
  store: string;
  loop: string;
  runs: number;
  killed: number;
  acknowledged: number;
  lost: number;
  torn: number;
  doctor: string;
}

function cli(storeFlags: string[], args: string[]): ChildProcess {
  return spawn(
    process.execPath,
    ["--import", "tsx", "src/cli/main.ts", ...storeFlags, "--embedder", "hash", ...args],
    {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
}

const pause = (ms: number) => new Promise((done) => setTimeout(done, ms));

function doctor(storeFlags: string[]): string {
  try {
    execFileSync(process.execPath, ["--import", "tsx", "src/cli/main.ts", ...storeFlags, "doctor"], {
      cwd: ROOT,
      stdio: "ignore",
    });
    return "healthy";
  } catch {
    return "PROBLEMS";
  }
}

/** How many episodes a tenant holds now. */
async function episodes(store: Store, tenant: string): Promise<number> {
  return (await store.stats(tenant)).byKind.episode ?? 0;
}

/**
 * Imports of LINES turns into a tenant of their own. Three runs in four are killed a random 0–2 s after their first
 * batch committed; the fourth is left to finish (its lines are then acknowledged).
 */
async function importLoop(name: string, storeFlags: string[], open: () => Store): Promise<Row> {
  let acknowledged = 0;
  let killed = 0;
  const finished: { tenant: string; lines: number }[] = [];
  const torn: string[] = [];
  const tenants: string[] = [];
  const reader = open();
  for (let run = 0; run < RUNS; run++) {
    const tenant = `import-${run}`;
    tenants.push(tenant);
    const file = join(dir, `${name}-import-${run}.jsonl`);
    const lines = Array.from({ length: LINES }, (_, i) =>
      JSON.stringify({
        text: `run ${run} turn ${i}: the fox ${i % 97} and the dog ${i % 89}`,
        tenant,
        user: `u${i % 3}`,
        dedupe: false,
      }),
    );
    writeFileSync(file, `${lines.join("\n")}\n`);
    const child = cli(storeFlags, ["import", file]);
    let code: number | null | undefined;
    const exited = new Promise<void>((done) =>
      child.once("exit", (exit) => {
        code = exit;
        done();
      }),
    );
    if (run % 4 !== 3) {
      while (code === undefined && (await episodes(reader, tenant)) === 0) await pause(50);
      await pause(random() * 2000);
      if (code === undefined) {
        child.kill("SIGKILL");
        killed++;
      }
    }
    await exited;
    if (code === 0) {
      acknowledged += LINES;
      finished.push({ tenant, lines: LINES });
    }
  }
  let lost = 0;
  try {
    for (const tenant of tenants) {
      const count = await episodes(reader, tenant);
      const done = finished.find((f) => f.tenant === tenant);
      if (done) lost += Math.max(0, done.lines - count);
      else if (count % BATCH !== 0) torn.push(`${tenant}: ${count}`);
    }
  } finally {
    await reader.close();
  }
  return {
    store: name,
    loop: "import",
    runs: RUNS,
    killed,
    acknowledged,
    lost,
    torn: torn.length,
    doctor: doctor(storeFlags),
  };
}

/** `engram serve` under four writers, killed a random 0.5–4 s after its first answer, started again on the same store. */
async function serveLoop(name: string, storeFlags: string[], open: () => Store): Promise<Row> {
  const acknowledged = new Set<string>();
  let killed = 0;
  for (let run = 0; run < RUNS; run++) {
    const child = cli(storeFlags, ["--json", "serve", "--port", "0", "--recall-workers", "0"]);
    const exited = new Promise<void>((done) => child.once("exit", () => done()));
    const url = await new Promise<string>((done, fail) => {
      let out = "";
      child.stdout?.on("data", (chunk) => {
        out += String(chunk);
        const line = out.split("\n").find((l) => l.startsWith("{"));
        if (line) done((JSON.parse(line) as { url: string }).url);
      });
      child.once("exit", (code) => fail(new Error(`serve exited with ${code}`)));
    });
    // the first write loads the text models: the clock starts once the server answers
    const warm = await fetch(`${url}/v1/memories`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ text: `run ${run} warm-up`, user: "warm", dedupe: false }),
    });
    if (warm.status === 201)
      for (const item of ((await warm.json()) as { items: { id: string }[] }).items)
        acknowledged.add(item.id);
    let stop = false;
    const writer = async (w: number) => {
      for (let i = 0; !stop; i++) {
        try {
          const response = await fetch(`${url}/v1/memories`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ text: `run ${run} writer ${w} note ${i}`, user: `w${w}`, dedupe: false }),
          });
          if (response.status === 201) {
            for (const item of ((await response.json()) as { items: { id: string }[] }).items)
              acknowledged.add(item.id);
          } else await response.text();
        } catch {
          return; // the server is gone
        }
      }
    };
    const writers = [0, 1, 2, 3].map(writer);
    await pause(500 + random() * 3500);
    child.kill("SIGKILL");
    killed++;
    await exited;
    stop = true;
    await Promise.all(writers);
  }
  const store = open();
  let found = 0;
  try {
    const ids = [...acknowledged];
    for (let i = 0; i < ids.length; i += 500)
      found += (await store.get("default", ids.slice(i, i + 500))).length;
  } finally {
    await store.close();
  }
  return {
    store: name,
    loop: "HTTP",
    runs: RUNS,
    killed,
    acknowledged: acknowledged.size,
    lost: acknowledged.size - found,
    torn: 0,
    doctor: doctor(storeFlags),
  };
}

/** A private PostgreSQL with the durable defaults (scripts/setup-postgres.sh, ENGRAM_PG_DURABLE=1); its URL and a stop. */
function startPostgres(): { url: string; stop: () => void } {
  // under /tmp itself: the postgres user must reach it (the run's own folder is root's alone)
  const pgDir = join("/tmp", `engram-kill-pg-${process.pid}`);
  const port = String(56_000 + (process.pid % 400));
  const url = execFileSync("bash", [join(ROOT, "scripts/setup-postgres.sh")], {
    env: { ...process.env, ENGRAM_PG_DIR: pgDir, ENGRAM_PG_PORT: port, ENGRAM_PG_DURABLE: "1" },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  })
    .trim()
    .split("\n")
    .pop() as string;
  const stop = () =>
    execFileSync(
      "su",
      [
        "postgres",
        "-s",
        "/bin/sh",
        "-c",
        `/usr/lib/postgresql/15/bin/pg_ctl -D '${pgDir}/data' -m fast stop`,
      ],
      {
        stdio: "ignore",
      },
    );
  return { url, stop };
}

async function main(): Promise<void> {
  console.log(
    `kill loops on ${describeMachine()}: ${RUNS} runs per loop, ${LINES} lines per import, SIGKILL`,
  );
  const rows: Row[] = [];
  const stores = values.stores.split(",");
  try {
    if (stores.includes("sqlite")) {
      const db = join(dir, "kill.db");
      const flags = ["--db", db];
      const open = () => createSqliteStore({ path: db });
      rows.push(await importLoop("SQLite", flags, open));
      rows.push(await serveLoop("SQLite", flags, open));
    }
    if (stores.includes("postgres")) {
      if (process.getuid?.() !== 0)
        throw new Error("the PostgreSQL loops start a private server: run them as root");
      const pg = startPostgres();
      try {
        const flags = ["--database-url", pg.url];
        const open = () => createPostgresStore({ url: pg.url });
        rows.push(await importLoop("PostgreSQL (synchronous_commit on)", flags, open));
        rows.push(await serveLoop("PostgreSQL (synchronous_commit on)", flags, open));
      } finally {
        pg.stop();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.table(rows);
  const path = saveResult("kill-loops", { machine: machineInfo(), runs: RUNS, lines: LINES, rows });
  console.log(`saved ${path}`);
  if (rows.some((row) => row.lost > 0 || row.torn > 0 || row.doctor !== "healthy")) process.exitCode = 1;
}

await main();
