/** engram feedback, learn and weights: what the commands print, and feedback that is refused changes nothing. */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EXIT } from "../../src/cli/program.js";
import { runEngram, tempDir } from "../helpers.js";

describe("engram feedback, learn and weights", () => {
  it("records feedback, refuses an unknown id, learns (keeping the defaults with too little), shows and resets", async () => {
    const db = join(tempDir(), "cli.db");
    const base = ["--db", db, "--embedder", "hash"];
    const remembered = await runEngram([
      ...base,
      "--json",
      "remember",
      "Ana moved to Lisbon",
      "--user",
      "ana",
    ]);
    const id = remembered.json().items[0].id as string;

    const bad = await runEngram([
      ...base,
      "feedback",
      "--query",
      "where is Ana",
      "--used",
      "mem_nope",
      "--user",
      "ana",
    ]);
    expect(bad.code).toBe(EXIT.user);
    expect(bad.stderr).toMatch(/no memory mem_nope in tenant default/);

    const good = await runEngram([
      ...base,
      "feedback",
      "--query",
      "where is Ana",
      "--used",
      id,
      "--user",
      "ana",
    ]);
    expect(good.code).toBe(0);
    expect(good.stdout).toMatch(
      /^recorded fb_\w+: 1 used, 0 rejected; tenant default holds 1 feedback records/,
    );

    const learn = await runEngram([...base, "learn"]);
    expect(learn.code).toBe(0);
    expect(learn.stdout).toMatch(/default weights kept — 1 feedback record, fewer than the 10 needed/);

    const weights = await runEngram([...base, "weights"]);
    expect(weights.stdout).toMatch(/^tenant default: default weights, 1 feedback record\n/);
    expect(weights.stdout).toMatch(/\nmeaning\s+vector\s+-?\d+\.\d{3}\s+-?\d+\.\d{3}\s+1\s+cosine/);
    const json = (await runEngram([...base, "--json", "weights"])).json();
    expect(json.features.map((f: { name: string }) => f.name)).toContain("whenTellsTime");

    const reset = await runEngram([...base, "--json", "weights", "reset", "--feedback"]);
    expect(reset.json()).toEqual({ tenant: "default", removed: false, feedback: 1 });
    expect((await runEngram([...base, "--json", "weights"])).json().feedback).toBe(0);
  });
});
