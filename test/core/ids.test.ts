/** Memory ids sort by time and, within one millisecond, by the order they were made; they stay unique. */
import { describe, expect, it } from "vitest";
import { newMemoryId } from "../../src/core/ids.js";

const AT = Date.parse("2024-10-01T00:00:00Z");

describe("memory ids", () => {
  it("sort by the order they were made within one millisecond, even when another time came in between", () => {
    const made = [newMemoryId(AT), newMemoryId(AT), newMemoryId(AT + 5), newMemoryId(AT), newMemoryId(AT)];
    const sameMs = made.filter((id) => id.slice(4, 14) === made[0]?.slice(4, 14));
    expect(sameMs).toHaveLength(4);
    expect([...sameMs].sort()).toEqual(sameMs);
    expect([...made].sort().at(-1)).toBe(made[2]);
  });

  it("sort by time first and keep the documented shape", () => {
    const later = newMemoryId(AT + 1);
    const earlier = newMemoryId(AT);
    expect(earlier < later).toBe(true);
    expect(earlier).toMatch(/^mem_[0-9a-hjkmnp-tv-z]{26}$/);
  });

  it("cannot be told from the one before: the part after the counter is random", () => {
    const tails = Array.from({ length: 1_000 }, () => newMemoryId(AT).slice(-8));
    expect(new Set(tails).size).toBe(tails.length);
    const rising = tails.filter((tail, i) => i > 0 && tail > (tails[i - 1] as string)).length;
    // a counter would rise every time; random tails rise about half the time
    expect(rising).toBeGreaterThan(350);
    expect(rising).toBeLessThan(650);
  });

  it("are unique over many ids made at once", () => {
    const ids = Array.from({ length: 50_000 }, () => newMemoryId(AT));
    expect(new Set(ids).size).toBe(ids.length);
  });
});
