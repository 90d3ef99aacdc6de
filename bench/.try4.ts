import { extractFacts } from "../src/text/facts/index.js";

const r = extractFacts(process.argv[2], Date.parse("2026-11-02T09:00:00Z"), {
  speaker: "Ana",
  addressee: "Bot",
  people: (process.argv[3] ?? "").split(","),
} as never);
for (const f of r.facts)
  console.log(
    f.predicate,
    "|",
    JSON.stringify(f.subject),
    f.object,
    "|",
    f.text,
    JSON.stringify(f.links ?? []),
  );
