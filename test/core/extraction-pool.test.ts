/** Fact extraction on worker threads stores exactly what in-thread extraction stores. */
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  createExtractionPool,
  defaultExtractionWorkers,
  type ExtractionPool,
} from "../../src/core/extraction-pool.js";
import type { RememberInput } from "../../src/core/index.js";
import { speakersOf } from "../../src/core/knowledge/derive-knowledge.js";
import { rememberInputSchema } from "../../src/core/schemas.js";
import { extractFacts } from "../../src/text/facts/index.js";
import { openTestEngine } from "../helpers.js";
import { SESSIONS, TURNS } from "../knowledge/conversation-script.js";

const NOW = Date.parse("2024-10-01T00:00:00Z");

// Ids from a counter, so that two engines told the same things in the same order give the same ids: where the fact
// gate meets two stored facts of one text, it takes them in id order, which random ids would make a coin toss.
const ids = vi.hoisted(() => ({ next: 0 }));
vi.mock("../../src/core/ids.js", () => ({
  newMemoryId: (now: number = Date.now()) =>
    `mem_${Math.floor(now).toString(32).padStart(10, "0")}${(ids.next++).toString(32).padStart(16, "0")}`,
}));

/** The conversation told by three users (`round` names them): a batch large enough to go to the workers. */
function threeUsers(turns: RememberInput[], round = 0): RememberInput[] {
  return [1, 2, 3].flatMap((n) => turns.map((turn) => ({ ...turn, user: `${turn.user}-${round}-${n}` })));
}

/** Every exported line but the header (which says when it was exported). */
async function contents(lines: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const line of lines) if (!line.includes('"type":"header"')) out.push(line);
  return out;
}

describe("extraction pool", () => {
  it("starts no worker by default below 4 cores (one made 2-core bulk writes slower), then every core but two, at most 3", () => {
    expect([1, 2, 3, 4, 5, 8, 64].map((cores) => defaultExtractionWorkers(cores))).toEqual([
      0, 0, 0, 2, 3, 3, 3,
    ]);
  });

  let pool: ExtractionPool | null = null;
  afterEach(async () => {
    await pool?.close();
    pool = null;
  });

  const items = threeUsers(TURNS).map((turn) => rememberInputSchema.parse(turn));
  const jobs = items.map((item, index) => ({
    text: item.text,
    at: item.at ?? NOW,
    speakers: speakersOf(items, index),
  }));
  const inThread = () => jobs.map((job) => extractFacts(job.text, job.at, job.speakers));

  it("returns, in order, what in-thread extraction returns, with a worker extracting a share", async () => {
    pool = createExtractionPool(1);
    await pool.ready();
    const extractions = await pool.start(jobs).finish();
    expect(pool.workerChunks()).toBeGreaterThan(0);
    expect(extractions).toEqual(inThread());
    expect(extractions.some((extraction) => extraction.facts.length > 0)).toBe(true);
  });

  it("finishes in-thread what its workers held when it is closed mid-run", async () => {
    pool = createExtractionPool(2);
    await pool.ready();
    const run = pool.start(jobs);
    await pool.close();
    expect(await run.finish()).toEqual(inThread());
  });

  it("ends idle workers and starts them again for the next run", async () => {
    pool = createExtractionPool(1, { idleMs: 100 });
    await pool.ready();
    expect(await pool.start(jobs).finish()).toEqual(inThread());
    const chunks = pool.workerChunks();
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(pool.liveWorkers()).toBe(0);
    await pool.ready();
    expect(pool.liveWorkers()).toBe(1);
    expect(await pool.start(jobs).finish()).toEqual(inThread());
    expect(pool.workerChunks()).toBeGreaterThan(chunks);
  });

  it("stores the same memories, keys, facts, entities, relations and mentions with workers as without", async () => {
    const told = async (extractionWorkers: number) => {
      ids.next = 0;
      const { engine } = openTestEngine({
        now: () => NOW,
        options: { extractionWorkers },
        extractionPool: pool,
      });
      // the conversation of three users per batch, and a batch of each session again (reinforcing what is stored);
      for (let round = 0; round < 3; round++) await engine.remember(threeUsers(TURNS, round));
      for (const session of SESSIONS)
        await engine.remember(threeUsers([...session, ...session, ...session], 0));
      return contents(engine.exportLines());
    };
    const plain = await told(0);
    pool = createExtractionPool(1);
    await pool.ready();
    const pooled = await told(1);
    expect(pool.workerChunks()).toBeGreaterThan(0);
    expect(plain.some((line) => line.includes('"type":"fact"'))).toBe(true);
    expect(pooled).toEqual(plain);
  });
});
