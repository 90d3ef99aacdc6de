/**
 * Real server restarts in the middle of a run (pg_ctl restart, on a private second server started with PostgreSQL's
 * durable settings, so that no other test loses its connections and a crash loses no acknowledged commit): Engram
 * reconnects, clients get 503 with Retry-After and no connection details while it is down, and every acknowledged
 * write is there afterwards.
 */
import { execFile, execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPostgresStore } from "../../src/stores/postgres/index.js";
import { storeFixtures } from "../contract/store-contract.js";
import { runEngram, startServe } from "../helpers.js";
import { adminQuery, SKIP_REASON, TEST_DATABASE_URL } from "./postgres-helpers.js";

const ROOT = resolve(import.meta.dirname, "..", "..");
const PORT = String(55_500 + (process.pid % 400));
const DIR = join("/tmp", `engram-pg-restart-${process.pid}`);
const PG_CTL = "/usr/lib/postgresql/15/bin/pg_ctl";

function pgCtlCommand(...args: string[]): string[] {
  return ["postgres", "-s", "/bin/sh", "-c", `${PG_CTL} -D '${DIR}/data' ${args.join(" ")}`];
}

function pgCtl(...args: string[]): void {
  execFileSync("su", pgCtlCommand(...args), { stdio: "ignore" });
}

/** The same, without blocking this process: clients keep writing while the server restarts. */
const pgCtlAsync = (...args: string[]) => promisify(execFile)("su", pgCtlCommand(...args));

describe.skipIf(TEST_DATABASE_URL === undefined || process.getuid?.() !== 0)(
  "PostgreSQL server restart (private durable server)",
  () => {
    let url: string;
    beforeAll(() => {
      url = execFileSync("bash", [join(ROOT, "scripts/setup-postgres.sh")], {
        env: { ...process.env, ENGRAM_PG_DIR: DIR, ENGRAM_PG_PORT: PORT, ENGRAM_PG_DURABLE: "1" },
        encoding: "utf8",
        stdio: ["ignore", "pipe", "ignore"],
      })
        .trim()
        .split("\n")
        .pop() as string;
    });
    afterAll(() => {
      try {
        pgCtl("-m immediate", "stop");
      } catch {
        // already stopped
      }
      rmSync(DIR, { recursive: true, force: true });
    });

    it("runs with synchronous_commit and fsync on: a crash test here means what it says", async () => {
      const rows = await adminQuery<{ name: string; setting: string }>(
        url,
        "SELECT name, setting FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes') ORDER BY name",
      );
      expect(rows).toEqual([
        { name: "fsync", setting: "on" },
        { name: "full_page_writes", setting: "on" },
        { name: "synchronous_commit", setting: "on" },
      ]);
    });

    it("restarted with pg_ctl during a run: Engram reconnects and no acknowledged write is lost", async () => {
      const store = createPostgresStore({
        url,
        schema: "restart_store",
        poolSize: 2,
        reconnectTimeoutMs: 30_000,
      });
      try {
        await store.bindEmbedder({ id: "hash-8", dimensions: 8 });
        const random = storeFixtures.seededRandom(11);
        const acknowledged: string[] = [];
        const refused: string[] = [];
        for (let i = 0; i < 120; i++) {
          if (i === 40 || i === 80) pgCtl("-m fast", "-w", "restart", "-l", `'${DIR}/server.log'`);
          const item = storeFixtures.memory({
            id: `restart-${String(i).padStart(4, "0")}`,
            tenant: "restart",
            terms: ["survive"],
            vector: storeFixtures.randomUnit(random, 8),
          });
          try {
            await store.write({ inserts: [item], reinforcements: [] });
            acknowledged.push(item.record.id);
          } catch (error) {
            refused.push(`${item.record.id}: ${(error as Error).message}`);
          }
        }
        const stored = (await store.list({ tenant: "restart" })).map((record) => record.id);
        for (const id of acknowledged) expect(stored).toContain(id);
        // a write after each restart reconnected: at most the one in flight at the restart could be refused
        expect(acknowledged.length).toBeGreaterThanOrEqual(118);
        expect(refused.every((message) => message.includes("lost while committing"))).toBe(true);
        expect((await store.searchTerms({ tenant: "restart" }, ["survive"], 200)).length).toBe(stored.length);
      } finally {
        await store.close();
      }
    });

    it("four writers over HTTP through a restart and a crash: 503 + Retry-After while down, no connection details, all write again, none lost", async () => {
      const created = await runEngram([
        "--database-url",
        url,
        "--json",
        "keys",
        "create",
        "--tenant",
        "writers",
      ]);
      expect(created.code, created.stderr).toBe(0);
      const { key } = created.json();
      const served = await startServe(["--database-url", url], { ENGRAM_DATABASE_URL: "" });
      const acknowledged: string[] = [];
      const answers = new Map<number, number>();
      const leaks: string[] = [];
      const badAnswers: string[] = [];
      let restarts = 0;
      let stop = false;
      const lastOk = [0, 0, 0, 0];

      async function writer(w: number): Promise<void> {
        for (let i = 0; !stop; i++) {
          const response = await fetch(`${served.url}/v1/memories`, {
            method: "POST",
            headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
            // dedupe off: every acknowledged write is its own memory
            body: JSON.stringify({
              text: `writer ${w} note ${i} after ${restarts} restarts`,
              user: `w${w}`,
              dedupe: false,
            }),
          }).catch((error: Error) => ({ status: 0, error }) as const);
          if (!("headers" in response)) {
            badAnswers.push(`writer ${w}: no answer (${response.error.message})`);
            continue;
          }
          answers.set(response.status, (answers.get(response.status) ?? 0) + 1);
          const body = await response.text();
          if (response.status === 201) {
            for (const item of JSON.parse(body).items) acknowledged.push(item.id);
            lastOk[w] = restarts;
            continue;
          }
          if (/127\.0\.0\.1|postgres:|postgres@|ECONNREFUSED|55\d{3}/.test(body)) leaks.push(body);
          const problem = JSON.parse(body);
          const expected =
            (response.status === 503 &&
              response.headers.get("retry-after") !== null &&
              problem.code === "store_unavailable") ||
            (response.status === 500 && problem.code === "store_failure");
          if (!expected) badAnswers.push(`${response.status} ${body}`);
          await new Promise((done) => setTimeout(done, 50));
        }
      }

      const writers = [0, 1, 2, 3].map(writer);
      const pause = (ms: number) => new Promise((done) => setTimeout(done, ms));
      await pause(1500);
      await pgCtlAsync("-m fast", "-w", "restart", "-l", `'${DIR}/server.log'`);
      restarts = 1;
      await pause(2500);
      // a crash: no shutdown checkpoint, recovery from the WAL on start
      await pgCtlAsync("-m immediate", "-w", "restart", "-l", `'${DIR}/server.log'`);
      restarts = 2;
      // every writer writes again after the crash
      const deadline = Date.now() + 30_000;
      while (lastOk.some((seen) => seen < 2) && Date.now() < deadline) await pause(100);
      stop = true;
      await Promise.all(writers);
      served.child.kill("SIGTERM");
      await served.exited;

      // the server's log names what failed if a writer never wrote again
      expect(lastOk, `answers ${JSON.stringify([...answers])}; log: ${served.stderr().slice(-2000)}`).toEqual(
        [2, 2, 2, 2],
      );
      expect(leaks).toEqual([]);
      expect(badAnswers).toEqual([]);
      expect(answers.get(201) ?? 0).toBeGreaterThanOrEqual(8);
      const store = createPostgresStore({ url });
      try {
        const found = await store.get("writers", acknowledged);
        expect(new Set(acknowledged).size).toBe(acknowledged.length);
        expect(found.length).toBe(acknowledged.length);
      } finally {
        await store.close();
      }
    });
  },
);

if (TEST_DATABASE_URL === undefined) {
  describe("PostgreSQL server restart", () => {
    it.skip(SKIP_REASON, () => undefined);
  });
}
