/**
 * Regression tests for issue 14's hostile pages: with no key configured, a web page the operator opens must not be
 * able to use the server (DNS rebinding through the Host header, cross-site writes without a preflight), and every
 * answer carries the standard security headers. Each test is named after what it guards.
 */
import { describe, expect, it } from "vitest";
import { INSPECTOR_CSP } from "../../src/server/edge-guard.js";
import { openTestServer, type TestResponse } from "./server-helpers.js";

async function problem(response: TestResponse, status: number, code: string): Promise<{ detail: string }> {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toBe("application/problem+json");
  const body = await response.json();
  expect(body).toMatchObject({ status, code });
  return body;
}

const MCP_LIST = { jsonrpc: "2.0", id: 1, method: "tools/list", params: {} };
const MCP_HEADERS = { accept: "application/json, text/event-stream" };

describe("no-key mode against DNS rebinding", () => {
  it("a request whose Host is not a loopback name is refused: no export, no MCP recall", async () => {
    const server = openTestServer();
    await server.call("POST", "/v1/memories", { body: { text: "secret plan", user: "u" } });
    for (const host of ["evil.example:8080", "evil.example", "192.168.1.10:8080", "localhost.evil.example"]) {
      const exported = await problem(
        await server.call("GET", "/v1/export", { headers: { host } }),
        403,
        "forbidden",
      );
      expect(exported.detail).toContain("loopback");
      await problem(
        await server.call("POST", "/mcp", { body: MCP_LIST, headers: { host, ...MCP_HEADERS } }),
        403,
        "forbidden",
      );
    }
    for (const host of ["localhost:8080", "127.0.0.1:8080", "[::1]:8080", "engram.localhost", "127.0.0.2"]) {
      const response = await server.call("GET", "/v1/stats", { headers: { host } });
      expect(response.status, host).toBe(200);
    }
  });

  it("names given with allowedHosts are answered besides loopback, others refused; with keys any Host is (the key is the defence)", async () => {
    const named = openTestServer({ allowedHosts: ["engram.internal"] });
    expect((await named.call("GET", "/v1/stats", { headers: { host: "engram.internal:8080" } })).status).toBe(
      200,
    );
    expect((await named.call("GET", "/v1/stats", { headers: { host: "localhost" } })).status).toBe(200);
    await problem(
      await named.call("GET", "/v1/stats", { headers: { host: "evil.example" } }),
      403,
      "forbidden",
    );

    const keyed = openTestServer();
    const { key } = await keyed.keys.create({ tenant: "acme" });
    const answer = await keyed.call("GET", "/v1/stats", { key, headers: { host: "engram.example.com" } });
    expect(answer.status).toBe(200);
  });
});

describe("no-key mode against cross-site requests", () => {
  it("a cross-site POST without a preflight (text/plain, a form) is refused and writes nothing", async () => {
    const server = openTestServer();
    for (const type of [
      "text/plain",
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=x",
      "",
    ]) {
      const refused = await problem(
        await server.call("POST", "/v1/memories", {
          body: JSON.stringify({ text: "planted by a page", user: "u" }),
          headers: { "content-type": type },
        }),
        415,
        "unsupported_media_type",
      );
      expect(refused.detail).toContain("application/json");
    }
    expect(await server.count()).toBe(0);
  });

  it("a request a browser marks cross-site, or from another origin, is refused: forget by user changes nothing", async () => {
    const server = openTestServer();
    await server.call("POST", "/v1/memories", { body: { text: "keep me", user: "u" } });
    const attacks: Record<string, string>[] = [
      { "sec-fetch-site": "cross-site" },
      { "sec-fetch-site": "same-site" },
      { origin: "http://evil.example" },
      { origin: "http://localhost:3000", host: "localhost:8080" },
      { origin: "null" },
    ];
    for (const headers of attacks) {
      await problem(
        await server.call("POST", "/v1/forget", { body: { user: "u" }, headers }),
        403,
        "forbidden",
      );
      await problem(await server.call("GET", "/v1/export", { headers }), 403, "forbidden");
    }
    expect(await server.count()).toBe(1);
    // the inspector's own requests are same-origin
    const own = await server.call("POST", "/v1/recall", {
      body: { query: "keep" },
      headers: { "sec-fetch-site": "same-origin", origin: "http://localhost:8080", host: "localhost:8080" },
    });
    expect(own.status).toBe(200);
    // following a link to the inspector from another site opens it (it reads nothing by itself)
    const page = await server.call("GET", "/", {
      headers: { "sec-fetch-site": "cross-site", "sec-fetch-mode": "navigate" },
    });
    expect(page.status).toBe(200);
  });
});

describe("security headers", () => {
  it("the inspector is served with a strict Content-Security-Policy and the standard headers; API answers too", async () => {
    const server = openTestServer();
    for (const path of ["/", "/inspector.js", "/inspector.css"]) {
      const response = await server.call("GET", path);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-security-policy")).toBe(INSPECTOR_CSP);
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("x-frame-options")).toBe("DENY");
      expect(response.headers.get("referrer-policy")).toBe("no-referrer");
      expect(response.headers.get("cross-origin-opener-policy")).toBe("same-origin");
    }
    expect(INSPECTOR_CSP).not.toContain("unsafe");
    for (const response of [
      await server.call("GET", "/v1/stats"),
      await server.call("GET", "/v1/nowhere"),
      await server.call("GET", "/v1/stats", { headers: { host: "evil.example" } }),
    ]) {
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("content-security-policy")).toContain("default-src 'none'");
      expect(response.headers.get("cache-control")).toBe("no-store");
    }
  });
});
