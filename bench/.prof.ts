import { extractFacts } from "../src/text/facts/index.js";

const n = Number(process.argv[3] ?? 95000);
const unit = process.argv[2] ?? "我不吃辣，花花去世了，";
const text = unit.repeat(Math.ceil(n / unit.length)).slice(0, n);
for (const len of [n / 4, n / 2, n]) {
  const t = text.slice(0, len);
  const s = performance.now();
  const r = extractFacts(t, Date.parse("2026-11-02T09:00:00Z"), {
    speaker: "Sam",
    addressee: "Ana",
  } as never);
  console.log(len, Math.round(performance.now() - s), "ms", r.facts.length);
}
