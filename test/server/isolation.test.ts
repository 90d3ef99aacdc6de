/** Isolation through HTTP: random requests with two tenants' keys; nothing tenant B wrote ever reaches tenant A. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { openTestServer, type TestResponse } from "./server-helpers.js";

const WORDS = ["lisbon", "kitten", "budget", "piano", "secret", "train", "garden", "doctor"];
const USERS = ["u1", "u2"];

type Action =
  | { op: "remember"; tenant: 0 | 1; words: string[]; user: string; batch: boolean }
  | { op: "recall"; tenant: 0 | 1; words: string[]; user?: string }
  | { op: "page" | "delete"; tenant: 0 | 1; pick: number }
  | { op: "timeline" | "list" | "export" | "stats"; tenant: 0 | 1; user?: string }
  | { op: "forget"; tenant: 0 | 1; user: string }
  | { op: "spoof"; tenant: 0 | 1; words: string[] };

const tenant = fc.constantFrom<0 | 1>(0, 1);
const words = fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 4 });
const user = fc.constantFrom(...USERS);
const action: fc.Arbitrary<Action> = fc.oneof(
  fc.record({ op: fc.constant("remember" as const), tenant, words, user, batch: fc.boolean() }),
  fc.record({ op: fc.constant("recall" as const), tenant, words, user: fc.option(user, { nil: undefined }) }),
  fc.record({ op: fc.constantFrom("page" as const, "delete" as const), tenant, pick: fc.nat() }),
  fc.record({
    op: fc.constantFrom("timeline" as const, "list" as const, "export" as const, "stats" as const),
    tenant,
    user: fc.option(user, { nil: undefined }),
  }),
  fc.record({ op: fc.constant("forget" as const), tenant, user }),
  fc.record({ op: fc.constant("spoof" as const), tenant, words }),
);

describe("tenant isolation over HTTP", () => {
  it("never shows one tenant's memories, ids or counts to the other", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 5, maxLength: 25 }), async (actions) => {
        const server = openTestServer({ adminKey: "admin" });
        const keys = [
          (await server.keys.create({ tenant: "tenant-a" })).key,
          (await server.keys.create({ tenant: "tenant-b" })).key,
        ];
        const names = ["tenant-a", "tenant-b"];
        /** Ids each tenant wrote; texts carry the tenant's marker so leaks show in any response body. */
        const written: [Set<string>, Set<string>] = [new Set(), new Set()];
        const all = () => [...written[0], ...written[1]];
        const pickId = (pick: number) => {
          const ids = all();
          return ids.length > 0 ? (ids[pick % ids.length] as string) : "mem_none";
        };

        for (const [step, a] of actions.entries()) {
          const key = keys[a.tenant] as string;
          const me = a.tenant;
          const them = (1 - me) as 0 | 1;
          const marker = `zz${names[me]?.replace("-", "")}`;
          let response: TestResponse;
          /** An id the caller named itself: a 404 may echo it back. */
          let asked: string | null = null;
          switch (a.op) {
            case "remember": {
              const item = { text: `${a.words.join(" ")} ${marker} step${step}`, user: a.user };
              response = await server.call("POST", "/v1/memories", {
                key,
                body: a.batch ? { items: [item, { ...item, text: `${item.text} again` }] } : item,
              });
              expect(response.status).toBe(201);
              const body = await response.clone().json();
              for (const outcome of body.items) {
                expect(written[them].has(outcome.id)).toBe(false);
                written[me].add(outcome.id);
              }
              break;
            }
            case "recall":
              response = await server.call("POST", "/v1/recall", {
                key,
                body: { query: a.words.join(" "), user: a.user, k: 50 },
              });
              expect(response.status).toBe(200);
              break;
            case "page":
            case "delete": {
              const id = pickId(a.pick);
              asked = id;
              response = await server.call(a.op === "page" ? "GET" : "DELETE", `/v1/memories/${id}`, { key });
              if (written[them].has(id)) expect(response.status).toBe(404);
              if (a.op === "delete" && response.status === 200) written[me].delete(id);
              break;
            }
            case "timeline":
            case "list":
            case "export":
            case "stats": {
              const path = {
                timeline: "/v1/timeline",
                list: "/v1/memories",
                export: "/v1/export",
                stats: "/v1/stats",
              }[a.op];
              response = await server.call("GET", `${path}${a.user ? `?user=${a.user}` : ""}`, { key });
              expect(response.status).toBe(200);
              if (a.op === "stats") {
                const stats = await response.clone().json();
                expect(stats.tenants).toBeLessThanOrEqual(1);
              }
              break;
            }
            case "forget": {
              response = await server.call("POST", "/v1/forget", { key, body: { user: a.user } });
              expect(response.status).toBe(200);
              const { removed } = await response.clone().json();
              for (const id of removed) {
                expect(written[them].has(id)).toBe(false);
                written[me].delete(id);
              }
              break;
            }
            case "spoof":
              response = await server.call("POST", "/v1/memories", {
                key,
                body: { text: `${a.words.join(" ")} ${marker}`, tenant: names[them] },
              });
              expect(response.status).toBe(403);
              break;
          }
          const text = await response.text();
          // nothing of the other tenant: neither its texts (marker) nor its ids nor its name
          expect(text).not.toContain(`zz${names[them]?.replace("-", "")}`);
          for (const id of written[them]) if (id !== asked) expect(text).not.toContain(id);
          if (a.op !== "spoof") expect(text).not.toContain(names[them]);
        }
        // and the store agrees: each tenant holds exactly what it wrote and kept
        for (const t of [0, 1] as const) {
          const stored = await server.engine.store.list(
            { tenant: names[t] as string, statuses: ["active", "archived"] },
            { limit: 10_000 },
          );
          expect(new Set(stored.map((m) => m.id))).toEqual(written[t]);
        }
      }),
      { numRuns: 25, seed: 20_250_601 },
    );
  });
});
