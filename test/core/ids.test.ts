/** Memory ids: time first (they sort by creation), then 16 random characters drawn from a pool that refills. */
import { describe, expect, it } from "vitest";
import { newMemoryId } from "../../src/core/ids.js";

describe("memory ids", () => {
  it("are distinct across the random pool's refills, well formed, and sort by time", () => {
    const at = Date.UTC(2024, 0, 1);
    // 1,000 ids use the 4 KiB pool four times over
    const ids = Array.from({ length: 1000 }, (_, i) => newMemoryId(at + i));
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^mem_[0-9a-hjkmnp-tv-z]{26}$/);
    expect([...ids].sort()).toEqual(ids);
    // the random part: every character of the alphabet turns up
    expect(new Set(ids.flatMap((id) => [...id.slice(14)])).size).toBe(32);
  });
});
