/** The OpenAPI 3.1 document of the HTTP API, generated from the same zod schemas that validate the requests. */
import { z } from "zod";
import {
  contextInputSchema,
  forgetInputSchema,
  recallInputSchema,
  rememberInputSchema,
} from "../core/schemas.js";
import { graphInputSchemas } from "./graph-schemas.js";
import { createKeySchema, rememberBatchSchema, timelineQuerySchema } from "./http-schemas.js";

import {
  chatBodySchema,
  readingAskBodySchema,
  readingDocumentBodySchema,
  tmExportQuerySchema,
  tmImportBodySchema,
  tmImportQuerySchema,
  tmMatchBodySchema,
  tmTranslateBodySchema,
} from "./routes-apps.js";

type JsonObject = Record<string, unknown>;

const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  code: z.string().describe("a stable error code, such as invalid_input or unauthorized"),
  where: z.string().optional(),
});

/** A request body schema as JSON Schema, its $defs hoisted into components under `name__…`. */
function component(name: string, schema: z.ZodType, components: JsonObject): JsonObject {
  const json = z.toJSONSchema(schema, {
    io: "input",
    unrepresentable: "any",
    target: "draft-2020-12",
  }) as JsonObject;
  const { $schema: _schema, $defs, ...rest } = json;
  const rewrite = (value: unknown): unknown =>
    JSON.parse(JSON.stringify(value).replaceAll('"#/$defs/', `"#/components/schemas/${name}__`));
  for (const [defName, def] of Object.entries(($defs as JsonObject | undefined) ?? {})) {
    components[`${name}__${defName}`] = rewrite(def);
  }
  components[name] = rewrite(rest);
  return { $ref: `#/components/schemas/${name}` };
}

function jsonBody(ref: JsonObject): JsonObject {
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

/** Media types POST /v1/import takes: JSON Lines. */
export const IMPORT_BODY_TYPES = ["application/x-ndjson", "application/jsonl"] as const;

function ok(description: string, status = "200"): JsonObject {
  return { [status]: { description, content: { "application/json": { schema: { type: "object" } } } } };
}

function queryParameters(schema: z.ZodObject): JsonObject[] {
  return Object.keys(schema.shape).map((name) => ({
    name,
    in: "query",
    required: false,
    schema: { type: "string" },
  }));
}

let cached: JsonObject | null = null;

/** The document served at /openapi.json. */
export function buildOpenApiDocument(): JsonObject {
  if (cached) return cached;
  const schemas: JsonObject = {};
  const remember = {
    oneOf: [
      component("RememberInput", rememberInputSchema, schemas),
      component("RememberBatch", rememberBatchSchema, schemas),
    ],
  };
  const recall = component("RecallInput", recallInputSchema, schemas);
  const forget = component("ForgetInput", forgetInputSchema, schemas);
  const context = component("ContextInput", contextInputSchema, schemas);
  const createKey = component("CreateKeyInput", createKeySchema, schemas);
  const graph = Object.fromEntries(
    Object.entries(graphInputSchemas).map(([name, schema]) => [
      name,
      component(`Graph${name[0]?.toUpperCase()}${name.slice(1)}Input`, schema, schemas),
    ]),
  );
  component("Problem", problemSchema, schemas);

  const apps = {
    chat: component("ChatInput", chatBodySchema, schemas),
    readingDocument: component("ReadingDocumentInput", readingDocumentBodySchema, schemas),
    readingAsk: component("ReadingAskInput", readingAskBodySchema, schemas),
    tmImport: component("TmImportInput", tmImportBodySchema, schemas),
    tmMatch: component("TmMatchInput", tmMatchBodySchema, schemas),
    tmTranslate: component("TmTranslateInput", tmTranslateBodySchema, schemas),
  };
  const op = (summary: string, extra: JsonObject, responses: JsonObject): JsonObject => ({
    summary,
    ...extra,
    responses: { ...responses, ...problems },
  });
  const idParameter = [{ name: "id", in: "path", required: true, schema: { type: "string" } }];

  cached = {
    openapi: "3.1.0",
    info: {
      title: "Engram",
      version: "0.1.0",
      description:
        "Memory for LLM applications and agents. Every key belongs to one tenant; requests act within it. Errors are application/problem+json with a stable `code`.",
    },
    servers: [{ url: "/" }],
    security: [{ bearer: [] }],
    paths: {
      "/v1/memories": {
        post: op(
          "Remember one item, or a batch {items:[…]} in one transaction",
          { requestBody: jsonBody(remember) },
          ok("what each item did: inserted or reinforced", "201"),
        ),
        get: op(
          "List memories, newest first",
          { parameters: queryParameters(timelineQuerySchema) },
          ok("memories"),
        ),
      },
      "/v1/memories/{id}": {
        get: op(
          "A memory's page: record, sources, history and strength over time",
          { parameters: idParameter },
          { ...ok("the page"), "404": { $ref: "#/components/responses/Problem" } },
        ),
        delete: op(
          "Forget one memory",
          { parameters: idParameter },
          { ...ok("the removed ids"), "404": { $ref: "#/components/responses/Problem" } },
        ),
      },
      "/v1/recall": {
        post: op(
          "Attention read: weighted, explained memories",
          { requestBody: jsonBody(recall) },
          ok("results with weights, breakdowns and reasons"),
        ),
      },
      "/v1/context": {
        post: op(
          "Recall packed into prompt text within a token budget",
          { requestBody: jsonBody(context) },
          ok("text, tokens and sections"),
        ),
      },
      "/v1/forget": {
        post: op(
          "Forget by ids or by scope (user, agent, session)",
          { requestBody: jsonBody(forget) },
          ok("the removed ids"),
        ),
      },
      "/v1/export": {
        get: op(
          "Export the tenant's memories as JSON Lines",
          {},
          {
            "200": {
              description: "JSONL",
              content: { "application/x-ndjson": { schema: { type: "string" } } },
            },
          },
        ),
      },
      "/v1/import": {
        post: op(
          "Import JSON Lines as a job (admin key): 202 with the job and its status URL (also in Location)",
          {
            requestBody: {
              required: true,
              content: Object.fromEntries(
                IMPORT_BODY_TYPES.map((type) => [type, { schema: { type: "string" } }]),
              ),
            },
          },
          ok("the job: id, status (running), progress and statusUrl", "202"),
        ),
      },
      "/v1/import/jobs/{id}": {
        get: op(
          "An import job (admin key): running, done (with the counts) or failed (with the problem; a bad line is named)",
          { parameters: idParameter },
          { ...ok("the job"), "404": { $ref: "#/components/responses/Problem" } },
        ),
      },
      "/v1/stats": { get: op("Counts for the tenant", {}, ok("counts")) },
      "/v1/timeline": {
        get: op(
          "Episodes in time order",
          { parameters: queryParameters(timelineQuerySchema) },
          ok("episodes"),
        ),
      },
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
        post: op(
          "Delete entities",
          { requestBody: jsonBody(graph.deleteEntities as JsonObject) },
          ok("done"),
        ),
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

      "/v1/chat": {
        post: op(
          "One chat turn: recalled, remembered and answered (by the server's language model, or from remembered facts)",
          { requestBody: jsonBody(apps.chat) },
          ok("answer, mode (llm, memory or context-only), the context block and what was recalled"),
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
      "/v1/keys": {
        post: op(
          "Create an API key (admin key)",
          { requestBody: jsonBody(createKey) },
          ok("{key, tenant, id}: the key is shown once", "201"),
        ),
        get: op("List API keys (admin key)", {}, ok("keys, without their secrets")),
      },
      "/v1/keys/{id}": {
        delete: op("Revoke an API key (admin key)", { parameters: idParameter }, ok("the revoked key")),
      },
    },
    components: {
      schemas,
      responses: {
        Problem: {
          description: "An error",
          content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
        },
        Unavailable: {
          description: "The store cannot be reached right now: retry after the seconds in Retry-After",
          headers: { "Retry-After": { schema: { type: "integer" } } },
          content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
        },
      },
      securitySchemes: { bearer: { type: "http", scheme: "bearer" } },
    },
  };
  return cached;
}

/** The path template of the document that `path` matches ("/v1/memories/abc" → "/v1/memories/{id}"). */
function templateOf(paths: Record<string, unknown>, path: string): string | undefined {
  if (path in paths) return path;
  const parts = path.split("/");
  return Object.keys(paths).find((template) => {
    const pattern = template.split("/");
    return (
      pattern.length === parts.length && pattern.every((part, i) => part.startsWith("{") || part === parts[i])
    );
  });
}

/** The media types a route's body may have, as the document declares them; undefined for a route it does not list. */
export function bodyTypesOf(method: string, path: string): readonly string[] | undefined {
  const paths = buildOpenApiDocument().paths as Record<
    string,
    Record<string, { requestBody?: { content: object } }>
  >;
  const template = templateOf(paths, path);
  const content = template ? paths[template]?.[method.toLowerCase()]?.requestBody?.content : undefined;
  return content ? Object.keys(content) : undefined;
}
