/** `engram chat` end to end, in process: turns fed on stdin, offline answers across sessions, --trace, --json, /quit and --llm. */

import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EXIT } from "../../../src/cli/program.js";
import { runEngram, tempDir } from "../../helpers.js";
import { serveDialogueFixtures } from "./dialogue-fixture-server.js";

const chat = (args: string[], lines: string[], env: NodeJS.ProcessEnv = {}) => runEngram(args, env, lines);

describe("engram chat", () => {
  it("remembers in one session and answers from memory in the next, with no LLM", async () => {
    const base = ["--db", join(tempDir(), "chat.db"), "--embedder", "hash"];
    const first = await chat(
      [...base, "chat", "--user", "ana", "--session", "s1"],
      ["I moved to Lisbon last month", "/quit", "I moved to Paris"],
    );
    expect(first).toMatchObject({
      code: EXIT.ok,
      stdout: "engram: Noted: you live in Lisbon.\n",
      stderr: "",
    });

    const second = await chat(
      [...base, "chat", "--user", "ana", "--session", "s2", "--trace"],
      ["where do I live?"],
    );
    expect(second.code).toBe(EXIT.ok);
    const lines = second.stdout.trimEnd().split("\n");
    expect(lines[0]).toBe("engram: You live in Lisbon.");
    expect(lines[1]).toMatch(/^ {2}· recalled 2 memories into a context of \d+ of 2000 tokens:$/u);
    expect(
      lines
        .slice(2, 4)
        .map((line) => line.replace(/·\s+\d+\.\d%/u, "· N%"))
        .sort(),
    ).toEqual(["  · N%  episode ana: I moved to Lisbon last month", "  · N%  fact    ana lives in Lisbon."]);
    expect(lines[4]).toMatch(/^ {2}· answered from fact mem_\w+: ana lives_in Lisbon \(told 1×\)$/u);
    expect(lines[5]).toBe("  · mode: memory");

    // Piped input and --json: one object per turn; a Chinese speaker by --name.
    const zh = await chat(
      [...base, "--json", "chat", "--user", "li", "--name", "小李", "--session", "c1"],
      ["我住在北京", "", "我住在哪里？"],
    );
    const turns = zh.stdout
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(turns.map((turn) => [turn.mode, turn.answer])).toEqual([
      ["context-only", "记住了：你住在北京。"],
      ["memory", "你住在北京。"],
    ]);
    expect(turns[1].facts[0]).toMatchObject({ subject: "小李", predicate: "lives_in", object: "北京" });
  });

  it("shows the context block it would send when it cannot answer", async () => {
    const base = ["--db", join(tempDir(), "chat.db"), "--embedder", "hash"];
    const result = await chat(
      [...base, "chat", "--user", "ana", "--session", "s1"],
      ["I adopted a kitten called Miso.", "Tell me a story about Miso"],
    );
    const lines = result.stdout.trimEnd().split("\n");
    expect(lines[0]).toBe("engram: Noted: you have a kitten called Miso.");
    expect(lines[1]).toMatch(/^engram: I have no language model to answer that with;/u);
    expect(lines.slice(2)).toContain("  | ## Latest turns");
    expect(lines.at(-1)).toMatch(
      /^ {2}\| \[\d{4}-\d\d-\d\d \d\d:\d\d\] ana: I adopted a kitten called Miso\.$/u,
    );
  });

  it("answers through the configured LLM with --llm, and says what to set without one", async () => {
    const server = await serveDialogueFixtures();
    const base = ["--db", join(tempDir(), "chat.db"), "--embedder", "hash", "--json"];
    const env = { ENGRAM_LLM_BASE_URL: server.baseUrl, ENGRAM_LLM_MODEL: "gpt-4o-mini" };
    await chat(
      [...base, "chat", "--user", "ana", "--session", "s1", "--llm"],
      ["I moved to Lisbon last month"],
      env,
    );
    const result = await chat(
      [...base, "chat", "--user", "ana", "--session", "s2", "--llm"],
      ["Where do I live?"],
      env,
    );
    expect(result.code).toBe(EXIT.ok);
    const turn = JSON.parse(result.stdout);
    expect(turn).toMatchObject({
      mode: "llm",
      answer: "You live in Lisbon — you told me you moved there last month. How are you settling in?",
    });
    // One answer, and the engine's fact extraction (configured from the same environment) for both turns.
    expect(turn.llm).toEqual({ calls: 3, promptTokens: 318 + 2 * 402, completionTokens: 21 + 2 * 9 });
    expect(server.answers().at(-1)?.messages[0]?.content).toContain("ana: I moved to Lisbon last month");

    const missing = await chat([...base, "chat", "--user", "ana", "--llm"], ["hi"]);
    expect(missing.code).toBe(EXIT.user);
    expect(JSON.parse(missing.stderr).error).toMatchObject({ code: "config_invalid", where: "--llm" });
  });

  it("requires --user", async () => {
    const result = await chat(["--db", join(tempDir(), "chat.db"), "chat"], ["hi"]);
    expect(result.code).toBe(EXIT.user);
    expect(result.stderr).toContain("--user");
  });
});
