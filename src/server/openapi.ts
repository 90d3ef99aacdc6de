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
  appPaths,
  graphPaths,
  type JsonObject,
  jsonBody,
  ok,
  op,
  PROBLEM_RESPONSES,
  queryParameters,
} from "./openapi-paths.js";

import {
  chatBodySchema,
  readingAskBodySchema,
  readingDocumentBodySchema,
  tmImportBodySchema,
  tmMatchBodySchema,
  tmTranslateBodySchema,
} from "./routes-apps.js";

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

/** Media types POST /v1/import takes: JSON Lines. */
export const IMPORT_BODY_TYPES = ["application/x-ndjson", "application/jsonl"] as const;

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
      ...graphPaths(graph),
      ...appPaths(apps),
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
      responses: PROBLEM_RESPONSES,
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
