/**
 * A real server restart in the middle of a run (pg_ctl restart, on a private second server so that no other test
 * loses its connections): Engram reconnects, and every acknowledged write is there afterwards.
 */
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createPostgresStore } from "../../src/stores/postgres/index.js";
import { storeFixtures } from "../contract/store-contract.js";
import { SKIP_REASON, TEST_DATABASE_URL } from "./postgres-helpers.js";

const ROOT = resolve(import.meta.dirname, "..", "..");
const PORT = String(55_500 + (process.pid % 400));
const DIR = join("/tmp", `engram-pg-restart-${process.pid}`);
const PG_CTL = "/usr/lib/postgresql/15/bin/pg_ctl";

function pgCtl(...args: string[]): void {
  execFileSync("su", ["postgres", "-s", "/bin/sh", "-c", `${PG_CTL} -D '${DIR}/data' ${args.join(" ")}`], {
    stdio: "ignore",
  });
}

describe.skipIf(TEST_DATABASE_URL === undefined || process.getuid?.() !== 0)(
  "PostgreSQL server restart",
  () => {
    afterAll(() => {
      try {
        pgCtl("-m immediate", "stop");
      } catch {
        // already stopped
      }
      rmSync(DIR, { recursive: true, force: true });
    });

    it("restarted with pg_ctl during a run: Engram reconnects and no acknowledged write is lost", async () => {
      const url = execFileSync("bash", [join(ROOT, "scripts/setup-postgres.sh")], {
        env: { ...process.env, ENGRAM_PG_DIR: DIR, ENGRAM_PG_PORT: PORT },
        encoding: "utf8",
        stdio: ["ignore", "pipe", "ignore"],
      })
        .trim()
        .split("\n")
        .pop() as string;
      const store = createPostgresStore({ url, poolSize: 2, reconnectTimeoutMs: 30_000 });
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
  },
);

if (TEST_DATABASE_URL === undefined) {
  describe("PostgreSQL server restart", () => {
    it.skip(SKIP_REASON, () => undefined);
  });
}
