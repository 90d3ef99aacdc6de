/**
 * The HTTP routes of the guide's three applications: chat (the dialogue app), reading comprehension and the
 * translation memory. Each request builds its app over the caller's tenant, so these routes see exactly what the
 * memory routes of the same key see; bodies are validated with the zod schemas below (also in /openapi.json).
 */
import type { Context, Hono } from "hono";
import { z } from "zod";
import { createDialogueApp, dialogueTurnInputSchema } from "../apps/dialogue/index.js";
import { createReadingApp } from "../apps/reading/index.js";
import {
  createTranslationMemory,
  parseTmx,
  type TmxUnit,
  type TranslationMemory,
  writeTmx,
  writeTsv,
} from "../apps/translation/index.js";
import type { Engine } from "../core/index.js";
import { parseJsonText } from "../core/json-text.js";
import { idSchema, nameSchema } from "../core/schemas.js";
import { parseInput } from "../core/validate.js";
import { EngramError, ERROR_CODES, invalidInput } from "../spec/errors.js";
import type { LanguageModel } from "../spec/language-model.js";
import type { Principal } from "./auth.js";
import type { TenantView } from "./tenant-view.js";
import { withTenant } from "./tenant-view.js";

const id = idSchema;
const lang = z
  .string()
  .trim()
  .min(2, "must be a language tag such as en or zh-CN")
  .max(35, "must be a language tag such as en or zh-CN");
const scope = { tenant: id.optional(), user: id.optional(), agent: id.optional() };
/** Use the server's language model (default: when it has one); false answers without it. */
const llm = z.boolean().optional();

/** POST /v1/chat: one turn of the dialogue app. */
export const chatBodySchema = z.strictObject({
  ...dialogueTurnInputSchema.shape,
  tenant: id.optional(),
  agent: id.optional(),
  llm,
});

/** POST /v1/reading/documents: a document's text, segmented and remembered. */
export const readingDocumentBodySchema = z.strictObject({
  text: z
    .string()
    .trim()
    .min(1, "must be a non-empty string: the document's text")
    // one document is one transaction: a bigger one would hold the server (`engram read` takes any size)
    .max(
      100_000,
      "is longer than 100,000 characters: split the document, or read it with `engram read <file>`",
    ),
  /** The document's name, as answers cite it. */
  document: nameSchema,
  ...scope,
});

/** POST /v1/reading/ask: a question answered from the segments read. */
export const readingAskBodySchema = z.strictObject({
  question: z.string().trim().min(1, "must be a non-empty string: the question").max(10_000),
  k: z.number().int().min(1).max(100).default(5),
  ...scope,
  llm,
});

/** POST /v1/tm/import with a JSON body: sentence pairs (TMX bodies are sent as application/xml instead). */
export const tmImportBodySchema = z.strictObject({
  sourceLang: lang.default("en"),
  targetLang: lang,
  units: z
    .array(
      z.strictObject({
        source: z.string().trim().min(1, "must be a non-empty string: the source sentence"),
        target: z.string().trim().min(1, "must be a non-empty string: the translation"),
        tuid: z.string().trim().min(1).max(256).optional(),
        note: z.string().max(10_000).optional(),
      }),
    )
    .min(1, "must hold at least one unit")
    .max(10_000, "holds more than 10,000 units: send them in batches"),
  ...scope,
});

/** The query string of POST /v1/tm/import with a TMX body. */
export const tmImportQuerySchema = z.strictObject({
  sourceLang: lang.default("en"),
  user: id.optional(),
  agent: id.optional(),
});

/** GET /v1/tm/export. */
export const tmExportQuerySchema = z.strictObject({
  format: z.enum(["tmx", "tsv"]).default("tmx"),
  sourceLang: lang.default("en"),
  targetLang: lang.optional(),
  user: id.optional(),
  agent: id.optional(),
});

/** POST /v1/tm/match. */
export const tmMatchBodySchema = z.strictObject({
  sentence: z.string().trim().min(1, "must be a non-empty string: the sentence to match").max(10_000),
  k: z.number().int().min(1).max(100).default(5),
  candidates: z.number().int().min(1).max(1000).default(50),
  minFuzzy: z.number().min(0).max(100).default(0),
  sourceLang: lang.default("en"),
  targetLang: lang.optional(),
  ...scope,
});

/** POST /v1/tm/translate. */
export const tmTranslateBodySchema = z.strictObject({
  sentence: z.string().trim().min(1, "must be a non-empty string: the sentence to translate").max(10_000),
  sourceLang: lang.default("en"),
  targetLang: lang.optional(),
  ...scope,
  llm,
});

type AppsEnv = { Variables: { principal: Principal; view: TenantView } };

export interface AppRoutesOptions {
  engine: Engine;
  /** The server's language model: chat, ask and translate use it unless a body says `"llm": false`. */
  languageModel?: LanguageModel;
}

async function readBody(c: Context<AppsEnv>): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === "")
    throw invalidInput("the request has no body: send a JSON object with Content-Type: application/json");
  return parseJsonText(text, "body", "send a JSON object with Content-Type: application/json");
}

/** The body, validated, with the caller's tenant (a body naming another tenant is refused). */
async function bodyOf<S extends z.ZodType>(c: Context<AppsEnv>, schema: S): Promise<z.output<S>> {
  return parseInput(schema, withTenant(await readBody(c), c.var.principal.tenant));
}

function queryOf<S extends z.ZodType>(c: Context<AppsEnv>, schema: S): z.output<S> {
  const params = Object.fromEntries(Object.entries(c.req.query()).filter(([, value]) => value !== ""));
  return parseInput(schema, params, "query");
}

/** A sentence pair as a TMX unit. */
function pairUnit(
  pair: { source: string; target: string; tuid?: string; note?: string },
  sourceLang: string,
  targetLang: string,
): TmxUnit {
  const variant = (language: string, text: string) => ({
    lang: language,
    text,
    attributes: {},
    props: [],
    notes: [],
  });
  return {
    attributes: pair.tuid ? { tuid: pair.tuid } : {},
    props: [],
    notes: pair.note ? [{ value: pair.note }] : [],
    variants: [variant(sourceLang, pair.source), variant(targetLang, pair.target)],
  };
}

/**
 * Add the application routes to the API (under /v1, behind its authentication).
 * @example
 * registerAppRoutes(app, { engine, languageModel });
 */
export function registerAppRoutes(app: Hono<AppsEnv>, options: AppRoutesOptions): void {
  const { engine } = options;

  const modelFor = (wanted: boolean | undefined): LanguageModel | undefined => {
    if (wanted === false) return undefined;
    if (wanted === true && !options.languageModel) {
      throw new EngramError({
        code: ERROR_CODES.notAvailable,
        category: "user",
        where: "llm",
        message:
          "this server has no language model: start it with ENGRAM_LLM_BASE_URL and ENGRAM_LLM_MODEL (or ENGRAM_LLM_GGUF), or leave out `llm`",
      });
    }
    return options.languageModel;
  };

  const memoryFor = (
    tenant: string,
    input: { user?: string; agent?: string; sourceLang: string; targetLang?: string },
  ): TranslationMemory =>
    createTranslationMemory(engine, {
      scope: { tenant, user: input.user, agent: input.agent },
      sourceLang: input.sourceLang,
      targetLang: input.targetLang,
    });

  app.post("/v1/chat", async (c) => {
    const { tenant, agent, llm: wanted, text, ...turn } = await bodyOf(c, chatBodySchema);
    const chat = createDialogueApp(engine, {
      languageModel: modelFor(wanted),
      scope: { tenant, agent },
    });
    return c.json(await chat.turn(text, turn));
  });

  app.post("/v1/reading/documents", async (c) => {
    const input = await bodyOf(c, readingDocumentBodySchema);
    const reading = createReadingApp(engine, {
      scope: { tenant: input.tenant, user: input.user, agent: input.agent },
    });
    return c.json(await reading.ingestText(input.text, input.document), 201);
  });

  app.post("/v1/reading/ask", async (c) => {
    const input = await bodyOf(c, readingAskBodySchema);
    const reading = createReadingApp(engine, {
      scope: { tenant: input.tenant, user: input.user, agent: input.agent },
    });
    return c.json(await reading.ask(input.question, { k: input.k, model: modelFor(input.llm) }));
  });

  app.post("/v1/tm/import", async (c) => {
    const tenant = c.var.principal.tenant;
    const contentType = c.req.header("content-type") ?? "";
    const raw = await c.req.text();
    if (/xml|tmx/iu.test(contentType) || raw.trimStart().startsWith("<")) {
      const query = queryOf(c, tmImportQuerySchema);
      const memory = memoryFor(tenant, query);
      return c.json(await memory.importTmx(parseTmx(raw, "body"), "http"), 201);
    }
    const body = parseJsonText(
      raw,
      "body",
      'send a TMX file as application/xml, or {"targetLang":"zh-CN","units":[{"source":"…","target":"…"}]}',
    );
    const input = parseInput(tmImportBodySchema, withTenant(body, tenant));
    const memory = memoryFor(tenant, input);
    const units = input.units.map((pair) => pairUnit(pair, input.sourceLang, input.targetLang));
    return c.json(await memory.importUnits(units, { source: "http" }), 201);
  });

  app.get("/v1/tm/export", async (c) => {
    const query = queryOf(c, tmExportQuerySchema);
    const memory = memoryFor(c.var.principal.tenant, query);
    if (query.format === "tmx") {
      return c.body(writeTmx(await memory.exportTmx()), 200, {
        "content-type": "application/x-tmx+xml; charset=utf-8",
      });
    }
    const units = await memory.exportUnits();
    const targetLang =
      query.targetLang ?? units[0]?.variants.find((variant) => variant.lang !== query.sourceLang)?.lang;
    const written = writeTsv(units, {
      sourceLang: query.sourceLang,
      targetLang: targetLang ?? "und",
      columns: ["source", "target"],
    });
    return c.body(written.text, 200, { "content-type": "text/tab-separated-values; charset=utf-8" });
  });

  app.post("/v1/tm/match", async (c) => {
    const input = await bodyOf(c, tmMatchBodySchema);
    const memory = memoryFor(input.tenant as string, input);
    return c.json(
      await memory.match(input.sentence, {
        k: input.k,
        candidates: input.candidates,
        minFuzzy: input.minFuzzy,
      }),
    );
  });

  app.post("/v1/tm/translate", async (c) => {
    const input = await bodyOf(c, tmTranslateBodySchema);
    const memory = memoryFor(input.tenant as string, input);
    return c.json(
      await memory.translate(input.sentence, { model: modelFor(input.llm), targetLang: input.targetLang }),
    );
  });
}
