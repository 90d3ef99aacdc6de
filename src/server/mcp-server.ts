/**
 * The MCP server: the reference knowledge-graph memory server's tools (create_entities … open_nodes) plus remember,
 * recall (with weights and reasons), context and forget, each scoped by user and agent within one tenant.
 */
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import { type CallToolResult, ErrorCode, type JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import type { Engine, RecallInput, RecallResult } from "../core/index.js";
import {
  contextInputSchema,
  feedbackInputSchema,
  forgetInputSchema,
  recallInputSchema,
  rememberInputSchema,
} from "../core/schemas.js";
import { graphInputShapes } from "./graph-schemas.js";
import { isServerSide, toProblem } from "./problem.js";
import { createTenantView, type TenantView } from "./tenant-view.js";

export interface McpServerOptions {
  engine: Engine;
  /** Every tool acts within this tenant (from the key, or --tenant for stdio). */
  tenant: string;
  now?: () => number;
  /** Where recalls run (a pool of worker threads); default the engine, in this thread. */
  recall?: (input: RecallInput) => Promise<RecallResult>;
}

const SERVER_INFO = { name: "engram", version: "0.1.0" };

function ok(value: unknown): CallToolResult {
  return { content: [{ type: "text", text: JSON.stringify(value, null, 2) }] };
}

/** A tool's failure as the client sees it: the problem body, marked as an error. */
function failed(error: unknown): CallToolResult {
  if (isServerSide(error)) console.error(error);
  return { isError: true, content: [{ type: "text", text: JSON.stringify(toProblem(error)) }] };
}

function tool<T>(run: (args: T) => Promise<unknown>): (args: T) => Promise<CallToolResult> {
  return async (args) => {
    try {
      return ok(await run(args));
    } catch (error) {
      return failed(error);
    }
  };
}

/** Drop keys whose value is undefined, so strict engine schemas see only what the client sent. */
function defined(args: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(args).filter(([, value]) => value !== undefined));
}

/** Times as JSON can carry them (the engine's schemas also take a Date, which JSON Schema cannot describe). */
const jsonTime = z
  .union([z.string(), z.number()])
  .optional()
  .describe("ISO 8601 (2024-05-01T10:00:00Z) or epoch milliseconds");

/** A tool's arguments from an engine schema: no `tenant` (the server decides it), times as JSON carries them. */
function toolShape(schema: z.ZodObject): Record<string, z.ZodType> {
  const shape: Record<string, z.ZodType> = {};
  for (const [name, field] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
    if (name === "tenant") continue;
    try {
      z.toJSONSchema(field, { io: "input" });
      shape[name] = field;
    } catch {
      // Only the time fields (string, number or Date) have no JSON Schema; the engine still validates them.
      shape[name] = jsonTime;
    }
  }
  return shape;
}

const rememberShape = toolShape(rememberInputSchema);
const recallShape = toolShape(recallInputSchema);
const forgetShape = {
  ids: z.array(z.string().min(1)).min(1).optional().describe("ids of memories to forget"),
  user: forgetInputSchema.shape.user,
  agent: forgetInputSchema.shape.agent,
  session: forgetInputSchema.shape.session,
};
const contextShape = toolShape(contextInputSchema);
const feedbackShape = toolShape(feedbackInputSchema);

/**
 * The SDK answers a request whose params fail its own schema (tools/call with `arguments` that are not an object,
 * initialize without clientInfo) with -32603 "internal error" and the zod issues as the message; it is the
 * client's mistake, so it goes out as -32602 "invalid params", the issues as a readable message.
 */
function asInvalidParams(message: JSONRPCMessage): JSONRPCMessage {
  if (!("error" in message) || message.error.code !== ErrorCode.InternalError) return message;
  let issues: unknown;
  try {
    issues = JSON.parse(message.error.message);
  } catch {
    return message;
  }
  const valid =
    Array.isArray(issues) &&
    issues.length > 0 &&
    issues.every((issue) => typeof issue?.code === "string" && Array.isArray(issue?.path));
  if (!valid) return message;
  const text = (issues as { path: unknown[]; message: string }[])
    .map((issue) => `${issue.path.join(".") || "(the whole value)"}: ${issue.message}`)
    .join("; ");
  return { ...message, error: { code: ErrorCode.InvalidParams, message: `invalid params: ${text}` } };
}

function withInvalidParams<T extends Transport>(transport: T): T {
  const send = transport.send.bind(transport);
  transport.send = (message, options) => send(asInvalidParams(message), options);
  return transport;
}

/**
 * An MCP server over an engine, for one tenant. Connect it to a transport (stdio, streamable HTTP).
 * @example
 * const server = createMcpServer({ engine, tenant: "default" });
 * await server.connect(new StdioServerTransport());
 */
export function createMcpServer(options: McpServerOptions): McpServer {
  const view: TenantView = createTenantView({
    engine: options.engine,
    tenant: options.tenant,
    now: options.now,
    recall: options.recall,
  });
  const server = new McpServer(SERVER_INFO, { capabilities: { tools: {} } });
  // every transport this server is connected to reports the SDK's schema refusals as invalid params
  const connect = server.connect.bind(server);
  server.connect = (transport) => connect(withInvalidParams(transport));
  const graph = view.graph;

  server.registerTool(
    "create_entities",
    {
      description: "Create multiple new entities in the knowledge graph",
      inputSchema: graphInputShapes.createEntities,
    },
    tool((args) => graph.createEntities(defined(args))),
  );
  server.registerTool(
    "create_relations",
    {
      description:
        "Create multiple new relations between entities in the knowledge graph. Relations should be in active voice",
      inputSchema: graphInputShapes.createRelations,
    },
    tool((args) => graph.createRelations(defined(args))),
  );
  server.registerTool(
    "add_observations",
    {
      description: "Add new observations to existing entities in the knowledge graph",
      inputSchema: graphInputShapes.addObservations,
    },
    tool((args) => graph.addObservations(defined(args))),
  );
  server.registerTool(
    "delete_entities",
    {
      description: "Delete multiple entities and their associated relations from the knowledge graph",
      inputSchema: graphInputShapes.deleteEntities,
    },
    tool((args) => graph.deleteEntities(defined(args))),
  );
  server.registerTool(
    "delete_observations",
    {
      description: "Delete specific observations from entities in the knowledge graph",
      inputSchema: graphInputShapes.deleteObservations,
    },
    tool((args) => graph.deleteObservations(defined(args))),
  );
  server.registerTool(
    "delete_relations",
    {
      description: "Delete multiple relations from the knowledge graph",
      inputSchema: graphInputShapes.deleteRelations,
    },
    tool((args) => graph.deleteRelations(defined(args))),
  );
  server.registerTool(
    "read_graph",
    { description: "Read the entire knowledge graph", inputSchema: graphInputShapes.readGraph },
    tool((args) => graph.readGraph(defined(args))),
  );
  server.registerTool(
    "search_nodes",
    {
      description: "Search for nodes in the knowledge graph based on a query",
      inputSchema: graphInputShapes.searchNodes,
    },
    tool((args) => graph.searchNodes(defined(args))),
  );
  server.registerTool(
    "open_nodes",
    {
      description: "Open specific nodes in the knowledge graph by their names",
      inputSchema: graphInputShapes.openNodes,
    },
    tool((args) => graph.openNodes(defined(args))),
  );

  server.registerTool(
    "remember",
    {
      description:
        "Remember something that was said or happened (a turn, an event, a fact). Duplicates reinforce the memory they match instead of adding a copy.",
      inputSchema: rememberShape,
    },
    tool((args) => view.remember(defined(args))),
  );
  server.registerTool(
    "recall",
    {
      description:
        "Recall the memories relevant to a query: each result has its attention weight, its score breakdown and the reasons it was recalled.",
      inputSchema: recallShape,
    },
    tool((args) => view.recall(defined(args))),
  );
  server.registerTool(
    "context",
    {
      description: "Recall and pack the relevant memories into prompt text within a token budget.",
      inputSchema: contextShape,
    },
    tool((args) => view.context(defined(args))),
  );
  server.registerTool(
    "feedback",
    {
      description:
        "Report which recalled memories you used (and, optionally, rejected) for a recall, by its recallId or its query: recall learns from it when `engram learn` runs.",
      inputSchema: feedbackShape,
    },
    tool((args) => view.feedback(defined(args))),
  );
  server.registerTool(
    "forget",
    {
      description:
        "Forget memories by id, or everything of a user, agent or session. Returns the removed ids.",
      inputSchema: forgetShape,
    },
    tool((args) => view.forget(defined(args))),
  );
  return server;
}

/**
 * Answer one streamable-HTTP MCP request, statelessly: a fresh server and transport per request, so requests of
 * different tenants never share state.
 */
export async function handleMcpHttpRequest(request: Request, options: McpServerOptions): Promise<Response> {
  const server = createMcpServer(options);
  const transport = new WebStandardStreamableHTTPServerTransport({
    sessionIdGenerator: undefined,
    enableJsonResponse: true,
  });
  await server.connect(transport);
  try {
    return await transport.handleRequest(request);
  } finally {
    // With JSON responses the answer is complete once handleRequest resolves.
    void server.close();
  }
}
