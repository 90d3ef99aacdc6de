import { extractFacts } from "../src/text/facts/index.js";

const text = process.argv[2];
const zh = /\p{Script=Han}/u.test(text);
const r = extractFacts(text, Date.parse("2026-11-02T09:00:00Z"), {
  speaker: process.argv[3] ?? (zh ? "王峰" : "Ana"),
  addressee: "Bot",
  ...(process.argv[4] ? { assistant: true } : {}),
} as never);
for (const f of r.facts) console.log(f.predicate, "|", f.text);
