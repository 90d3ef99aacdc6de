/** The AI SDK adapter against the real `ai` package: its mock model, a real SQLite file and the hash embedder. */
import { generateText, simulateReadableStream, stepCountIs, streamText, wrapLanguageModel } from "ai";
import { MockLanguageModelV4 } from "ai/test";
import { describe, expect, it } from "vitest";
import { type EngramCallMetadata, engramMiddleware, engramTools } from "../../src/adapters/ai-sdk/index.js";
import type { ContextBlock } from "../../src/index.js";
import { openTestEngine } from "../helpers.js";

type CallOptions = MockLanguageModelV4["doGenerateCalls"][number];

const usage = {
  inputTokens: { total: 10, noCache: 10, cacheRead: 0, cacheWrite: 0 },
  outputTokens: { total: 5, text: 5, reasoning: 0 },
};

/** A mock model that answers `reply` and keeps every prompt it was sent. */
function replying(reply: string) {
  return new MockLanguageModelV4({
    doGenerate: async () => ({
      content: [{ type: "text", text: reply }],
      finishReason: { unified: "stop", raw: "stop" },
      usage,
      warnings: [],
    }),
    doStream: async () => ({
      stream: simulateReadableStream({
        chunks: [
          { type: "text-start", id: "t" },
          ...reply
            .split(" ")
            .map((word, i) => ({ type: "text-delta" as const, id: "t", delta: i ? ` ${word}` : word })),
          { type: "text-end", id: "t" },
          { type: "finish", finishReason: { unified: "stop", raw: "stop" }, usage },
        ],
      }),
    }),
  });
}

/** Everything the model was told, as one string per message. */
function promptLines(call: CallOptions | undefined): string[] {
  return (call?.prompt ?? []).map((message) =>
    typeof message.content === "string"
      ? `${message.role}: ${message.content}`
      : `${message.role}: ${message.content.map((part) => ("text" in part ? part.text : part.type)).join(" ")}`,
  );
}

describe("AI SDK adapter", () => {
  it("a second session's prompt carries the first session's fact, within the budget, with reasons", async () => {
    const { engine } = openTestEngine();
    const first = replying("Congratulations on the move!");
    await generateText({
      model: wrapLanguageModel({
        model: first,
        middleware: engramMiddleware({ engram: engine, user: "ana", userName: "Ana", session: "s1" }),
      }),
      prompt: "I moved to Lisbon in May and I work as a nurse at Santa Maria hospital.",
    });
    // both turns of session 1 are stored, in order, with their roles
    const stored = await engine.turns({ user: "ana", session: "s1" });
    expect(stored.map((t) => [t.role, t.text])).toEqual([
      ["user", "I moved to Lisbon in May and I work as a nurse at Santa Maria hospital."],
      ["assistant", "Congratulations on the move!"],
    ]);

    const blocks: ContextBlock[] = [];
    const second = replying("You live in Lisbon.");
    const result = await generateText({
      model: wrapLanguageModel({
        model: second,
        middleware: engramMiddleware({
          engram: engine,
          user: "ana",
          userName: "Ana",
          session: "s2",
          budget: 300,
          onContext: (block) => blocks.push(block),
        }),
      }),
      system: "You are a helpful assistant.",
      prompt: "Which city do I live in now?",
    });
    const lines = promptLines(second.doGenerateCalls[0]);
    // the block goes after the app's own system message, before the user's question
    expect(lines[0]).toBe("system: You are a helpful assistant.");
    expect(lines[1]).toMatch(/^system: What you remember about this user/);
    expect(lines[1]).toContain("Lisbon");
    expect(lines[2]).toBe("user: Which city do I live in now?");

    expect(blocks).toHaveLength(1);
    expect(blocks[0]?.tokens).toBeGreaterThan(0);
    expect(blocks[0]?.tokens).toBeLessThanOrEqual(300);
    const metadata = result.providerMetadata?.engram as unknown as EngramCallMetadata;
    expect(metadata.query).toBe("Which city do I live in now?");
    const lisbon = metadata.items.find((item) => item.text.includes("Lisbon"));
    expect(lisbon?.weight).toBeGreaterThan(0);
    expect(lisbon?.reasons.length).toBeGreaterThan(0);
    expect(metadata.remembered).toHaveLength(2);
  });

  it("the budget bounds the block: a small budget injects fewer tokens than a large one", async () => {
    const { engine } = openTestEngine();
    const facts = [
      "I moved to Lisbon in May.",
      "My sister Marta lives in Porto.",
      "I have two cats, Miso and Tofu.",
      "I play the cello every Tuesday.",
    ];
    await engine.remember(facts.map((text) => ({ text, user: "ana", role: "user", session: "s1" })));
    const sizes: number[] = [];
    for (const budget of [30, 2000]) {
      const blocks: ContextBlock[] = [];
      await generateText({
        model: wrapLanguageModel({
          model: replying("ok"),
          middleware: engramMiddleware({
            engram: engine,
            user: "ana",
            budget,
            onContext: (b) => blocks.push(b),
          }),
        }),
        prompt: "Tell me about my family and my cats",
      });
      expect(blocks[0]?.tokens).toBeLessThanOrEqual(budget);
      sizes.push(blocks[0]?.tokens ?? 0);
    }
    expect(sizes[0]).toBeLessThan(sizes[1] as number);
  });

  it("streaming: the turns are stored when the stream ends, and the finish part carries the recall", async () => {
    const { engine } = openTestEngine();
    await engine.remember({ text: "My daughter is called Inês.", user: "ana", role: "user", session: "s1" });
    const model = replying("Your daughter is Inês.");
    const result = streamText({
      model: wrapLanguageModel({
        model,
        middleware: engramMiddleware({ engram: engine, user: "ana", session: "s2" }),
      }),
      prompt: "What is my daughter called?",
    });
    expect(await result.text).toBe("Your daughter is Inês.");
    expect(promptLines(model.doStreamCalls[0]).join("\n")).toContain("My daughter is called Inês.");
    const metadata = (await result.providerMetadata)?.engram as unknown as EngramCallMetadata;
    expect(metadata.items.some((item) => item.text.includes("Inês"))).toBe(true);
    const stored = await engine.turns({ user: "ana", session: "s2" });
    expect(stored.map((t) => [t.role, t.text])).toEqual([
      ["user", "What is my daughter called?"],
      ["assistant", "Your daughter is Inês."],
    ]);
  });

  it("tool calls round-trip: the model remembers, recalls (with reasons) and forgets through the tools", async () => {
    const { engine } = openTestEngine();
    const steps: { name: string; input: string }[] = [
      { name: "remember", input: JSON.stringify({ text: "Ana's favourite tea is sencha." }) },
      { name: "recall", input: JSON.stringify({ query: "favourite tea", k: 3 }) },
    ];
    let step = 0;
    const model = new MockLanguageModelV4({
      doGenerate: async () => {
        const call = steps[step];
        step++;
        if (call)
          return {
            content: [{ type: "tool-call", toolCallId: `c${step}`, toolName: call.name, input: call.input }],
            finishReason: { unified: "tool-calls", raw: "tool_calls" },
            usage,
            warnings: [],
          };
        return {
          content: [{ type: "text", text: "Sencha." }],
          finishReason: { unified: "stop", raw: "stop" },
          usage,
          warnings: [],
        };
      },
    });
    const result = await generateText({
      model,
      tools: engramTools({ engram: engine, user: "ana", session: "s1" }),
      stopWhen: stepCountIs(5),
      prompt: "Remember my favourite tea, then tell me what it is.",
    });
    expect(result.text).toBe("Sencha.");
    const outputs = result.steps.flatMap((s) => s.toolResults.map((r) => [r.toolName, r.output] as const));
    const remembered = outputs[0]?.[1] as { stored: { id: string; action: string }[] };
    expect(outputs[0]?.[0]).toBe("remember");
    expect(remembered.stored[0]?.action).toBe("inserted");
    const recalled = outputs[1]?.[1] as { memories: { id: string; text: string; reasons: string[] }[] };
    expect(recalled.memories[0]?.text).toBe("Ana's favourite tea is sencha.");
    expect(recalled.memories[0]?.id).toBe(remembered.stored[0]?.id);
    expect(recalled.memories[0]?.reasons.length).toBeGreaterThan(0);
    // the model saw the tool's output in its next prompt
    expect(JSON.stringify(model.doGenerateCalls[2]?.prompt)).toContain("sencha");

    const tools = engramTools({ engram: engine, user: "ana" });
    const id = remembered.stored[0]?.id as string;
    const context = await tools.context.execute?.(
      { query: "tea" },
      { toolCallId: "x", messages: [], context: {} },
    );
    expect((context as { text: string }).text).toContain("sencha");
    const forgotten = await tools.forget.execute?.(
      { ids: [id] },
      { toolCallId: "y", messages: [], context: {} },
    );
    expect(forgotten).toEqual({ removed: expect.arrayContaining([id]) });
    expect(
      (await engine.recall({ query: "favourite tea", user: "ana" })).results.map((r) => r.id),
    ).not.toContain(id);
  });

  it("a scope never sees another user's memories: not in the prompt, not through recall, not through forget", async () => {
    const { engine } = openTestEngine();
    const anaModel = replying("Noted.");
    await generateText({
      model: wrapLanguageModel({
        model: anaModel,
        middleware: engramMiddleware({ engram: engine, user: "ana", session: "a1" }),
      }),
      prompt: "My bank PIN hint is the blue heron, and I live in Lisbon.",
    });
    const anaIds = (await engine.turns({ user: "ana", session: "a1" })).map((t) => t.id);

    const bobModel = replying("I don't know.");
    const result = await generateText({
      model: wrapLanguageModel({
        model: bobModel,
        middleware: engramMiddleware({ engram: engine, user: "bob", session: "b1" }),
      }),
      prompt: "What is my bank PIN hint and where do I live?",
    });
    expect(JSON.stringify(bobModel.doGenerateCalls[0]?.prompt)).not.toMatch(/heron|Lisbon/);
    const metadata = result.providerMetadata?.engram as unknown as EngramCallMetadata;
    expect(metadata.items).toEqual([]);

    const bobTools = engramTools({ engram: engine, user: "bob" });
    const options = { toolCallId: "z", messages: [], context: {} };
    const recalled = (await bobTools.recall.execute?.({ query: "bank PIN hint heron Lisbon" }, options)) as {
      memories: { text: string }[];
    };
    expect(recalled.memories.map((m) => m.text).join(" ")).not.toMatch(/heron|Lisbon/);
    expect(await bobTools.forget.execute?.({ ids: anaIds }, options)).toEqual({ removed: [] });
    expect((await engine.turns({ user: "ana", session: "a1" })).map((t) => t.id)).toEqual(anaIds);
  });
});
