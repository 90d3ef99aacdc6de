/**
 * HTTP load: `engram serve` on a free loopback port (temporary store, hash embedder), autocannon for remember and
 * recall at 1, 8 and 64 connections; throughput, p50/p99 latency and errors; then every acknowledged write is looked
 * up in the store. Usage: npm run bench:http [-- --seconds 5 --connections 1,8,64]
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
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
  duration: number;
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
  requests: AutocannonRequest[];
}) => Promise<AutocannonResult>;

// autocannon ships no types; this is the part of its API used here.
const autocannon = createRequire(import.meta.url)("autocannon") as Autocannon;

const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "5" },
    connections: { type: "string", default: "1,8,64" },
  },
});
const seconds = Number(values.seconds);
const connectionCounts = values.connections.split(",").map(Number);
const ROOT = resolve(import.meta.dirname, "..");
const TEXTS = syntheticSentences(50_000, 7);
const QUERIES = syntheticSentences(200, 11).map((s) => s.split(" ").slice(0, 6).join(" "));

async function startServer(
  db: string,
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
  operation: string;
  connections: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  errors: number;
  non2xx: number;
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), "engram-http-bench-"));
  const db = join(dir, "bench.db");
  const acknowledged = new Set<string>();
  let textIndex = 0;
  let queryIndex = 0;
  const rows: Row[] = [];
  console.log(`HTTP load on ${describeMachine()}; hash embedder, ${seconds} s per run, loopback`);
  const server = await startServer(db);
  try {
    const headers = { "content-type": "application/json" };
    // Warm-up: the first write loads the text models; that load is not part of the figures.
    const warm = await fetch(`${server.url}/v1/memories`, {
      method: "POST",
      headers,
      body: JSON.stringify({ text: "Warm-up: Ana lives in Lisbon.", user: "warm" }),
    });
    for (const item of ((await warm.json()) as { items: { id: string }[] }).items) acknowledged.add(item.id);
    await fetch(`${server.url}/v1/recall`, {
      method: "POST",
      headers,
      body: JSON.stringify({ query: "Lisbon" }),
    });
    for (const connections of connectionCounts) {
      const remember = await autocannon({
        url: server.url,
        connections,
        duration: seconds,
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
                  user: `u${i % 50}`,
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
      const recall = await autocannon({
        url: server.url,
        connections,
        duration: seconds,
        requests: [
          {
            method: "POST",
            path: "/v1/recall",
            headers,
            setupRequest: (request) => {
              const i = queryIndex++;
              return {
                ...request,
                body: JSON.stringify({ query: QUERIES[i % QUERIES.length], user: `u${i % 50}`, k: 10 }),
              };
            },
          },
        ],
      });
      for (const [operation, result] of [
        ["remember", remember],
        ["recall", recall],
      ] as const) {
        const total = Object.values(result.statusCodeStats).reduce((sum, s) => sum + Number(s.count), 0);
        rows.push({
          operation,
          connections,
          requestsPerSecond: Math.round(result.requests.average),
          p50Ms: result.latency.p50,
          p99Ms: result.latency.p99,
          requests: total,
          errors: result.errors + result.timeouts,
          non2xx: result.non2xx,
        });
      }
    }
  } finally {
    server.child.kill("SIGTERM");
    console.log(`engram serve exited with ${await server.exited} after SIGTERM`);
  }

  console.table(rows);
  const store = createSqliteStore({ path: db, readonly: true });
  const ids = [...acknowledged];
  let found = 0;
  for (let i = 0; i < ids.length; i += 500)
    found += (await store.get("default", ids.slice(i, i + 500))).length;
  const stats = await store.stats("default");
  await store.close();
  const verdict =
    found === ids.length ? "every acknowledged write is in the store" : "ACKNOWLEDGED WRITES MISSING";
  console.log(
    `acknowledged writes: ${ids.length} distinct memories; found in the store: ${found}; store holds ${stats.memories}: ${verdict}`,
  );
  const path = saveResult("http-load", {
    machine: machineInfo(),
    seconds,
    rows,
    acknowledged: ids.length,
    found,
    stored: stats.memories,
  });
  console.log(`saved ${path}`);
  rmSync(dir, { recursive: true, force: true });
  if (found !== ids.length) process.exitCode = 1;
}

await main();
