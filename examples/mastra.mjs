// Mastra: Engram as the agent's memory; semantic recall and working memory come from Engram.
import { Agent } from "@mastra/core/agent";
import { createMockModel } from "@mastra/core/test-utils/llm-mock"; // stands in for your model, e.g. "openai/gpt-4o-mini"
import { openEngram } from "engram-memory";
import { EngramMemory } from "engram-memory/mastra";

const engram = await openEngram({ db: "./memory.db" });
const prompts = [];
const agent = new Agent({
  id: "assistant",
  name: "Assistant",
  instructions: "You are a helpful assistant.",
  model: createMockModel({ mockText: "Noted!", spyGenerate: (call) => prompts.push(call.prompt) }),
  memory: new EngramMemory({ engram }),
});

await agent.generate("I moved to Lisbon in May.", { memory: { resource: "ana", thread: "monday" } });
await agent.generate("Which city do I live in?", { memory: { resource: "ana", thread: "friday" } });
const system = prompts.at(-1).filter((message) => message.role === "system");
console.log("friday's prompt:", JSON.stringify(system.at(-1).content));
console.log(
  "working memory:",
  await agent.getMemory().then((m) => m.getWorkingMemory({ threadId: "friday", resourceId: "ana" })),
);
await engram.close();
