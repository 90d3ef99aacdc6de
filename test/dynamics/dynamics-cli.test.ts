/** The dynamics commands end to end, in process: context, archive, restore and maintain. */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EXIT } from "../../src/cli/program.js";
import { loadTokenCounter } from "../../src/text/tokens.js";
import { runEngram, tempDir } from "../helpers.js";

const engram = runEngram;

describe("engram context / archive / restore / maintain", () => {
  it("prints a block within the budget; --json carries text and tokens", async () => {
    const base = ["--db", join(tempDir(), "cli.db"), "--embedder", "hash"];
    await engram([
      ...base,
      "remember",
      "Ana lives in Lisbon",
      "--user",
      "ana",
      "--kind",
      "fact",
      "--at",
      "2025-05-01T10:00:00Z",
    ]);
    await engram([
      ...base,
      "remember",
      "I start at the hospital on Monday",
      "--user",
      "ana",
      "--session",
      "s1",
      "--speaker",
      "Ana",
      "--at",
      "2025-05-02T10:00:00Z",
    ]);

    const json = await engram([
      ...base,
      "--json",
      "context",
      "where does Ana live",
      "--user",
      "ana",
      "--session",
      "s1",
      "--budget",
      "200",
    ]);
    expect(json.code).toBe(EXIT.ok);
    const block = json.json();
    const tokens = await loadTokenCounter();
    expect(block.tokens).toBe(tokens.count(block.text));
    expect(block.tokens).toBeLessThanOrEqual(200);
    expect(block.text).toBe(
      [
        "## Facts",
        "- [2025-05-01] Ana lives in Lisbon",
        "",
        "## Latest turns",
        "[2025-05-02 10:00] Ana: I start at the hospital on Monday",
      ].join("\n"),
    );

    const human = await engram([
      ...base,
      "context",
      "where does Ana live",
      "--user",
      "ana",
      "--budget",
      "200",
    ]);
    // Without --session, the turn is one of the recalled memories.
    expect(human.stdout).toBe(
      "## Facts\n- [2025-05-01] Ana lives in Lisbon\n\n## Memories\n- [2025-05-02] Ana: I start at the hospital on Monday\n",
    );
    expect(human.stderr).toMatch(/^-- \d+ of 200 tokens \(o200k_base\)/);

    const bad = await engram([...base, "context", "x", "--budget", "lots"]);
    expect(bad.code).toBe(EXIT.user);
  });

  it("archives by id and by strength, restores, and maintains", async () => {
    const base = ["--db", join(tempDir(), "cli.db"), "--embedder", "hash", "--json"];
    const id = (await engram([...base, "remember", "the spare key is under the mat", "--user", "ana"])).json()
      .items[0].id;
    // Another user's, so that Ana's recalls (which reinforce what they return) never touch it.
    await engram([...base, "remember", "an old memory", "--user", "bob", "--at", "2020-01-01T00:00:00Z"]);

    expect((await engram([...base, "archive", id])).json()).toEqual({ archived: [id], unchanged: [] });
    const recalledIds = async (...extra: string[]) =>
      (await engram([...base, "recall", "spare key mat", "--user", "ana", ...extra]))
        .json()
        .results.map((r: { id: string }) => r.id);
    expect(await recalledIds()).not.toContain(id);
    expect((await recalledIds("--archived"))[0]).toBe(id);
    expect((await engram([...base, "restore", id])).json()).toEqual({ restored: [id], unchanged: [] });
    expect((await recalledIds())[0]).toBe(id);

    const maintained = (await engram([...base, "maintain"])).json();
    expect(maintained).toMatchObject({ tenant: "default", scanned: 2, threshold: 0.05, summaries: [] });
    expect(maintained.archived).toHaveLength(1);
    expect((await engram([...base, "archive", "--below", "0.9"])).json().archived).toEqual([id]);

    const missing = await engram([...base, "restore", "mem_nope"]);
    expect(missing.code).toBe(EXIT.user);
    expect(JSON.parse(missing.stderr).error.code).toBe("not_found");
    expect((await engram([...base, "archive"])).code).toBe(EXIT.user);
    expect((await engram([...base, "archive", "--below", "2"])).code).toBe(EXIT.user);
  });
});
