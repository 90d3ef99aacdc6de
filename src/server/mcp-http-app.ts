/** MCP over streamable HTTP on its own (`engram mcp --http`): the /mcp endpoint with the HTTP API's keys and problems. */
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { Engine } from "../core/index.js";
import type { ApiKeyStore } from "../spec/api-keys.js";
import { EngramError, ERROR_CODES } from "../spec/errors.js";
import { createAuth } from "./auth.js";
import { createEdgeGuard } from "./edge-guard.js";
import { DEFAULT_BODY_LIMIT } from "./http-app.js";
import { handleMcpHttpRequest } from "./mcp-server.js";
import { isServerSide, problemResponse } from "./problem.js";

export interface McpHttpAppOptions {
  engine: Engine;
  keys?: ApiKeyStore;
  adminKey?: string;
  bodyLimit?: number;
  now?: () => number;
  /** Host names to answer to besides loopback names (see HttpAppOptions.allowedHosts). */
  allowedHosts?: readonly string[];
}

/**
 * A Hono app that answers MCP at /mcp; each request acts within its key's tenant.
 * @example
 * await startHttpServer({ app: createMcpHttpApp({ engine }), port: 8081 });
 */
export function createMcpHttpApp(options: McpHttpAppOptions): Hono {
  const auth = createAuth({ keys: options.keys, adminKey: options.adminKey });
  const limit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const app = new Hono();
  app.onError((error) => {
    if (isServerSide(error)) console.error(error);
    return problemResponse(error);
  });
  app.notFound((c) =>
    problemResponse(
      new EngramError({
        code: ERROR_CODES.notFound,
        category: "user",
        where: `${c.req.method} ${c.req.path}`,
        message: "no such route: MCP is served at /mcp",
      }),
    ),
  );
  app.use("*", createEdgeGuard({ allowedHosts: options.allowedHosts, keysRequired: () => auth.required() }));
  app.use(
    "*",
    bodyLimit({
      maxSize: limit,
      onError: () =>
        problemResponse(
          new EngramError({
            code: ERROR_CODES.payloadTooLarge,
            category: "user",
            message: `the body is larger than ${limit} bytes: send a smaller request`,
          }),
        ),
    }),
  );
  app.all("/mcp", async (c) => {
    const principal = await auth.authenticate(c.req.header("authorization"));
    return handleMcpHttpRequest(c.req.raw, {
      engine: options.engine,
      tenant: principal.tenant,
      now: options.now,
    });
  });
  return app;
}
