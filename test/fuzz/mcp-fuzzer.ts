/**
 * The MCP fuzzer: a spawned `engram mcp` (stdio) gets seeded tool calls built from its own tools/list schemas and
 * mutated, other methods, and malformed lines. The oracle: every request is answered within 5 s, no internal error
 * (JSON-RPC -32603, or a tool's problem with a 5xx status but 501 not_available), and the process is alive at the end.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { resolve } from "node:path";
import { createInterface } from "node:readline";
import { type Failure, HANG_MS } from "./oracle.js";
import {
  chance,
  instanceOf,
  mutate,
  nastyString,
  pick,
  type Random,
  rawText,
  seededRandom,
} from "./values.js";

const ROOT = resolve(import.meta.dirname, "..", "..");
const TOOL_NAMES = [
  "remember",
  "recall",
  "context",
  "forget",
  "create_entities",
  "read_graph",
  "search_nodes",
  "open_nodes",
  "add_observations",
  "delete_entities",
];

/** One JSON-RPC message, as text: mostly a tool call, sometimes another method, sometimes malformed. */
export function mcpMessage(
  random: Random,
  id: number,
  tools?: { name: string; inputSchema: Record<string, unknown> }[],
): string {
  const roll = random();
  if (roll < 0.7) {
    const tool = tools && tools.length > 0 ? pick(random, tools) : undefined;
    const name = tool?.name ?? pick(random, TOOL_NAMES);
    let args: unknown = tool
      ? instanceOf(tool.inputSchema, tool.inputSchema, random)
      : { query: "Lisbon", text: "Ana moved to Lisbon" };
    for (let m = Math.floor(random() * 3); m > 0; m--) args = mutate(args, random);
    return JSON.stringify({
      jsonrpc: "2.0",
      id,
      method: "tools/call",
      params: { name: chance(random, 0.05) ? nastyString(random) : name, arguments: args },
    });
  }
  if (roll < 0.85) {
    return JSON.stringify({
      jsonrpc: "2.0",
      id,
      method: pick(random, [
        "ping",
        "tools/list",
        "resources/list",
        "prompts/list",
        "no/such/method",
        "initialize",
      ]),
      params: chance(random, 0.5) ? {} : mutate({ cursor: "x" }, random),
    });
  }
  return pick(random, [
    rawText(random, '{"jsonrpc":"2.0","id":1,"method":"ping"}'),
    JSON.stringify({ jsonrpc: "1.0", id, method: "ping" }),
    JSON.stringify({ jsonrpc: "2.0", id: { nested: true }, method: "ping" }),
    JSON.stringify([{ jsonrpc: "2.0", id, method: "ping" }]),
    JSON.stringify({
      jsonrpc: "2.0",
      method: "tools/call",
      params: { name: "recall", arguments: { query: "x" } },
    }),
  ]);
}

/** Whether the message is a request this fuzzer expects an answer to (a JSON-RPC 2.0 object with a number id). */
function expectsAnswer(text: string): number | null {
  try {
    const message = JSON.parse(text) as { jsonrpc?: unknown; id?: unknown; method?: unknown };
    return message.jsonrpc === "2.0" && typeof message.id === "number" && typeof message.method === "string"
      ? message.id
      : null;
  } catch {
    return null;
  }
}

interface Answer {
  id?: number;
  error?: { code: number; message: string };
  result?: {
    isError?: boolean;
    content?: { text?: string }[];
    tools?: { name: string; inputSchema: Record<string, unknown> }[];
  };
}

export interface McpFuzzReport {
  cases: number;
  answered: number;
  failures: Failure[];
  millis: number;
}

/**
 * Spawns `engram mcp` over `db` and sends `cases` seeded messages.
 * @example
 * const report = await fuzzMcpStdio({ db: "/tmp/x.db", cases: 300, seed: 7 });
 */
export async function fuzzMcpStdio(options: {
  db: string;
  cases: number;
  seed: number;
}): Promise<McpFuzzReport> {
  const started = performance.now();
  const random = seededRandom(options.seed);
  const child: ChildProcess = spawn(
    process.execPath,
    ["--import", "tsx", "src/cli/main.ts", "--db", options.db, "--embedder", "hash", "mcp"],
    { cwd: ROOT, stdio: ["pipe", "pipe", "pipe"] },
  );
  let stderr = "";
  child.stderr?.on("data", (chunk) => {
    stderr += String(chunk);
  });
  const waiting = new Map<number, (answer: Answer) => void>();
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on("line", (line) => {
    try {
      const answer = JSON.parse(line) as Answer;
      if (typeof answer.id === "number") waiting.get(answer.id)?.(answer);
    } catch {
      // not ours to judge: the oracle is about answers
    }
  });
  const send = (text: string, id: number | null, wait = HANG_MS): Promise<Answer | "timeout" | null> => {
    child.stdin?.write(`${text}\n`);
    if (id === null) return Promise.resolve(null);
    return new Promise((done) => {
      const timer = setTimeout(() => {
        waiting.delete(id);
        done("timeout");
      }, wait);
      waiting.set(id, (answer) => {
        clearTimeout(timer);
        waiting.delete(id);
        done(answer);
      });
    });
  };

  const failures: Failure[] = [];
  let answered = 0;
  try {
    const init = await send(
      JSON.stringify({
        jsonrpc: "2.0",
        id: 1_000_000,
        method: "initialize",
        params: {
          protocolVersion: "2025-06-18",
          capabilities: {},
          clientInfo: { name: "fuzz", version: "1" },
        },
      }),
      1_000_000,
      // the process starts (and loads its text models) first: that is not a hang
      120_000,
    );
    if (init === "timeout" || init === null || init.error)
      throw new Error(`initialize failed: ${JSON.stringify(init)} ${stderr}`);
    await send(JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" }), null);
    const listed = await send(
      JSON.stringify({ jsonrpc: "2.0", id: 1_000_001, method: "tools/list" }),
      1_000_001,
    );
    const tools = listed !== "timeout" && listed !== null ? (listed.result?.tools ?? []) : [];
    for (let n = 0; n < options.cases && child.exitCode === null; n++) {
      const text = mcpMessage(random, n, tools);
      const answer = await send(text, expectsAnswer(text));
      if (answer === null) continue;
      if (answer === "timeout") {
        failures.push({ case: n, request: text.slice(0, 300), why: `no answer within ${HANG_MS} ms` });
        continue;
      }
      answered++;
      if (answer.error?.code === -32603) {
        failures.push({
          case: n,
          request: text.slice(0, 300),
          why: `internal error: ${answer.error.message}`,
        });
      } else if (answer.result?.isError) {
        const body = answer.result.content?.[0]?.text ?? "";
        try {
          const problem = JSON.parse(body) as { status?: number; code?: string };
          if ((problem.status ?? 0) >= 500 && problem.code !== "not_available")
            failures.push({
              case: n,
              request: text.slice(0, 300),
              why: `a tool failed with ${problem.status}: ${body.slice(0, 200)}`,
            });
        } catch {
          // the SDK's own argument errors are plain text: a refusal, not a failure
        }
      }
    }
    const ping = await send(JSON.stringify({ jsonrpc: "2.0", id: 1_000_002, method: "ping" }), 1_000_002);
    if (ping === "timeout" || ping === null || child.exitCode !== null)
      failures.push({
        case: -1,
        request: "ping",
        why: `the MCP server is not answering after the run: ${stderr.slice(-500)}`,
      });
  } finally {
    child.stdin?.end();
    if (child.exitCode === null) child.kill("SIGKILL");
  }
  return { cases: options.cases, answered, failures, millis: Math.round(performance.now() - started) };
}
