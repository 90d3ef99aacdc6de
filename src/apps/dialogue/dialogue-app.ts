/**
 * The dialogue app (the guide's dialogue system): every turn is recalled against long-term memory and the session's
 * working memory (engine.context), remembered, and answered — by a language model given that context when one is
 * configured; without one, questions about remembered facts are answered straight from the facts, and anything else
 * gets an honest "I cannot answer that" with the context block it would have sent.
 */
import { z } from "zod";
import type { ContextBlock, Engine, FactView, RememberResult } from "../../core/index.js";
import { idSchema, nameSchema } from "../../core/schemas.js";
import { parseInput } from "../../core/validate.js";
import type { LanguageModel } from "../../spec/language-model.js";
import { DEFAULT_TENANT, type MemoryKind, type MemoryRecord, type Scope } from "../../spec/memory.js";
import { hasHan } from "../../text/index.js";
import { answerSentence } from "./answer-sentence.js";
import { buildDialoguePrompt } from "./dialogue-prompt.js";
import { type FactQuestion, looksLikeQuestion, parseFactQuestion } from "./fact-question.js";
import type { MemoryAnswer } from "./fact-reading.js";
import { answerFromMemory, readBack } from "./memory-answerer.js";
import { saidAnswer, toldAnswer } from "./told-answer.js";

const id = idSchema;

/** One user turn, as the CLI and POST /v1/chat take it. */
export const dialogueTurnInputSchema = z.strictObject({
  text: z
    .string()
    .trim()
    .min(1, "must be a non-empty string: what the user says")
    .max(10_000, "is longer than 10,000 characters: send a shorter turn"),
  /** Whose memory this is: recall and writes stay within this user. */
  user: id,
  /** The conversation: its latest turns are the working memory. */
  session: id,
  /** Who is speaking, by name (default the user id): facts about "I" are stored under it. */
  speaker: nameSchema.optional(),
  /** Also return human-readable trace lines: what was recalled, with weights, and what answered. */
  trace: z.boolean().default(false),
  /** When the turn happens (ISO or epoch ms); default now. */
  at: z.union([z.string(), z.number()]).optional(),
});
export type DialogueTurnInput = z.input<typeof dialogueTurnInputSchema>;

export interface DialogueAppOptions {
  /** With a language model every turn is answered by it, given the context block. */
  languageModel?: LanguageModel;
  /** Tenant and agent the conversation lives in (the user and session come with each turn). */
  scope?: Scope;
  /** Token budget of the context block (default 2000). */
  budget?: number;
  /** The speaker name of the assistant's remembered turns (default "assistant"). */
  assistantName?: string;
  /** Longest answer from the language model, in tokens (default 512). */
  maxTokens?: number;
  now?: () => number;
}

/** A memory the context block holds, as the trace shows it. */
export interface DialogueRecalled {
  id: string;
  text: string;
  /** The attention weight recall gave it. */
  weight: number;
  kind: MemoryKind;
  /** Where it sits in the block: facts or memories. */
  section: "facts" | "memories";
  speaker: string | null;
  session: string | null;
  occurredAt: string;
}

export interface DialogueUsage {
  /** Calls to language models this turn: the answer, and fact extraction if the engine extracts with one. */
  calls: number;
  promptTokens: number;
  completionTokens: number;
}

export type DialogueMode = "llm" | "memory" | "context-only";

export interface DialogueTurnResult {
  answer: string;
  /** llm: a language model answered; memory: facts answered, no LLM; context-only: no answer, the block is shown. */
  mode: DialogueMode;
  /** The context block sent to the language model (or that would be sent). */
  context: { text: string; tokens: number; budget: number };
  /** What the block holds from long-term memory, by weight (the session's latest turns are in `context`). */
  recalled: DialogueRecalled[];
  /** The facts the answer rests on (memory mode), or those a statement taught ("Noted: you live in Lisbon."). */
  facts?: FactView[];
  /** The ids of the asker's own memories the answer quotes, when no fact held the question's words (memory mode). */
  said?: string[];
  /** The question as read, when it asks about a fact. */
  question?: FactQuestion;
  /** The ids of the remembered turns: the user's, and the assistant's (null when nothing was said back). */
  remembered: { user: string; assistant: string | null };
  llm?: DialogueUsage;
  /** With `trace`: what was recalled and what answered, one line each. */
  trace?: string[];
}

export interface DialogueApp {
  /** One turn: recall, remember, answer, remember the answer. */
  turn(userText: string, options: Omit<DialogueTurnInput, "text">): Promise<DialogueTurnResult>;
}

const NOTHING_REMEMBERED = {
  en: "I don't remember you telling me that.",
  zh: "我不记得你跟我说过这个。",
};
/** The reply to a statement of the user's own that taught no fact of the catalogue: it is remembered as said. */
const NOTED = { en: "Noted.", zh: "记住了。" };
/** A turn that tells of its speaker: it opens (after a filler) on I, my, we, our; 我. */
const OWN_STATEMENT = {
  // (after a time it happens at: "Next month I'm going to Japan", 下个月我要去日本出差)
  en: /^(?:(?:so|and|well|oh|ok|okay|actually|also|btw|yeah|yes|no|hey|hi)[,!.]?\s+)*(?:(?:yesterday|today|tonight|tomorrow|recently|lately|(?:next|last|this) [a-z]+|on [a-z]+day|in [a-z]+)[,]?\s+)?(?:i|i'm|i’m|i've|i’ve|i'd|i’d|my|we|we're|we’re|we've|we’ve|our)\b/iu,
  zh: /^(?:(?:其实|另外|对了|嗯+|哈+|好的|是的|你好)[，,、！!\s]*)*(?:(?:[上下这]个?(?:月|星期|礼拜|周)[一二三四五六日天末]?|[今明昨前后]天|今年|明年|去年|最近|周末)(?:早上|上午|中午|下午|晚上)?[，,]?)?我/u,
};
const NO_MODEL = {
  en: "I have no language model to answer that with; without one I only answer questions about what you told me (where you live or work, and did before, when something you told me of happened and what you did on a day, your birthday and anniversary, how old someone is, what you like or are allergic to (and whether you like something), which languages you speak, your family's and pets' names and how many, who someone is and who your family are, what I know about you, and questions about you whose every word something you told me says). This is the context I would send:",
  zh: "我没有可用的语言模型来回答这个问题；没有模型时，我只能回答你告诉过我的事实（住在哪里、在哪里工作、以前住在哪里、你说过的事是什么时候、某天做了什么、生日和纪念日、某人几岁、喜欢什么（或是否喜欢）、对什么过敏、会说什么语言、家人和宠物的名字和数目、某人是谁、我知道你的什么，以及你说过的话里每个词都有的关于你的问题）。这是我会发送的上下文：",
};

function usageOf(result: RememberResult): DialogueUsage | undefined {
  return result.knowledge?.llm;
}

function addUsage(
  total: DialogueUsage | undefined,
  more: DialogueUsage | undefined,
): DialogueUsage | undefined {
  if (!more) return total;
  if (!total) return { ...more };
  return {
    calls: total.calls + more.calls,
    promptTokens: total.promptTokens + more.promptTokens,
    completionTokens: total.completionTokens + more.completionTokens,
  };
}

/** The memories a context block holds, recalled and the session's latest turns. */
async function blockRecords(engine: Engine, tenant: string, block: ContextBlock): Promise<MemoryRecord[]> {
  const ids = block.sections.flatMap((section) => section.items.map((item) => item.id));
  return ids.length === 0 ? [] : engine.get({ tenant, ids });
}

/** What the context block took from long-term memory, by weight, with each memory's own text and speaker. */
async function recalledOf(engine: Engine, tenant: string, block: ContextBlock): Promise<DialogueRecalled[]> {
  const items = block.sections.flatMap((section) =>
    section.name === "conversation"
      ? []
      : section.items.map((item) => ({ item, section: section.name as "facts" | "memories" })),
  );
  if (items.length === 0) return [];
  const records = new Map(
    (await engine.get({ tenant, ids: items.map(({ item }) => item.id) })).map((record) => [
      record.id,
      record,
    ]),
  );
  return items
    .map(({ item, section }) => {
      const record = records.get(item.id);
      return {
        id: item.id,
        text: record?.text ?? item.text,
        weight: item.weight ?? 0,
        kind: item.kind,
        section,
        speaker: record?.speaker ?? null,
        session: record?.session ?? null,
        occurredAt: item.occurredAt,
      };
    })
    .sort((a, b) => b.weight - a.weight || (a.id < b.id ? -1 : 1));
}

function traceLines(result: Omit<DialogueTurnResult, "trace">): string[] {
  const lines = [
    `recalled ${result.recalled.length} memories into a context of ${result.context.tokens} of ${result.context.budget} tokens:`,
  ];
  for (const memory of result.recalled) {
    const who = memory.speaker ? `${memory.speaker}: ` : "";
    lines.push(
      `  ${(memory.weight * 100).toFixed(1).padStart(5)}%  ${memory.kind.padEnd(7)} ${who}${memory.text.replace(/\s+/gu, " ")}`,
    );
  }
  if (result.mode === "memory" && result.facts) {
    for (const fact of result.facts)
      lines.push(
        `answered from fact ${fact.id}: ${fact.subject} ${fact.predicate} ${fact.object} (told ${fact.count}×)`,
      );
    for (const id of result.said ?? []) lines.push(`answered from what was said in memory ${id}`);
    if (result.facts.length === 0 && !result.said)
      lines.push("answered from the speaker name the turn came with");
  } else if (result.mode === "llm" && result.llm) {
    lines.push(
      `answered by the language model: ${result.llm.calls} call(s), ${result.llm.promptTokens} prompt + ${result.llm.completionTokens} completion tokens`,
    );
  } else if (result.mode === "context-only" && result.facts) {
    for (const fact of result.facts)
      lines.push(`learned fact ${fact.id}: ${fact.subject} ${fact.predicate} ${fact.object}`);
    if (result.facts.length === 0) lines.push("remembered as said: it told no fact of the catalogue");
  } else if (result.mode === "context-only") {
    lines.push(
      result.question
        ? `no current fact ${result.question.predicate} answers the question`
        : "not a question about a remembered fact, and no language model: the context block is the answer",
    );
  }
  return lines;
}

/**
 * A chat that remembers, over an engine.
 * @example
 * const chat = createDialogueApp(engine);
 * await chat.turn("I moved to Lisbon last month", { user: "ana", session: "monday" });
 * const { answer } = await chat.turn("Where do I live?", { user: "ana", session: "tuesday" }); // "You live in Lisbon."
 */
export function createDialogueApp(engine: Engine, options: DialogueAppOptions = {}): DialogueApp {
  const scope = options.scope ?? {};
  const tenant = scope.tenant ?? DEFAULT_TENANT;
  const budget = options.budget ?? 2000;
  const assistantName = options.assistantName ?? "assistant";
  const now = options.now ?? Date.now;

  return {
    async turn(userText, turnOptions) {
      const input = parseInput(dialogueTurnInputSchema, { ...turnOptions, text: userText });
      const speaker = input.speaker ?? input.user;
      const where = { tenant, user: input.user, ...(scope.agent ? { agent: scope.agent } : {}) };
      const at =
        input.at === undefined ? now() : typeof input.at === "number" ? input.at : Date.parse(input.at);
      const language = hasHan(input.text) ? "zh" : "en";

      // Recall first, so that the block holds what came before this turn (the turn itself is the user message).
      const block = await engine.context({ query: input.text, ...where, session: input.session, budget });
      const told = await engine.remember({
        text: input.text,
        ...where,
        session: input.session,
        role: "user",
        speaker,
        at,
      });
      const userMemoryId = told.items[0]?.id as string;
      let usage = usageOf(told);

      let answer: string;
      let mode: DialogueMode;
      let facts: FactView[] | undefined;
      let said: string[] | undefined;
      const question = parseFactQuestion(input.text) ?? undefined;
      if (options.languageModel) {
        const reply = await options.languageModel.complete({
          messages: buildDialoguePrompt({
            context: block.text,
            userText: input.text,
            speaker,
            now: new Date(at).toISOString(),
          }),
          maxTokens: options.maxTokens ?? 512,
          temperature: 0.3,
        });
        answer = reply.text.trim();
        mode = "llm";
        usage = addUsage(usage, { calls: 1, ...reply.usage });
      } else {
        // a question no predicate answers may be answered by what the asker told that says each of its words
        const found =
          (question ? await answerFromMemory(engine, question, where, speaker, at) : null) ??
          // ("where did I work before?" with no job before is not answered by the current one)
          (looksLikeQuestion(input.text) && !question?.before
            ? ((await toldAnswer(engine, input.text, where, speaker, userMemoryId)) ??
              // ("What do I need to buy?": no fact, but the asker's own words the context recalled)
              (await saidAnswer(
                engine,
                input.text,
                await blockRecords(engine, tenant, block),
                where,
                speaker,
                userMemoryId,
              )))
            : null);
        // "What's my name?" from the speaker's name the turn came with (a name one introduces oneself by and speaks
        // under is no fact of its own: "Ana is called Ana.")
        const answered: MemoryAnswer | null =
          found ??
          (question?.predicate === "name" && question.subject.kind === "speaker" && input.speaker
            ? { text: answerSentence(question, [input.speaker]), facts: [] }
            : null);
        if (answered) {
          answer = answered.text;
          mode = "memory";
          facts = answered.facts;
          said = answered.said;
        } else {
          mode = "context-only";
          // A question about a fact nobody told; a statement that taught facts; a statement of one's own that
          // taught none is remembered as said ("I went hiking yesterday." → "Noted."); anything else needs a model.
          const learned =
            question || looksLikeQuestion(input.text)
              ? null
              : await readBack(engine, where, speaker, userMemoryId, language);
          const ownStatement =
            !question &&
            !learned &&
            !looksLikeQuestion(input.text) &&
            OWN_STATEMENT[language].test(input.text);
          // a "when" or "what did I do then" no dated fact answers may still be in what was said: the context shows it
          answer =
            question && question.predicate !== "when" && question.predicate !== "during"
              ? NOTHING_REMEMBERED[language]
              : (learned?.text ?? (ownStatement ? NOTED[language] : NO_MODEL[language]));
          if (learned) facts = learned.facts;
          else if (ownStatement) facts = [];
        }
      }

      // The assistant's answer is remembered too; a canned "I cannot answer" or "Noted" carries nothing to remember.
      let assistantMemoryId: string | null = null;
      if (mode !== "context-only" && answer.length > 0) {
        const said = await engine.remember({
          text: answer,
          ...where,
          session: input.session,
          role: "assistant",
          speaker: assistantName,
          at: at + 1,
        });
        assistantMemoryId = said.items[0]?.id ?? null;
        usage = addUsage(usage, usageOf(said));
      }

      const result: Omit<DialogueTurnResult, "trace"> = {
        answer,
        mode,
        context: { text: block.text, tokens: block.tokens, budget: block.budget },
        recalled: await recalledOf(engine, tenant, block),
        ...(facts ? { facts } : {}),
        ...(said ? { said } : {}),
        ...(question ? { question } : {}),
        remembered: { user: userMemoryId, assistant: assistantMemoryId },
        ...(usage ? { llm: usage } : {}),
      };
      return input.trace ? { ...result, trace: traceLines(result) } : result;
    },
  };
}
