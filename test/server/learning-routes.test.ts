/** POST /v1/feedback, POST /v1/learn, GET and DELETE /v1/weights: within the key's tenant, refusals as problem+json. */
import { describe, expect, it } from "vitest";
import { openTestServer } from "./server-helpers.js";

describe("learning routes", () => {
  it("take feedback in the key's tenant only, learn, show and reset the tenant's weights", async () => {
    const server = openTestServer({ adminKey: "admin-secret" });
    const key = async (tenant: string) =>
      (await (await server.call("POST", "/v1/keys", { key: "admin-secret", body: { tenant } })).json())
        .key as string;
    const acme = await key("acme");
    const globex = await key("globex");
    const written = await (
      await server.call("POST", "/v1/memories", {
        key: acme,
        body: { text: "acme moved to Lisbon", user: "u" },
      })
    ).json();
    const id = written.items[0].id as string;
    const recall = await (
      await server.call("POST", "/v1/recall", { key: acme, body: { query: "Lisbon", user: "u" } })
    ).json();
    expect(recall.recallId).toMatch(/^rec_/);
    expect(recall.scorer).toBe("default");

    const ok = await server.call("POST", "/v1/feedback", {
      key: acme,
      body: { recallId: recall.recallId, used: [id] },
    });
    expect(ok.status).toBe(201);
    expect(await ok.json()).toMatchObject({ tenant: "acme", used: [id], kept: 1, dropped: 0 });

    // another tenant can name neither acme's recall nor acme's memory
    for (const body of [
      { recallId: recall.recallId, used: [id] },
      { query: "Lisbon", used: [id] },
    ]) {
      const refused = await server.call("POST", "/v1/feedback", { key: globex, body });
      expect(refused.status).toBe(400);
      expect(refused.headers.get("content-type")).toBe("application/problem+json");
      expect((await refused.json()).code).toBe("invalid_input");
    }
    const empty = await server.call("POST", "/v1/feedback", {
      key: acme,
      body: { query: "Lisbon", used: [] },
    });
    expect((await empty.json()).detail).toMatch(/name at least one memory/);
    const forbidden = await server.call("POST", "/v1/feedback", {
      key: globex,
      body: { query: "Lisbon", used: [id], tenant: "acme" },
    });
    expect(forbidden.status).toBe(403);

    const learned = await (await server.call("POST", "/v1/learn", { key: acme })).json();
    expect(learned).toMatchObject({ tenant: "acme", feedback: 1, kept: "default" });
    const weights = await (await server.call("GET", "/v1/weights", { key: acme })).json();
    expect(weights).toMatchObject({ tenant: "acme", origin: "default", feedback: 1 });
    expect((await (await server.call("GET", "/v1/weights", { key: globex })).json()).feedback).toBe(0);
    const reset = await server.call("DELETE", "/v1/weights?feedback=true", { key: acme });
    expect(await reset.json()).toEqual({ tenant: "acme", removed: false, feedback: 1 });
  });
});
