/**
 * Regression tests for issue 14's heavy load: one valid request must not freeze the server. A batch over the
 * documented limit is refused with 413 before any work; a large import runs as a job (202 + a status URL) in batches
 * that yield, so a request made while it runs is answered before it completes.
 */
import { describe, expect, it } from "vitest";
import { BATCH_MAX_ITEMS } from "../../src/spec/limits.js";
import { openTestServer } from "./server-helpers.js";

const ADMIN = "admin-key-for-the-load-tests";

describe("heavy load", () => {
  it("a batch over the per-request limit is refused with 413 problem+json that says what to do, writing nothing", async () => {
    const server = openTestServer();
    const items = Array.from({ length: BATCH_MAX_ITEMS + 1 }, (_, i) => ({ text: `w${i}` }));
    const refused = await server.call("POST", "/v1/memories", { body: { items } });
    expect(refused.status).toBe(413);
    expect(refused.headers.get("content-type")).toBe("application/problem+json");
    const problem = await refused.json();
    expect(problem).toMatchObject({ code: "payload_too_large", where: "items" });
    expect(problem.detail).toContain(String(BATCH_MAX_ITEMS));
    expect(problem.detail).toContain("/v1/import");
    expect(await server.count()).toBe(0);
  });

  it("a large import runs as a job: 202 with a status URL, and a request made meanwhile is answered before it completes", async () => {
    const server = openTestServer({ adminKey: ADMIN, bodyLimit: 8 * 1024 * 1024 });
    const lines = Array.from({ length: 2000 }, (_, i) =>
      JSON.stringify({ text: `imported note ${i} about topic ${i % 17}`, user: `u${i % 5}` }),
    );
    const started = await server.call("POST", "/v1/import", {
      key: ADMIN,
      body: lines.join("\n"),
      headers: { "content-type": "application/x-ndjson" },
    });
    expect(started.status).toBe(202);
    const job = await started.json();
    expect(started.headers.get("location")).toBe(`/v1/import/jobs/${job.id}`);
    expect(job).toMatchObject({ status: "running", statusUrl: `/v1/import/jobs/${job.id}` });

    // another client, while the job runs
    const other = await server.call("POST", "/v1/recall", {
      key: ADMIN,
      body: { query: "topic 3", user: "u1" },
    });
    expect(other.status).toBe(200);
    const during = await (await server.call("GET", job.statusUrl, { key: ADMIN })).json();
    expect(during.status).toBe("running");

    let done = during;
    while (done.status === "running") {
      await new Promise((resolve) => setTimeout(resolve, 50));
      done = await (await server.call("GET", job.statusUrl, { key: ADMIN })).json();
    }
    expect(done).toMatchObject({ status: "done", result: { lines: 2000 }, problem: null });
    expect(done.result.inserted + done.result.reinforced).toBe(2000);
    expect(done.progress).toEqual({ done: 2000, total: 2000 });
  });

  it("a bad line fails the job with a problem that names it, and nothing is written", async () => {
    const server = openTestServer({ adminKey: ADMIN });
    const body = [JSON.stringify({ text: "fine" }), JSON.stringify({ text: "poison", at: 1e20 })].join("\n");
    const started = await server.call("POST", "/v1/import", {
      key: ADMIN,
      body,
      headers: { "content-type": "application/x-ndjson" },
    });
    const { statusUrl } = await started.json();
    let job = await (await server.call("GET", statusUrl, { key: ADMIN })).json();
    while (job.status === "running") {
      await new Promise((resolve) => setTimeout(resolve, 20));
      job = await (await server.call("GET", statusUrl, { key: ADMIN })).json();
    }
    expect(job).toMatchObject({ status: "failed", problem: { status: 400, code: "invalid_input" } });
    expect(job.problem.detail).toContain("line 2");
    expect(await server.count()).toBe(0);
    // another tenant's admin key, or a key that is not an admin, sees no such job
    const { key } = await server.keys.create({ tenant: "default" });
    expect((await server.call("GET", statusUrl, { key })).status).toBe(403);
  });
});
