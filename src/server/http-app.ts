/** The HTTP API (/v1), the OpenAPI document, the MCP endpoint and the inspector page, as one Hono app over an engine. */
import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { Engine, RecallInput, RecallResult } from "../core/index.js";
import { parseInput } from "../core/validate.js";
import { type InspectorAssetName, inspectorAsset } from "../inspector/inspector-assets.js";
import type { ApiKeyStore } from "../spec/api-keys.js";
import { EngramError, ERROR_CODES } from "../spec/errors.js";
import type { LanguageModel } from "../spec/language-model.js";
import { type Auth, createAuth, type Principal, requireAdmin } from "./auth.js";
import { createEdgeGuard } from "./edge-guard.js";
import { attachmentDisposition } from "./headers.js";
import { timelineQuerySchema } from "./http-schemas.js";
import { createImportJobs, type ImportJobs } from "./import-jobs.js";
import { handleMcpHttpRequest } from "./mcp-server.js";
import { bodyTypesOf, buildOpenApiDocument } from "./openapi.js";
import { isServerSide, problemResponse } from "./problem.js";
import { queryParams, readJson } from "./request-input.js";
import { registerAppRoutes } from "./routes-apps.js";
import { registerGraphRoutes } from "./routes-graph.js";
import { registerKeyRoutes } from "./routes-keys.js";
import { createTenantView, type TenantView } from "./tenant-view.js";

export const DEFAULT_BODY_LIMIT = 1024 * 1024;

export interface HttpAppOptions {
  engine: Engine;
  /** Stored API keys; without them (and without `adminKey`) every request acts as the default tenant. */
  keys?: ApiKeyStore;
  /** ENGRAM_ADMIN_KEY: may create and revoke keys. */
  adminKey?: string;
  /** Largest request body in bytes (default 1 MiB); larger bodies get 413. */
  bodyLimit?: number;
  /** Serve the inspector page at `/` (default true). */
  inspector?: boolean;
  /** Serve MCP over streamable HTTP at `/mcp` (default true). */
  mcp?: boolean;
  now?: () => number;
  /**
   * Host names the server answers to (the Host header, against DNS rebinding). Default: loopback names only while no
   * key is configured, any once keys are required; "*" answers to any.
   */
  allowedHosts?: readonly string[];
  /** Where POST /v1/import jobs run; a server waits for `jobs.idle()` before closing the engine. */
  jobs?: ImportJobs;
  /** Where recalls run (HTTP and MCP): a pool of worker threads (createRecallPool); default the engine, in this thread. */
  recall?: (input: RecallInput, signal?: AbortSignal) => Promise<RecallResult>;

  /** A language model for POST /v1/chat, /v1/reading/ask and /v1/tm/translate; without one they answer offline. */
  languageModel?: LanguageModel;
}

type Env = { Variables: { principal: Principal; view: TenantView } };

function streamLines(lines: AsyncIterable<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const iterator = lines[Symbol.asyncIterator]();
  return new ReadableStream({
    async pull(controller) {
      const next = await iterator.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(`${next.value}\n`));
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}

/**
 * The Engram HTTP app. Serve it with `startHttpServer`, or call `app.request()` in tests.
 * @example
 * const app = createHttpApp({ engine, keys: createSqliteApiKeyStore({ path: "engram.db" }) });
 * const response = await app.request("/v1/recall", { method: "POST", body: JSON.stringify({ query: "Lisbon" }) });
 */
export function createHttpApp(options: HttpAppOptions): Hono<Env> {
  const { engine } = options;
  const auth: Auth = createAuth({ keys: options.keys, adminKey: options.adminKey });
  const limit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const jobs = options.jobs ?? createImportJobs({ now: options.now });
  const recallOn = options.recall;
  const app = new Hono<Env>();

  app.onError((error, c) => {
    // a request whose client went away (its recall dropped from the pool's queue) is not the server's fault to log
    if (isServerSide(error) && !c.req.raw.signal.aborted) console.error(error);
    return problemResponse(error);
  });
  app.notFound((c) =>
    problemResponse(
      new EngramError({
        code: ERROR_CODES.notFound,
        category: "user",
        where: `${c.req.method} ${c.req.path}`,
        message: "no such route: see /openapi.json for the API",
      }),
    ),
  );

  app.use(
    "*",
    createEdgeGuard({
      allowedHosts: options.allowedHosts,
      keysRequired: () => auth.required(),
      bodyTypes: bodyTypesOf,
    }),
  );
  app.use(
    "*",
    bodyLimit({
      maxSize: limit,
      onError: () =>
        problemResponse(
          new EngramError({
            code: ERROR_CODES.payloadTooLarge,
            category: "user",
            message: `the body is larger than ${limit} bytes: send smaller batches (or raise the server's --body-limit)`,
          }),
        ),
    }),
  );

  const authenticate = async (c: Context<Env>, next: () => Promise<void>) => {
    const principal = await auth.authenticate(c.req.header("authorization"));
    c.set("principal", principal);
    c.set(
      "view",
      createTenantView({
        engine,
        tenant: principal.tenant,
        now: options.now,
        // a recall whose client went away while it waited for a worker is dropped
        recall: recallOn && ((input) => recallOn(input, c.req.raw.signal)),
      }),
    );
    await next();
  };
  app.use("/v1/*", authenticate);

  app.get("/openapi.json", (c) => c.json(buildOpenApiDocument()));

  // Memories
  app.post("/v1/memories", async (c) => c.json(await c.var.view.remember(await readJson(c)), 201));
  app.get("/v1/memories", async (c) =>
    c.json({
      memories: await c.var.view.timeline(
        parseInput(timelineQuerySchema, { order: "desc", ...queryParams(c) }, "query"),
      ),
    }),
  );
  app.get("/v1/memories/:id", async (c) => c.json(await c.var.view.memoryPage(c.req.param("id"))));
  app.delete("/v1/memories/:id", async (c) => c.json(await c.var.view.forgetById(c.req.param("id"))));
  app.post("/v1/recall", async (c) => c.json(await c.var.view.recall(await readJson(c))));
  app.post("/v1/context", async (c) => c.json(await c.var.view.context(await readJson(c))));
  app.post("/v1/forget", async (c) => c.json(await c.var.view.forget(await readJson(c))));
  // learning from use: feedback on a recall, refitting the tenant's weights, showing and resetting them
  app.post("/v1/feedback", async (c) => c.json(await c.var.view.feedback(await readJson(c)), 201));
  app.post("/v1/learn", async (c) => c.json(await c.var.view.learn()));
  app.get("/v1/weights", async (c) => c.json(await c.var.view.weights()));
  app.delete("/v1/weights", async (c) =>
    c.json(await c.var.view.resetWeights({ feedback: c.req.query("feedback") === "true" })),
  );
  app.get("/v1/export", (c) =>
    c.body(streamLines(c.var.view.exportLines()), 200, {
      "content-type": "application/x-ndjson; charset=utf-8",
      "content-disposition": attachmentDisposition(`engram-${c.var.principal.tenant}.jsonl`),
    }),
  );
  app.post("/v1/import", async (c) => {
    requireAdmin(c.var.principal);
    const lines = (await c.req.text()).split("\n");
    const job = jobs.start(c.var.principal.tenant, (progress) => engine.importLines(lines, progress));
    const statusUrl = `/v1/import/jobs/${job.id}`;
    return c.json({ ...job, statusUrl }, 202, { location: statusUrl });
  });
  app.get("/v1/import/jobs/:id", async (c) => {
    requireAdmin(c.var.principal);
    const job = jobs.get(c.req.param("id"));
    if (!job || job.tenant !== c.var.principal.tenant) {
      throw new EngramError({
        code: ERROR_CODES.notFound,
        category: "user",
        where: c.req.param("id"),
        message: "no import job has this id here: jobs are kept in memory until the server restarts",
      });
    }
    return c.json(job);
  });
  app.get("/v1/stats", async (c) => c.json(await c.var.view.stats()));
  app.get("/v1/timeline", async (c) =>
    c.json({
      episodes: await c.var.view.timeline(
        parseInput(timelineQuerySchema, { kinds: "episode", ...queryParams(c) }, "query"),
      ),
    }),
  );

  registerGraphRoutes(app);

  // chat, reading comprehension and the translation memory, within the caller's tenant
  registerAppRoutes(app, { engine, languageModel: options.languageModel });

  // Keys (admin)
  registerKeyRoutes(app, options.keys);

  // MCP over streamable HTTP, with the same keys and tenants
  if (options.mcp !== false) {
    app.all("/mcp", async (c) => {
      const principal = await auth.authenticate(c.req.header("authorization"));
      return handleMcpHttpRequest(c.req.raw, {
        engine,
        tenant: principal.tenant,
        now: options.now,
        recall: options.recall,
      });
    });
  }

  // The inspector
  if (options.inspector !== false) {
    const serve = (name: InspectorAssetName) => (c: Context<Env>) => {
      const asset = inspectorAsset(name);
      return c.body(asset.body, 200, { "content-type": asset.contentType, "cache-control": "no-cache" });
    };
    app.get("/", serve("index.html"));
    app.get("/inspector.js", serve("inspector.js"));
    app.get("/inspector.css", serve("inspector.css"));
  }

  return app;
}
