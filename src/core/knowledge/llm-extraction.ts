/**
 * Fact extraction with a language model: one call per batch of turns, the reply forced to a JSON schema where the
 * model supports it and always validated with zod. A reply that is not that JSON is refused with
 * `llm_output_invalid`: the caller writes nothing.
 */
import { z } from "zod";
import { EngramError, ERROR_CODES } from "../../spec/errors.js";
import type { LanguageModel, TokenUsage } from "../../spec/language-model.js";
import type { EntityType, ExtractedFact, Extraction, SubjectReference } from "../../text/facts/index.js";
import { RELATIVE_SYNONYMS, RELATIVE_WORDS } from "../../text/facts/index.js";
import { hasHan } from "../../text/index.js";
import { EXTRACT_FACTS_PROMPT } from "./prompts/extract-facts.js";

export interface ExtractionTurn {
  /** The item's position in the batch. */
  index: number;
  text: string;
  speaker: string | null;
  at: number;
}

const entityType = z.enum(["person", "place", "organization"]);

/** What the model must answer. */
export const llmExtractionSchema = z.strictObject({
  facts: z.array(
    z.strictObject({
      turn: z.number().int().min(0),
      subject: z.string().trim().min(1).max(200),
      predicate: z
        .string()
        .trim()
        .min(1)
        .max(64)
        .transform((p) => p.toLowerCase().replace(/[\s-]+/g, "_")),
      object: z.string().trim().min(1).max(500),
      objectType: entityType.nullable().optional(),
      date: z.string().nullable().optional(),
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
      maxItems: 16,
      items: {
        type: "object",
        properties: {
          turn: { type: "integer" },
          subject: { type: "string", maxLength: 40 },
          predicate: { type: "string", maxLength: 24 },
          object: { type: "string", maxLength: 60 },
          objectType: { enum: ["person", "place", "organization", null] },
          date: { type: ["string", "null"], maxLength: 24 },
        },
        required: ["turn", "subject", "predicate", "object", "objectType", "date"],
        additionalProperties: false,
      },
    },
    entities: {
      type: "array",
      maxItems: 16,
      items: {
        type: "object",
        properties: {
          turn: { type: "integer" },
          name: { type: "string", maxLength: 40 },
          type: { enum: ["person", "place", "organization"] },
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
    message: `the language model's reply is not the facts JSON asked for (${detail}); nothing was written: retry, use a model that follows JSON schemas, or unset the LLM to use the rules`,
    cause,
  });
}

function subjectOf(subject: string): SubjectReference {
  const lower = subject.toLowerCase();
  if (["i", "me", "speaker", "myself", "我"].includes(lower)) return { kind: "speaker" };
  const relative = lower.match(/^my\s+(.+)$/)?.[1] ?? subject.match(/^我的?(.+)$/u)?.[1];
  if (relative) {
    const relation = RELATIVE_SYNONYMS[relative] ?? relative;
    if (relation in RELATIVE_WORDS) return { kind: "relative", relation };
  }
  return { kind: "named", name: subject };
}

/** Strip a JSON reply of the Markdown fences some models wrap it in. */
function unfence(text: string): string {
  const fenced = text.trim().match(/^```(?:json)?\s*([\s\S]*?)\s*```$/);
  return fenced?.[1] ?? text.trim();
}

/**
 * One call for the batch; facts and entities by item index.
 * @example
 * const { extractions, usage } = await extractWithLanguageModel(model, [{ index: 0, text: "I live in Lisbon", speaker: "Ana", at: Date.now() }]);
 */
export async function extractWithLanguageModel(
  model: LanguageModel,
  turns: ExtractionTurn[],
): Promise<{ extractions: Map<number, Extraction>; usage: TokenUsage }> {
  const lines = turns.map((turn, n) =>
    JSON.stringify({ turn: n, speaker: turn.speaker, at: new Date(turn.at).toISOString(), text: turn.text }),
  );
  const result = await model.complete({
    messages: [
      { role: "system", content: EXTRACT_FACTS_PROMPT },
      { role: "user", content: lines.join("\n") },
    ],
    jsonSchema: LLM_EXTRACTION_JSON_SCHEMA,
    temperature: 0,
    maxTokens: 2048,
  });
  let json: unknown;
  try {
    json = JSON.parse(unfence(result.text));
  } catch (error) {
    throw invalidOutput(model.id, `not JSON: ${(error as Error).message}`, error);
  }
  const parsed = llmExtractionSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .slice(0, 3)
      .map((issue) => `${issue.path.join(".") || "(the whole reply)"}: ${issue.message}`)
      .join("; ");
    throw invalidOutput(model.id, problems, parsed.error);
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
      throw invalidOutput(model.id, `facts name turn ${fact.turn}, but the batch has ${turns.length} turns`);
    const date = fact.date ? Date.parse(fact.date) : Number.NaN;
    const extracted: ExtractedFact = {
      subject: subjectOf(fact.subject),
      predicate: RELATIVE_SYNONYMS[fact.predicate] ?? fact.predicate,
      object: fact.object,
      objectType: (fact.objectType ?? null) as EntityType | null,
      at: Number.isFinite(date) ? date : null,
      language: hasHan(turn.text) ? "zh" : "en",
    };
    // "my sister" / name / "Maria" names the relative: the same fact as "Maria is my sister".
    if (extracted.subject.kind === "relative" && extracted.predicate === "name") {
      extracted.predicate = extracted.subject.relation;
      extracted.subject = { kind: "speaker" };
      extracted.objectType = "person";
    }
    at(fact.turn).facts.push(extracted);
  }
  for (const entity of parsed.data.entities) {
    if (!turns[entity.turn]) continue;
    at(entity.turn).mentions.push({ name: entity.name, entityType: entity.type });
  }
  return { extractions, usage: result.usage };
}
