/**
 * HTTP load (issue 14's targets): a store of 10k memories (hash embedder) is filled once with `engram import`, copied,
 * and served twice with key auth, once with recall in the main thread (--recall-workers 0) and once on the worker
 * pool (the default); after 5 s of unrecorded warm-up load on each, autocannon runs recall at 8 and 64 connections on
 * both, interleaved, over several rounds, then remember at 64 connections; every acknowledged write is looked up in
 * the store afterwards.
 * Usage: npm run bench:http [-- --seconds 10 --rounds 2 --memories 10000 --workers 2]
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { availableParallelism, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { createSqliteStore } from "../src/stores/sqlite/index.js";
import { describeMachine, machineInfo, saveResult, syntheticSentences } from "./common.js";

interface Histogram {
  average: number;
  p50: number;
  p99: number;
}

interface AutocannonResult {
  requests: Histogram;
  latency: Histogram;
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodeStats: Record<string, { count: number }>;
}

interface AutocannonRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  setupRequest?: (request: { body?: string }) => { body?: string };
  onResponse?: (status: number, body: string) => void;
}

type Autocannon = (options: {
  url: string;
  connections: number;
  duration: number;
  timeout: number;
  requests: AutocannonRequest[];
}) => Promise<AutocannonResult>;

// autocannon ships no types; this is the part of its API used here.
const autocannon = createRequire(import.meta.url)("autocannon") as Autocannon;

const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "10" },
    rounds: { type: "string", default: "2" },
    memories: { type: "string", default: "10000" },
    workers: { type: "string", default: String(Math.min(4, availableParallelism())) },
  },
});
const seconds = Number(values.seconds);
const rounds = Number(values.rounds);
const memories = Number(values.memories);
const ROOT = resolve(import.meta.dirname, "..");
const USERS = 50;
const TEXTS = syntheticSentences(memories + 100_000, 7);
const QUERIES = syntheticSentences(200, 11).map((s) => s.split(" ").slice(0, 6).join(" "));
/** Seconds of unrecorded load on each server before the first round. */
const WARM_UP_SECONDS = 5;
/** Issue 14's targets at 10k memories, hash embedder, 2 cores. */
const TARGETS = {
  recall64: { requestsPerSecond: 150, p99Ms: 1000 },
  recall8: { requestsPerSecond: 100, p99Ms: 150 },
};

function engram(db: string, ...args: string[]): string {
  return execFileSync(
    process.execPath,
    ["--import", "tsx", "src/cli/main.ts", "--db", db, "--embedder", "hash", ...args],
    { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] },
  );
}

async function startServer(
  db: string,
  workers: number,
): Promise<{ child: ChildProcess; url: string; exited: Promise<number | null> }> {
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
      "--recall-workers",
      String(workers),
    ],
    { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] },
  );
  const exited = new Promise<number | null>((done) => child.once("exit", (code) => done(code)));
  const url = await new Promise<string>((done, fail) => {
    let out = "";
    child.stdout?.on("data", (chunk) => {
      out += String(chunk);
      const line = out.split("\n").find((l) => l.startsWith("{"));
      if (line) done((JSON.parse(line) as { url: string }).url);
    });
    child.once("exit", (code) => fail(new Error(`engram serve exited with ${code}`)));
  });
  return { child, url, exited };
}

interface Row {
  server: string;
  round: number;
  operation: string;
  connections: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  errors: number;
  timeouts: number;
  non2xx: number;
}

function row(
  server: string,
  round: number,
  operation: string,
  connections: number,
  result: AutocannonResult,
): Row {
  const total = Object.values(result.statusCodeStats).reduce((sum, s) => sum + Number(s.count), 0);
  return {
    server,
    round,
    operation,
    connections,
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: total,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
  };
}

/** Resolves once the server answers a cheap request again: the work queued before it is done. */
async function drained(url: string): Promise<void> {
  await fetch(`${url}/openapi.json`, { signal: AbortSignal.timeout(600_000) }).then((r) => r.text());
}

/** The benchmark's table, row by row. Over 150 lines: a script's sequence of measured rows, read in order. */
async function main() {
  const dir = mkdtempSync(join(tmpdir(), "engram-http-bench-"));
  const filled = join(dir, "filled.db");
  console.log(
    `HTTP load on ${describeMachine()}; hash embedder, ${memories} memories, key auth, ${seconds} s per run, ${rounds} rounds, loopback`,
  );
  const lines = TEXTS.slice(0, memories).map((text, i) =>
    JSON.stringify({ text, user: `u${i % USERS}`, session: `s${i % 500}` }),
  );
  writeFileSync(join(dir, "fill.jsonl"), `${lines.join("\n")}\n`);
  const fillStarted = performance.now();
  engram(filled, "import", join(dir, "fill.jsonl"));
  console.log(
    `filled ${memories} memories with engram import in ${((performance.now() - fillStarted) / 1000).toFixed(1)} s`,
  );
  const { key } = JSON.parse(engram(filled, "--json", "keys", "create", "--tenant", "default")) as {
    key: string;
  };
  const servers = [
    { name: "main thread", workers: 0 },
    { name: `${values.workers} recall workers`, workers: Number(values.workers) },
  ];
  const started = await Promise.all(
    servers.map(async ({ workers }) => {
      const db = join(dir, `workers-${workers}.db`);
      copyFileSync(filled, db);
      return { db, ...(await startServer(db, workers)) };
    }),
  );
  const headers = { "content-type": "application/json", authorization: `Bearer ${key}` };
  const rows: Row[] = [];
  const acknowledged = new Set<string>();
  let queryIndex = 0;
  let textIndex = memories;
  try {
    const recall = (url: string, connections: number, duration = seconds) =>
      autocannon({
        url,
        connections,
        duration,
        timeout: 10,
        requests: [
          {
            method: "POST",
            path: "/v1/recall",
            headers,
            setupRequest: (request) => {
              const i = queryIndex++;
              return {
                ...request,
                body: JSON.stringify({ query: QUERIES[i % QUERIES.length], user: `u${i % USERS}`, k: 10 }),
              };
            },
          },
        ],
      });
    // Warm-up, not recorded: the pool's workers start on the first recall and load for a few seconds (the main thread
    // answers meanwhile), text models and the vector index load, every user's scope is read once, and the JIT settles.
    // The figures below are the steady state; a 20-request warm-up left the workers' start-up inside round 1.
    for (const server of started) await recall(server.url, 8, WARM_UP_SECONDS);
    for (let round = 1; round <= rounds; round++) {
      for (const connections of [8, 64]) {
        for (const [i, server] of started.entries()) {
          const name = servers[i]?.name as string;
          // what the last row left queued (requests whose clients timed out) is finished before this row starts
          await drained(server.url);
          rows.push(row(name, round, "recall", connections, await recall(server.url, connections)));
          const last = rows[rows.length - 1] as Row;
          console.log(
            `round ${round} ${name} recall @${connections}: ${last.requestsPerSecond} req/s, p50 ${last.p50Ms} ms, p99 ${last.p99Ms} ms`,
          );
        }
      }
    }
    const pooled = started[1] as (typeof started)[number];
    await drained(pooled.url);
    const remember = await autocannon({
      url: pooled.url,
      connections: 64,
      duration: seconds,
      timeout: 10,
      requests: [
        {
          method: "POST",
          path: "/v1/memories",
          headers,
          setupRequest: (request) => {
            const i = textIndex++;
            return {
              ...request,
              body: JSON.stringify({
                text: TEXTS[i % TEXTS.length],
                user: `u${i % USERS}`,
                session: `s${i % 500}`,
              }),
            };
          },
          onResponse: (status, body) => {
            if (status < 200 || status >= 300) return;
            for (const item of (JSON.parse(body) as { items: { id: string }[] }).items)
              acknowledged.add(item.id);
          },
        },
      ],
    });
    rows.push(row(servers[1]?.name as string, rounds, "remember", 64, remember));
  } finally {
    for (const server of started) {
      server.child.kill("SIGTERM");
      await server.exited;
    }
  }
  console.table(rows);

  const pooledDb = started[1]?.db as string;
  const store = createSqliteStore({ path: pooledDb, readonly: true });
  const ids = [...acknowledged];
  let found = 0;
  for (let i = 0; i < ids.length; i += 500)
    found += (await store.get("default", ids.slice(i, i + 500))).length;
  await store.close();
  const verdict =
    found === ids.length ? "every acknowledged write is in the store" : "ACKNOWLEDGED WRITES MISSING";
  console.log(`remember @64: ${ids.length} acknowledged, ${found} found in the store: ${verdict}`);

  const pooledRows = rows.filter((r) => r.server === servers[1]?.name && r.operation === "recall");
  const range = (connections: number, field: "requestsPerSecond" | "p99Ms") => {
    const values = pooledRows.filter((r) => r.connections === connections).map((r) => r[field]);
    return [Math.min(...values), Math.max(...values)];
  };
  for (const [name, connections, target] of [
    ["recall @64", 64, TARGETS.recall64],
    ["recall @8", 8, TARGETS.recall8],
  ] as const) {
    const [low, high] = range(connections, "requestsPerSecond");
    const [p99Low, p99High] = range(connections, "p99Ms");
    const met = (low as number) >= target.requestsPerSecond && (p99High as number) <= target.p99Ms;
    console.log(
      `${name} on the pool: ${low}–${high} req/s (target ≥ ${target.requestsPerSecond}), p99 ${p99Low}–${p99High} ms (target ≤ ${target.p99Ms}): ${met ? "met" : "NOT met"}`,
    );
  }
  const rememberRow = rows.find((r) => r.operation === "remember") as Row;
  console.log(
    `remember @64: ${rememberRow.requestsPerSecond} req/s, p99 ${rememberRow.p99Ms} ms, timeouts ${rememberRow.timeouts} (target 0)`,
  );
  const path = saveResult("http-load", {
    machine: machineInfo(),
    seconds,
    rounds,
    memories,
    rows,
    acknowledged: ids.length,
    found,
  });
  console.log(`saved ${path}`);
  rmSync(dir, { recursive: true, force: true });
  if (found !== ids.length) process.exitCode = 1;
}

await main();
