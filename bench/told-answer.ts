/**
 * What a question no predicate answers costs the dialogue app with no LLM: the answer from what was told
 * (apps/dialogue/told-answer.ts) reads the facts told in the asker's memories that hold the question's words (the
 * lexical index finds them), or every fact of the asker when more than 500 memories hold them. For each size a fresh
 * SQLite file (hash embedder, facts on) holds one user's statements ("I usually go hiking with my friend number 12
 * near Paris on day 12.", and one in a thousand "I play the cello on Sundays."), written in batches; then questions
 * whose words few, one in eight, none and all of the facts hold are timed warm, p50 of `--rounds`, beside the read of
 * every fact alone. When no fact answers, the app quotes the asker's own words among the memories the turn's context
 * recalled (`saidAnswer`): its cost beside, from the context block on (the block itself is built for every turn).
 * With `--before <dir>` (an older checkout with node_modules) its told answer is timed too, in the same rounds, on the
 * same engine.
 * Usage: npm run bench:told-answer [-- --facts 1000,5000,20000 --rounds 20 --before <dir>]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { saidAnswer, toldAnswer } from "../src/apps/dialogue/told-answer.js";
import { createEngine } from "../src/index.js";
import { createHashEmbedder } from "../src/providers/index.js";
import { createSqliteStore } from "../src/stores/sqlite/index.js";
import { describeMachine, modulesToCompare, percentile } from "./common.js";

const { values } = parseArgs({
  options: {
    facts: { type: "string", default: "1000,5000,20000" },
    rounds: { type: "string", default: "20" },
    before: { type: "string" },
  },
});
const answerers = await modulesToCompare(values.before, "src/apps/dialogue/told-answer.ts", { toldAnswer });
const earlier = answerers.length > 1 ? answerers[0]?.[1].toldAnswer : undefined;
const sizes = values.facts.split(",").map(Number);
const rounds = Number(values.rounds);
const PLACES = ["Paris", "Rome", "Berlin", "Madrid", "Lisbon", "Vienna", "Prague", "Oslo"];
const HOBBIES = ["hiking", "painting", "chess", "cooking", "swimming", "running", "reading", "gardening"];
const QUESTIONS = [
  // one in a thousand of the facts holds its words
  "Do I play the cello?",
  // one in eight of the facts holds its words: the newest three answer
  "Where do I go hiking?",
  // none does
  "How long have I been married?",
  // every fact holds "usually" and "friend": the newest three answer
  "Who do I usually go with?",
  // no fact holds it: one in a thousand of the turns says it (a need with no time makes no fact)
  "What do I need to buy?",
];

console.log(`bench:told-answer — ${describeMachine()}`);
console.log(
  `| facts of the asker | write s | question | answered | p50 ms | p99 ms |${earlier ? " before: answered | p50 ms | same answer |" : ""} facts read alone, p50 ms | quoted | quote p50 ms | p99 |`,
);
console.log(`|---:|---:|---|---|---:|---:|${earlier ? "---|---:|---|" : ""}---:|---|---:|---:|`);
for (const size of sizes) {
  const dir = mkdtempSync(join(tmpdir(), "engram-told-"));
  const engine = createEngine({
    store: createSqliteStore({ path: join(dir, "engram.db") }),
    embedder: createHashEmbedder(),
  });
  const started = performance.now();
  for (let i = 0; i < size; i += 500)
    await engine.remember(
      Array.from({ length: Math.min(500, size - i) }, (_, j) => ({
        text:
          (i + j) % 1000 === 999
            ? "I play the cello on Sundays."
            : (i + j) % 1000 === 998
              ? "I need to buy milk, eggs and bread."
              : `I usually go ${HOBBIES[(i + j) % 8]} with my friend number ${i + j} near ${PLACES[(i + j) % 8]} on day ${i + j}.`,
        user: "ana",
        speaker: "Ana",
        at: Date.UTC(2024, 0, 1) + (i + j) * 60_000,
      })),
    );
  const written = (performance.now() - started) / 1000;
  for (const question of QUESTIONS) {
    const times: number[] = [];
    const reads: number[] = [];
    const quotes: number[] = [];
    const befores: number[] = [];
    let answeredBefore = false;
    let same = true;
    let answered = false;
    let quoted = false;
    const block = await engine.context({ query: question, user: "ana", budget: 2000 });
    const ids = block.sections.flatMap((section) => section.items.map((item) => item.id));
    // one warm-up, then the rounds
    for (let round = 0; round <= rounds; round++) {
      const start = performance.now();
      const answer = await toldAnswer(engine, question, { user: "ana" }, "Ana");
      const middle = performance.now();
      await engine.facts({ user: "ana" });
      const third = performance.now();
      const recalled = await engine.get({ ids });
      const quote = await saidAnswer(engine, question, recalled, { user: "ana" }, "Ana");
      const fourth = performance.now();
      const before = earlier ? await earlier(engine, question, { user: "ana" }, "Ana") : null;
      if (round === 0) continue;
      answered = answer !== null;
      answeredBefore = before !== null;
      same = same && before?.text === answer?.text;
      quoted = quote !== null;
      times.push(middle - start);
      reads.push(third - middle);
      quotes.push(fourth - third);
      befores.push(performance.now() - fourth);
    }
    const beside = earlier
      ? ` ${answeredBefore ? "yes" : "no"} | ${percentile(befores, 50).toFixed(1)} | ${same ? "yes" : "no"} |`
      : "";
    console.log(
      `| ${size.toLocaleString("en")} | ${written.toFixed(1)} | ${question} | ${answered ? "yes" : "no"} | ${percentile(times, 50).toFixed(1)} | ${percentile(times, 99).toFixed(1)} |${beside} ${percentile(reads, 50).toFixed(1)} | ${quoted ? "yes" : "no"} | ${percentile(quotes, 50).toFixed(1)} | ${percentile(quotes, 99).toFixed(1)} |`,
    );
  }
  engine.close();
  rmSync(dir, { recursive: true, force: true });
}
