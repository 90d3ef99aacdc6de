/** The Mastra adapter against the real @mastra/core: its mock models, a real SQLite file and the hash embedder. */
import { Agent } from "@mastra/core/agent";
import { createMockModel, MastraLanguageModelV2Mock } from "@mastra/core/test-utils/llm-mock";
import { describe, expect, it } from "vitest";
import { EngramMemory } from "../../src/adapters/mastra/index.js";
import type { ContextBlock, Engine } from "../../src/index.js";
import { openTestEngine } from "../helpers.js";

/** What the model was sent: every message's text, one string per message. */
function promptOf(call: unknown): string[] {
  const prompt = (call as { prompt: { role: string; content: string | { type: string; text?: string }[] }[] })
    .prompt;
  return prompt.map(
    (message) =>
      `${message.role}: ${
        typeof message.content === "string"
          ? message.content
          : message.content.map((part) => part.text ?? JSON.stringify(part)).join(" ")
      }`,
  );
}

function agentWith(
  engine: Engine,
  reply: string,
  calls: unknown[],
  onContext?: (block: ContextBlock) => void,
) {
  return new Agent({
    id: "assistant",
    name: "Assistant",
    instructions: "You are a helpful assistant.",
    model: createMockModel({
      mockText: reply,
      spyGenerate: (call) => calls.push(call),
      spyStream: (call) => calls.push(call),
    }),
    memory: new EngramMemory({ engram: engine, budget: 400, ...(onContext ? { onContext } : {}) }),
  });
}

const usage = { inputTokens: 10, outputTokens: 5, totalTokens: 15 };

/** One model step: a tool call, or the final text. */
function step(part: { toolName: string; input: object } | { text: string }) {
  return "text" in part
    ? { content: [{ type: "text", text: part.text }], finishReason: "stop", usage, warnings: [] }
    : {
        content: [
          {
            type: "tool-call",
            toolCallId: `call-${part.toolName}`,
            toolName: part.toolName,
            input: JSON.stringify(part.input),
          },
        ],
        finishReason: "tool-calls",
        usage,
        warnings: [],
      };
}

describe("Mastra adapter", () => {
  it("a second thread's prompt carries the first thread's fact; turns are Engram sessions of the resource", async () => {
    const { engine } = openTestEngine();
    const calls: unknown[] = [];
    const blocks: ContextBlock[] = [];
    const agent = agentWith(engine, "Noted, congratulations!", calls, (block) => blocks.push(block));
    await agent.generate("I moved to Lisbon in May and I work as a nurse.", {
      memory: { resource: "ana", thread: "t1" },
    });
    expect((await engine.turns({ user: "ana", session: "t1" })).map((t) => [t.role, t.text])).toEqual([
      ["user", "I moved to Lisbon in May and I work as a nurse."],
      ["assistant", "Noted, congratulations!"],
    ]);

    await agent.generate("Which city do I live in?", { memory: { resource: "ana", thread: "t2" } });
    const prompt = promptOf(calls.at(-1));
    const engram = prompt.find((line) => line.includes("What you remember about this user"));
    expect(engram).toContain("I moved to Lisbon in May");
    expect(prompt.at(-1)).toBe("user: Which city do I live in?");
    // a new thread: Mastra's own history has nothing of t1, so the fact came from Engram
    expect(prompt.filter((line) => line.startsWith("user:"))).toEqual(["user: Which city do I live in?"]);
    expect(blocks.at(-1)?.tokens).toBeLessThanOrEqual(400);
    const recalled = blocks.at(-1)?.sections.flatMap((section) => section.items) ?? [];
    expect(recalled.find((item) => item.text.includes("Lisbon"))?.reasons?.length).toBeGreaterThan(0);

    // Mastra's thread history still works beside Engram: the same thread's earlier turn comes back as a message
    await agent.generate("And what is my job?", { memory: { resource: "ana", thread: "t2" } });
    expect(promptOf(calls.at(-1)).filter((line) => line.startsWith("user:"))).toEqual([
      "user: Which city do I live in?",
      "user: And what is my job?",
    ]);
  });

  it("working memory is Engram's facts about the resource; an update is remembered and its facts derived", async () => {
    const { engine } = openTestEngine();
    const memory = new EngramMemory({ engram: engine });
    expect(await memory.getWorkingMemory({ threadId: "t1", resourceId: "ana" })).toBeNull();
    await memory.updateWorkingMemory({
      threadId: "t1",
      resourceId: "ana",
      workingMemory: "Ana lives in Lisbon. Ana works as a nurse.",
    });
    const working = await memory.getWorkingMemory({ threadId: "t1", resourceId: "ana" });
    expect(working).toMatch(/Lisbon/);
    expect(working?.split("\n").every((line) => line.startsWith("- "))).toBe(true);
    expect(await memory.getWorkingMemory({ threadId: "t1", resourceId: "bob" })).toBeNull();
  });

  it("tool calls round-trip: the agent's remember and recall calls run in the resource's scope", async () => {
    const { engine } = openTestEngine();
    let calls = 0;
    const steps = [
      step({ toolName: "remember", input: { text: "Ana's favourite tea is sencha." } }),
      step({ toolName: "recall", input: { query: "favourite tea", k: 3 } }),
      step({ text: "Your favourite tea is sencha." }),
    ];
    const model = new MastraLanguageModelV2Mock({
      // a function with its own count: the mock's array form skips an entry when wrapped
      doGenerate: (async () => steps[Math.min(calls++, steps.length - 1)]) as never,
    });
    const agent = new Agent({
      id: "assistant",
      name: "Assistant",
      instructions: "You are a helpful assistant.",
      model,
      memory: new EngramMemory({ engram: engine }),
    });
    const result = await agent.generate("Remember my favourite tea, then tell me.", {
      memory: { resource: "ana", thread: "t1" },
      maxSteps: 5,
    });
    expect(result.text).toBe("Your favourite tea is sencha.");
    const outputs = result.steps.flatMap((s) =>
      s.toolResults.map((r) => [r.payload.toolName, r.payload.result] as const),
    );
    const stored = outputs[0]?.[1] as { stored: { id: string; action: string }[] };
    expect(outputs[0]?.[0]).toBe("remember");
    expect(stored.stored[0]?.action).toBe("inserted");
    const recalled = outputs[1]?.[1] as { memories: { id: string; text: string; reasons: string[] }[] };
    expect(recalled.memories[0]).toMatchObject({
      id: stored.stored[0]?.id,
      text: "Ana's favourite tea is sencha.",
    });
    expect(recalled.memories[0]?.reasons.length).toBeGreaterThan(0);
    // the last model call saw the recall's output
    expect(JSON.stringify(model.doGenerateCalls.at(-1)?.prompt)).toContain("sencha");
    // the remembered sentence is ana's, in thread t1, beside the turns the output processor remembered
    const inThread = await engine.recall({ query: "favourite tea", user: "ana", session: "t1" });
    expect(inThread.results.map((r) => r.id)).toContain(stored.stored[0]?.id);
    // the user's message, the tool's note (no role), then the answer, in the order they happened
    expect((await engine.turns({ user: "ana", session: "t1" })).map((t) => t.role)).toEqual([
      "user",
      null,
      "assistant",
    ]);
  });

  it("a resource never sees another's memories; deleting a thread forgets its Engram session", async () => {
    const { engine } = openTestEngine();
    const calls: unknown[] = [];
    const agent = agentWith(engine, "Noted.", calls);
    await agent.generate("My bank PIN hint is the blue heron and I live in Lisbon.", {
      memory: { resource: "ana", thread: "a1" },
    });
    await agent.generate("What is my bank PIN hint and where do I live?", {
      memory: { resource: "bob", thread: "b1" },
    });
    expect(promptOf(calls.at(-1)).join("\n")).not.toMatch(/heron|Lisbon/);

    const memory = agent.getMemory ? await agent.getMemory() : undefined;
    const tools = (memory as EngramMemory).listTools();
    const bobContext = { agent: { resourceId: "bob", threadId: "b1" } } as never;
    const recalled = (await tools.recall?.execute?.({ query: "blue heron Lisbon" }, bobContext)) as {
      memories: { text: string }[];
    };
    expect(recalled.memories.map((m) => m.text).join(" ")).not.toMatch(/heron|Lisbon/);
    const anaIds = (await engine.turns({ user: "ana", session: "a1" })).map((t) => t.id);
    expect(await tools.forget?.execute?.({ ids: anaIds }, bobContext)).toEqual({ removed: [] });
    expect(await engine.turns({ user: "ana", session: "a1" })).toHaveLength(2);

    await (memory as EngramMemory).deleteThread("a1");
    expect(await engine.turns({ user: "ana", session: "a1" })).toEqual([]);
  });
});
