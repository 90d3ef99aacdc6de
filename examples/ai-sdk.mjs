// Memory for any AI SDK model: the middleware recalls into the prompt and remembers both turns.
import { generateText, wrapLanguageModel } from "ai";
import { MockLanguageModelV4 } from "ai/test"; // stands in for your model, e.g. openai("gpt-4o-mini")
import { openEngram } from "engram-memory";
import { engramMiddleware, engramTools } from "engram-memory/ai-sdk";

const engram = await openEngram({ db: "./memory.db" });
const model = new MockLanguageModelV4({
  doGenerate: async () => ({
    content: [{ type: "text", text: "Noted!" }],
    finishReason: { unified: "stop", raw: "stop" },
    usage: { inputTokens: { total: 1 }, outputTokens: { total: 1 } },
    warnings: [],
  }),
});
const chat = (session) =>
  wrapLanguageModel({
    model,
    middleware: engramMiddleware({ engram, user: "ana", userName: "Ana", session }),
  });

await generateText({ model: chat("monday"), prompt: "I moved to Lisbon in May." });
const { providerMetadata } = await generateText({
  model: chat("friday"),
  prompt: "Which city do I live in?",
  tools: engramTools({ engram, user: "ana" }), // remember / recall / forget / context, if the model wants them
});
console.log("friday's prompt:", JSON.stringify(model.doGenerateCalls[1].prompt[0].content));
for (const item of providerMetadata.engram.items)
  console.log(item.weight?.toFixed(3), item.text, item.reasons);
await engram.close();
