import { extractFacts } from "../src/text/facts/index.js";

for (const sp of [
  { speaker: "assistant", assistant: true },
  { speaker: "assistant", assistant: true, people: ["pepe", "giulia"] },
  { speaker: "assistant", addressee: null, assistant: true, people: ["pepe"] },
])
  console.log(
    JSON.stringify(sp),
    extractFacts(process.argv[2], Date.parse("2026-11-02T09:00:00Z"), sp as never).facts.map(
      (f) => `${f.predicate}|${f.text ?? f.object}`,
    ),
  );
