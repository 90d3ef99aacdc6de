/**
 * Memory ids: "mem_" + 10 characters of time + 8 of a per-process counter + 8 random (Crockford base32), so ids sort
 * by creation time and, within one millisecond (a batch, or an engine on a fixed clock), by the order this process made
 * them. Stores break ties (equal BM25, equal cosine) and the fact gate picks among equals by id; with random bits in
 * that place the same writes and recalls differed between two runs (`npm run train:recall` did not reproduce its own
 * weights). The 40 random bits after the counter keep an id unguessable from another one (a client sees its own ids;
 * a neighbour's, another tenant's, must not follow from them), and two processes share an id only if their counters
 * meet in the same millisecond and those bits collide.
 */
import { randomFillSync } from "node:crypto";

const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";
const COUNTER_SPAN = 2 ** 40;

function base32(value: number, length: number): string {
  let out = "";
  let rest = value;
  for (let i = 0; i < length; i++) {
    out = ALPHABET[rest % 32] + out;
    rest = Math.floor(rest / 32);
  }
  return out;
}

// random bytes drawn 4 KiB at a time: one call per ~800 ids instead of one an id (bulk writes make thousands a second)
const pool = Buffer.alloc(4096);
let poolAt = pool.length;

function random40(): number {
  if (poolAt + 5 > pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  let value = 0;
  for (let i = 0; i < 5; i++) value = value * 256 + (pool[poolAt++] as number);
  return value;
}

// Starts at a random place in the lower half, so 2^39 ids fit before it would wrap (and then it starts over, still
// unique by time and the random part).
let counter = Math.floor(random40() / 2);

export function newMemoryId(now: number = Date.now()): string {
  const time = base32(Math.floor(now), 10);
  const count = base32(counter, 8);
  counter = (counter + 1) % COUNTER_SPAN;
  return `mem_${time}${count}${base32(random40(), 8)}`;
}
