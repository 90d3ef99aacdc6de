/** The OpenAPI document's operations: the helpers every path uses, and the knowledge graph's and the apps' paths. */
import type { z } from "zod";
import { graphInputSchemas } from "./graph-schemas.js";
import { tmExportQuerySchema, tmImportQuerySchema } from "./routes-apps.js";

export type JsonObject = Record<string, unknown>;

export function jsonBody(ref: JsonObject): JsonObject {
  return { required: true, content: { "application/json": { schema: ref } } };
}

const problems = {
  "400": { $ref: "#/components/responses/Problem" },
  "401": { $ref: "#/components/responses/Problem" },
  "403": { $ref: "#/components/responses/Problem" },
  "413": { $ref: "#/components/responses/Problem" },
  "415": { $ref: "#/components/responses/Problem" },
  "503": { $ref: "#/components/responses/Unavailable" },
};

/** The responses every error shares: a problem+json body, and 503 with Retry-After. */
export const PROBLEM_RESPONSES = {
  Problem: {
    description: "An error",
    content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
  },
  Unavailable: {
    description: "The store cannot be reached right now: retry after the seconds in Retry-After",
    headers: { "Retry-After": { schema: { type: "integer" } } },
    content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
  },
};

/** One operation: its summary, its parameters or body, its responses and the problem responses every route has. */
export function op(summary: string, extra: JsonObject, responses: JsonObject): JsonObject {
  return { summary, ...extra, responses: { ...responses, ...problems } };
}

export function ok(description: string, status = "200"): JsonObject {
  return { [status]: { description, content: { "application/json": { schema: { type: "object" } } } } };
}

export function queryParameters(schema: z.ZodObject): JsonObject[] {
  return Object.keys(schema.shape).map((name) => ({
    name,
    in: "query",
    required: false,
    schema: { type: "string" },
  }));
}

/** The knowledge graph's paths (the reference MCP memory server's operations), given their body components. */
export function graphPaths(graph: Record<string, JsonObject>): JsonObject {
  return {
    "/v1/graph": {
      get: op(
        "The knowledge graph of a user",
        { parameters: queryParameters(graphInputSchemas.readGraph) },
        ok("entities and relations"),
      ),
    },
    "/v1/graph/search": {
      get: op(
        "Search nodes",
        { parameters: queryParameters(graphInputSchemas.searchNodes) },
        ok("matching entities and relations"),
      ),
    },
    "/v1/graph/neighbours": {
      get: op(
        "Entities within 1 or 2 hops of one",
        { parameters: queryParameters(graphInputSchemas.neighbours) },
        ok("a subgraph"),
      ),
    },
    "/v1/graph/entities": {
      post: op(
        "Create entities",
        { requestBody: jsonBody(graph.createEntities as JsonObject) },
        ok("created entities", "201"),
      ),
    },
    "/v1/graph/relations": {
      post: op(
        "Create relations",
        { requestBody: jsonBody(graph.createRelations as JsonObject) },
        ok("created relations", "201"),
      ),
    },
    "/v1/graph/observations": {
      post: op(
        "Add observations",
        { requestBody: jsonBody(graph.addObservations as JsonObject) },
        ok("added observations", "201"),
      ),
    },
    "/v1/graph/entities/delete": {
      post: op("Delete entities", { requestBody: jsonBody(graph.deleteEntities as JsonObject) }, ok("done")),
    },
    "/v1/graph/relations/delete": {
      post: op(
        "Delete relations",
        { requestBody: jsonBody(graph.deleteRelations as JsonObject) },
        ok("done"),
      ),
    },
    "/v1/graph/observations/delete": {
      post: op(
        "Delete observations",
        { requestBody: jsonBody(graph.deleteObservations as JsonObject) },
        ok("done"),
      ),
    },
    "/v1/graph/open": {
      post: op(
        "Open nodes by name",
        { requestBody: jsonBody(graph.openNodes as JsonObject) },
        ok("the entities and the relations between them"),
      ),
    },
  };
}

/** The apps' paths: chat, reading, translation memory, given their body components. */
export function appPaths(
  apps: Record<
    "chat" | "readingDocument" | "readingAsk" | "tmImport" | "tmMatch" | "tmTranslate",
    JsonObject
  >,
): JsonObject {
  return {
    "/v1/chat": {
      post: op(
        "One chat turn: recalled, remembered and answered (by the server's language model, or from remembered facts, or the user's own words quoted)",
        { requestBody: jsonBody(apps.chat) },
        ok(
          "answer, mode (llm, memory or context-only), the context block and what was recalled; facts the answer rests on, or said: the ids of the user's memories it quotes",
        ),
      ),
    },
    "/v1/reading/documents": {
      post: op(
        "Read a document: split into segments and remembered",
        { requestBody: jsonBody(apps.readingDocument) },
        ok("segments stored", "201"),
      ),
    },
    "/v1/reading/ask": {
      post: op(
        "Answer a question from the segments read: extractive, or by the language model citing them",
        { requestBody: jsonBody(apps.readingAsk) },
        ok("the answer and the segments it cites"),
      ),
    },
    "/v1/tm/import": {
      post: op(
        "Import translation units: a TMX 1.4 file (application/xml) or JSON sentence pairs",
        {
          parameters: queryParameters(tmImportQuerySchema),
          requestBody: {
            required: true,
            content: {
              "application/json": { schema: apps.tmImport },
              "application/xml": { schema: { type: "string" } },
              "text/xml": { schema: { type: "string" } },
              "application/x-tmx+xml": { schema: { type: "string" } },
            },
          },
        },
        ok("units imported, duplicates and skipped", "201"),
      ),
    },
    "/v1/tm/export": {
      get: op(
        "Export the translation memory as TMX 1.4 or TSV",
        { parameters: queryParameters(tmExportQuerySchema) },
        {
          "200": {
            description: "TMX or TSV",
            content: {
              "application/x-tmx+xml": { schema: { type: "string" } },
              "text/tab-separated-values": { schema: { type: "string" } },
            },
          },
        },
      ),
    },
    "/v1/tm/match": {
      post: op(
        "Units closest to a sentence: fuzzy-match percentage (100 = exact) and recall weight",
        { requestBody: jsonBody(apps.tmMatch) },
        ok("matches"),
      ),
    },
    "/v1/tm/translate": {
      post: op(
        "Translate a sentence: an exact match reused with no LLM, else the language model with the best matches",
        { requestBody: jsonBody(apps.tmTranslate) },
        ok("the translation and its method"),
      ),
    },
  };
}
