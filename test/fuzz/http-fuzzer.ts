/**
 * The HTTP fuzzer: a real `engram serve` on a loopback socket, every route that /openapi.json lists at run time (so a
 * route added later is fuzzed too) plus /mcp, seeded hostile requests, and the oracle of issue 14: no 5xx (but 501
 * not_available, a feature this server lacks), every error application/problem+json with a consistent body (MCP's
 * protocol errors are JSON-RPC, as its spec says), no answer later than 5 s, and a server alive at the end.
 */
import { mcpMessage } from "./mcp-fuzzer.js";
import { type Failure, HANG_MS } from "./oracle.js";
import {
  chance,
  deepValue,
  instanceOf,
  mutate,
  nastyString,
  pick,
  type Random,
  rawText,
  seededRandom,
} from "./values.js";

export interface Operation {
  method: string;
  path: string;
  query: string[];
  bodyTypes: string[];
  bodySchema?: Record<string, unknown>;
}

export interface FuzzReport {
  cases: number;
  /** Requests sent again because a kept-alive socket had been closed under them. */
  retried: number;
  /** The ten slowest answers. */
  slowest: { label: string; millis: number }[];
  byStatus: Record<string, number>;
  failures: Failure[];
  routes: string[];
  millis: number;
}

type Document = {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: { name: string; in: string }[];
        requestBody?: { content: Record<string, { schema?: Record<string, unknown> }> };
      }
    >
  >;
};

/** Every operation of the document, as the fuzzer reads it. */
export function operationsOf(document: Document): Operation[] {
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => {
      const content = op.requestBody?.content ?? {};
      const types = Object.keys(content);
      return {
        method: method.toUpperCase(),
        path,
        query: (op.parameters ?? []).filter((p) => p.in === "query").map((p) => p.name),
        bodyTypes: types,
        bodySchema: types.includes("application/json") ? content["application/json"]?.schema : undefined,
      };
    }),
  );
}

const TMX_BODIES = [
  "<tmx version='1.4'><header srclang='en'/><body><tu><tuv xml:lang='en'><seg>Hello</seg></tuv><tuv xml:lang='zh-CN'><seg>你好</seg></tuv></tu></body></tmx>",
  "<tmx version='1.4'><body><tu><tuv xml:lang='en'><seg>unclosed</seg></tuv>",
  `<tmx>${"<tu>".repeat(3000)}</tmx>`,
  "<?xml version='1.0'?><!DOCTYPE tmx [<!ENTITY a 'aaaaaaaaaa'><!ENTITY b '&a;&a;&a;&a;&a;&a;&a;&a;'>]><tmx><body><tu><tuv xml:lang='en'><seg>&b;</seg></tuv></tu></body></tmx>",
  "not xml at all <",
];

function importBody(random: Random, memoryLines: string[]): string {
  const lines: string[] = [];
  const n = 1 + Math.floor(random() * 6);
  for (let i = 0; i < n; i++) {
    const roll = random();
    if (roll < 0.35)
      lines.push(JSON.stringify({ text: `imported ${nastyString(random).slice(0, 200)} ${i}`, user: "fz" }));
    else if (roll < 0.55 && memoryLines.length > 0) {
      const line = JSON.parse(pick(random, memoryLines));
      lines.push(JSON.stringify(chance(random, 0.7) ? mutate(line, random) : line));
    } else if (roll < 0.75)
      lines.push(JSON.stringify(mutate({ text: "x", user: "u", at: "2024-05-01T10:00:00Z" }, random)));
    else lines.push(rawText(random, '{"text":"x"}'));
  }
  return lines.join(chance(random, 0.1) ? "\r\n" : "\n");
}

/** A path segment, percent-encoded; a lone surrogate (which no URL can carry) becomes U+FFFD first. */
function encodeSegment(text: string): string {
  return encodeURIComponent(text.replace(/[\uD800-\uDFFF]/g, "\uFFFD"));
}

export interface HttpFuzzOptions {
  url: string;
  adminKey: string;
  cases: number;
  seed: number;
  /** Requests in flight at once. */
  concurrency?: number;
  /** Whether the server process is still running (checked after every request). */
  alive: () => boolean;
}

/**
 * Runs `cases` seeded requests against a running server; resolves to the report (failures listed, never thrown).
 * @example
 * const report = await fuzzHttp({ url, adminKey, cases: 2000, seed: 1, alive: () => child.exitCode === null });
 */
export async function fuzzHttp(options: HttpFuzzOptions): Promise<FuzzReport> {
  const started = performance.now();
  const random = seededRandom(options.seed);
  const auth = { authorization: `Bearer ${options.adminKey}` };
  const document = (await (await fetch(`${options.url}/openapi.json`)).json()) as Document &
    Record<string, unknown>;
  const operations = operationsOf(document);
  operations.push({ method: "POST", path: "/mcp", query: [], bodyTypes: ["application/json"] });

  // some state to aim at: memories, an export, a graph, a translation unit
  const ids: string[] = [];
  const seedBody = {
    items: ["Ana moved to Lisbon in May.", "Ana adopted two kittens.", "Bob plays the piano."].map(
      (text) => ({ text, user: "fz" }),
    ),
  };
  const written = await fetch(`${options.url}/v1/memories`, {
    method: "POST",
    headers: { ...auth, "content-type": "application/json" },
    body: JSON.stringify(seedBody),
  });
  for (const item of ((await written.json()) as { items: { id: string }[] }).items) ids.push(item.id);
  const exported = await (await fetch(`${options.url}/v1/export`, { headers: auth })).text();
  const memoryLines = exported.split("\n").filter((line) => line.includes('"type":"memory"'));
  // one plain request per route first, not judged: what loads on first use (text models, a route's app, the recall
  // workers) loads here, so the 5 s limit below is about answering, not about starting
  const warm = seededRandom(options.seed + 1);
  for (const op of operations) {
    const body = op.bodySchema ? JSON.stringify(instanceOf(op.bodySchema, document, warm)) : undefined;
    const path = op.path.replace(/\{[^}]+\}/g, ids[0] ?? "x");
    await fetch(`${options.url}${path}`, {
      method: op.method,
      headers: {
        ...auth,
        ...(body
          ? { "content-type": "application/json", accept: "application/json, text/event-stream" }
          : {}),
      },
      body: op.method === "GET" || op.method === "DELETE" ? undefined : (body ?? "{}"),
      signal: AbortSignal.timeout(120_000),
    }).then(
      (response) => response.text(),
      () => undefined,
    );
  }

  const byStatus: Record<string, number> = {};
  const failures: Failure[] = [];
  const jobs: string[] = [];
  let next = 0;
  let retried = 0;
  const slowest: { label: string; millis: number }[] = [];

  function buildRequest(n: number): { url: string; init: RequestInit; label: string; mcp: boolean } {
    const op = pick(random, operations);
    const path = op.path.replace(/\{[^}]+\}/g, () =>
      encodeSegment(
        chance(random, 0.6) && ids.length > 0 ? pick(random, ids) : nastyString(random).slice(0, 300),
      ),
    );
    const params = new URLSearchParams();
    for (const name of op.query) {
      if (chance(random, 0.5)) continue;
      params.append(
        name,
        chance(random, 0.5)
          ? pick(random, ["u1", "fz", "1", "2", "asc", "tmx", "episode,fact", "2024-05-01T10:00:00Z"])
          : nastyString(random).slice(0, 2000),
      );
    }
    if (chance(random, 0.05)) params.append("unknown", "x");
    const headers: Record<string, string> = {};
    const who = random();
    if (who < 0.85) Object.assign(headers, auth);
    else if (who < 0.9)
      headers.authorization = pick(random, ["Bearer egk_nope", "Basic abc", "Bearer", "bearer  x y"]);
    else if (who < 0.95)
      Object.assign(
        headers,
        auth,
        pick(random, [{ origin: "http://evil.example" }, { "sec-fetch-site": "cross-site" }]),
      );
    let body: string | undefined;
    const mcp = op.path === "/mcp";
    if (op.method !== "GET" && op.method !== "DELETE") {
      const type = op.bodyTypes.length > 0 ? pick(random, op.bodyTypes) : "application/json";
      headers["content-type"] = chance(random, 0.92)
        ? type
        : pick(random, [
            "text/plain",
            "application/x-www-form-urlencoded",
            "application/json; charset=latin1",
            "",
          ]);
      if (mcp) {
        headers.accept = chance(random, 0.9) ? "application/json, text/event-stream" : "text/html";
        body = mcpMessage(random, n);
      } else if (type.includes("ndjson") || type.includes("jsonl")) body = importBody(random, memoryLines);
      else if (type.includes("xml")) body = pick(random, TMX_BODIES);
      else {
        const valid = op.bodySchema ? instanceOf(op.bodySchema, document, random) : {};
        let value = valid;
        for (let m = Math.floor(random() * 3); m > 0; m--) value = mutate(value, random);
        if (chance(random, 0.05))
          value = { ...(value as object), metadata: deepValue(pick(random, [32, 40, 3000]), random) };
        body = chance(random, 0.12) ? rawText(random, JSON.stringify(valid)) : JSON.stringify(value);
      }
    }
    const url = `${options.url}${path}${params.size > 0 ? `?${params}` : ""}`;
    return { url, init: { method: op.method, headers, body }, label: `${op.method} ${op.path}`, mcp };
  }

  async function check(n: number): Promise<void> {
    const { url, init, label, mcp } = buildRequest(n);
    const describe = `${init.method} ${url.slice(0, 200)} body=${String(init.body ?? "").slice(0, 200)}`;
    let response: Response;
    let text: string;
    const begun = performance.now();
    try {
      try {
        response = await fetch(url, { ...init, signal: AbortSignal.timeout(HANG_MS) });
      } catch (error) {
        // a kept-alive socket the server closed while this client was not looking (a loaded machine stretches the
        // race): the request never reached the server, so it is sent once more on a fresh connection
        if (!/other side closed|ECONNRESET/.test(String((error as { cause?: unknown }).cause))) throw error;
        retried++;
        response = await fetch(url, {
          ...init,
          signal: AbortSignal.timeout(HANG_MS),
        });
      }
      text = await response.text();
    } catch (error) {
      failures.push({
        case: n,
        request: describe,
        why: `no answer within ${HANG_MS} ms or the connection failed: ${(error as Error).message} ${String((error as { cause?: unknown }).cause ?? "")}`,
      });
      return;
    }
    byStatus[response.status] = (byStatus[response.status] ?? 0) + 1;
    const took = performance.now() - begun;
    slowest.push({ label: `${label} ${response.status}`, millis: Math.round(took) });
    slowest.sort((a, b) => b.millis - a.millis);
    slowest.length = Math.min(slowest.length, 10);
    const type = response.headers.get("content-type") ?? "";
    if (response.status >= 500 && !(response.status === 501 && text.includes('"not_available"'))) {
      failures.push({
        case: n,
        request: describe,
        why: `${label} answered ${response.status}: ${text.slice(0, 300)}`,
      });
    } else if (response.status >= 400) {
      if (mcp && type.startsWith("application/json") && text.includes('"jsonrpc"')) return;
      if (type !== "application/problem+json") {
        failures.push({
          case: n,
          request: describe,
          why: `${label} ${response.status} is ${type || "untyped"}, not problem+json: ${text.slice(0, 200)}`,
        });
        return;
      }
      try {
        const problem = JSON.parse(text) as {
          status?: unknown;
          code?: unknown;
          detail?: unknown;
          type?: unknown;
        };
        if (
          problem.status !== response.status ||
          typeof problem.code !== "string" ||
          typeof problem.detail !== "string" ||
          typeof problem.type !== "string"
        )
          failures.push({
            case: n,
            request: describe,
            why: `${label}: a problem body that does not match: ${text.slice(0, 200)}`,
          });
      } catch {
        failures.push({
          case: n,
          request: describe,
          why: `${label}: problem+json that is not JSON: ${text.slice(0, 200)}`,
        });
      }
    } else if (label === "POST /v1/import" && response.status === 202) {
      jobs.push((JSON.parse(text) as { id: string }).id);
    }
    if (!options.alive()) failures.push({ case: n, request: describe, why: "the server process died" });
  }

  async function lane(): Promise<void> {
    while (next < options.cases && options.alive()) await check(next++);
  }
  await Promise.all(Array.from({ length: options.concurrency ?? 4 }, lane));

  // import jobs end done, or failed with a client's problem, never a 5xx
  for (const id of jobs) {
    for (let tries = 0; tries < 200; tries++) {
      const job = (await (await fetch(`${options.url}/v1/import/jobs/${id}`, { headers: auth })).json()) as {
        status: string;
        problem: { status: number; detail: string } | null;
      };
      if (job.status === "running") {
        await new Promise((done) => setTimeout(done, 50));
        continue;
      }
      if (job.problem && job.problem.status >= 500)
        failures.push({
          case: -1,
          request: `import job ${id}`,
          why: `failed with ${job.problem.status}: ${job.problem.detail}`,
        });
      break;
    }
  }
  const alive = await fetch(`${options.url}/openapi.json`, { signal: AbortSignal.timeout(HANG_MS) }).then(
    (r) => r.status === 200,
    () => false,
  );
  if (!alive || !options.alive())
    failures.push({
      case: -1,
      request: "GET /openapi.json",
      why: "the server is not answering after the run",
    });
  return {
    cases: options.cases,
    retried,
    slowest,
    byStatus,
    failures,
    routes: operations.map((op) => `${op.method} ${op.path}`),
    millis: Math.round(performance.now() - started),
  };
}
