/**
 * Memory ids: "mem_" + 10 characters of time + 8 of a per-process random prefix + 8 of a per-process counter (Crockford
 * base32), so ids sort by creation time and, within one millisecond (a batch, or an engine on a fixed clock), by the
 * order this process made them. Stores break ties (equal BM25, equal cosine) and the fact gate picks among equals by
 * id; random bits there made the same writes and recalls differ between two runs (`npm run train:recall` did not
 * reproduce its own weights). Two processes making an id in the same millisecond share one only if their 40-bit
 * random prefixes and counters both collide.
 */
import { randomBytes } from "node:crypto";

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

function random40(): number {
  const bytes = randomBytes(5);
  let value = 0;
  for (const byte of bytes) value = value * 256 + byte;
  return value;
}

const processPrefix = base32(random40(), 8);
// Starts in the lower half, so 2^39 ids fit before it would wrap (and then it starts over, still unique by time).
let counter = Math.floor(random40() / 2);

export function newMemoryId(now: number = Date.now()): string {
  const time = base32(Math.floor(now), 10);
  const count = base32(counter, 8);
  counter = (counter + 1) % COUNTER_SPAN;
  return `mem_${time}${processPrefix}${count}`;
}
