/**
 * A writer process for the concurrency test: writes N memories to one tenant of a PostgreSQL store, one batch at a
 * time, and prints each acknowledged id on its own line ("ack <id>"), or "fail <id> <code>" for a refused write.
 * Usage: tsx test/stores/postgres-writer.ts <url> <schema> <label> <count>
 */
import { createPostgresStore } from "../../src/stores/postgres/index.js";
import { storeFixtures } from "../contract/store-contract.js";

const [url, schema, label, countText] = process.argv.slice(2);
if (!url || !schema || !label || !countText) {
  console.error("usage: postgres-writer.ts <url> <schema> <label> <count>");
  process.exit(2);
}
const store = createPostgresStore({ url, schema, poolSize: 2 });
const random = storeFixtures.seededRandom(label.length * 7919);
for (let i = 0; i < Number(countText); i++) {
  const id = `${label}-${String(i).padStart(5, "0")}`;
  const item = storeFixtures.memory({
    id,
    tenant: "shared",
    terms: ["race", label, `n${i % 10}`],
    vector: storeFixtures.randomUnit(random, 8),
  });
  try {
    await store.write({ inserts: [item], reinforcements: [] });
    process.stdout.write(`ack ${id}\n`);
  } catch (error) {
    process.stdout.write(`fail ${id} ${(error as { code?: string }).code ?? "unknown"}\n`);
  }
}
await store.close();
