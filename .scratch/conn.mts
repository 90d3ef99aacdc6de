// Does an early refusal with a body keep the socket usable? 
import { spawnServe } from "../test/fuzz/processes.js";
const s = await spawnServe("/tmp/hp/conn.db", { ENGRAM_ADMIN_KEY: "k".repeat(20) });
let fails = 0;
for (let i = 0; i < 200; i++) {
  const big = "x".repeat(200_000);
  const r = await fetch(`${s.url}/v1/memories`, { method: "POST", headers: { "content-type": "text/plain", authorization: "Bearer " + "k".repeat(20) }, body: big });
  await r.text();
  try { const g = await fetch(`${s.url}/v1/stats`, { headers: { authorization: "Bearer " + "k".repeat(20) } }); await g.text(); } catch (e) { fails++; }
}
console.log("fails", fails);
await s.stop();
