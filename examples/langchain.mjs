// LangChain.js: Engram as the chat history of each session and as the retriever across sessions.
import { ChatPromptTemplate, MessagesPlaceholder } from "@langchain/core/prompts";
import { RunnableLambda, RunnablePassthrough, RunnableWithMessageHistory } from "@langchain/core/runnables";
import { FakeChatModel } from "@langchain/core/utils/testing"; // stands in for your model, e.g. new ChatOpenAI()
import { openEngram } from "engram-memory";
import { EngramChatMessageHistory, EngramRetriever } from "engram-memory/langchain";

const engram = await openEngram({ db: "./memory.db" });
const retriever = new EngramRetriever({ engram, user: "ana", k: 5 });
const prompt = ChatPromptTemplate.fromMessages([
  ["system", "What you remember about the user:\n{memories}"],
  new MessagesPlaceholder("history"),
  ["human", "{question}"],
]);
const recall = RunnableLambda.from(async ({ question }) =>
  (await retriever.invoke(question)).map((doc) => `- ${doc.pageContent}`).join("\n"),
);
const chat = new RunnableWithMessageHistory({
  runnable: RunnablePassthrough.assign({ memories: recall }).pipe(prompt).pipe(new FakeChatModel({})),
  getMessageHistory: (session) =>
    new EngramChatMessageHistory({ engram, user: "ana", userName: "Ana", session }),
  inputMessagesKey: "question",
  historyMessagesKey: "history",
});

await chat.invoke({ question: "I moved to Lisbon in May." }, { configurable: { sessionId: "monday" } });
const answer = await chat.invoke(
  { question: "Which city do I live in?" },
  { configurable: { sessionId: "friday" } },
);
console.log("friday's prompt (FakeChatModel echoes it):", answer.text);
const [top] = await retriever.invoke("Which city do I live in?");
console.log(top.metadata.weight.toFixed(3), top.pageContent, top.metadata.reasons);
await engram.close();
