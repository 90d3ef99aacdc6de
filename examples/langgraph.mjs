// LangGraph.js: Engram as the long-term store; a namespace [user, ...] is that user's memory.
import { openEngram } from "engram-memory";
import { EngramStore } from "engram-memory/langgraph";

const engram = await openEngram({ db: "./memory.db" });
const store = new EngramStore({ engram }); // graph.compile({ store }) hands it to every node
await store.put(["ana", "memories"], "home", { text: "Ana lives in Lisbon." });
await store.put(["ana", "memories"], "pet", { text: "Ana has a cat called Miso." });
for (const item of await store.search(["ana"], { query: "Where does Ana live?", limit: 2 }))
  console.log(item.score.toFixed(3), item.key, item.value.text);
await engram.close();
