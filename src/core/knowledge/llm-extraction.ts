/**
 * Fact extraction with a language model: one call per session of a batch, the reply forced to a JSON schema where
 * the model supports it and always validated with zod. A reply that is not that JSON is refused with
 * `llm_output_invalid`; per session, the caller falls back to the rules for the turns of a refused reply.
 */
import { z } from "zod";
import { EngramError, ERROR_CODES } from "../../spec/errors.js";
import type { LanguageModel, TokenUsage } from "../../spec/language-model.js";
import type { EntityType, ExtractedFact, Extraction, SubjectReference } from "../../text/facts/index.js";
import {
  CHINESE_RELATIVE_WORDS,
  ENDABLE_PREDICATES,
  RELATIVE_SYNONYMS,
  RELATIVE_WORDS,
} from "../../text/facts/index.js";
import { hasHan } from "../../text/index.js";
import { EXTRACT_FACTS_PROMPT } from "./prompts/extract-facts.js";

export interface ExtractionTurn {
  /** The item's position in the batch. */
  index: number;
  text: string;
  speaker?: string | null;
  /** Whom the speaker addresses, when known. */
  addressee?: string | null;
  /** Turns of one session go to the model in one call. */
  session?: string | null;
  at: number;
}

const entityType = z.enum(["person", "place", "organization", "animal"]);

/** What the model must answer. */
export const llmExtractionSchema = z.strictObject({
  facts: z.array(
    z
      .strictObject({
        turn: z.number().int().min(0),
        subject: z.string().trim().min(1).max(200),
        predicate: z
          .string()
          .trim()
          .min(1)
          .max(64)
          .transform((p) => p.toLowerCase().replace(/[\s-]+/g, "_")),
        object: z.string().trim().max(500),
        objectType: entityType.nullable().optional(),
        date: z.string().nullable().optional(),
        text: z.string().trim().max(500).nullable().optional(),
        /** A job, a home or a marriage that ended (ExtractedFact.ends); its object may then be empty: whichever. */
        ended: z.boolean().nullable().optional(),
        /** The value this one corrects ("Mia, not Maria": Maria), ExtractedFact.replaces. */
        replaces: z.string().trim().max(200).nullable().optional(),
      })
      .refine((fact) => fact.object.length > 0 || fact.ended === true, {
        message: "is empty: only an ended fact may leave its object empty",
        path: ["object"],
      }),
  ),
  entities: z
    .array(
      z.strictObject({
        turn: z.number().int().min(0),
        name: z.string().trim().min(1).max(200),
        type: entityType,
      }),
    )
    .default([]),
});

/** The same shape as a JSON schema, for grammars and `response_format`. Bounded so a grammar always terminates. */
export const LLM_EXTRACTION_JSON_SCHEMA: Record<string, unknown> = {
  type: "object",
  properties: {
    facts: {
      type: "array",
      maxItems: 64,
      items: {
        type: "object",
        properties: {
          turn: { type: "integer" },
          subject: { type: "string", maxLength: 40 },
          predicate: { type: "string", maxLength: 24 },
          object: { type: "string", maxLength: 60 },
          objectType: { enum: ["person", "place", "organization", "animal", null] },
          date: { type: ["string", "null"], maxLength: 24 },
          text: { type: ["string", "null"], maxLength: 160 },
          ended: { type: "boolean" },
          replaces: { type: ["string", "null"], maxLength: 60 },
        },
        required: ["turn", "subject", "predicate", "object", "objectType", "date", "text"],
        additionalProperties: false,
      },
    },
    entities: {
      type: "array",
      maxItems: 32,
      items: {
        type: "object",
        properties: {
          turn: { type: "integer" },
          name: { type: "string", maxLength: 40 },
          type: { enum: ["person", "place", "organization", "animal"] },
        },
        required: ["turn", "name", "type"],
        additionalProperties: false,
      },
    },
  },
  required: ["facts", "entities"],
  additionalProperties: false,
};

function invalidOutput(model: string, detail: string, cause?: unknown): EngramError {
  return new EngramError({
    code: ERROR_CODES.llmOutputInvalid,
    category: "provider",
    where: model,
    message: `the language model's reply is not the facts JSON asked for (${detail}): its turns are read by the rules instead; use a model that follows JSON schemas for the LLM's facts`,
    cause,
  });
}

function subjectOf(subject: string): SubjectReference {
  const lower = subject.toLowerCase();
  if (["i", "me", "speaker", "myself", "我"].includes(lower)) return { kind: "speaker" };
  const relative = lower.match(/^my\s+(.+)$/)?.[1] ?? subject.match(/^我的?(.+)$/u)?.[1];
  if (relative) {
    // "我妹妹" in a reply for a Chinese turn is the speaker's sister, as "my sister" is
    const relation = RELATIVE_SYNONYMS[relative] ?? CHINESE_RELATIVE_WORDS[relative] ?? relative;
    if (relation in RELATIVE_WORDS) return { kind: "relative", relation };
  }
  return { kind: "named", name: subject };
}

/** Strip a JSON reply of the Markdown fences some models wrap it in. */
function unfence(text: string): string {
  const fenced = text.trim().match(/^```(?:json)?\s*([\s\S]*?)\s*```$/);
  return fenced?.[1] ?? text.trim();
}

/** What the calls for a batch gave: extractions by item index, the items whose session's reply was refused. */
export interface SessionExtractions {
  extractions: Map<number, Extraction>;
  /** Item indexes whose session's reply was refused: the caller extracts them with the rules. */
  refused: Set<number>;
  usage: { calls: number; promptTokens: number; completionTokens: number; fallbacks: number };
}

/**
 * One call per session of the batch, in order; a session whose reply is not the JSON asked for is counted as a
 * fallback and its turns are listed in `refused`. Errors other than a malformed reply (the server is down) are thrown.
 */
export async function extractSessionsWithLanguageModel(
  model: LanguageModel,
  turns: ExtractionTurn[],
): Promise<SessionExtractions> {
  const sessions = new Map<string, ExtractionTurn[]>();
  for (const turn of turns) {
    const key = turn.session ?? "";
    sessions.set(key, [...(sessions.get(key) ?? []), turn]);
  }
  const result: SessionExtractions = {
    extractions: new Map(),
    refused: new Set(),
    usage: { calls: 0, promptTokens: 0, completionTokens: 0, fallbacks: 0 },
  };
  for (const session of sessions.values()) {
    const reply = await requestExtraction(model, session);
    result.usage.calls++;
    result.usage.promptTokens += reply.usage.promptTokens;
    result.usage.completionTokens += reply.usage.completionTokens;
    try {
      for (const [index, extraction] of parseExtraction(model.id, session, reply.text))
        result.extractions.set(index, extraction);
    } catch (error) {
      if (!EngramError.isInstance(error) || error.code !== ERROR_CODES.llmOutputInvalid) throw error;
      result.usage.fallbacks++;
      for (const turn of session) result.refused.add(turn.index);
    }
  }
  return result;
}

/** The one call for a session's turns: the turns as JSON lines, the reply asked for in the schema. */
async function requestExtraction(model: LanguageModel, turns: ExtractionTurn[]) {
  const lines = turns.map((turn, n) =>
    JSON.stringify({
      turn: n,
      speaker: turn.speaker ?? null,
      ...(turn.addressee ? { to: turn.addressee } : {}),
      at: new Date(turn.at).toISOString(),
      text: turn.text,
    }),
  );
  return model.complete({
    messages: [
      { role: "system", content: EXTRACT_FACTS_PROMPT },
      { role: "user", content: lines.join("\n") },
    ],
    jsonSchema: LLM_EXTRACTION_JSON_SCHEMA,
    temperature: 0,
    maxTokens: 4096,
  });
}

/** A reply as extractions by item index, or `llm_output_invalid` when it is not the JSON asked for. */
function parseExtraction(modelId: string, turns: ExtractionTurn[], reply: string): Map<number, Extraction> {
  let json: unknown;
  try {
    json = JSON.parse(unfence(reply));
  } catch (error) {
    throw invalidOutput(modelId, `not JSON: ${(error as Error).message}`, error);
  }
  const parsed = llmExtractionSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .slice(0, 3)
      .map((issue) => `${issue.path.join(".") || "(the whole reply)"}: ${issue.message}`)
      .join("; ");
    throw invalidOutput(modelId, problems, parsed.error);
  }
  const extractions = new Map<number, Extraction>();
  const at = (n: number): Extraction => {
    const index = turns[n]?.index as number;
    let extraction = extractions.get(index);
    if (!extraction) {
      extraction = { facts: [], mentions: [] };
      extractions.set(index, extraction);
    }
    return extraction;
  };
  for (const fact of parsed.data.facts) {
    const turn = turns[fact.turn];
    if (!turn)
      throw invalidOutput(modelId, `facts name turn ${fact.turn}, but the batch has ${turns.length} turns`);
    const date = fact.date ? Date.parse(fact.date) : Number.NaN;
    const extracted: ExtractedFact = {
      subject: subjectOf(fact.subject),
      predicate: RELATIVE_SYNONYMS[fact.predicate] ?? fact.predicate,
      object: fact.object,
      objectType: (fact.objectType ?? null) as EntityType | null,
      at: Number.isFinite(date) ? date : null,
      language: hasHan(turn.text) ? "zh" : "en",
      ...(fact.text ? { text: fact.text } : {}),
      ...(fact.replaces ? { replaces: fact.replaces } : {}),
    };
    // an ending closes a value; its own sentence is written when the value it closes is known
    if (fact.ended && ENDABLE_PREDICATES.has(extracted.predicate)) {
      extracted.ends = true;
      // a value named as ended held until then (the prompt asks for no denials): a former one when never told
      if (extracted.object.length > 0) extracted.held = true;
      delete extracted.text;
    } else if (fact.ended || fact.object.length === 0) continue;
    // "my sister" / name / "Maria" names the relative: the same fact as "Maria is my sister".
    if (extracted.subject.kind === "relative" && extracted.predicate === "name") {
      extracted.predicate = extracted.subject.relation;
      extracted.subject = { kind: "speaker" };
      extracted.objectType = "person";
      delete extracted.text;
    }
    at(fact.turn).facts.push(extracted);
  }
  for (const entity of parsed.data.entities) {
    if (!turns[entity.turn]) continue;
    at(entity.turn).mentions.push({ name: entity.name, entityType: entity.type });
  }
  return extractions;
}

/**
 * One call for the turns given; facts and entities by item index. Throws `llm_output_invalid` for a malformed reply.
 * @example
 * const { extractions, usage } = await extractWithLanguageModel(model, [{ index: 0, text: "I live in Lisbon", speaker: "Ana", at: Date.now() }]);
 */
export async function extractWithLanguageModel(
  model: LanguageModel,
  turns: ExtractionTurn[],
): Promise<{ extractions: Map<number, Extraction>; usage: TokenUsage }> {
  const result = await requestExtraction(model, turns);
  return { extractions: parseExtraction(model.id, turns, result.text), usage: result.usage };
}
