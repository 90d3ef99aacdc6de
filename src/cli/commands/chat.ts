/** `engram chat`: a terminal chat that remembers, reading turns line by line from stdin (typed or piped) until /quit. */
import { createInterface } from "node:readline";
import type { Command } from "commander";
import { createDialogueApp, type DialogueTurnResult } from "../../apps/dialogue/index.js";
import type { LanguageModel } from "../../spec/language-model.js";
import { type CliContext, parseCount } from "../shared.js";
import { languageModelFromEnv } from "./language-model-option.js";

type Flags = Record<string, string | boolean | undefined>;

const QUIT = /^\/(?:quit|exit|q)$/iu;

function str(flags: Flags, name: string): string | undefined {
  return typeof flags[name] === "string" ? (flags[name] as string) : undefined;
}

/** One turn for the terminal: the answer, the trace with --trace, the context block when nothing answered. */
export function formatTurn(result: DialogueTurnResult, trace: boolean): string {
  const lines = [`engram: ${result.answer}`];
  if (result.mode === "context-only" && !result.facts) {
    lines.push(
      ...(result.context.text.length > 0 ? result.context.text : "(nothing remembered yet)")
        .split("\n")
        .map((line) => `  | ${line}`),
    );
  }
  if (trace && result.trace) lines.push(...result.trace.map((line) => `  · ${line}`));
  if (trace) lines.push(`  · mode: ${result.mode}`);
  return lines.join("\n");
}

export function registerChatCommand(program: Command, cli: CliContext): void {
  program
    .command("chat")
    .description(
      "chat that remembers: every line you type is remembered and answered from long-term memory (with --llm, by the configured language model); /quit ends",
    )
    .requiredOption("--user <id>", "whose memory: recall and writes stay within this user")
    .option("--session <id>", "the conversation (default: a new one, chat-<time>)")
    .option("--name <speaker>", "your name as the speaker of your turns (default: the user id)")
    .option("--tenant <id>")
    .option("--agent <id>")
    .option("--budget <tokens>", "token budget of the context block", "2000")
    .option("--trace", "show what was recalled for each turn, with weights, and what answered")
    .option("--llm", "answer with the configured language model (ENGRAM_LLM_BASE_URL, ENGRAM_LLM_MODEL)")
    .action(async (flags: Flags) => {
      const model: LanguageModel | undefined =
        flags.llm === true ? languageModelFromEnv(cli.io.env) : undefined;
      try {
        const engine = await cli.open();
        const app = createDialogueApp(engine, {
          languageModel: model,
          scope: { tenant: str(flags, "tenant"), agent: str(flags, "agent") },
          budget: parseCount(str(flags, "budget") ?? "2000", "--budget"),
        });
        const user = str(flags, "user") as string;
        const session = str(flags, "session") ?? `chat-${new Date().toISOString()}`;
        const speaker = str(flags, "name");
        const trace = flags.trace === true;
        const prompt = cli.io.interactive && !cli.json();
        if (prompt)
          cli.io.stderr(
            `engram chat: user ${user}, session ${session}, ${model ? `language model ${model.id}` : "no language model (questions about facts are answered from memory)"}; /quit ends\nyou> `,
          );
        const lines = createInterface({
          input: cli.io.stdin ?? process.stdin,
          crlfDelay: Number.POSITIVE_INFINITY,
        });
        try {
          for await (const raw of lines) {
            const text = raw.trim();
            if (QUIT.test(text)) break;
            if (text.length > 0) {
              const result = await app.turn(text, { user, session, trace, ...(speaker ? { speaker } : {}) });
              cli.print(result, formatTurn(result, trace));
            }
            if (prompt) cli.io.stderr("you> ");
          }
        } finally {
          lines.close();
        }
      } finally {
        await model?.close?.();
      }
    });
}
