/** The LangChain.js and LangGraph adapters against the real packages: fake chat models, a SQLite file, the hash embedder. */
import { type AIMessage, AIMessageChunk, HumanMessage, type ToolMessage } from "@langchain/core/messages";
import { ChatPromptTemplate, MessagesPlaceholder } from "@langchain/core/prompts";
import { RunnableLambda, RunnablePassthrough, RunnableWithMessageHistory } from "@langchain/core/runnables";
import { FakeChatModel, FakeStreamingChatModel } from "@langchain/core/utils/testing";
import { describe, expect, it } from "vitest";
import {
  createEngramTools,
  EngramChatMessageHistory,
  EngramRetriever,
} from "../../src/adapters/langchain/index.js";
import { EngramStore } from "../../src/adapters/langgraph/index.js";
import type { Engine } from "../../src/index.js";
import { openTestEngine } from "../helpers.js";

/**
 * The usual LangChain chat with memory: recalled documents in the system message, the session's history, the
 * question; FakeChatModel answers with the prompt it was given, so the answer shows what the model saw.
 */
function chatFor(engine: Engine, user: string) {
  const retriever = new EngramRetriever({ engram: engine, user, k: 5 });
  const prompt = ChatPromptTemplate.fromMessages([
    ["system", "What you remember about the user:\n{memories}"],
    new MessagesPlaceholder("history"),
    ["human", "{question}"],
  ]);
  const chain = RunnablePassthrough.assign({
    memories: RunnableLambda.from(async (input: { question: string }) =>
      (await retriever.invoke(input.question)).map((doc) => `- ${doc.pageContent}`).join("\n"),
    ),
  })
    .pipe(prompt)
    .pipe(new FakeChatModel({}));
  return new RunnableWithMessageHistory({
    runnable: chain,
    getMessageHistory: (session: string) => new EngramChatMessageHistory({ engram: engine, user, session }),
    inputMessagesKey: "question",
    historyMessagesKey: "history",
  });
}

async function ask(engine: Engine, user: string, session: string, question: string): Promise<string> {
  const answer = (await chatFor(engine, user).invoke(
    { question },
    { configurable: { sessionId: session } },
  )) as AIMessage;
  return answer.text;
}

describe("LangChain.js adapter", () => {
  it("a second session's prompt carries the first session's fact; the history is the Engram session", async () => {
    const { engine } = openTestEngine();
    await ask(engine, "ana", "s1", "I moved to Lisbon in May and I work as a nurse.");
    await ask(engine, "ana", "s1", "My sister Marta lives in Porto.");
    // RunnableWithMessageHistory wrote both turns of each exchange into the session, in order
    const history = new EngramChatMessageHistory({ engram: engine, user: "ana", session: "s1" });
    const messages = await history.getMessages();
    expect(messages.map((m) => m.getType())).toEqual(["human", "ai", "human", "ai"]);
    expect(messages[0]?.text).toBe("I moved to Lisbon in May and I work as a nurse.");
    expect(
      (
        await new EngramChatMessageHistory({
          engram: engine,
          user: "ana",
          session: "s1",
          last: 1,
        }).getMessages()
      ).length,
    ).toBe(1);

    const answer = await ask(engine, "ana", "s2", "Which city do I live in?");
    // a new session: no history of its own, but the retriever brought session 1's fact into the prompt
    expect(answer).toContain("What you remember about the user:");
    expect(answer).toContain("I moved to Lisbon in May");
    expect(answer.split("\n").at(-1)).toBe("Which city do I live in?");
    expect((await engine.turns({ user: "ana", session: "s2" })).map((t) => t.role)).toEqual([
      "user",
      "assistant",
    ]);

    await history.clear();
    expect(await history.getMessages()).toEqual([]);
    expect(
      await new EngramChatMessageHistory({ engram: engine, user: "ana", session: "s2" }).getMessages(),
    ).toHaveLength(2);
  });

  it("the retriever's documents carry weight, breakdown, reasons and sources", async () => {
    const { engine } = openTestEngine();
    await engine.remember([
      { text: "Ana's cat is called Miso.", user: "ana", session: "s1", source: "chat:1" },
      { text: "The weather in Lisbon was sunny.", user: "ana", session: "s1", source: "chat:2" },
    ]);
    const docs = await new EngramRetriever({ engram: engine, user: "ana", k: 2 }).invoke(
      "what is the cat called?",
    );
    expect(docs[0]?.pageContent).toBe("Ana's cat is called Miso.");
    const metadata = docs[0]?.metadata;
    expect(metadata?.weight).toBeGreaterThan(docs[1]?.metadata.weight ?? 1);
    expect(typeof metadata?.breakdown.vector).toBe("number");
    expect(metadata?.reasons.length).toBeGreaterThan(0);
    expect(metadata?.sources[0]?.source).toBe("chat:1");
    expect(docs[0]?.id).toBe(metadata?.id);
  });

  it("tool calls round-trip: the model's remember and recall calls run and their results reach the next prompt", async () => {
    const { engine } = openTestEngine();
    const tools = createEngramTools({ engram: engine, user: "ana", session: "s1" });
    const byName = Object.fromEntries(tools.map((t) => [t.name, t]));
    const callModel = (name: string, args: Record<string, unknown>) =>
      new FakeStreamingChatModel({
        chunks: [
          new AIMessageChunk({
            content: "",
            tool_calls: [{ name, args, id: `call-${name}`, type: "tool_call" }],
          }),
        ],
      }).bindTools(tools);

    const messages: (HumanMessage | AIMessage | ToolMessage)[] = [
      new HumanMessage("Remember my tea, then tell me."),
    ];
    for (const [name, args] of [
      ["remember", { text: "Ana's favourite tea is sencha." }],
      ["recall", { query: "favourite tea", k: 3 }],
    ] as const) {
      const reply = (await callModel(name, args).invoke(messages)) as AIMessage;
      messages.push(reply);
      for (const call of reply.tool_calls ?? []) {
        messages.push((await byName[call.name]?.invoke(call)) as ToolMessage);
      }
    }
    const stored = JSON.parse(String(messages[2]?.content)) as { stored: { id: string; action: string }[] };
    expect(stored.stored[0]?.action).toBe("inserted");
    const recalled = JSON.parse(String(messages[4]?.content)) as {
      memories: { id: string; text: string; reasons: string[] }[];
    };
    expect(recalled.memories[0]).toMatchObject({
      id: stored.stored[0]?.id,
      text: "Ana's favourite tea is sencha.",
    });
    expect(recalled.memories[0]?.reasons.length).toBeGreaterThan(0);
    // the final answer's prompt holds the tool results
    const final = (await new FakeChatModel({}).invoke(messages)) as AIMessage;
    expect(final.text).toContain("sencha");

    const forgotten = JSON.parse(
      String(await byName.forget?.invoke({ ids: [stored.stored[0]?.id as string] })),
    );
    expect(forgotten.removed).toContain(stored.stored[0]?.id);
  });

  it("a scope never sees another user's memories: prompt, retriever, history, tools", async () => {
    const { engine } = openTestEngine();
    await ask(engine, "ana", "s1", "My bank PIN hint is the blue heron and I live in Lisbon.");
    const answer = await ask(engine, "bob", "s1", "What is my bank PIN hint and where do I live?");
    expect(answer).not.toMatch(/heron|Lisbon/);
    expect(
      await new EngramRetriever({ engram: engine, user: "bob" }).invoke("blue heron Lisbon PIN"),
    ).toEqual(
      expect.not.arrayContaining([expect.objectContaining({ pageContent: expect.stringMatching(/heron/) })]),
    );
    // bob's s1 is bob's: the same session name never reads ana's turns
    const bobHistory = await new EngramChatMessageHistory({
      engram: engine,
      user: "bob",
      session: "s1",
    }).getMessages();
    expect(bobHistory.map((m) => m.text).join(" ")).not.toMatch(/heron/);
    const anaIds = (await engine.turns({ user: "ana", session: "s1" })).map((t) => t.id);
    const bobForget = createEngramTools({ engram: engine, user: "bob" }).find((t) => t.name === "forget");
    expect(JSON.parse(String(await bobForget?.invoke({ ids: anaIds })))).toEqual({ removed: [] });
    expect((await engine.turns({ user: "ana", session: "s1" })).map((t) => t.id)).toEqual(anaIds);
  });
});

describe("LangGraph store adapter", () => {
  it("namespaces are scopes: put, get, replace, search by query (recall), delete; one user never reads another's", async () => {
    const { engine } = openTestEngine();
    const store = new EngramStore({ engram: engine });
    await store.put(["ana", "memories"], "home", { text: "Ana lives in Lisbon." });
    await store.put(["ana", "memories"], "pet", { text: "Ana has a cat called Miso.", kind: "pet" });
    await store.put(["ana", "work"], "job", { text: "Ana works as a nurse." });
    await store.put(["bob", "memories"], "home", { text: "Bob lives in Oslo." });

    expect((await store.get(["ana", "memories"], "home"))?.value).toEqual({ text: "Ana lives in Lisbon." });
    expect(await store.get(["ana", "memories"], "missing")).toBeNull();
    await store.put(["ana", "memories"], "home", { text: "Ana lives in Porto now." });
    expect((await store.get(["ana", "memories"], "home"))?.value).toEqual({
      text: "Ana lives in Porto now.",
    });

    const found = await store.search(["ana"], { query: "where does Ana live?", limit: 5 });
    expect(found[0]?.value).toEqual({ text: "Ana lives in Porto now." });
    expect(found[0]?.score).toBeGreaterThan(0);
    // the replaced value is gone, and bob's items never come back for ana
    expect(found.map((item) => JSON.stringify(item.value)).join(" ")).not.toMatch(/Lisbon|Oslo/);
    expect(found.some((item) => item.namespace[1] === "work")).toBe(true);
    expect(
      (await store.search(["ana", "work"], { query: "where does Ana live?" })).map((i) => i.key),
    ).toEqual(["job"]);
    expect((await store.search(["ana", "memories"], { filter: { kind: "pet" } })).map((i) => i.key)).toEqual([
      "pet",
    ]);
    expect((await store.search(["ana", "memories"])).map((i) => i.key).sort()).toEqual(["home", "pet"]);
    expect((await store.search(["bob"], { query: "Lisbon Porto Miso nurse" })).map((i) => i.key)).toEqual([
      "home",
    ]);

    await store.delete(["ana", "memories"], "pet");
    expect(await store.get(["ana", "memories"], "pet")).toBeNull();
    await expect(store.listNamespaces()).rejects.toThrow(/cannot list namespaces/);
  });
});
