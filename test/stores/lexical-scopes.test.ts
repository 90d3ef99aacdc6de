/** The in-memory scopes of the SQLite lexical channel: what they hold, what they drop, how they match. */
import { describe, expect, it } from "vitest";
import { createLexicalScopes, matchingRows, type ScopeRow } from "../../src/stores/sqlite/lexical-scopes.js";

function rows(count: number, tokens: string[] = ["owl"]): ScopeRow[] {
  return Array.from({ length: count }, (_, i) => ({
    id: i + 1,
    memoryId: `m${i}`,
    keyKind: "text",
    tokens,
    agent: null,
    session: null,
    kind: "episode",
    status: "active",
    occurredAt: i,
  }));
}

/** Held scopes of `budget` rows, with the tokens whose scope had to be loaded, in order. */
function counted(budget: number) {
  const scopes = createLexicalScopes(budget);
  const loads: string[] = [];
  const get = (token: string, count: number) =>
    scopes.get(token, () => {
      loads.push(token);
      return rows(count);
    });
  return { get, loads };
}

describe("held lexical scopes", () => {
  it("hold at most their row budget, dropping the scope used longest ago, and load a held scope once", () => {
    const { get, loads } = counted(10);
    get("a", 4);
    get("b", 4);
    get("a", 4); // a is now the most recent
    get("c", 4); // over budget: b goes, a stays
    get("a", 4);
    get("b", 4);
    expect(loads).toEqual(["a", "b", "c", "b"]);
  });

  it("use a scope larger than the budget once, without dropping the others for it", () => {
    const { get, loads } = counted(10);
    get("small", 5);
    expect(get("huge", 50).rows).toHaveLength(50);
    get("small", 5);
    get("huge", 50);
    expect(loads).toEqual(["small", "huge", "huge"]);
  });

  it("match a term of several tokens as a phrase, and count each matching row once", () => {
    const scope = createLexicalScopes(100).get("t", () => [
      ...rows(1, ["don", "t", "go"]),
      { ...rows(1, ["t", "don"])[0], id: 2, memoryId: "apart" } as ScopeRow,
    ]);
    const ids = (terms: string[]) => matchingRows(scope, terms, { tenant: "x" }).map((row) => row.memoryId);
    expect(ids(["don't"])).toEqual(["m0"]);
    expect(ids(["don"])).toEqual(["m0", "apart"]);
    expect(ids(["don't", "don", "go"])).toEqual(["m0", "apart"]);
  });
});
