/**
 * Where one user's recall spends its time on PostgreSQL, store call by store call: each call's mean time and when it
 * starts and ends within the recall (calls that overlap ran at once), over the scale corpus's queries, on a schema a
 * `bench:scale-postgres -- --keep` run left. With --latency-ms, through the proxy of bench/latency-proxy.ts.
 * Usage: npm run bench:recall-trace -- [--url postgres://…] [--schema engram_scale] [--user user-0001]
 *        [--queries 100] [--latency-ms 0]
 */
import { parseArgs } from "node:util";
import { createEngine } from "../src/core/index.js";
import { createHashEmbedder } from "../src/providers/index.js";
import type { Store } from "../src/spec/store.js";
import { createPostgresStore } from "../src/stores/postgres/index.js";
import { describeMachine, percentile } from "./common.js";
import { startLatencyProxy } from "./latency-proxy.js";
import { scaleQueries } from "./scale-corpus.js";

const { values } = parseArgs({
  options: {
    url: { type: "string", default: process.env.ENGRAM_TEST_DATABASE_URL },
    schema: { type: "string", default: "engram_scale" },
    user: { type: "string", default: "user-0001" },
    queries: { type: "string", default: "100" },
    "latency-ms": { type: "string", default: "0" },
  },
});
if (!values.url) {
  console.error("give the server: --url postgres://… (or set ENGRAM_TEST_DATABASE_URL)");
  process.exit(2);
}
const latency = Number(values["latency-ms"]);
const proxy = latency > 0 ? await startLatencyProxy(values.url, latency) : null;
const store = createPostgresStore({ url: proxy?.url ?? values.url, schema: values.schema });

interface Span {
  call: string;
  start: number;
  end: number;
}
const spans: Span[] = [];
let recallStarted = 0;

/** `target` with every method call recorded as a span (the graph's and learning's calls under their own names). */
function traced<T extends object>(target: T, prefix = ""): T {
  return new Proxy(target, {
    get(inner, property, receiver) {
      const value = Reflect.get(inner, property, receiver);
      if ((property === "graph" || property === "learning") && value) return traced(value, `${property}.`);
      if (typeof value !== "function" || property === "close") return value;
      return async (...args: unknown[]) => {
        const start = performance.now() - recallStarted;
        try {
          return await (value as (...a: unknown[]) => Promise<unknown>).apply(inner, args);
        } finally {
          spans.push({ call: `${prefix}${String(property)}`, start, end: performance.now() - recallStarted });
        }
      };
    },
  });
}

const engine = createEngine({
  store: traced(store as Store),
  embedder: createHashEmbedder(),
  options: { deriveFacts: false, recallGain: 0 },
});
const texts = scaleQueries(Number(values.queries));
await engine.recall({ query: "warm up", user: values.user });
const totals: number[] = [];
const byCall = new Map<string, { calls: number; ms: number; start: number; end: number }>();
for (const query of texts) {
  spans.length = 0;
  recallStarted = performance.now();
  await engine.recall({ query, user: values.user, k: 10 });
  totals.push(performance.now() - recallStarted);
  for (const span of spans) {
    const entry = byCall.get(span.call) ?? { calls: 0, ms: 0, start: 0, end: 0 };
    entry.calls++;
    entry.ms += span.end - span.start;
    entry.start += span.start;
    entry.end += span.end;
    byCall.set(span.call, entry);
  }
}
console.log(
  `recall trace, ${values.schema}, ${values.user}, ${texts.length} queries, ${latency} ms each way, on ${describeMachine()}`,
);
console.log(
  `recall p50 ${percentile(totals, 50).toFixed(1)} ms, mean ${(totals.reduce((a, b) => a + b, 0) / totals.length).toFixed(1)} ms`,
);
console.log(
  "store call                  calls/recall  mean ms  starts at  ends at (ms into the recall, means)",
);
for (const [call, e] of [...byCall].sort((a, b) => a[1].start / a[1].calls - b[1].start / b[1].calls)) {
  console.log(
    `${call.padEnd(28)}${(e.calls / texts.length).toFixed(2).padStart(12)}${(e.ms / e.calls).toFixed(2).padStart(9)}${(e.start / e.calls).toFixed(1).padStart(11)}${(e.end / e.calls).toFixed(1).padStart(9)}`,
  );
}
await engine.close();
await proxy?.close();
