/** `engram facts`, `entities`, `graph`, `history` and `recall --as-of`, end to end in process. */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runEngram, tempDir } from "../helpers.js";

const engram = runEngram;

describe("engram knowledge commands", () => {
  it("lists facts now and as of a date, shows the history, the entities and the graph", async () => {
    const base = ["--db", join(tempDir(), "cli.db"), "--embedder", "hash"];
    const say = (text: string, at: string) =>
      engram([...base, "remember", text, "--user", "ana", "--speaker", "Ana", "--at", at]);
    expect((await say("I live in Lisbon.", "2024-01-10T09:00:00Z")).code).toBe(0);
    expect((await say("I moved to Berlin last month.", "2024-06-01T10:00:00Z")).code).toBe(0);

    const now = (
      await engram([...base, "--json", "facts", "--user", "ana", "--predicate", "lives_in"])
    ).json();
    expect(now.facts.map((f: { text: string }) => f.text)).toEqual(["Ana lives in Berlin."]);
    // the move is also an event of its own, dated by "last month"
    const events = (
      await engram([...base, "--json", "facts", "--user", "ana", "--predicate", "event"])
    ).json();
    expect(events.facts.map((f: { text: string }) => f.text)).toEqual(["Ana moved to Berlin in May 2024."]);
    const then = (
      await engram([...base, "--json", "facts", "--user", "ana", "--as-of", "2024-03-01"])
    ).json();
    expect(then.facts.map((f: { text: string }) => f.text)).toEqual(["Ana lives in Lisbon."]);

    const history = await engram([...base, "history", now.facts[0].id]);
    expect(history.stdout).toBe(
      [
        `× Ana lives in Lisbon.  [2024-01-10 → 2024-05-01]  ${then.facts[0].id}`,
        `  Ana lives in Berlin.  [2024-05-01 → now]  ${now.facts[0].id}`,
        "",
      ].join("\n"),
    );
    const recall = (
      await engram([
        ...base,
        "--json",
        "recall",
        "where does Ana live",
        "--user",
        "ana",
        "--as-of",
        "2024-03-01",
      ])
    ).json();
    // the fact is a key of the turn that told it: that turn comes first, carrying the fact true then
    expect(recall.results[0].text).toBe("I live in Lisbon.");
    expect(recall.results[0].facts.map((f: { text: string }) => f.text)).toEqual(["Ana lives in Lisbon."]);

    expect((await engram([...base, "entities", "--user", "ana"])).stdout).toBe(
      "Ana (person)\nLisbon (place)\nBerlin (place)\n",
    );
    expect((await engram([...base, "graph", "Ana", "--user", "ana"])).stdout).toBe(
      "Ana (person)\nBerlin (place)\n\nAna —lives_in→ Berlin\n",
    );
    // derived facts are edges: `graph --json` (as the MCP read_graph) returns them with their validity
    expect((await say("My sister Maria adopted a puppy named Rex.", "2024-06-02T10:00:00Z")).code).toBe(0);
    const graph = (await engram([...base, "--json", "graph", "--user", "ana"])).json();
    expect(
      graph.relations.map(
        (r: { from: string; relationType: string; to: string }) => `${r.from} ${r.relationType} ${r.to}`,
      ),
    ).toEqual(expect.arrayContaining(["Ana lives_in Berlin", "Ana sister Maria", "Maria pet Rex"]));
    const berlin = graph.relations.find((r: { to: string }) => r.to === "Berlin");
    expect(berlin.validFrom).toBe("2024-05-01T10:00:00.000Z");

    const bad = await engram([...base, "facts", "--user", "ana", "--as-of", "someday"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--as-of must be a date");
  });
});
