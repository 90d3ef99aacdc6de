/** The inspector end to end in Debian's Chromium: load, search, see the weights, open a memory, see the graph and the timeline. */
import { existsSync, mkdirSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join, resolve } from "node:path";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpApp } from "../../src/server/http-app.js";
import { type HttpServer, startHttpServer } from "../../src/server/http-server.js";
import type { GraphApi } from "../../src/spec/graph.js";
import { createSqliteApiKeyStore } from "../../src/stores/sqlite/api-key-store.js";
import { openTestEngine } from "../helpers.js";

const CHROMIUM = "/usr/bin/chromium";
const ARTIFACTS = resolve(import.meta.dirname, "..", "..", "test-artifacts", "inspector");

describe.skipIf(!existsSync(CHROMIUM))(
  "inspector in Chromium (skipped when /usr/bin/chromium is missing: scripts/test.sh installs it)",
  () => {
    let browser: Browser;

    beforeAll(async () => {
      mkdirSync(ARTIFACTS, { recursive: true });
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: [
          "--no-sandbox",
          "--disable-gpu",
          "--disable-background-networking",
          "--disable-component-update",
          "--no-first-run",
          "--disable-sync",
        ],
      });
    });
    afterAll(async () => {
      await browser?.close();
    });

    it("shows recall weights with their breakdown, a memory's page, the graph and the timeline", async () => {
      const { engine } = openTestEngine();
      const server: HttpServer = await startHttpServer({ app: createHttpApp({ engine }), port: 0 });
      try {
        await engine.remember([
          { text: "Ana moved to Lisbon", user: "ana", at: "2025-05-01T10:00:00Z", source: "chat 1" },
          { text: "Ana adopted two kittens", user: "ana", at: "2025-05-02T10:00:00Z" },
          { text: "Ana moved to Lisbon", user: "ana", at: "2025-05-09T10:00:00Z", source: "chat 2" },
          { text: "Bob plays the piano", user: "bob", at: "2025-05-03T10:00:00Z" },
        ]);
        const graph = (engine as { graph?: GraphApi }).graph;
        if (graph) {
          await graph.createEntities({ user: "ana" }, [
            { name: "Ana", entityType: "person", observations: ["lives in Lisbon"] },
            { name: "Lisbon", entityType: "city", observations: [] },
          ]);
          await graph.createRelations({ user: "ana" }, [
            { from: "Ana", to: "Lisbon", relationType: "lives_in" },
          ]);
        }

        const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
        const errors: string[] = [];
        page.on("pageerror", (error) => errors.push(error.message));
        // the page runs under its strict Content-Security-Policy: a violation would show here
        page.on("console", (message) => {
          if (/Content.Security.Policy|Refused to/i.test(message.text())) errors.push(message.text());
        });
        await page.goto(`${server.url}/`);
        await page.fill("#user", "ana");
        await page.click("#settings button");
        await page.waitForSelector("#timeline .timeline-item[data-id]");
        expect(await page.locator("#timeline .timeline-item[data-id]").count()).toBe(2);
        await page.screenshot({ path: join(ARTIFACTS, "1-loaded.png"), fullPage: true });

        // search: results with weight bars, the breakdown on hover
        await page.fill("#query", "Lisbon");
        await page.press("#query", "Enter");
        await page.waitForSelector("#results .result");
        const results = page.locator("#results .result");
        // the episodes and any fact derived from them
        expect(await results.count()).toBeGreaterThanOrEqual(2);
        const texts = await results.locator(".text").allTextContents();
        expect(texts).toContain("Ana moved to Lisbon");
        expect(texts).toContain("Ana adopted two kittens");
        const weights = await page
          .locator("#results .weight")
          .evaluateAll((nodes) =>
            nodes.map((n) => Number((n as unknown as { dataset: Record<string, string> }).dataset.weight)),
          );
        expect([...weights].sort((a, b) => b - a)).toEqual(weights);
        expect(weights.reduce((sum, w) => sum + w, 0)).toBeLessThanOrEqual(1.000001);
        const barWidth = await results
          .first()
          .locator(".bar")
          .evaluate((n) => (n as unknown as { style: { width: string } }).style.width);
        expect(barWidth).toBe("100%");
        const tooltip = (await results.first().locator(".weight").getAttribute("title")) ?? "";
        expect(tooltip).toMatch(/^weight \d+\.\d% {2}score -?\d+\.\d{3} = vector -?\d+\.\d{3} \+ lexical/);
        expect(tooltip).toContain("meaning: cosine");
        await results.first().hover();
        await page.screenshot({ path: join(ARTIFACTS, "2-search.png"), fullPage: true });

        // open a memory: sources, history, strength over time
        await results.filter({ hasText: "Ana moved to Lisbon" }).first().click();
        await page.waitForSelector("#memory .text");
        expect(await page.locator("#memory .text").textContent()).toBe("Ana moved to Lisbon");
        expect(await page.locator("#memory .sources tr").count()).toBe(3);
        expect(await page.locator("#memory .sources").textContent()).toContain("chat 2");
        expect(await page.locator("#memory .history li").count()).toBeGreaterThanOrEqual(2);
        expect(await page.locator("#memory .strength circle").count()).toBeGreaterThanOrEqual(3);
        await page.screenshot({ path: join(ARTIFACTS, "3-memory.png"), fullPage: true });

        // the graph: drawn and clickable when the engine has one; otherwise it says it is not available
        if (graph) {
          await page.waitForSelector("#graph svg .node");
          const names = await page
            .locator("#graph svg .node")
            .evaluateAll((nodes) => nodes.map((n) => n.getAttribute("data-name")));
          // entity names resolve case-insensitively against those derived from the remembered text
          const ana = names.find((name) => name?.toLowerCase() === "ana") as string;
          expect(names.map((name) => name?.toLowerCase())).toEqual(expect.arrayContaining(["ana", "lisbon"]));
          expect(await page.locator("#graph svg .edge text").allTextContents()).toContain("lives_in");
          await page.locator(`#graph .node[data-name="${ana}"]`).click();
          await page.waitForSelector("#entity h3");
          expect(await page.locator("#entity h3").textContent()).toMatch(new RegExp(`^${ana} \\(`));
          expect(await page.locator("#entity").textContent()).toContain(`${ana} —lives_in→ Lisbon`);
        } else {
          await expect.poll(() => page.locator("#graph").textContent()).toContain("not available");
        }
        await page.screenshot({ path: join(ARTIFACTS, "4-graph.png"), fullPage: true });

        // the recall weights the tenant uses, beside the defaults and the prior
        expect(await page.locator("#weights .weight-row").count()).toBeGreaterThan(30);
        expect(
          await page.locator('#weights .weight-row[data-feature="meaning"] td').allTextContents(),
        ).toEqual([
          "meaning",
          "vector",
          expect.stringMatching(/^-?\d+\.\d{3}$/),
          expect.stringMatching(/^-?\d+\.\d{3}$/),
          "1",
        ]);
        expect(await page.locator("#weights-summary").textContent()).toMatch(
          /^default weights; 0 feedback records/,
        );

        // the timeline opens memories too
        await page.locator("#timeline .timeline-item[data-id]").nth(1).click();
        await expect.poll(() => page.locator("#memory .text").textContent()).toBe("Ana adopted two kittens");
        expect(errors).toEqual([]);
        await page.close();
      } finally {
        await server.close();
      }
    });

    it("keeps the key in sessionStorage, never in localStorage", async () => {
      const { engine, path } = openTestEngine();
      const keys = createSqliteApiKeyStore({ path });
      const { key } = await keys.create({ tenant: "default" });
      const server: HttpServer = await startHttpServer({ app: createHttpApp({ engine, keys }), port: 0 });
      try {
        await engine.remember({ text: "Ana moved to Lisbon", user: "ana" });
        const page = await browser.newPage();
        await page.goto(`${server.url}/`);
        await page.fill("#user", "ana");
        await page.fill("#key", key);
        await page.click("#settings button");
        await page.waitForSelector("#timeline .timeline-item[data-id]");
        const stored = await page.evaluate(() => {
          const storage = globalThis as unknown as Record<string, { getItem(name: string): string | null }>;
          return {
            local: storage.localStorage?.getItem("engram.key") ?? null,
            session: storage.sessionStorage?.getItem("engram.key") ?? null,
          };
        });
        expect(stored).toEqual({ local: null, session: key });
        await page.close();
      } finally {
        await server.close();
        await keys.close();
      }
    });

    it("a page on another origin cannot write to, or forget from, a server with no key", async () => {
      const { engine } = openTestEngine();
      const server: HttpServer = await startHttpServer({ app: createHttpApp({ engine }), port: 0 });
      await engine.remember({ text: "keep me", user: "u" });
      // the two attacks of issue 14: a form posting text/plain that is valid JSON (the "=" lands in a string), and a
      // no-cors fetch with a text/plain body; neither needs a preflight
      const attack = `<!doctype html><body><iframe name="sink"></iframe>
        <form id="f" method="POST" action="${server.url}/v1/memories" enctype="text/plain" target="sink">
        <input name='{"text":"planted by a form","user":"u","source":"' value='"}'></form><script>
        fetch("${server.url}/v1/forget", { method: "POST", mode: "no-cors", headers: { "content-type": "text/plain" }, body: JSON.stringify({ user: "u" }) })
          .catch(() => undefined)
          .finally(() => {
            document.querySelector("iframe").addEventListener("load", () => { document.title = "sent"; });
            document.getElementById("f").submit();
          });
        </script></body>`;
      const evil = createServer((_, response) => {
        response.writeHead(200, { "content-type": "text/html" });
        response.end(attack);
      });
      await new Promise<void>((resolve) => evil.listen(0, "127.0.0.1", resolve));
      try {
        const page = await browser.newPage();
        // another origin: localhost instead of 127.0.0.1, another port
        await page.goto(`http://localhost:${(evil.address() as AddressInfo).port}/`);
        // the fetch was answered and the form's answer loaded in the frame
        await expect.poll(() => page.title(), { timeout: 10_000 }).toBe("sent");
        const texts = (
          await engine.recall({ query: "planted keep", user: "u", kinds: ["episode"] })
        ).results.map((r) => r.text);
        expect(texts).toEqual(["keep me"]);
        await page.close();
      } finally {
        evil.close();
        await server.close();
      }
    });
  },
);
