import { extractFacts } from "../src/text/facts/index.js";

const r = extractFacts(process.argv[2], Date.parse("2026-11-02T09:00:00Z"), {
  speaker: "Ana",
  addressee: "Bob",
} as never);
console.log(JSON.stringify(r.facts, null, 1));
