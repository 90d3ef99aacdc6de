/** Memory ids: "mem_" + 10 characters of time + 16 of randomness (Crockford base32), so ids sort by creation time. */
import { randomFillSync } from "node:crypto";

const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";
/** Random bytes drawn 4 KiB at a time (256 ids): one system call per 256 ids, not one per id (bulk writes). */
const pool = Buffer.alloc(4096);
let used = pool.length;

export function newMemoryId(now: number = Date.now()): string {
  let time = "";
  let t = Math.floor(now);
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32] + time;
    t = Math.floor(t / 32);
  }
  if (used + 16 > pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  let random = "";
  for (let i = used; i < used + 16; i++) random += ALPHABET[(pool[i] as number) % 32];
  used += 16;
  return `mem_${time}${random}`;
}
