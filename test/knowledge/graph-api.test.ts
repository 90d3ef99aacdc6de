/** engine.graph: the reference knowledge-graph server's nine operations plus neighbours, scoped, over SQLite. */
import { describe, expect, it } from "vitest";
import { openTestEngine } from "../helpers.js";

const ana = { user: "ana" };

describe("the graph API", () => {
  it("creates entities and relations, adds and deletes observations, reads, searches and opens nodes", async () => {
    const { engine } = openTestEngine({ now: () => Date.UTC(2024, 0, 1) });
    const created = await engine.graph.createEntities(ana, [
      { name: "Ana", entityType: "person", observations: ["speaks Portuguese"] },
      { name: "Lisbon", entityType: "place" },
      { name: "Siemens", entityType: "organization" },
    ]);
    expect(created.map((e) => e.name)).toEqual(["Ana", "Lisbon", "Siemens"]);
    expect(await engine.graph.createEntities(ana, [{ name: "lisbon", entityType: "place" }])).toEqual([]);

    const relations = await engine.graph.createRelations(ana, [
      { from: "Ana", to: "Lisbon", relationType: "lives_in" },
      { from: "ana", to: "SIEMENS", relationType: "works_at" },
    ]);
    expect(relations.map((r) => [r.from, r.relationType, r.to, r.validFrom])).toEqual([
      ["Ana", "lives_in", "Lisbon", "2024-01-01T00:00:00.000Z"],
      ["Ana", "works_at", "Siemens", "2024-01-01T00:00:00.000Z"],
    ]);
    await expect(
      engine.graph.createRelations(ana, [{ from: "Ana", to: "Porto", relationType: "visits" }]),
    ).rejects.toMatchObject({ code: "not_found" });

    expect(
      await engine.graph.addObservations(ana, [
        { entityName: "Ana", contents: ["likes hiking", "speaks Portuguese"] },
      ]),
    ).toEqual([{ entityName: "Ana", addedObservations: ["likes hiking"] }]);
    await engine.graph.deleteObservations(ana, [{ entityName: "Ana", observations: ["speaks Portuguese"] }]);

    const graph = await engine.graph.readGraph(ana);
    expect(graph.entities.map((e) => [e.name, e.observations])).toEqual([
      ["Ana", ["likes hiking"]],
      ["Lisbon", []],
      ["Siemens", []],
    ]);
    expect(graph.relations).toHaveLength(2);

    const found = await engine.graph.searchNodes(ana, "hiking");
    expect(found.entities.map((e) => e.name)).toEqual(["Ana"]);
    expect(found.relations).toEqual([]);
    const opened = await engine.graph.openNodes(ana, ["Ana", "Lisbon", "Nowhere"]);
    expect(opened.entities.map((e) => e.name)).toEqual(["Ana", "Lisbon"]);
    expect(opened.relations.map((r) => r.relationType)).toEqual(["lives_in"]);

    await engine.graph.deleteRelations(ana, [{ from: "Ana", to: "Siemens", relationType: "works_at" }]);
    expect((await engine.graph.readGraph(ana)).relations.map((r) => r.relationType)).toEqual(["lives_in"]);
    await engine.graph.deleteEntities(ana, ["Lisbon"]);
    const after = await engine.graph.readGraph(ana);
    expect(after.entities.map((e) => e.name)).toEqual(["Ana", "Siemens"]);
    expect(after.relations).toEqual([]);
  });

  it("keeps scopes apart and walks up to two hops", async () => {
    const { engine } = openTestEngine();
    await engine.graph.createEntities(
      ana,
      ["A", "B", "C", "D"].map((name) => ({ name, entityType: "thing" })),
    );
    await engine.graph.createRelations(ana, [
      { from: "A", to: "B", relationType: "knows" },
      { from: "B", to: "C", relationType: "knows" },
      { from: "C", to: "D", relationType: "knows" },
    ]);
    expect((await engine.graph.neighbours(ana, "A", 1)).entities.map((e) => e.name)).toEqual(["A", "B"]);
    const two = await engine.graph.neighbours(ana, "A", 2);
    expect(two.entities.map((e) => e.name)).toEqual(["A", "B", "C"]);
    expect(two.relations.map((r) => `${r.from}-${r.to}`)).toEqual(["A-B", "B-C"]);
    expect((await engine.graph.readGraph({ user: "bob" })).entities).toEqual([]);
    await expect(engine.graph.neighbours({ user: "bob" }, "A")).rejects.toMatchObject({ code: "not_found" });
    await expect(engine.graph.neighbours(ana, "A", 3 as 2)).rejects.toMatchObject({ code: "invalid_input" });
  });

  it("reads a scope's ids as remember and recall do: trimmed, and refused with the rule when they break it", async () => {
    const { engine } = openTestEngine({ now: () => Date.UTC(2024, 0, 1) });
    // remember trims " Jason " to "Jason"; the graph and the facts of " Jason " are his, as his recall is
    await engine.remember({
      text: "I moved to Lisbon last year with my sister Anna.",
      speaker: "Jason",
      user: " Jason ",
    });
    const padded = await engine.graph.readGraph({ user: " Jason " });
    expect(padded.entities.map((e) => e.name)).toEqual(
      (await engine.graph.readGraph({ user: "Jason" })).entities.map((e) => e.name),
    );
    expect(padded.entities.map((e) => e.name)).toContain("Lisbon");
    expect((await engine.facts({ user: " Jason " })).length).toBeGreaterThan(0);
    for (const user of ["", "a".repeat(10_000), "line\nbreak"]) {
      await expect(engine.graph.readGraph({ user })).rejects.toMatchObject({ code: "invalid_input" });
      await expect(engine.facts({ user })).rejects.toMatchObject({ code: "invalid_input" });
    }
  });

  it("draws what a speaker says of others: a friend's work, pets named in a list, a relative not named yet", async () => {
    const { engine } = openTestEngine({ now: () => Date.UTC(2024, 0, 1) });
    await engine.remember([
      {
        text: "We have two cats, Miso and Tofu. I work as a nurse at Santa Maria.",
        speaker: "Ana",
        user: "ana",
      },
      { text: "我的朋友李娜在清华大学教书。我妈妈是一名医生。", speaker: "王峰", user: "wang" },
    ]);
    const edges = async (user: string) =>
      (await engine.graph.readGraph({ user })).relations.map((r) => `${r.from} ${r.relationType} ${r.to}`);
    expect(await edges("ana")).toEqual(expect.arrayContaining(["Ana pet Miso", "Ana pet Tofu"]));
    expect((await engine.facts({ user: "ana" })).map((f) => f.text)).toEqual(
      expect.arrayContaining(["Ana works as a nurse.", "Ana works at Santa Maria."]),
    );
    expect(await edges("wang")).toEqual(
      expect.arrayContaining(["李娜 works_at 清华大学", "王峰 friend 李娜"]),
    );
    // the mother, not named yet, is said in Chinese in a Chinese fact
    expect((await engine.facts({ user: "wang" })).map((f) => f.text)).toEqual(
      expect.arrayContaining(["王峰的妈妈是医生。", "李娜在清华大学工作。"]),
    );
  });
});
