/** `engram-memory/server`: the HTTP API, the MCP server and API-key authentication, as thin shells over an Engine. */
export type { Auth, AuthOptions, Principal } from "./auth.js";
export { createAuth } from "./auth.js";
export type { HttpAppOptions } from "./http-app.js";
export { createHttpApp, DEFAULT_BODY_LIMIT } from "./http-app.js";
export type { HttpServer, HttpServerOptions } from "./http-server.js";
export { startHttpServer } from "./http-server.js";
export type { McpHttpAppOptions } from "./mcp-http-app.js";
export { createMcpHttpApp } from "./mcp-http-app.js";
export type { McpServerOptions } from "./mcp-server.js";
export { createMcpServer, handleMcpHttpRequest } from "./mcp-server.js";
export { buildOpenApiDocument } from "./openapi.js";
export type { Problem } from "./problem.js";
export { problemResponse, statusFor, toProblem } from "./problem.js";
