import { readFileSync } from "node:fs";
// @ts-expect-error outside
import { extractFacts as before } from "/tmp/before/src/text/facts/index.js";
import { turnText } from "../src/evaluation/locomo.js";
import { loadLocomo } from "../src/evaluation/locomo-data.js";
import { extractFacts as after } from "../src/text/facts/index.js";
import { readPairs } from "./chinese/tatoeba.js";

const D = "/work/shared/data";
const items: { text: string; at: number; speaker: string; addressee: string }[] = [];
for (const c of loadLocomo(`${D}/locomo/locomo-dev.json`).conversations)
  for (const t of c.turns)
    items.push({
      text: turnText(t),
      at: (t as any).at ?? 0,
      speaker: t.speaker,
      addressee: c.speakers.find((s) => s !== t.speaker) ?? "",
    });
for (const f of ["memory_bank_en.json", "memory_bank_cn.json"]) {
  const bank = JSON.parse(readFileSync(`${D}/memorybank/${f}`, "utf8"));
  for (const [name, user] of Object.entries<any>(bank))
    for (const [day, pairs] of Object.entries<any>(user.history ?? {}))
      for (const p of pairs)
        items.push({ text: p.query, at: Date.parse(day) || 0, speaker: name, addressee: "AI" });
}
for (const p of readPairs(`${D}/tatoeba-cmn-eng/cmn-train.tsv`)) {
  items.push({ text: p.english, at: 0, speaker: "Ana", addressee: "Bob" });
  items.push({ text: p.chinese, at: 0, speaker: "王峰", addressee: "李明" });
}
const show = (r: any) =>
  JSON.stringify([
    r.facts.map((f: any) => [f.predicate, f.text ?? f.object]),
    r.mentions.map((m: any) => m.name),
  ]);
let changed = 0;
for (const it of items) {
  const sp = { speaker: it.speaker, addressee: it.addressee };
  const a = show(before(it.text, it.at, sp));
  const b = show(after(it.text, it.at, sp));
  if (a !== b) {
    changed++;
    console.log(`## ${it.text}\n- ${a}\n+ ${b}`);
  }
}
console.log(`changed ${changed} of ${items.length}`);
